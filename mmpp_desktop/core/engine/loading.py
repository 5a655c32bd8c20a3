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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mmpp_desktop.core.engine.errors import InvalidModelError, ModelNotFoundError
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.lora_files import family_title, read_safetensors_header, refuse_pickle

log = logging.getLogger(__name__)

CONFIGS_DIR = Path(__file__).resolve().parents[2] / "assets" / "configs"
SUPPORTED_FAMILIES = ("sd15", "sdxl")
_REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


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
        raise ModelNotFoundError("No base model is configured. Choose a model file or folder in the settings.")
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
            raise ModelNotFoundError(
                f"The model {model} is not on this computer, and the app never downloads models."
            ) from error
    raise ModelNotFoundError(f"The model {model} does not exist.")


def detect_family(model: str) -> str:
    """"sd15" or "sdxl", read from the files (configs or tensor names), no weights loaded."""
    return describe_model(model).family


def describe_model(model: str) -> ModelSource:
    path = resolve_model(model)
    if path.is_dir():
        return ModelSource(path=path, kind="folder", family=_folder_family(path), name=path.name)
    if path.suffix.lower() != ".safetensors":
        raise InvalidModelError(f"{path.name} is not a model: expected a .safetensors file or a diffusers folder.")
    return ModelSource(path=path, kind="single_file", family=_single_file_family(path), name=path.stem)


def _supported(family: str, name: str) -> str:
    if family not in SUPPORTED_FAMILIES:
        raise InvalidModelError(f"{name} is an {family_title(family)} model; only SD 1.5 and SDXL are supported.")
    return family


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidModelError(f"{path.parent.name}/{path.name} is unreadable or not valid JSON.") from error
    if not isinstance(data, dict):
        raise InvalidModelError(f"{path.parent.name}/{path.name} does not hold a JSON object.")
    return data


def _folder_family(folder: Path) -> str:
    index_file = folder / "model_index.json"
    if not index_file.is_file():
        raise InvalidModelError(f"{folder.name} is not a diffusers model folder (it has no model_index.json).")
    index = _read_json(index_file)
    if "text_encoder_2" in index or "XL" in str(index.get("_class_name", "")):
        return "sdxl"
    unet_config = folder / "unet" / "config.json"
    width = _read_json(unet_config).get("cross_attention_dim") if unet_config.is_file() else None
    family = {2048: "sdxl", 768: "sd15", 1024: "sd2"}.get(width if isinstance(width, int) else 0, "sd15")
    return _supported(family, folder.name)


def _single_file_family(path: Path) -> str:
    header = read_safetensors_header(path)
    names = header.tensors
    if not any(name.startswith("model.diffusion_model.") for name in names):
        raise InvalidModelError(
            f"{path.name} is not a Stable Diffusion checkpoint (no UNet weights; is it a LoRA or a VAE?)."
        )
    if any(name.startswith("conditioner.embedders.1.") for name in names):
        return "sdxl"
    if any(name.startswith("cond_stage_model.model.") for name in names):
        return _supported("sd2", path.name)
    if any(name.startswith("cond_stage_model.transformer.") for name in names):
        return "sd15"
    raise InvalidModelError(f"{path.name} has no text encoder this app recognises; only SD 1.5 and SDXL load.")


def single_file_config_dir(source: ModelSource) -> Path:
    """`NAME.config/` beside the checkpoint when present (custom architectures), else the shipped one."""
    beside = source.path.with_suffix(".config")
    if (beside / "model_index.json").is_file():
        return beside
    return CONFIGS_DIR / source.family


def text_to_image_class(family: str) -> Any:
    from diffusers import StableDiffusionPipeline, StableDiffusionXLPipeline

    return StableDiffusionXLPipeline if family == "sdxl" else StableDiffusionPipeline


def load_base_pipeline(source: ModelSource, dtype: Any) -> Any:
    """The family's text-to-image pipeline with every component, from local files only."""
    from mmpp_desktop.core.engine.tokenizer import clip_tokenizer

    pipeline_class = text_to_image_class(source.family)
    extra: dict[str, Any] = {}
    if source.family == "sd15":
        extra = {"safety_checker": None, "feature_extractor": None, "requires_safety_checker": False}
    try:
        if source.kind == "folder":
            # Old folders may hold .bin weights: diffusers and transformers read those with
            # torch.load(weights_only=True), which cannot run code.
            return pipeline_class.from_pretrained(source.path, torch_dtype=dtype, local_files_only=True, **extra)
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
        raise InvalidModelError(
            f"{source.path.name} could not be loaded as an {family_title(source.family)} model "
            f"({type(error).__name__})."
        ) from error


def load_controlnet(path: Path, family: str, dtype: Any) -> Any:
    """A ControlNet from a diffusers folder, or from one `.safetensors` file in the original or
    diffusers layout with the config in `NAME.config/` beside it or the family's shipped one."""
    from diffusers import ControlNetModel

    try:
        if path.is_dir():
            if not (path / "config.json").is_file():
                raise InvalidModelError(f"{path.name} is not a diffusers ControlNet folder (no config.json).")
            # .bin weights are read with torch.load(weights_only=True): no code runs.
            return ControlNetModel.from_pretrained(path, torch_dtype=dtype, local_files_only=True)
        if path.suffix.lower() != ".safetensors":
            raise InvalidModelError(f"{path.name} is not a ControlNet: expected a .safetensors file or a folder.")
        read_safetensors_header(path)  # refuse malformed files with a clear message first
        beside = path.with_suffix(".config")
        config = beside if (beside / "config.json").is_file() else CONFIGS_DIR / family / "controlnet"
        return ControlNetModel.from_single_file(str(path), config=str(config), local_files_only=True,
                                                torch_dtype=dtype)
    except (InvalidInputError, ModelNotFoundError):
        raise
    except Exception as error:  # diffusers reports bad files with many exception types
        log.exception("Loading ControlNet %s failed", path)
        raise InvalidModelError(f"The ControlNet {path.name} could not be loaded ({type(error).__name__}).") \
            from error
