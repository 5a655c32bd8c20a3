"""Logging: a rotating file in the log dir for full tracebacks; the user sees short messages.

Logging never stops the app and never writes to stderr. A log folder that cannot be
written means no log file; a disk that fills up later silences the file handler after its
first failed write instead of printing `--- Logging error ---` tracebacks for every record.
Python `warnings` (library FutureWarnings and the like) go to the log too, so stderr
carries only progress and the one `error:` line.
"""

from __future__ import annotations

import logging
import logging.handlers

from mmpp_desktop.core.paths import AppPaths

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler that turns itself off on its first write error (disk full, folder gone)."""

    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        self.failed = True
        try:
            self.close()
        except OSError:
            pass


def configure_logging(paths: AppPaths, level: int = logging.INFO) -> bool:
    """Send every record (and every Python warning) to a rotating log file (5 x 2 MB).

    Idempotent per log file. Returns False when the log folder cannot be written: the app then
    runs without a log file, and records are dropped rather than printed to stderr.
    """
    root = logging.getLogger()
    root.setLevel(level)
    logging.captureWarnings(True)
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        # With no handler at all, logging's last resort would print warnings to stderr.
        root.addHandler(logging.NullHandler())
    log_file = str(paths.log_file)
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and handler.baseFilename == log_file:
            return True
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        handler = QuietRotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return False
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return True
