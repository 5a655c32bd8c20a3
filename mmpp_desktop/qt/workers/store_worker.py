"""The style library and history database, served from their own threads.

Widgets never touch SQLite or the library files on the GUI thread: they `submit` a job (a
callable that receives the thread's `StyleLibrary` and `HistoryStore`) and get the result
back through a queued signal, on the GUI thread. Thumbnails are decoded on a second thread
so a slow import or search never holds them up, most recently requested first, so the
rows the user is looking at now appear before rows they scrolled past.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPointF, QRectF, QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPainterPath

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.qt.i18n import translated

log = logging.getLogger(__name__)

Job = Callable[[Any, Any], Any]
"""A unit of store work: `job(style_library, history_store) -> result`, run on the store thread."""

THUMBNAIL_SIDE = 136  # logical pixels of a card's square thumbnail
THUMBNAIL_RADIUS = 7


@dataclass
class _Pending:
    on_done: Callable[[Any], None] | None
    on_error: Callable[[str], None] | None


class StoreWorker(QObject):
    """Lives on the store thread; opens the stores there so their SQLite connections belong to it."""

    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self._paths = paths
        self._library: _OpenOnFirstUse | None = None
        self._history: _OpenOnFirstUse | None = None

    def _stores(self) -> tuple[Any, Any]:
        # Each store opens on this thread the first time a job uses it, so a history-only job never
        # waits for the style library to open (and the reverse).
        if self._library is None:
            self._library = _OpenOnFirstUse(_open_style_library, self._paths)
            self._history = _OpenOnFirstUse(_open_history, self._paths)
        return self._library, self._history

    @Slot(int, object)
    def run_job(self, job_id: int, job: Job) -> None:
        try:
            result = job(*self._stores())
        except UserFacingError as error:
            log.info("Store job %d refused: %s", job_id, error.message, exc_info=True)
            self.failed.emit(job_id, translated(error.message))
        except Exception:  # a bug or an I/O failure: tell the user, keep the traceback in the log
            log.exception("Store job %d failed", job_id)
            self.failed.emit(job_id, self.tr("Something went wrong; details are in the log."))
        else:
            self.done.emit(job_id, result)

    @Slot()
    def close_and_quit(self) -> None:
        """Runs after every job queued before it, so nothing the user asked for is dropped at exit."""
        for store in (self._library, self._history):
            if store is not None:
                store.close_if_open()
        self._library = self._history = None
        QThread.currentThread().quit()


def _open_style_library(paths: AppPaths) -> Any:
    from mmpp_desktop.core.styles import StyleLibrary

    return StyleLibrary(paths)


def _open_history(paths: AppPaths) -> Any:
    from mmpp_desktop.core.history import HistoryStore

    return HistoryStore(paths)


class _OpenOnFirstUse:
    """Stands in for a store and opens it on the first attribute access (on the calling thread)."""

    def __init__(self, opener: Callable[[AppPaths], Any], paths: AppPaths) -> None:
        self._opener, self._paths, self._store = opener, paths, None

    def __getattr__(self, name: str) -> Any:
        if self._store is None:
            self._store = self._opener(self._paths)
        return getattr(self._store, name)

    def close_if_open(self) -> None:
        close = getattr(self._store, "close", None)
        if callable(close):
            close()


class ThumbnailLoader(QObject):
    """Decodes thumbnail files into ready-to-blit card images; lives on its own thread.

    Requests go into a lock-protected stack rather than through queued signals, so a
    fast scroll through thousands of rows does not leave a long backlog of rows that
    are no longer visible: the newest request is served first and duplicates collapse.
    The thread is only woken when it is idle, because a cross-thread emit per request
    costs the GUI thread more than the bookkeeping. Cards are cropped, scaled to the
    screen's pixel size and rounded here, so painting them on the GUI thread is a blit.
    """

    loaded = Signal(str, QImage)
    _wake = Signal()

    def __init__(self, device_pixel_ratio: float = 1.0) -> None:
        super().__init__()
        self.device_pixel_ratio = device_pixel_ratio
        self._lock = threading.Lock()
        self._stack: list[str] = []
        self._queued: set[str] = set()
        self._draining = False
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def request(self, path: str) -> None:
        """Thread-safe: ask for `path` to be loaded; `loaded` follows (also for unreadable files)."""
        with self._lock:
            if path in self._queued:
                return
            self._queued.add(path)
            self._stack.append(path)
            wake = not self._draining
            self._draining = True
        if wake:
            self._wake.emit()

    @Slot()
    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._stack:
                    self._draining = False
                    return
                path = self._stack.pop()
            image = render_card_thumbnail(path, self.device_pixel_ratio)
            with self._lock:
                self._queued.discard(path)
            self.loaded.emit(path, image)


def load_scaled_image(path: str, size: QSize) -> QImage:
    """An owned QImage of `path` fitting `size`; a null QImage when the file is missing or unreadable."""
    image = QImage(path)
    if image.isNull():
        log.debug("Image %s could not be read", path)
        return QImage()
    if image.width() > size.width() or image.height() > size.height():
        image = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def render_card_thumbnail(path: str, device_pixel_ratio: float = 1.0) -> QImage:
    """A square, centre-cropped, rounded THUMBNAIL_SIDE card image; null when the file is unreadable."""
    source = QImage(path)
    if source.isNull():
        log.debug("Thumbnail %s could not be read", path)
        return QImage()
    side = round(THUMBNAIL_SIDE * device_pixel_ratio)
    scaled = source.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                           Qt.TransformationMode.SmoothTransformation)
    card = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    card.fill(Qt.GlobalColor.transparent)
    painter = QPainter(card)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    clip = QPainterPath()
    radius = THUMBNAIL_RADIUS * device_pixel_ratio
    clip.addRoundedRect(QRectF(0, 0, side, side), radius, radius)
    painter.setClipPath(clip)
    painter.drawImage(QPointF((side - scaled.width()) / 2, (side - scaled.height()) / 2), scaled)
    painter.end()
    card.setDevicePixelRatio(device_pixel_ratio)
    return card


class StoreClient(QObject):
    """The GUI-side handle: submits jobs, calls back on the GUI thread, owns both threads.

    One client is shared by the library pane and the history browser; whoever creates it
    calls `shutdown()` before the application quits.
    """

    _submit = Signal(int, object)
    _close_stores = Signal()
    busy_changed = Signal(bool)
    stopped = Signal()  # after shutdown(): pollers stop asking

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = count(1)
        self._pending: dict[int, _Pending] = {}

        self._thread = QThread()
        self._thread.setObjectName("mmpp-store")
        self._worker = StoreWorker(paths)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run_job, Qt.ConnectionType.QueuedConnection)
        self._close_stores.connect(self._worker.close_and_quit, Qt.ConnectionType.QueuedConnection)
        self._worker.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._thread.finished.connect(self._worker.deleteLater)

        self._thumb_thread = QThread()
        self._thumb_thread.setObjectName("mmpp-thumbnails")
        app = QGuiApplication.instance()
        screen = app.primaryScreen() if isinstance(app, QGuiApplication) else None
        self.thumbnails = ThumbnailLoader(screen.devicePixelRatio() if screen is not None else 1.0)
        self.thumbnails.moveToThread(self._thumb_thread)
        self._thumb_thread.finished.connect(self.thumbnails.deleteLater)

        self._thread.start()
        self._thumb_thread.start()
        app = QCoreApplication.instance()
        if app is not None:  # a safety net: threads must never outlive the application
            app.aboutToQuit.connect(self.shutdown)

    def submit(self, job: Job, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[str], None] | None = None) -> int:
        """Queue `job` on the store thread; exactly one of the callbacks runs later on this thread."""
        job_id = next(self._ids)
        self._pending[job_id] = _Pending(on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._submit.emit(job_id, job)
        return job_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _finish(self, job_id: int) -> _Pending | None:
        pending = self._pending.pop(job_id, None)
        if pending is not None and not self._pending:
            self.busy_changed.emit(False)
        return pending

    @Slot(int, object)
    def _on_done(self, job_id: int, result: object) -> None:
        pending = self._finish(job_id)
        if pending is not None and pending.on_done is not None:
            pending.on_done(result)

    @Slot(int, str)
    def _on_failed(self, job_id: int, message: str) -> None:
        pending = self._finish(job_id)
        if pending is None:
            return
        if pending.on_error is not None:
            pending.on_error(message)
        else:
            log.warning("Store job %d failed with nobody listening: %s", job_id, message)

    def shutdown(self) -> None:
        """Finish queued jobs, close the databases on their thread, stop both threads (quit + wait)."""
        if self._thread.isRunning():
            self._close_stores.emit()  # the store thread quits itself once the jobs before it are done
            self._thread.wait()
        if self._thumb_thread.isRunning():
            self._thumb_thread.quit()
            self._thumb_thread.wait()
        self._pending.clear()
        self.stopped.emit()

