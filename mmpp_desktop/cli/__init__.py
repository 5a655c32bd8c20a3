"""The `mmpp-desktop` command: no subcommand opens the window, subcommands work headless.

Each subcommand lives in its own module exposing `register(subparsers)`; the module sets
`func` on its parser. Modules import heavy libraries (torch, Qt) inside their `run`
functions so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import multiprocessing
import sqlite3
import sys
from collections.abc import Sequence

from mmpp_desktop import __version__
from mmpp_desktop.cli.arguments import OneLineArgumentParser
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.logging_setup import configure_logging
from mmpp_desktop.core.paths import AppPaths, resolve_paths

log = logging.getLogger(__name__)

SUBCOMMAND_MODULES = ("generate_cmd", "styles_cmd", "history_cmd", "train_cmd", "faces_cmd", "score_cmd",
                      "balance_cmd", "grid_cmd", "live_cmd")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineArgumentParser(
        prog="mmpp-desktop",
        description="Stylized portraits from a face photo with local Stable Diffusion. "
        "Without a subcommand the desktop window opens.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep config, data, cache and logs under DIR (also: MMPP_DATA_DIR)",
    )
    parser.add_argument("--screenshot", metavar="PATH",
                        help="open the window, save a PNG screenshot of it to PATH and exit")
    parser.add_argument("--lang", choices=("en", "ko"),
                        help="the window's language (default: Preferences, else the system locale)")
    parser.add_argument("--window-size", metavar="WxH", type=_window_size,
                        help="open the window at this size, e.g. 1280x800 (with --screenshot too)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"mmpp_desktop.cli.{name}").register(subparsers)
    return parser


# Commands that only read the data folder; they work when it cannot be written.
READ_ONLY_COMMANDS = {("styles", "list"), ("styles", "export"), ("history", "list"), ("history", "show"),
                      ("history", "export"), ("faces", None), ("score", None)}


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's dlib child process (core/faces.py) starts here
    parser = build_parser()
    args = parser.parse_args(argv)
    paths: AppPaths | None = None
    try:
        paths = resolve_paths(args.data_dir)
        configure_logging(paths, logging.DEBUG if args.verbose else logging.INFO)  # never raises
        _prepare_folders(paths, read_only=_command_key(args) in READ_ONLY_COMMANDS)
        if args.command is None:
            return _run_window(paths, args)
        return int(args.func(args, paths))
    except UserFacingError as error:
        log.info("User-facing error in %s", args.command, exc_info=True)
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return EXIT_FAILURE
    except (OSError, sqlite3.OperationalError) as error:
        message = _storage_problem(error)
        if message is None:
            return _unexpected(error, args, paths)
        log.info("Storage error in %s", args.command, exc_info=True)
        print(f"error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # the last line of defence: a short line, the traceback in the log
        return _unexpected(error, args, paths)


def _command_key(args: argparse.Namespace) -> tuple[str | None, str | None]:
    action = getattr(args, "styles_action", None) or getattr(args, "history_action", None)
    return args.command, action


def _prepare_folders(paths: AppPaths, read_only: bool) -> None:
    """Create the folders; a read-only command goes on without them, any other is refused."""
    try:
        paths.ensure()
    except OSError as error:
        log.info("Cannot create the app's folders: %s", error)
    if not read_only:
        paths.refuse_writes()


def _storage_problem(error: OSError | sqlite3.OperationalError) -> str | None:
    """One sentence for a full disk or an unwritable place; None for anything else."""
    if isinstance(error, sqlite3.OperationalError):
        text = str(error).lower()
        if "disk is full" in text:
            return "the disk is full (the library database could not be written); free some space and try again."
        if "readonly" in text or "read-only" in text:
            return "the library database cannot be written (read-only); choose a writable data folder."
        return None
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full{where}; nothing was saved. Free some space and try again."
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write{where}: {error.strerror or 'permission denied'}."
    return None


def _unexpected(error: BaseException, args: argparse.Namespace, paths: AppPaths | None) -> int:
    log.exception("Unexpected failure in %s", args.command)
    details = f"; details in {paths.log_file}" if paths is not None else ""
    print(f"error: unexpected failure ({type(error).__name__}: {error}){details}", file=sys.stderr)
    return EXIT_FAILURE


def _window_size(text: str) -> tuple[int, int]:
    """"1280x800" -> (1280, 800), within what a screen can show."""
    width, _, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        raise argparse.ArgumentTypeError(f"window-size must look like 1280x800, not {text!r}") from None
    if not all(320 <= side <= 8192 for side in size):
        raise argparse.ArgumentTypeError("window-size sides must be between 320 and 8192 pixels")
    return size


def _run_window(paths: AppPaths, args: argparse.Namespace) -> int:
    from mmpp_desktop.qt.app import run_app

    return run_app(paths, screenshot=args.screenshot, language=args.lang, window_size=args.window_size)
