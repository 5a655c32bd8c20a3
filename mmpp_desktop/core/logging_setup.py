"""Logging: a rotating file in the log dir for full tracebacks; the user sees short messages."""

from __future__ import annotations

import logging
import logging.handlers

from mmpp_desktop.core.paths import AppPaths

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def configure_logging(paths: AppPaths, level: int = logging.INFO) -> None:
    """Send every record to a rotating log file (5 x 2 MB); idempotent per log file."""
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    log_file = str(paths.log_file)
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and handler.baseFilename == log_file:
            return
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
