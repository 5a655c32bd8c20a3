"""Qt-free capture helpers: a snapshot becomes a content-addressed PNG file.

Requests reference images by path (so history can replay them), so every webcam frame
or pasted image is written once to `data_dir/captures/<sha256>.png`; the same pixels
always map to the same file, and re-capturing does not pile up duplicates.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image

from mmpp_desktop.core.atomic import atomic_write_bytes
from mmpp_desktop.core.paths import AppPaths


def captures_dir(paths: AppPaths) -> Path:
    return paths.data_dir / "captures"


def save_capture(image: Image.Image, paths: AppPaths) -> Path:
    """Write `image` as `captures/<sha256 of the PNG>.png` (atomic) and return the path."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG")
    data = buffer.getvalue()
    target = captures_dir(paths) / f"{hashlib.sha256(data).hexdigest()}.png"
    if not target.exists():
        atomic_write_bytes(target, data)
    return target
