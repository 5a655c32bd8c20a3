"""`mmpp-desktop generate` as a user runs it: a subprocess, exit codes, stderr, PNG metadata."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import BAD_INPUTS, PHOTOS
from PIL import Image

from mmpp_desktop.cli.generate_cmd import apply_styles
from mmpp_desktop.core.generation import GenerationService
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.presets import sampler_preset
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.styles import StyleLibrary
from mmpp_desktop.core.types import GenerationRequest

ROOT = Path(__file__).resolve().parents[1]


def _generate(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", "generate", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)


def test_generate_writes_a_png_with_a1111_parameters_and_the_recipe(
        tiny_kit_sd15: dict[str, Any], tmp_path: Path, data_dir: Path) -> None:
    output = tmp_path / "out.png"
    lora = tiny_kit_sd15["loras"][0]
    done = _generate("--model", tiny_kit_sd15["single_file"], "--input", str(PHOTOS / "obama.jpg"),
                     "--output", str(output), "--style", f"{lora}:0.8", "--prompt", "a portrait",
                     "--negative", "blurry", "--controlnet", tiny_kit_sd15["controlnet_canny"],
                     "--control-scale", "0.5", "--ip-adapter", tiny_kit_sd15["ip_adapter"],
                     "--ip-image", str(PHOTOS / "biden.jpg"), "--ip-scale", "0.7", "--ip-mode", "style",
                     "--scheduler", "lcm", "--steps", "4", "--strength", "0.5", "--guidance", "1.5",
                     "--seed", "7", "--size", "64", "--device", "cpu", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr  # library notices go to the log
    image = Image.open(output)
    assert image.format == "PNG" and image.size == (64, 64)
    parameters = image.text["parameters"]
    assert parameters.startswith("a portrait\nNegative prompt: blurry\n")
    for part in ("Steps: 4", "Sampler: LCM", "CFG scale: 1.5", "Seed: 7", "Size: 64x64", "Model: tiny-sd15",
                 "Model hash: "):
        assert part in parameters
    recipe = json.loads(image.text["mmpp_recipe"])
    assert recipe["loras"][0]["weight"] == 0.8 and recipe["controlnet"]["conditioning_scale"] == 0.5
    assert recipe["ip_adapter"]["mode"] == "style" and recipe["scheduler"]["class"] == "LCMScheduler"


def test_steps_and_guidance_default_to_the_scheduler_preset(tiny_kit_sd15: dict[str, Any], tmp_path: Path,
                                                           data_dir: Path) -> None:
    output = tmp_path / "tcd.png"
    done = _generate("--model", tiny_kit_sd15["single_file"], "--input", str(PHOTOS / "obama_small.jpg"),
                     "--output", str(output), "--scheduler", "tcd", "--size", "64", "--device", "cpu",
                     data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    recipe = json.loads(Image.open(output).text["mmpp_recipe"])
    preset = sampler_preset("tcd")
    assert (recipe["steps"], recipe["guidance"]) == (preset.steps, preset.guidance), "the recipe says what ran"
    assert (recipe["request"]["steps"], recipe["request"]["guidance"]) == (preset.steps, preset.guidance)


def test_classic_needs_no_model_and_whole_image_rescues_a_faceless_photo(tmp_path: Path, data_dir: Path) -> None:
    output = tmp_path / "classic.png"
    faceless = tmp_path / "suit.png"  # the portrait's shoulders and suit: no face in it
    Image.open(PHOTOS / "obama.jpg").crop((0, 700, 900, 1137)).save(faceless)
    args = ["--classic", "sketch", "--input", str(faceless), "--output", str(output), "--size", "96"]
    refused = _generate(*args, data_dir=data_dir)
    assert refused.returncode == 2 and "No face was found" in refused.stderr
    done = _generate(*args, "--whole-image", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert Image.open(output).size == (96, 96)
    assert "Classic filter" in json.loads(Image.open(output).text["mmpp_recipe"])["scheduler"]["label"]


def _assert_one_clean_error(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in errors[0]


@pytest.mark.parametrize("name,expected", [
    ("bomb-30000x30000.png", "too large"), ("empty.jpg", "empty"), ("not-an-image.png", "not an image"),
    ("truncated.jpg", "truncated"), ("pickle-checkpoint.ckpt", "not an image"),
    ("truncated.safetensors", "not an image"),
])
def test_every_bad_input_photo_exits_2_with_one_line(name: str, expected: str, tiny_kit_sd15: dict[str, Any],
                                                     tmp_path: Path, data_dir: Path) -> None:
    done = _generate("--model", tiny_kit_sd15["single_file"], "--input", str(BAD_INPUTS / name),
                     "--output", str(tmp_path / "x.png"), "--size", "64", "--steps", "2", data_dir=data_dir)
    _assert_one_clean_error(done, expected, name)
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("model,expected", [
    (str(BAD_INPUTS / "pickle-checkpoint.ckpt"), "pickle"),
    (str(BAD_INPUTS / "truncated.safetensors"), "truncated or corrupt"),
    ("/nonexistent/model.safetensors", "does not exist"),
])
def test_bad_models_exit_2_with_one_line(model: str, expected: str, tmp_path: Path, data_dir: Path) -> None:
    done = _generate("--model", model, "--input", str(PHOTOS / "obama_small.jpg"), "--output",
                     str(tmp_path / "x.png"), data_dir=data_dir)
    _assert_one_clean_error(done, expected)


def test_wrong_family_lora_exits_2_naming_both_families(tiny_kit_sd15: dict[str, Any],
                                                         tiny_kit_sdxl: dict[str, Any], tmp_path: Path,
                                                         data_dir: Path) -> None:
    done = _generate("--model", tiny_kit_sd15["single_file"], "--input", str(PHOTOS / "obama_small.jpg"),
                     "--output", str(tmp_path / "x.png"), "--style", tiny_kit_sdxl["loras"][0],
                     data_dir=data_dir)
    _assert_one_clean_error(done, "SDXL", "SD 1.5")


def test_style_values_resolve_library_styles_and_lora_files(tiny_kit_sd15: dict[str, Any]) -> None:
    paths = resolve_paths().ensure()
    imported = StyleLibrary(paths).import_lora(Path(tiny_kit_sd15["loras"][1]), name="Ink")
    lora_file = tiny_kit_sd15["loras"][0]
    request = GenerationRequest(input_image="in.png", prompt="a portrait", negative_prompt="blurry")
    resolved = apply_styles(request, ["Watercolor:0.5", "ink:0.8", f"{lora_file}:-.5"],
                            GenerationService(paths, Settings()))
    assert "watercolor" in resolved.prompt.lower() and "a portrait" in resolved.prompt
    assert [(lora.name, lora.weight) for lora in resolved.styles] == [
        ("Ink", 0.8), (Path(lora_file).stem, -0.5)]
    assert resolved.styles[0].path == str(imported.loras[0].file)
    assert resolved.source is not None and resolved.source.prompt == "a portrait"
    assert resolved.source.styles == (("Watercolor", 0.5), ("Ink", 0.8))


def test_unknown_style_name_exits_2(tmp_path: Path, data_dir: Path) -> None:
    done = _generate("--classic", "sketch", "--input", str(PHOTOS / "obama_small.jpg"), "--output",
                     str(tmp_path / "x.png"), "--style", "No Such Style", data_dir=data_dir)
    _assert_one_clean_error(done, "No Such Style")


def test_every_generate_is_recorded_in_history(tiny_kit_sd15: dict[str, Any], tmp_path: Path,
                                               data_dir: Path) -> None:
    output = tmp_path / "out.png"
    done = _generate("--model", tiny_kit_sd15["single_file"], "--input", str(PHOTOS / "obama_small.jpg"),
                     "--output", str(output), "--style", "Watercolor", "--prompt", "a portrait", "--steps", "2",
                     "--size", "64", "--seed", "3", "--device", "cpu", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run([sys.executable, "-m", "mmpp_desktop", "--data-dir", str(data_dir), "history", "list",
                             "--json"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert listed.returncode == 0, listed.stderr
    entries = json.loads(listed.stdout)
    assert len(entries) == 1
    assert "watercolor" in Image.open(output).text["parameters"].lower()
    assert "Watercolor" in json.dumps(entries[0])


# ---- refused up front: numbers, text and the output path are checked as the options are parsed ----

NUMERIC_OPTIONS = ["guidance", "strength", "steps", "seed", "size", "control-scale", "ip-scale"]
BAD_NUMBERS = ["nan", "inf", "-inf", "1e308", "-1", "99999999999999999999999", "abc", ""]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("option", NUMERIC_OPTIONS)
def test_every_bad_number_exits_2_naming_its_option_before_the_model_is_looked_at(
        option: str, value: str, tmp_path: Path, data_dir: Path) -> None:
    """Also when the option is unused (--ip-scale without --ip-adapter) and the model does not exist."""
    output = tmp_path / "x.png"
    done = _generate("--model", "/nonexistent/model.safetensors", "--input", str(PHOTOS / "obama_small.jpg"),
                     "--output", str(output), f"--{option}={value}", data_dir=data_dir)
    _assert_one_clean_error(done, f"--{option}")
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert not output.exists()


@pytest.mark.parametrize("args,option", [
    (["--guidance", "nan"], "guidance"), (["--ip-scale", "inf"], "ip-scale"),
    (["--seed", "99999999999999999999999"], "seed"), (["--style", "Watercolor:nan"], "style"),
])
def test_the_issue_contract_values_exit_2_with_one_line(args: list[str], option: str, tmp_path: Path,
                                                        data_dir: Path) -> None:
    for model in (["--model", "/nonexistent/model.safetensors"], ["--classic", "cartoon"]):
        done = _generate(*model, "--input", str(PHOTOS / "obama_small.jpg"), "--output", str(tmp_path / "x.png"),
                         *args, data_dir=data_dir)
        _assert_one_clean_error(done, option)
        assert done.stderr.count("\n") == 1


def _unusable_output(kind: str, tmp_path: Path) -> str:
    if kind == "existing folder":
        return str(tmp_path)
    if kind == "folder named like a png":
        (tmp_path / "picture.png").mkdir()
        return str(tmp_path / "picture.png")
    if kind == "folder under a file":
        (tmp_path / "notes.txt").write_text("a file", encoding="utf-8")
        return str(tmp_path / "notes.txt" / "out.png")
    if kind == "folder that cannot be created":
        return "/proc/mmpp-no-such-folder/out.png"
    return "/proc/out.png"  # an existing folder nobody can write, not even root


@pytest.mark.parametrize("kind", ["existing folder", "folder named like a png", "folder under a file",
                                  "folder that cannot be created", "folder that cannot be written"])
def test_an_unusable_output_exits_2_before_any_model_loads(kind: str, tiny_kit_sd15: dict[str, Any],
                                                            tmp_path: Path, data_dir: Path) -> None:
    output = _unusable_output(kind, tmp_path)
    for model in ("/nonexistent/model.safetensors", tiny_kit_sd15["single_file"]):
        done = _generate("--model", model, "--input", str(PHOTOS / "obama_small.jpg"), "--output", output,
                         "--size", "64", "--steps", "2", "--device", "cpu", data_dir=data_dir)
        _assert_one_clean_error(done, "--output")
        assert "step" not in done.stderr  # refused before generating, not after


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_a_read_only_output_folder_exits_2(tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    done = _generate("--classic", "sketch", "--input", str(PHOTOS / "obama_small.jpg"), "--output",
                     str(folder / "out.png"), data_dir=data_dir)
    _assert_one_clean_error(done, "--output", "cannot write")


@pytest.mark.parametrize("option", ["--prompt", "--negative"])
@pytest.mark.parametrize("look", [["--classic", "sketch"], ["--model", "/nonexistent/model.safetensors"]])
def test_text_that_is_not_utf8_exits_2_naming_it(option: str, look: list[str], tmp_path: Path,
                                                  data_dir: Path) -> None:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "LC_ALL": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "mmpp_desktop", "generate", *look, "--input",
                           str(PHOTOS / "obama_small.jpg"), "--output", str(tmp_path / "x.png"),
                           option, b"portrait \xff\xfe latin-1"], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    _assert_one_clean_error(done, option, "UTF-8")
    assert not (tmp_path / "x.png").exists()


# ---- quiet stderr: progress and at most one error line, library chatter goes to the log ----

def _misfit_lora(kit: dict[str, Any], dest: Path) -> Path:
    """The kit's diffusers-layout LoRA with every down projection 3 columns too wide: right family,
    wrong shapes, so peft refuses it with one complaint per tensor."""
    import torch
    from safetensors.torch import load_file, save_file

    source = next(path for path in kit["loras"] if "diffusers" in path)
    tensors = load_file(source)
    widened = {name: torch.zeros(tensor.shape[0], tensor.shape[1] + 3) if "lora_A" in name else tensor
               for name, tensor in tensors.items()}
    save_file(widened, str(dest), metadata={"format": "pt"})
    return dest


def test_a_folder_model_run_prints_no_warnings_and_a_misfit_lora_one_line(
        tiny_kit_sd15: dict[str, Any], tmp_path: Path, data_dir: Path) -> None:
    args = ["--model", tiny_kit_sd15["base"], "--input", str(PHOTOS / "obama_small.jpg"), "--size", "64",
            "--steps", "2", "--device", "cpu", "--controlnet", tiny_kit_sd15["controlnet_canny"],
            "--ip-adapter", tiny_kit_sd15["ip_adapter"], "--ip-image", str(PHOTOS / "biden.jpg")]
    done = _generate(*args, "--output", str(tmp_path / "ok.png"), "--style", tiny_kit_sd15["loras"][0],
                     data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "warn" not in done.stderr.lower(), done.stderr
    assert all(line.startswith(("step ", "recorded in history")) for line in done.stderr.splitlines()), done.stderr

    misfit = _misfit_lora(tiny_kit_sd15, tmp_path / "misfit.safetensors")
    refused = _generate(*args, "--output", str(tmp_path / "no.png"), "--style", str(misfit), data_dir=data_dir)
    _assert_one_clean_error(refused, "misfit.safetensors", "does not fit")
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert "size mismatch" in (data_dir / "logs" / "mmpp-desktop.log").read_text(encoding="utf-8")  # details
