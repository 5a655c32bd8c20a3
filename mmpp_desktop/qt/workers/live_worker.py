"""Live mode on the generation thread: the newest camera frame is stylized, older ones are dropped.

`LiveWorker` runs on the generation worker's thread and uses its warm engine, so switching
between live mode and normal generation never loads the base twice. While live mode runs the
loop owns that thread; everything the GUI changes reaches it through the thread-safe `LiveRun`
(the frame slot, the current job, snapshot and recording requests), never through queued calls.
Stopping cancels the run's token: the loop ends within one frame and delivers nothing after.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.live import FrameSlot, LiveStats, StreamRecorder, run_live
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import CancelToken
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.images import pil_to_qimage, qimage_to_pil
from mmpp_desktop.qt.workers.generation_worker import GenerationController, GenerationJob, GenerationWorker

if TYPE_CHECKING:
    from mmpp_desktop.core.engine.live import LiveFrame, LiveStylizer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveOutput:
    """One stylized frame for the GUI, tagged with its run so late frames of a stopped run are ignored."""

    run_id: int
    image: QImage
    arrived: float  # time.perf_counter() when its camera frame arrived
    fps: float
    latency_ms: float
    styles: tuple[tuple[str, float], ...]
    base_loads: int


@dataclass
class LiveRun:
    """What the GUI thread and the live loop share; every field is guarded or thread-safe."""

    run_id: int
    job: GenerationJob
    slot: FrameSlot[QImage] = field(default_factory=lambda: FrameSlot(LiveStats()))
    token: CancelToken = field(default_factory=CancelToken)
    job_version: int = 0
    snapshot_requested: bool = False
    recorder: StreamRecorder | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def set_job(self, job: GenerationJob) -> None:
        with self.lock:
            if job != self.job:
                self.job, self.job_version = job, self.job_version + 1

    def current_job(self) -> tuple[int, GenerationJob]:
        with self.lock:
            return self.job_version, self.job


class LiveWorker(QObject):
    """The live loop; lives on the generation thread and borrows the generation worker's engine."""

    frame_ready = Signal(object)  # LiveOutput
    failed = Signal(int, str)
    stopped = Signal(int)
    snapshot_failed = Signal(str)

    def __init__(self, generation: GenerationWorker, paths: AppPaths) -> None:
        super().__init__()
        self.generation = generation
        self.paths = paths

    @Slot(object)
    def run(self, live: LiveRun) -> None:
        from mmpp_desktop.core.engine.errors import GenerationCancelled

        try:
            self._loop(live)
        except GenerationCancelled:
            log.info("Live mode stopped mid-frame")
        except UserFacingError as error:
            log.info("Live mode refused: %s", error.message, exc_info=True)
            self.failed.emit(live.run_id, translated(error.message))
        except Exception:  # an engine bug must not kill the thread or the window
            log.exception("Live mode failed")
            self.failed.emit(live.run_id, self.tr("Live mode failed unexpectedly; details are in the log."))
        finally:
            recorder = live.recorder
            if recorder is not None:
                recorder.close()
            self.stopped.emit(live.run_id)

    def _loop(self, live: LiveRun) -> None:
        from mmpp_desktop.core.engine.live import LiveStylizer

        state: dict[str, Any] = {"version": -1, "stylizer": None, "last": None}

        def stylizer() -> LiveStylizer:
            version, job = live.current_job()
            if version != state["version"]:
                service = self.generation.service(job.settings)
                request = service.resolve(service.compose(job.request, job.styles))
                if state["stylizer"] is None:
                    state["stylizer"] = LiveStylizer(service.engine, request, cancel=live.token)
                else:
                    state["stylizer"].set_request(request)
                state["version"] = version
            return state["stylizer"]

        def stylize(frame: QImage) -> LiveFrame | None:
            return stylizer().stylize(qimage_to_pil(frame))

        def deliver(output: LiveFrame, latency: float) -> None:
            state["last"] = output
            recorder = live.recorder
            if recorder is not None:
                recorder.add(output.image)
            fps, recent_latency = live.slot.stats.recent()
            styles = tuple((style.name, style.weight) for style in output.request.styles)
            self.frame_ready.emit(LiveOutput(live.run_id, pil_to_qimage(output.image),
                                             time.perf_counter() - latency, fps, recent_latency, styles,
                                             state["stylizer"].engine.base_loads))

        def between_frames() -> bool:
            if live.snapshot_requested and state["last"] is not None:
                live.snapshot_requested = False
                self._snapshot(state["last"], live.current_job()[1].settings)
            return live.token.cancelled

        try:
            stylizer().warm()  # load the model before the first frame, not on it
            run_live(live.slot, stylize, deliver, should_stop=between_frames)
        finally:
            if state["stylizer"] is not None:
                state["stylizer"].close()

    def _snapshot(self, frame: LiveFrame, settings: Settings) -> None:
        """Keep the stylized frame in history with its recipe and its raw input frame."""
        from mmpp_desktop.core.capture import save_capture
        from mmpp_desktop.core.engine.live import snapshot_result

        try:
            input_path = save_capture(frame.input_frame, self.paths)
        except UserFacingError as error:  # e.g. a full disk: its own message says what to do
            log.warning("Saving the live input frame failed: %s", error.message, exc_info=True)
            self.snapshot_failed.emit(translated(error.message))
            return
        except OSError:
            log.warning("Saving the live input frame failed", exc_info=True)
            self.snapshot_failed.emit(self.tr("The snapshot could not be saved; details are in the log."))
            return
        # Recording reports through the generation worker's `recorded` / `record_failed`, as any result.
        self.generation.keep(snapshot_result(frame, str(input_path)), settings)


class LiveController(QObject):
    """The GUI-thread handle: start/stop, offer frames, change the job, snapshot, record."""

    frame_ready = Signal(object)  # LiveOutput of the running run only
    running_changed = Signal(bool)
    failed = Signal(str)
    snapshot_failed = Signal(str)

    _start = Signal(object)

    def __init__(self, generation: GenerationController, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = LiveWorker(generation.worker, paths)
        self.worker.moveToThread(generation.thread)
        self._start.connect(self.worker.run)
        self.worker.frame_ready.connect(self._on_frame)
        self.worker.failed.connect(self._on_failed)
        self.worker.stopped.connect(self._on_stopped)
        self.worker.snapshot_failed.connect(self.snapshot_failed)
        self._run: LiveRun | None = None
        self._loops: set[int] = set()  # runs whose loop has not returned yet
        self._next_id = 0
        self.frames_shown = 0

    @property
    def active(self) -> bool:
        """Live mode is on (frames are being offered and stylized)."""
        return self._run is not None

    @property
    def loop_running(self) -> bool:
        """The worker's loop has not returned yet (it may still be finishing a frame after `stop`)."""
        return bool(self._loops)

    @property
    def stats(self) -> LiveStats | None:
        return self._run.slot.stats if self._run is not None else None

    def start(self, job: GenerationJob) -> None:
        if self._run is not None:
            self.set_job(job)
            return
        self._next_id += 1
        self._run = LiveRun(self._next_id, job)
        self._loops.add(self._next_id)
        self.frames_shown = 0
        self._start.emit(self._run)
        self.running_changed.emit(True)

    def stop(self) -> None:
        """Stop live mode; no frame is shown after this returns, and the loop ends within one frame."""
        run, self._run = self._run, None
        if run is None:
            return
        run.token.cancel()
        run.slot.close()
        self.running_changed.emit(False)

    def offer(self, frame: QImage) -> None:
        """A new camera frame: replaces any frame still waiting (newest wins)."""
        if self._run is not None:
            self._run.slot.put(frame)

    def set_job(self, job: GenerationJob) -> None:
        if self._run is not None:
            self._run.set_job(job)

    def snapshot(self) -> bool:
        """Ask for the current stylized frame to be kept in history; False when nothing is shown yet."""
        if self._run is None or not self.frames_shown:
            return False
        self._run.snapshot_requested = True
        return True

    def start_recording(self, path: Path, fps: float) -> None:
        if self._run is not None:
            self._run.recorder = StreamRecorder(path, fps)

    def stop_recording(self) -> Path | None:
        """Finish the file being recorded; its path, or None when nothing was recorded."""
        if self._run is None or self._run.recorder is None:
            return None
        recorder, self._run.recorder = self._run.recorder, None
        return recorder.close()

    @property
    def recording(self) -> bool:
        return self._run is not None and self._run.recorder is not None

    def shutdown(self) -> None:
        """Stop live mode before the generation thread is asked to quit (the loop must end first)."""
        self.stop()

    @Slot(object)
    def _on_frame(self, output: LiveOutput) -> None:
        if self._run is None or output.run_id != self._run.run_id:
            return  # a frame of a stopped run, still in the queue
        self.frames_shown += 1
        self.frame_ready.emit(output)

    @Slot(int, str)
    def _on_failed(self, run_id: int, message: str) -> None:
        if self._run is not None and self._run.run_id == run_id:
            self.stop()
            self.failed.emit(message)

    @Slot(int)
    def _on_stopped(self, run_id: int) -> None:
        self._loops.discard(run_id)
        if self._run is not None and self._run.run_id == run_id:  # the loop ended by itself
            self._run = None
            self.running_changed.emit(False)

