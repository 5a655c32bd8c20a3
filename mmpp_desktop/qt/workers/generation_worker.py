"""Generation off the GUI thread: one long-lived worker that keeps the engine warm.

`GenerationWorker` lives on a dedicated QThread and owns a `GenerationService` (core), which
keeps the engine warm between jobs, composes prompts from the style library and records
results in history — its SQLite connections stay on that thread. Jobs queue up as queued
signal calls; each carries a `CancelToken` the GUI thread sets directly, so a cancel lands
at the engine's next cancel point (one UNet layer) instead of waiting behind the running job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import CancelToken, GenerationRequest, GenerationResult, Progress
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.images import pil_to_qimage

if TYPE_CHECKING:
    from mmpp_desktop.core.generation import GenerationService

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GenerationJob:
    """A request whose prompt is still the user's own; styles are applied on the worker thread.

    Resolving style names needs the library database, which must not be touched on the
    GUI thread, so the window sends names and weights and the worker composes the prompt.
    """

    request: GenerationRequest
    settings: Settings
    styles: tuple[tuple[str, float], ...] = ()


class GenerationWorker(QObject):
    """Runs jobs one at a time on its own thread; never touched directly from the GUI thread."""

    started = Signal()
    progress = Signal(int, int, float, QImage)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    recorded = Signal(int)
    record_failed = Signal(str)
    device_described = Signal(str)

    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self.paths = paths
        self._service: GenerationService | None = None

    @Slot(object, object)
    def run_job(self, job: GenerationJob, token: CancelToken) -> None:
        if token.cancelled:
            self.cancelled.emit()
            return
        self.started.emit()
        from mmpp_desktop.core.engine.errors import GenerationCancelled

        service = self._service_for(job.settings)
        try:
            result = service.generate(job.request, job.styles, progress=self._report, cancel=token)
        except GenerationCancelled:
            log.info("Generation cancelled")
            self.cancelled.emit()
            return
        except UserFacingError as error:
            log.info("Generation refused: %s", error.message, exc_info=True)
            self.failed.emit(translated(error.message))
            return
        except Exception:  # an engine bug must not kill the thread or the window
            log.exception("Generation failed")
            self.failed.emit(self.tr("Generation failed unexpectedly; details are in the log."))
            return
        self.finished.emit(result)
        if not result.request.classic:  # torch is loaded now, so naming the device is cheap
            self.device_described.emit(describe_device(result.recipe["device"], result.recipe["dtype"]))
        self._record(service, result)

    def service(self, settings: Settings) -> GenerationService:
        """The warm service, for live mode running on this thread (one engine for both)."""
        return self._service_for(settings)

    def keep(self, result: GenerationResult, settings: Settings) -> None:
        """Score and record a result made outside `run_job` (a live snapshot); announced like any other."""
        service = self._service_for(settings)
        self._record(service, service.scorer(result) if service.scorer is not None else result)

    def release(self) -> None:
        """Drop the service (engine and stores); call only after the thread has stopped."""
        if self._service is not None:
            self._service.release(collect=False)  # on the GUI thread: a full collection would freeze the window
        self._service = None

    def service_for(self, settings: Settings) -> GenerationService:
        """The warm service, for workers moved onto this thread (balance sweeps, blend grids)."""
        return self._service_for(settings)

    def _service_for(self, settings: Settings) -> GenerationService:
        """The one service with its warm engine; new settings apply without reloading the pipeline."""
        if self._service is None:
            from mmpp_desktop.core.generation import GenerationService

            self._service = GenerationService(self.paths, settings)
        else:
            self._service.update_settings(settings)
        return self._service

    def _report(self, step: Progress) -> None:
        preview = pil_to_qimage(step.preview) if step.preview is not None else QImage()
        self.progress.emit(step.step, step.total, step.elapsed, preview)

    def _record(self, service: GenerationService, result: GenerationResult) -> None:
        """Keep the result in history (the service applies the History size setting)."""
        try:
            entry_id = service.record(result)
        except UserFacingError as error:
            log.warning("Recording the result failed: %s", error.message, exc_info=True)
            self.record_failed.emit(translated(error.message))
            return
        except Exception:
            log.exception("Recording the result failed")
            self.record_failed.emit(self.tr("The result could not be saved to history; details are in the log."))
            return
        self.recorded.emit(entry_id)


def describe_device(device: str, dtype_name: str) -> str:
    """A short "where did generation run" line for the status bar (imports torch)."""
    import torch

    if device == "cuda":
        return f"GPU: {torch.cuda.get_device_name(0)} · {dtype_name}"
    if device == "mps":
        return f"GPU: Apple (MPS) · {dtype_name}"
    return QCoreApplication.translate("GenerationWorker", "CPU · {threads} threads · {dtype}").format(
        threads=torch.get_num_threads(), dtype=dtype_name)


class GenerationController(QObject):
    """The GUI-thread handle: owns the thread, queues jobs, cancels, shuts down cleanly."""

    started = Signal()
    progress = Signal(int, int, float, QImage)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    recorded = Signal(int)
    record_failed = Signal(str)
    device_described = Signal(str)
    busy_changed = Signal(bool)

    _submit = Signal(object, object)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tokens: list[CancelToken] = []
        self.thread = QThread()
        self.thread.setObjectName("generation-worker")
        self.worker = GenerationWorker(paths)
        self.worker.moveToThread(self.thread)
        self._submit.connect(self.worker.run_job)
        for name in ("started", "progress", "recorded", "record_failed", "device_described"):
            getattr(self.worker, name).connect(getattr(self, name))
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        self.thread.start()

    @property
    def busy(self) -> bool:
        return bool(self._tokens)

    def submit(self, job: GenerationJob) -> CancelToken:
        token = CancelToken()
        self._tokens.append(token)
        if len(self._tokens) == 1:
            self.busy_changed.emit(True)
        self._submit.emit(job, token)
        return token

    def cancel(self) -> None:
        """Cancel the running job and everything queued; takes effect at the engine's next cancel point."""
        for token in self._tokens:
            token.cancel()

    def shutdown(self) -> None:
        """Cancel, stop the thread and wait for it, so no QThread outlives its owner."""
        self.cancel()
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait()
        self.worker.release()

    def _job_done(self) -> None:
        if self._tokens:
            self._tokens.pop(0)
        if not self._tokens:
            self.busy_changed.emit(False)

    # The outcome is announced before `busy_changed(False)`, so listeners see the final state.
    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self.finished.emit(result)
        self._job_done()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
        self._job_done()

    @Slot()
    def _on_cancelled(self) -> None:
        self.cancelled.emit()
        self._job_done()
