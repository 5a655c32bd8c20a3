"""`mmpp-desktop live`: live mode headless, with a video file as the camera.

A reader thread delivers the video's first N frames in real time (at the file's own frame
rate); the stylizer takes the newest frame whenever it is free, so slow hardware drops frames
instead of falling behind. Prints the run's figures as JSON; `--out-dir` keeps the frames.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.types import GenerationRequest

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    from mmpp_desktop.core.engine.live import LIVE_SCHEDULERS, MAX_LIVE_STEPS, LiveOptions

    defaults = LiveOptions()
    parser = subparsers.add_parser(
        "live", help="stylize a video in real time as live mode does with the camera",
        description="Run live mode headless over a video file standing in for the camera: frames arrive at "
                    "the video's own frame rate, the newest wins, frames that arrive while busy are dropped.",
    )
    parser.add_argument("--video", required=True, help="the video file used as the camera")
    parser.add_argument("--model", required=True, help="base model: diffusers folder, .safetensors file or cached repo id")
    parser.add_argument("--style", action="append", default=[], metavar="S[:W]",
                        help="a style from the library or a LoRA file, optionally with a weight; repeatable")
    parser.add_argument("--scheduler", choices=LIVE_SCHEDULERS, default="lcm")
    parser.add_argument("--steps", type=int, default=2, help=f"sampler steps, 1 to {MAX_LIVE_STEPS}; img2img runs steps x strength of them "
                                                        "(at least one)")
    parser.add_argument("--size", type=int, default=512, help="output size in pixels (square)")
    parser.add_argument("--frames", type=int, help="use only the video's first N frames (default: all)")
    parser.add_argument("--out-dir", help="write each stylized frame here as a PNG")
    parser.add_argument("--json", action="store_true", help="print the run's figures as one JSON object")
    parser.add_argument("--prompt", default="")
    parser.add_argument("--strength", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    parser.add_argument("--similarity", type=float, default=defaults.similarity_threshold,
                        help="skip a frame whose difference to the last processed one is below this (0 = off)")
    parser.add_argument("--no-face-tracking", action="store_true", help="use the centre square, find no faces")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.cli.generate_cmd import apply_styles
    from mmpp_desktop.cli.render import open_service
    from mmpp_desktop.core.engine.live import LiveFrame, LiveOptions, LiveStylizer
    from mmpp_desktop.core.live import FrameSlot, feed_video, run_live, video_frame_rate

    if args.frames is not None and args.frames < 1:
        raise InvalidInputError("--frames must be at least 1.")
    video = Path(args.video)
    video_frame_rate(video)  # refuse a missing or unreadable video before loading any model
    out_dir = Path(args.out_dir) if args.out_dir else None
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InvalidInputError(f"The output folder {out_dir} cannot be created ({error.strerror}).") from error
    service = open_service(paths)
    request = apply_styles(GenerationRequest(
        input_image="", model=args.model, prompt=args.prompt, scheduler=args.scheduler, steps=args.steps,
        size=args.size, strength=args.strength, guidance=1.0, seed=args.seed, device=args.device,
    ), args.style, service)
    options = dataclasses.replace(LiveOptions(), similarity_threshold=max(0.0, args.similarity),
                                  track_faces=not args.no_face_tracking)
    # resolve: the LCM/TCD-LoRA from the preferences joins the styles, as for `generate`
    stylizer = LiveStylizer(service.engine, service.resolve(request), options)
    stylizer.warm()  # load the model and encode the prompt before the first frame arrives
    stylizer.prompt_embeddings()

    slot: FrameSlot[tuple[int, Image.Image]] = FrameSlot()
    reader = feed_video(video, slot, args.frames)

    def stylize(item: tuple[int, Image.Image]) -> tuple[int, LiveFrame] | None:
        index, frame = item
        output = stylizer.stylize(frame)
        return None if output is None else (index, output)

    def deliver(item: tuple[int, LiveFrame], _latency: float) -> None:
        index, output = item
        if out_dir is not None:
            output.image.save(out_dir / f"frame-{index:06d}.png")

    try:
        run_live(slot, stylize, deliver)
    finally:
        stylizer.close()
    reader.join()
    report = slot.stats.report()
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['frames_out']} of {report['frames_in']} frames stylized "
              f"({report['frames_skipped_similar']} unchanged, {report['frames_dropped_busy']} dropped while busy), "
              f"{report['fps']:.2f} fps, median latency {report['latency_ms_median']:.0f} ms")
    if out_dir is not None:
        print(f"frames written to {out_dir}", file=sys.stderr)
    return 0
