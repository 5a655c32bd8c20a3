"""Style start and classic intensity: the two knobs the balance features turn, on real pipelines and pixels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PHOTOS
from PIL import Image

from mmpp_desktop.cli.generate_cmd import apply_style_starts
from mmpp_desktop.core.engine import Engine
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.metadata import a1111_parameters, read_metadata, save_image_with_metadata
from mmpp_desktop.core.types import EngineOptions, GenerationRequest, PromptSource, StyleLora

PHOTO = str(PHOTOS / "obama_small.jpg")


def _request(kit: dict[str, Any], **changes: Any) -> GenerationRequest:
    values: dict[str, Any] = {"input_image": PHOTO, "model": kit["single_file"], "prompt": "a portrait",
                              "size": 64, "steps": 8, "strength": 0.5, "guidance": 2.0, "seed": 5}
    values.update(changes)
    return GenerationRequest(**values)


def _pixels(result: Any) -> np.ndarray:
    return np.asarray(result.images[0]).astype(np.int16)


def _differ(a: np.ndarray, b: np.ndarray) -> bool:
    return float(np.abs(a - b).mean()) > 1.0


def test_style_start_switches_the_style_on_mid_denoise_without_loading_anything_again(
        tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    lora = tiny_kit_sd15["loras"][0]
    plain = _pixels(engine.generate(_request(tiny_kit_sd15)))
    from_start = _pixels(engine.generate(_request(tiny_kit_sd15, styles=(StyleLora(lora, 1.0, "Ink"),))))
    late_result = engine.generate(_request(tiny_kit_sd15, styles=(StyleLora(lora, 1.0, "Ink", start=0.5),)))
    late = _pixels(late_result)
    never = _pixels(engine.generate(_request(tiny_kit_sd15, styles=(StyleLora(lora, 1.0, "Ink", start=1.0),))))
    assert _differ(late, from_start) and _differ(late, plain)
    assert np.array_equal(never, plain)  # a start at the last step leaves every step without the style
    assert engine.base_loads == 1 and engine._loras.loaded_count == 1
    # The switch is per request: the next request without a start has the style on from step 0 again.
    assert np.array_equal(_pixels(engine.generate(_request(tiny_kit_sd15, styles=(StyleLora(lora, 1.0, "Ink"),)))),
                          from_start)

    recipe = late_result.recipe
    assert recipe["loras"][0]["start"] == 0.5 and recipe["loras"][0]["weight"] == 1.0
    assert GenerationRequest.from_dict(recipe["request"]).styles[0].start == 0.5
    parameters = a1111_parameters(recipe)
    assert 'Lora starts: "Ink: 0.5"' in parameters
    save_image_with_metadata(late_result.images[0], tmp_path / "late.png", recipe)
    assert read_metadata(tmp_path / "late.png").to_request(PHOTO).styles[0].start == 0.5


def test_old_recipes_without_start_or_intensity_still_load() -> None:
    old = {"input_image": "a.jpg", "styles": [{"path": "x.safetensors", "weight": 0.5, "name": "X"}],
           "source": {"prompt": "p", "negative_prompt": "", "styles": [["X", 0.5]]}}
    request = GenerationRequest.from_dict(old)
    assert request.styles[0].start == 0.0 and request.intensity == 1.0 and request.source.starts == ()
    assert GenerationRequest.from_json(request.to_json()) == request


def test_style_start_specs_match_library_names_and_lora_files_as_given_to_style() -> None:
    request = GenerationRequest(
        input_image="a.jpg", styles=(StyleLora("/l/ink.safetensors", 0.8, "Ink"), StyleLora("/x/b.safetensors", 1, "b")),
        source=PromptSource(styles=(("Ink", 1.0),)))
    started = apply_style_starts(request, ["ink=0.3", "/x/b.safetensors=0.6"])
    assert [style.start for style in started.styles] == [0.3, 0.6]
    assert started.source is not None and started.source.starts == (("Ink", 0.3),)
    for bad in (["Ink=1.5"], ["Ink"], ["Ink=x"], ["=0.2"]):
        with pytest.raises(InvalidInputError, match="STYLE=F"):
            apply_style_starts(request, bad)
    with pytest.raises(InvalidInputError, match="'other'.*--style"):
        apply_style_starts(request, ["other=0.2"])


@pytest.mark.parametrize("style", ["cartoon", "sketch", "watercolor"])
def test_classic_intensity_blends_from_the_crop_to_the_full_filter(style: str, tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)

    def run(intensity: float) -> tuple[np.ndarray, Any]:
        result = engine.generate(GenerationRequest(input_image=str(PHOTOS / "obama.jpg"), classic=style,  # type: ignore[arg-type]
                                                   size=96, intensity=intensity))
        return np.asarray(result.images[0]).astype(np.int16), result

    zero, result = run(0.0)
    assert np.array_equal(zero, np.asarray(result.input_crop.convert("RGB")).astype(np.int16))
    full, _ = run(1.0)
    quarter, _ = run(0.25)
    three_quarters, _ = run(0.75)
    distances = [float(np.abs(image - zero).mean()) for image in (quarter, three_quarters, full)]
    assert distances[0] < distances[1] < distances[2]
    assert result.recipe["intensity"] == 0.0 and result.recipe["request"]["intensity"] == 0.0
    with pytest.raises(InvalidInputError, match="intensity"):
        run(1.5)


def test_generate_cli_takes_intensity_and_style_start(tiny_kit_sd15: dict[str, Any], tmp_path: Path,
                                                      data_dir: Path) -> None:
    from test_cli_generate import _generate

    output = tmp_path / "soft.png"
    done = _generate("--classic", "cartoon", "--intensity", "0.4", "--input", str(PHOTOS / "obama.jpg"),
                     "--output", str(output), "--size", "96", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert json.loads(Image.open(output).text["mmpp_recipe"])["request"]["intensity"] == 0.4

    lora = tiny_kit_sd15["loras"][0]
    output = tmp_path / "late.png"
    done = _generate("--model", tiny_kit_sd15["single_file"], "--input", PHOTO, "--output", str(output),
                     "--style", f"{lora}:0.9", "--style-start", f"{lora}=0.25", "--steps", "8", "--size", "64",
                     "--device", "cpu", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    image = Image.open(output)
    assert json.loads(image.text["mmpp_recipe"])["loras"][0]["start"] == 0.25
    assert "Lora starts: " in image.text["parameters"]
    refused = _generate("--model", tiny_kit_sd15["single_file"], "--input", PHOTO, "--output", str(output),
                        "--style-start", f"{lora}=0.25", data_dir=data_dir)
    assert refused.returncode == 2 and refused.stderr.strip().count("\n") == 0
