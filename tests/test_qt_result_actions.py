"""Save, Save As, Copy, the context menu and drag-out on the result view, with a real classic-filter
result (OpenCV, no model), so the whole path from generation to file runs in a few seconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PHOTOS
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from mmpp_desktop.core.metadata import RECIPE_CHUNK, read_metadata
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.qt.view_models.session import SessionViewModel
from mmpp_desktop.qt.widgets.result_actions import ResultActions
from mmpp_desktop.qt.widgets.result_view import ResultView


@pytest.fixture
def view(qtbot, tmp_path: Path):
    """A result view showing a finished cartoon-filter result; saves default to tmp_path/exports."""
    session = SessionViewModel(resolve_paths().ensure(), Settings(device="cpu", output_dir=str(tmp_path / "exports")))
    result_view = ResultView(session)
    qtbot.addWidget(result_view)
    result_view.show()
    qtbot.waitExposed(result_view)
    result_view.activateWindow()
    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        session.open_image(PHOTOS / "obama.jpg")
    session.set_controls(look="cartoon", size=128, random_seed=False, seed=11)
    with qtbot.waitSignal(session.result_changed, timeout=120_000):
        assert session.generate()
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    yield result_view
    result_view.result_actions.wait_for_writes()
    session.shutdown()


def actions_of(view: ResultView) -> ResultActions:
    return view.result_actions


def test_ctrl_s_writes_a_png_with_the_recipe_chunk_in_the_export_folder(qtbot, view: ResultView,
                                                                       tmp_path: Path) -> None:
    actions = actions_of(view)
    assert actions.save_action.isEnabled()
    with qtbot.waitSignal(actions.saved, timeout=30_000) as saved:
        qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    path = Path(saved.args[0])
    assert path.parent == tmp_path / "exports" and path.suffix == ".png" and "seed11" in path.name
    with Image.open(path) as image:
        recipe = json.loads(image.info[RECIPE_CHUNK])
        assert image.size == view.session.result.images[0].size
    assert recipe["request"]["classic"] == "cartoon" and recipe == json.loads(
        json.dumps(view.session.result.recipe, default=str))
    assert read_metadata(path).source == "mmpp"
    with qtbot.waitSignal(actions.saved, timeout=30_000) as again:  # a second save never overwrites the first
        actions.save_action.trigger()
    assert Path(again.args[0]) != path and path.is_file() and Path(again.args[0]).is_file()


def test_save_file_matches_history_export(qtbot, view: ResultView, tmp_path: Path) -> None:
    """The same writer as history export: a history export of the same result has identical text chunks."""
    from mmpp_desktop.core.history import HistoryStore

    store = HistoryStore(view.session.paths)
    entry_id = store.record(view.session.result)
    exported = store.export(entry_id, tmp_path / "exported.png")
    store.db.close()
    with qtbot.waitSignal(actions_of(view).saved, timeout=30_000) as saved:
        actions_of(view).save()
    with Image.open(exported) as by_history, Image.open(saved.args[0]) as by_view:
        assert by_view.info["parameters"] == by_history.info["parameters"]
        assert json.loads(by_view.info[RECIPE_CHUNK]) == json.loads(by_history.info[RECIPE_CHUNK])


@pytest.mark.parametrize("suffix", [".jpg", ".webp"])
def test_save_as_remembers_the_folder_and_keeps_the_recipe_in_jpeg_and_webp(
        qtbot, view: ResultView, tmp_path: Path, suffix: str) -> None:
    actions = actions_of(view)
    chosen = tmp_path / "chosen folder"
    chosen.mkdir()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = actions.save_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert Path(dialog.directory().absolutePath()) == tmp_path / "exports"
    with qtbot.waitSignal(actions.saved, timeout=30_000) as saved:
        dialog.selectFile(str(chosen / f"mine{suffix}"))
        dialog.accept()
    assert Path(saved.args[0]) == chosen / f"mine{suffix}"
    assert read_metadata(chosen / f"mine{suffix}").recipe["request"]["classic"] == "cartoon"
    assert actions.save_folder() == chosen
    with qtbot.waitSignal(actions.saved, timeout=30_000) as quick:  # Ctrl+S now writes there
        actions.save()
    assert Path(quick.args[0]).parent == chosen

    later = ResultView(view.session)  # a new window (the next run) remembers it too
    assert later.result_actions.save_folder() == chosen
    later.deleteLater()


def test_copy_puts_an_image_of_the_result_size_on_the_clipboard(qtbot, view: ResultView) -> None:
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull()
    assert (copied.width(), copied.height()) == view.session.result.images[0].size


def test_context_menu_has_the_six_actions(view: ResultView) -> None:
    menu = actions_of(view).context_menu()
    texts = [action.text().replace("&", "") for action in menu.actions() if not action.isSeparator()]
    assert texts == ["Save", "Save As…", "Copy", "Open Folder", "Reuse Recipe", "Compare with Input"]
    assert all(action.isEnabled() for action in menu.actions())
    menu.deleteLater()


def test_drag_mime_data_holds_an_existing_png_with_the_recipe(qtbot, view: ResultView) -> None:
    actions = actions_of(view)
    mime = actions.drag_mime()
    assert mime is not None and mime.hasUrls() and mime.hasImage()
    path = Path(mime.urls()[0].toLocalFile())
    assert path.is_file() and path.suffix == ".png"
    assert path.parent == view.session.paths.cache_dir / "drag-out"
    with Image.open(path) as image:
        assert image.format == "PNG" and RECIPE_CHUNK in image.info


def test_actions_are_off_before_there_is_a_result(qtbot) -> None:
    session = SessionViewModel(resolve_paths().ensure(), Settings(device="cpu"))
    result_view = ResultView(session)
    qtbot.addWidget(result_view)
    actions = actions_of(result_view)
    assert not actions.save_action.isEnabled() and not actions.copy_action.isEnabled()
    assert actions.drag_mime() is None
    session.shutdown()


def test_ctrl_c_in_the_prompt_box_copies_text_not_the_result(qtbot, tmp_path: Path) -> None:
    from mmpp_desktop.qt.main_window import MainWindow

    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    session = window.session
    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        session.open_image(PHOTOS / "obama.jpg")
    session.set_controls(look="cartoon", size=128)
    with qtbot.waitSignal(session.result_changed, timeout=120_000):
        assert session.generate()
    qtbot.waitUntil(lambda: not session.busy, timeout=30_000)
    session.set_settings(Settings(sd15_base_model=str(tmp_path)))  # the prompt box needs a base model
    session.set_controls(look="diffusion")
    assert window.result_view.result_actions.copy_action.isEnabled()  # a result is there to copy, too
    prompt = window.blend.prompt
    qtbot.waitUntil(prompt.isEnabled)
    prompt.setPlainText("soft light")
    prompt.selectAll()
    prompt.setFocus()
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(prompt, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "soft light"
    assert [action.text() for action in window.menuBar().actions()[0].menu().actions()][4:7] == [
        "&Save", "Save &As…", "&Copy"]
