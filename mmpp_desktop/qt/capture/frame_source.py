"""The frame-source interface the capture pane uses; it needs no Qt Multimedia, so the window
can be built on a machine where that cannot load (see availability.py)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage


class FrameSource(QObject):
    """The interface the capture pane uses: start/stop, live frames, the latest frame."""

    frame_ready = Signal(QImage)
    error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest: QImage | None = None
        self.frames_received = 0

    @property
    def description(self) -> str:
        return "source"

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def latest_frame(self) -> QImage | None:
        """The newest frame as an owned copy, or None before the first frame."""
        return None if self._latest is None else self._latest.copy()

    def keep_frame(self, image: QImage) -> None:
        """Keep an owned copy of a new frame and pass it on."""
        self._latest = image.convertToFormat(QImage.Format.Format_RGB32).copy()
        self.frames_received += 1
        self.frame_ready.emit(self._latest)
