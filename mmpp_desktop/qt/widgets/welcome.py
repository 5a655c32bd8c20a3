"""First launch without a model: what works right now, and how to add a model."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mmpp_desktop.core.types import CLASSIC_STYLES
from mmpp_desktop.qt.titles import classic_title

WELCOME_TEXT = QT_TRANSLATE_NOOP(
    "WelcomePanel",
    "<p>Turn a photo or a webcam snapshot into a stylized portrait, entirely on this computer.</p>"
    "<p><b>Right now:</b> the classic styles (cartoon, sketch, watercolor) need no model — "
    "open a photo and pick one.</p>"
    "<p><b>For Stable Diffusion styles:</b> open Preferences and point <i>SD 1.5 base model</i> "
    "(or SDXL) at a model folder or a <tt>.safetensors</tt> checkpoint you already have. "
    "Add a ControlNet Canny model to keep the face shape, and LoRA styles in the library below. "
    "Nothing is downloaded: every model is read from your disk.</p>",
)


class WelcomePanel(QFrame):
    """Shown in place of the result until there is a model or the user starts with a classic style."""

    classic_chosen = Signal(str)
    preferences_requested = Signal()

    def __init__(self, icon: QPixmap | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel(self.tr("Welcome to MMPP Desktop"))
        title.setObjectName("welcomeTitle")
        body = QLabel(self.tr(WELCOME_TEXT))
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setMaximumWidth(520)
        classics = QHBoxLayout()
        classics.setSpacing(8)
        for name in CLASSIC_STYLES:
            button = QPushButton(self.tr("Try {name}").format(name=classic_title(name)))
            button.setObjectName(f"classic-{name}")
            button.setToolTip(self.tr("Stylize a photo with the classic {name} filter; no model needed").format(
                name=classic_title(name)))
            button.clicked.connect(lambda _=False, chosen=name: self.classic_chosen.emit(chosen))
            classics.addWidget(button)
        preferences = QPushButton(self.tr("Add a model…"))
        preferences.setObjectName("primaryButton")
        preferences.setToolTip(self.tr("Open Preferences to choose a Stable Diffusion model on this computer"))
        preferences.clicked.connect(self.preferences_requested)
        classics.addStretch(1)
        classics.addWidget(preferences)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 28, 28, 28)
        layout.setSpacing(14)
        layout.addStretch(1)
        if icon is not None and not icon.isNull():
            logo = QLabel()
            logo.setPixmap(icon)
            layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addLayout(classics)
        layout.addStretch(2)
