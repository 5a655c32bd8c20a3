"""GPU section: images per second, SD 1.5 at 512 px, 4-step LCM + ControlNet Canny, eager vs compiled.

SD 1.5-size models with random weights are built straight on the GPU in fp16 (nothing is
written to disk, nothing downloaded); a random LoRA stands in for the LCM-LoRA and is folded
into the weights the way the app's compiled mode does it (`core/engine/compiled.py`), so
eager and compiled run the same weights. Meant to finish in under 5 minutes on one GPU.

The live section runs the app's own live path on an SD 1.5-size random-weight model folder
(written once by fullkit) with a random taesd: 256 and 512 px, 1 and 2 steps, eager and compiled.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = 512
STEPS = 4
WARMUP = 2
IMAGES = 12


def _pipeline(device: str, dtype: Any) -> Any:
    import torch
    from diffusers import LCMScheduler, StableDiffusionControlNetPipeline

    sys.path.insert(0, str(HERE))
    from fullkit import sd15_config, sd15_models

    from mmpp_desktop.core.engine.tokenizer import clip_tokenizer

    torch.manual_seed(0)
    models = {name: model.to(device, dtype) for name, model in sd15_models(smoke=False).items()}
    scheduler = LCMScheduler.from_config(sd15_config("scheduler", "scheduler_config.json"))
    pipe = StableDiffusionControlNetPipeline(**models, tokenizer=clip_tokenizer(), scheduler=scheduler,
                                             safety_checker=None, feature_extractor=None,
                                             requires_safety_checker=False)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def _canny(photo: Path) -> Any:
    import cv2
    import numpy as np
    from PIL import Image

    with Image.open(photo) as image:
        gray = np.asarray(image.convert("L").resize((SIZE, SIZE)))
    edges = cv2.Canny(gray, 100, 200)
    return Image.fromarray(np.stack([edges] * 3, axis=-1))


def _images_per_second(pipe: Any, control: Any) -> float:
    import torch

    def one(seed: int) -> None:
        pipe("portrait of a person, oil painting", image=control, num_inference_steps=STEPS, guidance_scale=1.0,
             height=SIZE, width=SIZE, generator=torch.Generator("cuda").manual_seed(seed), output_type="pil")

    with torch.inference_mode():
        for seed in range(WARMUP):
            one(seed)
        torch.cuda.synchronize()
        start = time.perf_counter()
        for seed in range(IMAGES):
            one(seed)
        torch.cuda.synchronize()
    return IMAGES / (time.perf_counter() - start)


def gpu_section(photo: Path) -> dict[str, float]:
    """images_per_s_eager, images_per_s_compiled and their ratio."""
    import torch

    if not torch.cuda.is_available():
        raise SystemExit("error: --device cuda needs a CUDA GPU, and torch sees none here")
    from safetensors.torch import save_file

    from mmpp_desktop.core.engine.compiled import FoldedAdapters, compile_unet
    from mmpp_desktop.testing.tinykit import lora_state_dict

    dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    pipe = _pipeline("cuda", dtype)
    control = _canny(photo)
    lora = Path(tempfile.mkdtemp(prefix="mmpp-gpu-")) / "stand-in-lcm-lora.safetensors"
    save_file(lora_state_dict(pipe, "sd15", "kohya", torch.Generator().manual_seed(3), strength=0.05), str(lora))
    FoldedAdapters(pipe).set_styles([(str(lora), 1.0)])

    eager = _images_per_second(pipe, control)
    compile_unet(pipe)
    pipe.controlnet.compile()
    start = time.perf_counter()
    compiled = _images_per_second(pipe, control)
    return {"images_per_s_eager": eager, "images_per_s_compiled": compiled,
            "compiled_over_eager": compiled / eager, "_seconds": {"compile_and_run": time.perf_counter() - start}}


TRAIN_STEPS = 20


def train_gpu_section(photo: Path) -> dict[str, float]:
    """train_steps_per_s: LoRA training steps per second for SD 1.5 at 512 px on the GPU, through the
    app's own trainer (rank 16, batch 1, mixed precision and gradient checkpointing as on a GPU by
    default), on an SD 1.5-size random-weight model written to disk like a real one."""
    import torch

    if not torch.cuda.is_available():
        raise SystemExit("error: --device cuda needs a CUDA GPU, and torch sees none here")
    sys.path.insert(0, str(HERE))
    from fullkit import build_full_kit

    from mmpp_desktop.core.engine.loading import describe_model
    from mmpp_desktop.core.training import TrainingSettings, check_dataset
    from mmpp_desktop.core.training.trainer import LoraTrainer

    work = Path(tempfile.mkdtemp(prefix="mmpp-gpu-train-"))
    kit = build_full_kit(work / "kit")
    settings = TrainingSettings(model=kit["base"], images=(str(photo),), name="bench", trigger="zxq style",
                                size=SIZE, device="cuda")
    trainer = LoraTrainer(settings, check_dataset(settings.images), describe_model(kit["base"]), work / "train")
    trainer.prepare()
    for _ in range(WARMUP):
        trainer.train_step()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(TRAIN_STEPS):
        trainer.train_step()
    torch.cuda.synchronize()
    return {"train_steps_per_s": TRAIN_STEPS / (time.perf_counter() - start)}
# ---- live mode ---------------------------------------------------------------------------------------------

LIVE_SIZES = (256, 512)
LIVE_STEPS = (1, 2)
LIVE_WARMUP = 3
LIVE_FRAMES = 30


def _live_models(work: Path) -> tuple[str, str]:
    """An SD 1.5-size random-weight model folder (built by fullkit) and a random taesd folder beside it."""
    from diffusers import AutoencoderTiny
    from fullkit import build_full_kit

    kit = build_full_kit(work / "sd15-full")
    taesd = work / "taesd"
    if not (taesd / "config.json").is_file():
        AutoencoderTiny().save_pretrained(taesd, safe_serialization=True)  # taesd's own architecture
    return kit["base"], str(taesd)


def live_gpu_section(work: Path | None = None) -> dict[str, Any]:
    """live_fps_{size}px_{steps}step[_compiled]: the app's live path (`LiveStylizer`: cached prompt
    embeddings, no CFG, fixed seed, taesd decode, face tracking) over the test video's frames,
    fed one after another with the similarity filter off. Goal: >= 15 fps at 512 px."""
    import torch

    if not torch.cuda.is_available():
        raise SystemExit("error: the live GPU section needs a CUDA GPU, and torch sees none here")
    sys.path.insert(0, str(HERE))
    from live_bench import _frames

    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.engine.live import LiveOptions, LiveStylizer
    from mmpp_desktop.core.types import EngineOptions, GenerationRequest

    work = work or Path(tempfile.mkdtemp(prefix="mmpp-gpu-live-"))
    model, taesd = _live_models(work)
    frames = _frames(LIVE_WARMUP + LIVE_FRAMES)
    options = LiveOptions(similarity_threshold=0.0, tiny_decoder=True)
    figures: dict[str, Any] = {}
    seconds: dict[str, float] = {}
    for compiled in (False, True):
        engine = Engine(EngineOptions(device="cuda", compile=compiled, preview_decoders={"sd15": taesd}))
        for size in LIVE_SIZES:
            for steps in LIVE_STEPS:  # UNet evaluations: img2img runs int(scheduler steps x strength)
                request = GenerationRequest(input_image="", model=model, prompt="portrait of a person, oil painting",
                                            scheduler="lcm", steps=2 * steps, strength=0.5, guidance=1.0, seed=1,
                                            size=size, device="cuda")
                stylizer = LiveStylizer(engine, request, options)
                started = time.perf_counter()
                for frame in frames[:LIVE_WARMUP]:  # load, compile, first-call costs
                    stylizer.render(frame)
                torch.cuda.synchronize()
                key = f"live_fps_{size}px_{steps}step" + ("_compiled" if compiled else "")
                seconds[key + "_warmup"] = time.perf_counter() - started
                started = time.perf_counter()
                for frame in frames[LIVE_WARMUP:]:
                    stylizer.render(frame)  # returns a PIL image, so the GPU work is finished
                figures[key] = LIVE_FRAMES / (time.perf_counter() - started)
        engine.unload()
    figures["_seconds"] = seconds
    return figures
