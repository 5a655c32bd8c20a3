"""Argument checks shared by the subcommands: each value is refused as it is parsed.

A bad number is an error even when other options make it unused, and an output path is
checked before any model loads, so a long generation never ends in "cannot write".
Every refusal is one `error: argument --NAME: ...` line and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NoReturn

from mmpp_desktop.core.types import REQUEST_RANGES, NumberRange

EXIT_BAD_INPUT = 2


class OneLineArgumentParser(argparse.ArgumentParser):
    """argparse prints usage plus an error; the CLI promises exactly one `error:` line instead.

    Subparsers inherit the class, so every subcommand reports the same way.
    """

    def error(self, message: str) -> NoReturn:
        print(f"error: {message}; see {self.prog} --help", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)


def request_number(field: str) -> Callable[[str], int | float]:
    """An argparse `type` that parses and range-checks a `GenerationRequest` field."""
    return number_in(REQUEST_RANGES[field])


def number_in(limits: NumberRange) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value: int | float = int(text) if limits.integer else float(text)
        except ValueError:
            value = None  # type: ignore[assignment]  # reported below like any other bad value
        if value is None or not limits.accepts(value):
            raise argparse.ArgumentTypeError(f"must be {limits.describe()} (got {text!r})")
        return value

    parse.__name__ = limits.label  # argparse names the type in some of its own messages
    return parse


def utf8_text(text: str) -> str:
    """Text from argv: bytes that are not UTF-8 arrive as lone surrogates and cannot be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise argparse.ArgumentTypeError("is not valid UTF-8 text (check the terminal's encoding "
                                         "settings)") from error
    return text


def output_file(suffixes: Iterable[str]) -> Callable[[str], Path]:
    """An argparse `type` for a file to write: right suffix, not a folder, in a writable place.

    Missing folders are fine (they are created when the file is written) as long as the
    nearest existing one can be written; that is probed by creating a temporary file in it.
    """
    allowed = tuple(suffixes)

    def parse(text: str) -> Path:
        path = Path(text).expanduser()
        if path.is_dir():
            raise argparse.ArgumentTypeError(f"{text!r} is a folder; give a file name")
        if path.suffix.lower() not in allowed:
            raise argparse.ArgumentTypeError(f"{text!r} must end in {', '.join(allowed)}")
        folder = next((parent for parent in path.absolute().parents if parent.exists()), Path("/"))
        if not folder.is_dir():
            raise argparse.ArgumentTypeError(f"cannot create a folder under {str(folder)!r}: it is a file")
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as error:
            raise argparse.ArgumentTypeError(
                f"cannot write to the folder {str(folder)!r} ({error.strerror or error})") from error
        return path

    parse.__name__ = "output file"
    return parse


def style_spec(text: str) -> str:
    """`NAME[:WEIGHT]`: the weight is checked now; the name is resolved when the styles load."""
    from mmpp_desktop.core.errors import InvalidInputError
    from mmpp_desktop.core.styles.compose import parse_style_spec

    utf8_text(text)
    try:
        parse_style_spec(text)
    except InvalidInputError as error:
        raise argparse.ArgumentTypeError(error.message) from error
    return text
