"""Training a style on the tiny SD 1.5 kit with the shared photos at 64 px: real peft, real files.

One 30-step run (module fixture) is shared by the loss, file, import and generation tests; the
crash test trains the same settings in a process it SIGKILLs, resumes it from the CLI and expects
the very same result as the uninterrupted run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PHOTOS, kill_mid_work
from PIL import Image
from safetensors.torch import load_file

from mmpp_desktop.core.engine import Engine
from mmpp_desktop.core.lora_files import inspect_lora, read_safetensors_header
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary
from mmpp_desktop.core.styles.lora_import import describe_lora
from mmpp_desktop.core.training import (
    TrainingError,
    TrainingPaused,
    TrainingProgress,
    TrainingSettings,
    add_to_library,
    prepare_run,
    start_trainer,
)
from mmpp_desktop.core.types import CancelToken, EngineOptions, GenerationRequest, StyleLora

ROOT = Path(__file__).resolve().parents[1]
TRIGGER = "zxq ink"
STEPS = 30
# A high learning rate so 30 steps move a rank-4 LoRA far enough to measure on a tiny random model.
RECIPE: dict[str, Any] = {"trigger": TRIGGER, "steps": STEPS, "rank": 4, "learning_rate": 3e-3, "size": 64,
                          "seed": 5, "checkpoint_every": 5, "validation_steps": 2, "device": "cpu"}


def _settings(kit: dict[str, Any], name: str = "Ink Trained", **changes: Any) -> TrainingSettings:
    return TrainingSettings(model=kit["single_file"], images=(str(PHOTOS),), name=name, **{**RECIPE, **changes})


@pytest.fixture(scope="module")
def trained(tiny_kit_sd15: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A 30-step run imported into its own library, with the fixed-batch loss before and after."""
    paths = resolve_paths(tmp_path_factory.mktemp("train-data")).ensure()
    library = StyleLibrary(paths)
    prepared = prepare_run(_settings(tiny_kit_sd15), library, paths.data_dir)
    trainer = start_trainer(prepared)
    before = trainer.fixed_batch_loss()
    updates: list[TrainingProgress] = []
    outcome = trainer.train(progress=updates.append)
    after = trainer.fixed_batch_loss()
    result = add_to_library(prepared, trainer, outcome, library)
    return {"before": before, "after": after, "outcome": outcome, "style": result.style, "updates": updates,
            "library": library, "run_dir": prepared.run_dir, "warnings": result.warnings}


def test_thirty_steps_lower_the_loss_on_a_fixed_batch_and_fixed_noise(trained: dict[str, Any]) -> None:
    assert trained["after"] < trained["before"] * 0.98, (trained["before"], trained["after"])
    steps = [update.step for update in trained["updates"] if update.phase == "training"]
    assert steps == list(range(1, STEPS + 1))
    last = [update for update in trained["updates"] if update.phase == "training"][-1]
    assert last.eta == 0 and last.loss == trained["outcome"].loss_last
    assert trained["updates"][-1].validation is not None  # the last validation image comes with "saving"
    assert not (trained["run_dir"] / "checkpoint.pt").exists()  # a finished run keeps only its LoRA


def test_the_validation_image_is_scored_for_likeness_to_its_photo(trained: dict[str, Any]) -> None:
    from mmpp_desktop.core.scoring import score_images
    from mmpp_desktop.core.training import check_dataset
    from mmpp_desktop.core.training.trainer import centre_crop

    final = trained["updates"][-1]
    source = centre_crop(check_dataset([str(PHOTOS)]).images[0].image, 64)[0]
    expected = score_images(source, None, final.validation).likeness
    assert final.likeness == expected and (expected is None or 0.0 <= expected <= 1.0)
    assert trained["outcome"].validation_likeness == final.likeness


def test_the_file_is_a_kohya_lora_with_ss_metadata(trained: dict[str, Any]) -> None:
    path = Path(trained["outcome"].lora_file)
    header = read_safetensors_header(path)
    modules = {name.split(".")[0] for name in header.tensors}
    assert modules and all(module.startswith("lora_unet_") for module in modules)
    assert {name.split(".", 1)[1] for name in header.tensors} == {"lora_down.weight", "lora_up.weight", "alpha"}
    assert "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k" in modules
    assert all(header.tensors[f"{module}.lora_down.weight"].shape[0] == 4 for module in modules)
    tensors = load_file(str(path))
    assert float(tensors[f"{sorted(modules)[0]}.alpha"]) == 4.0
    metadata = header.metadata
    assert metadata["ss_network_dim"] == "4" and float(metadata["ss_network_alpha"]) == 4.0
    assert metadata["ss_output_name"] == "Ink Trained" and metadata["ss_base_model_version"] == "sd_v1"
    assert json.loads(metadata["ss_tag_frequency"]) == {"Ink Trained": {TRIGGER: 6}}
    assert metadata["ss_num_train_images"] == "6" and metadata["ss_steps"] == metadata["ss_max_train_steps"] == "30"
    assert float(metadata["ss_training_started_at"]) > 1.7e9
    info = inspect_lora(path)
    assert (info.layout, info.family) == ("kohya", "sd15")


def test_it_lands_in_the_library_with_trigger_weight_thumbnail_and_note(trained: dict[str, Any]) -> None:
    style = trained["style"]
    assert style.name == "Ink Trained" and style.family == "sd15"
    assert style.trigger_words == (TRIGGER,) and style.loras[0].default_weight == 1.0
    assert len(style.thumbnails) == 1 and style.thumbnails[0].is_file()
    assert "Trained here" in style.description and str(trained["run_dir"] / "run.json") in style.description
    assert trained["library"].get("ink trained").id == style.id
    draft = describe_lora(Path(trained["outcome"].lora_file))  # the importer's view of the file itself
    assert draft.name == "Ink Trained" and draft.trigger_words == (TRIGGER,)
    assert any("obama_small.jpg is small" in warning for warning in trained["warnings"])


def _generate(engine: Engine, kit: dict[str, Any], styles: tuple[StyleLora, ...]) -> np.ndarray:
    request = GenerationRequest(input_image=str(PHOTOS / "obama_small.jpg"), model=kit["single_file"],
                                prompt=TRIGGER, size=64, steps=3, strength=0.6, guidance=2.0, seed=3,
                                styles=styles)
    return np.asarray(engine.generate(request).images[0]).astype(np.int16)


def test_generation_with_the_trained_style_differs_and_repeats_after_a_reload(
        trained: dict[str, Any], tiny_engine_sd15: Engine, tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    style = (StyleLora(str(trained["style"].loras[0].file), 1.0, "Ink Trained"),)
    with_style = _generate(tiny_engine_sd15, tiny_kit_sd15, style)
    without = _generate(tiny_engine_sd15, tiny_kit_sd15, ())
    assert float(np.abs(with_style - without).mean()) > 0.5
    reloaded = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path / "cache")
    assert np.array_equal(_generate(reloaded, tiny_kit_sd15, style), with_style)


def test_cancel_pauses_with_a_checkpoint_and_resume_finishes(tiny_kit_sd15: dict[str, Any], data_dir: Path) -> None:
    paths = resolve_paths().ensure()
    library = StyleLibrary(paths)
    prepared = prepare_run(_settings(tiny_kit_sd15, name="Paused", steps=8, checkpoint_every=100), library,
                           paths.data_dir)
    token = CancelToken()

    def cancel_at_three(update: TrainingProgress) -> None:
        if update.step == 3:
            token.cancel()

    with pytest.raises(TrainingPaused) as paused:
        start_trainer(prepared).train(progress=cancel_at_three, cancel=token)
    assert paused.value.step == 3 and (prepared.run_dir / "checkpoint.pt").is_file()
    pause_message = paused.value.message  # the window translates it through this template
    assert (pause_message.context, dict(pause_message.params)) == ("training.trainer", {"step": 3, "total": 8})
    assert pause_message == "Training paused at step 3 of 8; resume to continue."
    other_rank = prepare_run(_settings(tiny_kit_sd15, name="Paused", rank=8), library, paths.data_dir)
    with pytest.raises(TrainingError, match="other images or settings"):
        start_trainer(other_rank, resume=True).train(resume=True)
    outcome = start_trainer(prepared, resume=True).train(resume=True)
    assert (outcome.resumed_from, outcome.steps, len(outcome.losses)) == (3, 8, 8)


_KILLED_RUN = """
import sys, time
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary
from mmpp_desktop.core.training import TrainingSettings, prepare_run, train_style
model, photos, recipe = sys.argv[1], sys.argv[2], eval(sys.argv[3])
paths = resolve_paths().ensure()
library = StyleLibrary(paths)
prepared = prepare_run(TrainingSettings(model=model, images=(photos,), name="Ink Killed", **recipe), library,
                       paths.data_dir)
def progress(update):
    if update.step == 12:
        print("ready", flush=True)  # the checkpoint of step 10 is on disk
    if update.step >= 12:
        time.sleep(0.3)  # slow enough that the kill lands mid-training
train_style(prepared, library, progress=progress)
"""


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=600)


def test_sigkill_mid_training_then_resume_continues_from_the_last_checkpoint(
        trained: dict[str, Any], tiny_kit_sd15: dict[str, Any], data_dir: Path) -> None:
    kill_mid_work(_KILLED_RUN, [tiny_kit_sd15["single_file"], str(PHOTOS), repr(RECIPE)], data_dir, delay=0.5)
    run_dir = data_dir / "data" / "training" / "ink-killed"
    assert (run_dir / "checkpoint.pt").is_file() and not (run_dir / "ink-killed.safetensors").exists()
    done = _cli("train", "--model", tiny_kit_sd15["single_file"], "--images", str(PHOTOS), "--name", "Ink Killed",
                "--trigger", TRIGGER, "--steps", str(STEPS), "--rank", "4", "--lr", "3e-3", "--size", "64",
                "--seed", "5", "--checkpoint-every", "5", "--validation-steps", "2", "--device", "cpu", "--resume",
                "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["resumed_from"] in (10, 15) and result["steps"] == STEPS
    assert set(result) >= {"style", "lora", "steps", "loss_first", "loss_last", "seconds", "warnings"}
    # The seeded generator, the optimizer and the LoRA all came back: the same run as without the crash.
    uninterrupted = trained["outcome"]
    assert (result["loss_first"], result["loss_last"]) == (uninterrupted.loss_first, uninterrupted.loss_last)
    resumed, reference = load_file(result["lora"]), load_file(uninterrupted.lora_file)
    assert resumed.keys() == reference.keys()
    assert all(bool((resumed[key] == reference[key]).all()) for key in resumed)
    listed = _cli("styles", "list", "--json", data_dir=data_dir)
    styles = {style["name"]: style for style in json.loads(listed.stdout)}
    assert styles["Ink Killed"]["family"] == "sd15" and styles["Ink Killed"]["trigger_words"] == [TRIGGER]
    output = data_dir / "styled.png"
    generated = _cli("generate", "--model", tiny_kit_sd15["single_file"], "--input", str(PHOTOS / "obama_small.jpg"),
                     "--output", str(output), "--style", "Ink Killed", "--size", "64", "--steps", "2", "--device",
                     "cpu", data_dir=data_dir)
    assert generated.returncode == 0, generated.stderr
    parameters = Image.open(output).text["parameters"]
    assert parameters.startswith(TRIGGER) and "Ink Killed" in parameters  # trigger word and LoRA hash


def test_ctrl_c_in_the_cli_pauses_with_a_checkpoint(tiny_kit_sd15: dict[str, Any], data_dir: Path) -> None:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mmpp_desktop", "train", "--model", tiny_kit_sd15["single_file"], "--images",
         str(PHOTOS), "--name", "Interrupted", "--trigger", TRIGGER, "--steps", "400", "--rank", "4", "--size", "64",
         "--device", "cpu", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("step 10/400"):
            process.send_signal(signal.SIGINT)
            break
    _, rest = process.communicate(timeout=300)
    assert process.returncode == 1 and "paused at step" in rest and "--resume" in rest, rest
    assert (data_dir / "data" / "training" / "interrupted" / "checkpoint.pt").is_file()
