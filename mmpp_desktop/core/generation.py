"""The generation service: compose styles → engine → score → record, for every front end.

The CLI's `generate`, the GUI's worker thread and later features (balance sweeps, best-of-N,
live mode) all run requests through one `GenerationService`, so a request made anywhere is
composed, resolved against the preferences, scored and recorded the same way.

The service owns SQLite connections (style library, history), so it lives on one thread:
the thread that created it. It imports no Qt and no torch; the engine imports torch when
it first loads a model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, cast

from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.presets import sampler_preset
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.types import (
    FAMILIES,
    CancelToken,
    DeviceName,
    EngineOptions,
    GenerationRequest,
    GenerationResult,
    PrecisionName,
    Progress,
    PromptSource,
)

if TYPE_CHECKING:
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.history import HistoryStore
    from mmpp_desktop.core.styles import StyleLibrary

Scorer = Callable[[GenerationResult], GenerationResult]
"""Takes a fresh result and returns it with its scores filled in (see `core.scoring`)."""

StyleChoice = tuple[str, float | None]
"""A library style name and its blend weight, which is the weight its (first) LoRA runs at;
None takes the style's saved default (`Style.default_weight`)."""


def engine_options(settings: Settings) -> EngineOptions:
    """How the engine should run under these preferences."""
    return EngineOptions(
        device=cast(DeviceName, settings.device),
        precision=cast(PrecisionName, settings.precision),
        compile=settings.torch_compile,
        preview_decoders={family: settings.model_path(family, "tiny_autoencoder")
                          for family in FAMILIES if settings.model_path(family, "tiny_autoencoder")},
    )


class GenerationService:
    """One warm engine plus the stores around it; every method runs on the owning thread.

    `scorer` is the score step: by default likeness, structure and (with a CLIP model) prompt
    agreement from `core.scoring`; None keeps results unscored. `engine` may be passed in to
    share a warm one, else it is built on first use from the settings.
    """

    def __init__(self, paths: AppPaths, settings: Settings, *, scorer: Scorer | None | Literal["default"] = "default",
                 engine: Engine | None = None) -> None:
        self.paths = paths
        self.settings = settings
        self.scorer = self._score if scorer == "default" else scorer
        self._engine = engine
        self._library: StyleLibrary | None = None
        self._history: HistoryStore | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from mmpp_desktop.core.engine import Engine

            self._engine = Engine(engine_options(self.settings), cache_dir=self.paths.cache_dir)
        return self._engine

    @property
    def history(self) -> HistoryStore:
        if self._history is None:
            from mmpp_desktop.core.history import HistoryStore

            self._history = HistoryStore(self.paths)
        return self._history

    def update_settings(self, settings: Settings) -> None:
        """New preferences apply from the next request; a warm pipeline stays loaded where it can."""
        self.settings = settings
        if self._engine is not None:
            self._engine.set_options(engine_options(settings))

    def compose(self, request: GenerationRequest, styles: Sequence[StyleChoice] = ()) -> GenerationRequest:
        """Apply library styles (templates, trigger words, LoRAs) to the user's prompt.

        LoRAs already in the request (files given directly) follow the styles' LoRAs. The
        user's own prompt and blend are kept in `request.source` for "reuse" in history.
        An unknown style name raises `StyleNotFoundError`, for classic filters too.
        """
        prompt, negative, loras = request.prompt, request.negative_prompt, ()
        chosen_names: tuple[StyleChoice, ...] = ()
        if styles:
            from mmpp_desktop.core.styles import compose_prompt

            library = self._style_library()
            found = [(library.get(name), weight) for name, weight in styles]
            chosen = [(style, style.default_weight if weight is None else weight) for style, weight in found]
            prompt, negative, loras = compose_prompt(chosen, request.prompt, request.negative_prompt)
            chosen_names = tuple((style.name, weight) for style, weight in chosen)
        source = request.source or PromptSource(request.prompt, request.negative_prompt, chosen_names)
        return dataclasses.replace(request, prompt=prompt, negative_prompt=negative,
                                   styles=loras + request.styles, source=source)

    def resolve(self, request: GenerationRequest) -> GenerationRequest:
        """Fill the model paths the request leaves to the preferences.

        LCM and TCD need their acceleration LoRA for the base model's family; the path goes
        into the request, so the recipe says what ran and a replay runs the same.
        """
        if request.classic or request.acceleration_lora is not None:
            return request
        if not sampler_preset(request.scheduler).accelerated:
            return request
        family = self.engine.detect_family(request.model)
        path = self.settings.model_path(family, f"{request.scheduler}_lora")
        return dataclasses.replace(request, acceleration_lora=path or None)

    def generate(self, request: GenerationRequest, styles: Sequence[StyleChoice] = (), *,
                 progress: Callable[[Progress], None] | None = None,
                 cancel: CancelToken | None = None) -> GenerationResult:
        """Run one request: compose, resolve, generate, score. Recording is a separate step,
        so a caller can show the result before it is stored (or not store it at all)."""
        request = self.resolve(self.compose(request, styles))
        result = self.engine.generate(request, progress=progress, cancel=cancel)
        return self.scorer(result) if self.scorer is not None else result

    def record(self, result: GenerationResult) -> int:
        """Store the result in history, then apply the History size setting (0 keeps all)."""
        entry_id = self.history.record(result)
        self.history.trim_to(self.settings.history_limit)
        return entry_id

    def _score(self, result: GenerationResult) -> GenerationResult:
        from mmpp_desktop.core.scoring import attach_scores

        return attach_scores(result, clip_model=self.settings.clip_model or None)

    def release(self, *, collect: bool = True) -> None:
        """Free the engine's pipeline and drop the stores (their connections close with them).

        `collect=False` leaves freeing the weights to the next automatic collection (see `Engine.unload`).
        """
        if self._engine is not None:
            self._engine.unload(collect=collect)
        self._engine = self._library = self._history = None

    def _style_library(self) -> StyleLibrary:
        if self._library is None:
            from mmpp_desktop.core.styles import StyleLibrary

            self._library = StyleLibrary(self.paths)
        return self._library
