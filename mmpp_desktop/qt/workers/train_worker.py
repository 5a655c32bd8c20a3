"""Style training off the GUI thread: one run at a time on a dedicated QThread.

`TrainingWorker` owns everything heavy (torch, the pipeline, its own `StyleLibrary` connection)
and reports through queued signals. The GUI thread pauses a run by setting the run's
`CancelToken` directly: the trainer checks it between steps, writes a checkpoint and stops,
and the same settings with `resume=True` continue from there.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.training import TrainingPaused, TrainingProgress, TrainingSettings
from mmpp_desktop.core.types import CancelToken
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.images import pil_to_qimage

log = logging.getLogger(__name__)


class TrainingWorker(QObject):
    """Runs `prepare_run` + `train_style` on its thread; never touched directly from the GUI thread."""

    checked = Signal(list)  # dataset warnings, before the model loads
    progress = Signal(str, int, int, float, float)  # phase, step, total, loss (nan: none), eta (-1: unknown)
    validation = Signal(QImage, float)  # the image, its likeness (nan: no face to compare)
    finished = Signal(str, object)  # style name, TrainingOutcome
    paused = Signal(int)
    failed = Signal(str)

    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self.paths = paths

    @Slot(object, bool, object)
    def run(self, settings: TrainingSettings, resume: bool, token: CancelToken) -> None:
        from mmpp_desktop.core.styles import StyleLibrary
        from mmpp_desktop.core.training import prepare_run, train_style

        try:
            library = StyleLibrary(self.paths)
            prepared = prepare_run(settings, library, self.paths.data_dir)
            self.checked.emit([translated(warning) for warning in prepared.report.warnings])
            trained = train_style(prepared, library, resume=resume, progress=self._report, cancel=token)
        except TrainingPaused as pause:
            log.info("Training paused at step %d", pause.step)
            self.paused.emit(pause.step)
            return
        except UserFacingError as error:
            log.info("Training refused: %s", error.message, exc_info=True)
            self.failed.emit(translated(error.message))
            return
        except Exception:  # a training bug must not kill the thread or the window
            log.exception("Training failed")
            self.failed.emit(self.tr("Training failed unexpectedly; details are in the log."))
            return
        self.finished.emit(trained.style.name, trained.outcome)

    def _report(self, update: TrainingProgress) -> None:
        loss = update.loss if update.loss is not None else float("nan")
        self.progress.emit(update.phase, update.step, update.total, loss,
                           update.eta if update.eta is not None else -1.0)
        if update.validation is not None:
            self.validation.emit(pil_to_qimage(update.validation),
                                 float("nan") if update.likeness is None else update.likeness)


class TrainingController(QObject):
    """The GUI-thread handle: owns the thread, starts a run, pauses it, shuts down cleanly."""

    checked = Signal(list)
    progress = Signal(str, int, int, float, float)
    validation = Signal(QImage, float)
    finished = Signal(str, object)
    paused = Signal(int)
    failed = Signal(str)
    running_changed = Signal(bool)

    _start = Signal(object, bool, object)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token: CancelToken | None = None
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("training-worker")
        self.worker = TrainingWorker(paths)
        self.worker.moveToThread(self.worker_thread)
        self._start.connect(self.worker.run)
        for name in ("checked", "progress", "validation"):
            getattr(self.worker, name).connect(getattr(self, name))
        self.worker.finished.connect(self._on_finished)
        self.worker.paused.connect(self._on_paused)
        self.worker.failed.connect(self._on_failed)
        self.worker_thread.start()
        app = QCoreApplication.instance()
        if app is not None:  # a safety net: the thread must never outlive the application
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        return self._token is not None

    def start(self, settings: TrainingSettings, resume: bool = False) -> None:
        if self.running:
            return
        self._token = CancelToken()
        self.running_changed.emit(True)
        self._start.emit(settings, resume, self._token)

    def pause(self) -> None:
        """Ask the run to checkpoint and stop after its current step."""
        if self._token is not None:
            self._token.cancel()

    def shutdown(self) -> None:
        """Pause any run, then stop the thread and wait for it (the checkpoint is written first)."""
        self.pause()
        if self.worker_thread.isRunning():
            self.worker_thread.quit()
            self.worker_thread.wait()

    def _done(self) -> None:
        self._token = None
        self.running_changed.emit(False)

    def _on_finished(self, name: str, outcome: Any) -> None:
        self._done()
        self.finished.emit(name, outcome)

    def _on_paused(self, step: int) -> None:
        self._done()
        self.paused.emit(step)

    def _on_failed(self, message: str) -> None:
        self._done()
        self.failed.emit(message)
