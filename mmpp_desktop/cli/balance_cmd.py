"""`mmpp-desktop balance`: sweep the style strength and pick the strongest that keeps the person."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mmpp_desktop.cli.generate_cmd import add_generation_options
from mmpp_desktop.core.balance import DEFAULT_MIN_LIKENESS, DEFAULT_POINTS
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.paths import AppPaths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "balance", help="find the strongest style that still looks like the person",
        description="Render a sweep along one style-strength axis (style weights and denoising up, ControlNet "
                    "down; with --classic, the filter's intensity), score each point's likeness and choose the "
                    "largest strength whose likeness stays at or above --min-likeness. Every point is kept in "
                    "history as one sweep.",
    )
    parser.add_argument("--input", required=True, help="the face photo")
    parser.add_argument("--model", help="base model: diffusers folder, .safetensors file or cached repo id")
    add_generation_options(parser)
    parser.add_argument("--min-likeness", type=float, default=DEFAULT_MIN_LIKENESS,
                        help="the likeness a point must keep (default: the face model's same-person line, 0.5)")
    parser.add_argument("--points", type=int, default=DEFAULT_POINTS,
                        help="how many points to render at most (coarse pass, then bisection)")
    parser.add_argument("--out-dir", required=True, help="folder for the sweep's PNGs")
    parser.add_argument("--json", action="store_true", help="print the points and the choice as JSON")
    parser.set_defaults(func=run)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def scores_json(scores: Any) -> dict[str, Any]:
    """The four figures as JSON values (null where nothing was measured)."""
    return {"likeness": _number(scores.likeness),
            "same_person": None if scores.same_person is None else bool(scores.same_person),
            "structure": _number(scores.structure), "clip": _number(scores.clip)}


def point_json(strength: float, scores: Any, image: Path) -> dict[str, Any]:
    return {"strength": strength, **scores_json(scores), "image": str(image)}


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.cli.render import open_service, prepared_request, report_progress
    from mmpp_desktop.core.balance import HistoryRenderer, SweepPoint, fast_request, find_balance
    from mmpp_desktop.core.metadata import save_image_with_metadata

    if not 2 <= args.points <= 33:
        raise InvalidInputError("--points must be between 2 and 33.")
    out_dir = Path(args.out_dir)
    service = open_service(paths)
    request = prepared_request(args, service)
    renderer = HistoryRenderer(service, progress=report_progress)
    family = "sd15" if request.classic else service.engine.detect_family(request.model)
    out_dir.mkdir(parents=True, exist_ok=True)
    images: dict[float, Path] = {}

    def keep(point: SweepPoint) -> None:
        """Write each point as it comes, so a cancelled sweep leaves what it rendered."""
        image = images[point.strength] = (out_dir / f"balance-s{point.strength:.4f}.png").resolve()
        save_image_with_metadata(point.rendered.result.images[0], image, point.rendered.result.recipe)
        print(f"strength {point.strength:g}: likeness {point.likeness:.3f}", file=sys.stderr)

    outcome = find_balance(request, renderer, threshold=args.min_likeness, points=args.points,
                           fast=lambda base: fast_request(base, family, service.settings), on_point=keep)
    points = [point_json(point.strength, point.rendered.scores, images[point.strength]) for point in outcome.points]
    print(outcome.message, file=sys.stderr)
    if args.json:
        print(json.dumps({"points": points, "chosen": outcome.chosen}))
    else:
        for index, point in enumerate(points):
            mark = "  <- chosen" if index == outcome.chosen else ""
            print(f"{point['strength']:.4f}  likeness {point['likeness']:.3f}  {point['image']}{mark}")
    return 0
