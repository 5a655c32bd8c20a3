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


@pytest.mark.timeout(500)
def test_engine_with_torch_compile_matches_eager_and_never_recompiles(tiny_kit_sd15: dict[str, Any],
                                                                     tmp_path) -> None:
    """The compile option end to end: the same requests through a compiled and an eager engine."""
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.types import EngineOptions, GenerationRequest, IPAdapterSettings, StyleLora
    from tests.conftest import PHOTOS

    kit = tiny_kit_sd15
    style_a, style_b, _ = kit["loras"]

    def request(styles: tuple[StyleLora, ...], ip_scale: float) -> GenerationRequest:
        ip = IPAdapterSettings(kit["ip_adapter"], image=str(PHOTOS / "biden.jpg"), scale=ip_scale)
        return GenerationRequest(input_image=str(PHOTOS / "obama_small.jpg"), model=kit["base"], prompt="a portrait",
                                 styles=styles, ip_adapter=ip, size=64, steps=2, strength=1.0, guidance=3.0,
                                 seed=5, device="cpu")

    requests = [request((StyleLora(style_a, 1.0),), 0.6), request((StyleLora(style_b, 0.8),), 0.6),
                request((StyleLora(style_a, 0.5), StyleLora(style_b, 0.5)), 0.3), request((), 0.0)]
    compiled = Engine(EngineOptions(device="cpu", compile=True), cache_dir=tmp_path)
    eager = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    first = np.asarray(compiled.generate(requests[0]).images[0], dtype=np.int16)
    graphs_after_warmup = compiled_graph_count()
    outputs = [first] + [np.asarray(compiled.generate(r).images[0], dtype=np.int16) for r in requests[1:]]
    assert compiled_graph_count() == graphs_after_warmup
    assert compiled.base_loads == 1
    for got, req in zip(outputs, requests, strict=True):
        expected = np.asarray(eager.generate(req).images[0], dtype=np.int16)
        assert np.abs(got - expected).max() <= 3  # fp32 rounding of folded vs. peft-applied weights
    assert len({out.tobytes() for out in outputs}) == len(outputs)
