"""Small building blocks shared by the shell's widgets: an inline message banner, a slot that floats
banners over a pane, a scroll area that only scrolls vertically, and a pane header."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QToolButton,
    QWidget,
)

# The tint of each banner kind and how strongly it colours the window background.
BANNER_TINTS = {"error": (QColor(220, 60, 60), 40 / 255), "info": (QColor(60, 140, 220), 36 / 255)}


class Banner(QFrame):
    """An inline, dismissible message (errors, camera problems) instead of a modal dialog."""

    shown = Signal()  # each time a message is shown, so a `BannerSlot` can bring it forward

    def __init__(self, kind: str = "error", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("kind", kind)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        icon = QLabel()
        standard = QStyle.StandardPixmap.SP_MessageBoxWarning if kind == "error" else \
            QStyle.StandardPixmap.SP_MessageBoxInformation
        icon.setPixmap(self.style().standardIcon(standard).pixmap(16, 16))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.setToolTip(self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._paint_opaque()
        # A light/dark switch in Preferences: mix again once the new palette is in place.
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        self.hide()

    def show_message(self, message: str) -> None:
        """Show `message`; an empty message hides the banner."""
        self.label.setText(message)
        self.setVisible(bool(message))

    @property
    def message(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def setVisible(self, visible: bool) -> None:
        if visible:
            self._paint_opaque()
        super().setVisible(visible)
        if visible:
            self.shown.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._paint_opaque()

    def _scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        QTimer.singleShot(0, self, self._paint_opaque)

    def _paint_opaque(self) -> None:
        """The tint mixed into the application's window colour, opaque, so a banner floating over
        cards stays readable; mixed from the application palette, so restyling never compounds."""
        tint, alpha = BANNER_TINTS.get(str(self.property("kind")), BANNER_TINTS["info"])
        window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        mixed = QColor(*(round(base * (1 - alpha) + accent * alpha) for base, accent in
                         ((window.red(), tint.red()), (window.green(), tint.green()), (window.blue(), tint.blue()))))
        sheet = f"QFrame#banner {{ background: {mixed.name()}; }}"
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)


class BannerSlot(QObject):
    """One place for a pane's messages, floating over the top edge of `target`.

    Showing a banner never moves what is under the cursor (the banners are outside every layout),
    and the newest message replaces the one shown, so banners never stack. Over a scroll area the
    banner covers only the viewport, never the scroll bar.
    """

    MARGIN = 6

    def __init__(self, target: QWidget, *banners: Banner) -> None:
        super().__init__(target)
        self.target = target
        self.banners = banners
        for banner in banners:
            banner.setParent(target)  # keeps it hidden; shown on top of the target's own children
            banner.shown.connect(lambda shown=banner: self._bring_forward(shown))
        for child in target.children():
            self._watch(child)
        target.installEventFilter(self)

    @property
    def current(self) -> Banner | None:
        """The banner on show, if any."""
        return next((banner for banner in self.banners if not banner.isHidden()), None)

    def _watch(self, child: QObject) -> None:
        """A child raised over the banner (a stacked widget's new page) must not hide it."""
        if child.isWidgetType() and child not in self.banners:
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.target:
            if kind in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
                self._place()
            elif kind == QEvent.Type.ChildAdded:
                self._watch(event.child())
        elif kind in (QEvent.Type.ZOrderChange, QEvent.Type.Show) and (banner := self.current) is not None:
            banner.raise_()
        return False

    def _bring_forward(self, banner: Banner) -> None:
        for other in self.banners:
            if other is not banner:
                other.hide()
        banner.raise_()
        self._place()

    def _place(self) -> None:
        banner = self.current
        if banner is None:
            return
        area = self.target.viewport().geometry() if isinstance(self.target, QAbstractScrollArea) \
            else self.target.contentsRect()
        width = max(0, area.width() - 2 * self.MARGIN)
        height = banner.heightForWidth(width) if banner.hasHeightForWidth() else banner.sizeHint().height()
        banner.setGeometry(QRect(area.left() + self.MARGIN, area.top() + self.MARGIN, width,
                                 min(height, max(0, area.height() - 2 * self.MARGIN))))


class VerticalScrollArea(QScrollArea):
    """Scrolls up and down, never sideways: the content always takes the viewport's width.

    The area asks its layout for the content's minimum width plus the scroll bar, so a splitter
    cannot squeeze it until controls are clipped on the right.
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        hint = super().minimumSizeHint()
        if content is None:
            return hint
        width = (content.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                 + 2 * self.frameWidth())
        return QSize(width, hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # rows added or removed: the minimum width may have changed
        return super().eventFilter(watched, event)


def pane_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("paneTitle")
    return label
