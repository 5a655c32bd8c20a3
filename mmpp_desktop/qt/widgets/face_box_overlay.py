"""An image view with the face box drawn over it; the box can be moved, resized or drawn anew.

Coordinates are kept in image pixels (what `GenerationRequest.face_box` holds) and mapped to
the widget on paint, so the box stays right at any zoom or devicePixelRatio.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from mmpp_desktop.core.types import FaceBox

HANDLE = 10.0
MIN_BOX = 16


class FaceCanvas(QWidget):
    """Shows an image scaled to fit; draws and edits a face box when one is set."""

    face_box_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 160)
        self.setMouseTracking(True)
        self._image: QImage | None = None
        self._box: FaceBox | None = None
        self._editable = False
        self._drag: str | None = None
        self._drag_origin = QPointF()
        self._drag_box: QRectF | None = None
        self.placeholder = ""

    @property
    def image(self) -> QImage | None:
        return self._image

    @property
    def face_box(self) -> FaceBox | None:
        return self._box

    def set_image(self, image: QImage | None, box: FaceBox | None = None, editable: bool = False) -> None:
        self._image = image
        self._box = box
        self._editable = editable and image is not None
        self.update()

    def set_face_box(self, box: FaceBox | None) -> None:
        self._box = box
        self.update()

    def image_rect(self) -> QRectF:
        """Where the image is drawn, in widget coordinates (aspect kept, centred)."""
        if self._image is None or self._image.isNull():
            return QRectF()
        width, height = self._image.width(), self._image.height()
        scale = min(self.width() / width, self.height() / height)
        draw_w, draw_h = width * scale, height * scale
        return QRectF((self.width() - draw_w) / 2, (self.height() - draw_h) / 2, draw_w, draw_h)

    def box_rect(self) -> QRectF:
        """The face box in widget coordinates (empty when there is none)."""
        if self._box is None or self._image is None:
            return QRectF()
        target = self.image_rect()
        scale = target.width() / self._image.width()
        return QRectF(target.x() + self._box.x * scale, target.y() + self._box.y * scale,
                      self._box.width * scale, self._box.height * scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._image is None or self._image.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        painter.drawImage(self.image_rect(), self._image)
        box = self.box_rect()
        if box.isEmpty():
            return
        accent = QColor(64, 196, 128)
        painter.setPen(QPen(accent, 2))
        painter.drawRoundedRect(box, 4, 4)
        if self._editable:
            painter.setBrush(accent)
            corner = box.bottomRight()
            painter.drawEllipse(corner, HANDLE / 2, HANDLE / 2)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Drag the box to move it, its corner to resize it, or anywhere else to draw a new one."""
        position = event.position()
        if not self._editable or not self.image_rect().contains(position):
            return super().mousePressEvent(event)
        box = self.box_rect()
        if not box.isEmpty() and (position - box.bottomRight()).manhattanLength() <= HANDLE * 1.5:
            self._drag = "resize"
        elif box.contains(position):
            self._drag = "move"
        else:
            self._drag, box = "resize", QRectF(position, position)
        self._drag_origin, self._drag_box = position, QRectF(box)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        box = self.box_rect()
        position = event.position()
        if self._drag is None:
            near_corner = not box.isEmpty() and (position - box.bottomRight()).manhattanLength() <= HANDLE * 1.5
            if self._editable and near_corner:
                self.setCursor(Qt.CursorShape.SizeFDiagCursor)
            elif self._editable and box.contains(position):
                self.setCursor(Qt.CursorShape.SizeAllCursor)
            else:
                self.unsetCursor()
            return
        delta = position - self._drag_origin
        rect = QRectF(self._drag_box)
        if self._drag == "move":
            rect.translate(delta)
        else:
            rect.setWidth(max(4.0, rect.width() + delta.x()))
            rect.setHeight(max(4.0, rect.height() + delta.y()))
        self._box = self._to_image_box(rect)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = None
            self.face_box_edited.emit(self._box)
        super().mouseReleaseEvent(event)

    def _to_image_box(self, rect: QRectF) -> FaceBox:
        """Map a widget rectangle back to image pixels, clamped inside the image."""
        assert self._image is not None
        target = self.image_rect()
        scale = self._image.width() / target.width()
        width = max(MIN_BOX, min(self._image.width(), round(rect.width() * scale)))
        height = max(MIN_BOX, min(self._image.height(), round(rect.height() * scale)))
        x = min(max(0, round((rect.x() - target.x()) * scale)), self._image.width() - width)
        y = min(max(0, round((rect.y() - target.y()) * scale)), self._image.height() - height)
        return FaceBox(x, y, width, height)
