"""What a style is: frozen dataclasses plus their JSON form (database, built-ins, packs).

`style_from_dict` validates every field, because the same JSON arrives from our own
database, from the package's built-ins and from packs made on other machines.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mmpp_desktop.core.errors import InvalidInputError, UserFacingError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text
from mmpp_desktop.core.types import IP_ADAPTER_MODES, SCHEDULERS

STYLE_FAMILIES = ("sd15", "sdxl", "any")
MAX_NAME_LENGTH = 80
MAX_TEXT_LENGTH = 10_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class StyleNotFoundError(UserFacingError):
    """No style by that name."""


class StyleNameError(InvalidInputError):
    """A style name is empty, too long, or already taken."""


class ReadOnlyStyleError(UserFacingError):
    """Built-in styles cannot be changed in place."""


@dataclass(frozen=True)
class StyleLoraEntry:
    """One LoRA file of a style, identified by its hashes so packs and recipes can verify it."""

    file: Path
    sha256: str
    autov2: str
    a1111_hash: str
    default_weight: float = 1.0
    in_library: bool = True  # False: referenced in place, outside the library folder


@dataclass(frozen=True)
class RecommendedSettings:
    """Settings the style works best with; None means "use the user's own"."""

    scheduler: str | None = None
    steps: int | None = None
    strength: float | None = None
    controlnet_scale: float | None = None
    ip_mode: str | None = None


@dataclass(frozen=True)
class Style:
    """A named look: LoRA files and/or prompt text, with previews and suggested settings."""

    id: str
    name: str
    description: str = ""
    family: str = "any"
    loras: tuple[StyleLoraEntry, ...] = ()
    trigger_words: tuple[str, ...] = ()
    prompt_template: str = "{prompt}"
    negative_prompt: str = ""
    recommended: RecommendedSettings = field(default_factory=RecommendedSettings)
    thumbnails: tuple[Path, ...] = ()
    tags: tuple[str, ...] = ()
    created: float = 0.0
    updated: float = 0.0
    builtin: bool = False

    @property
    def default_weight(self) -> float:
        """The weight a blend starts this style at: its first LoRA's saved default (1.0 without a LoRA)."""
        return self.loras[0].default_weight if self.loras else 1.0

    def with_changes(self, **changes: Any) -> Style:
        return replace(self, **changes, updated=time.time())


def validate_name(name: str) -> str:
    """Names are shown in lists and typed on the command line: one short, printable line."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise StyleNameError(QT_TRANSLATE_NOOP("styles.model", "A style needs a name."))
    if len(cleaned) > MAX_NAME_LENGTH or _CONTROL.search(cleaned):
        raise StyleNameError(QT_TRANSLATE_NOOP(
            "styles.model", "Style names are one line of at most {limit} characters.").format(
            limit=MAX_NAME_LENGTH))
    return cleaned


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "Style field {key!r} must be text of at most {limit} characters.").format(
            key=key, limit=MAX_TEXT_LENGTH))
    return value


def _words(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value) or len(value) > 200:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "Style field {key!r} must be a list of words.").format(key=key))
    return tuple(word.strip() for word in value if word.strip())


def _optional_number(data: dict[str, Any], key: str, kind: type, low: float, high: float,
                     refusal: Text) -> Any:
    """`data[key]` as `kind` within [low, high]; `refusal` is a whole sentence, filled with the range."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise InvalidInputError(refusal.format(low=low, high=high))
    return kind(value)


def recommended_from_dict(data: Any) -> RecommendedSettings:
    if data is None:
        return RecommendedSettings()
    if not isinstance(data, dict):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "Style field 'recommended' must be an object."))
    scheduler, ip_mode = data.get("scheduler"), data.get("ip_mode")
    if scheduler is not None and scheduler not in SCHEDULERS:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "Unknown recommended scheduler {scheduler!r}.").format(
            scheduler=scheduler))
    if ip_mode is not None and ip_mode not in IP_ADAPTER_MODES:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "Unknown recommended IP-Adapter mode {mode!r}.").format(
            mode=ip_mode))
    return RecommendedSettings(
        scheduler=scheduler,
        steps=_optional_number(data, "steps", int, 1, 200, QT_TRANSLATE_NOOP(
            "styles.model", "Recommended steps must be a number from {low} to {high}.")),
        strength=_optional_number(data, "strength", float, 0.0, 1.0, QT_TRANSLATE_NOOP(
            "styles.model", "Recommended strength must be a number from {low} to {high}.")),
        controlnet_scale=_optional_number(data, "controlnet_scale", float, 0.0, 2.0, QT_TRANSLATE_NOOP(
            "styles.model", "Recommended controlnet_scale must be a number from {low} to {high}.")),
        ip_mode=ip_mode,
    )


_HEX = re.compile(r"[0-9a-f]+")


def lora_entry_from_dict(data: Any, file: Path) -> StyleLoraEntry:
    """An entry whose `file` the caller has already resolved (library, in place, or pack)."""
    if not isinstance(data, dict):
        raise InvalidInputError(QT_TRANSLATE_NOOP("styles.model", "A style LoRA entry must be an object."))
    sha = str(data.get("sha256", ""))
    if len(sha) != 64 or not _HEX.fullmatch(sha):
        raise InvalidInputError(QT_TRANSLATE_NOOP("styles.model", "A style LoRA entry has no valid SHA-256."))
    weight = data.get("default_weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not -5.0 <= weight <= 5.0:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "A style LoRA weight must be a number from -5 to 5."))
    return StyleLoraEntry(file=file, sha256=sha, autov2=sha[:10], a1111_hash=str(data.get("a1111_hash", ""))[:12],
                          default_weight=float(weight), in_library=bool(data.get("in_library", True)))


def style_from_dict(data: Any, *, id: str, loras: tuple[StyleLoraEntry, ...] = (),
                    thumbnails: tuple[Path, ...] = (), builtin: bool = False) -> Style:
    """Validate the JSON form; LoRA files and thumbnails come resolved from the caller."""
    if not isinstance(data, dict):
        raise InvalidInputError(QT_TRANSLATE_NOOP("styles.model", "A style must be a JSON object."))
    family = data.get("family", "any")
    if family not in STYLE_FAMILIES:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "Unknown style family {family!r}.").format(family=family))
    if loras and family == "any":
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.model", "A style with LoRA files must say whether it is for SD 1.5 or SDXL."))
    template = _text(data, "prompt_template", "{prompt}") or "{prompt}"
    now = time.time()
    return Style(
        id=id,
        name=validate_name(_text(data, "name")),
        description=_text(data, "description"),
        family=family,
        loras=loras,
        trigger_words=_words(data, "trigger_words"),
        prompt_template=template,
        negative_prompt=_text(data, "negative_prompt"),
        recommended=recommended_from_dict(data.get("recommended")),
        thumbnails=thumbnails,
        tags=_words(data, "tags"),
        created=float(data.get("created") or now),
        updated=float(data.get("updated") or now),
        builtin=builtin,
    )


def style_to_dict(style: Style) -> dict[str, Any]:
    """The JSON form without file locations (the caller decides how to store those)."""
    return {
        "name": style.name,
        "description": style.description,
        "family": style.family,
        "trigger_words": list(style.trigger_words),
        "prompt_template": style.prompt_template,
        "negative_prompt": style.negative_prompt,
        "recommended": {key: value for key, value in vars(style.recommended).items() if value is not None},
        "tags": list(style.tags),
        "created": style.created,
        "updated": style.updated,
    }


def lora_entry_to_dict(entry: StyleLoraEntry) -> dict[str, Any]:
    return {"sha256": entry.sha256, "autov2": entry.autov2, "a1111_hash": entry.a1111_hash,
            "default_weight": entry.default_weight, "in_library": entry.in_library}


def style_summary(style: Style) -> dict[str, Any]:
    """The JSON the CLI prints and the GUI can show: everything, with paths as strings."""
    return {
        **style_to_dict(style),
        "id": style.id,
        "builtin": style.builtin,
        "loras": [{**lora_entry_to_dict(entry), "file": str(entry.file)} for entry in style.loras],
        "thumbnails": [str(path) for path in style.thumbnails],
    }
