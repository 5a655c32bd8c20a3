"""Screen readers: every interactive control says what it is (issue 12, accessibility).

A control is named by its accessible name, or, for a button, by its text. Form labels next to
a field are not enough: Qt does not copy them into the accessible name, so an unnamed combo box
announces its value and a spin box only its number.
"""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

from mmpp_desktop.core.paths import AppPaths, resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.styles import StyleLibrary

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
               QAbstractSlider, QAbstractItemView, QTabBar)
# Parts of a compound control that the control itself names (a spin box's editor, a combo's list,
# a line edit's clear button, a scroll area's bars, a table's headers).
INNER_PARTS = (QScrollBar, QHeaderView)
COMPOUNDS = (QAbstractSpinBox, QComboBox, QAbstractItemView, QLineEdit)


def _describe(widget: QWidget) -> str:
    parents = []
    parent = widget.parentWidget()
    while parent is not None and len(parents) < 3:
        parents.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r} in {' < '.join(parents)}"


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible interactive widgets under `root` that a screen reader could not name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, INNER_PARTS):
            continue
        if not widget.isVisibleTo(root) or isinstance(widget.parentWidget(), COMPOUNDS):
            continue
        if widget.accessibleName().strip():
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        found.append(_describe(widget))
    return found


def _paths() -> AppPaths:
    return resolve_paths().ensure()


def _owned_dialogs(paths: AppPaths) -> list[QDialog]:
    from mmpp_desktop.qt.widgets.compare_dialog import CompareDialog
    from mmpp_desktop.qt.widgets.preferences_dialog import PreferencesDialog
    from mmpp_desktop.qt.widgets.style_edit_dialog import StyleEditDialog
    from mmpp_desktop.qt.widgets.train_dialog import TrainDialog

    style = StyleLibrary(paths).list()[0]
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    return [PreferencesDialog(Settings()), StyleEditDialog(style, None), TrainDialog(paths, Settings()),
            CompareDialog(image, "#1", image, "#2")]


def test_the_dialogs_name_every_control(qtbot) -> None:
    """Preferences, style editor, training and compare dialogs: nothing unnamed."""
    leftovers = {}
    for dialog in _owned_dialogs(_paths()):
        qtbot.addWidget(dialog)
        if unnamed := unnamed_controls(dialog):
            leftovers[type(dialog).__name__] = unnamed
    assert leftovers == {}


def test_the_walk_finds_an_unnamed_control(qtbot) -> None:
    """The check itself: a bare combo box and an icon-only button are reported until they are named."""
    root = QWidget()
    qtbot.addWidget(root)
    bare, named_combo, icon_only, with_text = QComboBox(root), QComboBox(root), QToolButton(root), QToolButton(root)
    named_combo.setAccessibleName("Scheduler")
    with_text.setText("&Delete")
    assert len(unnamed_controls(root)) == 2
    bare.setAccessibleName("Size")
    icon_only.setAccessibleName("Remove")
    assert unnamed_controls(root) == []


def test_the_main_window_names_every_control(qtbot) -> None:
    from mmpp_desktop.qt.main_window import MainWindow

    paths = _paths()
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    leftovers = {"MainWindow": unnamed_controls(window)}
    for dialog in _owned_dialogs(paths):
        qtbot.addWidget(dialog)
        leftovers[type(dialog).__name__] = unnamed_controls(dialog)
    assert {name: found for name, found in leftovers.items() if found} == {}
