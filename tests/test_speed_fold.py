"""Folding a LoRA blend / IP-Adapter scale into weights gives the eager diffusers result.

The compiled mode (`core/engine/compiled.py`) never loads peft adapters into the UNet; these
tests prove that what it writes into the weights equals what diffusers computes with
`set_adapters(names, weights)` and `set_ip_adapter_scale(...)`, on the real tiny kit.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from mmpp_desktop.core.engine.compiled import FoldedAdapters
from mmpp_desktop.core.engine.lora_fold import delta_weight, fold_blend, read_lora_factors

BLENDS = ([0.8, 0.0, 0.0], [0.7, 0.5, 0.0], [0.3, 1.0, 0.6])
# Latents reach |8| on the random tiny kit, which amplifies fp32 rounding: diffusers' own
# `fuse_lora` differs from eager `set_adapters` by up to 1.7e-3 on the 3-style blend.
LATENT_ATOL = 5e-3


@pytest.fixture
def kit(tiny_kit_sd15: dict[str, Any]) -> dict[str, Any]:
    return tiny_kit_sd15


def _pipe(kit: dict[str, Any], *, ip_adapter: bool = False) -> Any:
    from diffusers import StableDiffusionPipeline

    pipe = StableDiffusionPipeline.from_pretrained(kit["base"], local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    if ip_adapter:
        pipe.load_ip_adapter(kit["ip_adapter"], subfolder="models", weight_name="ip-adapter_sd15.safetensors",
                             image_encoder_folder="image_encoder", local_files_only=True)
    return pipe


def _latents(pipe: Any, **extra: Any) -> np.ndarray:
    result = pipe("a portrait", num_inference_steps=2, guidance_scale=3.0, height=256, width=256,  # 32x32 latents
                  generator=torch.Generator().manual_seed(7), output_type="latent", **extra)
    return result.images.float().numpy()


def test_folded_factors_equal_peft_delta(kit: dict[str, Any]) -> None:
    """Each harvested layer reproduces peft's own delta weight for that adapter."""
    pipe = _pipe(kit)
    factors = read_lora_factors(pipe, kit["loras"][0])
    assert {component for component, _ in factors} == {"unet", "text_encoder"}
    assert pipe.get_list_adapters() == {} or not any(pipe.get_list_adapters().values())
    pipe.load_lora_weights(kit["loras"][0], adapter_name="eager")
    for (component, name), layer_factors in factors.items():
        layer = getattr(pipe, component).get_submodule(name)
        expected = layer.get_delta_weight("eager")
        torch.testing.assert_close(delta_weight(layer_factors, expected.shape), expected, rtol=1e-5, atol=1e-6)


def test_fold_blend_is_weighted_sum_of_updates(kit: dict[str, Any]) -> None:
    pipe = _pipe(kit)
    styles = [read_lora_factors(pipe, path) for path in kit["loras"][:2]]
    folded = fold_blend([(styles[0], 0.7), (styles[1], -0.4)])
    key = next(iter(folded))
    shape = torch.Size([folded[key][1].shape[0], folded[key][0].shape[1]])
    expected = 0.7 * delta_weight(styles[0][key], shape) - 0.4 * delta_weight(styles[1][key], shape)
    assert folded[key][0].shape[0] == styles[0][key][0].shape[0] + styles[1][key][0].shape[0]
    torch.testing.assert_close(delta_weight(folded[key], shape), expected, rtol=1e-5, atol=1e-6)


def test_folded_blend_matches_eager_set_adapters(kit: dict[str, Any]) -> None:
    eager = _pipe(kit)
    names = [f"style{i}" for i in range(len(kit["loras"]))]
    for name, path in zip(names, kit["loras"], strict=True):
        eager.load_lora_weights(path, adapter_name=name)
    folded_pipe = _pipe(kit)
    folded = FoldedAdapters(folded_pipe)
    plain = _latents(folded_pipe)

    results = []
    for weights in BLENDS:
        eager.set_adapters(names, weights)
        folded.set_styles(list(zip(kit["loras"], weights, strict=True)))
        expected, got = _latents(eager), _latents(folded_pipe)
        np.testing.assert_allclose(got, expected, rtol=0, atol=LATENT_ATOL)
        results.append(got)
    assert np.abs(results[0] - results[1]).max() > 100 * LATENT_ATOL, "different blends must differ"

    folded.set_styles([])
    np.testing.assert_array_equal(_latents(folded_pipe), plain)  # pristine weights restored exactly


def test_folded_ip_adapter_scale_matches_eager(kit: dict[str, Any]) -> None:
    reference = Image.new("RGB", (48, 48), (200, 120, 40))
    eager = _pipe(kit, ip_adapter=True)
    folded_pipe = _pipe(kit, ip_adapter=True)
    folded = FoldedAdapters(folded_pipe)
    style_mode = {"up": {"block_1": [1.0]}}  # the tiny SD1.5's only cross-attention up block
    outputs = []
    for scale in (0.6, 0.0, style_mode):
        eager.set_ip_adapter_scale(scale)
        folded.set_ip_adapter_scale(scale)
        processors = [p for p in folded_pipe.unet.attn_processors.values() if hasattr(p, "to_v_ip")]
        assert processors and all(p.scale == [1.0] for p in processors)
        expected = _latents(eager, ip_adapter_image=reference)
        got = _latents(folded_pipe, ip_adapter_image=reference)
        np.testing.assert_allclose(got, expected, rtol=0, atol=LATENT_ATOL)
        outputs.append(got)
    assert np.abs(outputs[0] - outputs[1]).max() > 100 * LATENT_ATOL, "the IP-Adapter scale must matter"
    assert np.abs(outputs[0] - outputs[2]).max() > 100 * LATENT_ATOL, "the per-block mode must matter"


def test_reloaded_ip_adapter_is_scaled_from_its_own_weights(kit: dict[str, Any], tmp_path: Path) -> None:
    """Loading another IP-Adapter after a fold snapshots the new projections, not the old copies."""
    from safetensors.torch import load_file, save_file

    other = tmp_path / "other-ip-adapter"
    shutil.copytree(kit["ip_adapter"], other)
    weights_file = other / "models" / "ip-adapter_sd15.safetensors"
    state = load_file(str(weights_file))
    save_file({key: value * 2.0 if "to_v_ip" in key else value for key, value in state.items()}, str(weights_file))

    reference = Image.new("RGB", (48, 48), (30, 160, 220))
    folded_pipe = _pipe(kit, ip_adapter=True)
    folded = FoldedAdapters(folded_pipe)
    folded.set_ip_adapter_scale(0.5)
    folded_pipe.unload_ip_adapter()
    eager = _pipe(kit)
    for pipe in (folded_pipe, eager):
        pipe.load_ip_adapter(str(other), subfolder="models", weight_name="ip-adapter_sd15.safetensors",
                             image_encoder_folder="image_encoder", local_files_only=True)
    eager.set_ip_adapter_scale(0.7)
    folded.set_ip_adapter_scale(0.7)
    np.testing.assert_allclose(_latents(folded_pipe, ip_adapter_image=reference),
                               _latents(eager, ip_adapter_image=reference), rtol=0, atol=LATENT_ATOL)


def test_reading_a_lora_leaves_requires_grad_as_found(kit: dict[str, Any]) -> None:
    """peft freezes base parameters on injection; a compiled UNet guards on that flag, so it is restored."""
    pipe = _pipe(kit, ip_adapter=True)
    before = {name: p.requires_grad for name, p in pipe.unet.named_parameters()}
    assert any(before.values()), "the freshly loaded IP-Adapter projections require grad"
    read_lora_factors(pipe, kit["loras"][0])
    assert {name: p.requires_grad for name, p in pipe.unet.named_parameters()} == before
