"""The live view: the newest stylized camera frame, an fps + latency readout, Keep frame and Record.

It shows what `LiveController` delivers and forwards the user's actions to it; the raw feed
stays in the capture pane beside it. `live_job` turns the window's current controls into the
request live mode runs (few steps, no guidance, no ControlNet).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import cast

from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.types import (
    DeviceName,
    GenerationRequest,
    PromptSource,
    SchedulerName,
)
from mmpp_desktop.qt.view_models.session import DIFFUSION, SessionViewModel
from mmpp_desktop.qt.widgets.common import pane_title
from mmpp_desktop.qt.workers.generation_worker import GenerationJob
from mmpp_desktop.qt.workers.live_worker import LiveController, LiveOutput

LIVE_SCHEDULERS: tuple[SchedulerName, ...] = ("lcm", "tcd")
LIVE_STEPS = 2  # when the window's sampler is not a few-step one
MAX_LIVE_STEPS = 4


def live_job(session: SessionViewModel) -> GenerationJob:
    """The window's styles, blend, prompt and IP-Adapter as a live request; raises UserFacingError."""
    controls, settings = session.controls, session.settings
    if controls.look != DIFFUSION:
        raise UserFacingError(session.tr("Live mode stylizes with a model; choose a model look, not a classic one."))
    if not session.model_configured("base_model"):
        raise UserFacingError(session.tr("Live mode needs a base model: choose one in Preferences."))
    few_step = controls.scheduler in LIVE_SCHEDULERS
    styles = session.enabled_styles()
    request = GenerationRequest(
        input_image="", model=settings.model_path(session.family, "base_model"), prompt=controls.prompt,
        negative_prompt=controls.negative_prompt, ip_adapter=session.ip_adapter_settings(),
        strength=controls.strength,
        steps=min(controls.steps, MAX_LIVE_STEPS) if few_step else LIVE_STEPS, guidance=1.0,
        scheduler=controls.scheduler if few_step else "lcm", seed=controls.seed, size=controls.size,
        device=cast(DeviceName, settings.device),
        source=PromptSource(controls.prompt, controls.negative_prompt, styles),
    )
    return GenerationJob(request, settings, styles)


class LiveView(QWidget):
    """Paints the newest stylized frame, scaled to fit; nothing is queued or kept besides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.placeholder = self.tr("Waiting for the first stylized frame…")

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        if self.image is None or self.image.isNull():
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        width, height = self.image.width() * scale, self.image.height() * scale
        target = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)


class LivePanel(QWidget):
    """The centre pane while live mode runs."""

    message = Signal(str)  # a short status line for the window

    def __init__(self, live: LiveController, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.paths = paths
        self.view = LiveView()
        self.readout = QLabel(self.tr("— fps · — ms"))
        self.readout.setObjectName("liveReadout")
        self.snapshot_button = QPushButton(self.tr("Keep frame"))
        self.snapshot_button.setToolTip(self.tr("Keep the current stylized frame in the history (Space)"))
        self.record_button = QPushButton(self.tr("Record"))
        self.record_button.setCheckable(True)
        self.record_button.setToolTip(self.tr("Record the stylized stream to a video file"))
        self.format_picker = QComboBox()
        self.format_picker.addItem(self.tr("MP4 video"), ".mp4")
        self.format_picker.addItem(self.tr("Animated GIF"), ".gif")
        self.format_picker.setToolTip(self.tr("Format of the recording"))

        controls = QHBoxLayout()
        controls.addWidget(self.readout, 1)
        controls.addWidget(self.snapshot_button)
        controls.addWidget(self.format_picker)
        controls.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(pane_title(self.tr("Live")))
        layout.addWidget(self.view, 1)
        layout.addLayout(controls)

        self.snapshot_button.clicked.connect(self.snapshot)
        self.record_button.toggled.connect(self._on_record_toggled)
        live.frame_ready.connect(self._show)
        live.running_changed.connect(self._on_running)

    @Slot()
    def snapshot(self) -> bool:
        taken = self.live.snapshot()
        self.message.emit(self.tr("Keeping the frame in the history…") if taken
                          else self.tr("No stylized frame yet."))
        return taken

    def start_recording(self, path: Path) -> None:
        fps = self.live.stats.fps if self.live.stats is not None else 0.0
        self.live.start_recording(path, fps or 8.0)
        self.record_button.setChecked(True)

    def stop_recording(self) -> Path | None:
        saved = self.live.stop_recording()
        self.record_button.setChecked(False)
        if saved is not None:
            self.message.emit(self.tr("Recording saved to {0}").format(saved))
        return saved

    def _on_record_toggled(self, checked: bool) -> None:
        if checked and not self.live.recording:
            suffix = str(self.format_picker.currentData())
            folder = self.paths.data_dir / "recordings"
            self.start_recording(folder / f"live-{time.strftime('%Y%m%d-%H%M%S')}{suffix}")
        elif not checked and self.live.recording:
            self.stop_recording()

    @Slot(object)
    def _show(self, output: LiveOutput) -> None:
        self.view.set_image(output.image)
        self.readout.setText(self.tr("{0:.1f} fps · {1:.0f} ms").format(output.fps, output.latency_ms))

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        if running:
            self.view.set_image(None)
            self.readout.setText(self.tr("— fps · — ms"))
        else:
            self.record_button.setChecked(False)
        self.snapshot_button.setEnabled(running)
        self.record_button.setEnabled(running)
