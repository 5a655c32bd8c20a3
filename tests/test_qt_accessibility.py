"""Screen readers: every interactive control says what it is and what it does (issue 12, accessibility).

A control is named by its accessible name, or, for a button, by its text. Form labels next to
a field are not enough: Qt does not copy them into the accessible name, so an unnamed combo box
announces its value and a spin box only its number.

A control is described by its accessible description, which Qt fills from the tooltip when none
is set: what the control does or what its value means, read after the name.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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
from mmpp_desktop.core.settings import Settings, SettingsStore
from mmpp_desktop.core.styles import StyleLibrary

INTERACTIVE = (QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
               QAbstractSlider, QAbstractItemView, QTabBar)
# Parts of a compound control that the control itself names (a spin box's editor, a combo's list,
# a line edit's clear button, a scroll area's bars, a table's headers, a tab bar's scroll arrows).
INNER_PARTS = (QScrollBar, QHeaderView)
COMPOUNDS = (QAbstractSpinBox, QComboBox, QAbstractItemView, QLineEdit, QTabBar)


def _describe(widget: QWidget) -> str:
    parents = []
    parent = widget.parentWidget()
    while parent is not None and len(parents) < 3:
        parents.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {text!r} in {' < '.join(parents)}"


def _controls(root: QWidget) -> list[QWidget]:
    """The visible interactive widgets under `root` that a screen reader announces on their own."""
    return [widget for widget in root.findChildren(QWidget)
            if isinstance(widget, INTERACTIVE) and not isinstance(widget, INNER_PARTS)
            and widget.isVisibleTo(root) and not isinstance(widget.parentWidget(), COMPOUNDS)]


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible interactive widgets under `root` that a screen reader could not name."""
    found = []
    for widget in _controls(root):
        if widget.accessibleName().strip():
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        found.append(_describe(widget))
    return found


def _needs_no_description(widget: QWidget) -> bool:
    # A dialog's standard button (OK, Cancel, Save, Close): its text is its whole role.
    box = widget.parentWidget()
    if isinstance(box, QDialogButtonBox) and box.standardButton(widget) != QDialogButtonBox.StandardButton.NoButton:
        return True
    # A tab bar: each tab's text names the page or panel it shows.
    return isinstance(widget, QTabBar)


def undescribed_controls(root: QWidget) -> list[str]:
    """Visible interactive widgets under `root` whose accessible description (or tooltip) is empty."""
    found = []
    for widget in _controls(root):
        if _needs_no_description(widget):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Description).strip():
            found.append(f"{_describe(widget)} named {widget.accessibleName()!r}")
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


def test_the_dialogs_describe_every_control(qtbot) -> None:
    """Preferences, style editor, training and compare dialogs: every control says what it does."""
    leftovers = {}
    for dialog in _owned_dialogs(_paths()):
        qtbot.addWidget(dialog)
        if undescribed := undescribed_controls(dialog):
            leftovers[type(dialog).__name__] = undescribed
    assert leftovers == {}


def test_the_walk_finds_an_undescribed_control(qtbot) -> None:
    """The check itself: a named combo box without a description is reported until it has one (a tooltip
    counts, as Qt reads it as the description); a dialog's standard OK button and a tab bar are exempt."""
    root = QWidget()
    qtbot.addWidget(root)
    by_tooltip, by_description = QComboBox(root), QComboBox(root)
    by_tooltip.setAccessibleName("Scheduler")
    by_description.setAccessibleName("Size")
    QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, root)
    QTabBar(root).addTab("History")
    assert len(undescribed_controls(root)) == 2
    by_tooltip.setToolTip("The sampling method")
    assert len(undescribed_controls(root)) == 1
    by_description.setAccessibleDescription("Width and height of the result")
    assert undescribed_controls(root) == []
    extra = QDialogButtonBox(root).addButton("Export…", QDialogButtonBox.ButtonRole.ActionRole)
    assert undescribed_controls(root) == [f"{_describe(extra)} named ''"], "only standard buttons are exempt"


@pytest.mark.parametrize("settings", [
    Settings(),
    Settings(sd15_base_model="/models/base", sd15_controlnet_canny="/models/canny", sd15_ip_adapter="/models/ip",
             sd15_lcm_lora="/models/lcm.safetensors", sd15_tcd_lora="/models/tcd.safetensors"),
], ids=["first-launch", "models-configured"])
def test_the_main_window_describes_every_control(qtbot, settings: Settings) -> None:
    """Both states of the window: the welcome page without a model, and every control enabled (where
    tooltips that explain a missing model are gone), with a style in the blend."""
    from mmpp_desktop.qt.main_window import MainWindow

    paths = _paths()
    SettingsStore(paths.settings_file).save(settings)
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.session.add_style(StyleLibrary(paths).list()[0].name)
    window.show()
    qtbot.waitExposed(window)
    assert window.blend.style_rows, "the walk covers a blend row"
    assert undescribed_controls(window) == []
