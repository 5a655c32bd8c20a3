"""Balance: find the strongest style that still looks like the person (Qt-free).

A sweep walks one "style strength" axis `s` in 0–1 (`at_strength` holds every rule), renders
each point with fast settings, scores it, and records it in history as one group: every
entry's recipe carries `"sweep": {"id", "kind", ...}`. Likeness mostly falls as `s` rises, so
after a coarse pass the search bisects the step where it crosses the threshold instead of
rendering every value. Best-of-N (`best_of`) uses the same render-score-record path.
"""

from __future__ import annotations

import dataclasses
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mmpp_desktop.core.engine.errors import GenerationCancelled
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.presets import SAMPLER_PRESETS, sampler_preset
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text
from mmpp_desktop.core.types import CancelToken, GenerationRequest, GenerationResult, Progress

if TYPE_CHECKING:
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.generation import GenerationService
    from mmpp_desktop.core.history import HistoryStore
    from mmpp_desktop.core.settings import Settings
    from mmpp_desktop.core.types import Scores

# The face model's same-person line (descriptor distance 0.6) on the likeness scale 1 − d/1.2.
DEFAULT_MIN_LIKENESS = 0.5
DEFAULT_POINTS = 7
# The sweep renders small: likeness needs a face of ~100 px, not a finished portrait.
SWEEP_SIZES = {"sd15": 384, "sdxl": 512}
# ControlNet scale at s = 0, where the photo's edges hold hardest (unless the user's is higher).
CONTROLNET_HOLD = 1.2
# Lowest img2img strength on the axis: below it the sampler barely touches the photo.
MIN_DENOISE = 0.15
# Bisection stops when the bracket is narrower than this: finer steps are not visible.
MIN_BRACKET = 1 / 64
RANK_BY = ("likeness", "clip", "both")
_SEED_MODULUS = 2**64


def at_strength(request: GenerationRequest, s: float) -> GenerationRequest:
    """The request at point `s` of the style-strength axis; `s = 1` is the request as the user set it.

    Lowering `s` moves every knob toward the photo at once:
    - classic filter: the intensity is `s` itself (0 = the input crop, 1 = the full filter);
    - every style's LoRA weight (and its blend weight in `request.source`) is multiplied by `s`;
    - img2img strength rises linearly from a floor at `s = 0` to the user's strength at `s = 1`;
      the floor is `MIN_DENOISE`, or the one-step minimum `1/steps` if that is higher, and
      never above the user's own strength;
    - ControlNet conditioning scale falls linearly from `max(CONTROLNET_HOLD, user's)` at `s = 0`
      to the user's scale at `s = 1`.
    Prompt, seed, sampler, size and the IP-Adapter stay as they are.
    """
    if not 0.0 <= s <= 1.0:
        raise InvalidInputError(QT_TRANSLATE_NOOP("balance", "The style strength must be between 0 and 1."))
    if request.classic:
        return dataclasses.replace(request, intensity=s)
    styles = tuple(dataclasses.replace(style, weight=round(style.weight * s, 4)) for style in request.styles)
    source = request.source
    if source is not None:
        source = dataclasses.replace(source, styles=tuple((name, round(weight * s, 4))
                                                          for name, weight in source.styles))
    floor = min(request.strength, max(MIN_DENOISE, 1.0 / max(1, request.steps) + 1e-6))
    strength = round(floor + (request.strength - floor) * s, 4)
    controlnet = request.controlnet
    if controlnet is not None:
        hold = max(CONTROLNET_HOLD, controlnet.conditioning_scale)
        scale = round(hold - (hold - controlnet.conditioning_scale) * s, 4)
        controlnet = dataclasses.replace(controlnet, conditioning_scale=scale)
    return dataclasses.replace(request, styles=styles, source=source, strength=strength, controlnet=controlnet)


def fast_request(request: GenerationRequest, family: str, settings: Settings) -> GenerationRequest:
    """The sweep's fast settings: a small size and, when an LCM- or TCD-LoRA is configured for
    the family, that sampler at its preset steps and guidance. Classic filters are fast
    already and keep their size."""
    if request.classic:
        return request
    changes: dict[str, Any] = {"size": min(request.size, SWEEP_SIZES.get(family, 512)), "num_images": 1}
    if not sampler_preset(request.scheduler).accelerated:
        for scheduler, preset in SAMPLER_PRESETS.items():
            lora = settings.model_path(family, f"{scheduler}_lora") if preset.accelerated else ""
            if lora:
                changes.update(scheduler=scheduler, acceleration_lora=lora, steps=preset.steps,
                               guidance=preset.guidance)
                if preset.eta is not None:
                    changes["tcd_eta"] = preset.eta
                break
    return dataclasses.replace(request, **changes)


@dataclass(frozen=True)
class Rendered:
    """One request generated, scored and recorded; `entry_id` is its history entry."""

    request: GenerationRequest
    result: GenerationResult
    scores: Scores
    entry_id: int | None


# Generate, score and record one request; the dict is the group tag stored as the recipe's "sweep".
RenderOne = Callable[[GenerationRequest, dict[str, Any]], Rendered]


class HistoryRenderer:
    """`RenderOne` over the generation service: generate, score, tag the recipe with the group,
    record. What every sweep, grid and best-of-N point goes through."""

    def __init__(self, service: GenerationService, *, progress: Callable[[Progress], None] | None = None,
                 cancel: CancelToken | None = None) -> None:
        self.service = service
        self.progress = progress
        self.cancel = cancel or CancelToken()

    @property
    def engine(self) -> Engine:
        return self.service.engine

    @property
    def history(self) -> HistoryStore:
        return self.service.history

    def __call__(self, request: GenerationRequest, group: dict[str, Any]) -> Rendered:
        from mmpp_desktop.core.scoring import score_result, with_scores

        result = self.service.generate(request, progress=self.progress, cancel=self.cancel)
        scores = result.scores
        if scores is None:  # a service built without a scorer
            scores = score_result(result)
            result = with_scores(result, scores)
        result = dataclasses.replace(result, recipe={**result.recipe, "sweep": group})
        entry_id = self.service.record(result)
        return Rendered(request=result.request, result=result, scores=scores, entry_id=entry_id)


@dataclass(frozen=True)
class SweepPoint:
    """One point of a balance sweep; `full_request` renders the same point at the user's settings."""

    strength: float
    rendered: Rendered
    full_request: GenerationRequest

    @property
    def likeness(self) -> float | None:
        return self.rendered.scores.likeness


@dataclass(frozen=True)
class BalanceOutcome:
    """The points of a sweep sorted by strength; `chosen` indexes the strongest one that kept the person."""

    sweep_id: str
    threshold: float
    points: tuple[SweepPoint, ...]
    chosen: int | None
    message: Text


def new_group_id() -> str:
    return uuid.uuid4().hex[:16]


def choose(likenesses: Sequence[float | None], threshold: float) -> int | None:
    """Index of the last (strongest, when sorted by strength) likeness ≥ threshold, or None."""
    passing = [index for index, likeness in enumerate(likenesses) if likeness is not None and likeness >= threshold]
    return passing[-1] if passing else None


def search_strengths(likeness_at: Callable[[float], float | None], threshold: float, points: int) -> None:
    """Evaluate at most `points` strengths: an even coarse pass over 0–1, then bisection of
    the bracket between the strongest passing coarse point and the next one.

    The coarse pass takes about half the budget, so a non-monotonic curve is still seen at
    that resolution, and the bisection halves the crossing bracket with each point left.
    """
    if points < 2:
        raise InvalidInputError(QT_TRANSLATE_NOOP("balance", "A balance sweep needs at least 2 points."))
    coarse_count = max(2, (points + 2) // 2)
    seen: dict[float, float | None] = {}
    for index in range(coarse_count):
        s = round(index / (coarse_count - 1), 4)
        seen[s] = likeness_at(s)
    ordered = sorted(seen)
    passing = choose([seen[s] for s in ordered], threshold)
    if passing is None or passing == len(ordered) - 1:
        return  # nothing keeps the person, or even full strength does: no crossing to refine
    low, high = ordered[passing], ordered[passing + 1]
    while len(seen) < points and high - low > MIN_BRACKET:
        middle = round((low + high) / 2, 4)
        likeness = seen[middle] = likeness_at(middle)
        if likeness is not None and likeness >= threshold:
            low = middle
        else:
            high = middle


def find_balance(request: GenerationRequest, render: RenderOne, *, threshold: float = DEFAULT_MIN_LIKENESS,
                 points: int = DEFAULT_POINTS, fast: Callable[[GenerationRequest], GenerationRequest] | None = None,
                 cancel: CancelToken | None = None, on_point: Callable[[SweepPoint], None] | None = None
                 ) -> BalanceOutcome:
    """Sweep `request` along the strength axis and choose the largest `s` with likeness ≥ `threshold`.

    `fast` turns the user's request into the sweep's (`fast_request`); each point is rendered
    through `render`, tagged with one sweep id. Cancelling raises `GenerationCancelled` before
    the next point (the engine stops the current one between steps); points already rendered
    stay recorded as complete entries of the group.
    """
    if not 0.0 <= threshold <= 1.0:
        raise InvalidInputError(QT_TRANSLATE_NOOP("balance", "The minimum likeness must be between 0 and 1."))
    cancel = cancel or CancelToken()
    sweep_id = new_group_id()
    sweep_base = fast(request) if fast is not None else request
    found: list[SweepPoint] = []

    def likeness_at(s: float) -> float | None:
        if cancel.cancelled:
            raise GenerationCancelled(QT_TRANSLATE_NOOP("balance", "The balance sweep was cancelled."))
        group = {"id": sweep_id, "kind": "balance", "strength": s, "threshold": threshold}
        rendered = render(at_strength(sweep_base, s), group)
        if rendered.scores.likeness is None:
            raise InvalidInputError(QT_TRANSLATE_NOOP(
                "balance", "The photo shows no face, so there is no likeness to balance against."))
        point = SweepPoint(strength=s, rendered=rendered, full_request=at_strength(request, s))
        found.append(point)
        if on_point is not None:
            on_point(point)
        return rendered.scores.likeness

    search_strengths(likeness_at, threshold, points)
    ordered = tuple(sorted(found, key=lambda point: point.strength))
    chosen = choose([point.likeness for point in ordered], threshold)
    if chosen is None:
        message = QT_TRANSLATE_NOOP(
            "balance", "No strength kept likeness ≥ {threshold:g}; try a lower --min-likeness or gentler settings."
        ).format(threshold=threshold)
    else:
        message = QT_TRANSLATE_NOOP("balance", "Strongest strength that keeps likeness ≥ {threshold:g}: {strength:g}."
                                    ).format(threshold=threshold, strength=ordered[chosen].strength)
    return BalanceOutcome(sweep_id=sweep_id, threshold=threshold, points=ordered, chosen=chosen, message=message)


def rank_value(scores: Scores, rank_by: str) -> float:
    """The figure best-of-N sorts by (higher is better); a missing score ranks last."""
    likeness, clip = scores.likeness, scores.clip
    if rank_by == "likeness":
        value = likeness
    elif rank_by == "clip":
        value = clip
    elif rank_by == "both":
        value = likeness * clip if likeness is not None and clip is not None else None
    else:
        raise InvalidInputError(_unknown_rank(rank_by))
    return -math.inf if value is None else float(value)


def _unknown_rank(rank_by: str) -> Text:
    return QT_TRANSLATE_NOOP("balance", "Rank by one of {choices}, not {value}.").format(
        choices=", ".join(RANK_BY), value=repr(rank_by))


def best_of(request: GenerationRequest, count: int, rank_by: str, render: RenderOne,
            cancel: CancelToken | None = None) -> list[Rendered]:
    """Render seeds seed, seed+1, … (modulo 2^64) and return them best first by `rank_by`."""
    if not 1 <= count <= 64:
        raise InvalidInputError(QT_TRANSLATE_NOOP("balance", "--count must be between 1 and 64."))
    if rank_by not in RANK_BY:  # refuse before rendering anything
        raise InvalidInputError(_unknown_rank(rank_by))
    cancel = cancel or CancelToken()
    group_id = new_group_id()
    rendered: list[Rendered] = []
    for index in range(count):
        if cancel.cancelled:
            raise GenerationCancelled(QT_TRANSLATE_NOOP("balance", "Best-of-N was cancelled."))
        seed = (request.seed + index) % _SEED_MODULUS
        group = {"id": group_id, "kind": "best_of", "index": index, "rank_by": rank_by}
        rendered.append(render(dataclasses.replace(request, seed=seed), group))
    return sorted(rendered, key=lambda item: rank_value(item.scores, rank_by), reverse=True)
