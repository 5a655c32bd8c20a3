"""The `mmpp-desktop` command: no subcommand opens the window, subcommands work headless.

Each subcommand lives in its own module exposing `register(subparsers)`; the module sets
`func` on its parser. Modules import heavy libraries (torch, Qt) inside their `run`
functions so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from mmpp_desktop import __version__
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.logging_setup import configure_logging
from mmpp_desktop.core.paths import AppPaths, resolve_paths

log = logging.getLogger(__name__)

SUBCOMMAND_MODULES = ("generate_cmd", "styles_cmd", "history_cmd", "live_cmd")

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"mmpp_desktop.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = resolve_paths(args.data_dir).ensure()
    configure_logging(paths, logging.DEBUG if args.verbose else logging.INFO)
    try:
        if args.command is None:
            return _run_window(paths, args.screenshot)
        return int(args.func(args, paths))
    except UserFacingError as error:
        log.info("User-facing error in %s", args.command, exc_info=True)
        print(f"error: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as error:  # the last line of defence: a short line, the traceback in the log
        log.exception("Unexpected failure in %s", args.command)
        print(f"error: unexpected failure ({type(error).__name__}: {error}); details in {paths.log_file}",
              file=sys.stderr)
        return EXIT_FAILURE


def _run_window(paths: AppPaths, screenshot: str | None) -> int:
    from mmpp_desktop.qt.app import run_app

    return run_app(paths, screenshot=screenshot)
