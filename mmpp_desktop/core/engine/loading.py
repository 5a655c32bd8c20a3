"""Find, identify and load base models from local files only.

A model is a diffusers folder (`model_index.json`), a single-file `.safetensors`
checkpoint, or a repo id already in the Hugging Face cache. The family (SD 1.5 or SDXL)
is read from the files without loading weights. Single files load with the family
configs shipped in `assets/configs` (or a `NAME.config/` folder beside the file, which
wins), so nothing is ever fetched from the hub. Pickle checkpoints are refused unread.
"""

from __future__ import annotations

import json
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mmpp_desktop.core.engine.errors import InvalidModelError, ModelNotFoundError, WrongFamilyError
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.lora_files import (
    SafetensorsHeader,
    family_title,
    read_safetensors_header,
    refuse_pickle,
)
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

CONFIGS_DIR = Path(__file__).resolve().parents[2] / "assets" / "configs"
SUPPORTED_FAMILIES = ("sd15", "sdxl")
_REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")
_FAMILY_BY_WIDTH = {768: "sd15", 2048: "sdxl", 1024: "sd2"}

# The component classes a model folder may name in model_index.json. diffusers imports each
# entry's library with importlib, so any other name (a hostile folder naming "os", or a module
# planted on sys.path) is refused before diffusers sees the folder.
_SCHEDULERS = frozenset({
    "DDIMScheduler", "DDPMScheduler", "DEISMultistepScheduler", "DPMSolverMultistepScheduler",
    "DPMSolverSDEScheduler", "DPMSolverSinglestepScheduler", "EDMDPMSolverMultistepScheduler", "EDMEulerScheduler",
    "EulerAncestralDiscreteScheduler", "EulerDiscreteScheduler", "HeunDiscreteScheduler",
    "KDPM2AncestralDiscreteScheduler", "KDPM2DiscreteScheduler", "LCMScheduler", "LMSDiscreteScheduler",
    "PNDMScheduler", "TCDScheduler", "UniPCMultistepScheduler",
})
ALLOWED_COMPONENTS: dict[str, frozenset[str]] = {
    "diffusers": frozenset({"UNet2DConditionModel", "AutoencoderKL", "AutoencoderTiny"}) | _SCHEDULERS,
    "transformers": frozenset({
        "CLIPTextModel", "CLIPTextModelWithProjection", "CLIPTokenizer", "CLIPTokenizerFast",
        "CLIPImageProcessor", "CLIPFeatureExtractor", "CLIPVisionModelWithProjection",
    }),
    "stable_diffusion": frozenset({"StableDiffusionSafetyChecker"}),  # diffusers' own, never loaded here
}


@dataclass(frozen=True)
class ModelSource:
    """Where a base model lives on disk and how it is stored."""

    path: Path
    kind: str  # "folder" or "single_file"
    family: str
    name: str


def resolve_model(model: str) -> Path:
    """The local path of a model argument; repo ids are looked up in the HF cache only."""
    if not model:
        raise ModelNotFoundError(QT_TRANSLATE_NOOP(
            "engine.loading", "No base model is configured. Choose a model file or folder in the settings."))
    path = Path(model).expanduser()
    if path.exists():
        refuse_pickle(path)
        return path
    refuse_pickle(path)
    if _REPO_ID.match(model):
        from huggingface_hub import snapshot_download
        from huggingface_hub.errors import LocalEntryNotFoundError

        try:
            return Path(snapshot_download(model, local_files_only=True))
        except (LocalEntryNotFoundError, OSError, ValueError) as error:
            log.info("repo %s not in the local cache", model, exc_info=True)
            raise ModelNotFoundError(QT_TRANSLATE_NOOP(
                "engine.loading", "The model {model} is not on this computer, and the app never downloads models."
            ).format(model=model)) from error
    raise ModelNotFoundError(QT_TRANSLATE_NOOP("engine.loading", "The model {model} does not exist.").format(model=model))


def detect_family(model: str) -> str:
    """"sd15" or "sdxl", read from the files (configs or tensor names), no weights loaded."""
    return describe_model(model).family


def describe_model(model: str) -> ModelSource:
    path = resolve_model(model)
    if path.is_dir():
        return ModelSource(path=path, kind="folder", family=_folder_family(path), name=path.name)
    if path.suffix.lower() != ".safetensors":
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.loading", "{name} is not a model: expected a .safetensors file or a diffusers folder."
        ).format(name=path.name))
    return ModelSource(path=path, kind="single_file", family=_single_file_family(path), name=path.stem)


def _supported(family: str, name: str) -> str:
    if family not in SUPPORTED_FAMILIES:
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.loading", "{name} is an {family} model; only SD 1.5 and SDXL are supported."
        ).format(name=name, family=family_title(family)))
    return family


def _read_json(path: Path) -> dict[str, Any]:
    name = f"{path.parent.name}/{path.name}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidModelError(QT_TRANSLATE_NOOP("engine.loading", "{name} is unreadable or not valid JSON.").format(
            name=name)) from error
    if not isinstance(data, dict):
        raise InvalidModelError(QT_TRANSLATE_NOOP("engine.loading", "{name} does not hold a JSON object.").format(
            name=name))
    return data


def _folder_family(folder: Path) -> str:
    index_file = folder / "model_index.json"
    if not index_file.is_file():
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.loading", "{name} is not a diffusers model folder (it has no model_index.json)."
        ).format(name=folder.name))
    index = _read_json(index_file)
    check_components(index, folder.name)
    if "text_encoder_2" in index or "XL" in str(index.get("_class_name", "")):
        return "sdxl"
    unet_config = folder / "unet" / "config.json"
    width = _read_json(unet_config).get("cross_attention_dim") if unet_config.is_file() else None
    family = {2048: "sdxl", 768: "sd15", 1024: "sd2"}.get(width if isinstance(width, int) else 0, "sd15")
    return _supported(family, folder.name)


def check_components(index: dict[str, Any], where: str) -> None:
    """Refuse a model_index.json naming any library or class outside `ALLOWED_COMPONENTS`."""
    for key, value in index.items():
        if key.startswith("_") or value is None or isinstance(value, bool | int | float):
            continue  # metadata and flags such as requires_safety_checker
        if isinstance(value, list) and value == [None, None]:
            continue  # a component the folder leaves out
        allowed = (isinstance(value, list) and len(value) == 2 and all(isinstance(part, str) for part in value)
                   and value[1] in ALLOWED_COMPONENTS.get(value[0], ()))
        if not allowed:
            shown = ".".join(map(str, value)) if isinstance(value, list) else repr(value)
            raise InvalidModelError(QT_TRANSLATE_NOOP(
                "engine.loading", "{where} names {shown} as its {key}, which this app does not load "
                                  "(only known diffusers and transformers classes are allowed)."
            ).format(where=where, shown=shown[:80], key=key[:40]))


def _single_file_family(path: Path) -> str:
    header = read_safetensors_header(path)
    names = header.tensors
    if not any(name.startswith("model.diffusion_model.") for name in names):
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.loading", "{name} is not a Stable Diffusion checkpoint (no UNet weights; is it a LoRA or a VAE?)."
        ).format(name=path.name))
    if any(name.startswith("conditioner.embedders.1.") for name in names):
        return "sdxl"
    if any(name.startswith("cond_stage_model.model.") for name in names):
        return _supported("sd2", path.name)
    if any(name.startswith("cond_stage_model.transformer.") for name in names):
        return "sd15"
    raise InvalidModelError(QT_TRANSLATE_NOOP(
        "engine.loading", "{name} has no text encoder this app recognises; only SD 1.5 and SDXL load."
    ).format(name=path.name))


def single_file_config_dir(source: ModelSource) -> Path:
    """`NAME.config/` beside the checkpoint when present (custom architectures), else the shipped one."""
    beside = source.path.with_suffix(".config")
    if (beside / "model_index.json").is_file():
        check_components(_read_json(beside / "model_index.json"), beside.name)
        return beside
    return CONFIGS_DIR / source.family


def cross_attention_width(source: ModelSource) -> int | None:
    """The base UNet's cross-attention width, read from its files; add-ons must match it."""
    if source.kind == "folder":
        config = source.path / "unet" / "config.json"
        width = _read_json(config).get("cross_attention_dim") if config.is_file() else None
        return width if isinstance(width, int) and not isinstance(width, bool) else None
    return _attention_width(read_safetensors_header(source.path), "model.diffusion_model.")


def _attention_width(header: SafetensorsHeader, prefix: str = "") -> int | None:
    widths = {info.shape[1] for name, info in header.tensors.items()
              if name.startswith(prefix) and name.endswith("attn2.to_k.weight") and len(info.shape) == 2}
    return min(widths) if widths else None


def made_for(width: int) -> str:
    """"SDXL", "SD 1.5"... for an add-on of this cross-attention width (a translatable phrase when
    the width is no known family's)."""
    family = _FAMILY_BY_WIDTH.get(width)
    return family_title(family) if family else QT_TRANSLATE_NOOP("engine.loading", "another model family")


def check_controlnet(model: str, family: str, width: int | None) -> Path:
    """Refuse a missing, pickled, malformed or wrong-family ControlNet from its files alone.

    Runs before the base model loads, so a bad ControlNet costs no load. `width` is the
    base's cross-attention width (None when it cannot be read: then only the layout is checked).
    """
    path = Path(model).expanduser()
    refuse_pickle(path)
    if not path.exists():
        raise ModelNotFoundError(QT_TRANSLATE_NOOP("engine.loading", "The ControlNet {model} does not exist.").format(
            model=model))
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise InvalidModelError(QT_TRANSLATE_NOOP(
                "engine.loading", "{name} is not a diffusers ControlNet folder (no config.json)."
            ).format(name=path.name))
        config = _read_json(path / "config.json")
        if config.get("_class_name", "ControlNetModel") != "ControlNetModel":
            raise InvalidModelError(QT_TRANSLATE_NOOP(
                "engine.loading", "{name} is not a ControlNet folder (its config is for {class_name})."
            ).format(name=path.name, class_name=str(config["_class_name"])[:60]))
        weights = sorted(path.glob("*.safetensors"))
        if weights:
            _require_controlnet_layout(read_safetensors_header(weights[0]), path.name)
        elif not any(path.glob("*.bin")):  # .bin is read with torch.load(weights_only=True)
            raise InvalidModelError(QT_TRANSLATE_NOOP("engine.loading", "{name} holds no ControlNet weights.").format(
                name=path.name))
        found = config.get("cross_attention_dim")
        controlnet_width = found if isinstance(found, int) and not isinstance(found, bool) else None
    else:
        if path.suffix.lower() != ".safetensors":
            raise InvalidModelError(QT_TRANSLATE_NOOP(
                "engine.loading", "{name} is not a ControlNet: expected a .safetensors file or a folder."
            ).format(name=path.name))
        header = read_safetensors_header(path)
        _require_controlnet_layout(header, path.name)
        controlnet_width = _attention_width(header)
    if width is not None and controlnet_width is not None and controlnet_width != width:
        raise WrongFamilyError(QT_TRANSLATE_NOOP(
            "engine.loading", "{name} is a ControlNet for {made_for}, but the model is {family}."
        ).format(name=path.name, made_for=made_for(controlnet_width), family=family_title(family)))
    return path


def _require_controlnet_layout(header: SafetensorsHeader, name: str) -> None:
    """Diffusers layout has `controlnet_cond_embedding.*`, the original one `input_hint_block.*`."""
    if not any("controlnet_cond_embedding." in key or "input_hint_block." in key for key in header.tensors):
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.loading", "{name} is not a ControlNet (no condition encoder weights; is it a LoRA "
                              "or a base model?)."
        ).format(name=name))


def route_library_output() -> None:
    """Send diffusers/transformers/peft log records to the app's log, not stderr; no progress bars.

    diffusers logs a failed LoRA load at ERROR with one line per tensor (~100 lines), so
    lowering verbosity is not enough: their own stderr handlers are removed and records
    propagate to the root logger's file handler. A NullHandler on each keeps Python's
    last-resort stderr handler away when no log file could be opened.
    """
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    for library in (diffusers_logging, transformers_logging):
        library.disable_default_handler()
        library.enable_propagation()
        library.disable_progress_bar()
    for name in ("diffusers", "transformers", "peft", "huggingface_hub", "accelerate"):
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())


@contextmanager
def warnings_to_log(what: str) -> Iterator[None]:
    """Python warnings raised while loading `what` (deprecations, pickle protocol notes) go to the
    log: stderr carries only progress and the one `error:` line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                log.info("While loading %s: %s: %s", what, warning.category.__name__, warning.message)


def text_to_image_class(family: str) -> Any:
    from diffusers import StableDiffusionPipeline, StableDiffusionXLPipeline

    return StableDiffusionXLPipeline if family == "sdxl" else StableDiffusionPipeline


def load_base_pipeline(source: ModelSource, dtype: Any) -> Any:
    """The family's text-to-image pipeline with every component, from local files only."""
    from mmpp_desktop.core.engine.tokenizer import clip_tokenizer

    route_library_output()
    pipeline_class = text_to_image_class(source.family)
    extra: dict[str, Any] = {}
    if source.family == "sd15":
        extra = {"safety_checker": None, "feature_extractor": None, "requires_safety_checker": False}
    try:
        with warnings_to_log(source.path.name):
            if source.kind == "folder":
                # Old folders may hold .bin weights: diffusers and transformers read those with
                # torch.load(weights_only=True), which cannot run code.
                return pipeline_class.from_pretrained(source.path, dtype=dtype, local_files_only=True, **extra)
            tokenizers = {"tokenizer": clip_tokenizer()}
            if source.family == "sdxl":
                tokenizers["tokenizer_2"] = clip_tokenizer(pad_token="!")
            return pipeline_class.from_single_file(
                str(source.path), config=str(single_file_config_dir(source)), local_files_only=True,
                torch_dtype=dtype, **tokenizers, **extra,
            )
    except (InvalidInputError, ModelNotFoundError):
        raise
    except Exception as error:  # diffusers reports bad files with many exception types
        log.exception("Loading %s failed", source.path)
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.loading", "{name} could not be loaded as an {family} model; details are in the log."
        ).format(name=source.path.name, family=family_title(source.family))) from error


def load_controlnet(path: Path, family: str, dtype: Any) -> Any:
    """A ControlNet that `check_controlnet` accepted: a diffusers folder, or one `.safetensors` file
    in the original or diffusers layout with its config in `NAME.config/` beside it or the family's."""
    from diffusers import ControlNetModel

    try:
        with warnings_to_log(path.name):
            if path.is_dir():
                # .bin weights are read with torch.load(weights_only=True): no code runs.
                return ControlNetModel.from_pretrained(path, torch_dtype=dtype, local_files_only=True)
            beside = path.with_suffix(".config")
            config = beside if (beside / "config.json").is_file() else CONFIGS_DIR / family / "controlnet"
            return ControlNetModel.from_single_file(str(path), config=str(config), local_files_only=True,
                                                    torch_dtype=dtype)
    except (InvalidInputError, ModelNotFoundError):
        raise
    except Exception as error:  # diffusers reports bad files with many exception types
        log.exception("Loading ControlNet %s failed", path)
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.loading", "The ControlNet {name} could not be loaded; details are in the log."
        ).format(name=path.name)) from error
