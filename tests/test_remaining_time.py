"""The remaining-time estimate behind the result view's "about N s left"."""

from __future__ import annotations

import pytest

from mmpp_desktop.core.remaining_time import RemainingTime


def test_mean_of_steady_steps_times_steps_left() -> None:
    clock = RemainingTime()
    assert clock.update(1, 10, 0.5) == pytest.approx(4.5)  # one step: its own time
    assert clock.update(2, 10, 1.0) == pytest.approx(4.0)
    assert clock.update(5, 10, 2.5) == pytest.approx(2.5)
    assert clock.update(10, 10, 5.0) == 0.0


def test_slow_first_step_does_not_inflate_the_estimate() -> None:
    clock = RemainingTime()
    clock.update(1, 20, 3.0)  # warm-up: 3 s, then 0.2 s a step
    assert clock.update(2, 20, 3.2) == pytest.approx(18 * 0.2)
    assert clock.update(6, 20, 4.0) == pytest.approx(14 * 0.2)


def test_estimate_follows_a_run_that_slows_down() -> None:
    clock = RemainingTime()
    for step in range(1, 5):
        clock.update(step, 8, step * 0.1)
    assert clock.update(5, 8, 0.4 + 1.0) == pytest.approx(3 * (1.3 / 4))  # the running mean rises


def test_nothing_to_say_before_a_step_and_reset_starts_a_new_run() -> None:
    clock = RemainingTime()
    assert clock.update(0, 10, 0.0) is None
    assert clock.update(3, 0, 1.0) is None
    clock.update(1, 4, 10.0)
    clock.update(2, 4, 20.0)
    clock.reset()
    clock.update(1, 4, 1.0)
    assert clock.update(2, 4, 2.0) == pytest.approx(2.0), "the old run's step times are forgotten"
