"""`mmpp-desktop styles`: list, import (LoRA or pack), export, remove and restore styles."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mmpp_desktop.core.paths import AppPaths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("styles", help="manage the style library (LoRA and prompt styles)")
    actions = parser.add_subparsers(dest="styles_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list styles")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.add_argument("--family", choices=("sd15", "sdxl"), help="only styles usable with this family")
    listing.set_defaults(func=_list)

    importing = actions.add_parser("import", help="import a .safetensors LoRA or a style pack .zip")
    importing.add_argument("file", metavar="FILE", type=Path)
    importing.add_argument("--name", help="style name (LoRA only; default from the file's metadata)")
    importing.add_argument("--in-place", action="store_true",
                           help="reference the LoRA where it is instead of copying it into the library")
    importing.set_defaults(func=_import)

    exporting = actions.add_parser("export", help="export a style as a pack .zip")
    exporting.add_argument("name", metavar="NAME")
    exporting.add_argument("out", metavar="OUT.zip", type=Path)
    exporting.set_defaults(func=_export)

    removing = actions.add_parser("remove", help="move a style to the trash")
    removing.add_argument("name", metavar="NAME")
    removing.set_defaults(func=_remove)

    restoring = actions.add_parser("restore", help="bring a style back from the trash")
    restoring.add_argument("name", metavar="NAME")
    restoring.set_defaults(func=_restore)


def _library(paths: AppPaths):
    from mmpp_desktop.core.styles import StyleLibrary

    return StyleLibrary(paths)


def _list(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.core.styles import style_summary

    styles = _library(paths).list(family=args.family)
    if args.json:
        print(json.dumps([style_summary(style) for style in styles], indent=2, ensure_ascii=False))
        return 0
    width = max((len(style.name) for style in styles), default=4)
    for style in styles:
        kind = "built-in" if style.builtin else f"{len(style.loras)} LoRA" if style.loras else "prompt"
        triggers = ", ".join(style.trigger_words)
        print(f"{style.name:<{width}}  {style.family:<4}  {kind:<8}  {triggers}".rstrip())
    return 0


def _import(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.core.errors import InvalidInputError

    library = _library(paths)
    if args.file.suffix.lower() == ".zip":
        if args.name or args.in_place:
            raise InvalidInputError("--name and --in-place apply to LoRA files, not to style packs.")
        styles = library.import_pack(args.file)
    else:
        styles = [library.import_lora(args.file, name=args.name, copy=not args.in_place)]
    for style in styles:
        triggers = f"; trigger words: {', '.join(style.trigger_words)}" if style.trigger_words else ""
        print(f"imported style {style.name!r} ({style.family}, {len(style.loras)} LoRA){triggers}")
    return 0


def _export(args: argparse.Namespace, paths: AppPaths) -> int:
    out = _library(paths).export_pack(args.name, args.out)
    print(f"exported {args.name!r} to {out}")
    return 0


def _remove(args: argparse.Namespace, paths: AppPaths) -> int:
    _library(paths).delete(args.name)
    print(f"moved {args.name!r} to the trash (restore with: styles restore {args.name!r})")
    return 0


def _restore(args: argparse.Namespace, paths: AppPaths) -> int:
    style = _library(paths).restore(args.name)
    print(f"restored {style.name!r}")
    return 0
