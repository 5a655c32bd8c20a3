"""Train a personal LoRA style from a few images (Qt-free; torch is imported only when training runs)."""

from mmpp_desktop.core.training.dataset import DatasetReport, TrainingImage, check_dataset
from mmpp_desktop.core.training.run import (
    PreparedRun,
    TrainedStyle,
    add_to_library,
    paused_run,
    prepare_run,
    run_dir_for,
    start_trainer,
    train_style,
)
from mmpp_desktop.core.training.settings import (
    DatasetError,
    TrainingError,
    TrainingOutcome,
    TrainingPaused,
    TrainingProgress,
    TrainingSettings,
)

__all__ = [
    "DatasetError",
    "DatasetReport",
    "PreparedRun",
    "TrainedStyle",
    "TrainingError",
    "TrainingImage",
    "TrainingOutcome",
    "TrainingPaused",
    "TrainingProgress",
    "TrainingSettings",
    "add_to_library",
    "paused_run",
    "check_dataset",
    "prepare_run",
    "run_dir_for",
    "start_trainer",
    "train_style",
]
