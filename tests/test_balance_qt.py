"""Find balance in the real window: the sweep runs on the generation thread, the strip fills with
scored points, the chosen one is marked, "Use this" renders it at full size, cancel stops it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import AppPaths
from tests.test_qt_generation import GENERATION_TIMEOUT_MS, Heartbeat, open_photo, open_window, paths  # noqa: F401


def _sweep_controls(window, size: int) -> None:
    window.session.set_controls(steps=4, size=size, scheduler="euler", random_seed=False, seed=3,
                                prompt="portrait", strength=0.5)


def test_find_balance_fills_the_strip_and_use_this_renders_at_full_size(qtbot, paths: AppPaths) -> None:  # noqa: F811
    window = open_window(qtbot, paths)
    open_photo(qtbot, window)
    _sweep_controls(window, size=448)
    panel = window.balance_panel
    panel.points.setValue(3)
    with qtbot.waitSignal(window.session.result_recorded, timeout=GENERATION_TIMEOUT_MS):
        window.session.generate()  # warm the engine: the cold model load is not the sweep's to answer for
    with Heartbeat() as heartbeat, qtbot.waitSignal(panel.controller.finished,
                                                    timeout=GENERATION_TIMEOUT_MS) as finished:
        assert panel.find_balance()
    summary = finished.args[0]
    assert heartbeat.worst < 0.1, f"GUI thread blocked for {heartbeat.worst * 1000:.0f} ms"
    assert panel.strip.count() == len(summary.strengths) >= 2
    texts = [panel.strip.item(row).text() for row in range(panel.strip.count())]
    assert all("L " in text and "S " in text and "C " in text for text in texts)
    assert [f"strength {s:.2f}" in text for s, text in zip(summary.strengths, texts, strict=True)] == \
        [True] * len(texts)
    history = HistoryStore(paths)
    swept = [entry for entry in history.list(limit=100) if (entry.recipe.get("sweep") or {}).get("id")
             == summary.sweep_id]
    assert len(swept) == len(summary.strengths)
    assert all(entry.recipe["width"] == 384 for entry in swept)  # the sweep renders small

    # The tiny kit draws no face, so no point keeps likeness ≥ 0.5: pick the strongest by hand and use it.
    assert summary.chosen is None and "No strength kept" in panel.status.text()
    panel.strip.setCurrentRow(len(texts) - 1)
    with qtbot.waitSignal(window.session.result_changed, timeout=GENERATION_TIMEOUT_MS):
        qtbot.mouseClick(panel.use_button, Qt.MouseButton.LeftButton)
    result = window.session.result
    assert result.images[0].size == (448, 448)
    assert result.request.strength == pytest.approx(0.5) and result.request.size == 448


def test_classic_balance_marks_the_chosen_point_and_cancel_stops_the_sweep(qtbot, paths: AppPaths) -> None:  # noqa: F811
    window = open_window(qtbot, paths)
    open_photo(qtbot, window)
    window.session.set_controls(look="cartoon", size=256)
    panel = window.balance_panel
    panel.points.setValue(5)
    with qtbot.waitSignal(panel.controller.finished, timeout=GENERATION_TIMEOUT_MS) as finished:
        assert panel.find_balance()
    summary = finished.args[0]
    assert summary.chosen is not None and panel.chosen_row == summary.chosen
    assert panel.strip.currentRow() == summary.chosen
    assert panel.strip.item(summary.chosen).text().startswith("✓ chosen")
    assert summary.strengths[0] == 0.0 and "strongest" in panel.status.text()

    panel.points.setValue(15)  # a long sweep, cancelled after its first point
    with qtbot.waitSignal(panel.controller.cancelled, timeout=GENERATION_TIMEOUT_MS):
        with qtbot.waitSignal(panel.controller.point_ready, timeout=GENERATION_TIMEOUT_MS):
            assert panel.find_balance()
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert 1 <= panel.strip.count() < 8 and panel.find_button.isEnabled()
    assert "Cancelled" in panel.status.text()


def test_grid_dialog_cells_carry_scores_and_a_click_loads_the_cells_recipe(qtbot, paths: AppPaths,  # noqa: F811
                                                                            tiny_kit_sd15: dict) -> None:
    from mmpp_desktop.core.styles import StyleLibrary

    library = StyleLibrary(paths)
    names = [library.import_lora(Path(lora)).name for lora in tiny_kit_sd15["loras"][:2]]
    window = open_window(qtbot, paths)
    open_photo(qtbot, window)
    _sweep_controls(window, size=64)
    for name in names:
        window.session.add_style(name)
    panel = window.balance_panel
    with qtbot.waitSignal(panel.controller.grid_finished, timeout=GENERATION_TIMEOUT_MS) as finished:
        dialog = panel.open_grid()
        assert dialog is not None
    summary = finished.args[0]
    assert len(dialog.cells) == 9 and all(button.isEnabled() and button.text().startswith("L ")
                                          for button in dialog.cells.values())
    sheet = HistoryStore(paths).get(summary.entry_id)
    assert len(sheet.recipe["grid"]["cells"]) == 9 and not summary.sheet.isNull()
    qtbot.mouseClick(dialog.cells[1, 0], Qt.MouseButton.LeftButton)  # x = 0.5, y = 0.2
    assert [(entry.name, entry.weight) for entry in window.session.styles] == [(names[0], 0.5), (names[1], 0.2)]
    dialog.close()
