"""`mmpp-desktop grid`: an X/Y blend grid over style weights or the IP-Adapter scale, as one labelled PNG."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mmpp_desktop.cli.arguments import output_file
from mmpp_desktop.cli.generate_cmd import add_generation_options
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.types import GenerationRequest

if TYPE_CHECKING:
    from mmpp_desktop.core.generation import GenerationService

IP_LABEL = "IP-Adapter scale"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grid", help="render an X/Y grid of style weights or IP-Adapter scales, scored, as one PNG",
        description="Render every combination of two axes (a style's weight, or the IP-Adapter scale), score "
                    "each cell (likeness, structure, CLIP) and write one labelled PNG. Cells and the sheet are "
                    "kept in history as one group.",
    )
    parser.add_argument("--input", required=True, help="the face photo")
    parser.add_argument("--model", required=True, help="base model: diffusers folder, .safetensors file or repo id")
    parser.add_argument("--output", required=True, type=output_file((".png",)), help="the grid PNG to write")
    for axis in ("x", "y"):
        choice = parser.add_mutually_exclusive_group(required=True)
        choice.add_argument(f"--{axis}", metavar="STYLE",
                            help=f"the {axis} axis is this style's weight (a library style or a LoRA file, as "
                                 "--style takes it)")
        choice.add_argument(f"--{axis}-ip", action="store_true", help=f"the {axis} axis is the IP-Adapter scale")
        parser.add_argument(f"--{axis}-values", required=True, metavar="V1,V2,...",
                            help=f"the {axis} axis values, comma-separated")
    add_generation_options(parser)
    parser.add_argument("--json", action="store_true", help="print every cell's scores and image as JSON")
    parser.set_defaults(func=run)


def _request_builder(args: argparse.Namespace, service: GenerationService
                     ) -> tuple[Callable[[float, float], GenerationRequest], str, str]:
    """(x, y) → the cell's request, composed as `generate` would with the axis values put in."""
    from mmpp_desktop.cli.render import prepared_request
    from mmpp_desktop.core.grid import with_ip_scale
    from mmpp_desktop.core.styles import parse_style_spec

    if args.classic:
        raise InvalidInputError("The grid varies model settings; drop --classic (balance sweeps a classic filter).")
    if args.x_ip and args.y_ip:
        raise InvalidInputError("Only one axis can be the IP-Adapter scale.")
    if args.x and args.y and args.x.lower() == args.y.lower():
        raise InvalidInputError("--x and --y name the same style; choose two styles.")
    axis_styles = [style.lower() for style in (args.x, args.y) if style]
    others = [spec for spec in args.style if parse_style_spec(spec)[0].lower() not in axis_styles]

    def request_at(x: float, y: float) -> GenerationRequest:
        specs = list(others)
        specs += [f"{args.x}:{x}"] if args.x else []
        specs += [f"{args.y}:{y}"] if args.y else []
        request = prepared_request(argparse.Namespace(**{**vars(args), "style": specs}), service)
        if args.x_ip:
            request = with_ip_scale(request, x)
        if args.y_ip:
            request = with_ip_scale(request, y)
        return request

    def label(style: str | None) -> str:
        if style is None:
            return IP_LABEL
        return Path(style).stem if style.lower().endswith(".safetensors") else style

    return request_at, label(args.x), label(args.y)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.cli.balance_cmd import scores_json
    from mmpp_desktop.cli.render import open_service, report_progress
    from mmpp_desktop.core.balance import HistoryRenderer
    from mmpp_desktop.core.grid import GridAxis, GridCell, draw_grid, grid_result, parse_values, run_grid
    from mmpp_desktop.core.metadata import save_image_with_metadata

    output: Path = args.output
    x_values, y_values = parse_values(args.x_values, "--x-values"), parse_values(args.y_values, "--y-values")
    service = open_service(paths)
    request_at, x_label, y_label = _request_builder(args, service)
    x_axis, y_axis = GridAxis(x_label, x_values), GridAxis(y_label, y_values)
    renderer = HistoryRenderer(service, progress=report_progress)
    cells_dir = output.with_name(f"{output.stem}-cells")
    cells_dir.mkdir(parents=True, exist_ok=True)
    images: dict[tuple[int, int], Path] = {}

    def keep(cell: GridCell) -> None:
        image = images[cell.column, cell.row] = (cells_dir / f"x{cell.column}-y{cell.row}.png").resolve()
        save_image_with_metadata(cell.rendered.result.images[0], image, cell.rendered.result.recipe)
        print(f"{x_label} {cell.x:g} × {y_label} {cell.y:g}: likeness {cell.rendered.scores.likeness}",
              file=sys.stderr)

    grid_id, cells = run_grid(request_at, x_axis, y_axis, renderer, on_cell=keep)
    sheet = draw_grid(cells, x_axis, y_axis)
    recorded = grid_result(cells[0].rendered.request, sheet, grid_id, x_axis, y_axis, cells)
    entry_id = service.record(recorded)
    save_image_with_metadata(sheet, output, recorded.recipe)
    print(f"recorded in history as #{entry_id} (grid {grid_id})", file=sys.stderr)
    if args.json:
        print(json.dumps({"cells": [
            {"x": cell.x, "y": cell.y, **scores_json(cell.rendered.scores), "image": str(images[cell.column, cell.row])}
            for cell in cells]}))
    else:
        print(output)
    return 0
