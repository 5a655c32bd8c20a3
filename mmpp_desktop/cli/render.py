"""What the generating commands share: the request from the generate options, and a renderer
that generates, scores and records each image through the generation service."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mmpp_desktop.core.balance import HistoryRenderer
from mmpp_desktop.core.generation import GenerationService
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.types import GenerationRequest, Progress


def open_service(paths: AppPaths) -> GenerationService:
    from mmpp_desktop.core.settings import SettingsStore

    return GenerationService(paths, SettingsStore(paths.settings_file).load())


def prepared_request(args: argparse.Namespace, service: GenerationService) -> GenerationRequest:
    """The request `generate` builds from the same options: preset steps and guidance where
    not given, library styles composed, style starts applied."""
    from mmpp_desktop.cli.generate_cmd import apply_style_starts, apply_styles, build_request
    from mmpp_desktop.core.presets import sampling_values

    args.steps, args.guidance = sampling_values(args.scheduler, args.steps, args.guidance)
    return apply_style_starts(apply_styles(build_request(args), args.style, service), args.style_start)


def report_progress(progress: Progress) -> None:
    print(f"step {progress.step}/{progress.total} ({progress.elapsed:.1f}s)", file=sys.stderr)


def run_best_of(args: argparse.Namespace, service: GenerationService, request: GenerationRequest,
                output: Path) -> int:
    """`generate --count N --rank-by R`: N seeds, best first; the best goes to `output`, the rest
    beside it as NAME-2.png, NAME-3.png, … in rank order. Every image is kept in history."""
    from mmpp_desktop.core.balance import best_of
    from mmpp_desktop.core.metadata import save_image_with_metadata

    ranked = best_of(request, args.count, args.rank_by, HistoryRenderer(service, progress=report_progress))
    if args.rank_by != "likeness" and all(item.scores.clip is None for item in ranked):
        print("note: no CLIP model is available to rank by, so the images stay in seed order.", file=sys.stderr)
    for rank, item in enumerate(ranked, start=1):
        target = output if rank == 1 else output.with_name(f"{output.stem}-{rank}{output.suffix}")
        save_image_with_metadata(item.result.images[0], target, item.result.recipe)
        scores = item.scores
        print(f"#{rank} seed {item.request.seed}: likeness {scores.likeness}, clip {scores.clip} "
              f"(history #{item.entry_id})", file=sys.stderr)
        print(target)
    return 0
