"""Live mode figures for `run.py --quick`: throughput against a bare diffusers loop, GUI stall, latency.

- `live_fps_over_bare`: the app's live path (`LiveStylizer` behind the `FrameSlot` / `run_live`
  loop, face tracking on, similarity filter off) against a bare `StableDiffusionImg2ImgPipeline`
  loop with the same model, size, steps, guidance and seed on the same video frames. Both are
  fed unthrottled: the next frame is put in as soon as the previous one is taken. Short passes
  run in pairs (order alternating); the figure is the median of the pairs' fps ratios.
- `live_gui_max_stall_ms`: a 10 ms heartbeat on the GUI thread of the real window while live
  stylizing runs on the test video (after the first frame, so the model load is not counted).
- `live_latency_ms`: frame into the live slot → stylized frame shown by the window, median.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
VIDEO = REPO / "tests" / "data" / "video" / "short_hamilton_clip.mp4"
PROMPT = "portrait of a person, oil painting"


def _frames(count: int) -> list[Any]:
    from mmpp_desktop.core.live import read_video

    return list(read_video(VIDEO, count))


def _centre_square(frame: Any, size: int) -> Any:
    from PIL import Image

    from mmpp_desktop.core.faces import centre_square

    box = centre_square(frame.size)
    return frame.crop((box.x, box.y, box.x + box.width, box.y + box.height)).resize(
        (size, size), Image.Resampling.LANCZOS)


def _fed_unthrottled(frames: list[Any], stylize: Any) -> float:
    """Frames per second through the live loop when each frame is put in as the previous is taken."""
    from mmpp_desktop.core.live import FrameSlot, run_live

    slot: FrameSlot[Any] = FrameSlot()
    taken = threading.Semaphore(1)

    def feed() -> None:
        for frame in frames:
            taken.acquire()
            slot.put(frame)
        slot.close()

    def take_and_stylize(frame: Any) -> Any:
        taken.release()
        return stylize(frame)

    feeder = threading.Thread(target=feed)
    started = time.perf_counter()
    feeder.start()
    run_live(slot, take_and_stylize, lambda _output, _latency: None)
    feeder.join()
    return len(frames) / (time.perf_counter() - started)


def throughput_section(kit: dict[str, Any], size: int, steps: int, work: Path, device: str,
                       frame_count: int = 4, repeats: int = 25) -> dict[str, Any]:
    """live_fps_over_bare (goal >= 1.0)."""
    import dataclasses

    import torch
    from diffusers import LCMScheduler, StableDiffusionImg2ImgPipeline

    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.engine.live import LiveOptions, LiveStylizer
    from mmpp_desktop.core.types import EngineOptions, GenerationRequest

    frames = _frames(frame_count)
    request = GenerationRequest(input_image="", model=kit["base"], prompt=PROMPT, strength=0.5, steps=steps,
                                guidance=1.0, scheduler="lcm", seed=1, size=size, device=device)  # type: ignore[arg-type]
    stylizer = LiveStylizer(Engine(EngineOptions(device=device), cache_dir=work / "live-cache"), request,
                            dataclasses.replace(LiveOptions(), similarity_threshold=0.0))
    stylizer.render(frames[0])  # load, encode the prompt, warm up

    bare = StableDiffusionImg2ImgPipeline.from_pretrained(kit["base"], local_files_only=True,
                                                          torch_dtype=torch.float32).to(device)
    bare.scheduler = LCMScheduler.from_config(bare.scheduler.config)
    bare.set_progress_bar_config(disable=True)

    def bare_frame(frame: Any) -> Any:
        with torch.inference_mode():
            return bare(PROMPT, image=_centre_square(frame, size), strength=request.strength,
                        num_inference_steps=steps, guidance_scale=request.guidance,
                        generator=torch.Generator("cpu").manual_seed(request.seed)).images[0]

    bare_frame(frames[0])
    # Short passes in pairs, the order alternating, and the median of the pairs' ratios: load
    # that drifts over the run (other jobs on the machine) then touches both sides alike.
    app_fps: list[float] = []
    bare_fps: list[float] = []
    for repeat in range(repeats):
        pair = [(app_fps, stylizer.stylize), (bare_fps, bare_frame)]
        for samples, stylize in pair if repeat % 2 == 0 else reversed(pair):
            samples.append(_fed_unthrottled(frames, stylize))
    ratio = statistics.median(app / plain for app, plain in zip(app_fps, bare_fps, strict=True))
    return {"live_fps_over_bare": ratio, "_seconds": {"live_fps_app": statistics.median(app_fps),
                                                      "live_fps_bare": statistics.median(bare_fps)}}


def gui_section(kit: dict[str, Any], size: int, steps: int, work: Path, device: str,
                frames_measured: int = 12, timeout_s: float = 600) -> dict[str, Any]:
    """live_gui_max_stall_ms (goal <= 50) and live_latency_ms, in the real window on the test video."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.settings import Settings, SettingsStore
    from mmpp_desktop.qt.capture import VideoFileSource
    from mmpp_desktop.qt.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    paths = resolve_paths(str(work / "live-gui-data")).ensure()
    SettingsStore(paths.settings_file).save(Settings(sd15_base_model=kit["base"], device=device))
    window = MainWindow(paths, frame_source=VideoFileSource(VIDEO), source_label=VIDEO.name)
    window.show()
    window.session.set_controls(size=size, steps=steps, scheduler="lcm", seed=1, random_seed=False,
                                prompt=PROMPT, strength=0.5)
    beats: list[float] = []
    latencies: list[float] = []
    loop = QEventLoop()

    def shown(output: Any) -> None:
        if not beats:  # the first frame (model load, warm-up) starts the measurement
            beats.append(time.perf_counter())
            return
        latencies.append((time.perf_counter() - output.arrived) * 1000.0)
        if len(latencies) >= frames_measured:
            loop.quit()

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(lambda: beats and beats.append(time.perf_counter()))
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(loop.quit)
    window.live.frame_ready.connect(shown)
    try:
        heartbeat.start(10)
        watchdog.start(int(timeout_s * 1000))
        window.capture.stylize_button.click()
        loop.exec()
        beats.append(time.perf_counter())
    finally:
        heartbeat.stop()
        watchdog.stop()
        window.close()
        app.processEvents()
    if len(latencies) < frames_measured:
        raise RuntimeError(f"live mode showed only {len(latencies)} frames in {timeout_s:.0f} s")
    stall = max(later - earlier for earlier, later in zip(beats, beats[1:], strict=False)) * 1000.0
    return {"live_gui_max_stall_ms": stall, "live_latency_ms": statistics.median(latencies)}
