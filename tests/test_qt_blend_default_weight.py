"""A style enters the blend at its saved default weight, and that weight is what its LoRA runs at."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary, compose_prompt
from mmpp_desktop.qt.main_window import MainWindow
from mmpp_desktop.qt.view_models.session import BlendEntry
from tests.test_styles_library import KOHYA_METADATA, write_lora


def _style_at(library: StyleLibrary, tmp_path: Path, weight: float):
    style = library.import_lora(write_lora(tmp_path / "inkwash.safetensors", metadata=KOHYA_METADATA), name="Ink")
    entry = dataclasses.replace(style.loras[0], default_weight=weight)
    return library.save(style.with_changes(loras=(entry,)))


def test_double_click_adds_a_style_at_its_default_weight(qtbot, tmp_path: Path) -> None:
    paths = resolve_paths().ensure()
    style = _style_at(StyleLibrary(paths), tmp_path, 0.6)
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    pane, model = window.library_pane, window.library_pane.view_model.model
    qtbot.waitUntil(lambda: model.row_of(style.name) >= 0, timeout=10_000)
    index = model.index(model.row_of(style.name))
    pane.grid.scrollTo(index)
    centre = pane.grid.visualRect(index).center()
    qtbot.mouseClick(pane.grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(pane.grid.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: bool(window.session.styles), timeout=5_000)
    assert window.session.styles == [BlendEntry("Ink", 0.6)]
    assert [(row.name, row.weight.value()) for row in window.blend.style_rows] == [("Ink", 0.6)]

    window.session.remove_style(0)  # "Add to blend" takes the same route
    pane.grid.setCurrentIndex(index)
    pane.add_button.click()
    assert window.session.styles == [BlendEntry("Ink", 0.6)]


def test_the_blend_weight_is_the_lora_weight(tmp_path: Path) -> None:
    style = _style_at(StyleLibrary(resolve_paths().ensure()), tmp_path, 0.6)
    assert style.default_weight == 0.6
    assert compose_prompt([(style, style.default_weight)], "a man", "")[2][0].weight == 0.6
    assert compose_prompt([(style, 0.9)], "a man", "")[2][0].weight == 0.9
