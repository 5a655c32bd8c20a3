"""The one seam between the UI (or CLI) and the engine: plain, frozen, JSON-able dataclasses.

Everything that reaches generation travels in a `GenerationRequest`; everything that
comes back travels in a `GenerationResult`. Images in a request are file paths, so a
request can be stored in history, sent across threads and replayed later unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from PIL import Image

from mmpp_desktop.core.errors import InvalidRequestError
from mmpp_desktop.core.text import EMPTY_TEXT, QT_TRANSLATE_NOOP, Text

Family = Literal["sd15", "sdxl"]
SchedulerName = Literal["euler", "dpmpp", "lcm", "tcd"]
IPAdapterMode = Literal["full", "style", "composition"]
ClassicStyle = Literal["cartoon", "sketch", "watercolor"]
DeviceName = Literal["auto", "cpu", "cuda", "mps"]
PrecisionName = Literal["auto", "fp32", "fp16", "bf16"]

FAMILIES: tuple[str, ...] = ("sd15", "sdxl")
SCHEDULERS: tuple[str, ...] = ("euler", "dpmpp", "lcm", "tcd")
IP_ADAPTER_MODES: tuple[str, ...] = ("full", "style", "composition")
CLASSIC_STYLES: tuple[str, ...] = ("cartoon", "sketch", "watercolor")
DEVICES: tuple[str, ...] = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class FaceBox:
    """A rectangle in input-image pixels (after EXIF orientation is applied)."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class StyleLora:
    """One LoRA file applied at a weight; `name` is the style it came from (for the recipe).

    `start` (0–1): the style is off until that fraction of the denoising steps has run, so
    the early steps lay down the person's structure first (Concept Sliders' trick).
    """

    path: str
    weight: float = 1.0
    name: str = ""
    start: float = 0.0


@dataclass(frozen=True)
class ControlNetSettings:
    """ControlNet Canny on the face crop, so the person stays recognizable."""

    model: str
    low_threshold: int = 100
    high_threshold: int = 200
    conditioning_scale: float = 0.8
    guidance_start: float = 0.0
    guidance_end: float = 1.0


@dataclass(frozen=True)
class IPAdapterSettings:
    """An IP-Adapter folder and the reference image it encodes."""

    model: str
    image: str | None = None
    scale: float = 0.6
    mode: IPAdapterMode = "full"


@dataclass(frozen=True)
class PromptSource:
    """The prompt and style blend as the user set them, before templates and trigger words.

    The final prompt cannot be split back into the user's text and the style templates, so
    the UI records its own inputs here; "reuse recipe" restores the controls from it.
    """

    prompt: str = ""
    negative_prompt: str = ""
    styles: tuple[tuple[str, float], ...] = ()  # (style name, blend weight)
    starts: tuple[tuple[str, float], ...] = ()  # (style name, start fraction) for styles that start late


@dataclass(frozen=True)
class EngineOptions:
    """How the engine runs, as opposed to what it makes (that is the request).

    `device` is used when a request says "auto"; `preview_decoders` maps a family to an
    optional tiny autoencoder (taesd) folder for sharper step previews.
    """

    device: DeviceName = "auto"
    precision: PrecisionName = "auto"
    compile: bool = False
    preview_decoders: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GenerationRequest:
    """Everything needed to produce (and later reproduce) a stylized portrait.

    `prompt`/`negative_prompt` are final: style templates and trigger words are applied
    before the request is built. `classic` selects an OpenCV filter and needs no model.
    """

    input_image: str
    model: str = ""
    prompt: str = ""
    negative_prompt: str = ""
    styles: tuple[StyleLora, ...] = ()
    face_box: FaceBox | None = None
    use_whole_image: bool = False
    controlnet: ControlNetSettings | None = None
    ip_adapter: IPAdapterSettings | None = None
    strength: float = 0.6
    steps: int = 20
    guidance: float = 6.0
    scheduler: SchedulerName = "dpmpp"
    tcd_eta: float = 0.3
    seed: int = 0
    size: int = 512
    num_images: int = 1
    device: DeviceName = "auto"
    classic: ClassicStyle | None = None
    acceleration_lora: str | None = None
    source: PromptSource | None = None
    intensity: float = 1.0  # classic filters: 0 = the input crop, 1 = the full filter

    def __post_init__(self) -> None:
        validate_request(self)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerationRequest:
        """Inverse of `to_dict`; unknown keys are ignored so old recipes still load."""
        known = {f.name for f in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if values.get("face_box") is not None:
            values["face_box"] = FaceBox(**values["face_box"])
        if values.get("controlnet") is not None:
            values["controlnet"] = ControlNetSettings(**values["controlnet"])
        if values.get("ip_adapter") is not None:
            values["ip_adapter"] = IPAdapterSettings(**values["ip_adapter"])
        if values.get("source") is not None:
            source = values["source"]
            values["source"] = PromptSource(
                prompt=source.get("prompt", ""), negative_prompt=source.get("negative_prompt", ""),
                styles=tuple((str(name), float(weight)) for name, weight in source.get("styles", ())),
                starts=tuple((str(name), float(start)) for name, start in source.get("starts", ())))
        values["styles"] = tuple(StyleLora(**style) for style in values.get("styles", ()))
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> GenerationRequest:
        return cls.from_dict(json.loads(text))


# ---- validation: every number and text of a request, checked here once for GUI, CLI and replays ----

MAX_SEED = 2**64 - 1


@dataclass(frozen=True)
class NumberRange:
    """The inclusive limits of one numeric setting; `integer` settings refuse fractions and bools.

    `label` starts the refusal sentence, so it is capitalised; in `REQUEST_RANGES` it is a `Text`
    the window translates.
    """

    label: str
    low: int | float
    high: int | float
    integer: bool = False

    def describe(self) -> Text:
        kind = (QT_TRANSLATE_NOOP("types", "a whole number from {low} to {high}") if self.integer
                else QT_TRANSLATE_NOOP("types", "a number from {low} to {high}"))
        return kind.format(low=_number_text(self.low), high=_number_text(self.high))

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        if self.integer:
            return isinstance(value, int) and self.low <= value <= self.high
        return isinstance(value, int | float) and math.isfinite(value) and self.low <= value <= self.high

    def check(self, value: Any, field: str) -> None:
        if not self.accepts(value):
            raise InvalidRequestError(field, QT_TRANSLATE_NOOP("types", "{label} must be {range} (got {value}).").format(
                label=self.label, range=self.describe(), value=_value_text(value)))


# Keyed by field path; the GUI's controls and the CLI's options use the same limits.
REQUEST_RANGES: dict[str, NumberRange] = {
    "strength": NumberRange(QT_TRANSLATE_NOOP("types", "Strength"), 0.0, 1.0),
    # 1..200: what the engine always allowed, so old recipes replay.
    "steps": NumberRange(QT_TRANSLATE_NOOP("types", "Steps"), 1, 200, integer=True),
    "guidance": NumberRange(QT_TRANSLATE_NOOP("types", "Guidance"), 0.0, 30.0),
    "tcd_eta": NumberRange(QT_TRANSLATE_NOOP("types", "TCD eta"), 0.0, 1.0),
    "seed": NumberRange(QT_TRANSLATE_NOOP("types", "Seed"), 0, MAX_SEED, integer=True),
    "size": NumberRange(QT_TRANSLATE_NOOP("types", "Size"), 64, 2048, integer=True),
    "num_images": NumberRange(QT_TRANSLATE_NOOP("types", "Number of images"), 1, 16, integer=True),
    "controlnet.conditioning_scale": NumberRange(QT_TRANSLATE_NOOP("types", "ControlNet scale"), 0.0, 2.0),
    "controlnet.low_threshold": NumberRange(QT_TRANSLATE_NOOP("types", "Canny low threshold"), 0, 255, integer=True),
    "controlnet.high_threshold": NumberRange(QT_TRANSLATE_NOOP("types", "Canny high threshold"), 0, 255,
                                             integer=True),
    "controlnet.guidance_start": NumberRange(QT_TRANSLATE_NOOP("types", "ControlNet start"), 0.0, 1.0),
    "controlnet.guidance_end": NumberRange(QT_TRANSLATE_NOOP("types", "ControlNet end"), 0.0, 1.0),
    "ip_adapter.scale": NumberRange(QT_TRANSLATE_NOOP("types", "IP-Adapter scale"), 0.0, 2.0),
    # A style's blend weight (-5..5) times its LoRA's default weight (-5..5).
    "styles.weight": NumberRange(QT_TRANSLATE_NOOP("types", "LoRA weight"), -25.0, 25.0),
    "source.styles.weight": NumberRange(QT_TRANSLATE_NOOP("types", "Style weight"), -5.0, 5.0),
    "styles.start": NumberRange(QT_TRANSLATE_NOOP("types", "Style start"), 0.0, 1.0),
    "intensity": NumberRange(QT_TRANSLATE_NOOP("types", "Classic filter intensity"), 0.0, 1.0),
    "face_box.position": NumberRange(QT_TRANSLATE_NOOP("types", "Face box position"), -65536, 65536, integer=True),
    "face_box.extent": NumberRange(QT_TRANSLATE_NOOP("types", "Face box size"), 1, 65536, integer=True),
}
# What `_check_choice` and `_check_text` call a field in their sentences.
_CHOICE_LABELS: dict[str, Text] = {
    "scheduler": QT_TRANSLATE_NOOP("types", "Scheduler"),
    "device": QT_TRANSLATE_NOOP("types", "Device"),
    "classic": QT_TRANSLATE_NOOP("types", "Classic"),
    "ip_adapter.mode": QT_TRANSLATE_NOOP("types", "IP-Adapter mode"),
}
_TEXT_LABELS: dict[str, Text] = {
    "prompt": QT_TRANSLATE_NOOP("types", "prompt"),
    "negative_prompt": QT_TRANSLATE_NOOP("types", "negative prompt"),
}


def validate_request(request: GenerationRequest) -> None:
    """Raise `InvalidRequestError` naming the first field that is not finite, in range or valid text.

    NaN or infinite numbers would otherwise reach the pipeline and give a black image.
    """
    for name in ("strength", "steps", "guidance", "tcd_eta", "seed", "size", "num_images", "intensity"):
        REQUEST_RANGES[name].check(getattr(request, name), name)
    if request.seed + request.num_images - 1 > MAX_SEED:
        raise InvalidRequestError("seed", QT_TRANSLATE_NOOP(
            "types", "The seed must leave room for {count} images (at most {limit}).").format(
            count=request.num_images, limit=MAX_SEED - request.num_images + 1))
    _check_choice(request.scheduler, SCHEDULERS, "scheduler")
    _check_choice(request.device, DEVICES, "device")
    if request.classic is not None:
        _check_choice(request.classic, CLASSIC_STYLES, "classic")
    _check_text(request.prompt, "prompt")
    _check_text(request.negative_prompt, "negative_prompt")
    for style in request.styles:
        REQUEST_RANGES["styles.weight"].check(style.weight, "styles.weight")
        REQUEST_RANGES["styles.start"].check(style.start, "styles.start")
    if request.face_box is not None:
        box = request.face_box
        for value in (box.x, box.y):
            REQUEST_RANGES["face_box.position"].check(value, "face_box")
        for value in (box.width, box.height):
            REQUEST_RANGES["face_box.extent"].check(value, "face_box")
    if request.controlnet is not None:
        _validate_controlnet(request.controlnet)
    if request.ip_adapter is not None:
        REQUEST_RANGES["ip_adapter.scale"].check(request.ip_adapter.scale, "ip_adapter.scale")
        _check_choice(request.ip_adapter.mode, IP_ADAPTER_MODES, "ip_adapter.mode")
    if request.source is not None:
        _check_text(request.source.prompt, "prompt")
        _check_text(request.source.negative_prompt, "negative_prompt")
        for _name, weight in request.source.styles:
            REQUEST_RANGES["source.styles.weight"].check(weight, "source.styles.weight")


def _validate_controlnet(settings: ControlNetSettings) -> None:
    for name in ("conditioning_scale", "low_threshold", "high_threshold", "guidance_start", "guidance_end"):
        REQUEST_RANGES[f"controlnet.{name}"].check(getattr(settings, name), f"controlnet.{name}")
    if settings.low_threshold > settings.high_threshold:
        raise InvalidRequestError("controlnet.low_threshold", QT_TRANSLATE_NOOP(
            "types", "The Canny low threshold must not be above the high threshold."))
    if settings.guidance_start >= settings.guidance_end:
        raise InvalidRequestError("controlnet.guidance_start", QT_TRANSLATE_NOOP(
            "types", "The ControlNet start must come before its end."))


def _check_choice(value: Any, choices: tuple[str, ...], field: str) -> None:
    if value not in choices:
        raise InvalidRequestError(field, QT_TRANSLATE_NOOP("types", "{label} must be one of {choices} (got {value}).").format(
            label=_CHOICE_LABELS[field], choices=", ".join(choices), value=_value_text(value)))


def _check_text(value: Any, field: str) -> None:
    """Text must encode as UTF-8: undecodable bytes from argv arrive as lone surrogates."""
    label = _TEXT_LABELS[field]
    if not isinstance(value, str):
        raise InvalidRequestError(field, QT_TRANSLATE_NOOP("types", "The {label} must be text.").format(label=label))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidRequestError(field, QT_TRANSLATE_NOOP(
            "types", "The {label} is not valid UTF-8 text (check the terminal's encoding settings).").format(
            label=label)) from error


def _number_text(value: int | float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def _value_text(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class FaceInfo:
    """What face preparation found: how many faces, and the crop actually used."""

    faces_found: int
    face_box: FaceBox | None
    crop_box: FaceBox


@dataclass(frozen=True)
class GenerationResult:
    """Images plus the full recipe (request, model hashes, versions, device) and timings."""

    request: GenerationRequest
    images: tuple[Image.Image, ...]
    recipe: dict[str, Any]
    timings: dict[str, float]
    face: FaceInfo | None = None
    input_crop: Image.Image | None = None
    messages: tuple[Text, ...] = ()
    scores: Scores | None = None


@dataclass(frozen=True)
class Progress:
    """One denoising step done; `preview` is a cheap low-resolution look at the latents."""

    step: int
    total: int
    elapsed: float
    preview: Image.Image | None = None


@dataclass
class CancelToken:
    """Set from any thread; the engine checks it before each UNet/VAE layer and between model loads."""

    _event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True)
class Scores:
    """How well a result kept the person, the photo's structure and the prompt (core/scoring.py).

    None means "not measured" (no face in the source, no CLIP model), never a guess.
    `message` says in words what was or was not measured.
    """

    likeness: float | None = None
    same_person: bool | None = None
    structure: float | None = None
    clip: float | None = None
    message: Text = EMPTY_TEXT

    def to_dict(self) -> dict[str, Any]:
        """The four figures, as the recipe, history and `score --json` spell them."""
        return {"likeness": self.likeness, "same_person": self.same_person, "structure": self.structure,
                "clip": self.clip}
