"""Train a personal LoRA style from a few images (Qt-free; torch is imported only when training runs)."""

from mmpp_desktop.core.training.dataset import DatasetReport, TrainingImage, check_dataset
from mmpp_desktop.core.training.run import PreparedRun, TrainedStyle, prepare_run, run_dir_for, train_style
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
    "check_dataset",
    "prepare_run",
    "run_dir_for",
    "train_style",
]
