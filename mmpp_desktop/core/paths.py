"""Per-user directories, overridable as a whole by `--data-dir` or `MMPP_DATA_DIR`.

One override moves every directory (config, data, cache, logs) so tests and portable
installs never touch the real user's folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

APP_NAME = "mmpp-desktop"
DATA_DIR_ENV = "MMPP_DATA_DIR"


class DataDirNotWritableError(UserFacingError):
    """A command that writes was started with a data folder that cannot be written."""


@dataclass(frozen=True)
class AppPaths:
    """The directories the app reads and writes; created on demand by `ensure()`."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "library.sqlite3"

    @property
    def models_dir(self) -> Path:
        """Where the app looks for models by default (users may point elsewhere)."""
        return self.data_dir / "models"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "mmpp-desktop.log"

    @property
    def folders(self) -> tuple[Path, ...]:
        return (self.config_dir, self.data_dir, self.cache_dir, self.log_dir)

    def ensure(self) -> AppPaths:
        """Create the folders; raises OSError when one cannot be created."""
        for directory in self.folders:
            directory.mkdir(parents=True, exist_ok=True)
        return self

    def unwritable_folder(self) -> Path | None:
        """The first folder this process cannot write to (or create), or None when all are writable.

        The GUI and writing commands need every folder; read-only commands (listing styles and
        history) work without any of them, see `Database`'s read-only open.
        """
        for directory in (self.config_dir, self.data_dir):
            if not folder_writable(directory):
                return directory
        return None

    def refuse_writes(self) -> None:
        """Raise the one clear error for a write into a data folder that cannot be written."""
        folder = self.unwritable_folder()
        if folder is not None:
            raise DataDirNotWritableError(QT_TRANSLATE_NOOP(
                "paths", "The data folder {folder} cannot be written (read-only or owned by another user); "
                         "choose a writable one with --data-dir.").format(folder=folder))


def folder_writable(directory: Path) -> bool:
    """Whether `directory` (or, when it does not exist yet, its nearest existing parent) is writable."""
    existing = Path(directory)
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Explicit argument, then `MMPP_DATA_DIR`, then the platform's per-user folders."""
    override = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or None
    if override is not None:
        root = Path(override).expanduser().resolve()
        return AppPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            cache_dir=root / "cache",
            log_dir=root / "logs",
        )
    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(
        config_dir=Path(dirs.user_config_dir),
        data_dir=Path(dirs.user_data_dir),
        cache_dir=Path(dirs.user_cache_dir),
        log_dir=Path(dirs.user_log_dir),
    )
