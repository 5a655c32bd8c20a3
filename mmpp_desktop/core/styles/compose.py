"""Turn chosen styles plus the user's prompt into the final prompt, negative and LoRA list."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.styles.model import Style
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.core.types import StyleLora

PROMPT_SLOT = "{prompt}"
# An empty slot takes the small word that only led into it: "portrait of {prompt}" → "portrait".
_EMPTY_SLOT = re.compile(r"(?:\s+(?:of|with|for|featuring|showing|as|in|on|about|and|a|an|the))*\s*\{prompt\}",
                         re.IGNORECASE)
_REPEATED_COMMAS = re.compile(r"\s*,(?:\s*,)+")
_SPACES = re.compile(r"[ \t]{2,}")


def fill_template(template: str, prompt: str) -> str:
    """`template` with `{prompt}` replaced; an empty prompt removes the slot and its lead-in cleanly.

    "anime style portrait of {prompt}, cel shading" with no prompt gives
    "anime style portrait, cel shading", never "anime style portrait of , cel shading".
    """
    if prompt:
        text = template.replace(PROMPT_SLOT, prompt)
    else:
        text = _EMPTY_SLOT.sub("", template)
        text = _REPEATED_COMMAS.sub(",", text)
        text = re.sub(r"\s+,", ",", text)
        text = _SPACES.sub(" ", text)
    return text.strip(" ,")


def compose_prompt(styles: Sequence[tuple[Style, float]], prompt: str, negative: str
                   ) -> tuple[str, str, tuple[StyleLora, ...]]:
    """Apply each style's template in order, put trigger words first, join negatives.

    A style's weight is in the units of its saved default (`Style.default_weight`, what the
    blend shows): at that weight every LoRA of the style runs at its own default, and other
    weights scale them all alike. It does not change the prompt text, because diffusers does
    not parse A1111 emphasis syntax.
    """
    text = prompt.strip()
    for style, _ in styles:
        template = style.prompt_template if PROMPT_SLOT in style.prompt_template else f"{PROMPT_SLOT}, " + (
            style.prompt_template)
        text = fill_template(template, text)
    lowered = text.lower()
    triggers: list[str] = []
    for style, _ in styles:
        for word in style.trigger_words:
            if word.lower() not in lowered and word.lower() not in (t.lower() for t in triggers):
                triggers.append(word)
    if triggers:
        text = ", ".join([*triggers, text]) if text else ", ".join(triggers)
    negatives: list[str] = []
    for part in (negative, *(style.negative_prompt for style, _ in styles)):
        part = part.strip(" ,")
        if part and part.lower() not in (n.lower() for n in negatives):
            negatives.append(part)
    loras = tuple(
        StyleLora(path=str(entry.file), weight=round(_lora_weight(style, entry.default_weight, weight), 4),
                  name=style.name)
        for style, weight in styles
        for entry in style.loras
    )
    return text, ", ".join(negatives), loras


def _lora_weight(style: Style, lora_default: float, weight: float) -> float:
    """One LoRA's weight when its style is blended at `weight` (see `compose_prompt`)."""
    style_default = style.default_weight
    return lora_default * weight / style_default if style_default else weight


def parse_style_spec(spec: str, default_weight: float | None = 1.0) -> tuple[str, float | None]:
    """`NAME[:WEIGHT]` as typed after `--style`; a name may itself contain ':' ("Ink: v2").

    Without a weight the result carries `default_weight`; None lets the caller use the style's own.
    """
    name, separator, tail = spec.rpartition(":")
    weight: float | None = default_weight
    if separator:
        try:
            weight = float(tail)
        except ValueError:
            name = spec
    else:
        name = spec
    if not name.strip():
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.compose", "--style {spec!r} names no style.").format(spec=spec))
    if weight is not None and not -5.0 <= weight <= 5.0:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.compose", "The style weight in {spec!r} must be between -5 and 5.").format(spec=spec))
    return name.strip(), weight
