"""The centre pane: before/after comparison with a slider, live step previews, progress, Cancel,
and the result's scores (likeness, structure, prompt agreement) under it.

While generating, the "after" side shows the engine's step previews; when the result
arrives it replaces them. Zoom is either fit-to-view or 100 % (device pixels, so HiDPI
screens show real pixels).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.view_models.session import SessionViewModel
from mmpp_desktop.qt.widgets.accessible import named
from mmpp_desktop.qt.widgets.common import pane_title
from mmpp_desktop.qt.widgets.result_actions import ResultActions


def score_rows(scores: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) per score for display; unmeasured ones say so instead of showing a number."""
    def number(key: str) -> str:
        value = scores.get(key)
        return QCoreApplication.translate("Scores", "not measured") if value is None else f"{value:.2f}"

    likeness = number("likeness")
    if scores.get("same_person") is not None:
        likeness += " " + (QCoreApplication.translate("Scores", "(same person)") if scores["same_person"]
                           else QCoreApplication.translate("Scores", "(not the same person)"))
    return [(QCoreApplication.translate("Scores", "Likeness"), likeness),
            (QCoreApplication.translate("Scores", "Structure"), number("structure")),
            ("CLIP", number("clip"))]


def _fitted(image: QImage, frame: QRectF) -> QRectF:
    """`image`'s rectangle scaled to fit inside `frame`, centred (so a different aspect never stretches)."""
    scale = min(frame.width() / image.width(), frame.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(frame.center().x() - width / 2, frame.center().y() - height / 2, width, height)


class CompareCanvas(QWidget):
    """Draws `before` left of a draggable divider and `after` right of it, at the same geometry."""

    split_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.before: QImage | None = None
        self.after: QImage | None = None
        self.split = 0.5
        self.fit = True
        self.placeholder = ""
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_images(self, before: QImage | None, after: QImage | None) -> None:
        self.before, self.after = before, after
        self._resize_for_zoom()
        self.update()

    def set_split(self, split: float) -> None:
        self.split = min(1.0, max(0.0, split))
        self.split_changed.emit(self.split)
        self.update()

    def set_fit(self, fit: bool) -> None:
        self.fit = fit
        self._resize_for_zoom()
        self.update()

    def _reference(self) -> QImage | None:
        return self.after if self.after is not None else self.before

    def _resize_for_zoom(self) -> None:
        reference = self._reference()
        if self.fit or reference is None:
            self.setMinimumSize(QSize(160, 160))
            self.setMaximumSize(QSize(16777215, 16777215))
            return
        ratio = self.devicePixelRatioF()
        size = QSize(round(reference.width() / ratio), round(reference.height() / ratio))
        self.setFixedSize(size)

    def target_rect(self) -> QRectF:
        """Where both images are drawn: the result's aspect, fitted or at 1:1 device pixels."""
        reference = self._reference()
        if reference is None:
            return QRectF()
        if not self.fit:
            return QRectF(self.rect())
        scale = min(self.width() / reference.width(), self.height() / reference.height())
        width, height = reference.width() * scale, reference.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = self.target_rect()
        if target.isEmpty():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        if self.before is None or self.after is None:
            painter.drawImage(target, self._reference())
            return
        divider = target.x() + target.width() * self.split
        painter.save()
        painter.setClipRect(QRectF(target.x(), target.y(), divider - target.x(), target.height()))
        painter.drawImage(_fitted(self.before, target), self.before)
        painter.setClipRect(QRectF(divider, target.y(), target.right() - divider, target.height()))
        painter.drawImage(target, self.after)
        painter.restore()
        painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
        painter.drawLine(QPointF(divider, target.top()), QPointF(divider, target.bottom()))
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.setPen(QPen(QColor(0, 0, 0, 90), 1))
        painter.drawEllipse(QPointF(divider, target.center().y()), 9, 9)
        self._draw_tag(painter, self.tr("Before"), QPointF(target.left() + 8, target.top() + 8), left=True)
        self._draw_tag(painter, self.tr("After"), QPointF(target.right() - 8, target.top() + 8), left=False)

    def _draw_tag(self, painter: QPainter, text: str, anchor: QPointF, left: bool) -> None:
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(text) + 14, metrics.height() + 6
        rect = QRectF(anchor.x() if left else anchor.x() - width, anchor.y(), width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 140))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._follow(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        target = self.target_rect()
        if self.before is not None and self.after is not None and not target.isEmpty():
            self.setCursor(Qt.CursorShape.SplitHCursor)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._follow(event)

    def _follow(self, event: QMouseEvent) -> None:
        target = self.target_rect()
        if not target.isEmpty():
            self.set_split((event.position().x() - target.x()) / target.width())


class ResultView(QWidget):
    """Compare canvas, progress bar with step count and elapsed time, Cancel (Esc), zoom buttons."""

    def __init__(self, session: SessionViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        style = self.style()

        self.canvas = CompareCanvas()
        self.canvas.placeholder = self.tr("Your portrait appears here.\nPick a look on the right and press Generate "
                                          "(Ctrl+Enter).")
        named(self.canvas, self.tr("Result image"),
              self.tr("Before and after: drag to move the divider, Ctrl+drag to drag the image out, "
                      "right-click for Save, Copy and Compare"))
        self.scroll = QScrollArea()
        self.scroll.setObjectName("resultScroll")
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(True)

        self.fit_button = QToolButton()
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Zoom to fit"))
        self.actual_button = QToolButton()
        self.actual_button.setText("100%")
        self.actual_button.setToolTip(self.tr("Actual pixels"))
        named(self.fit_button, self.tr("Zoom to fit"))
        named(self.actual_button, self.tr("Actual pixels"))
        zoom = QButtonGroup(self)
        for button in (self.fit_button, self.actual_button):
            button.setCheckable(True)
            zoom.addButton(button)
        self.fit_button.setChecked(True)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat(self.tr("Ready"))
        named(self.progress, self.tr("Generation progress"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.elapsed_label = QLabel("")
        self.elapsed_label.setMinimumWidth(60)
        self.cancel_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_BrowserStop), self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the generation (Esc)"))
        self.cancel_button.setEnabled(False)
        self.scores_label = QLabel(" ")
        self.scores_label.setObjectName("scoresLabel")
        self.scores_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        header = QHBoxLayout()
        header.addWidget(pane_title(self.tr("Result")))
        header.addStretch(1)
        header.addWidget(self.fit_button)
        header.addWidget(self.actual_button)
        self.result_actions = ResultActions(self)  # Save, Copy, drag-out and the context menu
        for button in self.result_actions.header_buttons:
            header.addWidget(button)
        footer = QHBoxLayout()
        footer.addWidget(self.progress, 1)
        footer.addWidget(self.elapsed_label)
        footer.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.scores_label)
        layout.addLayout(footer)

        self.fit_button.toggled.connect(self._set_fit)
        self.cancel_button.clicked.connect(session.cancel)
        session.input_changed.connect(self._show_state)
        session.result_changed.connect(self._show_state)
        session.busy_changed.connect(self._on_busy)
        session.cancelling_changed.connect(self._on_cancelling)
        session.progress_changed.connect(self._on_progress)
        session.preview_changed.connect(self._on_preview)
        session.generation_cancelled.connect(lambda: self._set_outcome(self.tr("Cancelled")))
        session.generation_failed.connect(lambda _message: self._set_outcome(self.tr("Failed")))
        session.result_changed.connect(lambda: self._set_outcome(self.tr("Done"), done=True))
        self._outcome = ""
        self._done = False

    @property
    def shown_result(self) -> QImage | None:
        return self.canvas.after

    def _before_image(self) -> QImage | None:
        """The face crop the engine used when known, otherwise the whole input."""
        result = self.session.result
        if result is not None and result.input_crop is not None:
            from mmpp_desktop.qt.images import pil_to_qimage

            return pil_to_qimage(result.input_crop)
        return self.session.input_image

    @Slot()
    def _show_state(self) -> None:
        self.canvas.set_images(self._before_image(), self.session.result_image)
        self._show_scores()

    def _show_scores(self) -> None:
        scores = self.session.result.scores if self.session.result is not None else None
        if scores is None:
            self.scores_label.setText(" ")
            self.scores_label.setToolTip("")
            return
        self.scores_label.setText("   ".join(f"{label} {value}" for label, value in score_rows(scores.to_dict())))
        self.scores_label.setToolTip(translated(scores.message))

    def _set_fit(self, fit: bool) -> None:
        self.scroll.setWidgetResizable(fit)
        self.canvas.set_fit(fit)

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        if busy:
            self._outcome, self._done = "", False
            self.progress.setRange(0, 0)
            self.progress.setFormat(self.tr("Preparing…"))
            self.elapsed_label.setText("")
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(1 if self._done else 0)
            self.progress.setFormat(self._outcome or self.tr("Ready"))

    @Slot(bool)
    def _on_cancelling(self, cancelling: bool) -> None:
        """Say so the moment Cancel or Esc is pressed; the worker stops at its next cancel point."""
        if cancelling:
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.tr("Cancelling…"))

    def _set_outcome(self, outcome: str, done: bool = False) -> None:
        """Remember how the job ended (in words, and whether it made a result); shown when the
        session reports it is no longer busy."""
        self._outcome, self._done = outcome, done

    @Slot(int, int, float)
    def _on_progress(self, step: int, total: int, elapsed: float) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(step)
        if not self.session.cancelling:  # a step that ends after the cancel must not hide "Cancelling…"
            self.progress.setFormat(self.session.progress_text)  # "Step 3 / 20 · about 9 s left"
        self.elapsed_label.setText(self.tr("{seconds} s").format(seconds=f"{elapsed:.1f}"))

    @Slot(QImage)
    def _on_preview(self, preview: QImage) -> None:
        # The crop the preview belongs to is only known with the result: show the preview alone.
        self.canvas.set_images(None, preview)
