"""Live stylizing in the real window, with the test video as the camera and the tiny SD 1.5 kit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import VIDEO
from PySide6.QtCore import Qt

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import AppPaths, resolve_paths
from mmpp_desktop.core.settings import Settings, SettingsStore
from mmpp_desktop.core.styles import StyleLibrary
from mmpp_desktop.qt.capture import VideoFileSource
from mmpp_desktop.qt.main_window import MainWindow
from mmpp_desktop.qt.workers.live_worker import LiveOutput

LIVE_TIMEOUT_MS = 120_000


@pytest.fixture
def paths(tiny_kit_sd15: dict) -> AppPaths:
    paths = resolve_paths().ensure()
    SettingsStore(paths.settings_file).save(Settings(sd15_base_model=tiny_kit_sd15["base"], device="cpu"))
    return paths


@pytest.fixture
def window(qtbot, paths: AppPaths) -> MainWindow:
    window = MainWindow(paths, frame_source=VideoFileSource(VIDEO), source_label="Test clip")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.session.set_controls(size=64, seed=7, random_seed=False, prompt="portrait", strength=0.6)
    return window


def _start_live(qtbot, window: MainWindow, frames: int = 2) -> list[LiveOutput]:
    outputs: list[LiveOutput] = []
    window.live.frame_ready.connect(outputs.append)
    window.capture.stylize_button.click()
    assert window.live.active and window.capture.live
    qtbot.waitUntil(lambda: len(outputs) >= frames, timeout=LIVE_TIMEOUT_MS)
    return outputs


def _stop_live(qtbot, window: MainWindow) -> None:
    window.capture.stylize_button.click()
    qtbot.waitUntil(lambda: not window.live.loop_running, timeout=LIVE_TIMEOUT_MS)


def test_live_on_shows_stylized_frames_and_the_fps_readout(qtbot, window: MainWindow) -> None:
    _start_live(qtbot, window, frames=3)
    panel = window.live_panel
    assert window.centre.currentWidget() is panel
    assert panel.view.image is not None and (panel.view.image.width(), panel.view.image.height()) == (64, 64)
    assert "fps" in panel.readout.text() and "—" not in panel.readout.text()
    stats = window.live.stats
    assert stats is not None and stats.frames_out >= 3 and stats.fps > 0
    assert window.capture.canvas.isVisible()  # the raw feed stays beside the stylized one
    _stop_live(qtbot, window)


def test_live_off_stops_the_worker_and_no_frame_arrives_after(qtbot, window: MainWindow) -> None:
    _start_live(qtbot, window)
    produced: list[object] = []
    window.live.worker.frame_ready.connect(produced.append)
    _stop_live(qtbot, window)
    assert not window.live.active and window.centre.currentWidget() is window.result_view
    shown, made = window.live.frames_shown, len(produced)
    qtbot.wait(1500)  # the camera keeps running; the stylizer must not
    assert window.live.frames_shown == shown and len(produced) == made
    assert window.capture.live, "stopping live stylizing leaves the raw camera view on"


def test_space_keeps_the_stylized_frame_in_history_with_its_input_frame(
        qtbot, window: MainWindow, paths: AppPaths) -> None:
    _start_live(qtbot, window)
    with qtbot.waitSignal(window.session.result_recorded, timeout=LIVE_TIMEOUT_MS) as recorded:
        qtbot.keyClick(window.live_panel.view, Qt.Key.Key_Space)
    assert window.live.active, "a live snapshot does not stop live mode"
    entry = HistoryStore(paths).get(recorded.args[0])
    assert entry.input_path is not None and entry.input_path.is_file()
    from PIL import Image

    with Image.open(entry.input_path) as frame:
        assert frame.size == (640, 360)  # the raw video frame, not the crop
    with Image.open(entry.image_paths[0]) as image:
        assert image.size == (64, 64)
    assert entry.recipe["live"] is True and entry.recipe["scheduler"]["name"] == "lcm"
    assert entry.recipe["steps"] == 2 and entry.recipe["guidance"] <= 1.0
    assert entry.scores["structure"] is not None  # scored by the generation service, as any result
    _stop_live(qtbot, window)


def test_a_style_weight_change_takes_effect_within_two_frames_without_a_base_reload(
        qtbot, window: MainWindow, paths: AppPaths, tiny_kit_sd15: dict) -> None:
    name = StyleLibrary(paths).import_lora(Path(tiny_kit_sd15["loras"][0])).name
    window.session.add_style(name, 1.0)
    outputs = _start_live(qtbot, window)
    before = outputs[-1]
    assert before.styles and before.styles[0][0] == name
    old_weight = before.styles[0][1]
    window.session.update_style(0, weight=0.3)
    changed_at = len(outputs)
    qtbot.waitUntil(lambda: len(outputs) >= changed_at + 2, timeout=LIVE_TIMEOUT_MS)
    after = outputs[changed_at:changed_at + 2]
    assert after[-1].styles[0][1] == pytest.approx(old_weight * 0.3)
    assert all(output.base_loads == before.base_loads for output in after)
    _stop_live(qtbot, window)


def test_closing_the_window_while_live_does_not_freeze(qtbot, window: MainWindow) -> None:
    outputs = _start_live(qtbot, window)
    window.live_panel.record_button.click()  # recording too: the file must be finished on the way out
    recorded_from = len(outputs)
    qtbot.waitUntil(lambda: len(outputs) >= recorded_from + 2, timeout=LIVE_TIMEOUT_MS)
    started = time.perf_counter()
    window.close()
    assert time.perf_counter() - started < 20
    assert not window.session.generation.thread.isRunning()
    recordings = list((window.paths.data_dir / "recordings").glob("live-*.mp4"))
    assert len(recordings) == 1 and recordings[0].stat().st_size > 0


def test_any_other_generation_first_stops_live_mode(qtbot, window: MainWindow) -> None:
    _start_live(qtbot, window)
    window.generate()  # no photo is open: the generation is refused, but live mode is already off
    assert not window.live.active and not window.capture.stylize_button.isChecked()
    qtbot.waitUntil(lambda: not window.live.loop_running, timeout=LIVE_TIMEOUT_MS)


def test_the_live_job_takes_the_window_controls_with_a_few_step_sampler(window: MainWindow) -> None:
    from mmpp_desktop.core.errors import UserFacingError
    from mmpp_desktop.qt.widgets.live_panel import live_job

    window.session.add_style("Watercolor", 0.6)
    window.session.set_controls(scheduler="dpmpp", steps=20, guidance=6.0, prompt="a portrait")
    job = live_job(window.session)
    request = job.request
    assert (request.scheduler, request.steps, request.guidance) == ("lcm", 2, 1.0)
    assert request.controlnet is None and request.prompt == "a portrait" and request.size == 64
    assert job.styles == (("Watercolor", 0.6),)
    window.session.set_controls(scheduler="tcd", steps=3)
    assert (live_job(window.session).request.scheduler, live_job(window.session).request.steps) == ("tcd", 3)
    window.session.set_controls(look="cartoon")
    with pytest.raises(UserFacingError, match="classic"):
        live_job(window.session)
    window.capture.stylize_button.click()  # refused with the message, the toggle springs back
    assert not window.live.active and not window.capture.stylize_button.isChecked()
    assert "classic" in window.session.error
