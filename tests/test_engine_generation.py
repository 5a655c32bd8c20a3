"""The engine end to end on the tiny SD 1.5 kit: real diffusers pipelines, real files, real photos."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PHOTOS

from mmpp_desktop.core.engine import Engine, GenerationCancelled, WrongFamilyError
from mmpp_desktop.core.types import (
    CancelToken,
    ControlNetSettings,
    EngineOptions,
    GenerationRequest,
    IPAdapterSettings,
    Progress,
    StyleLora,
)

PHOTO = str(PHOTOS / "obama_small.jpg")
REFERENCE = str(PHOTOS / "biden.jpg")


def _request(kit: dict[str, Any], **changes: Any) -> GenerationRequest:
    values: dict[str, Any] = {"input_image": PHOTO, "model": kit["single_file"], "prompt": "a portrait",
                              "size": 64, "steps": 4, "strength": 0.5, "guidance": 2.0, "seed": 3}
    values.update(changes)
    return GenerationRequest(**values)


def _pixels(engine: Engine, request: GenerationRequest) -> np.ndarray:
    result = engine.generate(request)
    assert result.images[0].size == (request.size, request.size)
    return np.asarray(result.images[0]).astype(np.int16)


def _differ(a: np.ndarray, b: np.ndarray) -> bool:
    return float(np.abs(a - b).mean()) > 1.0


@pytest.fixture(scope="module")
def baseline(tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any]) -> np.ndarray:
    return _pixels(tiny_engine_sd15, _request(tiny_kit_sd15))


def test_same_seed_gives_identical_pixels_and_another_seed_does_not(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], baseline: np.ndarray) -> None:
    assert np.array_equal(_pixels(tiny_engine_sd15, _request(tiny_kit_sd15)), baseline)
    assert _differ(_pixels(tiny_engine_sd15, _request(tiny_kit_sd15, seed=4)), baseline)


def test_lora_weights_change_pixels_and_weight_zero_equals_no_lora(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], baseline: np.ndarray) -> None:
    kohya, _, diffusers_layout = tiny_kit_sd15["loras"]
    strong = _pixels(tiny_engine_sd15, _request(tiny_kit_sd15, styles=(StyleLora(kohya, 1.0),)))
    weak = _pixels(tiny_engine_sd15, _request(tiny_kit_sd15, styles=(StyleLora(kohya, 0.4),)))
    zero = _pixels(tiny_engine_sd15, _request(tiny_kit_sd15, styles=(StyleLora(kohya, 0.0),)))
    other = _pixels(tiny_engine_sd15, _request(tiny_kit_sd15, styles=(StyleLora(diffusers_layout, 1.0),)))
    assert _differ(strong, baseline) and _differ(weak, strong) and _differ(other, strong)
    assert np.array_equal(zero, baseline)
    # Switching back to no style really switches the adapters off, and a style after that on again.
    assert np.array_equal(_pixels(tiny_engine_sd15, _request(tiny_kit_sd15)), baseline)
    assert np.array_equal(_pixels(tiny_engine_sd15, _request(tiny_kit_sd15, styles=(StyleLora(kohya, 1.0),))),
                          strong)


def test_style_switches_never_reload_the_base(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    a, b, c = tiny_kit_sd15["loras"]
    for styles in ((StyleLora(a, 0.8),), (StyleLora(b, 0.5), StyleLora(c, 0.3)), (), (StyleLora(a, 0.2),)):
        result = engine.generate(_request(tiny_kit_sd15, styles=styles, seed=len(styles), prompt=str(styles)))
        assert [entry["weight"] for entry in result.recipe["loras"]] == [style.weight for style in styles]
    assert engine.base_loads == 1
    engine.generate(_request(tiny_kit_sd15, model=tiny_kit_sd15["base"]))  # another model: one more load
    assert engine.base_loads == 2
    engine.set_options(EngineOptions(device="cpu"))
    engine.generate(_request(tiny_kit_sd15, model=tiny_kit_sd15["base"]))  # new options, same device: still warm
    assert engine.base_loads == 2


def test_wrong_family_lora_is_refused_before_loading(tiny_kit_sd15: dict[str, Any],
                                                     tiny_kit_sdxl: dict[str, Any], tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    with pytest.raises(WrongFamilyError, match="SDXL LoRA.*SD 1.5"):
        engine.generate(_request(tiny_kit_sd15, styles=(StyleLora(tiny_kit_sdxl["loras"][0]),)))
    assert engine.base_loads == 0


def test_controlnet_scale_changes_the_output(tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any],
                                             baseline: np.ndarray) -> None:
    def with_scale(scale: float) -> np.ndarray:
        controlnet = ControlNetSettings(tiny_kit_sd15["controlnet_canny"], conditioning_scale=scale)
        return _pixels(tiny_engine_sd15, _request(tiny_kit_sd15, controlnet=controlnet))

    full, light = with_scale(1.0), with_scale(0.3)
    assert _differ(full, light) and _differ(full, baseline)
    assert np.array_equal(with_scale(0.0), baseline)


def test_ip_adapter_scale_and_mode_change_the_output(tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any],
                                                     baseline: np.ndarray) -> None:
    def with_ip(scale: float, mode: str = "full", image: str | None = REFERENCE) -> tuple[np.ndarray, dict]:
        settings = IPAdapterSettings(tiny_kit_sd15["ip_adapter"], image=image, scale=scale, mode=mode)  # type: ignore[arg-type]
        result = tiny_engine_sd15.generate(_request(tiny_kit_sd15, ip_adapter=settings))
        return np.asarray(result.images[0]).astype(np.int16), result.recipe

    full, recipe = with_ip(1.0)
    half, _ = with_ip(0.4)
    style, _ = with_ip(1.0, "style")
    composition, _ = with_ip(1.0, "composition")
    assert _differ(full, baseline) and _differ(full, half)
    assert _differ(style, full) and _differ(composition, full) and _differ(style, composition)
    assert _differ(style, baseline) and _differ(composition, baseline)
    assert recipe["ip_adapter"]["mode"] == "full" and len(recipe["ip_adapter"]["image_sha256"]) == 64
    # No reference image while the adapter is loaded: works, and adds nothing.
    no_reference, _ = with_ip(1.0, image=None)
    assert np.array_equal(no_reference, baseline)
    assert np.array_equal(_pixels(tiny_engine_sd15, _request(tiny_kit_sd15)), baseline)


@pytest.mark.parametrize("scheduler,label", [("lcm", "LCM"), ("tcd", "TCD"), ("euler", "Euler a"),
                                             ("dpmpp", "DPM++ 2M Karras")])
def test_every_scheduler_runs(tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], scheduler: str,
                              label: str) -> None:
    result = tiny_engine_sd15.generate(_request(tiny_kit_sd15, scheduler=scheduler, guidance=1.5))
    assert result.recipe["scheduler"]["label"] == label
    assert np.asarray(result.images[0]).std() > 0


def test_acceleration_lora_of_the_request_is_applied(tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any]) -> None:
    lcm_lora = tiny_kit_sd15["loras"][1]
    lcm = tiny_engine_sd15.generate(_request(tiny_kit_sd15, scheduler="lcm", acceleration_lora=lcm_lora))
    assert [(entry["path"], entry["name"]) for entry in lcm.recipe["loras"]] == [(lcm_lora, "LCM-LoRA")]
    assert tiny_engine_sd15.generate(_request(tiny_kit_sd15, scheduler="lcm")).recipe["loras"] == []


def test_cancel_at_step_two_skips_the_decode_and_the_engine_stays_usable(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], baseline: np.ndarray) -> None:
    token = CancelToken()
    seen: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        if progress.step == 2:
            token.cancel()

    decodes = tiny_engine_sd15.decode_count
    with pytest.raises(GenerationCancelled):
        tiny_engine_sd15.generate(_request(tiny_kit_sd15, steps=10, strength=0.6), progress=on_progress,
                                  cancel=token)
    assert [p.step for p in seen] == [1, 2] and seen[0].total == 6
    assert tiny_engine_sd15.decode_count == decodes
    assert np.array_equal(_pixels(tiny_engine_sd15, _request(tiny_kit_sd15)), baseline)


def test_cancel_mid_step_stops_inside_the_unet_and_the_next_run_is_unchanged(
        tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], baseline: np.ndarray) -> None:
    """At 512 px a step takes a good fraction of a second; a cancel a fifth into step 3 must end
    the run well before that step could have finished (its length measured on step 2 of this run)."""
    token = CancelToken()
    seen: list[Progress] = []
    cancelled_at: list[float] = []

    def cancel_later(delay: float) -> None:
        time.sleep(delay)
        cancelled_at.append(time.perf_counter())
        token.cancel()

    def on_progress(progress: Progress) -> None:
        seen.append(progress)
        if progress.step == 2:
            step_time = progress.elapsed - seen[0].elapsed
            threading.Thread(target=cancel_later, args=(0.2 * step_time,), daemon=True).start()

    with pytest.raises(GenerationCancelled):
        tiny_engine_sd15.generate(_request(tiny_kit_sd15, size=512, steps=3, strength=1.0), progress=on_progress,
                                  cancel=token)
    latency = time.perf_counter() - cancelled_at[0]
    step_time = seen[1].elapsed - seen[0].elapsed
    assert [p.step for p in seen] == [1, 2]  # step 3 never finished
    assert latency < 0.5 * step_time, (latency, step_time)
    # no hook or state is left behind: the same request as before gives the same pixels
    assert np.array_equal(_pixels(tiny_engine_sd15, _request(tiny_kit_sd15)), baseline)


def test_a_cancel_before_the_start_loads_nothing(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    token = CancelToken()
    token.cancel()
    with pytest.raises(GenerationCancelled):
        engine.generate(_request(tiny_kit_sd15), cancel=token)
    assert engine.base_loads == 0


def test_progress_brings_previews_and_the_recipe_is_complete(tiny_engine_sd15: Engine,
                                                             tiny_kit_sd15: dict[str, Any]) -> None:
    seen: list[Progress] = []
    style = tiny_kit_sd15["loras"][0]
    result = tiny_engine_sd15.generate(_request(tiny_kit_sd15, styles=(StyleLora(style, 0.7, "Ink"),)),
                                       progress=seen.append)
    assert [p.step for p in seen] == [1, 2] and all(p.preview is not None for p in seen)
    assert seen[0].preview.size == (8, 8)  # latent resolution: image/8, as with real VAEs
    recipe = result.recipe
    for key in ("app", "app_version", "recipe_version", "request", "family", "model", "loras", "controlnet",
                "ip_adapter", "scheduler", "seed", "steps", "guidance", "strength", "width", "height",
                "versions", "device", "dtype", "face"):
        assert key in recipe, key
    assert recipe["family"] == "sd15" and recipe["device"] == "cpu" and recipe["dtype"] == "fp32"
    assert recipe["model"]["name"] == Path(tiny_kit_sd15["single_file"]).stem
    assert len(recipe["model"]["sha256"]) == 64 and recipe["model"]["autov2"] == recipe["model"]["sha256"][:10]
    lora = recipe["loras"][0]
    assert lora["name"] == "Ink" and lora["weight"] == 0.7 and len(lora["a1111_hash"]) == 12
    assert set(recipe["versions"]) == {"python", "torch", "diffusers", "transformers", "peft"}
    assert recipe["face"]["faces_found"] == 1 and len(recipe["face"]["crop_box"]) == 4
    assert GenerationRequest.from_dict(recipe["request"]) == result.request
    assert result.input_crop is not None and result.input_crop.size == (64, 64)


def test_odd_sizes_come_out_exactly_as_asked(tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any]) -> None:
    result = tiny_engine_sd15.generate(_request(tiny_kit_sd15, size=100, num_images=2))
    assert [image.size for image in result.images] == [(100, 100), (100, 100)]


@pytest.mark.parametrize("style", ["cartoon", "sketch", "watercolor"])
def test_classic_filters_need_no_model(style: str, tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    result = engine.generate(GenerationRequest(input_image=str(PHOTOS / "obama.jpg"), classic=style, size=96))  # type: ignore[arg-type]
    assert result.images[0].size == (96, 96) and result.images[0].mode == "RGB"
    assert result.recipe["model"] is None and result.recipe["family"] is None
    assert "Classic filter" in result.recipe["scheduler"]["label"]
    assert engine.base_loads == 0
    # The note the window shows is a translatable sentence around a translatable filter name.
    (note,) = result.messages
    assert (note.context, note.template) == ("engine.engine", "{label} (no AI model used).")
    assert note.params["label"].context == "engine.classic" and note == f"{note.params['label']} (no AI model used)."
    assert not np.array_equal(np.asarray(result.images[0]), np.asarray(result.input_crop))


def test_tiny_autoencoder_previews_when_configured(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    from diffusers import AutoencoderTiny

    folder = tmp_path / "taesd"
    AutoencoderTiny(encoder_block_out_channels=(8, 8), decoder_block_out_channels=(8, 8),
                    num_encoder_blocks=(1, 1), num_decoder_blocks=(1, 1)).save_pretrained(folder)
    engine = Engine(EngineOptions(device="cpu", preview_decoders={"sd15": str(folder)}), cache_dir=tmp_path)
    seen: list[Progress] = []
    engine.generate(_request(tiny_kit_sd15), progress=seen.append)
    assert seen and all(p.preview is not None and p.preview.size == (16, 16) for p in seen)  # 2x the latents


def test_missing_lora_is_named_before_loading(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    from mmpp_desktop.core.errors import InvalidInputError

    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    with pytest.raises(InvalidInputError, match="gone.safetensors does not exist"):
        engine.generate(_request(tiny_kit_sd15, styles=(StyleLora(str(tmp_path / "gone.safetensors")),)))
    assert engine.base_loads == 0


def test_adapter_switching_equals_diffusers_set_adapters(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    """The engine switches LoRAs on a cached layer list; the result must be diffusers' own."""
    import torch
    from diffusers import StableDiffusionPipeline

    from mmpp_desktop.core.engine.adapters import LoraAdapters
    from mmpp_desktop.core.engine.recipe import HashCache

    pipe = StableDiffusionPipeline.from_pretrained(tiny_kit_sd15["base"], local_files_only=True)
    a, b, _ = (Path(path) for path in tiny_kit_sd15["loras"])
    adapters = LoraAdapters(HashCache(tmp_path))
    adapters.apply(pipe, [(a, 1.0, "a"), (b, 1.0, "b")])  # loads both
    adapters.apply(pipe, [(b, 0.3, "b")])
    adapters.apply(pipe, [(a, 0.7, "a"), (b, 0.4, "b")])
    tokens = pipe.tokenizer(["a portrait"], padding="max_length", return_tensors="pt").input_ids
    sample = torch.randn(1, pipe.unet.config.in_channels, 8, 8, generator=torch.Generator().manual_seed(0))

    def outputs() -> tuple[torch.Tensor, torch.Tensor]:
        with torch.inference_mode():
            context = pipe.text_encoder(tokens)[0]
            return context, pipe.unet(sample, 500, context).sample

    ours = outputs()
    pipe.set_adapters([f"lora_{HashCache(tmp_path).sha256(p)[:16]}" for p in (a, b)], [0.7, 0.4])
    theirs = outputs()
    assert torch.equal(ours[0], theirs[0]) and torch.equal(ours[1], theirs[1])
    pipe.set_adapters([f"lora_{HashCache(tmp_path).sha256(b)[:16]}"], [0.3])
    assert not torch.equal(outputs()[1], ours[1])  # the comparison can tell blends apart
