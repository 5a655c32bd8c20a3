"""What the generating commands share: the request from the generate options, and a renderer
that generates, scores and records each image in history."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mmpp_desktop.core.balance import HistoryRenderer
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import GenerationRequest, Progress


def prepared_request(args: argparse.Namespace, paths: AppPaths) -> GenerationRequest:
    """The request `generate` would build from the same options (styles and style starts resolved)."""
    from mmpp_desktop.cli.generate_cmd import (
        _quiet_libraries,
        apply_style_starts,
        apply_styles,
        build_request,
    )

    request = apply_style_starts(apply_styles(build_request(args), args.style, paths), args.style_start)
    if not request.classic:
        _quiet_libraries()
    return request


def open_renderer(args: argparse.Namespace, paths: AppPaths) -> tuple[HistoryRenderer, Settings]:
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.history import HistoryStore
    from mmpp_desktop.core.settings import SettingsStore

    settings = SettingsStore(paths.settings_file).load()
    engine = Engine(settings, cache_dir=paths.cache_dir, device=args.device)

    def report(progress: Progress) -> None:
        print(f"step {progress.step}/{progress.total} ({progress.elapsed:.1f}s)", file=sys.stderr)

    return HistoryRenderer(engine, HistoryStore(paths), progress=report), settings


def run_best_of(args: argparse.Namespace, paths: AppPaths, request: GenerationRequest, output: Path) -> int:
    """`generate --count N --rank-by R`: N seeds, best first; the best goes to `output`, the rest
    beside it as NAME-2.png, NAME-3.png, … in rank order. Every image is kept in history."""
    from mmpp_desktop.core.balance import best_of
    from mmpp_desktop.core.metadata import save_image_with_metadata

    renderer, settings = open_renderer(args, paths)
    try:
        ranked = best_of(request, args.count, args.rank_by, renderer)
    finally:
        renderer.history.trim_to(settings.history_limit)
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
