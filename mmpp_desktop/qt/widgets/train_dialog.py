"""Library → "Train a style…": choose images, name, trigger word, family and steps, then watch it train.

The first page collects the settings (defaults from `core.training.settings`), the second shows
the run: progress with ETA, the loss curve, the latest validation image, dataset warnings,
Pause (a checkpoint is written) and Resume. Closing the dialog while a run is going pauses it
with a checkpoint, so "Resume" continues it next time the same name is trained. All training
happens in `TrainingController`'s thread; this module never imports torch.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.settings import Settings
from mmpp_desktop.core.training import paused_run
from mmpp_desktop.core.training.settings import (
    DEFAULT_LEARNING_RATE,
    DEFAULT_RANK,
    DEFAULT_STEPS,
    NATIVE_SIZE,
    TrainingSettings,
)
from mmpp_desktop.qt.titles import family_title
from mmpp_desktop.qt.widgets.accessible import add_labelled_row, named
from mmpp_desktop.qt.widgets.common import Banner
from mmpp_desktop.qt.workers.train_worker import TrainingController

# One validation image per this many steps (plus one at the end): often enough to watch the
# style arrive, rare enough that rendering costs little of the run.
VALIDATION_EVERY = 200
VALIDATION_SIDE = 256


class LossCurve(QWidget):
    """The training loss per step as a line, with a moving average over it (single steps are noisy)."""

    SMOOTHING = 0.9

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.losses: list[float] = []
        self.smoothed: list[float] = []
        self.setMinimumSize(260, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def clear(self) -> None:
        self.losses, self.smoothed = [], []
        self.update()

    def add(self, loss: float) -> None:
        self.losses.append(loss)
        previous = self.smoothed[-1] if self.smoothed else loss
        self.smoothed.append(self.SMOOTHING * previous + (1 - self.SMOOTHING) * loss)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(6, 6, -6, -6)
        painter.fillRect(self.rect(), self.palette().base())
        if len(self.losses) < 2:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("The loss curve appears once training runs."))
            return
        # The 2nd-98th percentile sets the scale: single steps at extreme timesteps would flatten the rest.
        ordered = sorted(self.losses)
        low, high = ordered[len(ordered) // 50], ordered[-1 - len(ordered) // 50]
        span = (high - low) or 1.0
        last = len(self.losses) - 1

        def line(values: list[float]) -> QPolygonF:
            stride = max(1, len(values) // max(1, rect.width()))  # at most one point per pixel
            return QPolygonF([QPointF(rect.left() + rect.width() * index / last,
                                      rect.bottom() - rect.height() * (min(max(values[index], low), high) - low) / span)
                              for index in range(0, len(values), stride)])

        faint = QColor(self.palette().highlight().color())
        faint.setAlpha(80)
        painter.setPen(QPen(faint, 1))
        painter.drawPolyline(line(self.losses))
        painter.setPen(QPen(self.palette().highlight().color(), 2))
        painter.drawPolyline(line(self.smoothed))


class TrainDialog(QDialog):
    """Set up and run one style training; `style_trained` carries the new style's name."""

    style_trained = Signal(str)

    def __init__(self, paths: AppPaths, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainDialog")
        self.setWindowTitle(self.tr("Train a style"))
        self.app_settings = settings
        self.paths = paths
        self.controller = TrainingController(paths, self)
        self.run_settings: TrainingSettings | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._progress_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self._connect()
        self._family_changed()
        self._update_buttons()
        self.resize(560, 520)

    # --- pages ----------------------------------------------------------------------------------

    def _setup_page(self) -> QWidget:
        page = QWidget()
        self.images_edit = QLineEdit()
        self.images_edit.setPlaceholderText(self.tr("A folder of 5–30 images, or chosen files"))
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.files_button = QPushButton(self.tr("Files…"))
        self.folder_button.setToolTip(self.tr("Train on every image in a folder"))
        self.files_button.setToolTip(self.tr("Train on image files you pick"))
        images_row = QHBoxLayout()
        images_row.addWidget(self.images_edit, 1)
        images_row.addWidget(self.folder_button)
        images_row.addWidget(self.files_button)
        self.chosen_files: list[str] = []

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("My watercolour"))
        self.trigger_edit = QLineEdit()
        self.trigger_edit.setPlaceholderText(self.tr("a rare word, e.g. zxq style"))
        self.family_combo = QComboBox()
        for family in ("sd15", "sdxl"):
            self.family_combo.addItem(family_title(family), family)
        if self.app_settings.active_family == "sdxl":
            self.family_combo.setCurrentIndex(1)
        self.family_combo.setToolTip(self.tr("The base model the style is trained on; it works only with that family"))
        self.model_label = QLabel()
        self.model_label.setObjectName("mutedLabel")
        self.model_label.setWordWrap(True)
        self.steps_spin = QSpinBox()
        self.steps_spin.setRange(1, 100_000)
        self.steps_spin.setValue(DEFAULT_STEPS)
        self.steps_spin.setToolTip(self.tr("800–1500 steps suit 5–30 images on a GPU"))
        self.rank_spin = QSpinBox()
        self.rank_spin.setRange(1, 256)
        self.rank_spin.setValue(DEFAULT_RANK)
        self.rank_spin.setToolTip(self.tr("Higher learns more detail but makes a larger file"))
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setDecimals(6)
        self.lr_spin.setRange(1e-6, 1e-2)
        self.lr_spin.setSingleStep(1e-5)
        self.lr_spin.setValue(DEFAULT_LEARNING_RATE)
        self.lr_spin.setToolTip(self.tr("How far each step moves; too high spoils the style, too low learns slowly"))
        self.size_spin = QSpinBox()
        self.size_spin.setRange(64, 2048)
        self.size_spin.setSingleStep(64)
        self.size_spin.setToolTip(self.tr("Each image is scaled and cropped to a square of this size"))
        self.validation_edit = QLineEdit()
        self.validation_edit.setPlaceholderText(self.tr("Optional: the photo to preview the style on"))
        self.validation_button = QPushButton(self.tr("Photo…"))
        self.validation_button.setToolTip(self.tr("Choose a photo to preview the style on while it trains"))
        validation_row = QHBoxLayout()
        validation_row.addWidget(self.validation_edit, 1)
        validation_row.addWidget(self.validation_button)

        form = QFormLayout()
        named(self.images_edit, self.tr("Images to train on"))
        named(self.folder_button, self.tr("Choose a folder of images"))
        named(self.files_button, self.tr("Choose image files"))
        named(self.validation_edit, self.tr("Validation photo"))
        named(self.validation_button, self.tr("Choose a validation photo"))
        form.addRow(self.tr("Images"), images_row)
        add_labelled_row(form, self.tr("Style name"), self.name_edit)
        add_labelled_row(form, self.tr("Trigger word"), self.trigger_edit,
                         self.tr("A rare word that calls up the style in a prompt"))
        add_labelled_row(form, self.tr("Model family"), self.family_combo)
        form.addRow("", self.model_label)
        add_labelled_row(form, self.tr("Steps"), self.steps_spin, self.steps_spin.toolTip())
        add_labelled_row(form, self.tr("Rank"), self.rank_spin)
        add_labelled_row(form, self.tr("Learning rate"), self.lr_spin)
        add_labelled_row(form, self.tr("Size (px)"), self.size_spin)
        form.addRow(self.tr("Validation photo"), validation_row)

        self.setup_error = Banner("error")
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("primaryButton")
        self.start_button.setDefault(True)
        self.start_button.setToolTip(self.tr("Train the style on these images; you can pause and resume"))
        self.resume_paused_button = QPushButton(self.tr("Resume paused run"))
        self.resume_paused_button.setToolTip(self.tr("Continue the run of this name from its checkpoint"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resume_paused_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.setup_error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.status_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Training progress"))
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setObjectName("mutedLabel")
        self.loss_curve = LossCurve()
        named(self.loss_curve, self.tr("Loss curve"), self.tr("Training loss per step, with its moving average"))
        self.validation_label = QLabel(self.tr("The validation image appears here."))
        self.validation_label.setAccessibleName(self.tr("Latest validation image"))
        self.validation_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.validation_label.setFixedSize(VALIDATION_SIDE, VALIDATION_SIDE)
        self.validation_likeness_label = QLabel()
        self.validation_likeness_label.setObjectName("mutedLabel")
        self.validation_likeness_label.setToolTip(self.tr(
            "How much the validation image still looks like the person in its photo (0.5 and above: "
            "the same person to the face model)"))
        self.progress_error = Banner("error")
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Stop after this step with a checkpoint; Resume continues from it"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Continue training from the last checkpoint"))
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Return to the training settings"))
        self.close_button = QPushButton(self.tr("Close"))
        middle = QHBoxLayout()
        middle.addWidget(self.loss_curve, 1)
        validation_column = QVBoxLayout()
        validation_column.addWidget(self.validation_label)
        validation_column.addWidget(self.validation_likeness_label)
        middle.addLayout(validation_column)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.pause_button, self.resume_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.warnings_label)
        layout.addLayout(middle, 1)
        layout.addWidget(self.progress_error)
        layout.addLayout(buttons)
        return page

    def _connect(self) -> None:
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button.clicked.connect(self.choose_files)
        self.images_edit.textEdited.connect(lambda _text: self.chosen_files.clear())
        self.family_combo.currentIndexChanged.connect(lambda _index: self._family_changed())
        self.start_button.clicked.connect(lambda: self.start(resume=False))
        self.resume_paused_button.clicked.connect(self.resume_paused)
        self.name_edit.textChanged.connect(lambda _text: self._update_buttons())
        self.validation_button.clicked.connect(self.choose_validation_photo)
        self.resume_button.clicked.connect(lambda: self.start(resume=True))
        self.pause_button.clicked.connect(self.controller.pause)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.close_button.clicked.connect(self.close)
        controller = self.controller
        controller.checked.connect(self._show_warnings)
        controller.progress.connect(self._show_progress)
        controller.validation.connect(self._show_validation)
        controller.finished.connect(self._on_finished)
        controller.paused.connect(self._on_paused)
        controller.failed.connect(self._on_failed)
        controller.running_changed.connect(self._update_buttons)

    # --- actions --------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Images to train on"), str(Path.home()))
        if folder:
            self.chosen_files = []
            self.images_edit.setText(folder)

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Images to train on"), str(Path.home()),
                                                self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"))
        if files:
            self.chosen_files = files
            self.images_edit.setText("; ".join(Path(file).name for file in files))

    def choose_validation_photo(self) -> None:
        file, _ = QFileDialog.getOpenFileName(self, self.tr("Photo to preview the style on"), str(Path.home()),
                                              self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"))
        if file:
            self.validation_edit.setText(file)

    def base_model(self) -> str:
        return self.app_settings.model_path(self.family_combo.currentData(), "base_model")

    def settings_from_form(self) -> TrainingSettings:
        sources = tuple(self.chosen_files) or (self.images_edit.text().strip(),)
        return TrainingSettings(
            model=self.base_model(), images=sources, name=self.name_edit.text(), trigger=self.trigger_edit.text(),
            steps=self.steps_spin.value(), rank=self.rank_spin.value(), learning_rate=self.lr_spin.value(),
            size=self.size_spin.value(), family=self.family_combo.currentData(),
            validation_every=VALIDATION_EVERY, validation_image=self.validation_edit.text().strip() or None,
            device=self.app_settings.device,
        )

    def resume_paused(self) -> None:
        """Continue the paused run of the typed name with the settings it was started with."""
        settings = paused_run(self.paths.data_dir, self.name_edit.text())
        if settings is None:
            return
        self.run_settings = settings
        self.loss_curve.clear()
        self.start(resume=True)

    def start(self, resume: bool = False) -> None:
        """Check the form, then train (or resume) on the worker thread and show the progress page."""
        if resume and self.run_settings is not None:
            self._run(resume=True)
            return
        if not self.images_edit.text().strip():
            self.setup_error.show_message(self.tr("Choose a folder or image files to train on."))
            return
        if not self.base_model():
            self.setup_error.show_message(self.tr("Choose a base model for this family in Preferences first."))
            return
        self.run_settings = self.settings_from_form()
        self.loss_curve.clear()
        self.validation_label.setText(self.tr("The validation image appears here."))
        self._run(resume=False)

    def _run(self, resume: bool) -> None:
        assert self.run_settings is not None
        self.setup_error.show_message("")
        self.progress_error.show_message("")
        self.warnings_label.clear()
        self.status_label.setText(self.tr("Checking the images…"))
        self.progress_bar.setRange(0, self.run_settings.steps)
        self.pages.setCurrentIndex(1)
        self.controller.start(self.run_settings, resume=resume)

    # --- progress -------------------------------------------------------------------------------

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warnings_label.setText("\n".join(f"⚠ {line}" for line in warnings))

    def _show_progress(self, phase: str, step: int, total: int, loss: float, eta: float) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(step)
        if phase == "training":
            if len(self.loss_curve.losses) < step:
                self.loss_curve.add(loss)
            self.status_label.setText(self.tr("Step %1 of %2 · loss %3 · about %4 left").replace("%1", str(step))
                                      .replace("%2", str(total)).replace("%3", f"{loss:.4f}")
                                      .replace("%4", _duration(eta)))
        else:
            texts = {"preparing": self.tr("Loading the model and encoding the images…"),
                     "validating": self.tr("Rendering a validation image…"),
                     "saving": self.tr("Saving the LoRA and adding it to the library…")}
            self.status_label.setText(texts.get(phase, phase))

    def _show_validation(self, image: QImage, likeness: float) -> None:
        self.validation_label.setPixmap(QPixmap.fromImage(image).scaled(
            VALIDATION_SIDE, VALIDATION_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        self.validation_likeness_label.setText(
            self.tr("No face in the photo to compare") if math.isnan(likeness)
            else self.tr("Likeness {value}").format(value=f"{likeness:.2f}"))

    def _on_finished(self, name: str, outcome: Any) -> None:
        self.status_label.setText(self.tr("Done: the style %1 is in your library (%2 steps, loss %3 → %4).")
                                  .replace("%1", name).replace("%2", str(outcome.steps))
                                  .replace("%3", f"{outcome.loss_first:.4f}").replace("%4", f"{outcome.loss_last:.4f}"))
        self.run_settings = None
        self._update_buttons()
        self.style_trained.emit(name)

    def _on_paused(self, step: int) -> None:
        self.status_label.setText(self.tr("Paused at step %1 with a checkpoint; Resume continues from there.")
                                  .replace("%1", str(step)))
        self._update_buttons()

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(self.tr("Training stopped."))
        self.progress_error.show_message(message)

    def _update_buttons(self, running: bool | None = None) -> None:
        running = self.controller.running if running is None else running
        self.pause_button.setEnabled(running)
        self.resume_button.setEnabled(not running and self.run_settings is not None)
        self.back_button.setEnabled(not running)
        self.start_button.setEnabled(not running)
        self.resume_paused_button.setVisible(not running and paused_run(self.paths.data_dir,
                                                                         self.name_edit.text()) is not None)

    def _family_changed(self) -> None:
        family = self.family_combo.currentData()
        self.size_spin.setValue(NATIVE_SIZE[family])
        model = self.base_model()
        self.model_label.setText(self.tr("Base model: %1").replace("%1", model) if model
                                 else self.tr("No base model set for this family (Preferences)."))

    def done(self, result: int) -> None:
        """Closing (the button, the title bar or Escape) pauses a running training with a checkpoint and
        stops the worker thread; open a new dialog to train again."""
        self.controller.shutdown()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.shutdown()  # also when the dialog was never shown, so no done() follows
        super().closeEvent(event)


def _duration(seconds: float) -> str:
    if seconds < 0 or math.isnan(seconds):
        return "?"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
