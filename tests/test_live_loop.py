"""The Qt-free live loop: newest frame wins, busy drops counted, fps and latency measured."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from conftest import BAD_INPUTS, VIDEO

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.live import FrameSlot, LiveStats, feed_video, read_video, run_live, video_frame_rate


def test_the_newest_frame_wins_and_replaced_frames_are_counted_as_dropped() -> None:
    slot: FrameSlot[int] = FrameSlot()
    for frame in (1, 2, 3):
        slot.put(frame)
    item = slot.take(0)
    assert item is not None and item[0] == 3
    assert slot.take(0) is None
    assert slot.stats.frames_in == 3 and slot.stats.frames_dropped_busy == 2
    slot.put(4)
    slot.close()
    slot.put(5)  # ignored once closed
    assert slot.take(0)[0] == 4  # type: ignore[index]
    assert slot.closed and slot.stats.frames_in == 4


def test_a_slow_stylizer_gets_only_fresh_frames_and_the_counts_add_up() -> None:
    slot: FrameSlot[int] = FrameSlot()
    outputs: list[tuple[int, float]] = []

    def produce() -> None:
        for frame in range(60):
            slot.put(frame)
            time.sleep(0.002)
        slot.close()

    def stylize(frame: int) -> int | None:
        time.sleep(0.02)
        return None if frame % 5 == 0 else frame  # every fifth frame "looks the same"

    producer = threading.Thread(target=produce)
    producer.start()
    run_live(slot, stylize, lambda frame, latency: outputs.append((frame, latency)))
    producer.join()
    stats = slot.stats
    assert stats.frames_in == 60
    assert stats.frames_dropped_busy > 20  # 2 ms frames into a 20 ms stylizer: most are dropped
    assert stats.frames_in == stats.frames_out + stats.frames_skipped_similar + stats.frames_dropped_busy
    frames = [frame for frame, _ in outputs]
    assert frames == sorted(frames) and len(frames) == stats.frames_out
    assert all(0.02 <= latency < 1.0 for _, latency in outputs)
    report = stats.report()
    assert set(report) == {"frames_in", "frames_out", "frames_skipped_similar", "frames_dropped_busy", "fps",
                           "latency_ms_median"}
    assert 5 < report["fps"] < 60 and report["latency_ms_median"] >= 20


def test_stopping_mid_frame_delivers_nothing_more() -> None:
    slot: FrameSlot[int] = FrameSlot()
    stop = threading.Event()
    delivered: list[int] = []

    def stylize(frame: int) -> int:
        stop.set()  # the user switches live off while this frame is being stylized
        return frame

    slot.put(1)
    run_live(slot, stylize, lambda frame, _latency: delivered.append(frame), should_stop=stop.is_set)
    assert delivered == []


def test_the_video_is_fed_at_its_own_frame_rate() -> None:
    assert video_frame_rate(VIDEO) == pytest.approx(29.97, abs=0.01)
    slot: FrameSlot = FrameSlot(LiveStats())
    received: list[int] = []
    started = time.perf_counter()
    reader = feed_video(VIDEO, slot, max_frames=12)
    run_live(slot, lambda item: item[0], lambda index, _latency: received.append(index))
    reader.join()
    elapsed = time.perf_counter() - started
    assert elapsed >= 11 / 29.97 * 0.95
    assert slot.stats.frames_in == 12 and received[-1] == 11
    assert len(list(read_video(VIDEO, 5))) == 5


def test_an_unreadable_video_is_refused_with_one_message(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="does not exist"):
        video_frame_rate(tmp_path / "missing.mp4")
    bogus = tmp_path / "bogus.mp4"
    bogus.write_bytes((BAD_INPUTS / "not-an-image.png").read_bytes())
    with pytest.raises(InvalidInputError, match="cannot be read"):
        video_frame_rate(bogus)


@pytest.mark.parametrize("suffix", [".mp4", ".gif"])
def test_the_stylized_stream_is_recorded_as_mp4_or_gif(tmp_path: Path, suffix: str) -> None:
    import cv2
    from PIL import Image

    from mmpp_desktop.core.live import StreamRecorder

    recorder = StreamRecorder(tmp_path / f"clip{suffix}", fps=10)
    for shade in (0, 120, 240):
        recorder.add(Image.new("RGB", (64, 64), (shade, shade, shade)))
    saved = recorder.close()
    assert saved == tmp_path / f"clip{suffix}" and recorder.frames_written == 3
    recorder.add(Image.new("RGB", (64, 64)))  # a frame arriving after the close is ignored
    if suffix == ".gif":
        with Image.open(saved) as gif:
            assert gif.n_frames == 3 and gif.size == (64, 64)
    else:
        capture = cv2.VideoCapture(str(saved))
        frames = []
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(frame)
        capture.release()
        assert len(frames) == 3 and frames[2].mean() > frames[0].mean() + 100
    with pytest.raises(InvalidInputError, match=".mp4 or .gif"):
        StreamRecorder(tmp_path / "clip.avi", fps=10)
