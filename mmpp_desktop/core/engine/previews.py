"""Cheap step previews: a linear latent → RGB map, or a tiny autoencoder when one is on disk.

The 4x3 factors are the widely published approximations (A1111/ComfyUI) for each family's
VAE latent space; they cost one matrix product per step and need no weights.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

log = logging.getLogger(__name__)

LATENT_RGB_FACTORS = {
    "sd15": ((0.3512, 0.2297, 0.3227), (0.3250, 0.4974, 0.2350), (-0.2829, 0.1762, 0.2721),
             (-0.2120, -0.2616, -0.7177)),
    "sdxl": ((0.3651, 0.4232, 0.4341), (-0.2533, -0.0042, 0.1068), (0.1076, 0.1111, -0.0362),
             (-0.3165, -0.2492, -0.2188)),
}
LATENT_RGB_BIAS = {"sd15": (0.0, 0.0, 0.0), "sdxl": (0.1084, -0.0175, -0.0011)}


def linear_preview(latents: Any, family: str) -> Image.Image:
    """The first latent of a batch as an RGB image (latent resolution)."""
    array = latents[0].detach().float().cpu().numpy()  # (4, h, w)
    rgb = np.einsum("chw,cr->hwr", array, np.asarray(LATENT_RGB_FACTORS[family])) + LATENT_RGB_BIAS[family]
    return Image.fromarray(np.clip((rgb + 1.0) * 127.5, 0, 255).astype(np.uint8))


class TinyAutoencoderPreview:
    """taesd/taesdxl from a local folder: sharper previews for a few milliseconds per step."""

    def __init__(self, folder: Path, device: Any, dtype: Any) -> None:
        from diffusers import AutoencoderTiny

        self.decoder = AutoencoderTiny.from_pretrained(folder, torch_dtype=dtype, local_files_only=True).to(device)

    def __call__(self, latents: Any) -> Image.Image:
        import torch

        with torch.no_grad():
            decoded = self.decoder.decode(latents[:1].to(self.decoder.dtype)).sample[0]
        array = ((decoded.float().clamp(-1, 1) + 1) * 127.5).permute(1, 2, 0).cpu().numpy()
        return Image.fromarray(array.astype(np.uint8))
