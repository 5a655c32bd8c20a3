"""The dataset check on crafted folders, the CLI's refusals, and text-encoder LoRAs for both families."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import BAD_INPUTS, PHOTOS
from PIL import Image

from mmpp_desktop.core.engine.loading import describe_model, load_base_pipeline
from mmpp_desktop.core.lora_files import inspect_lora, read_safetensors_header
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary
from mmpp_desktop.core.text import Text
from mmpp_desktop.core.training import (
    DatasetError,
    TrainingError,
    TrainingSettings,
    check_dataset,
    prepare_run,
    train_style,
)
from mmpp_desktop.core.training.trainer import caption_for

ROOT = Path(__file__).resolve().parents[1]


def _noise_image(path: Path, size: tuple[int, int], seed: int) -> None:
    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)


def test_few_and_small_images_are_warnings_with_one_line_each(tmp_path: Path) -> None:
    for seed in range(3):
        _noise_image(tmp_path / f"small-{seed}.png", (300, 200), seed)
    report = check_dataset([str(tmp_path)])
    assert len(report.images) == 3
    assert any(line.startswith("Only 3 usable image(s)") for line in report.warnings)
    assert sum("is small (300x200)" in line for line in report.warnings) == 3
    assert not any("near-duplicate" in line or "variety" in line for line in report.warnings)


def test_large_photos_are_kept_small_but_remember_their_size() -> None:
    report = check_dataset([str(PHOTOS / "biden.jpg")], keep_short_side=256)
    (item,) = report.images
    assert item.original_size == (970, 2204) and min(item.image.size) == 256
    assert not any("is small" in line for line in report.warnings)


def test_near_duplicates_and_little_variety_are_named(tmp_path: Path) -> None:
    original = Image.open(PHOTOS / "obama.jpg").convert("RGB")
    original.save(tmp_path / "a.jpg")
    original.resize((455, 568)).save(tmp_path / "b-resized.png")
    original.save(tmp_path / "c-recompressed.jpg", quality=30)
    shutil.copy(PHOTOS / "biden.jpg", tmp_path / "d.jpg")
    warnings = check_dataset([str(tmp_path)]).warnings
    assert "b-resized.png is a near-duplicate of a.jpg." in warnings
    assert "c-recompressed.jpg is a near-duplicate of a.jpg." in warnings
    assert not any(line.startswith("d.jpg is a near-duplicate") for line in warnings)
    assert any(line.startswith("The set lacks variety: 4 images show only 2 distinct") for line in warnings)


def test_the_shared_photos_have_no_duplicates_and_unreadable_files_are_skipped(tmp_path: Path) -> None:
    assert not any("near-duplicate" in line for line in check_dataset([str(PHOTOS)]).warnings)
    shutil.copy(PHOTOS / "obama.jpg", tmp_path / "good.jpg")
    (tmp_path / "good.txt").write_text("smiling,\n suit", encoding="utf-8")
    for name in ("truncated.jpg", "not-an-image.png"):
        shutil.copy(BAD_INPUTS / name, tmp_path / name)
    report = check_dataset([str(tmp_path)])
    assert [item.path.name for item in report.images] == ["good.jpg"]
    assert caption_for("zxq", report.images[0]) == "zxq, smiling, suit"
    skipped = [line for line in report.warnings if line.startswith("Skipped an unreadable file")]
    assert len(skipped) == 2 and any("truncated.jpg" in line for line in skipped)


def test_a_face_set_names_pictures_without_a_face_or_with_a_tiny_one(tmp_path: Path) -> None:
    for name in ("obama.jpg", "biden.jpg", "obama_partial_face.jpg"):
        shutil.copy(PHOTOS / name, tmp_path / name)
    portrait = Image.open(PHOTOS / "obama.jpg").convert("RGB")
    portrait.crop((0, 700, 910, 1137)).save(tmp_path / "suit.jpg")  # below the face: no face at all
    far_away = Image.new("RGB", (1600, 1600), (200, 200, 190))
    far_away.paste(portrait.resize((546, 682)), (500, 400))  # a face about 1/10 of the picture
    far_away.save(tmp_path / "far.jpg")
    warnings = check_dataset([str(tmp_path)]).warnings
    assert sum("shows no face" in line for line in warnings) == 1
    assert any(line.startswith("suit.jpg shows no face") for line in warnings)
    assert any(line.startswith("far.jpg: the face is under 1/8") for line in warnings)
    assert not any(line.startswith(("obama.jpg", "biden.jpg", "obama_partial_face.jpg"))
                   and ("shows no face" in line or "face is under" in line) for line in warnings)


def test_a_set_without_faces_is_no_face_style(tmp_path: Path) -> None:
    for seed in range(5):
        _noise_image(tmp_path / f"texture-{seed}.png", (600, 600), seed)
    warnings = check_dataset([str(tmp_path)]).warnings
    assert not any("shows no face" in line or "face is under" in line for line in warnings)


def test_findings_and_refusals_are_translatable_templates(tmp_path: Path, data_dir: Path) -> None:
    """The window translates each finding through its template; a file's own error stays a Text inside it."""
    original = Image.open(PHOTOS / "obama.jpg").convert("RGB")
    original.save(tmp_path / "a.jpg")
    original.save(tmp_path / "b.jpg", quality=30)
    shutil.copy(BAD_INPUTS / "truncated.jpg", tmp_path / "truncated.jpg")
    warnings = check_dataset([str(tmp_path)]).warnings
    duplicate = next(line for line in warnings if "near-duplicate" in line)
    assert (duplicate.context, duplicate.template, dict(duplicate.params)) == (
        "training.dataset", "{name} is a near-duplicate of {original}.", {"name": "b.jpg", "original": "a.jpg"})
    skipped = next(line for line in warnings if line.startswith("Skipped an unreadable file"))
    assert skipped.context == "training.dataset" and skipped.params["message"].context == "images"
    assert all(isinstance(line, Text) and line.context == "training.dataset" for line in warnings)

    (tmp_path / "a.jpg").unlink()
    (tmp_path / "b.jpg").unlink()
    with pytest.raises(DatasetError) as refused:
        check_dataset([str(tmp_path)])
    assert refused.value.message.context == "training.dataset"
    assert refused.value.message.params["first"].context == "images"

    settings = TrainingSettings(model="unused", images=(str(PHOTOS),), name="No Trigger", trigger="  ")
    with pytest.raises(TrainingError) as untriggered:
        prepare_run(settings, StyleLibrary(resolve_paths(data_dir).ensure()), data_dir)
    assert untriggered.value.message.context == "training.run"
    assert untriggered.value.message.template.startswith("A trained style needs a trigger word")


@pytest.mark.parametrize("make,expected", [
    (lambda folder: None, "There are no images"),
    (lambda folder: [shutil.copy(BAD_INPUTS / name, folder / name) for name in ("empty.jpg", "truncated.jpg")],
     "No usable image: all 2 files are unreadable"),
])
def test_no_usable_image_blocks(make: Any, expected: str, tmp_path: Path) -> None:
    make(tmp_path)
    with pytest.raises(DatasetError, match=expected):
        check_dataset([str(tmp_path)])


def _train_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", "train", "--name", "Refused", "--trigger", "zxq",
                           "--json", *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


@pytest.mark.parametrize("model,args,expected", [
    (None, ["--images", str(BAD_INPUTS)], "No usable image"),
    (str(BAD_INPUTS / "pickle-checkpoint.ckpt"), ["--images", str(PHOTOS)], "pickle"),
    (None, ["--images", str(PHOTOS), "--family", "sdxl"], "is an SD 1.5 model"),
])
def test_the_cli_refuses_bad_datasets_and_models_with_one_error_line(
        model: str | None, args: list[str], expected: str, tiny_kit_sd15: dict[str, Any], data_dir: Path) -> None:
    done = _train_cli("--model", model or tiny_kit_sd15["single_file"], *args, data_dir=data_dir)
    assert done.returncode == 2, (done.stdout, done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and expected in errors[0] and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("family,prefixes", [("sd15", {"lora_unet", "lora_te"}),
                                             ("sdxl", {"lora_unet", "lora_te1", "lora_te2"})])
def test_text_encoder_loras_use_kohya_prefixes_and_load_in_diffusers(
        family: str, prefixes: set[str], request: pytest.FixtureRequest) -> None:
    kit = request.getfixturevalue(f"tiny_kit_{family}")
    paths = resolve_paths().ensure()
    library = StyleLibrary(paths)
    settings = TrainingSettings(model=kit["base"], images=(str(PHOTOS),), name=f"Text {family}", trigger="zxq",
                                steps=2, rank=4, size=64, validation_steps=1, device="cpu", train_text_encoder=True)
    trained = train_style(prepare_run(settings, library, paths.data_dir), library)
    path = Path(trained.outcome.lora_file)
    modules = {name.split(".")[0] for name in read_safetensors_header(path).tensors}
    assert {re.match(r"(lora_unet|lora_te\d?)_", module).group(1) for module in modules} == prefixes
    assert inspect_lora(path).family == family and trained.style.family == family
    pipe = load_base_pipeline(describe_model(kit["base"]), None)
    pipe.load_lora_weights(str(path))
    assert any("lora" in name for name, _ in pipe.text_encoder.named_modules())
