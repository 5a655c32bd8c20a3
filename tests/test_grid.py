"""The blend grid on the tiny kit: every cell rendered, scored, drawn into one labelled PNG and kept in history."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PHOTOS
from PIL import Image

from mmpp_desktop.core.balance import HistoryRenderer
from mmpp_desktop.core.engine import Engine
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.generation import GenerationService
from mmpp_desktop.core.grid import (
    CELL_SIZE,
    GridAxis,
    draw_grid,
    grid_layout,
    grid_result,
    parse_values,
    run_grid,
    with_ip_scale,
)
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import EngineOptions, GenerationRequest, StyleLora

ROOT = Path(__file__).resolve().parents[1]


def test_grid_cells_are_rendered_drawn_and_recorded_as_one_group(tiny_kit_sd15: dict[str, Any], tmp_path: Path,
                                                                 data_dir: Path) -> None:
    a, b, _ = tiny_kit_sd15["loras"]
    base = GenerationRequest(input_image=str(PHOTOS / "obama_small.jpg"), model=tiny_kit_sd15["single_file"],
                             prompt="a portrait", size=64, steps=4, strength=0.6, guidance=2.0, device="cpu")

    def request_at(x: float, y: float) -> GenerationRequest:
        return dataclasses.replace(base, styles=(StyleLora(a, x, "A"), StyleLora(b, y, "B")))

    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    service = GenerationService(resolve_paths(str(data_dir)), Settings(), engine=engine)
    history = service.history
    x_axis, y_axis = GridAxis("A", (0.0, 0.5, 1.0)), GridAxis("B", (0.0, 1.0))
    grid_id, cells = run_grid(request_at, x_axis, y_axis, HistoryRenderer(service))
    assert [(cell.x, cell.y) for cell in cells] == [(x, y) for y in (0.0, 1.0) for x in (0.0, 0.5, 1.0)]
    assert engine.base_loads == 1 and engine._loras.loaded_count == 2
    sheet = draw_grid(cells, x_axis, y_axis)
    assert sheet.width > 3 * CELL_SIZE and sheet.height > 2 * CELL_SIZE
    layout = grid_layout(y_axis)
    pixels = np.asarray(sheet)
    for cell in cells:  # every cell's image sits in its place on the sheet
        left, top = layout.origin(cell.column, cell.row)
        expected = cell.rendered.result.images[0].convert("RGB").resize((CELL_SIZE, CELL_SIZE),
                                                                         Image.Resampling.LANCZOS)
        assert np.array_equal(pixels[top:top + CELL_SIZE, left:left + CELL_SIZE], np.asarray(expected))
        band = pixels[top + CELL_SIZE + 2:top + layout.row_height - 2, left:left + CELL_SIZE]
        assert (band < 100).any()  # its score caption is drawn under it
    entry_id = service.record(grid_result(cells[0].rendered.request, sheet, grid_id, x_axis, y_axis, cells))
    group = [entry for entry in history.list(limit=100) if entry.recipe["sweep"]["id"] == grid_id]
    assert len(group) == len(cells) + 1
    sheet_entry = history.get(entry_id)
    assert Image.open(sheet_entry.image_paths[0]).size == sheet.size
    cell_ids = [cell["entry_id"] for cell in sheet_entry.recipe["grid"]["cells"]]
    assert cell_ids == [cell.rendered.entry_id for cell in cells]
    reused = history.reuse_request(cell_ids[4])  # x = 0.5, y = 1.0: loading a cell gives its own weights
    assert [style.weight for style in reused.styles] == [0.5, 1.0]


def test_axis_values_and_ip_axis_are_checked_before_any_work() -> None:
    assert parse_values("0.2, 0.5,0.8", "--x-values") == (0.2, 0.5, 0.8)
    for bad in ("", "a,b", ",".join(["0.1"] * 11)):
        with pytest.raises(InvalidInputError, match="--x-values"):
            parse_values(bad, "--x-values")
    with pytest.raises(InvalidInputError, match="--ip-adapter"):
        with_ip_scale(GenerationRequest(input_image="f.jpg"), 0.5)


def test_grid_command_writes_the_sheet_and_prints_every_cell(tiny_kit_sd15: dict[str, Any], tmp_path: Path,
                                                            data_dir: Path) -> None:
    output = tmp_path / "grid.png"
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mmpp_desktop", "grid", "--input", str(PHOTOS / "obama_small.jpg"),
         "--model", tiny_kit_sd15["single_file"], "--x", tiny_kit_sd15["loras"][0], "--x-values", "0.2,0.8",
         "--y-ip", "--y-values", "0,1", "--ip-adapter", tiny_kit_sd15["ip_adapter"],
         "--ip-image", str(PHOTOS / "biden.jpg"), "--size", "64", "--steps", "4", "--device", "cpu",
         "--output", str(output), "--json"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    cells = json.loads(done.stdout)["cells"]
    assert [(cell["x"], cell["y"]) for cell in cells] == [(0.2, 0.0), (0.8, 0.0), (0.2, 1.0), (0.8, 1.0)]
    for cell in cells:
        assert {"likeness", "structure", "clip"} <= set(cell) and Path(cell["image"]).is_file()
        recipe = json.loads(Image.open(cell["image"]).text["mmpp_recipe"])
        assert recipe["ip_adapter"]["scale"] == cell["y"] and recipe["loras"][0]["weight"] == cell["x"]
    sheet = Image.open(output)
    assert sheet.width > 2 * CELL_SIZE and sheet.height > 2 * CELL_SIZE
    assert len(json.loads(sheet.text["mmpp_recipe"])["grid"]["cells"]) == 4
