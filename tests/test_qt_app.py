"""The window as a whole: screenshot mode, generated preferences, persisted layout, welcome."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QSpinBox

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings, SettingsStore, editable_fields
from mmpp_desktop.qt.main_window import MainWindow
from mmpp_desktop.qt.widgets.preferences_dialog import PathEditor, PreferencesDialog
from tests.conftest import PHOTOS

REPO = Path(__file__).resolve().parents[1]


def test_screenshot_mode_writes_a_large_png(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run(
        [sys.executable, "-m", "mmpp_desktop", "--data-dir", str(tmp_path / "data"), "--screenshot", str(shot)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    with Image.open(shot) as image:
        assert image.format == "PNG"
        assert image.width >= 1280 and image.height >= 800
        assert len(set(image.convert("L").resize((64, 40)).getdata())) > 10, "the window was painted"


def test_preferences_are_generated_from_settings_metadata(qtbot) -> None:
    dialog = PreferencesDialog(Settings(sd15_base_model="/models/a", history_limit=5))
    qtbot.addWidget(dialog)
    assert set(dialog.editors) == {name for name, _ in editable_fields()}
    assert isinstance(dialog.editors["sd15_base_model"], PathEditor)
    assert isinstance(dialog.editors["device"], QComboBox)
    assert isinstance(dialog.editors["history_limit"], QSpinBox)
    assert isinstance(dialog.editors["torch_compile"], QCheckBox)
    assert dialog.editors["sd15_base_model"].value() == "/models/a"
    dialog.editors["sdxl_ip_adapter"].line.setText("/models/ip")
    dialog.editors["device"].setCurrentIndex(dialog.editors["device"].findData("cpu"))
    dialog.editors["history_limit"].setValue(42)
    edited = dialog.settings()
    assert (edited.sdxl_ip_adapter, edited.device, edited.history_limit) == ("/models/ip", "cpu", 42)
    assert edited.sd15_base_model == "/models/a"


def test_first_launch_welcome_and_classic_look(qtbot) -> None:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    assert window.centre.currentWidget() is window.welcome
    assert not window.blend.generate_button.isEnabled(), "no model: Stable Diffusion cannot run"
    assert "Preferences" in window.blend.generate_button.toolTip()
    window.session.set_controls(look="sketch")
    assert window.blend.generate_button.isEnabled(), "classic styles need no model"
    assert not window.blend.styles_box.isEnabled()
    assert window.session.generate() is False
    assert window.banner.message == "Open a photo or take a snapshot first."


def test_small_sizes_are_offered_for_cpu_users(qtbot) -> None:
    paths = resolve_paths().ensure()
    SettingsStore(paths.settings_file).save(Settings(sd15_base_model="/models/base"))
    window = MainWindow(paths)
    qtbot.addWidget(window)
    combo = window.blend.size
    offered = [combo.itemData(index) for index in range(combo.count())]
    assert offered[:3] == [256, 384, 512] and combo.currentData() == window.session.controls.size
    combo.setCurrentIndex(combo.findData(384))
    assert window.session.controls.size == 384


def test_model_settings_enable_controls(qtbot) -> None:
    paths = resolve_paths().ensure()
    SettingsStore(paths.settings_file).save(Settings(sd15_base_model="/models/base"))
    window = MainWindow(paths)
    qtbot.addWidget(window)
    assert window.centre.currentWidget() is window.result_view
    assert window.blend.styles_box.isEnabled()
    assert not window.blend.controlnet_enabled.isEnabled()
    assert "ControlNet" in window.blend.controlnet_enabled.toolTip()
    assert not window.blend.reference_box.isEnabled()
    lcm_row = window.blend.scheduler.findData("lcm")
    assert not window.blend.scheduler.model().item(lcm_row).isEnabled(), "LCM needs its LoRA configured"
    assert "base" in window.model_label.text()


def test_window_layout_persists(qtbot) -> None:
    paths = resolve_paths().ensure()
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(790, 590)  # inside the offscreen platform's 800x600 screen, which clamps restored geometry
    window.splitter.setSizes([200, 390, 200])
    qtbot.wait(50)
    size, sizes = window.size().toTuple(), window.splitter.sizes()
    window.close()
    again = MainWindow(paths)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size().toTuple() == size
    assert again.splitter.sizes() == sizes


def drop(window: MainWindow, files: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in files])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_dropping_a_lora_imports_it_and_a_photo_opens_it(qtbot, tiny_kit_sd15: dict) -> None:
    paths = resolve_paths().ensure()
    window = MainWindow(paths)
    qtbot.addWidget(window)
    lora = Path(tiny_kit_sd15["loras"][0])
    with qtbot.waitSignal(window.library_pane.view_model.imported, timeout=60_000) as imported, \
            qtbot.waitSignal(window.session.input_changed, timeout=60_000):
        drop(window, [lora, PHOTOS / "obama.jpg"])
    assert len(imported.args[0]) == 1
    assert Path(window.session.input_path) == PHOTOS / "obama.jpg"
    assert window.capture.faces_shown == 1


def test_dropping_something_else_says_what_to_drop(qtbot, tmp_path: Path) -> None:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    drop(window, [text])
    assert window.banner.message.startswith("Drop a photo")


def test_styles_chosen_in_the_library_join_the_blend(qtbot) -> None:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    window.library_pane.styles_chosen.emit(["Watercolor", "Pop Art"])
    window.library_pane.styles_chosen.emit(["Watercolor"])
    assert [entry.name for entry in window.session.styles] == ["Watercolor", "Pop Art"]
    assert [row.name for row in window.blend.style_rows] == ["Watercolor", "Pop Art"]
    window.blend.style_rows[1].enabled.setChecked(False)
    assert window.session.styles[1].enabled is False


def test_preferences_dialog_saves_and_enables_stable_diffusion(qtbot, tiny_kit_sd15: dict) -> None:
    paths = resolve_paths().ensure()
    window = MainWindow(paths)
    qtbot.addWidget(window)
    assert window.centre.currentWidget() is window.welcome

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        dialog.editors["sd15_base_model"].line.setText(tiny_kit_sd15["base"])
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    window.preferences_action.trigger()
    assert SettingsStore(paths.settings_file).load().sd15_base_model == tiny_kit_sd15["base"]
    assert window.session.settings.sd15_base_model == tiny_kit_sd15["base"]
    assert window.centre.currentWidget() is window.result_view
    assert window.blend.generate_button.isEnabled() and window.blend.styles_box.isEnabled()
    assert window.model_label.text() == "SD 1.5: base"
