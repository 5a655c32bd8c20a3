"""What a model path in Preferences holds, judged by the engine's own pre-load checks.

Each row of the Preferences dialog (base model, ControlNet Canny, IP-Adapter, LCM-LoRA,
TCD-LoRA, tiny autoencoder, per family) is checked as it is typed with the checks the engine
runs before loading: `describe_model`, `check_controlnet`, `check_ip_adapter`,
`check_lora_family`. They read safetensors headers and JSON only (no torch, no weights), a few
milliseconds per path, so the dialog runs them on the GUI thread.

A wrong path is told apart as missing, made for the other family, another kind of model
(a ControlNet given as the base model), or not a model at all, so each gets its own message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mmpp_desktop.core.engine.adapters import check_lora_family
from mmpp_desktop.core.engine.errors import InvalidModelError, ModelNotFoundError, WrongFamilyError
from mmpp_desktop.core.engine.ip_adapter import check_ip_adapter
from mmpp_desktop.core.engine.loading import (
    SUPPORTED_FAMILIES,
    _read_json,
    check_controlnet,
    cross_attention_width,
    describe_model,
)
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.lora_files import inspect_lora, read_safetensors_header, refuse_pickle
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.text import EMPTY_TEXT, QT_TRANSLATE_NOOP, Text

# The settings field suffixes of the model rows, as in `Settings.model_path(family, kind)`.
MODEL_KINDS = ("base_model", "controlnet_canny", "ip_adapter", "lcm_lora", "tcd_lora", "tiny_autoencoder")
# Cross-attention width of each family's released models; a configured base's own width wins.
STANDARD_WIDTHS = {"sd15": 768, "sdxl": 2048}

Status = Literal["empty", "ok", "missing", "wrong_family", "other_kind", "invalid"]


@dataclass(frozen=True)
class ModelCheck:
    """The verdict on one model row.

    `family` is the family the file is made for (for "ok" the row's own when the file does not
    say; for "wrong_family" None when it fits neither family's base); `found_kind` is what the path holds instead ("other_kind": a `MODEL_KINDS` entry or
    "lora"); `storage` tells a base model's form ("folder", "single_file", "repo"); `message` is
    the engine's own sentence for "missing", "invalid" and "wrong_family".
    """

    status: Status
    kind: str
    family: str | None = None
    found_kind: str | None = None
    storage: str = ""
    message: Text = EMPTY_TEXT

    @property
    def usable(self) -> bool:
        """Whether the row may be saved: empty rows are fine."""
        return self.status in ("empty", "ok")


def field_name(family: str, kind: str) -> str:
    return f"{family}_{kind}"


def base_widths(settings: Settings) -> dict[str, int]:
    """Per family, the cross-attention width its add-ons must match: the configured base's when it
    can be read, else the family's standard width."""
    widths = dict(STANDARD_WIDTHS)
    for family in SUPPORTED_FAMILIES:
        model = settings.model_path(family, "base_model")
        if not model:
            continue
        try:
            source = describe_model(model)
            width = cross_attention_width(source) if source.family == family else None
        except UserFacingError:
            continue
        if width is not None:
            widths[family] = width
    return widths


def check_settings_models(settings: Settings) -> dict[str, ModelCheck]:
    """Every model row of `settings`, keyed by settings field name."""
    widths = base_widths(settings)
    return {field_name(family, kind): check_model_path(kind, family, settings.model_path(family, kind), widths)
            for family in SUPPORTED_FAMILIES for kind in MODEL_KINDS}


def check_model_path(kind: str, family: str, model: str, widths: dict[str, int] | None = None) -> ModelCheck:
    """Check the text of one row (`kind` of `family`) as the engine would before loading it."""
    model = model.strip()
    if not model:
        return ModelCheck("empty", kind)
    widths = widths or STANDARD_WIDTHS
    try:
        found, storage = _PROBES[kind](model, family, widths.get(family))
    except ModelNotFoundError as error:
        return ModelCheck("missing", kind, storage="repo" if kind == "base_model" and not _exists(model) else "",
                          message=error.message)
    except WrongFamilyError as error:
        # family None: made for neither family's configured base; the engine's sentence says more
        return ModelCheck("wrong_family", kind, family=_other_family(kind, family, model, widths),
                          message=error.message)
    except UserFacingError as error:
        if not _exists(model):
            return ModelCheck("missing", kind, message=error.message)
        found_kind, found_family = _identify(model, kind)
        if found_kind is not None:
            return ModelCheck("other_kind", kind, family=found_family, found_kind=found_kind)
        return ModelCheck("invalid", kind, message=error.message)
    if found is not None and found != family:
        return ModelCheck("wrong_family", kind, family=found, storage=storage)
    return ModelCheck("ok", kind, family=found or family, storage=storage)


def _exists(model: str) -> bool:
    return Path(model).expanduser().exists()


def _other_family(kind: str, family: str, model: str, widths: dict[str, int]) -> str | None:
    """The family an add-on refused for `family` is made for, when the checks accept it there."""
    for other in SUPPORTED_FAMILIES:
        if other == family:
            continue
        try:
            found, _storage = _PROBES[kind](model, other, widths.get(other, STANDARD_WIDTHS[other]))
        except UserFacingError:
            continue
        return found or other
    return None


def _identify(model: str, refused_as: str) -> tuple[str | None, str | None]:
    """(kind, family) of a path the row's check refused, when another kind's check accepts it.

    The checks run without a width, so they judge the layout only and accept either family.
    """
    probes: tuple[tuple[str, Callable[[], str | None]], ...] = (
        ("base_model", lambda: describe_model(model).family),
        ("controlnet_canny", lambda: _probe_controlnet(model, "sd15", None)[0]),
        ("ip_adapter", lambda: _probe_ip_adapter(model, "sd15", None)[0]),
        ("lora", lambda: inspect_lora(Path(model).expanduser()).family),
        ("tiny_autoencoder", lambda: _probe_tiny_autoencoder(model, "sd15", None)[0]),
    )
    for kind, probe in probes:
        if kind == refused_as or (kind == "lora" and refused_as in ("lcm_lora", "tcd_lora")):
            continue
        try:
            return kind, probe()
        except UserFacingError:
            continue
    return None, None


# Each probe raises the engine's error for a refused path, else returns (family found, storage).
Probe = Callable[[str, str, int | None], tuple[str | None, str]]


def _probe_base(model: str, _family: str, _width: int | None) -> tuple[str | None, str]:
    source = describe_model(model)
    return source.family, source.kind if _exists(model) else "repo"


def _probe_controlnet(model: str, family: str, width: int | None) -> tuple[str | None, str]:
    check_controlnet(model, family, width)
    return None, ""


def _probe_ip_adapter(model: str, family: str, width: int | None) -> tuple[str | None, str]:
    folder = Path(model).expanduser()
    if not folder.exists():
        raise ModelNotFoundError(QT_TRANSLATE_NOOP("model_check", "The IP-Adapter folder {folder} does not exist.").format(
            folder=model))
    if not folder.is_dir():
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "model_check", "{name} is a file; an IP-Adapter is a folder (models/ip-adapter_*.safetensors "
                           "and models/image_encoder/)."
        ).format(name=folder.name))
    check_ip_adapter(model, family, width)
    return None, ""


def _probe_lora(model: str, family: str, _width: int | None) -> tuple[str | None, str]:
    path = Path(model).expanduser()
    refuse_pickle(path)
    if not path.exists():
        raise ModelNotFoundError(QT_TRANSLATE_NOOP("model_check", "The LoRA file {path} does not exist.").format(path=model))
    if path.is_dir():
        raise InvalidModelError(QT_TRANSLATE_NOOP("model_check", "{name} is a folder; a LoRA is one .safetensors file.").format(
            name=path.name))
    check_lora_family(path, family)
    return inspect_lora(path).family, ""


def _probe_tiny_autoencoder(model: str, _family: str, _width: int | None) -> tuple[str | None, str]:
    """The engine loads this folder with `AutoencoderTiny.from_pretrained`: its config must name
    that class and its weights must be safetensors (or .bin, read with weights_only)."""
    folder = Path(model).expanduser()
    if not folder.exists():
        raise ModelNotFoundError(QT_TRANSLATE_NOOP(
            "model_check", "The tiny autoencoder folder {folder} does not exist.").format(folder=model))
    if not (folder / "config.json").is_file():
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "model_check", "{name} is not a tiny autoencoder folder (no config.json).").format(name=folder.name))
    class_name = str(_read_json(folder / "config.json").get("_class_name", ""))
    if class_name != "AutoencoderTiny":
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "model_check", "{name} is not a tiny autoencoder (its config is for {class_name})."
        ).format(name=folder.name, class_name=class_name[:60]))
    weights = sorted(folder.glob("*.safetensors"))
    if weights:
        read_safetensors_header(weights[0])
    elif not any(folder.glob("*.bin")):
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "model_check", "{name} holds no tiny autoencoder weights.").format(name=folder.name))
    return None, "folder"


_PROBES: dict[str, Probe] = {
    "base_model": _probe_base,
    "controlnet_canny": _probe_controlnet,
    "ip_adapter": _probe_ip_adapter,
    "lcm_lora": _probe_lora,
    "tcd_lora": _probe_lora,
    "tiny_autoencoder": _probe_tiny_autoencoder,
}
