"""sweep_overhead_ratio: what a balance sweep costs beyond the generations it is made of.

The sweep's wall time is compared with the same requests (the points it rendered, at the
same fast settings) each run alone through the same generate → score → record path. The
ratio is the sweep's own overhead: choosing points, retagging recipes, sorting. Sweeps and
lone runs are interleaved so machine load shifts both sides alike.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from pathlib import Path
from typing import Any


def sweep_overhead(request: Any, engine: Any, work: Path, kit: dict[str, Any], repeats: int,
                   points: int = 5) -> dict[str, Any]:
    from mmpp_desktop.core.balance import HistoryRenderer, find_balance
    from mmpp_desktop.core.generation import GenerationService
    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.settings import Settings
    from mmpp_desktop.core.types import StyleLora

    a, b = (StyleLora(path, weight, name) for path, weight, name in zip(kit["loras"][:2], (0.9, 0.6), "ab",
                                                                            strict=True))
    request = dataclasses.replace(request, styles=(a, b), strength=0.8)
    renderer = HistoryRenderer(GenerationService(resolve_paths(str(work / "sweep-data")), Settings(), engine=engine))
    renderer(request, {"id": "warm-up"})  # the model, both LoRAs and the face model load here, once
    sweep_seconds: list[float] = []
    alone_seconds: list[float] = []
    point_count = 0
    for _ in range(max(3, repeats // 3)):
        started = time.perf_counter()
        outcome = find_balance(request, renderer, points=points)
        sweep_seconds.append(time.perf_counter() - started)
        point_count = len(outcome.points)
        lone_total = 0.0
        for point in outcome.points:
            started = time.perf_counter()
            renderer(point.rendered.request, {"id": "alone"})
            lone_total += time.perf_counter() - started
        alone_seconds.append(lone_total)
    sweep, alone = statistics.median(sweep_seconds), statistics.median(alone_seconds)
    return {"sweep_overhead_ratio": sweep / alone,
            "_seconds": {"balance_sweep": sweep, "sweep_points_alone": alone,
                         "sweep_points": point_count}}
