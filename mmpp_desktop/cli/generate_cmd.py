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
from mmpp_desktop.core.presets import SAMPLER_PRESETS, sampling_values
from mmpp_desktop.core.types import (
    CLASSIC_STYLES,
    DEVICES,
    IP_ADAPTER_MODES,
    SCHEDULERS,
    ControlNetSettings,
    GenerationRequest,
    IPAdapterSettings,
    Progress,
    StyleLora,
)

if TYPE_CHECKING:
    from mmpp_desktop.core.generation import GenerationService

log = logging.getLogger(__name__)


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
    add_face_arguments(parser)
    parser.set_defaults(func=run)


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
        classic=args.classic,
    )


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.core.generation import GenerationService
    from mmpp_desktop.core.metadata import save_image_with_metadata
    from mmpp_desktop.core.settings import SettingsStore

    service = GenerationService(paths, SettingsStore(paths.settings_file).load())
    # Steps and guidance the user did not give come from the scheduler's preset; the recipe
    # then records the values that ran.
    args.steps, args.guidance = sampling_values(args.scheduler, args.steps, args.guidance)
    request = apply_styles(build_request(args), args.style, service)
    output = args.output  # a .png Path, checked as the options were parsed

    def report(progress: Progress) -> None:
        print(f"step {progress.step}/{progress.total} ({progress.elapsed:.1f}s)", file=sys.stderr)

    result = service.generate(request, progress=report)
    for message in result.messages:
        print(message, file=sys.stderr)
    save_image_with_metadata(result.images[0], output, result.recipe)
    entry_id = service.record(result)
    print(output)
    print(f"recorded in history as #{entry_id}", file=sys.stderr)
    return 0
