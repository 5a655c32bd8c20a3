"""The "Train a style…" dialog on the tiny kit: a run lands in the library; pause, resume and close
write a checkpoint; the library pane offers the dialog."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import PHOTOS, korean_ui

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.styles import StyleLibrary
from mmpp_desktop.core.training import run_dir_for
from mmpp_desktop.qt.widgets.train_dialog import TrainDialog


def _dialog(qtbot: Any, kit: dict[str, Any], name: str, steps: int) -> TrainDialog:
    dialog = TrainDialog(resolve_paths().ensure(), Settings(sd15_base_model=kit["single_file"], device="cpu"))
    qtbot.addWidget(dialog)
    dialog.images_edit.setText(str(PHOTOS))
    dialog.name_edit.setText(name)
    dialog.trigger_edit.setText("zxq ink")
    dialog.steps_spin.setValue(steps)
    dialog.rank_spin.setValue(4)
    dialog.size_spin.setValue(64)
    return dialog


def test_a_run_shows_progress_and_adds_the_style(qtbot: Any, tiny_kit_sd15: dict[str, Any]) -> None:
    dialog = _dialog(qtbot, tiny_kit_sd15, "Dialog Ink", steps=4)
    assert dialog.size_spin.minimum() == 64 and "tiny-sd15" in dialog.model_label.text()
    with qtbot.waitSignal(dialog.style_trained, timeout=120_000) as trained:
        dialog.start_button.click()
        assert dialog.pages.currentIndex() == 1 and not dialog.start_button.isEnabled()
    assert trained.args == ["Dialog Ink"]
    assert len(dialog.loss_curve.losses) == 4 and dialog.progress_bar.value() == 4
    assert not dialog.validation_label.pixmap().isNull()  # the last validation image
    assert "is small" in dialog.warnings_label.text() and "Done" in dialog.status_label.text()
    style = StyleLibrary(resolve_paths()).get("Dialog Ink")
    assert style.trigger_words == ("zxq ink",) and style.thumbnails
    dialog.close()


def test_pause_resume_and_close_keep_a_checkpoint(qtbot: Any, tiny_kit_sd15: dict[str, Any]) -> None:
    dialog = _dialog(qtbot, tiny_kit_sd15, "Paused Ink", steps=400)
    checkpoint = run_dir_for(resolve_paths().data_dir, "Paused Ink") / "checkpoint.pt"

    def pause_at_two(phase: str, step: int, *_: Any) -> None:
        if phase == "training" and step == 2:
            dialog.pause_button.click()

    dialog.controller.progress.connect(pause_at_two)
    with qtbot.waitSignal(dialog.controller.paused, timeout=120_000) as paused:
        dialog.start_button.click()
    dialog.controller.progress.disconnect(pause_at_two)
    assert paused.args[0] >= 2 and checkpoint.is_file()
    assert dialog.resume_button.isEnabled() and "Paused at step" in dialog.status_label.text()
    with qtbot.waitSignal(dialog.controller.progress, timeout=60_000,
                          check_params_cb=lambda phase, step, *_: phase == "training" and step > paused.args[0] + 1):
        dialog.resume_button.click()
    dialog.close()  # pauses the run with a checkpoint and stops the thread
    assert not dialog.controller.worker_thread.isRunning() and checkpoint.is_file()
    assert len(dialog.loss_curve.losses) > paused.args[0]



def test_the_library_pane_offers_training(qtbot: Any) -> None:
    from mmpp_desktop.qt.widgets.style_library import StyleLibraryPane
    from mmpp_desktop.qt.workers.store_worker import StoreClient

    store = StoreClient(resolve_paths().ensure())
    pane = StyleLibraryPane(store)
    qtbot.addWidget(pane)
    try:
        with qtbot.waitSignal(pane.train_requested, timeout=1000):
            pane.train_button.click()
    finally:
        store.shutdown()


def test_the_window_opens_the_dialog_with_its_settings(qtbot: Any, tiny_kit_sd15: dict[str, Any]) -> None:
    main_window = pytest.importorskip("mmpp_desktop.qt.main_window", exc_type=ImportError,
                                      reason="Qt Multimedia needs libpulse on this machine")
    window = main_window.MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    window.session.set_settings(Settings(sd15_base_model=tiny_kit_sd15["single_file"]))
    window.library_pane.train_button.click()
    dialogs = window.findChildren(TrainDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert tiny_kit_sd15["single_file"] in dialogs[0].model_label.text()
    dialogs[0].close()


def test_a_new_dialog_resumes_the_paused_run_with_its_settings(qtbot: Any, tiny_kit_sd15: dict[str, Any]) -> None:
    first = _dialog(qtbot, tiny_kit_sd15, "Later Ink", steps=6)
    first.controller.progress.connect(
        lambda phase, step, *_: first.close() if phase == "training" and step == 2 else None)
    with qtbot.waitSignal(first.controller.paused, timeout=120_000):
        first.start_button.click()
    second = _dialog(qtbot, tiny_kit_sd15, "Other name", steps=1)
    assert second.resume_paused_button.isHidden()
    second.name_edit.setText("later ink")
    assert not second.resume_paused_button.isHidden()
    with qtbot.waitSignal(second.style_trained, timeout=120_000):
        second.resume_paused_button.click()
    assert second.run_settings is None and len(second.loss_curve.losses) in (3, 4)  # steps after the pause
    assert StyleLibrary(resolve_paths()).get("Later Ink").loras
    second.close()


def test_refusals_and_dataset_findings_are_shown_in_korean(qtbot: Any, tiny_kit_sd15: dict[str, Any]) -> None:
    """core/training's sentences reach the Korean dialog translated: they cross the worker thread as text
    already put in the UI language."""
    from PySide6.QtWidgets import QApplication


    app = QApplication.instance()
    with korean_ui(app):
        dialog = _dialog(qtbot, tiny_kit_sd15, "Korean Ink", steps=1)
        dialog.trigger_edit.setText("")
        with qtbot.waitSignal(dialog.controller.failed, timeout=60_000) as failed:
            dialog.start_button.click()
        assert failed.args[0].startswith("학습한 스타일에는 트리거 단어가 필요합니다")
        assert dialog.progress_error.message == failed.args[0]

        dialog.pages.setCurrentIndex(0)
        dialog.trigger_edit.setText("zxq ink")
        with qtbot.waitSignal(dialog.style_trained, timeout=120_000):
            dialog.start_button.click()
        assert "작습니다" in dialog.warnings_label.text() and "is small" not in dialog.warnings_label.text()
        dialog.close()
