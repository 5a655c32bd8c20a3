"""Live frame sources for the capture pane: webcams and video files share one path.

Both feed a `QVideoSink`; `FrameSource` turns its frames into owned QImages, so the pane
and the tests see the same behaviour whether frames come from a camera or a clip.
`CameraSource`, `VideoFileSource` and `available_cameras` need Qt Multimedia and are
imported on first use; check `multimedia_problem()` first.
"""

from __future__ import annotations

import importlib
from typing import Any

from mmpp_desktop.qt.capture.availability import multimedia_problem
from mmpp_desktop.qt.capture.frame_source import FrameSource

_NEEDS_MULTIMEDIA = ("CameraSource", "VideoFileSource", "available_cameras")

__all__ = ["FrameSource", "multimedia_problem", *_NEEDS_MULTIMEDIA]


def __getattr__(name: str) -> Any:
    if name in _NEEDS_MULTIMEDIA:
        return getattr(importlib.import_module("mmpp_desktop.qt.capture.sources"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
