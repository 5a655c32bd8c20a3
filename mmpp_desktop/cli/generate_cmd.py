"""`mmpp-desktop generate`: one stylized portrait from the command line, headless.

Bad input (unreadable image, missing or malformed model, wrong-family LoRA, pickle file)
raises a `UserFacingError`, which `cli.main` turns into one `error:` line and exit code 2.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mmpp_desktop.cli.arguments import output_file, request_number, style_spec, utf8_text
from mmpp_desktop.cli.face_options import add_face_arguments, chosen_face_box
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.presets import SAMPLER_PRESETS
from mmpp_desktop.core.types import (
    CLASSIC_STYLES,
    DEVICES,
    IP_ADAPTER_MODES,
    SCHEDULERS,
    ControlNetSettings,
    GenerationRequest,
    IPAdapterSettings,
    StyleLora,
)

if TYPE_CHECKING:
    from mmpp_desktop.core.generation import GenerationService

log = logging.getLogger(__name__)

RANK_BY = ("likeness", "clip", "both")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate", help="stylize a face photo and write a PNG with its recipe",
        description="Stylize a face photo with a local Stable Diffusion model (or a classic filter) "
                    "and write a PNG with A1111 'parameters' and the full recipe as metadata.",
    )
    parser.add_argument("--model", help="base model: diffusers folder, .safetensors file or cached repo id")
    parser.add_argument("--input", required=True, help="the face photo")
    parser.add_argument("--output", required=True, type=output_file((".png",)),
                        help="the PNG to write (checked before anything loads)")
    add_generation_options(parser)
    parser.add_argument("--count", type=int, default=1,
                        help="best-of-N: generate N images with seeds seed, seed+1, ... and rank them")
    parser.add_argument("--rank-by", choices=RANK_BY, default="likeness",
                        help="the score that ranks --count images (both = likeness × CLIP); the best is written "
                             "to --output, the others beside it")
    parser.set_defaults(func=run)


def add_generation_options(parser: argparse.ArgumentParser) -> None:
    """The options every generating command shares (generate, balance, grid); each adds --input and its own."""
    parser.add_argument("--style", action="append", default=[], type=style_spec,
                        metavar="LORA_FILE_OR_STYLE_NAME[:WEIGHT]",
                        help="a style from the library or a LoRA file, optionally with a weight "
                             "(Watercolor:0.8, path.safetensors:0.8); repeatable")
    parser.add_argument("--prompt", default="", type=utf8_text)
    parser.add_argument("--negative", default="", type=utf8_text)
    parser.add_argument("--controlnet", help="ControlNet Canny model: diffusers folder or .safetensors file")
    parser.add_argument("--control-scale", type=request_number("controlnet.conditioning_scale"), default=0.8)
    parser.add_argument("--ip-adapter", help="IP-Adapter folder (models/ip-adapter_*.safetensors + image_encoder)")
    parser.add_argument("--ip-image", help="the IP-Adapter reference image")
    parser.add_argument("--ip-scale", type=request_number("ip_adapter.scale"), default=0.6)
    parser.add_argument("--ip-mode", choices=IP_ADAPTER_MODES, default="full")
    parser.add_argument("--scheduler", choices=SCHEDULERS, default="dpmpp")
    parser.add_argument("--steps", type=request_number("steps"), default=None,
                        help="default: the scheduler's preset (" + ", ".join(
                            f"{name} {preset.steps}" for name, preset in SAMPLER_PRESETS.items()) + ")")
    parser.add_argument("--strength", type=request_number("strength"), default=0.6)
    parser.add_argument("--guidance", type=request_number("guidance"), default=None,
                        help="default: the scheduler's preset (" + ", ".join(
                            f"{name} {preset.guidance:g}" for name, preset in SAMPLER_PRESETS.items()) + ")")
    parser.add_argument("--seed", type=request_number("seed"), default=0)
    parser.add_argument("--size", type=request_number("size"), default=512)
    parser.add_argument("--device", choices=DEVICES, default="auto")
    parser.add_argument("--classic", choices=CLASSIC_STYLES, help="a classic OpenCV filter; needs no model")
    parser.add_argument("--whole-image", action="store_true", help="use the whole image when no face is found")
    parser.add_argument("--intensity", type=request_number("intensity"), default=1.0,
                        help="with --classic: 0 keeps the photo, 1 is the full filter")
    parser.add_argument("--style-start", action="append", default=[], metavar="STYLE=F",
                        help="switch a --style on only after fraction F (0-1) of the steps; repeatable")
    add_face_arguments(parser)


def _is_lora_file(name: str) -> bool:
    return name.lower().endswith(".safetensors") or Path(name).is_file()


def apply_styles(request: GenerationRequest, specs: list[str], service: GenerationService) -> GenerationRequest:
    """Resolve `--style` values: library styles compose the prompt, LoRA files are used as they are.

    The user's own prompt and blend go into `request.source`, so history can reuse them.
    """
    from mmpp_desktop.core.styles import parse_style_spec

    parsed = [parse_style_spec(spec, default_weight=None) for spec in specs]
    files = tuple(StyleLora(path=name, weight=1.0 if weight is None else weight, name=Path(name).stem)
                  for name, weight in parsed if _is_lora_file(name))
    named = [(name, weight) for name, weight in parsed if not _is_lora_file(name)]
    return service.compose(dataclasses.replace(request, styles=request.styles + files), named)


def apply_style_starts(request: GenerationRequest, specs: list[str]) -> GenerationRequest:
    """Resolve `--style-start STYLE=F`: STYLE as given to `--style` (a library name or a LoRA file)."""
    starts: dict[str, float] = {}
    for spec in specs:
        name, separator, value = spec.rpartition("=")
        try:
            start = float(value) if separator and name.strip() else -1.0
        except ValueError:
            start = -1.0
        if not 0.0 <= start <= 1.0:
            raise InvalidInputError(f"--style-start {spec!r} must be STYLE=F with F between 0 and 1.")
        starts[name.strip().lower()] = start
    if not starts:
        return request
    styles = tuple(dataclasses.replace(style, start=starts.get(style.name.lower(), starts.get(style.path.lower(), 0.0)))
                   for style in request.styles)
    matched = {key for key in starts if any(key in (style.name.lower(), style.path.lower()) for style in request.styles)}
    missing = sorted(set(starts) - matched)
    if missing:
        raise InvalidInputError(f"--style-start names {missing[0]!r}, which is not a style with a LoRA given "
                                "with --style.")
    source = request.source
    if source is not None:
        named = {name.lower(): name for name, _ in source.styles}
        source = dataclasses.replace(source, starts=tuple((named[key], start) for key, start in starts.items()
                                                          if key in named))
    return dataclasses.replace(request, styles=styles, source=source)


def build_request(args: argparse.Namespace) -> GenerationRequest:
    """The request from parsed options; it validates itself before any model path is looked at."""
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
        use_whole_image=args.whole_image, face_box=chosen_face_box(args, args.input),
        controlnet=controlnet, ip_adapter=ip_adapter, strength=args.strength, steps=args.steps,
        guidance=args.guidance, scheduler=args.scheduler, seed=args.seed, size=args.size, device=args.device,
        classic=args.classic, intensity=args.intensity,
    )


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.cli.render import open_service, prepared_request, report_progress, run_best_of
    from mmpp_desktop.core.metadata import save_image_with_metadata

    service = open_service(paths)
    request = prepared_request(args, service)  # steps and guidance not given come from the sampler preset
    output = args.output  # a .png Path, checked as the options were parsed
    if args.count != 1 or args.rank_by != "likeness":
        return run_best_of(args, service, request, output)
    result = service.generate(request, progress=report_progress)
    for message in result.messages:
        print(message, file=sys.stderr)
    save_image_with_metadata(result.images[0], output, result.recipe)
    entry_id = service.record(result)
    print(output)
    print(f"recorded in history as #{entry_id}", file=sys.stderr)
    return 0
