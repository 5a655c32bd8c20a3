"""`mmpp-desktop train`: train a LoRA style from a folder of images and add it to the library.

A bad dataset, model, name or checkpoint raises a `UserFacingError`, which `cli.main` turns
into one `error:` line and exit code 2. Dataset findings that do not block training are
printed as warnings (and listed under "warnings" with --json). Ctrl+C pauses with a
checkpoint (exit 1); the same command with --resume continues.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys

from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.training.settings import (
    DEFAULT_CHECKPOINT_EVERY,
    DEFAULT_LEARNING_RATE,
    DEFAULT_RANK,
    DEFAULT_STEPS,
    DEFAULT_VALIDATION_STEPS,
    TrainingPaused,
    TrainingProgress,
    TrainingSettings,
)
from mmpp_desktop.core.types import CancelToken


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train", help="train a LoRA style from your own images and add it to the library",
        description="Train a LoRA (kohya layout, usable in A1111 and ComfyUI too) from 5-30 images of a style, "
                    "then import it into the style library with its trigger word.",
    )
    parser.add_argument("--model", required=True, help="base model: diffusers folder, .safetensors file or cached "
                                                       "repo id (SD 1.5 or SDXL)")
    parser.add_argument("--images", required=True, action="append", metavar="DIR_OR_FILE",
                        help="a folder of images (NAME.txt beside an image adds its caption), or image files; "
                             "repeatable")
    parser.add_argument("--name", required=True, help="the new style's name")
    parser.add_argument("--trigger", required=True, help="the trigger word that calls up the style in prompts")
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS)
    parser.add_argument("--rank", type=int, default=DEFAULT_RANK)
    parser.add_argument("--alpha", type=float, help="LoRA alpha (default: the rank)")
    parser.add_argument("--lr", type=float, default=DEFAULT_LEARNING_RATE, help="learning rate")
    parser.add_argument("--size", type=int, help="training size in px (default: 512 for SD 1.5, 1024 for SDXL)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--family", choices=("sd15", "sdxl"), help="refuse a base model of another family")
    parser.add_argument("--train-text-encoder", action="store_true", help="also train LoRA on the text encoder(s)")
    parser.add_argument("--checkpoint-every", type=int, default=DEFAULT_CHECKPOINT_EVERY, metavar="N")
    parser.add_argument("--validation-steps", type=int, default=DEFAULT_VALIDATION_STEPS, metavar="N",
                        help="denoising steps of the validation image")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda", "mps"), default="auto")
    parser.add_argument("--resume", action="store_true", help="continue the run of this name from its checkpoint")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def settings_from_args(args: argparse.Namespace) -> TrainingSettings:
    return TrainingSettings(
        model=args.model, images=tuple(args.images), name=args.name, trigger=args.trigger, steps=args.steps,
        rank=args.rank, alpha=args.alpha, learning_rate=args.lr, size=args.size, seed=args.seed,
        family=args.family, train_text_encoder=args.train_text_encoder, checkpoint_every=args.checkpoint_every,
        validation_steps=args.validation_steps, device=args.device,
    )


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.core.styles import StyleLibrary
    from mmpp_desktop.core.training import prepare_run, train_style

    library = StyleLibrary(paths)
    prepared = prepare_run(settings_from_args(args), library, paths.data_dir)
    for warning in prepared.report.warnings:
        print(f"warning: {warning}", file=sys.stderr)

    def report(progress: TrainingProgress) -> None:
        if progress.phase != "training":
            print(f"{progress.phase} ({progress.step}/{progress.total})", file=sys.stderr)
        elif progress.step == progress.total or progress.step % 10 == 0:
            print(f"step {progress.step}/{progress.total} loss {progress.loss:.4f} "
                  f"eta {progress.eta or 0:.0f}s", file=sys.stderr)

    token = CancelToken()
    previous = signal.signal(signal.SIGINT, lambda _signum, _frame: token.cancel())  # Ctrl+C pauses
    try:
        trained = train_style(prepared, library, resume=args.resume, progress=report, cancel=token)
    except TrainingPaused as paused:
        print(f"paused at step {paused.step} with a checkpoint; run the same command with --resume to continue",
              file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, previous)
    outcome = trained.outcome
    result = {"style": trained.style.name, "lora": outcome.lora_file, "steps": outcome.steps,
              "loss_first": outcome.loss_first, "loss_last": outcome.loss_last,
              "seconds": round(outcome.seconds, 3), "warnings": list(trained.warnings),
              "family": outcome.family, "resumed_from": outcome.resumed_from,
              "validation_likeness": outcome.validation_likeness,
              "library_lora": str(trained.style.loras[0].file)}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(f"trained style {trained.style.name!r} ({outcome.family}, {outcome.steps} steps, loss "
              f"{outcome.loss_first:.4f} -> {outcome.loss_last:.4f}); trigger word: {args.trigger}")
    return 0
