"""Generation off the GUI thread: one long-lived worker that keeps the engine warm.

`GenerationWorker` lives on a dedicated QThread and owns the `Engine` (so a loaded
pipeline survives between jobs), a `StyleLibrary` to compose prompts and a `HistoryStore`
to record results — each with its own SQLite connection on that thread. Jobs queue up as
queued signal calls; each carries a `CancelToken` the GUI thread sets directly, so a
cancel lands between two denoising steps instead of waiting behind the running job.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import CancelToken, GenerationRequest, GenerationResult, Progress
from mmpp_desktop.qt.images import pil_to_qimage

if TYPE_CHECKING:
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.history import HistoryStore
    from mmpp_desktop.core.styles import StyleLibrary

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

    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self.paths = paths
        self._engine: Engine | None = None
        self._history: HistoryStore | None = None
        self._library: StyleLibrary | None = None

    @Slot(object, object)
    def run_job(self, job: GenerationJob, token: CancelToken) -> None:
        if token.cancelled:
            self.cancelled.emit()
            return
        self.started.emit()
        from mmpp_desktop.core.engine.errors import GenerationCancelled

        try:
            request = self._compose(job)
            result = self._engine_for(job.settings).generate(request, progress=self._report, cancel=token)
        except GenerationCancelled:
            log.info("Generation cancelled")
            self.cancelled.emit()
            return
        except UserFacingError as error:
            log.info("Generation refused: %s", error.message, exc_info=True)
            self.failed.emit(error.message)
            return
        except Exception as error:  # an engine bug must not kill the thread or the window
            log.exception("Generation failed")
            self.failed.emit(f"Generation failed unexpectedly ({type(error).__name__}); details are in the log.")
            return
        self.finished.emit(result)
        self._record(result, job.settings.history_limit)

    def prepare(self, job: GenerationJob) -> tuple[Engine, GenerationRequest]:
        """The warm engine and the job's composed request, for live mode running on this thread."""
        return self._engine_for(job.settings), self._compose(job)

    def keep(self, result: GenerationResult, history_limit: int) -> None:
        """Record a result made outside `run_job` (a live snapshot); announced like any other."""
        self._record(result, history_limit)

    def release(self) -> None:
        """Drop the engine and stores; call only after the thread has stopped."""
        if self._engine is not None:
            self._engine.unload()
        self._engine = self._history = self._library = None

    def _compose(self, job: GenerationJob) -> GenerationRequest:
        if not job.styles or job.request.classic:
            return job.request
        from mmpp_desktop.core.styles import StyleLibrary, compose_prompt

        if self._library is None:
            self._library = StyleLibrary(self.paths)
        chosen = [(self._library.get(name), weight) for name, weight in job.styles]
        prompt, negative, loras = compose_prompt(chosen, job.request.prompt, job.request.negative_prompt)
        return dataclasses.replace(job.request, prompt=prompt, negative_prompt=negative, styles=loras)

    def _engine_for(self, settings: Settings) -> Engine:
        """The one warm engine; new settings apply to it without reloading the pipeline."""
        if self._engine is None:
            from mmpp_desktop.core.engine import Engine

            self._engine = Engine(settings, cache_dir=self.paths.cache_dir, device=settings.device)
        else:
            self._engine.update_settings(settings)
        return self._engine

    def _report(self, step: Progress) -> None:
        preview = pil_to_qimage(step.preview) if step.preview is not None else QImage()
        self.progress.emit(step.step, step.total, step.elapsed, preview)

    def _record(self, result: GenerationResult, history_limit: int) -> None:
        """Keep the result in history, then apply the History size setting (0 keeps all)."""
        try:
            if self._history is None:
                from mmpp_desktop.core.history import HistoryStore

                self._history = HistoryStore(self.paths)
            entry_id = self._history.record(result)
            self._history.trim_to(history_limit)
        except UserFacingError as error:
            log.warning("Recording the result failed: %s", error.message, exc_info=True)
            self.record_failed.emit(error.message)
            return
        except Exception as error:
            log.exception("Recording the result failed")
            self.record_failed.emit(f"The result could not be saved to history ({type(error).__name__}).")
            return
        self.recorded.emit(entry_id)


class GenerationController(QObject):
    """The GUI-thread handle: owns the thread, queues jobs, cancels, shuts down cleanly."""

    started = Signal()
    progress = Signal(int, int, float, QImage)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    recorded = Signal(int)
    record_failed = Signal(str)
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
        for name in ("started", "progress", "recorded", "record_failed"):
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
        """Cancel the running job and everything queued; takes effect at the next step."""
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
