"""Preferences on the real tiny kits: each model row says what it holds as it is typed, and OK
stays disabled while any row has an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox

from mmpp_desktop.core.settings import Settings
from mmpp_desktop.qt.widgets.preferences_dialog import PathEditor, PreferencesDialog
from tests.conftest import korean_ui


def _dialog(qtbot, settings: Settings | None = None) -> PreferencesDialog:
    dialog = PreferencesDialog(settings or Settings())
    qtbot.addWidget(dialog)
    return dialog


def _type(qtbot, dialog: PreferencesDialog, name: str, text: str) -> None:
    """Replace a row's text and wait for the debounced check to show it."""
    editor = dialog.editors[name]
    assert isinstance(editor, PathEditor)
    editor.line.setText(text)
    qtbot.waitUntil(lambda: not dialog._timers[name].isActive(), timeout=3000)


def _says(dialog: PreferencesDialog, name: str) -> str:
    return dialog.check_labels[name].text()


def test_every_kit_path_shows_what_it_is(qtbot, tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    dialog = _dialog(qtbot)
    assert dialog.ok_button.isEnabled()  # empty rows are fine
    assert all(not label.text() for label in dialog.check_labels.values())
    for family, kit, title in (("sd15", tiny_kit_sd15, "SD 1.5"), ("sdxl", tiny_kit_sdxl, "SDXL")):
        _type(qtbot, dialog, f"{family}_base_model", kit["base"])
        assert _says(dialog, f"{family}_base_model") == f"{title} diffusers folder"
        _type(qtbot, dialog, f"{family}_controlnet_canny", kit["controlnet_canny"])
        assert _says(dialog, f"{family}_controlnet_canny") == f"ControlNet Canny, {title}"
        _type(qtbot, dialog, f"{family}_ip_adapter", kit["ip_adapter"])
        assert _says(dialog, f"{family}_ip_adapter") == f"IP-Adapter, {title}"
        _type(qtbot, dialog, f"{family}_lcm_lora", kit["loras"][0])
        assert _says(dialog, f"{family}_lcm_lora") == f"LCM-LoRA, {title}"
        _type(qtbot, dialog, f"{family}_tcd_lora", kit["loras"][2])
        assert _says(dialog, f"{family}_tcd_lora") == f"TCD-LoRA, {title}"
    _type(qtbot, dialog, "sd15_base_model", tiny_kit_sd15["single_file"])
    assert _says(dialog, "sd15_base_model") == "SD 1.5 single-file checkpoint"
    assert dialog.ok_button.isEnabled()
    edited = dialog.settings()
    assert (edited.sdxl_controlnet_canny, edited.sd15_base_model) == (tiny_kit_sdxl["controlnet_canny"],
                                                                      tiny_kit_sd15["single_file"])


def test_errors_disable_ok_until_fixed(qtbot, tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any],
                                       tmp_path: Path) -> None:
    dialog = _dialog(qtbot, Settings(sd15_base_model=tiny_kit_sd15["base"], sdxl_base_model=tiny_kit_sdxl["base"]))
    assert dialog.ok_button.isEnabled()

    _type(qtbot, dialog, "sd15_base_model", tiny_kit_sd15["controlnet_canny"])  # a ControlNet as the base
    assert _says(dialog, "sd15_base_model") == "Wrong kind of model: this is a ControlNet"
    assert not dialog.ok_button.isEnabled()
    _type(qtbot, dialog, "sd15_base_model", tiny_kit_sd15["base"])
    assert _says(dialog, "sd15_base_model") == "SD 1.5 diffusers folder"
    assert dialog.ok_button.isEnabled()

    _type(qtbot, dialog, "sd15_controlnet_canny", str(tmp_path / "no-such-controlnet"))
    assert _says(dialog, "sd15_controlnet_canny") == "Does not exist"
    assert not dialog.ok_button.isEnabled()
    _type(qtbot, dialog, "sd15_controlnet_canny", tiny_kit_sdxl["controlnet_canny"])
    assert _says(dialog, "sd15_controlnet_canny") == "Is an SDXL ControlNet, but this row is for SD 1.5"
    assert not dialog.ok_button.isEnabled()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a model", encoding="utf-8")
    _type(qtbot, dialog, "sdxl_base_model", str(notes))
    assert _says(dialog, "sdxl_base_model").startswith("Not a model: notes.txt is not a model")
    _type(qtbot, dialog, "sdxl_base_model", "")  # an empty row is fine again
    assert _says(dialog, "sdxl_base_model") == "" and dialog.check_labels["sdxl_base_model"].isHidden()
    dialog.accept()
    assert dialog.result() == 0, "accept() refuses while a row has an error"
    _type(qtbot, dialog, "sd15_controlnet_canny", tiny_kit_sd15["controlnet_canny"])
    assert _says(dialog, "sd15_controlnet_canny") == "ControlNet Canny, SD 1.5"
    assert dialog.ok_button.isEnabled()
    assert dialog.editors["sd15_controlnet_canny"].line.accessibleDescription() == "ControlNet Canny, SD 1.5"
    dialog.accept()
    assert dialog.result() == 1


def test_a_new_base_rechecks_its_add_ons(qtbot, tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    """Add-ons must match the base's cross-attention width, so a changed base re-judges them."""
    dialog = _dialog(qtbot, Settings(sd15_base_model=tiny_kit_sd15["base"], sdxl_base_model=tiny_kit_sdxl["base"],
                                     sd15_ip_adapter=tiny_kit_sd15["ip_adapter"]))
    assert _says(dialog, "sd15_ip_adapter") == "IP-Adapter, SD 1.5"
    dialog.editors["sd15_base_model"].line.setText(tiny_kit_sdxl["base"])
    dialog.flush_checks()  # what OK does too: no waiting for the typing pause
    assert _says(dialog, "sd15_base_model") == "Is an SDXL model, but this row is for SD 1.5"
    assert not dialog.ok_button.isEnabled()


def test_the_other_familys_base_names_a_wrong_add_on(qtbot, tiny_kit_sd15: dict[str, Any],
                                                      tiny_kit_sdxl: dict[str, Any]) -> None:
    dialog = _dialog(qtbot, Settings(sd15_base_model=tiny_kit_sd15["base"],
                                     sd15_controlnet_canny=tiny_kit_sdxl["controlnet_canny"]))
    assert _says(dialog, "sd15_controlnet_canny").startswith("Wrong model family: controlnet-canny is a ControlNet")
    _type(qtbot, dialog, "sdxl_base_model", tiny_kit_sdxl["base"])  # now the app knows an SDXL base of its width
    assert _says(dialog, "sd15_controlnet_canny") == "Is an SDXL ControlNet, but this row is for SD 1.5"


def test_language_and_theme_choices_have_readable_titles(qtbot) -> None:
    dialog = _dialog(qtbot, Settings(theme="dark", language="ko"))
    theme, language = dialog.editors["theme"], dialog.editors["language"]
    assert isinstance(theme, QComboBox) and isinstance(language, QComboBox)
    assert [theme.itemText(i) for i in range(theme.count())] == ["Same as the system", "Light", "Dark"]
    assert [language.itemText(i) for i in range(language.count())] == ["Same as the system", "English", "한국어"]
    assert theme.currentText() == "Dark" and language.currentText() == "한국어"
    theme.setCurrentIndex(theme.findData("light"))
    assert dialog.settings().theme == "light"


def test_an_accepted_theme_applies_at_once(qtbot, monkeypatch) -> None:
    """The offscreen platform ignores colour-scheme requests, so the call is recorded on its way
    through; where the platform honours it (a real desktop), the scheme itself is checked too."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.qt import main_window
    from mmpp_desktop.qt.app import apply_color_scheme
    from mmpp_desktop.qt.main_window import MainWindow

    applied: list[str] = []
    monkeypatch.setattr(main_window, "apply_color_scheme",
                        lambda app, scheme: (applied.append(scheme), apply_color_scheme(app, scheme)))
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)

    def choose_dark() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        theme = dialog.editors["theme"]
        assert isinstance(theme, QComboBox)
        theme.setCurrentIndex(theme.findData("dark"))
        dialog.accept()

    QTimer.singleShot(0, choose_dark)
    try:
        window.preferences_action.trigger()
        assert window.session.settings.theme == "dark" and applied == ["dark"]
        if QApplication.platformName() != "offscreen":
            assert QApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    finally:
        apply_color_scheme(QApplication.instance(), "system")


def test_core_reasons_are_shown_in_korean(qtbot, tmp_path: Path) -> None:
    """The reason core gives for "not a model" (model_check) is translated inside the dialog's line."""
    from PySide6.QtWidgets import QApplication


    app = QApplication.instance()
    with korean_ui(app):
        dialog = _dialog(qtbot, Settings())
        notes = tmp_path / "notes.txt"
        notes.write_text("not a model", encoding="utf-8")
        _type(qtbot, dialog, "sdxl_base_model", str(notes))
        said = _says(dialog, "sdxl_base_model")
        assert said.startswith("모델이 아닙니다: notes.txt"), said
        assert "not a model" not in said
