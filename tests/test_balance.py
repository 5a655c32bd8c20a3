"""Balance sweeps and best-of-N end to end: real photos, real filters, the real face model, real history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PHOTOS
from PIL import Image

from mmpp_desktop.core.balance import HistoryRenderer, fast_request, find_balance
from mmpp_desktop.core.engine import Engine, GenerationCancelled
from mmpp_desktop.core.generation import GenerationService
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import CancelToken, EngineOptions, GenerationRequest, Progress, StyleLora

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=600)


def _sweep_entries(history: HistoryStore, sweep_id: str) -> list[Any]:
    return [entry for entry in history.list(limit=1000) if (entry.recipe.get("sweep") or {}).get("id") == sweep_id]


def test_classic_balance_on_a_real_portrait_chooses_the_strongest_point_that_keeps_the_person(
        tmp_path: Path, data_dir: Path) -> None:
    args = ["balance", "--input", str(PHOTOS / "obama.jpg"), "--classic", "cartoon", "--size", "256",
            "--points", "6", "--min-likeness", "0.7", "--out-dir", str(tmp_path / "sweep"), "--json"]
    done = _cli(*args, data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    points = report["points"]
    strengths = [point["strength"] for point in points]
    likeness = [point["likeness"] for point in points]
    assert strengths == sorted(strengths) and strengths[0] == 0.0 and strengths[-1] == 1.0 and len(points) <= 6
    # Likeness falls (or stays) as the cartoon filter's intensity rises; the photo itself is the same person.
    assert all(later <= earlier + 0.02 for earlier, later in zip(likeness, likeness[1:], strict=False))
    assert likeness[0] > likeness[-1] and points[0]["same_person"] is True
    for point in points:
        assert set(point) >= {"strength", "likeness", "same_person", "structure", "clip", "image"}
        assert point["same_person"] == (point["likeness"] > 0.5) and Path(point["image"]).is_file()
        assert json.loads(Image.open(point["image"]).text["mmpp_recipe"])["intensity"] == point["strength"]
    passing = [index for index, value in enumerate(likeness) if value >= 0.7]
    assert report["chosen"] == (passing[-1] if passing else None)
    # The threshold is crossed inside the range, so the budget beyond the coarse pass went to bisection there.
    assert len(points) == 6 and 0 < report["chosen"] < len(points) - 1
    assert likeness[report["chosen"] + 1] < 0.7

    history = HistoryStore(resolve_paths(str(data_dir)))
    entries = history.list(limit=100)
    assert len(entries) == len(points) and len({entry.recipe["sweep"]["id"] for entry in entries}) == 1

    above_all = min(1.0, max(likeness) + 0.001)
    assert max(likeness) < above_all
    refused = _cli(*args[:-5], "--min-likeness", str(above_all), "--out-dir", str(tmp_path / "none"), "--json",
                   data_dir=data_dir)
    assert refused.returncode == 0, refused.stderr
    assert json.loads(refused.stdout)["chosen"] is None
    assert sum("No strength kept likeness" in line for line in refused.stderr.splitlines()) == 1


def _tiny_request(kit: dict[str, Any], **changes: Any) -> GenerationRequest:
    values: dict[str, Any] = {"input_image": str(PHOTOS / "obama_small.jpg"), "model": kit["single_file"],
                              "prompt": "a portrait", "size": 64, "steps": 8, "strength": 0.8, "guidance": 3.0,
                              "styles": (StyleLora(kit["loras"][0], 0.9, "A"), StyleLora(kit["loras"][1], 0.5, "B")),
                              "controlnet": None, "seed": 4}
    values.update(changes)
    return GenerationRequest(**values)


def test_a_sweep_loads_the_base_once_and_each_lora_file_once(tiny_kit_sd15: dict[str, Any], tmp_path: Path,
                                                             data_dir: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    settings = Settings(sd15_lcm_lora=tiny_kit_sd15["loras"][2])
    service = GenerationService(resolve_paths(str(data_dir)), settings, engine=engine)
    history = service.history
    outcome = find_balance(_tiny_request(tiny_kit_sd15), HistoryRenderer(service), points=5,
                           fast=lambda request: fast_request(request, "sd15", settings))
    assert engine.base_loads == 1
    assert engine._loras.loaded_count == 3  # two styles and the LCM-LoRA, each loaded once for all points
    assert [point.rendered.request.scheduler for point in outcome.points] == ["lcm"] * len(outcome.points)
    assert [point.full_request.scheduler for point in outcome.points] == ["dpmpp"] * len(outcome.points)
    entries = _sweep_entries(history, outcome.sweep_id)
    assert sorted(entry.recipe["sweep"]["strength"] for entry in entries) == [p.strength for p in outcome.points]
    for entry in entries:
        weights = [lora["weight"] for lora in entry.recipe["loras"]]
        s = entry.recipe["sweep"]["strength"]
        assert weights[:2] == [pytest.approx(0.9 * s, abs=1e-3), pytest.approx(0.5 * s, abs=1e-3)]


def test_cancel_mid_sweep_stops_at_once_and_leaves_history_consistent(tiny_kit_sd15: dict[str, Any],
                                                                       tmp_path: Path, data_dir: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    paths = resolve_paths(str(data_dir))
    service = GenerationService(paths, Settings(), engine=engine)
    history = service.history
    token = CancelToken()
    rendered: list[float] = []
    steps_after_cancel: list[int] = []

    def on_progress(progress: Progress) -> None:
        if token.cancelled:
            steps_after_cancel.append(progress.step)
        if len(rendered) == 2 and progress.step == 1:
            token.cancel()  # during the third point's first step

    renderer = HistoryRenderer(service, progress=on_progress, cancel=token)
    with pytest.raises(GenerationCancelled):
        find_balance(_tiny_request(tiny_kit_sd15), renderer, points=7, cancel=token,
                     on_point=lambda point: rendered.append(point.strength))
    assert rendered == [0.0, 0.3333] and steps_after_cancel == []
    entries = history.list(limit=100)
    assert len(entries) == 2 and len({entry.recipe["sweep"]["id"] for entry in entries}) == 1
    assert all(path.is_file() for entry in entries for path in (*entry.image_paths, *entry.thumbnail_paths))
    reopened = HistoryStore(paths)  # the repair pass finds nothing to remove
    assert [entry.id for entry in reopened.list(limit=100)] == [entry.id for entry in entries]
    assert engine.generate(_tiny_request(tiny_kit_sd15, steps=2)).images  # the engine is still usable


def test_best_of_n_ranks_seed_after_seed_modulo_two_to_the_64(tiny_kit_sd15: dict[str, Any], tmp_path: Path,
                                                               data_dir: Path) -> None:
    output = tmp_path / "best.png"
    done = _cli("generate", "--model", tiny_kit_sd15["single_file"], "--input", str(PHOTOS / "obama_small.jpg"),
                "--output", str(output), "--size", "64", "--steps", "4", "--device", "cpu", "--count", "3",
                "--rank-by", "likeness", "--seed", str(2**64 - 1), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    written = [Path(line) for line in done.stdout.split()]
    assert written == [output, tmp_path / "best-2.png", tmp_path / "best-3.png"]
    recipes = [json.loads(Image.open(path).text["mmpp_recipe"]) for path in written]
    assert sorted(recipe["seed"] for recipe in recipes) == [0, 1, 2**64 - 1]
    likeness = [recipe["scores"]["likeness"] for recipe in recipes]
    assert likeness == sorted(likeness, reverse=True)
    assert len({recipe["sweep"]["id"] for recipe in recipes}) == 1
    assert {recipe["sweep"]["kind"] for recipe in recipes} == {"best_of"}
