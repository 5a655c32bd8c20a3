"""The right pane: the blend list, prompt, face/structure, reference image and sampling controls.

Every widget writes straight into the session's `Controls`, and every session change is
written back with signals blocked, so "reuse recipe" restores the pane without loops.
Controls that need a model the user has not configured are disabled with a tooltip that
says which Preferences entry to fill in.
"""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.core.types import CLASSIC_STYLES, IP_ADAPTER_MODES, SCHEDULERS
from mmpp_desktop.qt.titles import classic_title, family_title, ip_mode_title, scheduler_title
from mmpp_desktop.qt.view_models.session import DIFFUSION, MAX_SEED, BlendEntry, SessionViewModel
from mmpp_desktop.qt.widgets.accessible import named
from mmpp_desktop.qt.widgets.common import VerticalScrollArea, pane_title

SIZES = (256, 384, 512, 640, 768, 896, 1024)
QUICK_SIZES = (256, 384)  # below the models' training size, but a CPU makes them in a fraction of the time
WEIGHT_SCALE = 100  # slider ticks per 1.0 of weight
ICONS = Path(__file__).resolve().parents[2] / "assets" / "icons"
MIN_COMBO_CHARACTERS = 12  # combo boxes shrink to this many characters and elide longer entries
MIN_SLIDER_WIDTH = 48


def non_latin_script(text: str) -> str | None:
    """The first script other than Latin that `text` writes words in ("HANGUL", "CJK", "CYRILLIC", …), or None.

    SD 1.5's and SDXL's CLIP text encoders learned English; such words reach them as noise.
    """
    for character in text:
        if character.isalpha():
            script = unicodedata.name(character, "").split(" ")[0]
            if script and script != "LATIN":
                return script
    return None


def shrinkable(combo: QComboBox) -> QComboBox:
    """Let `combo` narrow to a few characters (eliding its text) instead of widening its column."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(MIN_COMBO_CHARACTERS)
    return combo


class ElidedCheckBox(QCheckBox):
    """A check box whose label ends in "…" when its column is narrow, instead of widening the column.

    The full text stays the accessible name and the tooltip.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.full_text = text
        self.setAccessibleName(text)
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        return QSize(hint.width() + metrics.horizontalAdvance(self.full_text) - metrics.horizontalAdvance(self.text()),
                     hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        indicator = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        return QSize(min(hint.width(), indicator + self.fontMetrics().horizontalAdvance("M…") * 3), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxContents, option, self).width() - 4
        elided = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(0, room))
        if elided != self.text():
            self.setText(elided)


class WeightEditor(QWidget):
    """A slider and a spin box showing one weight; either one edits it."""

    value_changed = Signal(float)

    def __init__(self, minimum: float, maximum: float, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(round(minimum * WEIGHT_SCALE), round(maximum * WEIGHT_SCALE))
        self.slider.setMinimumWidth(MIN_SLIDER_WIDTH)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setSingleStep(0.05)
        self.spin.setDecimals(2)
        self.spin.setFixedWidth(68)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.set_value(value)
        self.slider.valueChanged.connect(lambda ticks: self._edited(ticks / WEIGHT_SCALE))
        self.spin.valueChanged.connect(self._edited)

    def name_parts(self, name: str, description: str) -> None:
        """Name the slider and the spin box after the weight they edit, for screen readers, and give both
        the tooltip that says what the weight does (Qt reads it as their accessible description)."""
        for part in (self.slider, self.spin):
            named(part, name)
            part.setToolTip(description)

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, value: float) -> None:
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.slider.setValue(round(value * WEIGHT_SCALE))
            self.spin.setValue(value)

    def _edited(self, value: float) -> None:
        value = round(value, 2)
        self.set_value(value)
        self.value_changed.emit(value)


class StyleRow(QFrame):
    """One blend entry: enable toggle, name, weight slider + spin box, remove button."""

    def __init__(self, session: SessionViewModel, index: int, entry: BlendEntry) -> None:
        super().__init__()
        self.setObjectName("styleRow")
        self.name = entry.name
        self.enabled = ElidedCheckBox(entry.name)
        self.enabled.setChecked(entry.enabled)
        self.enabled.setToolTip(self.tr("Include “{name}” in the blend").format(name=entry.name))
        self.weight = WeightEditor(-1.0, 2.0, entry.weight)
        self.weight.name_parts(self.tr("Weight of {name}").format(name=entry.name),
                               self.tr("How strongly this style shapes the result; below 0 steers away from it"))
        self.remove = remove = QToolButton()
        remove.setAutoRaise(True)
        remove.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogDiscardButton))
        remove.setToolTip(self.tr("Remove {name} from the blend").format(name=entry.name))
        named(remove, self.tr("Remove {name}").format(name=entry.name))
        top = QHBoxLayout()
        top.addWidget(self.enabled, 1)
        top.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.weight)
        self.enabled.toggled.connect(lambda on: session.update_style(index, enabled=on))
        self.weight.value_changed.connect(lambda value: session.update_style(index, weight=value))
        remove.clicked.connect(lambda: session.remove_style(index))

    def show_entry(self, entry: BlendEntry) -> None:
        with QSignalBlocker(self.enabled):
            self.enabled.setChecked(entry.enabled)
        self.weight.set_value(entry.weight)


class ReferencePicker(QLabel):
    """The IP-Adapter reference image: click (or Space/Enter) to pick, or drop a file on it.

    A long file name is shortened in the middle to the picker's width rather than widening the pane.
    """

    picked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("referencePicker")
        self.setAcceptDrops(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(54)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        named(self, self.tr("Reference image"))
        self.path = ""
        self.show_path("")

    def show_path(self, path: str) -> None:
        self.path = path
        self.setToolTip(path or self.tr("An image whose look (style) or layout (composition) guides the result"))
        self._show_name()

    def _show_name(self) -> None:
        if not self.path:
            self.setText(self.tr("Drop a reference image\nor click to choose"))
            return
        room = max(0, self.contentsRect().width() - 2 * self.margin() - 4)
        self.setText(self.fontMetrics().elidedText(Path(self.path).name, Qt.TextElideMode.ElideMiddle, room))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_name()

    def choose(self) -> None:
        if self.isEnabled():
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Reference image"), "",
                                                  self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"))
            if path:
                self.picked.emit(path)

    def mousePressEvent(self, event) -> None:
        self.choose()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.choose()
        else:
            super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if urls:
            self.picked.emit(urls[0])
            event.acceptProposedAction()


class BlendControls(QWidget):
    """Binds the session's blend list and controls to widgets; Generate (Ctrl+Enter) at the bottom."""

    generate_requested = Signal()

    def __init__(self, session: SessionViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAcceptDrops(False)

        self.look = named(shrinkable(QComboBox()), self.tr("Look"))
        self.look.setToolTip(self.tr("Stable Diffusion uses your models and styles; a classic look is a quick "
                                     "filter that needs no model"))
        self.look.addItem(self.tr("Stable Diffusion"), DIFFUSION)
        for name in CLASSIC_STYLES:
            self.look.addItem(self.tr("Classic — {name} (no model needed)").format(name=classic_title(name)), name)

        self.styles_box = QGroupBox(self.tr("Styles"))
        self.styles_layout = QVBoxLayout(self.styles_box)
        self.styles_layout.setSpacing(4)
        self.styles_hint = QLabel(self.tr("Double-click a style in the library to add it to the blend."))
        self.styles_hint.setObjectName("hint")
        self.styles_hint.setWordWrap(True)

        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText(self.tr("Prompt — e.g. portrait, soft light"))
        self.prompt.setFixedHeight(58)
        self.negative = QPlainTextEdit()
        self.negative.setPlaceholderText(self.tr("Negative prompt"))
        self.negative.setFixedHeight(44)
        # Descriptions, not tooltips: their tooltips say why they are disabled, and are empty otherwise.
        named(self.prompt, self.tr("Prompt"),
              self.tr("What the portrait should show; the styles' trigger words are added to it"))
        named(self.negative, self.tr("Negative prompt"), self.tr("What the portrait should not show"))
        for editor in (self.prompt, self.negative):
            editor.setTabChangesFocus(True)  # Tab leaves the box: a prompt never holds a tab character
        self.language_note = QLabel()
        self.language_note.setObjectName("hint")
        self.language_note.setWordWrap(True)
        self.language_note.hide()

        self.controlnet_enabled = QCheckBox(self.tr("Keep face shape (ControlNet)"))
        self.controlnet_strength = WeightEditor(0.0, 2.0, 0.8)
        self.strength = WeightEditor(0.05, 1.0, 0.6)
        self.whole_image = QCheckBox(self.tr("Use the whole image, not the face crop"))
        self.whole_image.setToolTip(self.tr("Stylize the full photo, background included, instead of the "
                                            "square around the face"))
        self.controlnet_strength.name_parts(self.tr("Face shape strength"),
                                            self.tr("How strictly the result follows the outlines of the face"))
        self.strength.name_parts(self.tr("Change"), self.tr("How much the photo may change (img2img strength)"))

        self.reference = ReferencePicker()
        self.clear_reference = QToolButton()
        self.clear_reference.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogResetButton))
        self.clear_reference.setToolTip(self.tr("Remove the reference image"))
        named(self.clear_reference, self.tr("Remove the reference image"))
        self.ip_scale = WeightEditor(0.0, 1.5, 0.6)
        self.ip_scale.name_parts(self.tr("Reference image scale"),
                                 self.tr("How strongly the reference image guides the result; 0 ignores it"))
        self.ip_mode = named(shrinkable(QComboBox()), self.tr("Reference image mode"))
        self.ip_mode.setToolTip(self.tr("What the result takes from the reference image: everything (Full), "
                                        "its look (Style) or its layout (Composition)"))
        for mode in IP_ADAPTER_MODES:
            self.ip_mode.addItem(ip_mode_title(mode), mode)

        self.steps = named(QSpinBox(), self.tr("Steps"))
        self.steps.setRange(1, 150)
        self.steps.setToolTip(self.tr("More steps add detail but take longer; LCM and TCD need only a few"))
        self.scheduler = named(shrinkable(QComboBox()), self.tr("Scheduler"))
        self.scheduler.setToolTip(self.tr("The sampling method; LCM and TCD make an image in a few steps"))
        for name in SCHEDULERS:
            self.scheduler.addItem(scheduler_title(name), name)
        self.guidance = named(QDoubleSpinBox(), self.tr("Guidance"))
        self.guidance.setRange(0.0, 30.0)
        self.guidance.setSingleStep(0.5)
        self.guidance.setToolTip(self.tr("How closely the image follows the prompt; very high values look harsh"))
        self.seed = named(QSpinBox(), self.tr("Seed"))
        self.seed.setRange(0, MAX_SEED)
        self.seed.setToolTip(self.tr("The starting noise: the same seed and settings make the same image"))
        self.random_seed = named(QCheckBox(self.tr("Random")), self.tr("Random seed"))
        self.random_seed.setToolTip(self.tr("Use a new seed for every generation"))
        self.reroll = QToolButton()
        self.reroll.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.reroll.setToolTip(self.tr("New random seed"))
        named(self.reroll, self.tr("New random seed"))
        self.size = named(shrinkable(QComboBox()), self.tr("Size"))
        self.size.setToolTip(self.tr("Width and height of the result in pixels; smaller is faster"))
        for size in SIZES:
            self.size.addItem(self.tr("{0} × {0} (quick on a CPU)").format(size) if size in QUICK_SIZES
                              else self.tr("{0} × {0}").format(size), size)

        self.generate_button = QPushButton(QIcon(str(ICONS / "generate.svg")), self.tr("Generate"))
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setToolTip(self.tr("Generate (Ctrl+Enter)"))
        self.generate_button.setMinimumHeight(36)

        self.style_rows: list[StyleRow] = []
        self._build_layout()
        self._connect_edits()
        session.styles_changed.connect(self._show_styles)
        session.controls_changed.connect(self._show_controls)
        session.settings_changed.connect(self._show_availability)
        session.busy_changed.connect(self._show_availability)
        self._show_styles()
        self._show_controls()
        self._show_availability()

    def _build_layout(self) -> None:
        form = QWidget()
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(10)
        column.addWidget(self.look)
        column.addWidget(self.styles_box)

        prompt_box = QGroupBox(self.tr("Prompt"))
        prompt_layout = QVBoxLayout(prompt_box)
        prompt_layout.addWidget(self.prompt)
        prompt_layout.addWidget(self.negative)
        prompt_layout.addWidget(self.language_note)
        column.addWidget(prompt_box)

        self.face_box = QGroupBox(self.tr("Face and structure"))
        face = QFormLayout(self.face_box)
        face.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        face.addRow(self.controlnet_enabled)
        face.addRow(self.tr("Strength"), self.controlnet_strength)
        face.addRow(self.tr("Change"), self.strength)
        face.addRow(self.whole_image)
        column.addWidget(self.face_box)

        self.reference_box = QGroupBox(self.tr("Reference image (IP-Adapter)"))
        reference = QFormLayout(self.reference_box)
        reference.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.reference, 1)
        picker_row.addWidget(self.clear_reference)
        reference.addRow(picker_row)
        reference.addRow(self.tr("Scale"), self.ip_scale)
        reference.addRow(self.tr("Mode"), self.ip_mode)
        column.addWidget(self.reference_box)

        self.sampling_box = QGroupBox(self.tr("Sampling"))
        sampling = QFormLayout(self.sampling_box)
        sampling.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        sampling.addRow(self.tr("Scheduler"), self.scheduler)
        sampling.addRow(self.tr("Steps"), self.steps)
        sampling.addRow(self.tr("Guidance"), self.guidance)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.reroll)
        sampling.addRow(self.tr("Seed"), seed_row)
        sampling.addRow("", self.random_seed)  # its own row: the seed row then fits a narrow pane
        sampling.addRow(self.tr("Size"), self.size)
        column.addWidget(self.sampling_box)
        column.addStretch(1)

        scroll = VerticalScrollArea(form)
        scroll.setObjectName("controlsScroll")
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addWidget(pane_title(self.tr("Blend")))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.generate_button)

    def _connect_edits(self) -> None:
        session = self.session
        self.look.currentIndexChanged.connect(lambda: session.set_controls(look=self.look.currentData()))
        self.prompt.textChanged.connect(lambda: session.set_controls(prompt=self.prompt.toPlainText()))
        self.negative.textChanged.connect(lambda: session.set_controls(negative_prompt=self.negative.toPlainText()))
        for editor in (self.prompt, self.negative):
            editor.textChanged.connect(self._show_language_note)
        self.controlnet_enabled.toggled.connect(lambda on: session.set_controls(controlnet_enabled=on))
        self.controlnet_strength.value_changed.connect(lambda v: session.set_controls(controlnet_strength=v))
        self.strength.value_changed.connect(lambda v: session.set_controls(strength=v))
        self.whole_image.toggled.connect(lambda on: session.set_controls(use_whole_image=on))
        self.reference.picked.connect(lambda path: session.set_controls(ip_adapter_image=path))
        self.clear_reference.clicked.connect(lambda: session.set_controls(ip_adapter_image=""))
        self.ip_scale.value_changed.connect(lambda v: session.set_controls(ip_adapter_scale=v))
        self.ip_mode.currentIndexChanged.connect(lambda: session.set_controls(ip_adapter_mode=self.ip_mode.currentData()))
        self.steps.valueChanged.connect(lambda v: session.set_controls(steps=v))
        self.scheduler.currentIndexChanged.connect(
            lambda: session.choose_scheduler(self.scheduler.currentData()))
        self.guidance.valueChanged.connect(lambda v: session.set_controls(guidance=v))
        self.seed.valueChanged.connect(lambda v: session.set_controls(seed=v))
        self.random_seed.toggled.connect(lambda on: session.set_controls(random_seed=on))
        self.reroll.clicked.connect(session.reroll_seed)
        self.size.currentIndexChanged.connect(lambda: session.set_controls(size=self.size.currentData()))
        self.generate_button.clicked.connect(self.generate_requested)

    def _show_styles(self) -> None:
        """Update rows in place when only weights/toggles changed, so a dragged slider survives."""
        entries = self.session.styles
        if self.style_rows and [row.name for row in self.style_rows] == [entry.name for entry in entries]:
            for row, entry in zip(self.style_rows, entries, strict=True):
                row.show_entry(entry)
            return
        while self.styles_layout.count():
            widget = self.styles_layout.takeAt(0).widget()
            if widget is not None and widget is not self.styles_hint:
                widget.hide()  # out of sight at once, not only when the deferred delete runs
                widget.deleteLater()
        self.style_rows = [StyleRow(self.session, index, entry) for index, entry in enumerate(self.session.styles)]
        for row in self.style_rows:
            self.styles_layout.addWidget(row)
        self.styles_layout.addWidget(self.styles_hint)
        self.styles_hint.setVisible(not self.style_rows)
        self._chain_tab_order()
        self._show_availability()

    def _chain_tab_order(self) -> None:
        """Tab follows the pane top to bottom; style rows are made after the rest, so Qt's default
        (creation order) would visit them after Generate."""
        chain: list[QWidget] = [self.look]
        for row in self.style_rows:
            chain += [row.enabled, row.remove, row.weight.slider, row.weight.spin]
        chain += [self.prompt, self.negative, self.controlnet_enabled]
        for editor in (self.controlnet_strength, self.strength):
            chain += [editor.slider, editor.spin]
        chain += [self.whole_image, self.reference, self.clear_reference, self.ip_scale.slider, self.ip_scale.spin,
                  self.ip_mode, self.scheduler, self.steps, self.guidance, self.seed, self.reroll, self.random_seed,
                  self.size, self.generate_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _show_language_note(self) -> None:
        """Say so when the prompt has words the model's English-only text encoder cannot read."""
        script = non_latin_script(self.prompt.toPlainText() + " " + self.negative.toPlainText())
        if script is None or self.session.controls.look != DIFFUSION:  # classic filters read no prompt
            self.language_note.hide()
            return
        self.language_note.setText(
            self.tr("This model's text encoder understands English only; Korean words will be ignored or misread.")
            if script == "HANGUL" else
            self.tr("This model's text encoder understands English only; words not in English letters "
                    "will be ignored or misread."))
        self.language_note.show()

    def _show_controls(self) -> None:
        controls = self.session.controls
        editors = (self.look, self.prompt, self.negative, self.controlnet_enabled, self.whole_image,
                   self.ip_mode, self.steps, self.scheduler, self.guidance, self.seed, self.random_seed, self.size)
        blockers = [QSignalBlocker(widget) for widget in editors]
        _select(self.look, controls.look)
        if self.prompt.toPlainText() != controls.prompt:
            self.prompt.setPlainText(controls.prompt)
        if self.negative.toPlainText() != controls.negative_prompt:
            self.negative.setPlainText(controls.negative_prompt)
        self.controlnet_enabled.setChecked(controls.controlnet_enabled)
        self.controlnet_strength.set_value(controls.controlnet_strength)
        self.strength.set_value(controls.strength)
        self.whole_image.setChecked(controls.use_whole_image)
        self.reference.show_path(controls.ip_adapter_image)
        self.ip_scale.set_value(controls.ip_adapter_scale)
        _select(self.ip_mode, controls.ip_adapter_mode)
        self.steps.setValue(controls.steps)
        _select(self.scheduler, controls.scheduler)
        self.guidance.setValue(controls.guidance)
        self.seed.setValue(controls.seed)
        self.random_seed.setChecked(controls.random_seed)
        _select_size(self.size, controls.size)
        del blockers
        self._show_language_note()
        self._show_availability()

    def _show_availability(self) -> None:
        """Enable what can be used now; explain in tooltips what to configure for the rest."""
        session = self.session
        family = family_title(session.family)
        diffusion = session.controls.look == DIFFUSION
        has_base = session.model_configured("base_model")
        usable = diffusion and has_base
        why = "" if has_base else self.tr("Set the {family} base model in Preferences to use Stable Diffusion.").format(
            family=family)
        for box in (self.styles_box, self.sampling_box, self.face_box, self.prompt, self.negative):
            box.setEnabled(usable)
            box.setToolTip("" if usable or not diffusion else why)
        has_controlnet = session.model_configured("controlnet_canny")
        self.controlnet_enabled.setEnabled(usable and has_controlnet)
        self.controlnet_strength.setEnabled(usable and has_controlnet and session.controls.controlnet_enabled)
        self.controlnet_enabled.setToolTip(
            self.tr("Follow the edges of the face in the photo, so the portrait keeps its shape") if has_controlnet
            else self.tr("Set the {family} ControlNet Canny model in Preferences to keep the face shape."
                                               ).format(family=family))
        has_ip = session.model_configured("ip_adapter")
        self.reference_box.setEnabled(usable and has_ip)
        self.reference_box.setToolTip("" if has_ip else self.tr("Set the {family} IP-Adapter folder in Preferences.").format(
            family=family))
        self.seed.setEnabled(usable and not session.controls.random_seed)
        self._show_scheduler_availability(family)
        ready = (usable or not diffusion) and not session.busy
        self.generate_button.setEnabled(ready)
        self.generate_button.setToolTip(self.tr("Generate (Ctrl+Enter)") if usable or not diffusion else why)

    def _show_scheduler_availability(self, family: str) -> None:
        """LCM and TCD need their acceleration LoRA: without it they only make noise in 4 steps."""
        model = self.scheduler.model()
        for row in range(self.scheduler.count()):
            name = self.scheduler.itemData(row)
            if name not in ("lcm", "tcd"):
                continue
            configured = self.session.model_configured(f"{name}_lora")
            item = model.item(row)
            item.setEnabled(configured)
            item.setToolTip("" if configured else self.tr("Set the {family} {lora}-LoRA in Preferences.").format(
                family=family, lora=name.upper()))


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def _select_size(combo: QComboBox, size: int) -> None:
    """Select `size`; one no preset has (a reused 64 px recipe) gets its own entry, so the combo never lies."""
    if combo.findData(size) < 0:
        row = next((row for row in range(combo.count()) if combo.itemData(row) > size), combo.count())
        combo.insertItem(row, QCoreApplication.translate("BlendControls", "{0} × {0} (from a recipe)").format(size),
                         size)
    _select(combo, size)
