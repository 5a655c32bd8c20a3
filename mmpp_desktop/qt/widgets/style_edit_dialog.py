"""Edit one style: text fields, LoRA default weights, recommended settings and the thumbnail.

The dialog only builds the edited `Style` (and an optional new thumbnail) and emits
`saved`; the view model saves it on the store thread, where editing a built-in makes a
user copy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.core.types import IP_ADAPTER_MODES, SCHEDULERS
from mmpp_desktop.qt.images import pil_to_qimage, qimage_to_pil
from mmpp_desktop.qt.models.style_model import style_family_title
from mmpp_desktop.qt.titles import ip_mode_title, scheduler_title
from mmpp_desktop.qt.widgets.accessible import add_labelled_row
from mmpp_desktop.qt.widgets.common import Banner

THUMBNAIL_PREVIEW = 128
NOT_SET = "—"


def _split_words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(",") if word.strip())


class StyleEditDialog(QDialog):
    """`saved(edited_style, new_thumbnail_or_None)` on Save; nothing happens on Cancel.

    The dialog stays open until the store has saved (`finish`), so a refused edit (say, a
    name already taken) is shown here (`show_error`) without losing what was typed.
    """

    saved = Signal(object, object)

    def __init__(self, style: Any, current_result: Image.Image | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.style_ = style
        self._current_result = current_result
        self.new_thumbnail: Image.Image | None = None
        self.setWindowTitle(self.tr("Edit style — {name}").format(name=style.name))
        self.setMinimumSize(780, 520)

        self.name = QLineEdit(style.name)
        self.description = QLineEdit(style.description)
        self.trigger_words = QLineEdit(", ".join(style.trigger_words))
        self.trigger_words.setPlaceholderText(self.tr("comma-separated; added to the prompt automatically"))
        self.tags = QLineEdit(", ".join(style.tags))
        self.tags.setPlaceholderText(self.tr("comma-separated"))
        self.template = QPlainTextEdit(style.prompt_template)
        self.template.setPlaceholderText(self.tr("e.g. portrait of {prompt}, watercolor, soft light"))
        self.template.setMinimumHeight(90)
        self.negative = QPlainTextEdit(style.negative_prompt)
        self.negative.setMinimumHeight(70)
        for editor in (self.template, self.negative):
            editor.setTabChangesFocus(True)  # Tab moves on; a prompt never holds a tab character
        self.description.setMinimumWidth(300)

        for line in (self.name, self.description, self.trigger_words, self.tags):
            line.setCursorPosition(0)  # show the start of long text, not its end
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_labelled_row(form, self.tr("Name"), self.name, self.tr("The name shown on the style's card"))
        add_labelled_row(form, self.tr("Description"), self.description,
                         self.tr("A short note about the look, shown with the style in the library"))
        form.addRow(self.tr("Family"), QLabel(style_family_title(style.family)))
        add_labelled_row(form, self.tr("Trigger words"), self.trigger_words, self.trigger_words.placeholderText())
        add_labelled_row(form, self.tr("Prompt template"), self.template,
                         self.tr("{prompt} is replaced by the prompt typed in the main window"))
        add_labelled_row(form, self.tr("Negative prompt"), self.negative,
                         self.tr("What this style keeps out of the image; joined to the main window's negative "
                                 "prompt"))
        add_labelled_row(form, self.tr("Tags"), self.tags, self.tags.placeholderText())

        self.weights: list[QDoubleSpinBox] = []
        loras_box = QGroupBox(self.tr("LoRA default weights"))
        loras_form = QFormLayout(loras_box)
        for entry in style.loras:
            spin = QDoubleSpinBox()
            spin.setRange(-2.0, 2.0)
            spin.setSingleStep(0.05)
            spin.setDecimals(2)
            spin.setValue(entry.default_weight)
            spin.setAccessibleName(self.tr("Default weight of {file}").format(file=Path(entry.file).name))
            spin.setToolTip(self.tr("The weight this LoRA starts at when the style is added to the blend"))
            self.weights.append(spin)
            loras_form.addRow(Path(entry.file).name, spin)
        loras_box.setVisible(bool(style.loras))

        recommended = style.recommended
        self.scheduler = self._choice(SCHEDULERS, recommended.scheduler, scheduler_title)
        self.ip_mode = self._choice(IP_ADAPTER_MODES, recommended.ip_mode, ip_mode_title)
        self.steps = QSpinBox()
        self.steps.setRange(0, 150)
        self.steps.setSpecialValueText(NOT_SET)
        self.steps.setValue(recommended.steps or 0)
        self.strength = self._fraction(recommended.strength)
        self.controlnet_scale = self._fraction(recommended.controlnet_scale, maximum=2.0)
        self.scheduler.setToolTip(self.tr("The sampling method this style works best with"))
        self.strength.setToolTip(self.tr("How much the photo may change with this style; — means no recommendation"))
        self.controlnet_scale.setToolTip(self.tr("How strictly this style keeps the face shape; — means no "
                                                 "recommendation"))
        self.ip_mode.setToolTip(self.tr("What this style takes from a reference image: everything, its look or "
                                        "its layout"))
        settings_box = QGroupBox(self.tr("Recommended settings"))
        settings_box.setToolTip(self.tr("Applied to the controls when the style is added to the blend"))
        settings_form = QFormLayout(settings_box)
        add_labelled_row(settings_form, self.tr("Scheduler"), self.scheduler)
        add_labelled_row(settings_form, self.tr("Steps"), self.steps, self.tr("— means no recommendation"))
        add_labelled_row(settings_form, self.tr("Img2img strength"), self.strength)
        add_labelled_row(settings_form, self.tr("ControlNet scale"), self.controlnet_scale)
        add_labelled_row(settings_form, self.tr("IP-Adapter mode"), self.ip_mode)

        self.thumbnail_label = QLabel()
        self.thumbnail_label.setFixedSize(THUMBNAIL_PREVIEW, THUMBNAIL_PREVIEW)
        self.thumbnail_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail_label.setObjectName("thumbnailPreview")
        self.thumbnail_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.use_result_button = QPushButton(self.tr("Use current result"))
        self.use_result_button.setEnabled(current_result is not None)
        self.use_result_button.setToolTip(self.tr("Use the last generated image as this style's thumbnail")
                                          if current_result is not None else self.tr("Generate an image first"))
        self.use_result_button.clicked.connect(lambda: self._set_thumbnail(self._current_result))
        choose = QPushButton(self.tr("Choose image…"))
        choose.setToolTip(self.tr("Use an image file as this style's thumbnail"))
        choose.clicked.connect(self._choose_thumbnail)
        self.thumbnail_error = QLabel()
        self.thumbnail_error.setObjectName("errorLabel")
        self.thumbnail_error.setWordWrap(True)
        thumb_buttons = QVBoxLayout()
        thumb_buttons.addWidget(self.use_result_button)
        thumb_buttons.addWidget(choose)
        thumb_buttons.addWidget(self.thumbnail_error)
        thumb_buttons.addStretch(1)
        thumb_box = QGroupBox(self.tr("Thumbnail"))
        thumb_layout = QHBoxLayout(thumb_box)
        thumb_layout.addWidget(self.thumbnail_label)
        thumb_layout.addLayout(thumb_buttons, 1)
        self._show_thumbnail(QImage(str(style.thumbnails[0])) if style.thumbnails else QImage())

        note = QLabel(self.tr("Built-in styles are read-only: saving makes your own copy."))
        note.setObjectName("mutedLabel")
        note.setVisible(bool(style.builtin))

        self.error_banner = Banner("error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(text.strip())))

        main = QVBoxLayout()
        main.addLayout(form)
        main.addStretch(1)
        side_widget = QWidget()
        side_widget.setFixedWidth(300)
        side = QVBoxLayout(side_widget)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(thumb_box)
        side.addWidget(settings_box)
        side.addWidget(loras_box)
        side.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(main, 1)
        columns.addWidget(side_widget)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(note)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.buttons)

    @staticmethod
    def _choice(values: tuple[str, ...], current: str | None, title: Callable[[str], str]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(NOT_SET, None)
        for value in values:
            combo.addItem(title(value), value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo

    @staticmethod
    def _fraction(value: float | None, maximum: float = 1.0) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.0, maximum)
        spin.setSingleStep(0.05)
        spin.setDecimals(2)
        spin.setSpecialValueText(NOT_SET)  # 0 means "no recommendation"
        spin.setValue(value or 0.0)
        return spin

    def edited_style(self) -> Any:
        """The style as the fields describe it now."""
        style = self.style_
        loras = tuple(dataclasses.replace(entry, default_weight=spin.value())
                      for entry, spin in zip(style.loras, self.weights, strict=True))
        recommended = dataclasses.replace(
            style.recommended,
            scheduler=self.scheduler.currentData(),
            steps=self.steps.value() or None,
            strength=self.strength.value() or None,
            controlnet_scale=self.controlnet_scale.value() or None,
            ip_mode=self.ip_mode.currentData(),
        )
        return dataclasses.replace(
            style,
            name=self.name.text().strip(),
            description=self.description.text().strip(),
            trigger_words=_split_words(self.trigger_words.text()),
            tags=_split_words(self.tags.text()),
            prompt_template=self.template.toPlainText().strip(),
            negative_prompt=self.negative.toPlainText().strip(),
            loras=loras,
            recommended=recommended,
        )

    def accept(self) -> None:
        self.error_banner.show_message("")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        self.saved.emit(self.edited_style(), self.new_thumbnail)

    def finish(self) -> None:
        """The store saved the style: close."""
        super().accept()

    def show_error(self, message: str) -> None:
        self.error_banner.show_message(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(self.name.text().strip()))

    def _choose_thumbnail(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a thumbnail"), str(Path.home()),
                                              self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"))
        if path:
            self.load_thumbnail_file(path)

    def load_thumbnail_file(self, path: str) -> None:
        reader = QImageReader(path)
        reader.setAutoTransform(True)  # EXIF orientation, like every other image the app reads
        image = reader.read()
        if image.isNull():
            self.thumbnail_error.setText(self.tr("Cannot use {name}: {reason}.").format(name=Path(path).name,
                                                                                    reason=reader.errorString()))
            return
        self._set_thumbnail(qimage_to_pil(image))

    def _set_thumbnail(self, image: Image.Image | None) -> None:
        if image is None:
            return
        self.thumbnail_error.setText("")
        self.new_thumbnail = image
        self._show_thumbnail(pil_to_qimage(image))

    def _show_thumbnail(self, image: QImage) -> None:
        if image.isNull():
            self.thumbnail_label.setText(self.tr("No thumbnail"))
            return
        pixmap = QPixmap.fromImage(image).scaled(
            THUMBNAIL_PREVIEW, THUMBNAIL_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self.thumbnail_label.setPixmap(pixmap)
