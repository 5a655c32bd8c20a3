"""The base of every error the user is meant to read.

`UserFacingError.message` is one short sentence for a dialog or stderr; details and
tracebacks go to the log. Modules subclass it so callers can catch one type. In core the message
is a `Text` (core/text.py; tests/test_core_text.py checks every raise): English for the CLI and
the log, translated by the window. Qt code that raises one passes text already translated.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An error with a short message that can be shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInputError(UserFacingError):
    """An input file (image, LoRA, pack, metadata) is unreadable, malformed or unsafe."""


class UnsafeFileError(InvalidInputError):
    """A file would need unpickling with code execution to be read: refused."""


class InvalidRequestError(InvalidInputError):
    """A generation setting is out of range or malformed; `field` names the setting."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NoFaceFoundError(UserFacingError):
    """Face preparation found no face and the request did not allow the whole image."""
