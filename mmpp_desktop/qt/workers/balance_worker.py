"""Balance sweeps off the GUI thread, on the generation worker's own thread.

The sweep needs the warm engine and the history connection that the `GenerationWorker` keeps
on its thread, so `BalanceWorker` is moved to that same thread and borrows its service there.
Sweeps then queue behind (and in front of) ordinary generations instead of racing them, and
no second model is ever loaded. Cancel is a `CancelToken` set from the GUI thread.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.types import CancelToken, GenerationRequest, Progress
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.images import pil_to_qimage
from mmpp_desktop.qt.workers.generation_worker import GenerationController, GenerationJob, GenerationWorker

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 160
IP_AXIS_LABEL = "IP-Adapter scale"


@dataclass(frozen=True)
class BalanceJob:
    """The session's current job, swept along the strength axis."""

    job: GenerationJob
    threshold: float
    points: int


@dataclass(frozen=True)
class StripPoint:
    """One sweep point as the strip shows it; `full_request` renders it at the user's settings."""

    strength: float
    likeness: float | None
    same_person: bool | None
    structure: float | None
    clip: float | None
    thumbnail: QImage
    full_request: GenerationRequest
    entry_id: int | None


@dataclass(frozen=True)
class GridJob:
    """A blend grid over the session's job: each axis is a style of its blend, or None for the IP-Adapter scale."""

    job: GenerationJob
    x_style: str | None
    y_style: str | None
    x_values: tuple[float, ...]
    y_values: tuple[float, ...]


@dataclass(frozen=True)
class GridCellView:
    """One rendered cell as the grid dialog shows it; `request` is what "load" restores."""

    x: float
    y: float
    column: int
    row: int
    likeness: float | None
    structure: float | None
    clip: float | None
    thumbnail: QImage
    request: GenerationRequest
    entry_id: int | None


@dataclass(frozen=True)
class GridSummary:
    sheet: QImage
    entry_id: int


@dataclass(frozen=True)
class SweepSummary:
    sweep_id: str
    strengths: tuple[float, ...]  # every point, sorted
    chosen: int | None
    message: str


class BalanceWorker(QObject):
    """Runs one sweep at a time on the generation thread."""

    started = Signal()
    progress = Signal(int, int)
    point_ready = Signal(object)
    finished = Signal(object)
    cell_ready = Signal(object)
    grid_finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, generation: GenerationWorker) -> None:
        super().__init__()
        self._generation = generation

    @Slot(object, object)
    def run_sweep(self, balance: BalanceJob, token: CancelToken) -> None:
        from mmpp_desktop.core.balance import HistoryRenderer, SweepPoint, fast_request, find_balance
        from mmpp_desktop.core.engine.errors import GenerationCancelled

        if token.cancelled:
            self.cancelled.emit()
            return
        self.started.emit()

        def on_point(point: SweepPoint) -> None:
            scores = point.rendered.scores
            thumbnail = point.rendered.result.images[0].copy()
            thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            self.point_ready.emit(StripPoint(point.strength, scores.likeness, scores.same_person, scores.structure,
                                             scores.clip, pil_to_qimage(thumbnail), point.full_request,
                                             point.rendered.entry_id))

        def on_progress(step: Progress) -> None:
            self.progress.emit(step.step, step.total)

        try:
            service = self._generation.service_for(balance.job.settings)
            request = service.compose(balance.job.request, balance.job.styles)
            family = "sd15" if request.classic else service.engine.detect_family(request.model)
            renderer = HistoryRenderer(service, progress=on_progress, cancel=token)
            outcome = find_balance(request, renderer, threshold=balance.threshold, points=balance.points,
                                   fast=lambda base: fast_request(base, family, balance.job.settings), cancel=token,
                                   on_point=on_point)
        except GenerationCancelled:
            self.cancelled.emit()
            return
        except UserFacingError as error:
            self.failed.emit(translated(error.message))
            return
        except Exception:  # a bug must not kill the generation thread
            log.exception("Balance sweep failed")
            self.failed.emit(self.tr("The balance sweep failed unexpectedly; details are in the log."))
            return
        self.finished.emit(SweepSummary(outcome.sweep_id, tuple(point.strength for point in outcome.points),
                                        outcome.chosen, translated(outcome.message)))

    @Slot(object, object)
    def run_grid(self, grid: GridJob, token: CancelToken) -> None:
        from mmpp_desktop.core.balance import HistoryRenderer
        from mmpp_desktop.core.engine.errors import GenerationCancelled
        from mmpp_desktop.core.grid import GridAxis, GridCell, draw_grid, grid_result, run_grid, with_ip_scale

        if token.cancelled:
            self.cancelled.emit()
            return
        self.started.emit()
        job = grid.job

        def request_at(x: float, y: float) -> GenerationRequest:
            weights = {name: weight for name, weight in job.styles}
            for style, value in ((grid.x_style, x), (grid.y_style, y)):
                if style is not None:
                    weights[style] = value
            # No source: compose records this cell's own blend, so loading the cell restores it.
            request = service.compose(dataclasses.replace(job.request, source=None), list(weights.items()))
            for style, value in ((grid.x_style, x), (grid.y_style, y)):
                if style is None:
                    request = with_ip_scale(request, value)
            return request

        def on_cell(cell: GridCell) -> None:
            scores = cell.rendered.scores
            thumbnail = cell.rendered.result.images[0].copy()
            thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            self.cell_ready.emit(GridCellView(cell.x, cell.y, cell.column, cell.row, scores.likeness,
                                              scores.structure, scores.clip, pil_to_qimage(thumbnail),
                                              cell.rendered.request, cell.rendered.entry_id))

        x_axis = GridAxis(grid.x_style or IP_AXIS_LABEL, grid.x_values)
        y_axis = GridAxis(grid.y_style or IP_AXIS_LABEL, grid.y_values)
        try:
            service = self._generation.service_for(job.settings)
            renderer = HistoryRenderer(service, progress=lambda step: self.progress.emit(step.step, step.total),
                                       cancel=token)
            grid_id, cells = run_grid(request_at, x_axis, y_axis, renderer, cancel=token, on_cell=on_cell)
            sheet = draw_grid(cells, x_axis, y_axis)
            entry_id = service.record(grid_result(cells[0].rendered.request, sheet, grid_id, x_axis, y_axis, cells))
        except GenerationCancelled:
            self.cancelled.emit()
            return
        except UserFacingError as error:
            self.failed.emit(translated(error.message))
            return
        except Exception:  # a bug must not kill the generation thread
            log.exception("Blend grid failed")
            self.failed.emit(self.tr("The blend grid failed unexpectedly; details are in the log."))
            return
        self.grid_finished.emit(GridSummary(pil_to_qimage(sheet), entry_id))


class BalanceController(QObject):
    """The GUI-thread handle: queues sweeps on the generation thread and cancels them."""

    started = Signal()
    progress = Signal(int, int)
    point_ready = Signal(object)
    finished = Signal(object)
    cell_ready = Signal(object)
    grid_finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    busy_changed = Signal(bool)

    _submit = Signal(object, object)
    _submit_grid = Signal(object, object)

    def __init__(self, generation: GenerationController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token: CancelToken | None = None
        self.worker = BalanceWorker(generation.worker)
        self.worker.moveToThread(generation.thread)
        self._submit.connect(self.worker.run_sweep)
        self._submit_grid.connect(self.worker.run_grid)
        for name in ("started", "progress", "point_ready", "cell_ready"):
            getattr(self.worker, name).connect(getattr(self, name))
        self.worker.finished.connect(self._on_finished)
        self.worker.grid_finished.connect(self._on_grid_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)

    @property
    def busy(self) -> bool:
        return self._token is not None

    def submit(self, job: BalanceJob) -> None:
        self._token = CancelToken()
        self.busy_changed.emit(True)
        self._submit.emit(job, self._token)

    def submit_grid(self, job: GridJob) -> None:
        self._token = CancelToken()
        self.busy_changed.emit(True)
        self._submit_grid.emit(job, self._token)

    def cancel(self) -> None:
        if self._token is not None:
            self._token.cancel()

    # Slots of this GUI-thread object, so the worker's signals arrive queued on the GUI thread.
    @Slot(object)
    def _on_finished(self, summary: SweepSummary) -> None:
        self._done(self.finished, summary)

    @Slot(object)
    def _on_grid_finished(self, summary: GridSummary) -> None:
        self._done(self.grid_finished, summary)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._done(self.failed, message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._done(self.cancelled)

    def _done(self, signal: Any, *values: Any) -> None:
        self._token = None
        signal.emit(*values)
        self.busy_changed.emit(False)
