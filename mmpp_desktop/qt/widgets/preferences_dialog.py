"""Preferences, generated from the settings' field metadata (`core.settings.editable_fields`).

Adding a setting to `core/settings.py` adds it here too: one group box per field group,
one editor per field kind, the description as tooltip and help text.

Each model path is checked as it is typed (debounced) with the engine's own pre-load checks
(`core.model_check`): the row says what it found, and OK stays disabled while any row has an
error. The checks read file headers and JSON only, a few milliseconds each, so they run on the
GUI thread.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.core.model_check import MODEL_KINDS, ModelCheck, base_widths, check_model_path
from mmpp_desktop.core.settings import FieldInfo, Settings, editable_fields
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.settings_text import setting_text
from mmpp_desktop.qt.titles import FAMILY_TITLES, family_title

MODEL_FILES = QT_TRANSLATE_NOOP("PreferencesDialog", "Models (*.safetensors *.bin *.pt *.ckpt);;All files (*)")
CONTEXT = "PreferencesDialog"
# Shown through QCoreApplication.translate(CONTEXT, ...); language names stay in their own language.
CHOICE_TITLES = {
    "sd15": FAMILY_TITLES["sd15"],
    "sdxl": FAMILY_TITLES["sdxl"],
    "auto": QT_TRANSLATE_NOOP("PreferencesDialog", "Automatic"),
    "cpu": "CPU",
    "cuda": QT_TRANSLATE_NOOP("PreferencesDialog", "NVIDIA GPU (CUDA)"),
    "mps": QT_TRANSLATE_NOOP("PreferencesDialog", "Apple GPU (MPS)"),
    "system": QT_TRANSLATE_NOOP("PreferencesDialog", "Same as the system"),
    "en": "English",
    "ko": "한국어",
    "light": QT_TRANSLATE_NOOP("PreferencesDialog", "Light"),
    "dark": QT_TRANSLATE_NOOP("PreferencesDialog", "Dark"),
}
CHECK_DELAY_MS = 300  # after the last keystroke, so a path is not checked at every letter


class PathEditor(QWidget):
    """A path field with a browse button: files and folders for models, folders for `dir`."""

    def __init__(self, kind: str, value: str, title: str) -> None:
        super().__init__()
        self.line = QLineEdit(value)
        self.line.setPlaceholderText(self.tr("Not configured"))
        self.line.setClearButtonEnabled(True)
        self.browse = browse = QToolButton()
        browse.setText(self.tr("Browse…"))
        browse.setAccessibleName(self.tr("Browse for {setting}").format(setting=title))
        if kind == "dir":
            browse.clicked.connect(self._pick_folder)
        else:
            menu = QMenu(browse)
            menu.addAction(self.tr("Choose a file…"), self._pick_file)
            menu.addAction(self.tr("Choose a folder…"), self._pick_folder)
            browse.setMenu(menu)
            browse.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.title = title
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(browse)

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.title, self.line.text(),
                                              QCoreApplication.translate(CONTEXT, MODEL_FILES))
        if path:
            self.line.setText(path)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.title, self.line.text())
        if path:
            self.line.setText(path)

    def value(self) -> str:
        return self.line.text().strip()


def _editor(info: FieldInfo, value: Any) -> QWidget:
    if info.kind in ("path", "dir"):
        return PathEditor(info.kind, value, setting_text(info.title))
    if info.kind == "choice":
        combo = QComboBox()
        for choice in info.choices:
            combo.addItem(QCoreApplication.translate(CONTEXT, CHOICE_TITLES.get(choice, choice)), choice)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo
    if info.kind == "int":
        spin = QSpinBox()
        spin.setRange(info.minimum if info.minimum is not None else -(2**31),
                      info.maximum if info.maximum is not None else 2**31 - 1)
        spin.setValue(value)
        spin.setSpecialValueText(QCoreApplication.translate(CONTEXT, "Unlimited") if info.minimum == 0 else "")
        return spin
    if info.kind == "bool":
        check = QCheckBox()
        check.setChecked(value)
        return check
    return QLineEdit(value)


def _read(editor: QWidget) -> Any:
    if isinstance(editor, PathEditor):
        return editor.value()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    assert isinstance(editor, QLineEdit)
    return editor.text()


class PreferencesDialog(QDialog):
    """Edits a copy of the settings; `settings()` returns the edited values.

    `checks` holds the latest verdict on each model row, keyed by settings field name.
    """

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.resize(680, 620)
        self._original = settings
        self.editors: dict[str, QWidget] = {}
        self.check_labels: dict[str, QLabel] = {}
        self.checks: dict[str, ModelCheck] = {}
        self._timers: dict[str, QTimer] = {}
        self._widths = base_widths(settings)
        content = QWidget()
        column = QVBoxLayout(content)
        groups: dict[str, QFormLayout] = {}
        for name, info in editable_fields():
            if info.group not in groups:
                box = QGroupBox(setting_text(info.group))
                groups[info.group] = QFormLayout(box)
                column.addWidget(box)
            title, description = setting_text(info.title), setting_text(info.description)
            editor = _editor(info, getattr(settings, name))
            editor.setToolTip(description)
            editor.setObjectName(name)
            named = editor.line if isinstance(editor, PathEditor) else editor
            named.setAccessibleName(title)
            named.setAccessibleDescription(description)
            if isinstance(editor, PathEditor):  # what to pick: the setting's description, as on the field
                editor.browse.setAccessibleDescription(description)
            self.editors[name] = editor
            row: QWidget = editor
            if isinstance(editor, PathEditor) and _model_row(name) is not None:
                row = self._checked_row(name, editor)
            elif name == "language":
                row = self._with_note(editor, self.tr("Takes effect when the app starts next time."))
            groups[info.group].addRow(title, row)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        for name in self.check_labels:
            self._check(name)
        self._update_ok()

    # ----- model path checks -------------------------------------------------------------
    def _checked_row(self, name: str, editor: PathEditor) -> QWidget:
        """The path field with the verdict on it underneath, re-checked when the text settles."""
        label = QLabel()
        label.setObjectName(f"{name}_check")
        label.setWordWrap(True)
        self.check_labels[name] = label
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(CHECK_DELAY_MS)
        timer.timeout.connect(lambda: self._text_settled(name))
        self._timers[name] = timer
        editor.line.textChanged.connect(timer.start)
        return self._with_note(editor, label)

    @staticmethod
    def _with_note(editor: QWidget, note: QLabel | str) -> QWidget:
        label = note if isinstance(note, QLabel) else QLabel(note)
        label.setWordWrap(True)
        row = QWidget()
        box = QVBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(label)
        return row

    def _text_settled(self, name: str) -> None:
        family, kind = _model_row(name) or ("", "")
        if kind == "base_model":
            # Add-ons must match the base's width: re-check this family's rows, and the other
            # family's refused ones (their message may name this family).
            base = self.editors[name]
            assert isinstance(base, PathEditor)
            self._widths[family] = base_widths(Settings(**{name: base.value()}))[family]
            for row in self.check_labels:
                if row.startswith(f"{family}_") or not self.checks[row].usable:
                    self._timers[row].stop()
                    self._check(row)
        else:
            self._check(name)
        self._update_ok()

    def flush_checks(self) -> None:
        """Run the checks still waiting for typing to pause."""
        for name, timer in self._timers.items():
            if timer.isActive():
                timer.stop()
                self._text_settled(name)

    def _check(self, name: str) -> None:
        family, kind = _model_row(name) or ("", "")
        editor = self.editors[name]
        assert isinstance(editor, PathEditor)
        check = check_model_path(kind, family, editor.value(), self._widths)
        self.checks[name] = check
        text = self._describe(check, family)
        label = self.check_labels[name]
        label.setText(text)
        label.setVisible(bool(text))
        label.setProperty("problem", not check.usable)
        label.setStyleSheet("" if check.usable else "color: #d13438;")
        editor.line.setAccessibleDescription(text or editor.toolTip())

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(all(check.usable for check in self.checks.values()))

    def accept(self) -> None:
        self.flush_checks()
        if all(check.usable for check in self.checks.values()):
            super().accept()

    def done(self, result: int) -> None:
        self._stop_checks()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_checks()
        super().closeEvent(event)

    def _stop_checks(self) -> None:
        """A closed dialog checks nothing more."""
        for timer in self._timers.values():
            timer.stop()

    def _describe(self, check: ModelCheck, row_family: str) -> str:
        """What the row holds, or what is wrong with it, in one line."""
        found = family_title(check.family)
        row = family_title(row_family)
        if check.status == "empty":
            return ""
        if check.status == "ok":
            return {
                "base_model": {"folder": self.tr("{family} diffusers folder"),
                               "single_file": self.tr("{family} single-file checkpoint"),
                               "repo": self.tr("{family} model from the Hugging Face cache")}.get(check.storage, ""),
                "controlnet_canny": self.tr("ControlNet Canny, {family}"),
                "ip_adapter": self.tr("IP-Adapter, {family}"),
                "lcm_lora": self.tr("LCM-LoRA, {family}"),
                "tcd_lora": self.tr("TCD-LoRA, {family}"),
                "tiny_autoencoder": self.tr("Tiny autoencoder (taesd) folder"),
            }[check.kind].format(family=found)
        if check.status == "missing":
            if check.storage == "repo":
                return self.tr("Not on this computer (not in the Hugging Face cache; the app never downloads "
                               "models)")
            return self.tr("Does not exist")
        if check.status == "wrong_family" and check.family is None:
            return self.tr("Wrong model family: {message}").format(message=translated(check.message))
        if check.status == "wrong_family":
            return {
                "base_model": self.tr("Is an {found} model, but this row is for {row}"),
                "controlnet_canny": self.tr("Is an {found} ControlNet, but this row is for {row}"),
                "ip_adapter": self.tr("Is an {found} IP-Adapter, but this row is for {row}"),
                "lcm_lora": self.tr("Is an {found} LoRA, but this row is for {row}"),
                "tcd_lora": self.tr("Is an {found} LoRA, but this row is for {row}"),
            }.get(check.kind, self.tr("Is for {found}, but this row is for {row}")).format(found=found, row=row)
        if check.status == "other_kind":
            what = {
                "base_model": self.tr("a base model"),
                "controlnet_canny": self.tr("a ControlNet"),
                "ip_adapter": self.tr("an IP-Adapter folder"),
                "lora": self.tr("a LoRA"),
                "tiny_autoencoder": self.tr("a tiny autoencoder folder"),
            }[check.found_kind or ""]
            if check.family is not None:
                what = self.tr("{kind} for {family}").format(kind=what, family=found)
            return self.tr("Wrong kind of model: this is {what}").format(what=what)
        return self.tr("Not a model: {message}").format(message=translated(check.message))

    def settings(self) -> Settings:
        return dataclasses.replace(self._original, **{name: _read(editor) for name, editor in self.editors.items()})


def _model_row(name: str) -> tuple[str, str] | None:
    """(family, kind) of a model path field such as `sd15_controlnet_canny`, else None."""
    family, _, kind = name.partition("_")
    return (family, kind) if kind in MODEL_KINDS else None
