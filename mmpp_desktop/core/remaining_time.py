"""How long a denoising run has left, from the steps it has already done.

The estimate is the mean step time of this run so far, times the steps still to go. The
first step carries one-time work (kernel selection, cache allocation, a compiled graph's
first call), so once a second step is in, the mean is taken from the end of the first.
"""

from __future__ import annotations


class RemainingTime:
    """Feed it each step's `(step, total, elapsed)`; `reset()` before the next run."""

    def __init__(self) -> None:
        self._first: tuple[int, float] | None = None  # the first step seen and its elapsed time

    def reset(self) -> None:
        self._first = None

    def update(self, step: int, total: int, elapsed: float) -> float | None:
        """Seconds left after `step` of `total` (`elapsed`: seconds since the run's denoising began).

        None when nothing can be said yet (no step done) or a step is reported out of order.
        """
        if step <= 0 or total <= 0:
            return None
        if self._first is None or step < self._first[0]:
            self._first = (step, elapsed)
        first_step, first_elapsed = self._first
        if step == first_step:
            mean = elapsed / step
        else:
            mean = (elapsed - first_elapsed) / (step - first_step)
        return max(0.0, mean * (total - step))
