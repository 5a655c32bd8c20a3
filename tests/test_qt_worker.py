"""The generation worker on its own: queued jobs run in order on one thread, each result is
recorded into history from that thread, and cancel reaches jobs still waiting in the queue."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import GenerationRequest
from mmpp_desktop.qt.workers.generation_worker import GenerationController, GenerationJob
from tests.conftest import PHOTOS


def classic_job(style: str, seed: int) -> GenerationJob:
    request = GenerationRequest(input_image=str(PHOTOS / "obama.jpg"), classic=style, seed=seed, size=128)
    return GenerationJob(request, Settings(device="cpu"))


def test_queued_jobs_run_in_order_and_are_recorded(qtbot) -> None:
    paths = resolve_paths().ensure()
    controller = GenerationController(paths)
    results, recorded, threads = [], [], []
    controller.finished.connect(results.append)
    controller.recorded.connect(recorded.append)
    controller.worker.started.connect(lambda: threads.append(threading.current_thread()),
                                      Qt.ConnectionType.DirectConnection)
    try:
        with qtbot.waitSignals([controller.recorded, controller.recorded], timeout=120_000):
            controller.submit(classic_job("cartoon", 1))
            controller.submit(classic_job("sketch", 2))
            assert controller.busy
    finally:
        controller.shutdown()
    assert [result.request.classic for result in results] == ["cartoon", "sketch"]
    assert all(result.images for result in results)
    store = HistoryStore(paths)
    assert [store.get(entry_id).recipe["request"]["classic"] for entry_id in recorded] == ["cartoon", "sketch"]
    assert not controller.thread.isRunning()
    assert len(threads) == 2 and threads[0] is threads[1] is not threading.main_thread()


def test_cancel_reaches_queued_jobs(qtbot) -> None:
    controller = GenerationController(resolve_paths().ensure())
    outcomes: list[str] = []
    controller.finished.connect(lambda _result: outcomes.append("finished"))
    controller.cancelled.connect(lambda: outcomes.append("cancelled"))
    try:
        with qtbot.waitSignal(controller.busy_changed, timeout=120_000, check_params_cb=lambda busy: not busy):
            for seed in range(3):
                controller.submit(classic_job("watercolor", seed))
            controller.cancel()
    finally:
        controller.shutdown()
    assert outcomes and set(outcomes) <= {"finished", "cancelled"}
    assert outcomes.count("cancelled") >= 2, outcomes


def test_history_size_setting_trims_oldest_entries(qtbot) -> None:
    paths = resolve_paths().ensure()
    controller = GenerationController(paths)
    limited = Settings(device="cpu", history_limit=2)
    try:
        with qtbot.waitSignals([controller.recorded] * 3, timeout=120_000):
            for seed in range(3):
                controller.submit(GenerationJob(classic_job("sketch", seed).request, limited))
    finally:
        controller.shutdown()
    store = HistoryStore(paths)
    assert [entry.recipe["request"]["seed"] for entry in store.list()] == [2, 1]
    assert store.count(trashed=True) == 1


def test_diffusion_job_is_composed_by_the_service_and_names_the_device(qtbot, tiny_kit_sd15: dict) -> None:
    """Styles are composed on the worker thread, and once torch is loaded there the worker
    names the real device for the status bar (the window never imports torch itself)."""
    controller = GenerationController(resolve_paths().ensure())
    request = GenerationRequest(input_image=str(PHOTOS / "obama_small.jpg"), model=tiny_kit_sd15["base"],
                                prompt="a portrait", size=64, steps=2, seed=1, device="cpu")
    results, devices = [], []
    controller.finished.connect(results.append)
    controller.device_described.connect(devices.append)
    try:
        with qtbot.waitSignals([controller.finished, controller.device_described], timeout=240_000):
            controller.submit(GenerationJob(request, Settings(device="cpu"), (("Watercolor", 1.0),)))
    finally:
        controller.shutdown()
    assert "watercolor" in results[0].request.prompt.lower() and "a portrait" in results[0].request.prompt
    assert devices[0].startswith("CPU · ") and devices[0].endswith("· fp32")
