"""Device and precision choice, and memory savers picked from available memory.

CPU runs fp32: bf16 on CPUs without bf16 instructions is about 100x slower. CUDA uses bf16
where supported (no fp16 VAE overflow), else fp16; Apple MPS uses fp16.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from mmpp_desktop.core.engine.errors import DeviceUnavailableError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

# GPU memory (GiB) below which a family runs with model CPU offload.
OFFLOAD_BELOW_GIB = {"sd15": 5.0, "sdxl": 9.0}
# Output side above which the VAE decodes in tiles.
VAE_TILING_ABOVE = 1024


@dataclass(frozen=True)
class DeviceChoice:
    device: str
    dtype_name: str

    @property
    def dtype(self) -> Any:
        import torch

        return getattr(torch, {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16"}[self.dtype_name])


def choose_device(requested: str = "auto", precision: str = "auto") -> DeviceChoice:
    import torch

    mps = getattr(torch.backends, "mps", None)
    mps_ok = bool(mps and mps.is_available())
    if requested == "auto":
        requested = "cuda" if torch.cuda.is_available() else "mps" if mps_ok else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise DeviceUnavailableError(QT_TRANSLATE_NOOP(
            "engine.devices", "CUDA was requested but no CUDA GPU is available; choose auto or cpu."))
    if requested == "mps" and not mps_ok:
        raise DeviceUnavailableError(QT_TRANSLATE_NOOP(
            "engine.devices", "Apple MPS was requested but is not available here; choose auto or cpu."))
    if precision != "auto":
        return DeviceChoice(requested, precision)
    if requested == "cuda":
        return DeviceChoice("cuda", "bf16" if torch.cuda.is_bf16_supported() else "fp16")
    return DeviceChoice(requested, "fp16" if requested == "mps" else "fp32")


def gpu_memory_gib(device: str) -> float | None:
    import torch

    if device != "cuda":
        return None
    free, _total = torch.cuda.mem_get_info()
    return free / 2**30


def apply_memory_savers(pipe: Any, device: str, family: str, size: int, force_offload: bool = False) -> list[str]:
    """Move the pipeline to the device with the savers this machine needs; returns what was enabled."""
    enabled: list[str] = []
    free = gpu_memory_gib(device)
    offload = device == "cuda" and (force_offload or (free is not None and free < OFFLOAD_BELOW_GIB[family]))
    if not offload:
        try:
            pipe.to(device)
        except Exception as error:
            if device != "cuda" or not is_out_of_memory(error):
                raise
            log.warning("The model does not fit on the GPU; using model CPU offload")
            pipe.to("cpu")
            offload = True
    if offload:
        pipe.enable_model_cpu_offload()
        enabled.append("model CPU offload")
    if device != "cpu" and free is not None and free < OFFLOAD_BELOW_GIB[family] / 2:
        pipe.enable_attention_slicing()
        enabled.append("attention slicing")
    if size > VAE_TILING_ABOVE:
        pipe.vae.enable_tiling()
        enabled.append("VAE tiling")
    else:
        pipe.vae.disable_tiling()
    return enabled


def is_out_of_memory(error: BaseException) -> bool:
    import torch

    return isinstance(error, torch.OutOfMemoryError) or "out of memory" in str(error).lower()
