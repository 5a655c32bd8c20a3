"""Compare two history results: a draggable before/after divider, or side by side."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)


def fit_rect(image: QImage, area: QRectF) -> QRectF:
    """The largest rectangle with the image's aspect ratio centred in `area`."""
    if image.isNull() or area.isEmpty():
        return QRectF()
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(area.center().x() - width / 2, area.center().y() - height / 2, width, height)


class CompareView(QWidget):
    """Both images in one frame: left of the divider shows A, right shows B; drag to move it."""

    split_changed = Signal(float)

    def __init__(self, first: QImage, second: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first, self.second = first, second
        self.split = 0.5
        self.side_by_side = False
        self.setMinimumSize(320, 240)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.SplitHCursor)

    def sizeHint(self) -> QSize:
        return QSize(900, 560)

    def set_split(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        if fraction != self.split:
            self.split = fraction
            self.split_changed.emit(fraction)
            self.update()

    def set_side_by_side(self, enabled: bool) -> None:
        self.side_by_side = enabled
        self.setCursor(Qt.CursorShape.ArrowCursor if enabled else Qt.CursorShape.SplitHCursor)
        self.update()

    def _image_rect(self) -> QRectF:
        # Both images share one frame (A's aspect ratio) so the divider lines them up.
        return fit_rect(self.first, QRectF(self.rect()).adjusted(8, 8, -8, -8))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window).darker(115))
        if self.side_by_side:
            area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
            half = (area.width() - 8) / 2
            for image, left in ((self.first, area.left()), (self.second, area.left() + half + 8)):
                painter.drawImage(fit_rect(image, QRectF(left, area.top(), half, area.height())), image)
            return
        target = self._image_rect()
        if target.isEmpty():
            return
        x = target.left() + target.width() * self.split
        painter.save()
        painter.setClipRect(QRectF(target.left(), target.top(), x - target.left(), target.height()))
        painter.drawImage(target, self.first)
        painter.restore()
        painter.save()
        painter.setClipRect(QRectF(x, target.top(), target.right() - x, target.height()))
        painter.drawImage(target, self.second)
        painter.restore()
        painter.setPen(QPen(QColor(255, 255, 255, 230), 2))
        painter.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom()))
        handle = QPointF(x, target.center().y())
        painter.setBrush(QColor(255, 255, 255, 230))
        painter.drawEllipse(handle, 9, 9)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag_to(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._drag_to(event)

    def _drag_to(self, event: QMouseEvent) -> None:
        target = self._image_rect()
        if not self.side_by_side and target.width() > 0:
            self.set_split((event.position().x() - target.left()) / target.width())


class CompareDialog(QDialog):
    def __init__(self, first: QImage, first_label: str, second: QImage, second_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare results"))
        self.view = CompareView(first, second, self)
        self.view.setAccessibleName(self.tr("Comparison of {first} and {second}").format(first=first_label,
                                                                                           second=second_label))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 1000)
        self.slider.setValue(500)
        self.slider.setAccessibleName(self.tr("Divider position"))
        self.slider.setAccessibleDescription(self.tr("Left of the divider shows {first}, right shows {second}")
                                             .format(first=first_label, second=second_label))
        self.slider.valueChanged.connect(lambda value: self.view.set_split(value / 1000))
        self.view.split_changed.connect(lambda fraction: self._sync_slider(fraction))

        slider_mode = QRadioButton(self.tr("Slider"))
        slider_mode.setChecked(True)
        slider_mode.setToolTip(self.tr("Show one image over the other, split by a divider you can drag"))
        side_mode = self.side_by_side_button = QRadioButton(self.tr("Side by side"))
        side_mode.setToolTip(self.tr("Show the two images next to each other"))
        modes = QButtonGroup(self)
        modes.addButton(slider_mode)
        modes.addButton(side_mode)
        side_mode.toggled.connect(self._set_side_by_side)

        labels = QHBoxLayout()
        left, right = QLabel(f"◀ {first_label}"), QLabel(f"{second_label} ▶")
        right.setAlignment(Qt.AlignmentFlag.AlignRight)
        labels.addWidget(left, 1)
        labels.addWidget(slider_mode)
        labels.addWidget(side_mode)
        labels.addWidget(right, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(labels)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.slider)
        layout.addWidget(buttons)

    def _sync_slider(self, fraction: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(fraction * 1000))
        self.slider.blockSignals(False)

    def _set_side_by_side(self, enabled: bool) -> None:
        self.view.set_side_by_side(enabled)
        self.slider.setEnabled(not enabled)
