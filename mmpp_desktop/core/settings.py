"""Typed user settings with a schema version and per-field metadata.

Each field carries a title, a description and constraints so the preferences dialog is
generated from this module rather than kept in sync by hand. Loading never fails: a
missing, corrupt or invalid value falls back to its default with a logged warning.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mmpp_desktop.core.atomic import atomic_write_text

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

FieldKind = Literal["path", "dir", "choice", "int", "bool", "text"]


@dataclass(frozen=True)
class FieldInfo:
    """What a preferences UI needs to show and validate one setting."""

    title: str
    description: str
    kind: FieldKind
    group: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


def _setting(default: Any, info: FieldInfo) -> Any:
    return field(default=default, metadata={"info": info})


def _model_path(family_title: str, what: str, description: str) -> Any:
    return _setting(
        "",
        FieldInfo(
            title=f"{family_title} {what}",
            description=description,
            kind="path",
            group=f"Models — {family_title}",
        ),
    )


_BASE_DESC = (
    "A diffusers folder (with model_index.json), a single-file .safetensors checkpoint, "
    "or a Hugging Face repo id already in the local cache."
)
_CONTROLNET_DESC = "ControlNet Canny model: a diffusers folder or a .safetensors file. Keeps the face shape."
_IP_DESC = "IP-Adapter folder in the common layout: models/ip-adapter_*.safetensors and models/image_encoder/."
_LCM_DESC = "LCM-LoRA .safetensors file, added automatically when the LCM scheduler is chosen."
_TCD_DESC = "TCD-LoRA .safetensors file, added automatically when the TCD scheduler is chosen."
_TAESD_DESC = "Optional tiny autoencoder (taesd) folder for sharper live previews."


@dataclass(frozen=True)
class Settings:
    """Every user preference. Paths are stored as strings; empty means not configured."""

    schema_version: int = SCHEMA_VERSION

    sd15_base_model: str = _model_path("SD 1.5", "base model", _BASE_DESC)
    sd15_controlnet_canny: str = _model_path("SD 1.5", "ControlNet Canny", _CONTROLNET_DESC)
    sd15_ip_adapter: str = _model_path("SD 1.5", "IP-Adapter", _IP_DESC)
    sd15_lcm_lora: str = _model_path("SD 1.5", "LCM-LoRA", _LCM_DESC)
    sd15_tcd_lora: str = _model_path("SD 1.5", "TCD-LoRA", _TCD_DESC)
    sd15_tiny_autoencoder: str = _model_path("SD 1.5", "tiny autoencoder", _TAESD_DESC)

    sdxl_base_model: str = _model_path("SDXL", "base model", _BASE_DESC)
    sdxl_controlnet_canny: str = _model_path("SDXL", "ControlNet Canny", _CONTROLNET_DESC)
    sdxl_ip_adapter: str = _model_path("SDXL", "IP-Adapter", _IP_DESC)
    sdxl_lcm_lora: str = _model_path("SDXL", "LCM-LoRA", _LCM_DESC)
    sdxl_tcd_lora: str = _model_path("SDXL", "TCD-LoRA", _TCD_DESC)
    sdxl_tiny_autoencoder: str = _model_path("SDXL", "tiny autoencoder", _TAESD_DESC)

    clip_model: str = _setting(
        "",
        FieldInfo(
            title="CLIP model (prompt agreement)",
            description="Optional: a transformers CLIP folder used to score how well a result matches its "
                        "prompt (CLIPScore). Without it, SDXL with an IP-Adapter uses their shared encoders.",
            kind="path",
            group="Scoring",
        ),
    )
    active_family: str = _setting(
        "sd15",
        FieldInfo(
            title="Model family",
            description="Which base model family new generations use.",
            kind="choice",
            group="Generation",
            choices=("sd15", "sdxl"),
        ),
    )
    device: str = _setting(
        "auto",
        FieldInfo(
            title="Device",
            description="Where generation runs. Auto picks CUDA, then Apple MPS, then the CPU.",
            kind="choice",
            group="Generation",
            choices=("auto", "cuda", "mps", "cpu"),
        ),
    )
    precision: str = _setting(
        "auto",
        FieldInfo(
            title="Precision",
            description="Auto: fp16 (or bf16) on GPUs, fp32 on the CPU, where bf16 is about 100x slower.",
            kind="choice",
            group="Generation",
            choices=("auto", "fp32", "fp16", "bf16"),
        ),
    )
    torch_compile: bool = _setting(
        False,
        FieldInfo(
            title="Compile the UNet (torch.compile)",
            description="Faster steps after a one-time warm-up; style switches do not recompile.",
            kind="bool",
            group="Generation",
        ),
    )
    language: str = _setting(
        "system",
        FieldInfo(
            title="Language",
            description="The window's language. System follows the computer's language.",
            kind="choice",
            group="Appearance",
            choices=("system", "en", "ko"),
        ),
    )
    theme: str = _setting(
        "system",
        FieldInfo(
            title="Colour scheme",
            description="Light or dark window colours. System follows the computer's setting.",
            kind="choice",
            group="Appearance",
            choices=("system", "light", "dark"),
        ),
    )
    output_dir: str = _setting(
        "",
        FieldInfo(
            title="Export folder",
            description="Default folder for exported images. Empty: your Pictures folder.",
            kind="dir",
            group="Files",
        ),
    )
    history_limit: int = _setting(
        0,
        FieldInfo(
            title="History size",
            description="Keep at most this many generations (oldest go to the trash). 0 keeps all.",
            kind="int",
            group="Files",
            minimum=0,
            maximum=1_000_000,
        ),
    )

    def model_path(self, family: str, kind: str) -> str:
        """The configured path of one model kind (e.g. `base_model`) for a family."""
        return str(getattr(self, f"{family}_{kind}"))


def field_info(name: str) -> FieldInfo:
    """The metadata of one settings field, for building a preferences form."""
    for item in dataclasses.fields(Settings):
        if item.name == name:
            return item.metadata["info"]
    raise KeyError(name)


def editable_fields() -> list[tuple[str, FieldInfo]]:
    """The user-editable fields in declaration order (schema_version excluded)."""
    return [(f.name, f.metadata["info"]) for f in dataclasses.fields(Settings) if "info" in f.metadata]


def _valid(name: str, info: FieldInfo, value: Any) -> bool:
    if info.kind == "bool":
        return isinstance(value, bool)
    if info.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        too_low = info.minimum is not None and value < info.minimum
        too_high = info.maximum is not None and value > info.maximum
        return not (too_low or too_high)
    if not isinstance(value, str):
        return False
    return info.kind != "choice" or value in info.choices


def settings_from_dict(raw: dict[str, Any]) -> Settings:
    """Build settings from JSON data; unknown keys are dropped, bad values reset."""
    values: dict[str, Any] = {}
    for name, info in editable_fields():
        if name not in raw:
            continue
        if _valid(name, info, raw[name]):
            values[name] = raw[name]
        else:
            log.warning("Setting %r has an invalid value %r; using the default.", name, raw[name])
    return Settings(**values)


class SettingsStore:
    """Loads and saves `Settings` as JSON at an injectable location."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Settings:
        if not self.path.exists():
            return Settings()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            log.warning("Settings file %s is unreadable (%s); using defaults.", self.path, error)
            return Settings()
        if not isinstance(raw, dict):
            log.warning("Settings file %s does not hold an object; using defaults.", self.path)
            return Settings()
        version = raw.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            log.warning("Settings schema %r differs from %d; keeping the fields that still fit.",
                        version, SCHEMA_VERSION)
        return settings_from_dict(raw)

    def save(self, settings: Settings) -> None:
        atomic_write_text(self.path, json.dumps(dataclasses.asdict(settings), indent=2) + "\n")
