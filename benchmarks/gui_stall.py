"""How long the GUI thread can freeze while the real generation worker generates.

A 10 ms heartbeat QTimer runs on the GUI thread (offscreen platform) while the app's own
`GenerationController` runs jobs on its worker thread; the longest gap between two beats
is the worst stall a user would feel. Previews are turned into pixmaps on the GUI thread
as the window does, so that cost is part of the figure.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

HEARTBEAT_MS = 10


def gui_stalls_per_job_ms(data_dir: str, settings: object, requests: Sequence[object],
                          timeout_s: float = 600) -> list[float]:
    """The longest heartbeat gap (ms) during each of `requests`, run one after another on the worker."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication

    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.qt.workers.generation_worker import GenerationController, GenerationJob

    app = QApplication.instance() or QApplication([])
    controller = GenerationController(resolve_paths(data_dir).ensure())
    jobs: list[list[float]] = []  # heartbeat times per job, so idle time between jobs is not a gap
    generating = {"on": False, "left": len(requests), "errors": []}
    loop = QEventLoop()

    def beat() -> None:
        if generating["on"]:
            jobs[-1].append(time.perf_counter())

    def started() -> None:
        generating["on"] = True
        jobs.append([time.perf_counter()])

    def done(*_args: object) -> None:
        if generating["on"]:
            jobs[-1].append(time.perf_counter())
        generating["on"] = False
        generating["left"] -= 1
        if generating["left"] == 0:
            loop.quit()

    def failed(message: str) -> None:
        generating["errors"].append(message)
        done()

    pixmaps: list[QPixmap] = []
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(beat)
    controller.started.connect(started)
    controller.progress.connect(lambda _step, _total, _elapsed, image: pixmaps.append(QPixmap.fromImage(image)))
    controller.finished.connect(done)
    controller.failed.connect(failed)
    controller.cancelled.connect(done)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(loop.quit)
    try:
        heartbeat.start(HEARTBEAT_MS)
        watchdog.start(int(timeout_s * 1000))
        for request in requests:
            controller.submit(GenerationJob(request=request, settings=settings))
        loop.exec()
    finally:
        heartbeat.stop()
        watchdog.stop()
        controller.shutdown()
        app.processEvents()
    if generating["errors"]:
        raise RuntimeError(f"generation failed in the worker: {generating['errors'][0]}")
    if generating["left"]:
        raise RuntimeError("the worker did not finish in time")
    if os.environ.get("MMPP_BENCH_DEBUG"):
        for n, beats in enumerate(jobs):
            top = sorted(((b - a, a - beats[0]) for a, b in zip(beats, beats[1:], strict=False)), reverse=True)[:3]
            print("job", n, [(round(g * 1000), round(at, 2)) for g, at in top], flush=True)
    return [1000.0 * max(later - earlier for earlier, later in zip(beats, beats[1:], strict=False))
            for beats in jobs]
