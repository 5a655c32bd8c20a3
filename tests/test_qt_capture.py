"""Capture: the video-file source delivers real frames through QVideoSink; Snapshot (Space)
turns the latest one into a content-addressed capture file that becomes the session input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage

from mmpp_desktop.core.capture import save_capture
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.qt.capture import multimedia_problem
from mmpp_desktop.qt.images import pil_to_qimage, qimage_to_pil
from mmpp_desktop.qt.main_window import MainWindow
from tests.conftest import BAD_INPUTS, PHOTOS, VIDEO, multimedia_skip_reason

if multimedia_problem() is None:
    from mmpp_desktop.qt.capture import VideoFileSource

needs_multimedia = pytest.mark.skipif(multimedia_problem() is not None, reason=multimedia_skip_reason())


def test_pil_qimage_round_trip_owns_its_pixels() -> None:
    image = Image.new("RGB", (7, 5))
    image.putpixel((3, 2), (10, 200, 30))
    qimage = pil_to_qimage(image)
    del image
    assert (qimage.width(), qimage.height()) == (7, 5)
    assert qimage.pixelColor(3, 2).getRgb()[:3] == (10, 200, 30)
    back = qimage_to_pil(qimage)
    assert back.getpixel((3, 2)) == (10, 200, 30)


def test_save_capture_is_content_addressed(data_dir: Path) -> None:
    paths = resolve_paths().ensure()
    image = Image.new("RGB", (16, 16), (1, 2, 3))
    first = save_capture(image, paths)
    second = save_capture(image.copy(), paths)
    assert first == second
    assert first.parent == paths.data_dir / "captures"
    assert first.stem == hashlib.sha256(first.read_bytes()).hexdigest()
    assert Image.open(first).getpixel((0, 0)) == (1, 2, 3)


@needs_multimedia
def test_video_source_delivers_frames(qtbot) -> None:
    source = VideoFileSource(VIDEO)
    with qtbot.waitSignal(source.frame_ready, timeout=15000) as blocker:
        source.start()
    frame = blocker.args[0]
    assert isinstance(frame, QImage) and (frame.width(), frame.height()) == (640, 360)
    qtbot.waitUntil(lambda: source.frames_received >= 5, timeout=15000)
    latest = source.latest_frame()
    source.stop()
    assert latest is not None and not latest.isNull()


@pytest.fixture
def window_with_video(qtbot) -> MainWindow:
    window = MainWindow(resolve_paths().ensure(), frame_source=VideoFileSource(VIDEO), source_label="Test clip")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


@needs_multimedia
def test_snapshot_with_space_captures_a_frame(qtbot, window_with_video: MainWindow) -> None:
    window, pane = window_with_video, window_with_video.capture
    assert not pane.snapshot_button.isEnabled(), "nothing to snapshot before the live view runs"
    pane.live_button.click()
    qtbot.waitUntil(lambda: pane.source.frames_received >= 3, timeout=15000)
    assert pane.snapshot_button.isEnabled()
    with qtbot.waitSignal(window.session.input_changed, timeout=15000):
        qtbot.keyClick(window.capture.canvas, Qt.Key.Key_Space)
    assert not pane.live, "the snapshot freezes the view"
    captured = Path(window.session.input_path)
    assert captured.parent == window.paths.data_dir / "captures"
    assert Image.open(captured).size == (640, 360)
    assert window.session.input_image.size().toTuple() == (640, 360)
    assert window.session.faces_found >= 0


@needs_multimedia
def test_paste_an_image_with_ctrl_v(qtbot, window_with_video: MainWindow) -> None:
    window = window_with_video
    photo = QImage(str(PHOTOS / "obama.jpg"))
    QGuiApplication.clipboard().setImage(photo)
    with qtbot.waitSignal(window.session.input_changed, timeout=15000):
        qtbot.keyClick(window.capture.canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert Path(window.session.input_path).parent == window.paths.data_dir / "captures"
    assert window.session.input_image.size() == photo.size()
    assert window.capture.faces_shown == 1


@needs_multimedia
def test_broken_source_shows_inline_message_and_photos_still_work(qtbot) -> None:
    window = MainWindow(resolve_paths().ensure(), frame_source=VideoFileSource(BAD_INPUTS / "not-an-image.png"),
                        source_label="Broken camera")
    qtbot.addWidget(window)
    pane = window.capture
    with qtbot.waitSignal(pane.source.error, timeout=15000):
        pane.live_button.click()
    assert not pane.banner.isHidden() and "cannot be played" in pane.banner.message
    assert not pane.live and not pane.snapshot_button.isEnabled()
    with qtbot.waitSignal(window.session.input_changed, timeout=15000):
        window.session.open_image(PHOTOS / "biden.jpg")
    assert pane.canvas.image is window.session.input_image and pane.faces_shown == 1


@needs_multimedia
def test_no_camera_is_said_inline(qtbot) -> None:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    if window.capture.camera_picker.itemData(0) is not None:
        pytest.skip("this machine has a camera")
    assert window.capture.banner.message.startswith("No camera found")
    assert not window.capture.live_button.isEnabled()
