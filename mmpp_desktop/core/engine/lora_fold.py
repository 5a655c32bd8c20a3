"""Fold a blend of LoRA styles into one low-rank update per layer.

A style is a set of per-layer factors `delta W = up @ down` (the LoRA's alpha/rank scale is
already multiplied into `up`). A blend `sum_i w_i * up_i @ down_i` is the same as ONE LoRA of
concatenated rank: `down` stacked, `up` scaled by the weights and placed side by side. The
compiled path applies that single update to the base weights in place, so a style switch
changes tensor values only and never the module structure a compiled graph depends on.

Reading a file goes through diffusers' own `load_lora_weights` (kohya, diffusers and peft
layouts, alphas, text encoders) into a temporary adapter, whose factors are copied out
before the adapter is unloaded again: no LoRA layout is parsed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

# (component, module path) — e.g. ("unet", "down_blocks.0.attentions.0.proj_in")
LayerKey = tuple[str, str]
# down: (rank, in[, kh, kw]); up: (out, rank[, 1, 1]) with the LoRA scale folded in
Factors = tuple[torch.Tensor, torch.Tensor]
LoraFactors = dict[LayerKey, Factors]

_HARVEST_ADAPTER = "mmpp_fold_harvest"


class UnfoldableLoraError(UserFacingError):
    """A LoRA that is not a plain low-rank update (DoRA, LoRA bias) cannot be folded."""


def lora_components(pipe: Any) -> list[str]:
    """The pipeline parts a LoRA file can adapt (UNet and text encoders that are present)."""
    return [name for name in pipe._lora_loadable_modules if getattr(pipe, name, None) is not None]


def read_lora_factors(pipe: Any, path: str) -> LoraFactors:
    """Per-layer factors of one LoRA file, read through diffusers and copied to the CPU.

    The pipeline must hold no other adapter: the temporary one is removed with
    `unload_lora_weights`, which restores the original modules, and the `requires_grad` flags
    peft changed are put back, so a compiled UNet still matches its guards.
    """
    from peft.tuners.lora import LoraLayer

    present = {name: adapters for name, adapters in pipe.get_list_adapters().items() if adapters}
    if present:
        raise RuntimeError(f"folding needs a pipeline without peft adapters, found {present}")
    components = lora_components(pipe)
    # peft freezes every base parameter when it injects; a compiled graph guards on requires_grad
    flags = [(parameter, parameter.requires_grad) for component in components
             for parameter in getattr(pipe, component).parameters()]
    pipe.load_lora_weights(path, adapter_name=_HARVEST_ADAPTER)
    try:
        factors: LoraFactors = {}
        for component in components:
            for name, module in getattr(pipe, component).named_modules():
                if not isinstance(module, LoraLayer) or _HARVEST_ADAPTER not in module.lora_A:
                    continue
                factors[(component, name)] = _layer_factors(module, path)
    finally:
        pipe.unload_lora_weights()
        for parameter, requires_grad in flags:
            parameter.requires_grad_(requires_grad)
    return factors


def _layer_factors(module: Any, path: str) -> Factors:
    if module.use_dora.get(_HARVEST_ADAPTER, False) or module.lora_B[_HARVEST_ADAPTER].bias is not None:
        raise UnfoldableLoraError(QT_TRANSLATE_NOOP(
            "engine.lora_fold",
            "The LoRA {path} uses DoRA or a LoRA bias, which the compiled mode cannot apply; turn compilation off."
        ).format(path=path))
    down = module.lora_A[_HARVEST_ADAPTER].weight.detach()
    up = module.lora_B[_HARVEST_ADAPTER].weight.detach()
    if up.dim() == 4 and up.shape[2:] != (1, 1):
        raise UnfoldableLoraError(QT_TRANSLATE_NOOP(
            "engine.lora_fold", "The LoRA {path} has a convolution layout the compiled mode cannot apply."
        ).format(path=path))
    scale = float(module.scaling[_HARVEST_ADAPTER])
    return down.to("cpu", torch.float32, copy=True), (up.to("cpu", torch.float32) * scale).contiguous()


def fold_blend(blend: Sequence[tuple[LoraFactors, float]]) -> LoraFactors:
    """One LoRA of concatenated rank equal to the weighted sum of the styles' updates."""
    parts: dict[LayerKey, list[tuple[torch.Tensor, torch.Tensor, float]]] = {}
    for factors, weight in blend:
        if weight == 0.0:
            continue
        for key, (down, up) in factors.items():
            parts.setdefault(key, []).append((down, up, weight))
    return {
        key: (torch.cat([down for down, _, _ in items]), torch.cat([up * weight for _, up, weight in items], dim=1))
        for key, items in parts.items()
    }


def delta_weight(factors: Factors, weight_shape: torch.Size) -> torch.Tensor:
    """The dense update `up @ down` shaped like the layer weight (Linear or Conv2d), in fp32."""
    down, up = factors
    return (up.flatten(1) @ down.flatten(1)).reshape(weight_shape)
