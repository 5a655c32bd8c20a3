"""Start the desktop application: QApplication, palette-aware style, the main window.

`--screenshot PATH` opens the real window, lets layouts and first paints settle, saves a
PNG of it and exits, so README screenshots always show the current window; `--window-size`
sets the window's size for it and `--lang` its language.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from mmpp_desktop import __version__
from mmpp_desktop.core.paths import AppPaths

log = logging.getLogger(__name__)

QSS_FILE = Path(__file__).resolve().parents[1] / "assets" / "qss" / "app.qss"
SCREENSHOT_SETTLE_MS = 1500


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's identity and style (reused if one already exists)."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("MMPP Desktop")
    app.setOrganizationName("mmpp-desktop")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("mmpp-desktop")
    apply_style(app)
    return app


def apply_style(app: QApplication) -> None:
    """Fusion follows the system light/dark colour scheme; the QSS only adds shape and spacing."""
    app.setStyle("Fusion")
    app.setStyleSheet(QSS_FILE.read_text(encoding="utf-8"))


def save_screenshot(window, path: str) -> bool:
    """Grab the whole window (including its frame contents) into a PNG."""
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    saved = window.grab().save(str(target), "PNG")
    log.info("Screenshot %s to %s", "saved" if saved else "FAILED", target)
    return saved


def apply_color_scheme(app: QApplication, scheme: str) -> None:
    """"light" or "dark" overrides the system's colour scheme; "system" follows it."""
    schemes = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
    app.styleHints().setColorScheme(schemes.get(scheme, Qt.ColorScheme.Unknown))


def run_app(paths: AppPaths, screenshot: str | None = None, language: str | None = None,
            window_size: tuple[int, int] | None = None) -> int:
    """Show the main window; with `screenshot`, save a PNG after it settles and exit.

    `language` ("en"/"ko") overrides the Preferences choice, which overrides the system locale.
    """
    from mmpp_desktop.core.settings import SettingsStore
    from mmpp_desktop.qt.i18n import add_hangul_fallback, install_translators, resolve_language
    from mmpp_desktop.qt.main_window import MainWindow

    app = create_application()
    settings = SettingsStore(paths.settings_file).load()
    apply_color_scheme(app, settings.theme)
    translators = install_translators(app, resolve_language(language or settings.language))
    add_hangul_fallback(app)
    window = MainWindow(paths)
    window.translators = translators  # Qt does not own translators: keep them alive with the window
    if window_size is not None:
        window.resize(*window_size)
    window.show()
    if screenshot is None:
        return app.exec()
    outcome: dict[str, bool] = {}

    def shoot() -> None:
        outcome["saved"] = save_screenshot(window, screenshot)
        window.close()
        app.quit()

    QTimer.singleShot(SCREENSHOT_SETTLE_MS, shoot)
    app.exec()
    return 0 if outcome.get("saved") else 1
