"""Per-user directories, overridable as a whole by `--data-dir` or `MMPP_DATA_DIR`.

One override moves every directory (config, data, cache, logs) so tests and portable
installs never touch the real user's folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "mmpp-desktop"
DATA_DIR_ENV = "MMPP_DATA_DIR"


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

    def ensure(self) -> AppPaths:
        for directory in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            directory.mkdir(parents=True, exist_ok=True)
        return self


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
