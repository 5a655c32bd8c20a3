"""The result view on its own: before/after split follows the mouse; zoom fit vs 100 %."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from mmpp_desktop.qt.widgets.result_view import CompareCanvas


def solid(width: int, height: int, color: str) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    return image


def test_compare_split_follows_the_mouse_and_paints_both_sides(qtbot) -> None:
    canvas = CompareCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)
    canvas.set_images(solid(200, 200, "red"), solid(200, 200, "blue"))
    canvas.show()
    qtbot.waitExposed(canvas)
    target = canvas.target_rect()
    assert target.width() == 400 and target.height() == 400
    with qtbot.waitSignal(canvas.split_changed) as blocker:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(100, 300))
    assert abs(blocker.args[0] - 0.25) < 0.01
    shot = canvas.grab().toImage()
    assert shot.pixelColor(40, 300).red() > 200, "left of the divider shows 'before'"
    assert shot.pixelColor(300, 300).blue() > 200, "right of the divider shows 'after'"


def test_zoom_100_percent_uses_real_pixels(qtbot) -> None:
    canvas = CompareCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 300)
    canvas.set_images(None, solid(640, 480, "green"))
    canvas.set_fit(False)
    ratio = canvas.devicePixelRatioF()
    assert canvas.size().toTuple() == (round(640 / ratio), round(480 / ratio))
    canvas.set_fit(True)
    canvas.resize(320, 320)
    assert canvas.target_rect().width() == 320 and canvas.target_rect().height() == 240
