"""Whether Qt Multimedia loads on this machine, and what to install when it does not.

On a bare Debian/Ubuntu, `PySide6.QtMultimedia` fails to import when PulseAudio's client
library (package libpulse0) is missing. The app then still starts: camera and video sources
are off, and the capture pane shows one banner naming the package.
"""

from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)

# The shared libraries Qt Multimedia links against that a bare system may lack, by package.
PACKAGES_BY_LIBRARY = {"libpulse.so.0": "libpulse0"}
DEFAULT_PACKAGE = "libpulse0"


@functools.cache
def multimedia_problem() -> tuple[str, str] | None:
    """None when Qt Multimedia loads; else (the library that failed, the package to install)."""
    try:
        import PySide6.QtMultimedia  # noqa: F401 (the import is the check)
    except ImportError as error:
        match = re.search(r"(lib[\w.+-]+\.so(?:\.\d+)*)", str(error))
        library = match.group(1) if match else "a system library"
        package = PACKAGES_BY_LIBRARY.get(library, DEFAULT_PACKAGE)
        log.warning("Qt Multimedia cannot load (%s); camera and video are off. Install %s.", error, package)
        return library, package
    return None
