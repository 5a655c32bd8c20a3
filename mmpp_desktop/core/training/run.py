"""A whole run, as the CLI and the dialog start it: check, train (or resume), export, import as a style.

Cheap checks come first (style name free, trigger given, dataset usable, model of a supported
family) so bad input costs no model load. Each run lives in `DATA/training/<name>/` with its
settings (`run.json`), the checkpoint while it runs, and the finished LoRA with an A1111 sidecar
and preview beside it; the library imports the LoRA from there through its ordinary importer.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mmpp_desktop.core.atomic import atomic_write_text
from mmpp_desktop.core.engine.errors import WrongFamilyError
from mmpp_desktop.core.engine.loading import describe_model
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.lora_files import family_title
from mmpp_desktop.core.styles import Style, StyleLibrary, StyleNameError, StyleNotFoundError
from mmpp_desktop.core.styles.model import validate_name
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text
from mmpp_desktop.core.training.dataset import KEEP_SHORT_SIDE, DatasetReport, check_dataset
from mmpp_desktop.core.training.settings import (
    CHECKPOINT_NAME,
    TrainingError,
    TrainingOutcome,
    TrainingProgress,
    TrainingSettings,
)
from mmpp_desktop.core.training.trainer import LoraTrainer, training_size
from mmpp_desktop.core.types import CancelToken

DEFAULT_WEIGHT = 1.0
RUN_SETTINGS = "run.json"


@dataclass(frozen=True)
class TrainedStyle:
    style: Style
    outcome: TrainingOutcome
    warnings: tuple[Text, ...]


@dataclass(frozen=True)
class PreparedRun:
    """A run that passed the cheap checks; `report.warnings` are shown before training starts."""

    settings: TrainingSettings
    report: DatasetReport
    run_dir: Path


def run_dir_for(data_dir: Path, name: str) -> Path:
    """`DATA/training/<slug>`: the same name finds the same run again, which is how resume works."""
    slug = re.sub(r"[^a-z0-9]+", "-", validate_name(name).lower()).strip("-") or "style"
    return Path(data_dir) / "training" / slug


def prepare_run(settings: TrainingSettings, library: StyleLibrary, data_dir: Path) -> PreparedRun:
    """Everything that can be refused without loading a model, in the order a user fixes it."""
    name = validate_name(settings.name)
    try:
        existing = library.get(name)
    except StyleNotFoundError:
        existing = None
    if existing is not None:
        raise StyleNameError(QT_TRANSLATE_NOOP(
            "training.run", "A style named {name!r} already exists; choose another name.").format(name=existing.name))
    trigger = " ".join(settings.trigger.split())
    if not trigger:
        raise TrainingError(QT_TRANSLATE_NOOP(
            "training.run", "A trained style needs a trigger word (a rare word such as 'zxq style')."))
    if settings.steps < 1 or settings.rank < 1 or settings.learning_rate <= 0:
        raise TrainingError(QT_TRANSLATE_NOOP("training.run", "Steps, rank and learning rate must be positive."))
    report = check_dataset(settings.images, keep_short_side=max(settings.size or 0, KEEP_SHORT_SIDE))
    source = describe_model(settings.model)
    if settings.family and settings.family != source.family:
        raise WrongFamilyError(QT_TRANSLATE_NOOP(
            "training.run", "{name} is an {family} model, but the style is to be trained for {wanted}.").format(
            name=source.name, family=family_title(source.family), wanted=family_title(settings.family)))
    training_size(settings, source.family)  # refuse a bad size before anything loads
    settings = dataclasses.replace(settings, name=name, trigger=trigger, family=source.family)
    return PreparedRun(settings=settings, report=report, run_dir=run_dir_for(data_dir, name))


def paused_run(data_dir: Path, name: str) -> TrainingSettings | None:
    """The settings of a run of this name that stopped with a checkpoint, or None: what "Resume" continues."""
    try:
        run_dir = run_dir_for(data_dir, name)
        if not (run_dir / CHECKPOINT_NAME).is_file():
            return None
        saved = json.loads((run_dir / RUN_SETTINGS).read_text(encoding="utf-8"))
        fields = {field.name for field in dataclasses.fields(TrainingSettings)}
        values = {key: value for key, value in saved.items() if key in fields}
        return TrainingSettings(**{**values, "images": tuple(values["images"])})
    except (UserFacingError, OSError, ValueError, KeyError, TypeError):
        return None  # no name yet, or a run folder from another version: nothing to resume


def start_trainer(prepared: PreparedRun, resume: bool = False) -> LoraTrainer:
    """The run's folder and a trainer for it (nothing loaded yet). A fresh run records its settings in
    `run.json`; a resumed one keeps the file of the run it continues."""
    prepared.run_dir.mkdir(parents=True, exist_ok=True)
    if not resume:
        atomic_write_text(prepared.run_dir / RUN_SETTINGS, json.dumps(
            {**dataclasses.asdict(prepared.settings), "warnings": list(prepared.report.warnings)}, indent=2) + "\n")
    return LoraTrainer(prepared.settings, prepared.report, describe_model(prepared.settings.model),
                       prepared.run_dir)


def add_to_library(prepared: PreparedRun, trainer: LoraTrainer, outcome: TrainingOutcome,
                   library: StyleLibrary) -> TrainedStyle:
    """Import the finished LoRA with its trigger word, default weight, last validation image as the
    thumbnail and a "trained here" note, all through the library's ordinary LoRA importer."""
    settings = prepared.settings
    lora_file = Path(outcome.lora_file)
    if outcome.validation is not None:
        outcome.validation.save(lora_file.with_suffix(".png"))  # the importer's preview → thumbnail
    atomic_write_text(lora_file.with_suffix(".json"), json.dumps({
        "activation text": settings.trigger,
        "preferred weight": DEFAULT_WEIGHT,
        "sd version": "SDXL" if settings.family == "sdxl" else "SD1",
        "description": f"Trained here from {len(prepared.report.images)} images; trigger word: {settings.trigger}.",
        "notes": (f"Run: {outcome.steps} steps, rank {settings.rank}, alpha {settings.network_alpha:g}, "
                  f"learning rate {settings.learning_rate:g}, {trainer.size} px, seed {settings.seed}, "
                  f"base model {Path(settings.model).name}. Settings: {prepared.run_dir / RUN_SETTINGS}"),
    }, indent=2) + "\n")
    style = library.import_lora(lora_file, name=settings.name)
    return TrainedStyle(style=style, outcome=outcome, warnings=prepared.report.warnings)


def train_style(prepared: PreparedRun, library: StyleLibrary, resume: bool = False,
                progress: Callable[[TrainingProgress], None] | None = None,
                cancel: CancelToken | None = None) -> TrainedStyle:
    """Train (or resume) the prepared run, then import its LoRA as a library style."""
    trainer = start_trainer(prepared, resume=resume)
    outcome = trainer.train(resume=resume, progress=progress, cancel=cancel)
    return add_to_library(prepared, trainer, outcome, library)
