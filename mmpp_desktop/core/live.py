"""The live frame loop, without Qt: the newest frame wins, frames that arrive while busy are dropped.

A producer (a camera, a video reader thread, the GUI) `put`s frames into a one-place
`FrameSlot`; one consumer thread `run_live`s: it takes the newest frame, stylizes it and hands
the result on. A frame still waiting when a newer one arrives is dropped and counted, so the
picture is never behind by more than one frame, however slow the model. `LiveStats` measures
throughput and latency (frame in → stylized frame out) for the CLI, the window and benchmarks.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

Payload = TypeVar("Payload")
Output = TypeVar("Output")


class LiveStats:
    """Counters and latencies of one live run; safe to read from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.frames_in = 0
        self.frames_out = 0
        self.frames_skipped_similar = 0
        self.frames_dropped_busy = 0
        self.latencies: list[float] = []
        self._first_in: float | None = None
        self._last_out: float | None = None

    def frame_in(self, dropped_waiting: bool) -> float:
        """A frame arrived (replacing one that waited, if `dropped_waiting`); returns its arrival time."""
        now = time.perf_counter()
        with self._lock:
            self.frames_in += 1
            self.frames_dropped_busy += int(dropped_waiting)
            if self._first_in is None:
                self._first_in = now
        return now

    def skipped(self) -> None:
        with self._lock:
            self.frames_skipped_similar += 1

    def frame_out(self, arrived: float) -> float:
        """A stylized frame is ready; returns its latency in seconds."""
        now = time.perf_counter()
        with self._lock:
            self.frames_out += 1
            self.latencies.append(now - arrived)
            self._last_out = now
        return now - arrived

    @property
    def fps(self) -> float:
        """Stylized frames per second, from the first frame in to the last frame out."""
        with self._lock:
            if not self.frames_out or self._first_in is None or self._last_out is None:
                return 0.0
            span = self._last_out - self._first_in
            return self.frames_out / span if span > 0 else 0.0

    @property
    def latency_ms_median(self) -> float:
        with self._lock:
            return statistics.median(self.latencies) * 1000.0 if self.latencies else 0.0

    def recent(self, count: int = 10) -> tuple[float, float]:
        """(fps, median latency ms) over the last `count` outputs: what a readout should show."""
        with self._lock:
            latencies = self.latencies[-count:]
        return self.fps, (statistics.median(latencies) * 1000.0 if latencies else 0.0)

    def report(self) -> dict[str, Any]:
        """The figures `mmpp-desktop live --json` prints (the contract's keys and types)."""
        fps, latency = self.fps, self.latency_ms_median
        with self._lock:
            return {"frames_in": self.frames_in, "frames_out": self.frames_out,
                    "frames_skipped_similar": self.frames_skipped_similar,
                    "frames_dropped_busy": self.frames_dropped_busy,
                    "fps": round(fps, 3), "latency_ms_median": round(latency, 3)}


class FrameSlot(Generic[Payload]):
    """One place for the newest frame: `put` never blocks, `take` waits for a frame or the close."""

    def __init__(self, stats: LiveStats | None = None) -> None:
        self.stats = stats or LiveStats()
        self._condition = threading.Condition()
        self._item: tuple[Payload, float] | None = None
        self._closed = False

    def put(self, payload: Payload) -> None:
        """Offer a frame; a frame still waiting is replaced (dropped and counted). Ignored once closed."""
        with self._condition:
            if self._closed:
                return
            arrived = self.stats.frame_in(dropped_waiting=self._item is not None)
            self._item = (payload, arrived)
            self._condition.notify()

    def take(self, timeout: float | None = None) -> tuple[Payload, float] | None:
        """The newest frame and its arrival time, or None after `timeout` or once closed and empty."""
        with self._condition:
            if self._item is None and not self._closed:
                self._condition.wait(timeout)
            item, self._item = self._item, None
            return item

    def close(self) -> None:
        """No more frames; the one waiting (if any) is still handed out."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    @property
    def closed(self) -> bool:
        with self._condition:
            return self._closed and self._item is None


def run_live(slot: FrameSlot[Payload], stylize: Callable[[Payload], Output | None],
             deliver: Callable[[Output, float], None], should_stop: Callable[[], bool] = lambda: False,
             poll_seconds: float = 0.05) -> None:
    """Stylize the newest frame, again and again, until the slot is closed and empty or `should_stop`.

    `stylize` returns None for a frame it skips (the similarity filter); `deliver` gets each
    output with its latency in seconds. Runs on the calling thread.
    """
    while not should_stop():
        item = slot.take(poll_seconds)
        if item is None:
            if slot.closed:
                return
            continue
        payload, arrived = item
        output = stylize(payload)
        if should_stop():
            return  # stopped mid-frame: nothing may arrive after the stop
        if output is None:
            slot.stats.skipped()
            continue
        deliver(output, slot.stats.frame_out(arrived))


def video_frame_rate(path: Path) -> float:
    """The file's frames per second (30 when the container does not say); refuses a file whose
    first frame cannot be decoded, so a bad video fails before any model loads."""
    capture = _open_video(path)
    try:
        rate = capture.get(cv2.CAP_PROP_FPS)
        readable, _frame = capture.read()
    finally:
        capture.release()
    if not readable:
        raise InvalidInputError(QT_TRANSLATE_NOOP("live", "The video {name} cannot be read (no frame decodes).").format(
            name=Path(path).name))
    return rate if rate and rate > 0 else 30.0


def read_video(path: Path, max_frames: int | None = None) -> Iterator[Image.Image]:
    """The first `max_frames` frames (all when None) as RGB images, as fast as they decode."""
    capture = _open_video(path)
    try:
        count = 0
        while max_frames is None or count < max_frames:
            ok, bgr = capture.read()
            if not ok:
                return
            count += 1
            yield Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
    finally:
        capture.release()


def feed_video(path: Path, slot: FrameSlot[tuple[int, Image.Image]], max_frames: int | None = None,
               realtime: bool = True, stop: threading.Event | None = None) -> threading.Thread:
    """Start a reader thread that puts `(index, frame)` into `slot` at the video's own frame rate
    (or unthrottled), then closes the slot: a video file standing in for a camera."""
    interval = 1.0 / video_frame_rate(path) if realtime else 0.0

    def read() -> None:
        started = time.perf_counter()
        try:
            for index, frame in enumerate(read_video(path, max_frames)):
                if stop is not None and stop.is_set():
                    return
                if interval:
                    delay = started + index * interval - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                slot.put((index, frame))
        finally:
            slot.close()

    thread = threading.Thread(target=read, name="live-video-reader", daemon=True)
    thread.start()
    return thread


def _open_video(path: Path) -> cv2.VideoCapture:
    if not Path(path).is_file():
        raise InvalidInputError(QT_TRANSLATE_NOOP("live", "The video {name} does not exist.").format(name=Path(path).name))
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        capture.release()
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "live", "The video {name} cannot be read (unknown or broken format).").format(name=Path(path).name))
    return capture


RECORDING_FORMATS = (".mp4", ".gif")


class StreamRecorder:
    """Writes stylized frames to an MP4 (OpenCV's VideoWriter) or an animated GIF (Pillow).

    Safe to feed from the live thread while another thread closes it; a GIF is kept in
    memory and written on `close`, since Pillow writes animations in one go.
    """

    def __init__(self, path: Path, fps: float) -> None:
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if suffix not in RECORDING_FORMATS:
            raise InvalidInputError(QT_TRANSLATE_NOOP("live", "Recordings are saved as .mp4 or .gif files."))
        self.fps = max(1.0, min(fps, 60.0))
        self.frames_written = 0
        self._lock = threading.Lock()
        self._gif_frames: list[Image.Image] | None = [] if suffix == ".gif" else None
        self._writer: cv2.VideoWriter | None = None
        self._closed = False

    def add(self, frame: Image.Image) -> None:
        with self._lock:
            if self._closed:
                return
            rgb = frame.convert("RGB")
            if self._gif_frames is not None:
                self._gif_frames.append(rgb)
            else:
                if self._writer is None:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._writer = cv2.VideoWriter(str(self.path), cv2.VideoWriter.fourcc(*"mp4v"), self.fps,
                                                   rgb.size)
                    if not self._writer.isOpened():
                        self._closed = True
                        raise InvalidInputError(QT_TRANSLATE_NOOP("live", "{name} cannot be written as an MP4 video.").format(
                            name=self.path.name))
                self._writer.write(cv2.cvtColor(np.asarray(rgb), cv2.COLOR_RGB2BGR))
            self.frames_written += 1

    def close(self) -> Path | None:
        """Finish the file; None when no frame was recorded (nothing is written then)."""
        with self._lock:
            if self._closed:
                return self.path if self.frames_written else None
            self._closed = True
            if self._writer is not None:
                self._writer.release()
            if self._gif_frames:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                first, *rest = self._gif_frames
                first.save(self.path, save_all=True, append_images=rest, duration=int(1000 / self.fps), loop=0)
                self._gif_frames = []
            return self.path if self.frames_written else None
