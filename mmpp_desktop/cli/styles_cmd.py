"""`mmpp-desktop styles` (placeholder until its issue lands)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("styles", help="styles (not available yet)")
    parser.set_defaults(func=lambda args, paths: 1)
