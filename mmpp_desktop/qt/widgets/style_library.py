"""The style library manager: a grid of style cards with search, filters, import, edit and undo.

The pane only shows `LibraryViewModel` state and forwards user actions to it; the store
work happens on the store thread. `CardDelegate` and `UndoBanner` are shared with the
history browser so both grids look and behave alike.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QIcon,
    QImage,
    QKeySequence,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.qt.models.style_model import FamilyTitleRole, StyleRole
from mmpp_desktop.qt.view_models.library import LibraryViewModel
from mmpp_desktop.qt.widgets.accessible import named
from mmpp_desktop.qt.widgets.common import Banner, BannerSlot
from mmpp_desktop.qt.widgets.style_edit_dialog import StyleEditDialog
from mmpp_desktop.qt.workers.store_worker import THUMBNAIL_RADIUS, THUMBNAIL_SIDE, StoreClient

Index = QModelIndex | QPersistentModelIndex

FAMILY_FILTERS: tuple[tuple[str, str | None], ...] = (
    (QT_TRANSLATE_NOOP("StyleLibraryPane", "All families"), None), ("SD 1.5", "sd15"), ("SDXL", "sdxl"),
    (QT_TRANSLATE_NOOP("StyleLibraryPane", "Any model"), "any"))


class UndoBanner(Banner):
    """"Deleted X — Undo": the undo stays offered until dismissed or replaced by the next delete."""

    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("info", parent)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_button.clicked.connect(self._undo)
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.insertWidget(layout.count() - 1, self.undo_button)

    def _undo(self) -> None:
        self.hide()
        self.undo_clicked.emit()


CARD_PADDING = 8
CARD_MARGIN = 5
CARD_CHROME = 2 * (CARD_PADDING + CARD_MARGIN)  # card width minus its thumbnail
MIN_THUMBNAIL_SIDE = 72


class CardDelegate(QStyledItemDelegate):
    """Paints a rounded card: thumbnail (or a placeholder), title, subtitle and a badge.

    Thumbnails arrive pre-cropped and rounded from the loader thread, and placeholders are
    rendered once and reused, so painting a screenful of cards stays a few blits.
    """

    def __init__(self, text_height: int = 52, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_height = text_height
        self.thumb_side = THUMBNAIL_SIDE
        self._placeholders: dict[str, QPixmap] = {}

    @property
    def card_size(self) -> QSize:
        width = self.thumb_side + CARD_CHROME
        return QSize(width, width + self.text_height)

    def fit_height(self, height: int) -> None:
        """Shrink the thumbnails (down to a minimum) so one whole row fits `height`, e.g. in a low dock."""
        self.thumb_side = max(MIN_THUMBNAIL_SIDE, min(THUMBNAIL_SIDE, height - CARD_CHROME - self.text_height))

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.card_size

    def texts(self, index: Index) -> tuple[str, str, str]:
        """(title, subtitle, badge) of the card; subclasses show their own fields."""
        return str(index.data(Qt.ItemDataRole.DisplayRole) or ""), "", ""

    def placeholder_key(self, index: Index, title: str) -> str:
        """Cards without an image share a placeholder per key; "" means the plain loading tile."""
        return title

    def paint_overlay(self, painter: QPainter, thumb: QRectF, index: Index) -> None:
        """Draw marks over the thumbnail (e.g. a favourite star)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        # The grid cell may be wider than the card: centre the card in it.
        cell = QRectF(option.rect)
        card = QRectF(cell.center().x() - self.card_size.width() / 2, cell.top(), self.card_size.width(),
                      self.card_size.height()).adjusted(CARD_MARGIN, CARD_MARGIN, -CARD_MARGIN, -CARD_MARGIN)

        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        card_color = base.lighter(118) if dark else base.darker(105)
        if hovered and not selected:
            card_color = card_color.lighter(112) if dark else card_color.darker(105)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(card_color)
        painter.drawRoundedRect(card, 10, 10)
        if selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card, 10, 10)

        title, subtitle, badge = self.texts(index)
        side = self.thumb_side
        thumb = QRectF(card.left() + CARD_PADDING, card.top() + CARD_PADDING, side, side)
        image = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(image, QImage) and not image.isNull():
            if side != THUMBNAIL_SIDE:  # a shrunken card: scale the pre-rendered thumbnail
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(thumb, image)
            else:
                painter.drawImage(thumb.topLeft(), image)
        else:
            painter.drawPixmap(thumb.topLeft(), self._placeholder(self.placeholder_key(index, title), card_color))
        self.paint_overlay(painter, thumb, index)

        text_color = palette.color(QPalette.ColorRole.Text)
        title_font = QFont(option.font)
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_color)
        metrics = painter.fontMetrics()
        title_rect = QRectF(thumb.left(), thumb.bottom() + 6, thumb.width(), metrics.height())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, int(thumb.width())))

        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        painter.setFont(small)
        small_metrics = painter.fontMetrics()
        # A Hangul badge may come from a fallback font taller than the card font: size the pill to it.
        text_height = max(small_metrics.height(), small_metrics.boundingRect(badge + subtitle).height())
        line = QRectF(thumb.left(), title_rect.bottom() + 3, thumb.width(), text_height + 2)
        used = 0.0
        if badge:
            used = min(small_metrics.horizontalAdvance(badge) + 12, line.width())
            badge = small_metrics.elidedText(badge, Qt.TextElideMode.ElideRight, int(used - 10))
            badge_rect = QRectF(line.left(), line.top(), used, line.height())
            fill = QColor(palette.color(QPalette.ColorRole.Highlight))
            fill.setAlphaF(0.25)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(badge_rect, line.height() / 2, line.height() / 2)
            painter.setPen(text_color)
            painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
            used += 6
        if subtitle:
            muted = QColor(text_color)
            muted.setAlphaF(0.6)
            painter.setPen(muted)
            rest = line.adjusted(used, 0, 0, 0)
            align = Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignRight if badge else Qt.AlignmentFlag.AlignLeft)
            painter.drawText(rest, align,
                             small_metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, int(rest.width())))
        painter.restore()

    def _placeholder(self, key: str, card_color: QColor) -> QPixmap:
        cache_key = f"{card_color.name()}|{self.thumb_side}|{key}"
        pixmap = self._placeholders.get(cache_key)
        if pixmap is None:
            if len(self._placeholders) > 500:
                self._placeholders.clear()
            pixmap = render_placeholder(key, card_color, self.thumb_side)
            self._placeholders[cache_key] = pixmap
        return pixmap


def render_placeholder(key: str, card_color: QColor, side: int = THUMBNAIL_SIDE) -> QPixmap:
    """A coloured tile with initials for `key`, or a plain tile (a thumbnail still loading) for ""."""
    app = QGuiApplication.instance()
    screen = app.primaryScreen() if isinstance(app, QGuiApplication) else None
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    pixmap = QPixmap(round(side * ratio), round(side * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    rect = QRectF(0, 0, side, side)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    if key:
        painter.setBrush(placeholder_gradient(rect, key))
    else:
        painter.setBrush(card_color.darker(115) if card_color.lightness() >= 128 else card_color.lighter(125))
    painter.drawRoundedRect(rect, THUMBNAIL_RADIUS, THUMBNAIL_RADIUS)
    if key:
        font = painter.font()
        font.setPixelSize(round(side / 3.6))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255, 225))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(key))
    painter.end()
    return pixmap


PLACEHOLDER_GRADIENTS = (
    ("#ff7e5f", "#c0392b"), ("#6a11cb", "#2575fc"), ("#11998e", "#38ef7d"), ("#f7b733", "#fc4a1a"),
    ("#4568dc", "#b06ab3"), ("#ee0979", "#ff6a00"), ("#00b09b", "#96c93d"), ("#8e2de2", "#4a00e0"),
    ("#f953c6", "#b91d73"), ("#1e3c72", "#2a5298"), ("#e65c00", "#f9d423"), ("#2193b0", "#6dd5ed"),
)


def placeholder_gradient(rect: QRectF, seed_text: str) -> QLinearGradient:
    """A stable per-name gradient, so cards without a thumbnail still tell apart at a glance."""
    start, end = PLACEHOLDER_GRADIENTS[int(hashlib.sha1(seed_text.encode("utf-8")).hexdigest()[:8], 16)
                                       % len(PLACEHOLDER_GRADIENTS)]
    gradient = QLinearGradient(rect.topLeft(), rect.bottomRight())
    gradient.setColorAt(0.0, QColor(start))
    gradient.setColorAt(1.0, QColor(end))
    return gradient


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").replace("_", " ").split() if word]
    return "".join(word[0] for word in words[:2]).upper() or "?"


class StyleCardDelegate(CardDelegate):
    def texts(self, index: Index) -> tuple[str, str, str]:
        style = index.data(StyleRole)
        subtitle = (QCoreApplication.translate("StyleCardDelegate", "Built-in") if style.builtin
                    else QCoreApplication.translate("StyleCardDelegate", "1 LoRA") if len(style.loras) == 1
                    else QCoreApplication.translate("StyleCardDelegate", "{count} LoRAs").format(count=len(style.loras)))
        return style.name, subtitle, index.data(FamilyTitleRole)


class CardGrid(QListView):
    """An icon-mode grid whose cells share out the spare width, with an empty-state message."""

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setWrapping(True)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_grid()
        super().resizeEvent(event)

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        super().setItemDelegate(delegate)
        self._fit_grid()

    def _fit_grid(self) -> None:
        """As many whole cards as fit per row, the leftover width spread between them."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, CardDelegate):
            return
        delegate.fit_height(self.viewport().height() - 4)
        card = delegate.card_size
        width = max(card.width(), self.viewport().width() - 2)
        columns = max(1, width // card.width())
        cell = QSize(width // columns, card.height())
        if cell != self.gridSize():
            self.setGridSize(cell)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            color = self.palette().color(QPalette.ColorRole.Text)
            color.setAlphaF(0.55)
            painter.setPen(color)
            painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)


def search_icon(palette: QPalette) -> QIcon:
    """A magnifier in the text colour, so the search fields read as search fields in light and dark."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = palette.color(QPalette.ColorRole.Text)
    color.setAlphaF(0.6)
    painter.setPen(QPen(color, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawEllipse(QRectF(5, 5, 16, 16))
    painter.drawLine(QPointF(19, 19), QPointF(27, 27))
    painter.end()
    return QIcon(pixmap)


def tool_button(text: str, icon: QStyle.StandardPixmap, style: QStyle, tooltip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setIcon(style.standardIcon(icon))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setToolTip(tooltip)
    button.setAutoRaise(True)
    return button


class StyleLibraryPane(QWidget):
    """Browse, import, edit and pick styles; `styles_chosen` sends picked names to the blend."""

    styles_chosen = Signal(list)
    train_requested = Signal()

    def __init__(self, store: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("styleLibraryPane")
        self.view_model = LibraryViewModel(store, self)
        self._deleted_name: str | None = None
        self.edit_dialog: QWidget | None = None  # the open edit dialog, if any
        self.setAcceptDrops(True)
        style = self.style()

        self.search = named(QLineEdit(), self.tr("Search styles"))
        self.search.setPlaceholderText(self.tr("Search styles, trigger words, tags…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(search_icon(self.palette()), QLineEdit.ActionPosition.LeadingPosition)
        self.family_filter = named(QComboBox(), self.tr("Model family filter"))
        for label, family in FAMILY_FILTERS:
            self.family_filter.addItem(self.tr(label), family)
        self.family_filter.setToolTip(self.tr("Show only styles made for this model family"))
        self.tag_filter = named(QComboBox(), self.tr("Tag filter"))
        self.tag_filter.addItem(self.tr("All tags"), None)
        self.tag_filter.setMinimumContentsLength(8)
        self.tag_filter.setToolTip(self.tr("Show only styles with this tag"))
        self.import_button = tool_button(self.tr("Import…"), QStyle.StandardPixmap.SP_DialogOpenButton, style,
                                         self.tr("Import a LoRA (.safetensors) or a style pack (.zip); you can also drop files"))
        self.train_button = tool_button(self.tr("Train a style…"), QStyle.StandardPixmap.SP_MediaPlay, style,
                                        self.tr("Train your own LoRA style from a few of your images"))
        self.add_button = QPushButton(self.tr("Add to blend"))
        self.add_button.setObjectName("primaryButton")
        self.add_button.setToolTip(self.tr("Add the selected styles to the blend (or double-click a card)"))

        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.search, 1)
        top.addWidget(self.family_filter)
        top.addWidget(self.tag_filter)
        top.addWidget(self.import_button)
        top.addWidget(self.train_button)
        top.addWidget(self.add_button)

        self.error_banner = Banner("error")
        self.info_banner = Banner("info")
        self.undo_banner = UndoBanner()

        self.grid = CardGrid(self.tr("No styles match. Import a LoRA (.safetensors) or a style pack (.zip), "
                             "or drop one here."))
        self.grid.setObjectName("styleGrid")
        named(self.grid, self.tr("Styles"), self.tr("Your style library; double-click a style to add it to the blend"))
        self.grid.setModel(self.view_model.model)
        self.grid.setItemDelegate(StyleCardDelegate(parent=self.grid))
        self.grid.setDragEnabled(True)
        self.grid.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

        self.count_label = QLabel()
        self.count_label.setObjectName("mutedLabel")
        self.edit_button = tool_button(self.tr("Edit…"), QStyle.StandardPixmap.SP_FileDialogDetailedView, style,
                                       self.tr("Edit the selected style (built-ins are saved as your own copy)"))
        self.duplicate_button = tool_button(self.tr("Duplicate"), QStyle.StandardPixmap.SP_FileLinkIcon, style,
                                            self.tr("Make an editable copy of the selected style"))
        self.export_button = tool_button(self.tr("Export pack…"), QStyle.StandardPixmap.SP_DialogSaveButton, style,
                                         self.tr("Save the selected style with its LoRA files as a .zip pack"))
        self.delete_button = tool_button(self.tr("Delete"), QStyle.StandardPixmap.SP_TrashIcon, style,
                                         self.tr("Move the selected style to the trash (undo is offered)"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for button in (self.edit_button, self.duplicate_button, self.export_button, self.delete_button):
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        # One message at a time, floating over the grid's top edge: a banner never moves a card
        # under the cursor between the two clicks of a double-click.
        self.banners = BannerSlot(self.grid, self.error_banner, self.info_banner, self.undo_banner)
        layout.addLayout(bottom)

        self._delete_action = QAction(self.tr("Delete"), self)
        self._delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self._delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._delete_action.triggered.connect(self.delete_selected)
        self.grid.addAction(self._delete_action)

        self._connect()
        self._update_actions()
        self.view_model.reload()

    def _connect(self) -> None:
        vm = self.view_model
        self.search.textChanged.connect(vm.set_search)
        self.family_filter.currentIndexChanged.connect(lambda _i: vm.set_family(self.family_filter.currentData()))
        self.tag_filter.currentIndexChanged.connect(lambda _i: vm.set_tag(self.tag_filter.currentData()))
        self.import_button.clicked.connect(self.choose_import_files)
        self.train_button.clicked.connect(self.train_requested)
        self.add_button.clicked.connect(self.choose_selected)
        self.grid.activated.connect(lambda _index: self.choose_selected())  # double-click or Enter
        self.grid.customContextMenuRequested.connect(self._context_menu)
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        vm.model.modelReset.connect(self._update_actions)
        self.edit_button.clicked.connect(self.edit_selected)
        self.duplicate_button.clicked.connect(lambda: self._with_selected(vm.duplicate))
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_banner.undo_clicked.connect(self._undo_delete)
        vm.error.connect(self._show_error)
        vm.message.connect(self._show_info)
        vm.tags_changed.connect(self._set_tags)
        vm.deleted.connect(self._offer_undo)
        vm.imported.connect(lambda names: self.select_style(names[-1]) if names else None)
        vm.saved.connect(self._on_saved)
        vm.save_failed.connect(self._on_save_failed)

    # --- public hooks for the main window -----------------------------------------------------

    def import_files(self, paths: list[str | Path]) -> None:
        """Import dropped or chosen `.safetensors` LoRAs and `.zip` packs (the window's drop handler calls this)."""
        self.error_banner.show_message("")
        self.view_model.import_files(list(paths))

    def set_current_result_image(self, image: Any) -> None:
        """The latest generated image (QImage or PIL), offered as a thumbnail in the edit dialog."""
        self.view_model.set_current_result_image(image)

    @Slot()
    def refresh(self) -> None:
        self.view_model.reload()

    def selected_styles(self) -> list[Any]:
        rows = sorted(index.row() for index in self.grid.selectionModel().selectedIndexes())
        return [self.view_model.model.index(row).data(StyleRole) for row in rows]

    def select_style(self, name: str) -> None:
        """Select a style's card once it is listed (it may arrive with the next reload)."""
        row = self.view_model.model.row_of(name)
        if row < 0:
            self.view_model.styles_loaded.connect(self._select_after_load(name))
            return
        index = self.view_model.model.index(row)
        self.grid.setCurrentIndex(index)
        self.grid.scrollTo(index)

    def _select_after_load(self, name: str) -> Any:
        def select() -> None:
            self.view_model.styles_loaded.disconnect(select)
            row = self.view_model.model.row_of(name)
            if row >= 0:
                index = self.view_model.model.index(row)
                self.grid.setCurrentIndex(index)
                self.grid.scrollTo(index)

        return select

    # --- actions ------------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import styles"), str(Path.home()), self.tr("Styles (*.safetensors *.zip);;All files (*)"))
        if files:
            self.import_files(files)

    def choose_selected(self) -> None:
        names = [style.name for style in self.selected_styles()]
        if names:
            self.styles_chosen.emit(names)

    def edit_selected(self) -> None:
        styles = self.selected_styles()
        if len(styles) != 1:
            return
        dialog = StyleEditDialog(styles[0], self.view_model.current_result, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.view_model.save)
        dialog.finished.connect(self._edit_dialog_closed)
        self.edit_dialog = dialog
        dialog.open()

    def _edit_dialog_closed(self) -> None:
        self.edit_dialog = None

    def _on_saved(self, name: str) -> None:
        if isinstance(self.edit_dialog, StyleEditDialog):
            self.edit_dialog.finish()
        self.select_style(name)

    def _on_save_failed(self, message: str) -> None:
        if isinstance(self.edit_dialog, StyleEditDialog):
            self.edit_dialog.show_error(message)
        else:
            self._show_error(message)

    def export_selected(self) -> None:
        styles = self.selected_styles()
        if len(styles) != 1:
            return
        name = styles[0].name
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Export style pack"), str(Path.home() / f"{name}.zip"),
                                             self.tr("Style pack (*.zip)"))
        if out:
            self.view_model.export_pack(name, out if out.lower().endswith(".zip") else out + ".zip")

    def delete_selected(self) -> None:
        styles = self.selected_styles()
        if len(styles) == 1:
            self.view_model.delete(styles[0].name)

    def _with_selected(self, action: Any) -> None:
        styles = self.selected_styles()
        if len(styles) == 1:
            action(styles[0].name)

    def _offer_undo(self, name: str) -> None:
        self._deleted_name = name
        self.undo_banner.show_message(self.tr("Deleted “{name}”.").format(name=name))

    def _undo_delete(self) -> None:
        name, self._deleted_name = self._deleted_name, None
        if name:
            self.view_model.restore(name)

    def _context_menu(self, position: QPoint) -> None:
        if not self.grid.indexAt(position).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Add to blend"), self.choose_selected)
        menu.addSeparator()
        for button in (self.edit_button, self.duplicate_button, self.export_button):
            menu.addAction(button.icon(), button.text(), button.click).setEnabled(button.isEnabled())
        menu.addSeparator()
        menu.addAction(self.delete_button.icon(), self.tr("Delete"), self.delete_selected)
        menu.popup(self.grid.viewport().mapToGlobal(position))

    # --- view updates -------------------------------------------------------------------------

    def _update_actions(self) -> None:
        count = len(self.selected_styles())
        self.add_button.setEnabled(count > 0)
        for button in (self.edit_button, self.duplicate_button, self.export_button, self.delete_button):
            button.setEnabled(count == 1)
        if count == 1:
            builtin = self.selected_styles()[0].builtin
            self.delete_button.setEnabled(not builtin)
            self.export_button.setEnabled(not builtin)
        total = self.view_model.model.rowCount()
        self.count_label.setText(self.tr("1 style") if total == 1 else self.tr("{count} styles").format(count=total))

    def _set_tags(self, tags: list[str]) -> None:
        current = self.tag_filter.currentData()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All tags"), None)
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        index = self.tag_filter.findData(current)
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)
        if index < 0 and current is not None:
            self.view_model.set_tag(None)

    def _show_error(self, message: str) -> None:
        self.info_banner.show_message("")
        self.error_banner.show_message(message)

    def _show_info(self, message: str) -> None:
        self.info_banner.show_message(message)

    # --- drag and drop of LoRA files and packs ------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_files(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event.mimeData().urls())
        if files:
            self.import_files(files)
            event.acceptProposedAction()


def _local_files(urls: list[Any]) -> list[str]:
    """Every dropped local file goes to the import, so a wrong one gets an explanation, not silence."""
    return [url.toLocalFile() for url in urls if url.isLocalFile()]
