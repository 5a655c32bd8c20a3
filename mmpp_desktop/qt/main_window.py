"""The main window: input on the left, the result in the centre, the blend on the right,
the style library and history docked below.

The window wires panes to the shared `SessionViewModel` and the store client; it owns
no logic of its own beyond shortcuts, drag-and-drop routing, persistence of geometry and
dock state, and a clean shutdown of every worker thread when it closes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.settings import SettingsStore
from mmpp_desktop.qt.app import apply_color_scheme
from mmpp_desktop.qt.capture import FrameSource
from mmpp_desktop.qt.folders import output_folder
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.notifications import RunNotifier
from mmpp_desktop.qt.titles import family_title
from mmpp_desktop.qt.view_models.session import DIFFUSION, SessionViewModel
from mmpp_desktop.qt.widgets.balance_strip import BalancePanel
from mmpp_desktop.qt.widgets.blend_controls import BlendControls
from mmpp_desktop.qt.widgets.capture_pane import CapturePane
from mmpp_desktop.qt.widgets.common import Banner, BannerSlot
from mmpp_desktop.qt.widgets.history_browser import HistoryBrowser
from mmpp_desktop.qt.widgets.live_panel import LivePanel, live_job
from mmpp_desktop.qt.widgets.preferences_dialog import PreferencesDialog
from mmpp_desktop.qt.widgets.result_view import ResultView
from mmpp_desktop.qt.widgets.style_library import StyleLibraryPane, UndoBanner
from mmpp_desktop.qt.widgets.welcome import WelcomePanel
from mmpp_desktop.qt.workers.balance_worker import BalanceController
from mmpp_desktop.qt.workers.live_worker import LiveController
from mmpp_desktop.qt.workers.store_worker import StoreClient

log = logging.getLogger(__name__)

APP_TITLE = "MMPP Desktop"
ASSETS = Path(__file__).resolve().parents[1] / "assets"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff", ".gif"}
STYLE_SUFFIXES = {".safetensors", ".zip"}
DEFAULT_SIZE = (1440, 900)


class MainWindow(QMainWindow):
    """The real application window; `run_app` and the tests both construct it."""

    def __init__(self, paths: AppPaths, frame_source: FrameSource | None = None,
                 source_label: str | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.settings_store = SettingsStore(paths.settings_file)
        self.session = SessionViewModel(paths, self.settings_store.load(), self)
        self.window_state = QSettings(str(paths.config_dir / "window.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(QIcon(str(ASSETS / "app-icon.png")))
        self.setAcceptDrops(True)
        self._closed = False
        self._close_pending = False  # a close waits for the cancelled run to stop

        self.capture = CapturePane(self.session)
        if frame_source is not None:
            self.capture.set_source(frame_source, source_label or frame_source.description)
        self.result_view = ResultView(self.session)
        self.welcome = WelcomePanel(QPixmap(str(ASSETS / "app-icon.png")).scaledToHeight(
            72, Qt.TransformationMode.SmoothTransformation))
        self.centre = QStackedWidget()
        self.centre.addWidget(self.result_view)
        self.centre.addWidget(self.welcome)
        self.live = LiveController(self.session.generation, paths, self)
        self.live_panel = LivePanel(self.live, paths)
        self.centre.addWidget(self.live_panel)
        self.blend = BlendControls(self.session)
        self.banner = Banner("error")
        self.reuse_banner = UndoBanner()  # "Reuse recipe" replaced the controls: Undo puts them back
        self.notifier = RunNotifier(self, self.windowIcon())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane, stretch in ((self.capture, 3), (self.centre, 5), (self.blend, 3)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self.splitter.setSizes([360, 680, 380])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 0)
        column.setSpacing(6)
        column.addWidget(self.splitter, 1)
        BannerSlot(self.centre, self.banner, self.reuse_banner)  # floats over the centre pane: moves no control
        self.setCentralWidget(central)

        self._build_docks()
        self._build_actions()
        self._build_status_bar()
        self._connect()
        self._show_welcome_if_needed()
        self.resize(*DEFAULT_SIZE)
        self._restore_state()

    # ----- construction ------------------------------------------------------------------
    def _build_docks(self) -> None:
        """Style library and history below the panes, as tabbed docks the user can move."""
        self.store = StoreClient(self.paths, self)
        self.library_pane = StyleLibraryPane(self.store)
        self.history_pane = HistoryBrowser(self.store)
        self.history_pane.export_folder = lambda: output_folder(self.session.settings)
        self.library_dock = self._dock(self.tr("Style library"), "libraryDock", self.library_pane)
        self.history_dock = self._dock(self.tr("History"), "historyDock", self.history_pane)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.library_dock)
        self.tabifyDockWidget(self.library_dock, self.history_dock)
        self.balance_panel = BalancePanel(self.session, BalanceController(self.session.generation, self))
        self.balance_dock = self._dock(self.tr("Balance"), "balanceDock", self.balance_panel)
        self.tabifyDockWidget(self.history_dock, self.balance_dock)
        self.library_dock.raise_()
        for tabs in self.findChildren(QTabBar):  # the docks' tab bar, made by tabifyDockWidget
            tabs.setAccessibleName(self.tr("Docked panels"))
        self.resizeDocks([self.library_dock], [300], Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        return dock

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | Qt.Key | str
                | list[QKeySequence] | None, slot: Callable[[], object],
                icon: QStyle.StandardPixmap | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip or text.replace("&", "").replace("…", ""))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        pixmap = QStyle.StandardPixmap
        self.open_action = self._action(self.tr("&Open Photo…"), QKeySequence.StandardKey.Open, self.open_photo,
                                        pixmap.SP_DialogOpenButton)
        self.paste_action = self._action(self.tr("&Paste Image"), QKeySequence.StandardKey.Paste, self.paste_image)
        self.snapshot_action = self._action(self.tr("&Snapshot"), Qt.Key.Key_Space, self.snapshot,
                                            pixmap.SP_DialogApplyButton, self.tr("Use the current camera frame (Space)"))
        self.generate_action = self._action(
            self.tr("&Generate"), [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], self.generate,
            pixmap.SP_MediaPlay, self.tr("Generate (Ctrl+Enter)"))
        self.cancel_action = self._action(self.tr("&Cancel"), Qt.Key.Key_Escape, self.session.cancel,
                                          pixmap.SP_BrowserStop, self.tr("Cancel the generation (Esc)"))
        self.preferences_action = self._action(self.tr("&Preferences…"), QKeySequence.StandardKey.Preferences,
                                               self.open_preferences)
        self.preferences_action.setShortcuts([QKeySequence("Ctrl+,")])
        self.quit_action = self._action(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        self.open_output_action = self._action(self.tr("Open &Output Folder"), None, self.open_output_folder,
                                               pixmap.SP_DirOpenIcon)
        self.shortcuts_action = self._action(self.tr("&Keyboard Shortcuts"),
                                             [QKeySequence("F1"), QKeySequence("Ctrl+/")], self.show_shortcuts)
        self.fit_action = self._action(self.tr("Zoom to &Fit"), "Ctrl+0", lambda: self.result_view.fit_button.setChecked(True))
        self.actual_action = self._action(self.tr("&Actual Pixels"), "Ctrl+1",
                                          lambda: self.result_view.actual_button.setChecked(True))

        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        for action in (self.open_action, self.paste_action, self.snapshot_action):
            file_menu.addAction(action)
        file_menu.addAction(self.open_output_action)
        file_menu.addSeparator()
        for action in self.result_view.result_actions.actions[:4]:  # Save, Save As…, Copy, Open Folder
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        generate_menu = menus.addMenu(self.tr("&Generate"))
        generate_menu.addAction(self.generate_action)
        generate_menu.addAction(self.cancel_action)
        view_menu = menus.addMenu(self.tr("&View"))
        view_menu.addAction(self.fit_action)
        view_menu.addAction(self.actual_action)
        view_menu.addSeparator()
        view_menu.addAction(self.library_dock.toggleViewAction())
        view_menu.addAction(self.history_dock.toggleViewAction())
        help_menu = menus.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.device_label = QLabel(self.session.device_summary)  # torch stays off the GUI thread
        self.device_label.setObjectName("deviceLabel")
        self.model_label = QLabel()
        status.addPermanentWidget(self.model_label)
        status.addPermanentWidget(self.device_label)
        self._show_model()

    def _connect(self) -> None:
        session = self.session
        session.error_changed.connect(self.banner.show_message)
        session.status_changed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        session.busy_changed.connect(self._on_busy)
        session.cancelling_changed.connect(lambda cancelling: self.cancel_action.setEnabled(not cancelling
                                                                                          and session.busy))
        session.result_changed.connect(self._on_result)
        session.input_changed.connect(self._show_welcome_if_needed)
        session.settings_changed.connect(self._show_model)
        session.device_changed.connect(self.device_label.setText)
        session.settings_changed.connect(self._show_welcome_if_needed)
        self.capture.open_requested.connect(self.open_photo)
        self._connect_live()
        self.blend.generate_requested.connect(self.generate)
        self.welcome.classic_chosen.connect(self._start_with_classic)
        self.welcome.preferences_requested.connect(self.open_preferences)
        self.cancel_action.setEnabled(False)
        self.library_pane.styles_chosen.connect(self._add_styles)
        self.library_pane.train_requested.connect(self.open_train_dialog)
        self.history_pane.reuse_requested.connect(session.apply_request)
        session.reuse_undo_changed.connect(self._offer_reuse_undo)
        self.reuse_banner.undo_clicked.connect(session.undo_reuse)
        session.run_finished.connect(lambda text: self.notifier.notify(self.tr("Your portrait is ready"), text))
        session.generation_failed.connect(lambda text: self.notifier.notify(self.tr("Generation failed"), text))
        session.result_recorded.connect(self.history_pane.entry_added)

    def _connect_live(self) -> None:
        """Live stylizing: the capture pane's toggle and frames, the blend's changes, the live panel."""
        self.capture.stylize_button.toggled.connect(self.set_live_stylize)
        self.capture.live_button.toggled.connect(lambda on: on or self.set_live_stylize(False))
        self.capture.frame_arrived.connect(self.live.offer)
        for changed in (self.session.styles_changed, self.session.controls_changed, self.session.settings_changed):
            changed.connect(self._update_live_job)
        self.live.running_changed.connect(self._on_live_running)
        self.live.failed.connect(self.session.set_error)
        self.live.snapshot_failed.connect(self.session.set_error)
        self.live_panel.message.connect(lambda text: self.statusBar().showMessage(text, 8000))

    @Slot(bool)
    def set_live_stylize(self, on: bool) -> None:
        """Start or stop stylizing the camera feed; starting needs a model and a camera or video."""
        if on and not self.live.active:
            try:
                job = live_job(self.session)
            except UserFacingError as error:
                self.session.set_error(translated(error.message))
                self.capture.stylize_button.setChecked(False)
                return
            self.session.set_error("")
            if not self.capture.live:
                self.capture.start_live()
            if not self.capture.live:
                self.capture.stylize_button.setChecked(False)
                return
            self.live.start(job)
        elif not on and self.live.active:
            self.live.stop()

    @Slot()
    def _update_live_job(self) -> None:
        if self.live.active:
            try:
                self.live.set_job(live_job(self.session))
            except UserFacingError as error:
                self.session.set_error(translated(error.message))

    @Slot(bool)
    def _on_live_running(self, running: bool) -> None:
        self.capture.stylize_button.setChecked(running)
        self.centre.setCurrentWidget(self.live_panel if running else self.result_view)

    @Slot()
    def snapshot(self) -> None:
        """Space: keep the stylized frame while live stylizing, else freeze the camera frame as the input."""
        if self.live.active:
            self.live_panel.snapshot()
        else:
            self.capture.snapshot()

    # ----- actions -----------------------------------------------------------------------
    @Slot(list)
    def _add_styles(self, names: list[str]) -> None:
        defaults = {style.name: style.default_weight for style in self.library_pane.view_model.model.styles()}
        for name in names:  # each style starts at its saved default weight, as the library shows it
            self.session.add_style(name, defaults.get(name, 1.0))

    @Slot()
    def open_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a photo"), str(Path.home()),
                                              self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)"))
        if path:
            self.session.open_image(path)

    @Slot()
    def paste_image(self) -> None:
        """Paste an image, or an image file copied in a file manager."""
        clipboard = QGuiApplication.clipboard()
        mime = clipboard.mimeData()
        if mime is not None and mime.hasImage():
            self.session.use_image(clipboard.image())
        elif mime is not None and mime.hasUrls() and mime.urls()[0].isLocalFile():
            self.session.open_image(mime.urls()[0].toLocalFile())
        else:
            self.session.set_error(self.tr("The clipboard holds no image."))

    @Slot()
    def generate(self) -> None:
        self.set_live_stylize(False)  # any other generation first stops live mode
        if not self.session.busy:
            self.session.generate()

    @Slot()
    def open_preferences(self) -> None:
        dialog = PreferencesDialog(self.session.settings, self)
        if dialog.exec():
            settings = dialog.settings()
            self.settings_store.save(settings)
            self.session.set_settings(settings)
            apply_color_scheme(QApplication.instance(), settings.theme)

    @Slot()
    def open_output_folder(self) -> None:
        folder = output_folder(self.session.settings)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.session.set_error(self.tr("Cannot create the output folder {folder}: {reason}").format(
                folder=folder, reason=error.strerror or error))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.session.set_error(self.tr("No file manager could open {folder}").format(folder=folder))

    @Slot()
    def show_shortcuts(self) -> None:
        from mmpp_desktop.qt.widgets.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    @Slot()
    def open_train_dialog(self) -> None:
        from mmpp_desktop.qt.widgets.train_dialog import TrainDialog

        dialog = TrainDialog(self.paths, self.session.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.style_trained.connect(self.library_pane.select_style)
        dialog.style_trained.connect(lambda _name: self.library_pane.refresh())
        dialog.show()

    def _start_with_classic(self, name: str) -> None:
        self.session.set_controls(look=name)
        self.centre.setCurrentWidget(self.result_view)
        if self.session.input_path is None:
            self.open_photo()

    # ----- state display -----------------------------------------------------------------
    @Slot()
    def _show_welcome_if_needed(self) -> None:
        first_launch = (not self.session.model_configured("base_model") and self.session.input_path is None
                        and self.session.controls.look == DIFFUSION)
        self.centre.setCurrentWidget(self.welcome if first_launch else self.result_view)

    @Slot()
    def _show_model(self) -> None:
        family = self.session.family
        model = self.session.settings.model_path(family, "base_model")
        title = family_title(family)
        self.model_label.setText(self.tr("{family}: {model}").format(family=title, model=Path(model).name) if model
                                 else self.tr("{family}: no model — classic styles only").format(family=title))

    @Slot(bool)
    def _offer_reuse_undo(self, available: bool) -> None:
        self.reuse_banner.show_message(self.tr("The recipe replaced your prompt, styles and settings.")
                                       if available else "")

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.cancel_action.setEnabled(busy)
        self.generate_action.setEnabled(not busy)
        self.setWindowTitle(self.tr("{app} — generating…").format(app=APP_TITLE) if busy else APP_TITLE)

    @Slot()
    def _on_result(self) -> None:
        self.centre.setCurrentWidget(self.result_view)
        if self.session.result_image is not None:
            self.library_pane.set_current_result_image(self.session.result_image)

    # ----- drag and drop -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _dropped_files(event)
        styles: list[str | Path] = [path for path in files if path.suffix.lower() in STYLE_SUFFIXES]
        images = [path for path in files if path.suffix.lower() in IMAGE_SUFFIXES]
        if styles:
            self.library_pane.import_files(styles)
        if images:
            self.session.open_image(images[0])
        if not styles and not images:
            self.session.set_error(self.tr("Drop a photo, a .safetensors LoRA or a style pack (.zip)."))
        event.acceptProposedAction()

    # ----- persistence and shutdown ------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.window_state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.window_state.value("dock_state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = self.window_state.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        self.window_state.setValue("geometry", self.saveGeometry())
        self.window_state.setValue("dock_state", self.saveState())
        self.window_state.setValue("splitter", self.splitter.saveState())
        self.window_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Cancel any generation and stop every worker thread before the window goes away.

        During a run the close is put off, never waited for: the event is ignored, the run is
        cancelled, and the window closes itself when the worker reports it is idle, so the GUI
        thread never blocks in `QThread.wait()` on a running job.
        """
        if not self._closed and self.session.busy:
            event.ignore()
            if not self._close_pending:
                self._close_pending = True
                self.session.busy_changed.connect(self._close_when_idle)
                self.session.cancel()
            return
        if not self._closed:
            self._closed = True
            self.save_state()
            self.live.shutdown()  # the live loop must end before the generation thread is asked to quit
            self.capture.shutdown()
            self.balance_panel.controller.cancel()  # a sweep shares the generation thread that stops next
            self.session.shutdown()
            self.result_view.result_actions.wait_for_writes()
            self.store.shutdown()
        super().closeEvent(event)

    @Slot(bool)
    def _close_when_idle(self, busy: bool) -> None:
        if not busy:
            self.session.busy_changed.disconnect(self._close_when_idle)
            self.close()


def _dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

