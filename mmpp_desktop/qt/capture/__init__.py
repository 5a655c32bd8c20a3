"""Live frame sources for the capture pane: webcams and video files share one path.

Both feed a `QVideoSink`; `FrameSource` turns its frames into owned QImages, so the pane
and the tests see the same behaviour whether frames come from a camera or a clip.
"""

from mmpp_desktop.qt.capture.sources import CameraSource, FrameSource, VideoFileSource, available_cameras

__all__ = ["CameraSource", "FrameSource", "VideoFileSource", "available_cameras"]
