"""Timing and memory primitives shared by the benchmark sections.

Machines are noisy, so nothing here is an absolute figure: callers time two things in the
same process, interleaved, and report the ratio of their medians.
"""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved_medians(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per function, calling them in turn so drifts (other load, heat) hit all alike."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            samples[name].append(timed(fn))
    return {name: statistics.median(values) for name, values in samples.items()}


def matmul_flops_per_second(size: int = 2048, repeats: int = 5) -> float:
    """What this machine's BLAS does on a large fp32 matmul: the compute ceiling for the floor."""
    import torch

    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)  # warm-up: thread pool, allocator
    seconds = statistics.median(timed(lambda: torch.mm(a, b)) for _ in range(repeats))
    return 2.0 * size**3 / seconds


def peak_rss_bytes() -> int:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def weight_bytes(*folders: str) -> int:
    """Bytes of the weight files a model load reads (safetensors are stored uncompressed)."""
    return sum(path.stat().st_size for folder in folders for path in Path(folder).rglob("*.safetensors"))
