"""`mmpp-desktop history`: list past generations, show one, export an image with its metadata."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from mmpp_desktop.cli.arguments import number_in, output_file
from mmpp_desktop.core.metadata import FORMATS_BY_SUFFIX
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.types import NumberRange

if TYPE_CHECKING:
    from mmpp_desktop.core.history import HistoryEntry

_COUNT = number_in(NumberRange("Count", 0, 2**31 - 1, integer=True))
_ENTRY_ID = number_in(NumberRange("Entry id", 1, 2**63 - 1, integer=True))  # SQLite's INTEGER range


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("history", help="browse and export past generations")
    actions = parser.add_subparsers(dest="history_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list generations, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.add_argument("--limit", type=_COUNT, default=50, help="how many (default 50)")
    listing.add_argument("--offset", type=_COUNT, default=0, help="skip this many newest entries")
    listing.add_argument("--style", help="only generations that used this style")
    listing.add_argument("--family", choices=("sd15", "sdxl"))
    listing.add_argument("--favourites", action="store_true", help="only favourites")
    listing.add_argument("--search", default="", help="words to find in prompts and notes")
    listing.add_argument("--min-likeness", type=float, metavar="F", help="only results with likeness >= F")
    listing.add_argument("--sort", choices=("newest", "likeness"), default="newest", help="order (default newest)")
    listing.set_defaults(func=_list)

    showing = actions.add_parser("show", help="print one generation's record as JSON")
    showing.add_argument("entry_id", metavar="ID", type=_ENTRY_ID)
    showing.set_defaults(func=_show)

    exporting = actions.add_parser("export", help="save an image as .png, .jpg or .webp with its metadata")
    exporting.add_argument("entry_id", metavar="ID", type=_ENTRY_ID)
    exporting.add_argument("out", metavar="OUT", type=output_file(FORMATS_BY_SUFFIX),
                           help="the file to write (checked before the history is opened)")
    exporting.add_argument("--image", type=_COUNT, default=0, help="which image of the entry (default 0)")
    exporting.set_defaults(func=_export)


def _store(paths: AppPaths):
    from mmpp_desktop.core.history import HistoryStore

    return HistoryStore(paths)


def entry_json(entry: HistoryEntry) -> dict[str, Any]:
    """A history entry as plain JSON (paths as strings, time as ISO 8601)."""
    return {
        "id": entry.id,
        "created": dt.datetime.fromtimestamp(entry.created).astimezone().isoformat(timespec="seconds"),
        "prompt": entry.prompt,
        "family": entry.family,
        "styles": list(entry.styles),
        "favourite": entry.favourite,
        "note": entry.note,
        "images": [str(path) for path in entry.image_paths],
        "thumbnails": [str(path) for path in entry.thumbnail_paths],
        "input": str(entry.input_path) if entry.input_path else None,
        "crop_box": vars(entry.crop_box) if entry.crop_box else None,
        "timings": entry.timings,
        "scores": entry.scores,
        "recipe": entry.recipe,
    }


def _list(args: argparse.Namespace, paths: AppPaths) -> int:
    entries = _store(paths).list(offset=args.offset, limit=args.limit, style=args.style, family=args.family,
                                 favourite=True if args.favourites else None, text=args.search,
                                 min_likeness=args.min_likeness, order=args.sort)
    if args.json:
        print(json.dumps([{key: value for key, value in entry_json(entry).items() if key != "recipe"}
                          for entry in entries], indent=2, ensure_ascii=False))
        return 0
    if not entries:
        print("no generations found")
    for entry in entries:
        when = dt.datetime.fromtimestamp(entry.created).strftime("%Y-%m-%d %H:%M")
        star = "*" if entry.favourite else " "
        styles = ", ".join(entry.styles) or "-"
        prompt = entry.prompt if len(entry.prompt) <= 60 else entry.prompt[:57] + "..."
        print(f"{entry.id:>6} {star} {when}  {entry.family or 'classic':<7} {len(entry.image_paths)} img  "
              f"[{styles}]  {prompt}")
    return 0


def _show(args: argparse.Namespace, paths: AppPaths) -> int:
    print(json.dumps(entry_json(_store(paths).get(args.entry_id)), indent=2, ensure_ascii=False))
    return 0


def _export(args: argparse.Namespace, paths: AppPaths) -> int:
    out = _store(paths).export(args.entry_id, args.out, image_index=args.image)
    print(f"exported entry {args.entry_id} to {out}")
    return 0
