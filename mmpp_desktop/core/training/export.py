"""Write a trained LoRA as kohya-layout `.safetensors` with kohya's `ss_*` metadata.

That layout (`lora_unet_…`/`lora_te_…` keys, `.lora_down/.lora_up/.alpha`) is what A1111, ComfyUI,
kohya's own scripts and this app's importer read without conversion. The key renaming is diffusers'
`convert_state_dict_to_kohya`; this module only adds the prefixes it expects, the SD 1.5 `lora_te_`
spelling, the configured alpha, and the metadata.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mmpp_desktop.core.atomic import atomic_write_bytes
from mmpp_desktop.core.training.settings import TrainingSettings

BASE_MODEL_VERSION = {"sd15": "sd_v1", "sdxl": "sdxl_base_v1-0"}
MODELSPEC_ARCHITECTURE = {"sd15": "stable-diffusion-v1/lora", "sdxl": "stable-diffusion-xl-v1-base/lora"}


def peft_to_kohya(states: dict[str, dict[str, Any]], family: str, alpha: float) -> dict[str, Any]:
    """peft state dicts keyed by component ("unet", "text_encoder", "text_encoder_2") → kohya tensors."""
    import torch
    from diffusers.utils import convert_state_dict_to_kohya

    prefixed: dict[str, Any] = {}
    for component, state in states.items():
        for key, tensor in state.items():
            if component != "unet" and not key.startswith("text_model."):
                key = "text_model." + key  # transformers 5 dropped the prefix kohya names keep
            prefixed[f"{component}.{key}"] = tensor
    kohya = convert_state_dict_to_kohya(prefixed)
    result: dict[str, Any] = {}
    for key, tensor in kohya.items():
        if family == "sd15" and key.startswith("lora_te1_"):
            key = "lora_te_" + key[len("lora_te1_"):]  # SD 1.5 has one text encoder: kohya writes lora_te_
        if key.endswith(".alpha"):
            tensor = torch.tensor(float(alpha))  # the converter assumes alpha = rank
        result[key] = tensor.detach().to("cpu", torch.float16 if tensor.is_floating_point() and tensor.ndim
                                         else tensor.dtype).contiguous()
    return result


def kohya_metadata(settings: TrainingSettings, family: str, size: int, steps: int, num_images: int,
                   tag_counts: dict[str, int], started_at: float) -> dict[str, str]:
    """The `ss_*` keys kohya's trainer writes (the ones other tools read), plus modelspec title/trigger."""
    return {
        "format": "pt",
        "ss_network_module": "networks.lora",
        "ss_network_dim": str(settings.rank),
        "ss_network_alpha": str(settings.network_alpha),
        "ss_output_name": settings.name,
        "ss_base_model_version": BASE_MODEL_VERSION[family],
        "ss_v2": "False",
        "ss_tag_frequency": json.dumps({settings.name: tag_counts}),
        "ss_num_train_images": str(num_images),
        "ss_training_started_at": str(started_at),
        "ss_steps": str(steps),
        "ss_max_train_steps": str(settings.steps),
        "ss_learning_rate": str(settings.learning_rate),
        "ss_unet_lr": str(settings.learning_rate),
        "ss_text_encoder_lr": str(settings.learning_rate if settings.train_text_encoder else 0.0),
        "ss_network_train_unet_only": str(not settings.train_text_encoder),
        "ss_resolution": f"({size}, {size})",
        "ss_seed": str(settings.seed),
        "ss_optimizer": "torch.optim.AdamW",
        "ss_min_snr_gamma": str(settings.snr_gamma),
        "ss_flip_aug": str(settings.random_flip),
        "ss_training_comment": f"Trained in MMPP Desktop; trigger word: {settings.trigger}",
        "modelspec.sai_model_spec": "1.0.0",
        "modelspec.architecture": MODELSPEC_ARCHITECTURE[family],
        "modelspec.title": settings.name,
        "modelspec.trigger_phrase": settings.trigger,
    }


def save_kohya_lora(path: Path, states: dict[str, dict[str, Any]], *, family: str, settings: TrainingSettings,
                    size: int, steps: int, num_images: int, tag_counts: dict[str, int],
                    started_at: float) -> Path:
    from safetensors.torch import save

    tensors = peft_to_kohya(states, family, settings.network_alpha)
    metadata = kohya_metadata(settings, family, size, steps, num_images, tag_counts, started_at)
    atomic_write_bytes(path, save(tensors, metadata=metadata))
    return path
