"""What a training run is asked to do and what it reports: plain dataclasses, no torch.

The defaults are for a personal style from 5–30 images. Sources:
- rank 16, alpha = rank (scale 1.0), AdamW at lr 1e-4, 1000 steps, batch 1: diffusers'
  DreamBooth-LoRA example (examples/dreambooth/README_sdxl.md and train_dreambooth_lora.py use
  rank 4–16, lr 1e-4, 500–1500 steps) and kohya_ss' common style presets (dim 16, 1e-4, ~100
  steps per image for 10 images).
- min-SNR gamma 5: Hang et al. 2023, "Efficient Diffusion Training via Min-SNR Weighting
  Strategy", the value diffusers' examples recommend (`--snr_gamma 5.0`).
- 512 px for SD 1.5 and 1024 px for SDXL: the resolutions the base models were trained at.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from PIL import Image

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.text import Text

DEFAULT_STEPS = 1000
DEFAULT_RANK = 16
DEFAULT_LEARNING_RATE = 1e-4
DEFAULT_SNR_GAMMA = 5.0
NATIVE_SIZE = {"sd15": 512, "sdxl": 1024}
DEFAULT_CHECKPOINT_EVERY = 100
DEFAULT_VALIDATION_STEPS = 20
CHECKPOINT_NAME = "checkpoint.pt"  # in the run folder while a run is unfinished


@dataclass(frozen=True)
class TrainingSettings:
    """One run: which model, which images, and the recipe. `size=None` means the family's native size."""

    model: str
    images: tuple[str, ...]  # one folder, or image files
    name: str
    trigger: str
    steps: int = DEFAULT_STEPS
    rank: int = DEFAULT_RANK
    alpha: float | None = None  # None: equal to the rank, so the LoRA applies at scale 1.0
    learning_rate: float = DEFAULT_LEARNING_RATE
    size: int | None = None
    seed: int = 0
    family: str | None = None  # when set, a model of another family is refused
    train_text_encoder: bool = False
    snr_gamma: float | None = DEFAULT_SNR_GAMMA
    random_flip: bool = True
    gradient_checkpointing: bool | None = None  # None: on for GPUs (memory bound), off on the CPU (speed bound)
    checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY
    validation_every: int = 0  # 0: one validation image at the end only
    validation_image: str | None = None  # default: the first training image
    validation_steps: int = DEFAULT_VALIDATION_STEPS
    device: str = "auto"

    @property
    def network_alpha(self) -> float:
        return float(self.alpha if self.alpha is not None else self.rank)

    def with_changes(self, **changes: object) -> TrainingSettings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class TrainingProgress:
    """`phase` is "preparing", "training", "validating" or "saving"; loss/eta are set while training."""

    phase: str
    step: int
    total: int
    loss: float | None = None
    elapsed: float = 0.0
    eta: float | None = None
    validation: Image.Image | None = None
    likeness: float | None = None  # of `validation` to its source photo; None without a face


@dataclass(frozen=True)
class TrainingOutcome:
    """The trained LoRA on disk and the numbers the CLI and the dialog report."""

    lora_file: str
    steps: int
    losses: tuple[float, ...]
    seconds: float
    resumed_from: int
    family: str
    validation: Image.Image | None = field(default=None, compare=False)
    validation_likeness: float | None = None  # the last validation image's likeness to its photo

    @property
    def loss_first(self) -> float:
        return self.losses[0] if self.losses else float("nan")

    @property
    def loss_last(self) -> float:
        return self.losses[-1] if self.losses else float("nan")


class TrainingError(UserFacingError):
    """A training run cannot start or go on (bad dataset, settings or checkpoint)."""


class DatasetError(TrainingError):
    """The images cannot be trained on at all: no usable image."""


class TrainingPaused(TrainingError):
    """Cancelled by the user; a checkpoint was written, so the run can be resumed."""

    def __init__(self, message: Text, step: int) -> None:
        super().__init__(message)
        self.step = step
