"""The strength axis rules, the sweep's fast settings and the coarse-then-bisect search."""

from __future__ import annotations

from typing import Any

import pytest

from mmpp_desktop.core.balance import (
    CONTROLNET_HOLD,
    MIN_DENOISE,
    Rendered,
    at_strength,
    choose,
    fast_request,
    find_balance,
    search_strengths,
)
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import (
    ControlNetSettings,
    GenerationRequest,
    GenerationResult,
    PromptSource,
    Scores,
    StyleLora,
)

REQUEST = GenerationRequest(
    input_image="face.jpg", model="m.safetensors", strength=0.6, steps=20,
    styles=(StyleLora("a.safetensors", 0.8, "A"), StyleLora("b.safetensors", -0.5, "B", start=0.3)),
    source=PromptSource(prompt="p", styles=(("A", 1.0),)),
    controlnet=ControlNetSettings("cn", conditioning_scale=0.7))


def test_full_strength_is_the_request_as_set_and_zero_pulls_everything_toward_the_photo() -> None:
    assert at_strength(REQUEST, 1.0) == REQUEST
    zero = at_strength(REQUEST, 0.0)
    assert [style.weight for style in zero.styles] == [0.0, 0.0]
    assert zero.styles[1].start == 0.3 and zero.source.styles == (("A", 0.0),)
    assert zero.strength == pytest.approx(MIN_DENOISE, abs=1e-4)
    assert zero.controlnet.conditioning_scale == CONTROLNET_HOLD
    previous = zero
    for s in (0.25, 0.5, 0.75, 1.0):
        point = at_strength(REQUEST, s)
        assert point.styles[0].weight > previous.styles[0].weight
        assert point.styles[1].weight < previous.styles[1].weight  # a negative (slider) weight grows too
        assert point.strength > previous.strength
        assert point.controlnet.conditioning_scale < previous.controlnet.conditioning_scale
        assert (point.prompt, point.seed, point.size, point.scheduler) == (REQUEST.prompt, 0, 512, "dpmpp")
        previous = point


def test_the_denoise_floor_always_leaves_one_step_and_never_exceeds_the_users_strength() -> None:
    few_steps = at_strength(GenerationRequest(input_image="f.jpg", steps=4, strength=0.8), 0.0)
    assert int(few_steps.steps * few_steps.strength) >= 1
    gentle = GenerationRequest(input_image="f.jpg", strength=0.1)
    assert at_strength(gentle, 0.0).strength == at_strength(gentle, 1.0).strength == 0.1


def test_classic_strength_is_the_intensity() -> None:
    classic = GenerationRequest(input_image="f.jpg", classic="cartoon")
    assert at_strength(classic, 0.3).intensity == 0.3
    with pytest.raises(InvalidInputError):
        at_strength(classic, 1.2)


def test_fast_settings_use_the_configured_lcm_lora_and_a_small_size() -> None:
    plain = fast_request(REQUEST, "sd15", Settings())
    assert (plain.size, plain.scheduler, plain.steps) == (384, "dpmpp", 20)
    fast = fast_request(REQUEST, "sd15", Settings(sd15_lcm_lora="/m/lcm.safetensors"))
    assert (fast.scheduler, fast.acceleration_lora, fast.size) == ("lcm", "/m/lcm.safetensors", 384)
    assert fast.steps <= 8 and fast.guidance <= 2.0
    assert fast_request(REQUEST, "sdxl", Settings()).size == 512
    tiny = GenerationRequest(input_image="f.jpg", size=64)
    assert fast_request(tiny, "sd15", Settings()).size == 64
    classic = GenerationRequest(input_image="f.jpg", classic="sketch")
    assert fast_request(classic, "sd15", Settings(sd15_lcm_lora="x")) == classic


def _search(curve, threshold: float, points: int) -> list[float]:
    seen: list[float] = []

    def likeness_at(s: float) -> float:
        seen.append(s)
        return curve(s)

    search_strengths(likeness_at, threshold, points)
    return seen


def test_search_bisects_the_crossing_after_a_coarse_pass() -> None:
    seen = _search(lambda s: 1.0 - s, 0.5, 7)
    assert seen[:4] == [0.0, 0.3333, 0.6667, 1.0]  # the coarse pass
    assert len(seen) == 7 and all(0.3333 <= s <= 0.6667 for s in seen[4:])
    best = max(s for s in seen if 1.0 - s >= 0.5)
    assert 0.5 - best <= 1 / 24 + 1e-9  # three bisections narrow a third down to a 24th
    assert choose([1.0 - s for s in sorted(seen)], 0.5) == sorted(seen).index(best)


def test_search_spends_no_bisection_when_nothing_or_everything_passes() -> None:
    assert _search(lambda s: 0.2, 0.5, 9) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert _search(lambda s: 0.9, 0.5, 9) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert _search(lambda s: 1 - s, 0.5, 2) == [0.0, 1.0]
    with pytest.raises(InvalidInputError) as caught:
        _search(lambda s: 1 - s, 0.5, 1)
    assert caught.value.message.context == "balance"


def test_choose_takes_the_strongest_passing_point_even_on_a_bumpy_curve() -> None:
    assert choose([0.9, 0.4, 0.6, 0.3], 0.5) == 2
    assert choose([0.4, 0.3], 0.5) is None
    assert choose([0.5, None], 0.5) == 0


def _likeness_falling_with_strength(request: GenerationRequest, group: dict[str, Any]) -> Rendered:
    """A render stand-in: likeness 1 − s, so the sweep's outcome is known without a model."""
    scores = Scores(likeness=round(1.0 - group["strength"], 4))
    return Rendered(request=request, result=GenerationResult(request=request, images=(), recipe={}, timings={}),
                    scores=scores, entry_id=None)


def test_the_outcome_message_is_a_translatable_sentence_in_english_as_before() -> None:
    outcome = find_balance(REQUEST, _likeness_falling_with_strength, threshold=0.5, points=3)
    assert outcome.message == "Strongest strength that keeps likeness ≥ 0.5: 0.5."
    assert (outcome.message.context, outcome.message.params) == ("balance", {"threshold": 0.5, "strength": 0.5})
    failed = find_balance(REQUEST, lambda request, group: _likeness_falling_with_strength(request, {"strength": 1}),
                          threshold=0.5, points=3)
    assert failed.chosen is None and failed.message.startswith("No strength kept likeness ≥ 0.5;")
    assert failed.message.context == "balance"
