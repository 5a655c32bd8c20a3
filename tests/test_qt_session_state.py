"""Honest state in the window: a new photo clears the old result, reuse can be undone and shows
its size, progress says how long is left, and a run that ends in the background is announced."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.types import GenerationRequest, GenerationResult, PromptSource
from mmpp_desktop.qt.main_window import MainWindow
from mmpp_desktop.qt.notifications import Notice, choose_notice
from mmpp_desktop.qt.view_models.session import BlendEntry
from tests.conftest import PHOTOS

RUN_TIMEOUT_MS = 120_000


@pytest.fixture
def window(qtbot) -> MainWindow:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_photo(qtbot, window: MainWindow, name: str) -> None:
    with qtbot.waitSignal(window.session.input_changed, timeout=30_000):
        window.session.open_image(PHOTOS / name)


def classic_result(qtbot, window: MainWindow) -> None:
    """A real result from the no-model classic path, shown in the result view."""
    window.session.set_controls(look="sketch", size=256, random_seed=False)
    with qtbot.waitSignal(window.session.result_changed, timeout=RUN_TIMEOUT_MS):
        assert window.session.generate()
    qtbot.waitUntil(lambda: not window.session.busy, timeout=RUN_TIMEOUT_MS)
    assert window.result_view.shown_result is window.session.result_image is not None


def test_a_new_photo_clears_the_result_of_the_old_one(qtbot, window: MainWindow) -> None:
    session = window.session
    open_photo(qtbot, window, "obama.jpg")
    classic_result(qtbot, window)

    open_photo(qtbot, window, "biden.jpg")
    assert session.result is None and session.result_image is None
    assert window.result_view.shown_result is None, "no portrait of the previous photo next to the new one"
    assert window.result_view.canvas.before is session.input_image

    classic_result(qtbot, window)
    pasted = QImage(320, 240, QImage.Format.Format_RGB32)
    pasted.fill(QColor(90, 140, 200))
    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        session.use_image(pasted)  # paste and camera snapshots take this path
    assert session.result is None and window.result_view.shown_result is None


def test_a_result_that_arrives_after_a_new_photo_says_so(qtbot, window: MainWindow) -> None:
    session = window.session
    open_photo(qtbot, window, "obama.jpg")
    request = GenerationRequest(input_image=str(PHOTOS / "biden.jpg"), classic="sketch")
    old_run = GenerationResult(request=request, images=(Image.new("RGB", (64, 64), "white"),), recipe={},
                               timings={"total": 1.0})
    with qtbot.waitSignal(session.status_changed) as status:
        session.generation.finished.emit(old_run)  # the worker reports a run started before the photo changed
    assert status.args[0].endswith("made from the previous photo")
    assert window.result_view.shown_result is session.result_image is not None


def recipe(**changes: object) -> GenerationRequest:
    source = PromptSource("watercolour portrait, soft paper", "blurry", (("Watercolor", 0.6),))
    request = GenerationRequest(input_image=str(PHOTOS / "biden.jpg"), model="/models/base",
                                prompt=source.prompt, negative_prompt=source.negative_prompt, steps=5,
                                guidance=3.5, scheduler="euler", seed=42, size=64, source=source)
    return GenerationRequest(**{**request.__dict__, **changes})


def test_reuse_offers_undo_and_shows_the_recorded_size(qtbot, window: MainWindow) -> None:
    session = window.session
    open_photo(qtbot, window, "obama.jpg")
    session.set_styles([BlendEntry("Pop Art", 0.8)])
    session.set_controls(prompt="my own words", negative_prompt="no hats", size=384, steps=12)
    typed = (session.controls, list(session.styles), session.input_path, session.face_box)

    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        session.apply_request(recipe(size=256, prompt="first try", source=None))
    assert window.blend.size.currentData() == 256
    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        session.apply_request(recipe())  # a second recipe in a row: Undo still goes back to the user's own
    assert session.controls.prompt == "watercolour portrait, soft paper" and session.controls.size == 64
    assert [(entry.name, entry.weight) for entry in session.styles] == [("Watercolor", 0.6)]
    assert window.blend.prompt.toPlainText() == "watercolour portrait, soft paper"
    assert window.blend.size.currentData() == 64, "a 64 px recipe shows 64 px, not the 512 preset"
    assert "64" in window.blend.size.currentText()
    assert session.input_path == str(PHOTOS / "biden.jpg")
    assert window.reuse_banner.isVisible() and window.reuse_banner.undo_button.isVisible()

    window.reuse_banner.undo_button.click()
    assert (session.controls, session.styles, session.input_path, session.face_box) == typed
    assert window.blend.prompt.toPlainText() == "my own words"
    assert window.blend.negative.toPlainText() == "no hats"
    assert window.blend.size.currentData() == 384 and window.blend.steps.value() == 12
    assert [row.name for row in window.blend.style_rows] == ["Pop Art"]
    assert window.capture.canvas.image is session.input_image
    assert not window.reuse_banner.isVisible() and not session.can_undo_reuse


def test_undo_before_the_recipe_photo_loads_keeps_the_current_photo(qtbot, window: MainWindow) -> None:
    session = window.session
    open_photo(qtbot, window, "obama.jpg")
    session.apply_request(recipe())
    session.undo_reuse()  # the recipe's photo is still loading on the loader thread
    assert not session.loading
    qtbot.waitUntil(lambda: session._loads.activeThreadCount() == 0, timeout=30_000)
    qtbot.wait(100)  # let its queued answer arrive: it must be dropped
    assert session.input_path == str(PHOTOS / "obama.jpg") and not session.loading


def test_a_run_from_the_reused_recipe_ends_the_undo_offer(qtbot, window: MainWindow) -> None:
    session = window.session
    open_photo(qtbot, window, "obama.jpg")
    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        session.apply_request(recipe(classic="sketch", model="", size=256, source=None))
    assert window.reuse_banner.isVisible()
    with qtbot.waitSignal(session.result_changed, timeout=RUN_TIMEOUT_MS):
        assert session.generate()
    assert not window.reuse_banner.isVisible() and not session.can_undo_reuse
    qtbot.waitUntil(lambda: not session.busy, timeout=RUN_TIMEOUT_MS)


def test_progress_says_about_how_long_is_left(qtbot, window: MainWindow) -> None:
    session, progress = window.session, window.result_view.progress
    worker_signals = session.generation  # what the generation worker thread reports, step by step
    worker_signals.started.emit()
    worker_signals.progress.emit(1, 10, 2.0, QImage())  # the first step carries the warm-up
    assert progress.format() == "Step 1 / 10 · about 18 s left"
    worker_signals.progress.emit(3, 10, 2.5, QImage())  # then 0.25 s a step
    assert progress.format() == "Step 3 / 10 · about 2 s left"
    worker_signals.progress.emit(10, 10, 4.25, QImage())
    assert progress.format() == "Step 10 / 10"
    worker_signals.started.emit()  # the next run starts from scratch
    worker_signals.progress.emit(1, 200, 1.0, QImage())
    assert progress.format() == "Step 1 / 200 · about 3 min left"


def test_notice_kind_follows_focus_and_tray() -> None:
    assert choose_notice(window_active=True, tray_available=True) is Notice.NONE
    assert choose_notice(window_active=True, tray_available=False) is Notice.NONE
    assert choose_notice(window_active=False, tray_available=True) is Notice.TRAY
    assert choose_notice(window_active=False, tray_available=False) is Notice.ALERT


def test_a_run_that_ends_in_the_background_asks_for_attention(qtbot, window: MainWindow) -> None:
    """Offscreen has no system tray, so the fallback (the window asks for attention) is taken."""
    open_photo(qtbot, window, "obama.jpg")
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    classic_result(qtbot, window)
    assert window.notifier.last_notice is Notice.ALERT

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    classic_result(qtbot, window)
    assert window.notifier.last_notice is Notice.NONE, "the user is looking at the window: nothing more"
