"""Preferences, generated from the settings' field metadata (`core.settings.editable_fields`).

Adding a setting to `core/settings.py` adds it here too: one group box per field group,
one editor per field kind, the description as tooltip and help text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.core.settings import FieldInfo, Settings, editable_fields
from mmpp_desktop.qt.widgets.blend_controls import FAMILY_TITLES

MODEL_FILES = "Models (*.safetensors *.bin *.pt *.ckpt);;All files (*)"
CHOICE_TITLES = {**FAMILY_TITLES, "auto": "Automatic", "cpu": "CPU", "cuda": "NVIDIA GPU (CUDA)",
                 "mps": "Apple GPU (MPS)"}


class PathEditor(QWidget):
    """A path field with a browse button: files and folders for models, folders for `dir`."""

    def __init__(self, kind: str, value: str, title: str) -> None:
        super().__init__()
        self.line = QLineEdit(value)
        self.line.setPlaceholderText(self.tr("Not configured"))
        self.line.setClearButtonEnabled(True)
        browse = QToolButton()
        browse.setText(self.tr("Browse…"))
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
        path, _ = QFileDialog.getOpenFileName(self, self.title, self.line.text(), MODEL_FILES)
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
        return PathEditor(info.kind, value, info.title)
    if info.kind == "choice":
        combo = QComboBox()
        for choice in info.choices:
            combo.addItem(CHOICE_TITLES.get(choice, choice), choice)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        return combo
    if info.kind == "int":
        spin = QSpinBox()
        spin.setRange(info.minimum if info.minimum is not None else -(2**31),
                      info.maximum if info.maximum is not None else 2**31 - 1)
        spin.setValue(value)
        spin.setSpecialValueText("Unlimited" if info.minimum == 0 else "")
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
    """Edits a copy of the settings; `settings()` returns the edited values."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.resize(680, 620)
        self._original = settings
        self.editors: dict[str, QWidget] = {}
        content = QWidget()
        column = QVBoxLayout(content)
        groups: dict[str, QFormLayout] = {}
        for name, info in editable_fields():
            if info.group not in groups:
                box = QGroupBox(info.group)
                groups[info.group] = QFormLayout(box)
                column.addWidget(box)
            editor = _editor(info, getattr(settings, name))
            editor.setToolTip(info.description)
            editor.setObjectName(name)
            self.editors[name] = editor
            groups[info.group].addRow(info.title, editor)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def settings(self) -> Settings:
        return dataclasses.replace(self._original, **{name: _read(editor) for name, editor in self.editors.items()})
