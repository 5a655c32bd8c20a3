"""An image view with the face box drawn over it; the box can be moved, resized or drawn anew.

Every face found is outlined too (dashed); clicking one makes it the face box.

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
        self._faces: tuple[FaceBox, ...] = ()
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

    @property
    def faces(self) -> tuple[FaceBox, ...]:
        return self._faces

    def set_image(self, image: QImage | None, box: FaceBox | None = None, editable: bool = False,
                  faces: tuple[FaceBox, ...] = ()) -> None:
        self._image = image
        self._box = box
        self._faces = tuple(faces) if image is not None else ()
        self._editable = editable and image is not None
        self.update()

    def set_face_box(self, box: FaceBox | None) -> None:
        self._box = box
        self.update()

    def set_faces(self, faces: tuple[FaceBox, ...]) -> None:
        """The faces found in the image, outlined so one can be clicked."""
        self._faces = tuple(faces)
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
        return self.widget_rect(self._box)

    def widget_rect(self, box: FaceBox | None) -> QRectF:
        """An image-pixel box in widget coordinates (empty for None or without an image)."""
        if box is None or self._image is None or self._image.isNull():
            return QRectF()
        target = self.image_rect()
        scale = target.width() / self._image.width()
        return QRectF(target.x() + box.x * scale, target.y() + box.y * scale, box.width * scale, box.height * scale)

    def face_at(self, position: QPointF) -> FaceBox | None:
        """The found face under `position` (the smallest, where outlines overlap), if any."""
        hits = [face for face in self._faces if self.widget_rect(face).contains(position)]
        return min(hits, key=lambda face: face.width * face.height) if hits else None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._image is None or self._image.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            return
        painter.drawImage(self.image_rect(), self._image)
        accent = QColor(64, 196, 128)
        if len(self._faces) > 1:
            for face in self._faces:
                if face != self._box:
                    painter.setPen(QPen(QColor(255, 255, 255, 200), 1.5, Qt.PenStyle.DashLine))
                    painter.drawRoundedRect(self.widget_rect(face), 4, 4)
        box = self.box_rect()
        if box.isEmpty():
            return
        painter.setPen(QPen(accent, 2))
        painter.drawRoundedRect(box, 4, 4)
        if self._editable:
            painter.setBrush(accent)
            corner = box.bottomRight()
            painter.drawEllipse(corner, HANDLE / 2, HANDLE / 2)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Click another found face to choose it; drag the box to move it, its corner to resize it,
        or anywhere else to draw a new one."""
        position = event.position()
        if not self._editable or not self.image_rect().contains(position):
            return super().mousePressEvent(event)
        box = self.box_rect()
        clicked = self.face_at(position)
        if not box.isEmpty() and (position - box.bottomRight()).manhattanLength() <= HANDLE * 1.5:
            self._drag = "resize"
        elif box.contains(position) and (clicked is None or clicked == self._box):
            self._drag = "move"
        elif clicked is not None:  # choose it; a drag that follows moves it
            self._box = clicked
            self._drag, box = "move", self.box_rect()
            self.update()
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
            elif self._editable and self.face_at(position) is not None:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.unsetCursor()
            return
        delta = position - self._drag_origin
        if self._drag == "move" and delta.manhattanLength() < 3:
            return  # a click, not a drag: keep the chosen face's box exactly
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
