"""The one seam between the UI (or CLI) and the engine: plain, frozen, JSON-able dataclasses.

Everything that reaches generation travels in a `GenerationRequest`; everything that
comes back travels in a `GenerationResult`. Images in a request are file paths, so a
request can be stored in history, sent across threads and replayed later unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Literal

from PIL import Image

Family = Literal["sd15", "sdxl"]
SchedulerName = Literal["euler", "dpmpp", "lcm", "tcd"]
IPAdapterMode = Literal["full", "style", "composition"]
ClassicStyle = Literal["cartoon", "sketch", "watercolor"]
DeviceName = Literal["auto", "cpu", "cuda", "mps"]

FAMILIES: tuple[str, ...] = ("sd15", "sdxl")
SCHEDULERS: tuple[str, ...] = ("euler", "dpmpp", "lcm", "tcd")
IP_ADAPTER_MODES: tuple[str, ...] = ("full", "style", "composition")
CLASSIC_STYLES: tuple[str, ...] = ("cartoon", "sketch", "watercolor")


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
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Progress:
    """One denoising step done; `preview` is a cheap low-resolution look at the latents."""

    step: int
    total: int
    elapsed: float
    preview: Image.Image | None = None


@dataclass
class CancelToken:
    """Set from any thread; the engine checks it between steps and stops before decoding."""

    _event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()
