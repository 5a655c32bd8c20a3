"""Help → Keyboard shortcuts lists what the window really defines; File → Open output folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.qt.folders import output_folder
from mmpp_desktop.qt.main_window import MainWindow
from mmpp_desktop.qt.widgets.shortcuts_dialog import ShortcutsDialog


def _window(qtbot) -> MainWindow:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    return window


def _menu_texts(window: MainWindow, title: str) -> list[str]:
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == title)
    return [action.text() for action in menu.actions()]


def test_the_dialog_lists_the_windows_shortcuts(qtbot) -> None:
    window = _window(qtbot)
    rows = ShortcutsDialog(window).rows
    by_keys: dict[str, list[str]] = {}
    for row in rows:
        for keys in row.keys.split(", "):
            by_keys.setdefault(keys, []).append(row.action)
    assert "Open Photo" in by_keys["Ctrl+O"]
    assert "Paste Image" in by_keys["Ctrl+V"]
    assert "Cancel" in by_keys["Esc"]
    assert "Keyboard Shortcuts" in by_keys["F1"] and "Keyboard Shortcuts" in by_keys["Ctrl+/"]
    assert "Tab" in by_keys and "Shift+Tab" in by_keys
    saves = [action for action in window.findChildren(QAction)
             if QKeySequence("Ctrl+S") in action.shortcuts() and action.isVisible()]
    if saves:  # Save comes with the result actions
        assert "Ctrl+S" in by_keys
    assert len(rows) == len(set(rows))
    history = [row for row in rows if row.keys == "Del"]
    assert history and all(row.where != "Everywhere" for row in history), "pane shortcuts say their pane"


def test_the_list_is_read_from_the_window_at_run_time(qtbot) -> None:
    window = _window(qtbot)
    assert not any(row.keys == "Ctrl+Shift+K" for row in ShortcutsDialog(window).rows)
    added = QAction("&Knit a Scarf…", window)
    added.setShortcut(QKeySequence("Ctrl+Shift+K"))
    window.addAction(added)
    assert ("Knit a Scarf", "Everywhere") in {(row.action, row.where) for row in ShortcutsDialog(window).rows
                                              if row.keys == "Ctrl+Shift+K"}


def test_help_menu_opens_the_dialog(qtbot) -> None:
    window = _window(qtbot)
    assert "&Keyboard Shortcuts" in _menu_texts(window, "&Help")
    window.shortcuts_action.trigger()
    dialogs = [widget for widget in QApplication.topLevelWidgets()
               if isinstance(widget, ShortcutsDialog) and widget.isVisible()]
    assert len(dialogs) == 1 and dialogs[0].parent() is window
    table = dialogs[0].table
    assert table.rowCount() == len(dialogs[0].rows) > 10
    assert {table.item(row, 1).text() for row in range(table.rowCount())} >= {"Ctrl+O", "Esc", "Tab"}
    dialogs[0].close()


def test_output_folder_action_and_its_folder(qtbot, tmp_path: Path, monkeypatch) -> None:
    window = _window(qtbot)
    assert "Open &Output Folder" in _menu_texts(window, "&File")
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    assert output_folder(Settings()) == Path(pictures)
    assert output_folder(Settings(output_dir=str(tmp_path / "exports"))) == tmp_path / "exports"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert output_folder(Settings(output_dir="~/portraits ")) == tmp_path / "portraits"
