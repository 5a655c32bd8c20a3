"""Errors the engine reports to the user: one short sentence each, details in the log."""

from __future__ import annotations

# NoFaceFoundError lives in core.errors (face finding is not part of the engine); kept here
# for callers that catch the engine's errors.
from mmpp_desktop.core.errors import InvalidInputError, NoFaceFoundError, UnsafeFileError, UserFacingError

__all__ = [
    "EngineError", "GenerationCancelled", "ModelNotFoundError", "InvalidModelError", "WrongFamilyError",
    "NoFaceFoundError", "OutOfMemoryError", "UnsafeFileError", "DeviceUnavailableError",
]


class EngineError(UserFacingError):
    """Base of the generation engine's errors."""


class ModelNotFoundError(EngineError):
    """A model path or repo id does not exist locally (nothing is ever downloaded)."""


class InvalidModelError(EngineError, InvalidInputError):
    """A model file or folder exists but is malformed or of an unsupported kind."""


class WrongFamilyError(EngineError):
    """A LoRA, ControlNet or IP-Adapter belongs to another model family than the base."""


class GenerationCancelled(EngineError):
    """The user cancelled; the partial result was discarded.

    Raised at the engine's next cancel point: before the next UNet, ControlNet or VAE layer
    (a compiled UNet: the end of the step), or between model loads (see `engine.py`).
    """


class OutOfMemoryError(EngineError):
    """The device ran out of memory even with CPU offload."""


class DeviceUnavailableError(EngineError):
    """The requested device (cuda/mps) is not available on this machine."""
