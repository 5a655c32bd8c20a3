"""A compiled UNet does not recompile across style, blend and IP-Adapter scale switches.

One real torch.compile (inductor) of the smallest kit's UNet, so this is the slowest test
of the speed suite (about a minute on two cores); it counts dynamo graphs, never time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from mmpp_desktop.core.engine.compiled import FoldedAdapters, compile_unet, compiled_graph_count


@pytest.mark.timeout(400)
def test_style_and_ip_scale_switches_do_not_recompile(tiny_kit_sd15: dict[str, Any]) -> None:
    from diffusers import StableDiffusionPipeline

    kit = tiny_kit_sd15
    pipe = StableDiffusionPipeline.from_pretrained(kit["base"], local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    pipe.load_ip_adapter(kit["ip_adapter"], subfolder="models", weight_name="ip-adapter_sd15.safetensors",
                         image_encoder_folder="image_encoder", local_files_only=True)
    reference = Image.new("RGB", (48, 48), (200, 120, 40))
    embeds = pipe.prepare_ip_adapter_image_embeds(reference, None, "cpu", 1, True)
    adapters = FoldedAdapters(pipe)
    style_a, style_b, style_c = kit["loras"]

    def generate() -> np.ndarray:
        with torch.inference_mode():
            return pipe("a portrait", num_inference_steps=1, guidance_scale=3.0, height=64, width=64,
                        ip_adapter_image_embeds=embeds, generator=torch.Generator().manual_seed(3),
                        output_type="latent").images.numpy()

    adapters.set_styles([(style_a, 1.0)])
    adapters.set_ip_adapter_scale(0.6)
    compile_unet(pipe)
    warm = generate()
    graphs_after_warmup = compiled_graph_count()
    assert graphs_after_warmup >= 1

    switches = [
        ([(style_b, 1.0)], 0.6),
        ([(style_c, 1.0)], 0.6),
        ([(style_a, 0.7), (style_b, 0.4)], 0.6),
        ([(style_b, 0.3), (style_c, 0.9)], 0.6),
        ([(style_b, 0.3), (style_c, 0.9)], 0.2),
        ([(style_a, 1.0)], {"up": {"block_1": [1.0]}}),
        ([(style_a, 1.0)], 0.6),
    ]
    outputs = []
    for blend, ip_scale in switches:
        adapters.set_styles(blend)
        adapters.set_ip_adapter_scale(ip_scale)
        outputs.append(generate())

    assert compiled_graph_count() - graphs_after_warmup == 0
    # the switches really changed the computation, and going back restores it
    assert all(np.abs(out - warm).max() > 1e-2 for out in outputs[:-1])
    assert len({out.tobytes() for out in outputs[:-1]}) == len(outputs) - 1
    np.testing.assert_allclose(outputs[-1], warm, rtol=0, atol=1e-5)
