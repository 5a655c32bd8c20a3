"""MMPP Desktop speed benchmarks: every figure is a ratio (or a count) measured in one run.

    python benchmarks/run.py --quick --json r.json     # tiny kit, minutes on 2 CPU cores
    python benchmarks/run.py --full                    # real SD 1.5-size weights, fp32 CPU, 30+ min
    python benchmarks/run.py --full --smoke            # the --full code path on 1/10-width models
    python benchmarks/run.py --device cuda             # images/s (SD 1.5 512 px LCM + ControlNet), training steps/s
    python benchmarks/run.py --only cancel             # one section (repeatable), its goals only
    python benchmarks/run.py --faces                   # face finding and scoring only (seconds)

Prints a table (figure, goal, pass/fail), writes `--json OUT` and appends the run to
benchmarks/RESULTS.md. Timings are medians of interleaved repeats, so load on the machine
shifts both sides of a ratio alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

from measure import (  # noqa: E402  (the repository root must be importable first)
    interleaved_medians,
    matmul_flops_per_second,
    peak_rss_bytes,
    timed,
    weight_bytes,
)

PHOTO = REPO / "tests" / "data" / "photos" / "obama.jpg"
RESULTS = HERE / "RESULTS.md"


@dataclasses.dataclass(frozen=True)
class Goal:
    key: str
    limit: float  # pass when figure <= limit (>= with at_least)
    what: str
    at_least: bool = False


QUICK_GOALS = (
    Goal("engine_overhead_ratio", 1.05, "Engine.generate() / bare diffusers call"),
    Goal("style_switch_over_reload", 0.01, "style/weight switch / base pipeline load"),
    Goal("base_reloads_on_switch", 0, "base loads caused by 10 style/weight/seed/prompt changes"),
    Goal("recompiles_on_switch", 0, "recompiles over 3 styles, 2 blends, 2 IP scales (compiled)"),
    Goal("gui_max_stall_ms", 50, "longest 10 ms heartbeat gap while the warm worker generates"),
    Goal("preview_over_step", 0.05, "per-step preview cost / step time"),
    Goal("cancel_over_step", 0.1, "cancel → worker idle / one denoising step (a step of ≥ 1 s)"),
    Goal("train_step_over_unet_step", 3.5, "one LoRA training step / one inference UNet step, same size"),
    Goal("sweep_overhead_ratio", 1.10, "balance sweep wall time / its points run alone (generate+score+record)"),
)
LIVE_GOALS = (
    Goal("live_fps_over_bare", 1.0, "live fps / bare diffusers img2img loop fps, same frames, fed unthrottled",
         at_least=True),
    Goal("live_gui_max_stall_ms", 50, "longest 10 ms heartbeat gap in the window while live mode runs"),
)
FULL_GOALS = tuple(dataclasses.replace(g, limit=1.02) if g.key == "engine_overhead_ratio" else g
                   for g in QUICK_GOALS) + (
    Goal("unet_step_over_floor", 1.25, "UNet step / FLOP floor at the measured matmul rate"),
    Goal("peak_rss_over_weights", 1.3, "peak resident memory / loaded weight bytes"),
)


@dataclasses.dataclass(frozen=True)
class Plan:
    """Sizes for one mode: the tiny kit for --quick, SD 1.5-size weights for --full."""

    mode: str
    size: int
    steps: int
    repeats: int
    switch_repeats: int


QUICK = Plan("quick", size=256, steps=4, repeats=9, switch_repeats=5)  # 32x32 latents (the tiny VAE is /8)
FULL = Plan("full", size=512, steps=4, repeats=3, switch_repeats=2)
SMOKE = Plan("full-smoke", size=128, steps=2, repeats=2, switch_repeats=2)
# The tiny kit at 512 px, 3 images a step: over a second per step on a CPU, with the layer
# shares of a single 512-px image (a larger size would be ever more one self-attention layer).
QUICK_CANCEL_SIZE, QUICK_CANCEL_IMAGES = 512, 3
CANCEL_POINTS = (0.25, 0.5, 0.75)  # where in step 3 each job is cancelled, as a share of a step


# ---- the kit, the input and the requests -------------------------------------------------------------------


def build_kit(plan: Plan, work: Path) -> dict[str, Any]:
    """The tiny kit (quick) or the locally built SD 1.5-size kit (full), in a child process."""
    cache = Path(os.environ.get("MMPP_BENCH_CACHE", tempfile.gettempdir())) / "mmpp-bench-kits"
    if plan.mode == "quick":
        command = [sys.executable, "-m", "mmpp_desktop.testing.tinykit", str(work / "kit"), "--family", "sd15"]
    else:
        smoke = plan.mode == "full-smoke"
        dest = cache / ("sd15-smoke" if smoke else "sd15-full")
        command = [sys.executable, str(HERE / "fullkit.py"), str(dest)] + (["--smoke"] if smoke else [])
    # A child process, so building never counts in this process's peak memory.
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO).stdout
    return json.loads(output[output.index("{"):])


def square_input(work: Path, size: int) -> tuple[str, Any]:
    """The test photo as a square PNG of the output size, and its whole-image face box.

    Engine and bare pipeline then get the same pixels: the engine's crop is the whole image.
    """
    from PIL import Image

    from mmpp_desktop.core.types import FaceBox

    with Image.open(PHOTO) as photo:
        side = min(photo.size)
        left, top = (photo.width - side) // 2, (photo.height - side) // 2
        square = photo.convert("RGB").crop((left, top, left + side, top + side)).resize((size, size))
    path = work / f"input-{size}.png"
    square.save(path)
    return str(path), FaceBox(0, 0, size, size)


def base_request(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> Any:
    from mmpp_desktop.core.types import GenerationRequest

    image, box = square_input(work, plan.size)
    return GenerationRequest(
        input_image=image, model=kit["base"], prompt="portrait of a person, oil painting",
        negative_prompt="blurry", face_box=box, strength=1.0, steps=plan.steps, guidance=3.0,
        scheduler="euler", seed=1, size=plan.size, device=device,
    )


def switch_requests(kit: dict[str, Any], request: Any) -> list[Any]:
    """10 requests, each changing styles, weights, seed or prompt against the one before."""
    from mmpp_desktop.core.types import StyleLora

    a, b, c = (StyleLora(path, 1.0, name) for path, name in zip(kit["loras"], "abc", strict=True))
    variants = [
        {"styles": (a,)}, {"styles": (b,)}, {"styles": (c,)}, {"styles": (a, b)},
        {"styles": (dataclasses.replace(a, weight=0.4), b)}, {"styles": (a, b), "seed": 2},
        {"styles": (a, b), "prompt": "portrait of a person, watercolor"}, {"styles": (b, c)},
        {"styles": ()}, {"styles": (c,), "seed": 3},
    ]
    return [dataclasses.replace(request, **variant) for variant in variants]


def engine(device: str, work: Path, **options: Any) -> Any:
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.types import EngineOptions

    return Engine(EngineOptions(device=device, **options), cache_dir=work / "cache")


# ---- sections -----------------------------------------------------------------------------------------------


def bare_pipeline(kit: dict[str, Any], device: str) -> Any:
    """The plain diffusers img2img pipeline the engine wraps, loaded from the same folder."""
    import torch
    from diffusers import EulerAncestralDiscreteScheduler, StableDiffusionImg2ImgPipeline

    pipe = StableDiffusionImg2ImgPipeline.from_pretrained(kit["base"], local_files_only=True,
                                                          torch_dtype=torch.float32).to(device)
    pipe.scheduler = EulerAncestralDiscreteScheduler.from_config(pipe.scheduler.config)
    pipe.set_progress_bar_config(disable=True)
    return pipe


def engine_section(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> dict[str, float]:
    """engine_overhead_ratio, style_switch_over_reload, base_reloads_on_switch, preview_over_step."""
    import torch
    from PIL import Image

    request = base_request(kit, plan, work, device)
    app = engine(device, work)
    app.generate(request)  # load + warm-up
    load_seconds = statistics.median(timed(lambda: bare_pipeline(kit, device)) for _ in range(2))
    pipe = bare_pipeline(kit, device)
    image = Image.open(request.input_image).convert("RGB")

    def bare() -> None:
        with torch.inference_mode():
            pipe(request.prompt, negative_prompt=request.negative_prompt, image=image, strength=request.strength,
                 num_inference_steps=request.steps, guidance_scale=request.guidance,
                 generator=torch.Generator(device).manual_seed(request.seed))

    bare()
    medians = interleaved_medians({"engine": lambda: app.generate(request), "bare": bare}, plan.repeats)
    figures = {"engine_overhead_ratio": medians["engine"] / medians["bare"]}

    # Switches are timed outside the denoising loop, so one step each is enough.
    switches = switch_requests(kit, dataclasses.replace(request, steps=1))
    loads_before = app.base_loads
    for changed in switches:  # first pass: every LoRA file gets loaded once, as in real use
        app.generate(changed)
    figures["base_reloads_on_switch"] = app.base_loads - loads_before

    style_a, style_b = switches[0], switches[1]
    samples: dict[str, list[float]] = {"switch": [], "same": []}
    for _ in range(plan.switch_repeats):
        for first, second in ((style_a, style_b), (style_b, style_a)):
            app.generate(first)
            samples["switch"].append(outside_denoising(app.generate(second)))
            samples["same"].append(outside_denoising(app.generate(second)))
    switch_seconds = max(0.0, statistics.median(samples["switch"]) - statistics.median(samples["same"]))
    figures["style_switch_over_reload"] = switch_seconds / load_seconds
    figures["preview_over_step"] = preview_over_step(pipe, request, image, 2)
    figures["_seconds"] = {"engine_generate": medians["engine"], "bare_call": medians["bare"],
                           "base_load": load_seconds, "style_switch": switch_seconds}
    return figures


def sweep_section(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> dict[str, Any]:
    """sweep_overhead_ratio (benchmarks/sweep.py)."""
    from sweep import sweep_overhead

    return sweep_overhead(base_request(kit, plan, work, device), engine(device, work), work, kit, plan.repeats)


def outside_denoising(result: Any) -> float:
    """Engine time spent around the denoising loop and decode (where a style switch happens)."""
    timings = result.timings
    return timings["total"] - timings["denoise"] - timings["decode"]


def preview_over_step(pipe: Any, request: Any, image: Any, repeats: int) -> float:
    """The engine's per-step preview (latent -> RGB) cost over one denoising step of the bare pipeline."""
    import torch

    from mmpp_desktop.core.engine.previews import linear_preview

    stamps: list[float] = []

    def on_step(_pipe: Any, _step: int, _timestep: Any, tensors: dict[str, Any]) -> dict[str, Any]:
        stamps.append(time.perf_counter())
        latents.append(tensors["latents"])
        return tensors

    latents: list[Any] = []
    step_seconds = []
    for _ in range(repeats):
        stamps.clear()
        with torch.inference_mode():
            pipe(request.prompt, negative_prompt=request.negative_prompt, image=image, strength=request.strength,
                 num_inference_steps=request.steps, guidance_scale=request.guidance, output_type="latent",
                 generator=torch.Generator(pipe.device).manual_seed(request.seed), callback_on_step_end=on_step)
        step_seconds += [later - earlier for earlier, later in zip(stamps, stamps[1:], strict=False)]
    preview_seconds = statistics.median(timed(lambda: linear_preview(latents[-1], "sd15")) for _ in range(20))
    return preview_seconds / statistics.median(step_seconds)


def recompile_section(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> dict[str, float]:
    """recompiles_on_switch: the engine with settings.torch_compile, after one warm-up request."""
    from mmpp_desktop.core.engine.compiled import compiled_graph_count
    from mmpp_desktop.core.types import IPAdapterSettings, StyleLora

    request = dataclasses.replace(base_request(kit, plan, work, device), steps=1)
    a, b, c = (StyleLora(path, 1.0) for path in kit["loras"])
    ip = IPAdapterSettings(kit["ip_adapter"], image=str(PHOTO), scale=0.6) if kit.get("ip_adapter") else None
    app = engine(device, work, compile=True)
    before_warmup = compiled_graph_count()
    app.generate(dataclasses.replace(request, styles=(a,), ip_adapter=ip))  # warm-up: the one compile
    if compiled_graph_count() == before_warmup:
        raise RuntimeError("torch_compile is on but the engine compiled nothing")
    before = compiled_graph_count()
    blends = [(b,), (c,), (a, dataclasses.replace(b, weight=0.5)), (dataclasses.replace(a, weight=0.3), c)]
    for styles in blends:
        app.generate(dataclasses.replace(request, styles=styles, ip_adapter=ip))
    if ip is not None:
        for scale in (0.3, 0.9):
            app.generate(dataclasses.replace(request, styles=(a,), ip_adapter=dataclasses.replace(ip, scale=scale)))
    return {"recompiles_on_switch": compiled_graph_count() - before}


def gui_section(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> dict[str, float]:
    """gui_max_stall_ms over generations on the warm worker; the cold first job (model load
    included) is reported beside it as gui_cold_load_stall_ms."""
    from gui_stall import gui_stalls_per_job_ms

    from mmpp_desktop.core.settings import Settings

    request = base_request(kit, plan, work, device)
    requests = [request, *switch_requests(kit, request)[:3]]
    settings = Settings(sd15_base_model=kit["base"], device=device)
    cold, *warm = gui_stalls_per_job_ms(str(work / "gui-data"), settings, requests)
    return {"gui_max_stall_ms": max(warm), "gui_cold_load_stall_ms": cold}


def cancel_section(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> dict[str, float]:
    """cancel_over_step: from Cancel to the app's generation worker being idle (its busy flag off,
    seen on the GUI thread), over one denoising step of the same job. Steps 1-2 time a step,
    the cancel comes a quarter, a half and three quarters into step 3 of three jobs on the
    warm worker; the median is the figure, the worst is reported beside it."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.settings import Settings
    from mmpp_desktop.qt.workers.generation_worker import GenerationController, GenerationJob

    quick = plan.mode == "quick"
    sized = dataclasses.replace(plan, size=QUICK_CANCEL_SIZE) if quick else plan
    request = dataclasses.replace(base_request(kit, sized, work, device), steps=50,
                                  num_images=QUICK_CANCEL_IMAGES if quick else 1)
    job = GenerationJob(request=request, settings=Settings(sd15_base_model=kit["base"], device=device))
    app = QApplication.instance() or QApplication([])
    controller = GenerationController(resolve_paths(str(work / "cancel-data")).ensure())
    loop = QEventLoop()
    run: dict[str, Any] = {}

    def cancel() -> None:
        run["cancelled_at"] = time.perf_counter()
        controller.cancel()

    def on_progress(step: int, _total: int, elapsed: float, _preview: Any) -> None:
        run.setdefault("elapsed", []).append(elapsed)
        if step == 2:
            run["step"] = elapsed - run["elapsed"][0]
            QTimer.singleShot(int(run["step"] * run["point"] * 1000), cancel)

    def on_busy(busy: bool) -> None:
        if not busy:
            run["idle_at"] = time.perf_counter()
            loop.quit()

    controller.progress.connect(on_progress)
    controller.busy_changed.connect(on_busy)
    controller.failed.connect(lambda message: run.setdefault("error", message))
    samples: list[tuple[float, float]] = []  # (cancel → idle, step) seconds
    try:
        for point in CANCEL_POINTS:
            run.clear()
            run["point"] = point
            controller.submit(job)
            loop.exec()
            if "cancelled_at" not in run:
                raise RuntimeError(f"the job ended before it could be cancelled: {run.get('error', 'finished')}")
            samples.append((run["idle_at"] - run["cancelled_at"], run["step"]))
    finally:
        controller.shutdown()
        app.processEvents()
    ratios = [latency / step for latency, step in samples]
    return {"cancel_over_step": statistics.median(ratios),
            "_seconds": {"cancel_worst_over_step": max(ratios),
                         "cancel_to_idle": [round(latency, 3) for latency, _ in samples],
                         "cancel_step": [round(step, 3) for _, step in samples],
                         "cancel_size_px": sized.size, "cancel_images": request.num_images}}


def unet_floor_section(kit: dict[str, Any], plan: Plan, device: str) -> dict[str, float]:
    """unet_step_over_floor: a CFG-batch UNet step against FLOPs / measured matmul rate."""
    import torch
    from diffusers import UNet2DConditionModel
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode

    unet = UNet2DConditionModel.from_pretrained(kit["base"], subfolder="unet", local_files_only=True).to(device)
    latent = plan.size // 8
    sample = torch.randn(2, unet.config.in_channels, latent, latent, device=device)
    context = torch.randn(2, 77, unet.config.cross_attention_dim, device=device)
    timestep = torch.tensor(500, device=device)
    with torch.inference_mode():
        with sdpa_kernel(SDPBackend.MATH), FlopCounterMode(display=False) as counter:
            unet(sample, timestep, context)
        flops = counter.get_total_flops()
        rate = matmul_flops_per_second()
        step = statistics.median(timed(lambda: unet(sample, timestep, context)) for _ in range(plan.repeats))
    floor = flops / rate
    return {"unet_step_over_floor": step / floor,
            "_seconds": {"unet_step": step, "unet_floor": floor, "unet_gflop": flops / 1e9,
                         "matmul_gflops": rate / 1e9}}


def train_section(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> dict[str, float]:
    """train_step_over_unet_step: a LoRA training step (rank 16, batch 1, the default recipe: forward,
    backward, AdamW) against one inference UNet forward of the same model, size and batch."""
    import torch

    from mmpp_desktop.core.engine.loading import describe_model
    from mmpp_desktop.core.training import TrainingSettings, check_dataset
    from mmpp_desktop.core.training.trainer import LoraTrainer

    settings = TrainingSettings(model=kit["base"], images=(str(PHOTO),), name="bench", trigger="zxq style",
                                size=plan.size, device=device)
    trainer = LoraTrainer(settings, check_dataset(settings.images), describe_model(kit["base"]), work / "train")
    trainer.prepare()
    sample = trainer.samples[0]
    latents, timestep = sample.latents[:1], torch.tensor([500], device=trainer.device)

    def unet_step() -> None:
        with torch.inference_mode():
            trainer.pipe.unet(latents, timestep, sample.prompt_embeds)

    trainer.train_step(), unet_step()  # warm-up: allocator, optimizer state
    medians = interleaved_medians({"train_step": trainer.train_step, "unet_step": unet_step}, plan.repeats)
    return {"train_step_over_unet_step": medians["train_step"] / medians["unet_step"],
            "_seconds": {"train_step": medians["train_step"], "train_unet_step": medians["unet_step"]}}


def rss_probe(manifest: str, size: int, steps: int, device: str) -> None:
    """Child-process entry: load the engine, generate once with ControlNet, report peak memory."""
    kit = json.loads(Path(manifest).read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="mmpp-rss-"))
    from mmpp_desktop.core.types import ControlNetSettings

    plan = Plan("probe", size=size, steps=steps, repeats=1, switch_repeats=1)
    request = dataclasses.replace(base_request(kit, plan, work, device),
                                  controlnet=ControlNetSettings(kit["controlnet_canny"]))
    engine(device, work).generate(request)
    print(json.dumps({"peak_rss": peak_rss_bytes(),
                      "weights": weight_bytes(kit["base"], kit["controlnet_canny"])}))


def rss_section(kit: dict[str, Any], plan: Plan, work: Path, device: str) -> dict[str, float]:
    manifest = work / "rss-kit.json"
    manifest.write_text(json.dumps(kit), encoding="utf-8")
    command = [sys.executable, __file__, "--rss-probe", str(manifest), "--size", str(plan.size),
               "--steps", str(plan.steps), "--device", device]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO).stdout
    probe = json.loads(output.strip().splitlines()[-1])
    return {"peak_rss_over_weights": probe["peak_rss"] / probe["weights"],
            "_seconds": {"peak_rss_gib": probe["peak_rss"] / 2**30, "weights_gib": probe["weights"] / 2**30}}


SECTION_NAMES = ("rss", "engine", "gui", "cancel", "train", "sweep", "unet_floor", "recompile", "live")


# ---- reporting ----------------------------------------------------------------------------------------------


def live_sections(kit: dict[str, Any], plan: Plan, work: Path,
                  device: str) -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    """Live mode: live_fps_over_bare, live_gui_max_stall_ms, live_latency_ms (benchmarks/live_bench.py)."""
    import live_bench

    def gui() -> dict[str, Any]:
        figures = live_bench.gui_section(kit, plan.size, 2, work, device)
        return {**figures, "_seconds": {"live_latency_ms": figures["live_latency_ms"]}}

    return [("live", lambda: live_bench.throughput_section(kit, plan.size, 2, work, device)), ("live", gui)]


def machine() -> str:
    import torch

    return (f"{platform.node() or 'unknown'} · {platform.machine()} · {os.cpu_count()} CPUs · "
            f"torch {torch.__version__} ({torch.get_num_threads()} threads)")


def table(goals: tuple[Goal, ...], figures: dict[str, Any]) -> tuple[str, bool]:
    rows = ["| figure | value | goal | result | what |", "|---|---|---|---|---|"]
    all_pass = True
    for goal in goals:
        value = figures.get(goal.key)
        if value is None:
            rows.append(f"| `{goal.key}` | — | {'≥' if goal.at_least else '≤'} {goal.limit:g} | not measured "
                        f"| {goal.what} |")
            all_pass = False
            continue
        passed = value >= goal.limit if goal.at_least else value <= goal.limit
        all_pass &= passed
        shown = f"{value:.0f}" if isinstance(value, int) else f"{value:.4g}"
        bound = "≥" if goal.at_least else "≤"
        rows.append(f"| `{goal.key}` | {shown} | {bound} {goal.limit:g} | {'PASS' if passed else 'FAIL'} | {goal.what} |")
    return "\n".join(rows), all_pass


def record(command: str, text: str, details: dict[str, Any]) -> None:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    entry = [f"\n## {stamp} — `{command}`\n", f"Machine: {machine()}\n", text, ""]
    if details:
        entry.append("Raw seconds and sizes: `" + json.dumps(details, sort_keys=True) + "`\n")
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by `benchmarks/run.py`; newest last.\n",
                           encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write("\n".join(entry))


def run_sections(sections: list[Callable[[], dict[str, Any]]]) -> tuple[dict[str, Any], dict[str, Any]]:
    figures: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for section in sections:
        start = time.perf_counter()
        result = section()
        details.update(result.pop("_seconds", {}))
        figures.update(result)
        print(f"  {', '.join(result)}  ({time.perf_counter() - start:.0f} s)", flush=True)
    return figures, details


def quiet_libraries() -> None:
    """Library progress bars and load reports would bury the table."""
    import warnings

    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    warnings.filterwarnings("ignore")
    for library in (diffusers_logging, transformers_logging):
        library.set_verbosity_error()
        library.disable_progress_bar()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="tiny kit (the default)")
    mode.add_argument("--full", action="store_true", help="SD 1.5-size random weights, fp32")
    mode.add_argument("--faces", action="store_true", help="face finding and scoring only (benchmarks/faces.py)")
    parser.add_argument("--smoke", action="store_true", help="with --full: 1/10-width models, to check the path")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    parser.add_argument("--only", action="append", choices=SECTION_NAMES,
                        help="run only this section (repeatable); the table lists its goals only")
    parser.add_argument("--rss-probe", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=512, help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=int, default=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quiet_libraries()
    if args.rss_probe:
        rss_probe(args.rss_probe, args.size, args.steps, args.device)
        return 0
    command = "python benchmarks/run.py " + shlex.join(argv if argv is not None else sys.argv[1:])

    if args.faces:
        from faces import FACE_GOALS, faces_section

        figures, details = run_sections([lambda: faces_section(PHOTO)])
        text, goals_met = table(tuple(Goal(*goal) for goal in FACE_GOALS), figures)
    elif args.device == "cuda":
        from gpu import gpu_section, live_gpu_section, train_gpu_section

        figures, details = run_sections([lambda: gpu_section(PHOTO), lambda: train_gpu_section(PHOTO),
                                         live_gpu_section])
        text = "\n".join(f"- `{key}`: {value:.3f}" for key, value in figures.items())
        goals_met = True
    else:
        plan = (SMOKE if args.smoke else FULL) if args.full else QUICK
        goals = FULL_GOALS if args.full else QUICK_GOALS + LIVE_GOALS
        work = Path(tempfile.mkdtemp(prefix="mmpp-bench-"))
        os.environ["MMPP_DATA_DIR"] = str(work / "data")
        print(f"MMPP speed benchmarks, {plan.mode}: building the kit", flush=True)
        kit = build_kit(plan, work)
        named: list[tuple[str, Callable[[], dict[str, Any]]]] = []
        if args.full:  # first, while this process is small: its own peak memory is measured in a child
            named.append(("rss", lambda: rss_section(kit, plan, work, args.device)))
        named += [("engine", lambda: engine_section(kit, plan, work, args.device)),
                  ("gui", lambda: gui_section(kit, plan, work, args.device)),
                  ("cancel", lambda: cancel_section(kit, plan, work, args.device)),
                  ("train", lambda: train_section(kit, plan, work, args.device)),
                  ("sweep", lambda: sweep_section(kit, plan, work, args.device))]
        if args.full:
            named.append(("unet_floor", lambda: unet_floor_section(kit, plan, args.device)))
        else:
            named += live_sections(kit, plan, work, args.device)
        # last: after torch.compile has run, eager timings in this process are no longer clean
        named.append(("recompile", lambda: recompile_section(kit, plan, work, args.device)))
        figures, details = run_sections([section for name, section in named if not args.only or name in args.only])
        if args.only:
            goals = tuple(goal for goal in goals if goal.key in figures)
        text, goals_met = table(goals, figures)
    print()
    print(text)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if not args.no_record:
        record(command, text, details)
    return 0 if goals_met else 1


if __name__ == "__main__":
    sys.exit(main())
