"""The left pane: live camera (or video) view, Snapshot, open/paste a photo, the face box.

The pane only shows state and forwards user actions to the session; which frame source is
behind it (a webcam or a video file in tests) is decided by whoever calls `set_source`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.qt.capture import FrameSource, multimedia_problem
from mmpp_desktop.qt.view_models.session import SessionViewModel
from mmpp_desktop.qt.widgets.accessible import named
from mmpp_desktop.qt.widgets.common import Banner, BannerSlot, pane_title
from mmpp_desktop.qt.widgets.face_box_overlay import FaceCanvas


def describe_faces(count: int) -> str:
    if count == 0:
        return QCoreApplication.translate("CapturePane", "No face found — draw a box around it, or tick “Use the whole image”")
    if count == 1:
        return QCoreApplication.translate("CapturePane", "1 face found — drag the box to adjust")
    return QCoreApplication.translate("CapturePane", "{count} faces found — the largest is chosen; click another to choose it"
                                      ).format(count=count)


class CapturePane(QWidget):
    """Camera picker, live view, Snapshot (Space), Open (Ctrl+O); the face box over the photo."""

    open_requested = Signal()
    frame_arrived = Signal(QImage)  # each live frame, for live stylizing

    def __init__(self, session: SessionViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source: FrameSource | None = None
        self._external_source = False
        self.live = False
        style = self.style()

        self.camera_picker = named(QComboBox(), self.tr("Camera"))
        self.camera_picker.setToolTip(self.tr("Camera"))
        self.camera_picker.setMinimumWidth(120)
        self.live_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay), self.tr("Live"))
        self.live_button.setCheckable(True)
        self.live_button.setToolTip(self.tr("Start or stop the live camera view"))
        self.snapshot_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                                           self.tr("Snapshot"))
        self.snapshot_button.setToolTip(self.tr("Use the current camera frame (Space)"))
        self.snapshot_button.setObjectName("snapshotButton")
        self.open_button = QPushButton(style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton), self.tr("Open…"))
        self.open_button.setToolTip(self.tr("Open a photo (Ctrl+O); you can also drop or paste one"))
        self.stylize_button = QPushButton(self.tr("Stylize live"))
        self.stylize_button.setCheckable(True)
        self.stylize_button.setObjectName("stylizeLiveButton")
        self.stylize_button.setToolTip(self.tr("Stylize the camera feed continuously with the current styles"))

        self.canvas = FaceCanvas()
        self.canvas.placeholder = self.tr("Open a photo, drop one here,\npaste with Ctrl+V, or start the camera.")
        self.banner = Banner("info")
        self.face_label = QLabel(" ")
        self.face_label.setObjectName("faceLabel")

        sources = QHBoxLayout()
        sources.addWidget(self.camera_picker, 1)
        sources.addWidget(self.live_button)
        sources.addWidget(self.stylize_button)
        actions = QHBoxLayout()
        actions.addWidget(self.snapshot_button, 1)
        actions.addWidget(self.open_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(pane_title(self.tr("Input")))
        layout.addLayout(sources)
        self.banner_slot = BannerSlot(self.canvas, self.banner)  # floats over the canvas, never moves it
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.face_label)
        layout.addLayout(actions)

        self.live_button.toggled.connect(self._on_live_toggled)
        self.snapshot_button.clicked.connect(self.snapshot)
        self.open_button.clicked.connect(self.open_requested)
        self.camera_picker.activated.connect(self._on_camera_picked)
        self.canvas.face_box_edited.connect(session.set_face_box)
        session.input_changed.connect(self._show_input)
        session.face_changed.connect(self._show_face)
        session.loading_changed.connect(self._on_loading)
        if multimedia_problem() is None:
            from PySide6.QtMultimedia import QMediaDevices

            self._devices = QMediaDevices(self)
            self._devices.videoInputsChanged.connect(self.refresh_cameras)
        self.refresh_cameras()

    @property
    def faces_shown(self) -> int:
        """How many faces the pane reports for the current photo (what the label says)."""
        return self.session.faces_found if self.session.input_image is not None else 0

    def refresh_cameras(self) -> None:
        """Fill the camera picker (again when cameras come and go); with none, say so inline."""
        if self._external_source:
            return  # a video file stands in for the camera and owns the picker
        self.camera_picker.clear()
        problem = multimedia_problem()
        if problem is not None:
            self._show_multimedia_missing(*problem)
            return
        from mmpp_desktop.qt.capture import available_cameras

        cameras = available_cameras()
        for device in cameras:
            self.camera_picker.addItem(device.description(), device)
        self.camera_picker.setEnabled(bool(cameras))
        if cameras:
            self.banner.show_message("")
        else:
            self.camera_picker.addItem(self.tr("No camera found"))
            self.banner.show_message(self.tr("No camera found. Open, drop or paste a photo instead."))
        self._update_buttons()

    def _show_multimedia_missing(self, library: str, package: str) -> None:
        """Qt Multimedia did not load: no camera or video, one banner naming what to install."""
        self.camera_picker.addItem(self.tr("Camera unavailable"))
        self.camera_picker.setEnabled(False)
        self.banner.show_message(self.tr(
            "Camera and video are off: Qt Multimedia cannot load {library}. Install the {package} package "
            "(sudo apt install {package}) and restart. Photos still work.").format(library=library, package=package))
        self._update_buttons()

    def set_source(self, source: FrameSource | None, label: str | None = None) -> None:
        """Use `source` for the live view (a camera, or a video file in tests and demos)."""
        if self.source is not None:
            self.source.stop()
            self.source.frame_ready.disconnect(self._on_frame)
            self.source.error.disconnect(self._on_source_error)
            self.source.deleteLater()
        self.source = source
        if source is not None:
            source.setParent(self)
            source.frame_ready.connect(self._on_frame)
            source.error.connect(self._on_source_error)
            if label is not None:
                self._external_source = True
                self.camera_picker.clear()
                self.camera_picker.addItem(label)
                self.camera_picker.setEnabled(True)
                self.banner.show_message("")
        self._update_buttons()

    def start_live(self) -> None:
        if self.source is None:
            self._on_camera_picked(self.camera_picker.currentIndex())
        if self.source is None:
            return
        self.banner.show_message("")
        self.live = True
        self.source.start()
        self.live_button.setChecked(True)
        self._update_buttons()

    def stop_live(self) -> None:
        self.live = False
        if self.source is not None:
            self.source.stop()
        self.live_button.setChecked(False)
        self._update_buttons()
        self._show_input()

    @Slot()
    def snapshot(self) -> bool:
        """Freeze the latest live frame and hand it to the session; False when there is none."""
        frame = self.source.latest_frame() if self.source is not None and self.live else None
        if frame is None:
            return False
        self.stop_live()
        self.canvas.set_image(frame)
        self.session.use_image(frame)
        return True

    def _on_live_toggled(self, checked: bool) -> None:
        if checked and not self.live:
            self.start_live()
        elif not checked and self.live:
            self.stop_live()

    def _on_camera_picked(self, index: int) -> None:
        device = self.camera_picker.itemData(index)
        if device is None:
            return
        from mmpp_desktop.qt.capture import CameraSource

        was_live = self.live
        if self.live:
            self.stop_live()
        self.set_source(CameraSource(device))
        if was_live:
            self.start_live()

    @Slot(QImage)
    def _on_frame(self, frame: QImage) -> None:
        if self.live:
            self.canvas.set_image(frame)
            self.face_label.setText(self.tr("Live — press Space to take a snapshot"))
            self.frame_arrived.emit(frame)

    @Slot(str)
    def _on_source_error(self, message: str) -> None:
        self.banner.show_message(message)
        if self.live:
            self.stop_live()

    @Slot()
    def _show_input(self) -> None:
        if self.live:
            return
        self.canvas.set_image(self.session.input_image, self.session.face_box, editable=True,
                              faces=self.session.faces)
        self._show_face()

    @Slot()
    def _show_face(self) -> None:
        if self.live:
            return
        self.canvas.set_face_box(self.session.face_box)
        has_input = self.session.input_image is not None
        self.face_label.setText(describe_faces(self.session.faces_found) if has_input else " ")

    @Slot(bool)
    def _on_loading(self, loading: bool) -> None:
        if loading:
            self.face_label.setText(self.tr("Looking for faces…"))
        else:
            self._show_input()  # after a refused snapshot, go back to the input actually in use

    def _update_buttons(self) -> None:
        self.live_button.setEnabled(self.source is not None or self.camera_picker.itemData(0) is not None)
        self.stylize_button.setEnabled(self.live_button.isEnabled())
        self.snapshot_button.setEnabled(self.live)

    def shutdown(self) -> None:
        """Stop the camera or video so no device stays open after the window closes."""
        if self.source is not None:
            self.source.stop()
