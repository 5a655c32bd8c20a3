"""All LoRA application lives here: each file is loaded once as a named peft adapter,
a request only selects adapters and weights.

Adapters are named by the file's SHA-256, so the same style under another path is not
loaded twice, and a changed file gets a new adapter. With a compiled UNet the blend is
folded into the weights instead (`compiled.FoldedAdapters`), so no switch recompiles.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmpp_desktop.core.engine.errors import InvalidModelError, WrongFamilyError
from mmpp_desktop.core.engine.loading import warnings_to_log
from mmpp_desktop.core.engine.recipe import HashCache, lora_entry
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.lora_files import family_title, inspect_lora
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from mmpp_desktop.core.engine.compiled import FoldedAdapters

log = logging.getLogger(__name__)


def names_a_style(path: Path, name: str = "") -> bool:
    """Whether messages name a LoRA by the style the user knows rather than by its file name (never
    by the hashed name a library file is stored under, when the style is known)."""
    return bool(name) and name != Path(path).stem


def check_lora_family(path: Path, family: str, name: str = "") -> None:
    """Refuse a missing LoRA, or one made for another family, before any weight is touched."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(QT_TRANSLATE_NOOP("engine.adapters", "The LoRA file {path} does not exist.").format(
            path=path))
    info = inspect_lora(path)
    if info.family is not None and info.family != family:
        if names_a_style(path, name):
            template, subject = QT_TRANSLATE_NOOP(
                "engine.adapters", 'The style "{name}" uses an {made_for} LoRA, but the model is {family}.'), name
        else:
            template, subject = QT_TRANSLATE_NOOP(
                "engine.adapters", "The LoRA {name} is an {made_for} LoRA, but the model is {family}."), path.name
        raise WrongFamilyError(template.format(name=subject, made_for=family_title(info.family),
                                               family=family_title(family)))


def weights_at_step(loras: list[tuple[Path, float, str]], starts: list[float], step: int,
                    total: int) -> list[tuple[Path, float, str]]:
    """The (path, weight, name) list in effect at denoising step `step` of `total`: a LoRA
    with start F has weight 0 while step < F·total. The prompt is encoded before step 0,
    so a late style changes the UNet only (its text-encoder part stays off)."""
    return [(path, weight if step >= start * total - 1e-9 else 0.0, name)
            for (path, weight, name), start in zip(loras, starts, strict=True)]


class LoraAdapters:
    """The LoRA adapters loaded into one base pipeline (reset when the base is reloaded)."""

    def __init__(self, hashes: HashCache) -> None:
        self._hashes = hashes
        self._loaded: dict[str, str] = {}  # sha256 → adapter name
        self._active: dict[str, float] = {}  # adapter name → weight, as last set on the pipeline
        self._layers: list[Any] | None = None  # the pipeline's peft LoRA layers, found once per adapter load

    @property
    def loaded_count(self) -> int:
        return len(self._loaded)

    def reset(self) -> None:
        self._loaded.clear()
        self._active.clear()
        self._layers = None

    def apply(self, pipe: Any, loras: list[tuple[Path, float, str]],
              folded: FoldedAdapters | None = None, starts: list[float] | None = None) -> list[dict[str, Any]]:
        """Activate exactly these (path, weight, name) LoRAs; returns their recipe entries.

        Families were checked by the caller before the base model was loaded. With `starts`
        (one fraction per LoRA), those that start late are loaded but set to weight 0 for
        the first step; `switch_on_started` turns them on during denoising.
        """
        entries = [lora_entry(self._hashes, Path(path), weight, name) for path, weight, name in loras]
        if starts is not None:
            for entry, start in zip(entries, starts, strict=True):
                if start > 0.0:
                    entry["start"] = float(start)
            loras = weights_at_step(loras, starts, 0, 1)
        self._switch(pipe, loras, folded)
        return entries

    def switch_on_started(self, pipe: Any, loras: list[tuple[Path, float, str]], starts: list[float],
                          step: int, total: int, folded: FoldedAdapters | None = None) -> None:
        """Style start: before denoising step `step` (0-based) of `total`, give every LoRA whose
        start has been reached its weight, through the cached adapters (no load, no recompile)."""
        self._switch(pipe, weights_at_step(loras, starts, step, total), folded)

    def _switch(self, pipe: Any, loras: list[tuple[Path, float, str]], folded: FoldedAdapters | None) -> None:
        if folded is not None:
            folded.set_styles([(str(path), float(weight)) for path, weight, _ in loras])
            return
        loaded_before = len(self._loaded)
        weights: dict[str, float] = {}
        for path, weight, name in loras:
            adapter = self._ensure_loaded(pipe, Path(path), name)
            weights[adapter] = weights.get(adapter, 0.0) + float(weight)
        if weights == self._active and len(self._loaded) == loaded_before:
            return  # set_adapters costs ~15 ms a call; loading a new adapter may change the active set
        if len(self._loaded) != loaded_before:
            self._layers = None  # a new adapter may have wrapped more modules
        if weights:
            if not self._active:  # LoRA layers are off after a request without styles
                pipe.enable_lora()
            self._activate(pipe, weights)
        elif self._loaded:
            pipe.disable_lora()
        self._active = weights

    def _activate(self, pipe: Any, weights: dict[str, float]) -> None:
        """What diffusers' `set_adapters` does for plain float weights, on a cached layer list.

        `set_adapters` walks every module of the UNet and text encoders and lets peft flip
        `requires_grad` on every adapter parameter — a few ms per switch, most of a style
        switch. Inference needs neither: the LoRA layers are found once per adapter load, and
        peft's own per-layer `set_adapter(..., inference_mode=True)` / `set_scale` do the rest.
        """
        from peft.tuners.tuners_utils import BaseTunerLayer

        if self._layers is None:
            components = [getattr(pipe, name, None) for name in pipe._lora_loadable_modules]
            self._layers = [module for component in components if component is not None
                            for module in component.modules() if isinstance(module, BaseTunerLayer)]
        names = list(weights)
        for layer in self._layers:
            layer.set_adapter(names, inference_mode=True)
            for name, weight in weights.items():
                layer.set_scale(name, weight)

    def _ensure_loaded(self, pipe: Any, path: Path, name: str = "") -> str:
        sha = self._hashes.sha256(path)
        if sha in self._loaded:
            return self._loaded[sha]
        adapter = f"lora_{sha[:16]}"
        try:
            with warnings_to_log(path.name):
                # peft warns on every adapter after the first: expected here, not worth a log line
                warnings.filterwarnings("ignore", message="Already found a `peft_config` attribute")
                pipe.load_lora_weights(str(path), adapter_name=adapter)
        except (InvalidInputError, WrongFamilyError):
            raise
        except Exception as error:  # peft/diffusers raise many types for unusable files
            log.exception("Loading LoRA %s (%s) failed: %s", path, name or "no style", type(error).__name__)
            if names_a_style(path, name):
                message = QT_TRANSLATE_NOOP("engine.adapters", 'The style "{name}" does not fit this model.').format(
                    name=name)
            else:
                message = QT_TRANSLATE_NOOP("engine.adapters", "The LoRA {name} does not fit this model.").format(
                    name=path.name)
            raise InvalidModelError(message) from error
        self._loaded[sha] = adapter
        return adapter
