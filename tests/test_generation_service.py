"""The generation service on its own: styles composed from the real library, preferences resolved
into the request, the tiny SD 1.5 kit run, the score step applied, the result kept in history."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PHOTOS

from mmpp_desktop.core.generation import GenerationService, engine_options
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.styles import StyleLibrary, StyleNotFoundError
from mmpp_desktop.core.types import EngineOptions, GenerationRequest, GenerationResult, PromptSource

PHOTO = str(PHOTOS / "obama_small.jpg")


def _request(kit: dict[str, Any], **changes: Any) -> GenerationRequest:
    values: dict[str, Any] = {"input_image": PHOTO, "model": kit["single_file"], "prompt": "a portrait",
                              "size": 64, "steps": 4, "strength": 0.5, "guidance": 2.0, "seed": 3, "device": "cpu"}
    return GenerationRequest(**{**values, **changes})


def test_compose_run_score_and_record_on_the_tiny_kit(tiny_kit_sd15: dict[str, Any]) -> None:
    paths = resolve_paths().ensure()
    ink = StyleLibrary(paths).import_lora(Path(tiny_kit_sd15["loras"][0]), name="Ink")
    lcm_lora = tiny_kit_sd15["loras"][1]
    scored: list[GenerationResult] = []

    def brightness_scorer(result: GenerationResult) -> GenerationResult:
        """A stand-in score step that measures something real: the mean brightness."""
        scored.append(result)
        mean = float(np.asarray(result.images[0].convert("L")).mean())
        return dataclasses.replace(result, recipe={**result.recipe, "scores": {"brightness": mean}})

    service = GenerationService(paths, Settings(sd15_lcm_lora=lcm_lora, device="cpu"), scorer=brightness_scorer)
    result = service.generate(_request(tiny_kit_sd15, scheduler="lcm"), [("watercolor", 1.0), ("ink", 0.5)])

    request = result.request
    assert "watercolor" in request.prompt.lower() and "a portrait" in request.prompt
    assert request.source == PromptSource("a portrait", "", (("Watercolor", 1.0), ("Ink", 0.5)))
    assert request.acceleration_lora == lcm_lora, "the LCM-LoRA comes from the preferences into the request"
    assert [(entry["name"], entry["weight"]) for entry in result.recipe["loras"]] == [
        ("Ink", round(ink.loras[0].default_weight * 0.5, 4)), ("LCM-LoRA", 1.0)]
    assert len(scored) == 1 and scored[0].request == request
    assert 0.0 < result.recipe["scores"]["brightness"] < 255.0

    entry_id = service.record(result)
    entry = HistoryStore(paths).get(entry_id)
    assert entry.recipe["scores"] == result.recipe["scores"]
    assert GenerationRequest.from_dict(entry.recipe["request"]) == request
    assert set(entry.styles) == {"Ink", "Watercolor"}
    service.release()


def test_classic_runs_without_a_model_and_the_history_limit_applies() -> None:
    paths = resolve_paths().ensure()
    service = GenerationService(paths, Settings(history_limit=2))
    ids = []
    for seed in range(3):
        request = GenerationRequest(input_image=str(PHOTOS / "obama.jpg"), classic="sketch", seed=seed, size=96)
        result = service.generate(request)
        assert result.request.classic == "sketch" and result.recipe["steps"] == 0
        ids.append(service.record(result))
    assert service.engine.base_loads == 0
    store = HistoryStore(paths)
    assert [entry.id for entry in store.list()] == ids[:0:-1]
    assert [entry.id for entry in store.list(trashed=True)] == ids[:1]
    with pytest.raises(StyleNotFoundError, match="No Such Style"):
        service.compose(request, [("No Such Style", 1.0)])


def test_explicit_model_paths_win_and_nothing_is_invented(tiny_kit_sd15: dict[str, Any]) -> None:
    service = GenerationService(resolve_paths().ensure(), Settings(sd15_tcd_lora="/configured/tcd.safetensors"))
    tcd = _request(tiny_kit_sd15, scheduler="tcd")
    assert service.resolve(tcd).acceleration_lora == "/configured/tcd.safetensors"
    assert service.resolve(dataclasses.replace(tcd, acceleration_lora="")).acceleration_lora == ""
    assert service.resolve(_request(tiny_kit_sd15, scheduler="lcm")).acceleration_lora is None, "none configured"
    euler = _request(tiny_kit_sd15, scheduler="euler")
    assert service.resolve(euler) == euler


def test_new_settings_reach_the_warm_engine_without_a_reload(tiny_kit_sd15: dict[str, Any],
                                                            tmp_path: Path) -> None:
    service = GenerationService(resolve_paths().ensure(), Settings(device="cpu"))
    service.generate(_request(tiny_kit_sd15))
    taesd = str(tmp_path / "taesd")
    service.update_settings(Settings(device="cpu", precision="fp32", sd15_tiny_autoencoder=taesd, history_limit=5))
    assert service.engine.options == EngineOptions(device="cpu", precision="fp32", preview_decoders={"sd15": taesd})
    service.generate(_request(tiny_kit_sd15, seed=4))
    assert service.engine.base_loads == 1


def test_engine_options_follow_the_preferences() -> None:
    options = engine_options(Settings(device="cuda", precision="bf16", torch_compile=True,
                                      sdxl_tiny_autoencoder="/models/taesdxl"))
    assert options == EngineOptions(device="cuda", precision="bf16", compile=True,
                                    preview_decoders={"sdxl": "/models/taesdxl"})
