"""The "Find balance" panel: sweep the current settings, show each point with its scores in a
strip, mark the strongest one that still looks like the person, render it at full size.

The sweep runs on the generation thread (`BalanceController`); this widget only sends the
session's job and shows what comes back, so the window stays responsive throughout.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.core.balance import DEFAULT_MIN_LIKENESS, DEFAULT_POINTS
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.view_models.session import SessionViewModel
from mmpp_desktop.qt.widgets.accessible import named
from mmpp_desktop.qt.widgets.balance_grid import GridDialog
from mmpp_desktop.qt.workers.balance_worker import (
    THUMBNAIL_SIZE,
    BalanceController,
    BalanceJob,
    GridJob,
    StripPoint,
    SweepSummary,
)
from mmpp_desktop.qt.workers.generation_worker import GenerationJob

_POINT_ROLE = Qt.ItemDataRole.UserRole
GRID_VALUES = (0.2, 0.5, 0.8)


def _figure(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


class BalancePanel(QWidget):
    """Find balance: threshold and budget, the strip of scored points, and "Use this"."""

    use_requested = Signal(object)  # the chosen point's full-size GenerationRequest

    def __init__(self, session: SessionViewModel, controller: BalanceController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.controller = controller
        self._strengths: list[float] = []
        self.chosen_row: int | None = None

        self.find_button = QPushButton(self.tr("Find balance"))
        self.find_button.setToolTip(self.tr("Try the current settings at several style strengths and pick the "
                                            "strongest that still looks like the person"))
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(DEFAULT_MIN_LIKENESS)
        self.threshold.setToolTip(self.tr("0.5 is the face model's same-person line"))
        self.points = QSpinBox()
        self.points.setRange(2, 15)
        self.points.setValue(DEFAULT_POINTS)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the sweep; the points made so far are kept in history"))
        self.cancel_button.setEnabled(False)
        self.use_button = QPushButton(self.tr("Use this"))
        self.use_button.setToolTip(self.tr("Render the selected point at full size"))
        self.use_button.setEnabled(False)
        self.grid_button = QPushButton(self.tr("Blend grid…"))
        self.grid_button.setToolTip(self.tr("Render the first two styles (or a style and the IP-Adapter scale) "
                                            "at 0.2, 0.5 and 0.8 each, scored"))
        self.status = QLabel(self.tr("Sweeps the style strength and scores each point's likeness."))
        self.status.setWordWrap(True)

        self.strip = QListWidget()
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        self.strip.setMinimumHeight(THUMBNAIL_SIZE + 70)
        named(self.threshold, self.tr("Minimum likeness"), self.tr("0.5 is the face model's same-person line"))
        named(self.points, self.tr("Points"), self.tr("How many style strengths the sweep renders"))
        named(self.strip, self.tr("Balance sweep results"),
              self.tr("One thumbnail per style strength with its scores; the chosen one is marked"))

        controls = QHBoxLayout()
        controls.addWidget(self.find_button)
        controls.addWidget(QLabel(self.tr("Min. likeness")))
        controls.addWidget(self.threshold)
        controls.addWidget(QLabel(self.tr("Points")))
        controls.addWidget(self.points)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.grid_button)
        controls.addStretch(1)
        controls.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.strip, 1)
        layout.addWidget(self.status)

        self.find_button.clicked.connect(self.find_balance)
        self.grid_button.clicked.connect(self.open_grid)
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.use_button.clicked.connect(self.use_selected)
        self.strip.currentRowChanged.connect(lambda row: self.use_button.setEnabled(row >= 0))
        self.strip.itemDoubleClicked.connect(lambda _item: self.use_selected())
        controller.point_ready.connect(self._add_point)
        controller.progress.connect(self._on_progress)
        controller.finished.connect(self._on_finished)
        controller.failed.connect(self._on_failed)
        controller.cancelled.connect(self._on_cancelled)
        controller.busy_changed.connect(self._on_busy)

    def _current_job(self) -> GenerationJob | None:
        """The session's settings as a job; None while something runs, or with the reason shown."""
        if self.controller.busy or self.session.busy:
            return None
        try:
            return self.session.build_job()
        except UserFacingError as error:
            self.status.setText(translated(error.message))
            return None

    @Slot()
    def find_balance(self) -> bool:
        """Start a sweep of the session's current settings; False (with the reason shown) if it cannot."""
        job = self._current_job()
        if job is None:
            return False
        self.strip.clear()
        self._strengths.clear()
        self.chosen_row = None
        self.status.setText(self.tr("Finding the balance…"))
        self.controller.submit(BalanceJob(job, self.threshold.value(), self.points.value()))
        return True

    @Slot()
    def open_grid(self) -> GridDialog | None:
        """A blend grid over the blend's first two styles, or its first style and the IP-Adapter scale."""
        job = self._current_job()
        if job is None:
            return None
        names = [name for name, _ in job.styles]
        if len(names) >= 2:
            axes: tuple[str | None, str | None] = (names[0], names[1])
        elif names and job.request.ip_adapter is not None:
            axes = (names[0], None)
        else:
            self.status.setText(self.tr("A blend grid needs two styles in the blend, or one style and an "
                                        "IP-Adapter image."))
            return None
        dialog = GridDialog(self.controller, GridJob(job, *axes, GRID_VALUES, GRID_VALUES), self)
        dialog.cell_chosen.connect(self.session.apply_request)
        dialog.show()
        dialog.start()
        return dialog

    @Slot()
    def use_selected(self) -> None:
        """Render the selected point with the user's own size and sampler."""
        item = self.strip.currentItem()
        if item is None:
            return
        point: StripPoint = item.data(_POINT_ROLE)
        self.use_requested.emit(point.full_request)
        self.session.generation.submit(GenerationJob(point.full_request, self.session.settings))

    @Slot(object)
    def _add_point(self, point: StripPoint) -> None:
        row = bisect.bisect(self._strengths, point.strength)
        self._strengths.insert(row, point.strength)
        text = self.tr("strength {0}\nL {1}  S {2}  C {3}").format(
            f"{point.strength:.2f}", _figure(point.likeness, 3), _figure(point.structure), _figure(point.clip))
        item = QListWidgetItem(QIcon(QPixmap.fromImage(point.thumbnail)), text)
        item.setData(_POINT_ROLE, point)
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.strip.insertItem(row, item)

    @Slot(int, int)
    def _on_progress(self, step: int, total: int) -> None:
        self.status.setText(self.tr("Finding the balance… point {0}, step {1}/{2}").format(
            len(self._strengths) + 1, step, total))

    @Slot(object)
    def _on_finished(self, summary: SweepSummary) -> None:
        self.chosen_row = summary.chosen
        if summary.chosen is not None:
            item = self.strip.item(summary.chosen)
            item.setText(self.tr("✓ chosen") + "\n" + item.text())
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
            self.strip.setCurrentRow(summary.chosen)
            self.status.setText(self.tr("The strongest strength that keeps likeness ≥ {0}: {1}.").format(
                f"{self.threshold.value():g}", f"{summary.strengths[summary.chosen]:g}"))
        else:
            self.status.setText(self.tr("No strength kept likeness ≥ {0}; lower the threshold or use gentler "
                                        "settings.").format(f"{self.threshold.value():g}"))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.setText(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled; the points so far are kept in history."))

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.find_button.setEnabled(not busy)
        self.grid_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
