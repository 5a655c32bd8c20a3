"""The one place that converts between PIL images and QImage.

Every QImage made here owns its pixels (`.copy()`): a QImage built over a Python bytes
buffer only borrows it, and would read freed memory once it crosses a thread or outlives
the buffer.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtGui import QImage


def pil_to_qimage(image: Image.Image) -> QImage:
    """An owned QImage copy of a PIL image (RGB or RGBA; other modes are converted)."""
    if image.mode == "RGBA":
        data, qformat, channels = image.tobytes(), QImage.Format.Format_RGBA8888, 4
    else:
        data, qformat, channels = image.convert("RGB").tobytes(), QImage.Format.Format_RGB888, 3
    width, height = image.size
    return QImage(data, width, height, width * channels, qformat).copy()


def qimage_to_pil(image: QImage) -> Image.Image:
    """An RGB PIL copy of a QImage (e.g. a video frame), independent of Qt memory."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = rgb.width(), rgb.height()
    row_bytes = rgb.bytesPerLine()
    buffer = bytes(rgb.constBits())[: row_bytes * height]
    return Image.frombuffer("RGB", (width, height), buffer, "raw", "RGB", row_bytes, 1).copy()
