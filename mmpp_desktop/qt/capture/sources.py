"""Frame sources: a camera (QCamera + QMediaCaptureSession) or a video file (QMediaPlayer).

Each source pushes frames into its own `QVideoSink`; the base class converts the latest
frame to an owned QImage and keeps it for Snapshot. Errors (camera unplugged, codec
missing) become one short `error` message so the pane can show it inline.

This module needs Qt Multimedia; `FrameSource` (frame_source.py) and the availability check
do not, so the window starts on a machine where it cannot load (see availability.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)

from mmpp_desktop.qt.capture.frame_source import FrameSource

log = logging.getLogger(__name__)


def available_cameras() -> list[QCameraDevice]:
    return list(QMediaDevices.videoInputs())


class SinkFrameSource(FrameSource):
    """A source whose frames arrive in a `QVideoSink` (what QMediaPlayer and QCamera feed)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)

    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        image = frame.toImage()
        if not image.isNull():
            self.keep_frame(image)


class VideoFileSource(SinkFrameSource):
    """Plays a video file (looping, no audio output) into the sink: the camera stand-in for tests and demos."""

    def __init__(self, path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.player = QMediaPlayer(self)
        self.player.setVideoSink(self.sink)
        self._playing = False
        self.player.errorOccurred.connect(self._on_error)
        self.player.mediaStatusChanged.connect(self._on_status)

    @property
    def description(self) -> str:
        return self.path.name

    def start(self) -> None:
        if self.player.source().isEmpty():
            self.player.setSource(QUrl.fromLocalFile(str(self.path)))
        self._playing = True
        self.player.play()

    def stop(self) -> None:
        self._playing = False
        self.player.stop()

    @Slot(QMediaPlayer.MediaStatus)
    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        """Loop by hand: `setLoops(Infinite)` would also restart a broken file and hide its error."""
        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._playing and self.frames_received:
            self.player.setPosition(0)
            self.player.play()

    @Slot(QMediaPlayer.Error, str)
    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        log.warning("Video source %s failed: %s (%s)", self.path, message, error)
        self.error.emit(f"The video {self.path.name} cannot be played: {message or error.name}.")


class CameraSource(SinkFrameSource):
    """A webcam; reports an error when it fails or is unplugged while in use."""

    def __init__(self, device: QCameraDevice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.device = device
        self.camera = QCamera(device, self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.camera.errorOccurred.connect(self._on_error)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._check_still_present)

    @property
    def description(self) -> str:
        return self.device.description()

    def start(self) -> None:
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()

    @Slot(QCamera.Error, str)
    def _on_error(self, error: QCamera.Error, message: str) -> None:
        log.warning("Camera %s failed: %s (%s)", self.device.description(), message, error)
        self.error.emit(f"The camera stopped working: {message or error.name}. Photos still work.")

    @Slot()
    def _check_still_present(self) -> None:
        if all(device.id() != self.device.id() for device in QMediaDevices.videoInputs()):
            self.camera.stop()
            self.error.emit(f"The camera {self.device.description()} was disconnected. Photos still work.")
