"""Tell the user a run ended while they were in another window.

A desktop notification through the system tray where the desktop has one; otherwise the
window asks for attention (a flashing taskbar entry), which every platform supports. While
the window is active the user sees the result already, so nothing extra is shown.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

MESSAGE_MS = 8000


class Notice(Enum):
    NONE = "none"  # the window is active: the user is looking at it
    TRAY = "tray"  # a desktop notification from a tray icon
    ALERT = "alert"  # no tray: the window's taskbar entry asks for attention


def choose_notice(window_active: bool, tray_available: bool) -> Notice:
    if window_active:
        return Notice.NONE
    return Notice.TRAY if tray_available else Notice.ALERT


class RunNotifier(QObject):
    """Notifies about finished runs for `window`; the tray icon exists only once it is needed
    and goes away when the user comes back to the window."""

    def __init__(self, window: QWidget, icon: QIcon) -> None:
        super().__init__(window)
        self._window = window
        self._icon = icon
        self._tray: QSystemTrayIcon | None = None
        self.last_notice = Notice.NONE
        window.installEventFilter(self)

    def notify(self, title: str, message: str) -> Notice:
        notice = choose_notice(self._window.isActiveWindow(), QSystemTrayIcon.isSystemTrayAvailable())
        if notice is Notice.TRAY:
            tray = self._tray_icon()
            tray.show()
            tray.showMessage(title, message, self._icon, MESSAGE_MS)
        elif notice is Notice.ALERT:
            QApplication.alert(self._window)
        self.last_notice = notice
        return notice

    def _tray_icon(self) -> QSystemTrayIcon:
        if self._tray is None:
            self._tray = QSystemTrayIcon(self._icon, self)
            self._tray.setToolTip(self._window.windowTitle())
            self._tray.messageClicked.connect(self._bring_window_back)
            self._tray.activated.connect(self._bring_window_back)
        return self._tray

    def _bring_window_back(self, *_args: object) -> None:
        window = self._window
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WindowActivate and self._tray is not None:
            self._tray.hide()
        return False
