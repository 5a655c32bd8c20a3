"""The generation engine: GenerationRequest in, GenerationResult out (no Qt).

Names are re-exported lazily so light users (face preparation, errors) do not pay for
importing torch and diffusers.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

# The app never reaches a model hub at run time (every load also passes local_files_only).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

_EXPORTS = {
    "Engine": "mmpp_desktop.core.engine.engine",
    "detect_family": "mmpp_desktop.core.engine.loading",
    "EngineError": "mmpp_desktop.core.engine.errors",
    "GenerationCancelled": "mmpp_desktop.core.engine.errors",
    "InvalidModelError": "mmpp_desktop.core.engine.errors",
    "ModelNotFoundError": "mmpp_desktop.core.engine.errors",
    "NoFaceFoundError": "mmpp_desktop.core.engine.errors",
    "OutOfMemoryError": "mmpp_desktop.core.engine.errors",
    "DeviceUnavailableError": "mmpp_desktop.core.engine.errors",
    "WrongFamilyError": "mmpp_desktop.core.engine.errors",
    "UnsafeFileError": "mmpp_desktop.core.engine.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
