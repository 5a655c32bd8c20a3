"""torch.compile for the UNet that survives style and IP-Adapter scale switches.

Why weights, not adapters: a compiled graph is guarded on module structure and on the
Python values the forward reads. peft adapters change both (new modules per adapter, the
active-adapter list, float scalings), and IP-Adapter processors read their scale as a
Python float — so `set_adapters` and `set_ip_adapter_scale` recompile (30–40 s each on a
CPU). Here every switch only rewrites tensor values in place:

- LoRA styles: the blend is folded into one concatenated-rank update per layer
  (`lora_fold.fold_blend`) and written into the base weights as `pristine + up @ down`.
  The UNet never holds a peft layer, so there is also no per-step LoRA cost.
- IP-Adapter scale: the processors keep a constant scale of 1.0 and the scale goes into
  their `to_v_ip` weights instead. Attention is linear in its values,
  `SDPA(q, k, s * v) == s * SDPA(q, k, v)`, and `to_v_ip` has no bias, so this is the same
  result. Per-block scales (InstantStyle modes) come from diffusers' own
  `set_ip_adapter_scale`, then move into the weights.

Pristine copies of the layers a blend touched are kept (on the CPU) so every switch starts
from the original weights and errors never accumulate, in fp16 as in fp32.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Sequence
from typing import Any

import torch

from mmpp_desktop.core.engine.lora_fold import (
    LayerKey,
    LoraFactors,
    delta_weight,
    fold_blend,
    read_lora_factors,
)

_IP_PROCESSOR_NAMES = ("IPAdapterAttnProcessor", "IPAdapterAttnProcessor2_0", "IPAdapterXFormersAttnProcessor")


def compile_unet(pipe: Any, **compile_kwargs: Any) -> None:
    """Compile the UNet in place (`pipe.unet = torch.compile(...)` would break LoRA loading)."""
    pipe.unet.compile(**compile_kwargs)


def compiled_graph_count() -> int:
    """Graphs dynamo has compiled in this process; a recompile adds one."""
    from torch._dynamo.utils import counters

    return int(counters["stats"]["unique_graphs"])


def _file_key(path: str) -> tuple[str, int, int]:
    stat = os.stat(path)
    return (os.path.realpath(path), stat.st_size, stat.st_mtime_ns)


class FoldedAdapters:
    """Applies LoRA blends and IP-Adapter scales to a pipeline by rewriting weights in place.

    Owns all LoRA application for its pipeline: no peft adapter may be loaded next to it.
    Make a new one when the base model is reloaded; a reloaded IP-Adapter is noticed.
    """

    def __init__(self, pipe: Any) -> None:
        self._pipe = pipe
        self._factors: dict[tuple[str, int, int], LoraFactors] = {}
        self._pristine: dict[LayerKey, torch.Tensor] = {}
        # (processor name, image index) -> (the projection weight, its unscaled copy)
        self._ip_pristine: dict[tuple[str, int], tuple[weakref.ref[torch.Tensor], torch.Tensor]] = {}
        self._blend_key: tuple[tuple[tuple[str, int, int], float], ...] = ()

    def factors(self, path: str) -> LoraFactors:
        """The factors of one LoRA file, read once and cached by path, size and mtime."""
        key = _file_key(path)
        if key not in self._factors:
            self._factors[key] = read_lora_factors(self._pipe, path)
        return self._factors[key]

    @torch.no_grad()
    def set_styles(self, blend: Sequence[tuple[str, float]]) -> None:
        """Make the weights equal base + the weighted sum of these LoRA files (path, weight)."""
        blend_key = tuple((_file_key(path), float(weight)) for path, weight in blend if weight != 0.0)
        if blend_key == self._blend_key:
            return
        folded = fold_blend([(self.factors(path), float(weight)) for path, weight in blend])
        for key in set(self._pristine) | set(folded):
            layer = self._layer(key)
            pristine = self._pristine.setdefault(key, layer.weight.detach().to("cpu", copy=True))
            if key in folded:
                target = pristine.float() + delta_weight(folded[key], pristine.shape)
                layer.weight.copy_(target)
            else:
                layer.weight.copy_(pristine)
        self._blend_key = blend_key

    def set_ip_adapter_scale(self, scale: Any) -> None:
        """Same arguments and effect as `pipe.set_ip_adapter_scale`, without touching the guards."""
        self._pipe.set_ip_adapter_scale(scale)
        self.fold_ip_adapter_scale()

    @torch.no_grad()
    def fold_ip_adapter_scale(self) -> None:
        """Move the scales diffusers just set on the IP-Adapter processors into their `to_v_ip` weights."""
        for name, processor in self._ip_processors():
            for index, value in enumerate(processor.scale):
                if isinstance(value, list):
                    raise ValueError("per-image IP-Adapter scales are not supported by the compiled mode")
                projection = processor.to_v_ip[index].weight
                known = self._ip_pristine.get((name, index))
                if known is None or known[0]() is not projection:  # first use, or a (re)loaded IP-Adapter
                    known = (weakref.ref(projection), projection.detach().to("cpu", copy=True))
                    self._ip_pristine[(name, index)] = known
                projection.copy_(known[1].float() * float(value))
                processor.scale[index] = 1.0

    def _ip_processors(self) -> list[tuple[str, Any]]:
        processors = self._pipe.unet.attn_processors.items()
        return [(name, p) for name, p in processors if type(p).__name__ in _IP_PROCESSOR_NAMES]

    def _layer(self, key: LayerKey) -> torch.nn.Module:
        component, name = key
        return getattr(self._pipe, component).get_submodule(name)
