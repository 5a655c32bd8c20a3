"""`mmpp-desktop generate`: one stylized portrait from the command line, headless.

Bad input (unreadable image, missing or malformed model, wrong-family LoRA, pickle file)
raises a `UserFacingError`, which `cli.main` turns into one `error:` line and exit code 2.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.types import (
    CLASSIC_STYLES,
    IP_ADAPTER_MODES,
    SCHEDULERS,
    ControlNetSettings,
    GenerationRequest,
    IPAdapterSettings,
    Progress,
    StyleLora,
)

log = logging.getLogger(__name__)

_WEIGHT_SUFFIX = re.compile(r"^(?P<name>.+):(?P<weight>[-+]?(\d+(\.\d*)?|\.\d+))$")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate", help="stylize a face photo and write a PNG with its recipe",
        description="Stylize a face photo with a local Stable Diffusion model (or a classic filter) "
                    "and write a PNG with A1111 'parameters' and the full recipe as metadata.",
    )
    parser.add_argument("--model", help="base model: diffusers folder, .safetensors file or cached repo id")
    parser.add_argument("--input", required=True, help="the face photo")
    parser.add_argument("--output", required=True, help="the PNG to write")
    parser.add_argument("--style", action="append", default=[], metavar="LORA[:WEIGHT]",
                        help="a LoRA file, optionally with a weight (path.safetensors:0.8); repeatable")
    parser.add_argument("--prompt", default="")
    parser.add_argument("--negative", default="")
    parser.add_argument("--controlnet", help="ControlNet Canny model: diffusers folder or .safetensors file")
    parser.add_argument("--control-scale", type=float, default=0.8)
    parser.add_argument("--ip-adapter", help="IP-Adapter folder (models/ip-adapter_*.safetensors + image_encoder)")
    parser.add_argument("--ip-image", help="the IP-Adapter reference image")
    parser.add_argument("--ip-scale", type=float, default=0.6)
    parser.add_argument("--ip-mode", choices=IP_ADAPTER_MODES, default="full")
    parser.add_argument("--scheduler", choices=SCHEDULERS, default="dpmpp")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--strength", type=float, default=0.6)
    parser.add_argument("--guidance", type=float, default=6.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    parser.add_argument("--classic", choices=CLASSIC_STYLES, help="a classic OpenCV filter; needs no model")
    parser.add_argument("--whole-image", action="store_true", help="use the whole image when no face is found")
    parser.set_defaults(func=run)


def parse_style(text: str) -> StyleLora:
    """`path.safetensors:0.8` → the LoRA at weight 0.8 (a Windows drive colon is not a weight)."""
    match = _WEIGHT_SUFFIX.match(text)
    if match:
        return StyleLora(path=match["name"], weight=float(match["weight"]), name=Path(match["name"]).stem)
    return StyleLora(path=text, weight=1.0, name=Path(text).stem)


def build_request(args: argparse.Namespace) -> GenerationRequest:
    if not args.classic and not args.model:
        raise InvalidInputError("--model is required (or choose a --classic filter).")
    if args.ip_adapter and not args.ip_image:
        raise InvalidInputError("--ip-adapter needs a reference image: add --ip-image.")
    controlnet = ControlNetSettings(model=args.controlnet, conditioning_scale=args.control_scale) \
        if args.controlnet else None
    ip_adapter = IPAdapterSettings(model=args.ip_adapter, image=args.ip_image, scale=args.ip_scale,
                                   mode=args.ip_mode) if args.ip_adapter else None
    return GenerationRequest(
        input_image=args.input, model=args.model or "", prompt=args.prompt, negative_prompt=args.negative,
        styles=tuple(parse_style(style) for style in args.style), use_whole_image=args.whole_image,
        controlnet=controlnet, ip_adapter=ip_adapter, strength=args.strength, steps=args.steps,
        guidance=args.guidance, scheduler=args.scheduler, seed=args.seed, size=args.size, device=args.device,
        classic=args.classic,
    )


def _quiet_libraries() -> None:
    """diffusers/transformers log loading chatter and progress bars; stderr is for our lines."""
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    diffusers_logging.set_verbosity_error()
    diffusers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.metadata import save_image_with_metadata
    from mmpp_desktop.core.settings import SettingsStore

    request = build_request(args)
    if not args.classic:
        _quiet_libraries()
    output = Path(args.output)
    if output.suffix.lower() != ".png":
        raise InvalidInputError("--output must be a .png file (the recipe is stored in PNG text chunks).")
    engine = Engine(SettingsStore(paths.settings_file).load(), cache_dir=paths.cache_dir, device=args.device)

    def report(progress: Progress) -> None:
        print(f"step {progress.step}/{progress.total} ({progress.elapsed:.1f}s)", file=sys.stderr)

    result = engine.generate(request, progress=report)
    for message in result.messages:
        print(message, file=sys.stderr)
    save_image_with_metadata(result.images[0], output, result.recipe)
    print(output)
    return 0
