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

from mmpp_desktop.cli.arguments import output_file, request_number, style_spec, utf8_text
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.types import (
    CLASSIC_STYLES,
    DEVICES,
    IP_ADAPTER_MODES,
    SCHEDULERS,
    ControlNetSettings,
    GenerationRequest,
    IPAdapterSettings,
    Progress,
    PromptSource,
    StyleLora,
)

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
    parser.add_argument("--steps", type=request_number("steps"), default=20)
    parser.add_argument("--strength", type=request_number("strength"), default=0.6)
    parser.add_argument("--guidance", type=request_number("guidance"), default=6.0)
    parser.add_argument("--seed", type=request_number("seed"), default=0)
    parser.add_argument("--size", type=request_number("size"), default=512)
    parser.add_argument("--device", choices=DEVICES, default="auto")
    parser.add_argument("--classic", choices=CLASSIC_STYLES, help="a classic OpenCV filter; needs no model")
    parser.add_argument("--whole-image", action="store_true", help="use the whole image when no face is found")
    parser.set_defaults(func=run)


def _is_lora_file(name: str) -> bool:
    return name.lower().endswith(".safetensors") or Path(name).is_file()


def apply_styles(request: GenerationRequest, specs: list[str], paths: AppPaths) -> GenerationRequest:
    """Resolve `--style` values: library styles compose the prompt, LoRA files are used as they are.

    The user's own prompt and blend go into `request.source`, so history can reuse them.
    """
    from mmpp_desktop.core.styles import StyleLibrary, compose_prompt, parse_style_spec

    parsed = [parse_style_spec(spec, default_weight=None) for spec in specs]
    files = tuple(StyleLora(path=name, weight=1.0 if weight is None else weight, name=Path(name).stem)
                  for name, weight in parsed if _is_lora_file(name))
    named = [(name, weight) for name, weight in parsed if not _is_lora_file(name)]
    prompt, negative, library_loras = request.prompt, request.negative_prompt, ()
    if named:
        library = StyleLibrary(paths)
        styles = [(library.get(name), weight) for name, weight in named]
        chosen = [(style, style.default_weight if weight is None else weight) for style, weight in styles]
        prompt, negative, library_loras = compose_prompt(chosen, request.prompt, request.negative_prompt)
        named = [(style.name, weight) for style, weight in chosen]
    source = PromptSource(prompt=request.prompt, negative_prompt=request.negative_prompt, styles=tuple(named))
    return dataclasses.replace(request, prompt=prompt, negative_prompt=negative,
                               styles=library_loras + files, source=source)


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
        use_whole_image=args.whole_image,
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
    from mmpp_desktop.core.history import HistoryStore
    from mmpp_desktop.core.metadata import save_image_with_metadata
    from mmpp_desktop.core.settings import SettingsStore

    settings = SettingsStore(paths.settings_file).load()
    request = apply_styles(build_request(args), args.style, paths)
    if not args.classic:
        _quiet_libraries()
    output = Path(args.output)
    if output.suffix.lower() != ".png":
        raise InvalidInputError("--output must be a .png file (the recipe is stored in PNG text chunks).")
    engine = Engine(settings, cache_dir=paths.cache_dir, device=args.device)

    def report(progress: Progress) -> None:
        print(f"step {progress.step}/{progress.total} ({progress.elapsed:.1f}s)", file=sys.stderr)

    result = engine.generate(request, progress=report)
    for message in result.messages:
        print(message, file=sys.stderr)
    save_image_with_metadata(result.images[0], output, result.recipe)
    history = HistoryStore(paths)
    entry_id = history.record(result)
    history.trim_to(settings.history_limit)
    print(output)
    print(f"recorded in history as #{entry_id}", file=sys.stderr)
    return 0
