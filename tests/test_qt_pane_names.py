"""Blend and capture panes (issue 12): controls named for screen readers, and the capture banner
floats over the canvas instead of pushing it down."""

from __future__ import annotations

from pathlib import Path

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.qt.main_window import MainWindow


def _window(qtbot, data_dir: Path) -> MainWindow:
    window = MainWindow(resolve_paths(str(data_dir)).ensure())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_blend_controls_are_named_after_their_labels_and_styles(qtbot, data_dir: Path) -> None:
    window = _window(qtbot, data_dir)
    blend = window.blend
    assert (blend.prompt.accessibleName(), blend.negative.accessibleName()) == ("Prompt", "Negative prompt")
    assert [widget.accessibleName() for widget in (blend.scheduler, blend.steps, blend.guidance, blend.seed,
                                                   blend.size, blend.ip_mode)] == [
        "Scheduler", "Steps", "Guidance", "Seed", "Size", "Reference image mode"]
    window.session.add_style("Anime", 0.6)
    row = blend.style_rows[0]
    assert row.weight.spin.accessibleName() == row.weight.slider.accessibleName() == "Weight of Anime"
    assert row.remove.accessibleName() == "Remove Anime"


def test_capture_banner_floats_over_the_canvas(qtbot, data_dir: Path) -> None:
    window = _window(qtbot, data_dir)
    capture = window.capture
    capture.banner.show_message("")
    qtbot.wait(10)
    before = capture.canvas.geometry()
    capture.banner.show_message("No camera found. Open, drop or paste a photo instead.")
    qtbot.waitUntil(capture.banner.isVisible)
    assert capture.banner.parentWidget() is capture.canvas
    assert capture.canvas.geometry() == before
    assert capture.canvas.rect().contains(capture.banner.geometry())
