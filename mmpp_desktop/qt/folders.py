"""Where the user's pictures go by default: one answer for Save, Open output folder and exports."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from mmpp_desktop.core.settings import Settings


def output_folder(settings: Settings) -> Path:
    """The Preferences export folder, else the Pictures folder, else home."""
    if settings.output_dir.strip():
        return Path(settings.output_dir.strip()).expanduser()
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return Path(pictures) if pictures else Path.home()
