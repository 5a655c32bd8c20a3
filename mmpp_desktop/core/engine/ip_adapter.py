"""IP-Adapter: load from a local folder in the common layout, scale per mode, cached embeddings.

Modes follow InstantStyle: `style` feeds only the first attention-bearing up block (its
middle layer when it has three, as SDXL's `up.block_0 = [0, 1, 0]`), `composition` only the
deepest attention-bearing down block (its second layer when it has two). The blocks are
found from the UNet itself because SD 1.5 and SDXL put attention in different blocks.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mmpp_desktop.core.engine.errors import InvalidModelError, ModelNotFoundError, WrongFamilyError
from mmpp_desktop.core.engine.loading import made_for, warnings_to_log
from mmpp_desktop.core.lora_files import family_title, read_safetensors_header
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

_WEIGHT_PATTERNS = ("ip-adapter*.safetensors", "ip-adapter*.bin", "*.safetensors", "*.bin")
_SUBFOLDERS = ("models", "sdxl_models", ".")


def find_weights(folder: Path, family: str) -> tuple[str, str]:
    """(subfolder, weight file name) of the IP-Adapter in `folder`, preferring the family's file.

    A full h94/IP-Adapter clone holds SD 1.5 files in `models/` and SDXL ones in `sdxl_models/`;
    names containing "xl" are SDXL adapters.
    """
    if not folder.is_dir():
        raise ModelNotFoundError(QT_TRANSLATE_NOOP("engine.ip_adapter", "The IP-Adapter folder {folder} does not exist.").format(
            folder=folder))
    candidates = [(sub, path) for sub in _SUBFOLDERS for pattern in _WEIGHT_PATTERNS
                  for path in sorted((folder / sub).glob(pattern))]
    preferred = [(sub, path) for sub, path in candidates if ("xl" in path.name.lower()) == (family == "sdxl")]
    if not candidates:
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.ip_adapter", "{name} holds no IP-Adapter weights (expected models/ip-adapter_*.safetensors)."
        ).format(name=folder.name))
    # The plain adapter has the shortest name (ip-adapter_sd15 before ip-adapter-plus-face_sd15).
    sub, path = min(preferred or candidates, key=lambda item: len(item[1].name))
    return sub, path.name


def image_encoder_folder(folder: Path, subfolder: str, weight_name: str) -> str:
    """The encoder folder relative to `subfolder`: its own `image_encoder/`, except that the
    SDXL "vit-h" adapters use the SD 1.5 ViT-H encoder in `models/image_encoder/`."""
    vit_h = folder / "models" / "image_encoder"
    if "vit-h" in weight_name.lower() and vit_h.is_dir() and subfolder != "models":
        return "../models/image_encoder"
    if (folder / subfolder / "image_encoder").is_dir():
        return "image_encoder"
    return "../image_encoder"


def check_ip_adapter(model: str, family: str, width: int | None) -> tuple[Path, str, str]:
    """(folder, subfolder, weight file) of a usable IP-Adapter, judged from its files alone.

    Runs before the base model loads: the folder must exist, hold adapter weights with an
    IP-Adapter's tensors (safetensors header; `.bin` is read later with weights_only) and an
    image encoder, and match the base's cross-attention `width` when that is known.
    """
    folder = Path(model).expanduser()
    subfolder, weight_name = find_weights(folder, family)
    weights = folder / subfolder / weight_name
    adapter_width = None
    if weights.suffix.lower() == ".safetensors":
        tensors = read_safetensors_header(weights).tensors
        if not any(name.startswith("image_proj.") for name in tensors) \
                or not any(name.startswith("ip_adapter.") for name in tensors):
            raise InvalidModelError(QT_TRANSLATE_NOOP(
                "engine.ip_adapter", "{name} is not an IP-Adapter (no image_proj and ip_adapter weights)."
            ).format(name=weight_name))
        widths = {info.shape[1] for name, info in tensors.items()
                  if name.endswith("to_k_ip.weight") and len(info.shape) == 2}
        adapter_width = min(widths) if widths else None
    encoder = folder / subfolder / image_encoder_folder(folder, subfolder, weight_name)
    if not (encoder / "config.json").is_file():
        raise InvalidModelError(QT_TRANSLATE_NOOP(
            "engine.ip_adapter", "{name} has no image encoder (expected an image_encoder folder beside {weights})."
        ).format(name=folder.name, weights=weight_name))
    if width is not None and adapter_width is not None and adapter_width != width:
        raise WrongFamilyError(QT_TRANSLATE_NOOP(
            "engine.ip_adapter", "{name} is an IP-Adapter for {made_for}, but the model is {family}."
        ).format(name=weight_name, made_for=made_for(adapter_width), family=family_title(family)))
    return folder, subfolder, weight_name


def mode_scale(unet: Any, mode: str, scale: float) -> float | dict[str, Any]:
    """The `set_ip_adapter_scale` argument for a mode on this UNet's block structure."""
    if mode == "full":
        return scale
    if mode == "style":
        index, block = next((i, b) for i, b in enumerate(unet.up_blocks) if getattr(b, "attentions", None))
        count = len(block.attentions)
        layers = [0.0, scale, 0.0] if count == 3 else [scale] * count
        return {"up": {f"block_{index}": layers}}
    if mode == "composition":
        index, block = [(i, b) for i, b in enumerate(unet.down_blocks) if getattr(b, "attentions", None)][-1]
        count = len(block.attentions)
        layers = [0.0, scale] if count == 2 else [scale] * count
        return {"down": {f"block_{index}": layers}}
    raise ValueError(f"unknown IP-Adapter mode {mode!r}")


class IPAdapterState:
    """Which adapter is loaded into the base pipeline, plus cached reference embeddings."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.weight_file: Path | None = None
        self._embeds: dict[tuple[str, str], Any] = {}

    def reset(self) -> None:
        self.folder = None
        self.weight_file = None
        self._embeds.clear()

    def ensure(self, pipe: Any, folder: Path, family: str) -> None:
        folder = Path(folder).expanduser()
        if self.folder == folder:
            return
        folder, subfolder, weight_name = check_ip_adapter(str(folder), family, pipe.unet.config.cross_attention_dim)
        weights = (folder / subfolder / weight_name).resolve()
        if self.folder is not None:
            pipe.unload_ip_adapter()
            self.reset()
        encoder = image_encoder_folder(folder, subfolder, weight_name)
        try:
            with warnings_to_log(folder.name):
                pipe.load_ip_adapter(str(folder), subfolder=subfolder, weight_name=weight_name,
                                     image_encoder_folder=encoder, local_files_only=True)
        except Exception as error:  # diffusers raises many types for unusable adapters
            log.exception("Loading IP-Adapter %s failed", folder)
            raise InvalidModelError(QT_TRANSLATE_NOOP(
                "engine.ip_adapter", "The IP-Adapter in {name} could not be loaded; details are in the log."
            ).format(name=folder.name)) from error
        self.folder, self.weight_file = folder, weights

    def embeds(self, pipe: Any, image: Any, image_sha: str, device: str, guidance: bool) -> list[Any]:
        """Reference image embeddings (negative+positive), computed once per image and device."""
        import torch

        key = (image_sha, device)
        if key not in self._embeds:
            with torch.no_grad():
                self._embeds[key] = pipe.prepare_ip_adapter_image_embeds(image, None, device, 1, True)
        both = self._embeds[key]
        return both if guidance else [tensor.chunk(2)[1] for tensor in both]

    def zero_embeds(self, pipe: Any, device: str, dtype: Any, guidance: bool) -> list[Any]:
        """Embeddings that contribute nothing (used with scale 0 when a request has no reference)."""
        import torch

        width = pipe.image_encoder.config.projection_dim
        return [torch.zeros((2 if guidance else 1, 1, width), device=device, dtype=dtype)]
