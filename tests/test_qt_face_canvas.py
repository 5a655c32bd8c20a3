"""The face box overlay maps between widget and image pixels and can draw a new box."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from mmpp_desktop.core.types import FaceBox
from mmpp_desktop.qt.widgets.face_box_overlay import FaceCanvas


def canvas_with_image(qtbot, box: FaceBox | None) -> FaceCanvas:
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("gray"))
    canvas = FaceCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)  # image drawn at half size, 100 px letterbox above and below
    canvas.set_image(image, box, editable=True)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


def drag(qtbot, canvas: FaceCanvas, start: QPoint, end: QPoint) -> FaceBox:
    with qtbot.waitSignal(canvas.face_box_edited) as edited:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(canvas, end)
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    return edited.args[0]


def test_box_maps_to_image_pixels(qtbot) -> None:
    canvas = canvas_with_image(qtbot, FaceBox(200, 100, 100, 100))
    assert canvas.image_rect().toRect().getRect() == (0, 100, 400, 200)
    assert canvas.box_rect().toRect().getRect() == (100, 150, 50, 50)


def test_drawing_a_box_where_none_was_found(qtbot) -> None:
    canvas = canvas_with_image(qtbot, None)
    box = drag(qtbot, canvas, QPoint(50, 150), QPoint(150, 250))
    assert box == FaceBox(100, 100, 200, 200)


def test_resizing_stays_inside_the_image(qtbot) -> None:
    canvas = canvas_with_image(qtbot, FaceBox(600, 200, 100, 100))
    corner = canvas.box_rect().bottomRight().toPoint()
    box = drag(qtbot, canvas, corner, corner + QPoint(200, 200))
    assert box.x + box.width <= 800 and box.y + box.height <= 400
    assert box.width > 100 and box.height > 100
