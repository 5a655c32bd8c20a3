"""Frame sources: a camera (QCamera + QMediaCaptureSession) or a video file (QMediaPlayer).

Each source pushes frames into its own `QVideoSink`; the base class converts the latest
frame to an owned QImage and keeps it for Snapshot. Errors (camera unplugged, codec
missing) become one short `error` message so the pane can show it inline.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)

log = logging.getLogger(__name__)


def available_cameras() -> list[QCameraDevice]:
    return list(QMediaDevices.videoInputs())


class FrameSource(QObject):
    """The interface the capture pane uses: start/stop, live frames, the latest frame."""

    frame_ready = Signal(QImage)
    error = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)
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

    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._latest = image.convertToFormat(QImage.Format.Format_RGB32).copy()
        self.frames_received += 1
        self.frame_ready.emit(self._latest)


class VideoFileSource(FrameSource):
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


class CameraSource(FrameSource):
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
