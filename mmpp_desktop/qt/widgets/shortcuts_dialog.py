"""Help → Keyboard shortcuts: every shortcut the window defines, read from it when opened.

The list comes from the window's QActions, QShortcuts and buttons at run time, so it can
never drift from what the keys really do; only the keys Qt itself handles (Tab, Shift+Tab,
Alt for menus) are added by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the list: what it does, its keys as the platform writes them, where it works."""

    action: str
    keys: str
    where: str


def _plain(text: str) -> str:
    """Menu text without the mnemonic ampersand and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").rstrip(". ").strip()


def _keys(sequences: list[QKeySequence]) -> str:
    texts = [sequence.toString(QKeySequence.SequenceFormat.NativeText) for sequence in sequences]
    return ", ".join(dict.fromkeys(text for text in texts if text))


class ShortcutsDialog(QDialog):
    """A read-only table of `window`'s shortcuts."""

    def __init__(self, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.resize(560, 520)
        self.rows = self.window_shortcuts(window)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys"), self.tr("Where")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for index, row in enumerate(self.rows):
            for column, text in enumerate((row.action, row.keys, row.where)):
                self.table.setItem(index, column, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def window_shortcuts(self, window: QWidget) -> list[ShortcutRow]:
        """Shortcuts of `window` and its children, window-wide ones first, then by pane."""
        everywhere = self.tr("Everywhere")
        rows: list[ShortcutRow] = []
        for action in window.findChildren(QAction):
            keys = _keys(action.shortcuts())
            text = _plain(action.text()) or _plain(action.toolTip())
            if keys and text:
                rows.append(ShortcutRow(text, keys, self._where(action.parent(), window)))
        for shortcut in window.findChildren(QShortcut):
            keys = _keys(shortcut.keys())
            text = shortcut.whatsThis() or shortcut.objectName()
            if keys and text and shortcut.isEnabled():
                rows.append(ShortcutRow(text, keys, self._where(shortcut.parent(), window)))
        for button in window.findChildren(QAbstractButton):
            shortcut = button.shortcut()
            if shortcut.isEmpty() or shortcut == QKeySequence.mnemonic(button.text()):
                continue  # Alt+underlined letter: covered by the row for Alt below
            text = _plain(button.text()) or _plain(button.toolTip()) or button.accessibleName()
            if text:
                rows.append(ShortcutRow(text, _keys([shortcut]), self._where(button, window)))
        rows += [
            ShortcutRow(self.tr("Move to the next control"), "Tab", everywhere),
            ShortcutRow(self.tr("Move to the previous control"), "Shift+Tab", everywhere),
            ShortcutRow(self.tr("Open a menu (its underlined letter)"), "Alt", everywhere),
        ]
        unique = list(dict.fromkeys(rows))
        return sorted(unique, key=lambda row: (row.where != everywhere, row.where, row.action.casefold()))

    def _where(self, owner: object, window: QWidget) -> str:
        """The docked pane a shortcut belongs to (its title), else everywhere in the window."""
        widget = owner if isinstance(owner, QWidget) else None
        while widget is not None and widget is not window:
            if isinstance(widget, QDockWidget):
                return _plain(widget.windowTitle())
            widget = widget.parentWidget()
        return self.tr("Everywhere")
