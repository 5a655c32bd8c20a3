"""The blend grid dialog: cells fill in as the generation thread renders them, each with its
likeness, structure and CLIP figures; clicking a cell loads its recipe into the controls."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from mmpp_desktop.qt.workers.balance_worker import (
    THUMBNAIL_SIZE,
    BalanceController,
    GridCellView,
    GridJob,
    GridSummary,
)


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


class GridDialog(QDialog):
    """Shows one grid job; `cell_chosen` carries the clicked cell's request."""

    cell_chosen = Signal(object)

    def __init__(self, controller: BalanceController, job: GridJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Blend grid"))
        self.controller = controller
        self.job = job
        self.cells: dict[tuple[int, int], QToolButton] = {}
        self.entry_id: int | None = None
        grid = QGridLayout()
        ip_label = self.tr("IP-Adapter scale")
        grid.addWidget(QLabel(self.tr("X: {0}").format(job.x_style or ip_label)), 0, 1, 1,
                       len(job.x_values), Qt.AlignmentFlag.AlignHCenter)
        for column, x in enumerate(job.x_values):
            grid.addWidget(QLabel(f"{x:g}"), 1, column + 1, Qt.AlignmentFlag.AlignHCenter)
        for row, y in enumerate(job.y_values):
            grid.addWidget(QLabel(f"{job.y_style or ip_label} {y:g}"), row + 2, 0)
            for column in range(len(job.x_values)):
                button = QToolButton()
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
                button.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
                button.setText(self.tr("waiting…"))
                button.setEnabled(False)
                grid.addWidget(button, row + 2, column + 1)
                self.cells[column, row] = button
        self.status = QLabel(self.tr("Rendering the grid…"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(controller.cancel)
        controller.cell_ready.connect(self._add_cell)
        controller.grid_finished.connect(self._on_finished)
        controller.failed.connect(self.status.setText)
        controller.cancelled.connect(lambda: self.status.setText(self.tr("Cancelled.")))
        controller.busy_changed.connect(lambda busy: self.cancel_button.setEnabled(busy))

    def start(self) -> None:
        self.controller.submit_grid(self.job)

    @Slot(object)
    def _add_cell(self, cell: GridCellView) -> None:
        button = self.cells[cell.column, cell.row]
        button.setIcon(QIcon(QPixmap.fromImage(cell.thumbnail)))
        button.setText(self.tr("L {0}  S {1}  C {2}").format(_figure(cell.likeness), _figure(cell.structure),
                                                              _figure(cell.clip)))
        button.setToolTip(self.tr("Click to load this cell's settings"))
        button.setEnabled(True)
        button.clicked.connect(lambda: self.cell_chosen.emit(cell.request))

    @Slot(object)
    def _on_finished(self, summary: GridSummary) -> None:
        self.entry_id = summary.entry_id
        self.status.setText(self.tr("Done: the labelled grid is in history as #{0}.").format(summary.entry_id))
