"""The history browser: a lazily paged thumbnail grid, filters, recipe details and entry actions.

State and store calls live in `HistoryViewModel`; this widget shows them. The grid pages
rows in as it scrolls (the model's `fetchMore`) and thumbnails arrive from their own
thread, so thousands of entries scroll without stalls.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QColor, QHideEvent, QKeySequence, QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mmpp_desktop.qt.models.history_model import EntryRole, FavouriteRole, entry_title
from mmpp_desktop.qt.titles import classic_title, family_title, ip_mode_title, scheduler_title
from mmpp_desktop.qt.view_models.history import DATE_RANGES, HistoryViewModel
from mmpp_desktop.qt.widgets.accessible import named
from mmpp_desktop.qt.widgets.common import Banner, BannerSlot
from mmpp_desktop.qt.widgets.result_view import score_rows
from mmpp_desktop.qt.widgets.style_library import (
    CardDelegate,
    CardGrid,
    UndoBanner,
    search_icon,
    tool_button,
)
from mmpp_desktop.qt.workers.store_worker import StoreClient

Index = QModelIndex | QPersistentModelIndex

SEARCH_DELAY_MS = 250
LIKENESS_STEPS = (0.5, 0.6, 0.7, 0.8, 0.9)  # the "likeness ≥" filter; 0.5 is the same-person line
EXPORT_FILTERS = QT_TRANSLATE_NOOP("HistoryBrowser", "PNG image (*.png);;JPEG image (*.jpg *.jpeg);;WebP image (*.webp)")


def format_time(timestamp: float) -> str:
    """"Today 14:05" or "03 Dec 2026 14:05"; the Korean catalogue gives its own order ("2026. 12. 03. 14:05")."""
    moment = dt.datetime.fromtimestamp(timestamp)
    if moment.date() == dt.date.today():
        return moment.strftime(QCoreApplication.translate("HistoryBrowser", "Today %H:%M"))
    return moment.strftime(QCoreApplication.translate("HistoryBrowser", "%d %b %Y %H:%M"))


class HistoryCardDelegate(CardDelegate):
    def texts(self, index: Index) -> tuple[str, str, str]:
        entry = index.data(EntryRole)
        badge = family_title(entry.family) if entry.family else self.tr("Classic")
        likeness = entry.scores.get("likeness")
        if likeness is not None:  # what the "likeness" sort orders by, on the card
            badge = f"{badge} · {likeness:.2f}"
        return entry_title(entry), format_time(entry.created), badge

    def placeholder_key(self, index: Index, title: str) -> str:
        return ""  # every result has an image: show a plain tile until it loads

    def paint_overlay(self, painter: QPainter, thumb: QRectF, index: Index) -> None:
        if not index.data(FavouriteRole):
            return
        centre = QPointF(thumb.right() - 16, thumb.top() + 16)
        disc = QPainterPath()
        disc.addEllipse(centre, 13, 13)
        painter.fillPath(disc, QColor(0, 0, 0, 140))
        painter.fillPath(star_path(centre, 9.0), QColor(255, 200, 40))


def star_path(centre: QPointF, radius: float) -> QPainterPath:
    points = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        r = radius if i % 2 == 0 else radius * 0.45
        points.append(QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle)))
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


def recipe_html(entry: Any) -> str:
    """The recipe as a readable summary; the raw JSON tab has everything else."""
    recipe = entry.recipe
    request = recipe.get("request") or {}
    rows: list[tuple[str, str]] = [(QCoreApplication.translate("RecipeSummary", "Created"),
                                    format_time(entry.created))]
    styles = request.get("styles") or []
    if styles:
        rows.append((QCoreApplication.translate("RecipeSummary", "Styles"),
                     ", ".join(f"{s.get('name') or Path(s.get('path', '')).stem} × {s.get('weight', 1):.2f}"
                               for s in styles)))
    elif entry.styles:
        rows.append((QCoreApplication.translate("RecipeSummary", "Styles"), ", ".join(entry.styles)))
    if request.get("classic"):
        rows.append((QCoreApplication.translate("RecipeSummary", "Classic filter"), classic_title(request["classic"])))
    model = recipe.get("model") or {}
    if model:
        rows.append((QCoreApplication.translate("RecipeSummary", "Model"),
                     f"{model.get('name', '')} ({model.get('autov2', '')})"))
    if entry.family:
        rows.append((QCoreApplication.translate("RecipeSummary", "Family"), family_title(entry.family)))
    scheduler = (recipe.get("scheduler") or {}).get("name") or request.get("scheduler")
    if scheduler and not request.get("classic"):  # a classic run has no sampler (its row says which filter)
        rows.append((QCoreApplication.translate("RecipeSummary", "Scheduler"), scheduler_title(scheduler)))
    labels = (("steps", QT_TRANSLATE_NOOP("RecipeSummary", "Steps")),
              ("guidance", QT_TRANSLATE_NOOP("RecipeSummary", "CFG scale")),
              ("strength", QT_TRANSLATE_NOOP("RecipeSummary", "Strength")),
              ("seed", QT_TRANSLATE_NOOP("RecipeSummary", "Seed")))
    for key, label in labels:
        value = recipe.get(key, request.get(key))
        if value is not None:
            rows.append((QCoreApplication.translate("RecipeSummary", label), str(value)))
    width, height = recipe.get("width"), recipe.get("height")
    size_label = QCoreApplication.translate("RecipeSummary", "Size")
    if width and height:
        rows.append((size_label, f"{width} × {height}"))
    elif request.get("size"):
        rows.append((size_label, f"{request['size']} px"))
    if request.get("controlnet"):
        rows.append(("ControlNet", QCoreApplication.translate("RecipeSummary", "scale {scale}").format(
            scale=request["controlnet"].get("conditioning_scale"))))
    if request.get("ip_adapter"):
        ip = request["ip_adapter"]
        rows.append(("IP-Adapter", QCoreApplication.translate("RecipeSummary", "{mode} at {scale}").format(
            mode=ip_mode_title(ip.get("mode")), scale=ip.get("scale"))))
    if recipe.get("device"):
        rows.append((QCoreApplication.translate("RecipeSummary", "Device"),
                     f"{recipe['device']} {recipe.get('dtype', '')}".strip()))
    total = entry.timings.get("total")
    if total is not None:
        rows.append((QCoreApplication.translate("RecipeSummary", "Time"),
                     QCoreApplication.translate("RecipeSummary", "{seconds} s").format(seconds=f"{total:.1f}")))
    rows += score_rows(entry.scores)
    table = "".join(f"<tr><td style='padding:2px 12px 2px 0; opacity:0.7'>{html.escape(k)}</td>"
                    f"<td style='padding:2px 0'>{html.escape(v)}</td></tr>" for k, v in rows)
    prompt = html.escape(request.get("prompt") or "—")
    negative = html.escape(request.get("negative_prompt") or "—")
    prompt_label = html.escape(QCoreApplication.translate("RecipeSummary", "Prompt"))
    negative_label = html.escape(QCoreApplication.translate("RecipeSummary", "Negative prompt"))
    return (f"<p style='margin:0 0 4px 0; opacity:0.7'>{prompt_label}</p><p style='margin:0 0 10px 0'>{prompt}</p>"
            f"<p style='margin:0 0 4px 0; opacity:0.7'>{negative_label}</p>"
            f"<p style='margin:0 0 10px 0'>{negative}</p>"
            f"<table cellspacing='0'>{table}</table>")


class HistoryBrowser(QWidget):
    """Browse and search past generations; `reuse_requested` hands a recipe back to the controls."""

    reuse_requested = Signal(object)  # GenerationRequest

    def __init__(self, store: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyBrowser")
        self.view_model = HistoryViewModel(store, self)
        self._compare_dialog: QWidget | None = None
        self.export_folder: Callable[[], Path] = Path.home  # the window points it at the output folder

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search prompts and notes…"))
        named(self.search, self.tr("Search history"),
              self.tr("Finds words in prompts, negative prompts and notes, Korean included"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(search_icon(self.palette()), QLineEdit.ActionPosition.LeadingPosition)
        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("historySearchDelay")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.style_filter = QComboBox()
        self.style_filter.addItem(self.tr("All styles"), None)
        self.style_filter.setMinimumContentsLength(10)
        named(self.style_filter, self.tr("Style filter"), self.tr("Show only results made with this style"))
        self.family_filter = QComboBox()
        self.family_filter.addItem(self.tr("All families"), None)
        for family in ("sd15", "sdxl"):
            self.family_filter.addItem(family_title(family), family)
        named(self.family_filter, self.tr("Family filter"), self.tr("Show only results of this model family"))
        self.date_filter = QComboBox()
        for label in DATE_RANGES:
            self.date_filter.addItem(QCoreApplication.translate("HistoryViewModel", label), label)
        named(self.date_filter, self.tr("Time filter"), self.tr("Show only results made within this time"))
        self.likeness_filter = QComboBox()
        self.likeness_filter.setObjectName("likenessFilter")
        self.likeness_filter.addItem(self.tr("Any likeness"), None)
        for minimum in LIKENESS_STEPS:
            self.likeness_filter.addItem(self.tr("Likeness ≥ {value}").format(value=f"{minimum:.1f}"), minimum)
        self.likeness_filter.setToolTip(self.tr("Show only results that kept the person at least this well "
                                                "(0.5 and up: the same person)"))
        named(self.likeness_filter, self.tr("Likeness filter"), self.likeness_filter.toolTip())
        self.sort_order = QComboBox()
        self.sort_order.setObjectName("historySort")
        self.sort_order.addItem(self.tr("Newest first"), "newest")
        self.sort_order.addItem(self.tr("Best likeness first"), "likeness")
        named(self.sort_order, self.tr("Sort order"))
        self.sort_order.setToolTip(self.tr("List the newest results first, or those that kept the person best"))
        self.favourites_only = QToolButton()
        self.favourites_only.setText(self.tr("★ Favourites"))
        self.favourites_only.setCheckable(True)
        self.favourites_only.setToolTip(self.tr("Show only favourites"))
        named(self.favourites_only, self.tr("Favourites only"), self.favourites_only.toolTip())
        self.count_label = QLabel()
        self.count_label.setObjectName("mutedLabel")

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.search, 1)
        for widget in (self.style_filter, self.family_filter, self.date_filter, self.likeness_filter,
                       self.sort_order, self.favourites_only):
            filters.addWidget(widget)

        self.error_banner = Banner("error")
        self.info_banner = Banner("info")
        self.undo_banner = UndoBanner()

        self.grid = CardGrid(self.tr("No generations yet. Results appear here as soon as you generate."))
        self.grid.setObjectName("historyGrid")
        self.grid.setModel(self.view_model.model)
        self.grid.setItemDelegate(HistoryCardDelegate(parent=self.grid))
        named(self.grid, self.tr("History results"),
              self.tr("Past generations. Delete moves the selected ones to the trash, F marks a favourite; "
                      "select two to compare them"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.grid, 1)
        BannerSlot(self.grid, self.error_banner, self.info_banner, self.undo_banner)  # one at a time, over the grid
        left_layout.addWidget(self.count_label)

        self.details = self._build_details()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("historySplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.addWidget(self.splitter)

        delete_action = QAction(self.tr("Delete"), self)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete_action.triggered.connect(self.delete_selected)
        self.grid.addAction(delete_action)
        favourite_action = QAction(self.tr("Favourite"), self)
        favourite_action.setShortcut(QKeySequence("F"))
        favourite_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        favourite_action.triggered.connect(self._toggle_favourite)
        self.grid.addAction(favourite_action)

        self._connect()
        self._show_selection()
        self.view_model.refresh()

    def _build_details(self) -> QWidget:
        style = self.style()
        panel = QWidget()
        panel.setObjectName("historyDetails")
        panel.setMinimumWidth(260)
        self.details_title = QLabel(self.tr("Select a result"))
        self.details_title.setObjectName("paneTitle")
        self.details_title.setWordWrap(True)
        self.recipe_view = QTextBrowser()
        self.recipe_view.setOpenLinks(False)
        self.recipe_view.setPlaceholderText(self.tr("Select a result to see its full recipe. "
                                                    "Select two to compare them side by side."))
        named(self.recipe_view, self.tr("Recipe of the selected result"),
              self.tr("Prompt, styles, settings and scores the selected result was made with"))
        self.raw_json = QPlainTextEdit()
        self.raw_json.setReadOnly(True)
        self.raw_json.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = self.raw_json.font()
        mono.setFamily("monospace")
        mono.setStyleHint(mono.StyleHint.Monospace)
        self.raw_json.setFont(mono)
        named(self.raw_json, self.tr("Raw recipe JSON"), self.tr("The full recipe as recorded, read-only"))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.recipe_view, self.tr("Recipe"))
        self.tabs.addTab(self.raw_json, self.tr("Raw JSON"))
        named(self.tabs.tabBar(), self.tr("Recipe view"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Add a note (searchable)…"))
        named(self.note, self.tr("Note"), self.tr("Your note on the selected result; search finds it"))

        self.reuse_button = QPushButton(self.tr("Reuse recipe"))
        self.reuse_button.setObjectName("primaryButton")
        self.reuse_button.setToolTip(self.tr("Restore every control from this result"))
        self.favourite_button = QToolButton()
        self.favourite_button.setText(self.tr("☆ Favourite"))
        self.favourite_button.setCheckable(True)
        self.favourite_button.setToolTip(self.tr("Mark as favourite (F in the grid)"))
        named(self.favourite_button, self.tr("Favourite"), self.favourite_button.toolTip())
        self.compare_button = tool_button(self.tr("Compare"), QStyle.StandardPixmap.SP_FileDialogListView, style,
                                          self.tr("Compare the two selected results"))
        self.export_button = tool_button(self.tr("Export…"), QStyle.StandardPixmap.SP_DialogSaveButton, style,
                                         self.tr("Save the image as PNG, JPEG or WebP with its recipe as metadata"))
        self.delete_button = tool_button(self.tr("Delete"), QStyle.StandardPixmap.SP_TrashIcon, style,
                                         self.tr("Move the selected results to the trash (undo is offered)"))
        actions = QHBoxLayout()
        actions.addWidget(self.reuse_button)
        actions.addWidget(self.favourite_button)
        actions.addStretch(1)
        secondary = QHBoxLayout()
        for button in (self.compare_button, self.export_button, self.delete_button):
            secondary.addWidget(button)
        secondary.addStretch(1)

        note_form = QFormLayout()
        note_form.setContentsMargins(0, 0, 0, 0)
        note_form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.details_title)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(note_form)
        layout.addLayout(secondary)
        return panel

    def _connect(self) -> None:
        vm = self.view_model
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_search)
        self._search_timer.timeout.connect(self._apply_search)
        self.style_filter.currentIndexChanged.connect(
            lambda _i: vm.update_filters(style=self.style_filter.currentData()))
        self.family_filter.currentIndexChanged.connect(
            lambda _i: vm.update_filters(family=self.family_filter.currentData()))
        self.date_filter.currentIndexChanged.connect(lambda _i: vm.set_date_range(self.date_filter.currentData()))
        self.likeness_filter.currentIndexChanged.connect(
            lambda _i: vm.set_min_likeness(self.likeness_filter.currentData()))
        self.sort_order.currentIndexChanged.connect(lambda _i: vm.set_order(self.sort_order.currentData()))
        self.favourites_only.toggled.connect(lambda on: vm.update_filters(favourite=True if on else None))
        self.grid.selectionModel().selectionChanged.connect(lambda *_: self._show_selection())
        vm.model.modelReset.connect(self._show_selection)
        vm.model.dataChanged.connect(self._on_data_changed)
        vm.model.total_changed.connect(self._update_count)
        vm.model.rowsInserted.connect(lambda *_: self._update_count())
        vm.model.rowsRemoved.connect(lambda *_: self._update_count())
        self.reuse_button.clicked.connect(self.reuse_selected)
        self.favourite_button.clicked.connect(self._toggle_favourite)
        self.compare_button.clicked.connect(self.compare_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.note.editingFinished.connect(self._save_note)
        self.undo_banner.undo_clicked.connect(vm.undo_delete)
        vm.reuse_ready.connect(self.reuse_requested)
        vm.error.connect(self._show_error)
        vm.message.connect(self.info_banner.show_message)
        vm.deleted.connect(self._offer_undo)
        vm.style_names_changed.connect(self._set_style_names)
        vm.compare_ready.connect(self._open_compare)

    # --- public hooks for the main window -----------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        self.view_model.refresh()

    @Slot(int)
    def entry_added(self, entry_id: int) -> None:
        self.view_model.entry_added(entry_id)

    def selected_entries(self) -> list[Any]:
        rows = sorted(index.row() for index in self.grid.selectionModel().selectedIndexes())
        return [self.view_model.model.entry_at(row) for row in rows]

    # --- actions ------------------------------------------------------------------------------

    def reuse_selected(self) -> None:
        entries = self.selected_entries()
        if len(entries) == 1:
            self.view_model.reuse(entries[0].id)

    def _toggle_favourite(self) -> None:
        entries = self.selected_entries()
        if len(entries) == 1:
            self.view_model.set_favourite(entries[0].id, not entries[0].favourite)

    def compare_selected(self) -> None:
        entries = self.selected_entries()
        if len(entries) == 2:
            self.view_model.compare(entries[0], entries[1])

    def export_selected(self) -> None:
        entries = self.selected_entries()
        if len(entries) != 1:
            return
        out, chosen = QFileDialog.getSaveFileName(self, self.tr("Export image"),
                                                  str(self.export_folder() / f"mmpp-{entries[0].id}.png"),
                                                  self.tr(EXPORT_FILTERS))
        if out:
            if not Path(out).suffix:
                out += ".jpg" if "*.jpg" in chosen else ".webp" if "*.webp" in chosen else ".png"
            self.view_model.export(entries[0].id, out)

    def delete_selected(self) -> None:
        ids = [entry.id for entry in self.selected_entries()]
        if ids:
            self.view_model.delete(ids)

    def _save_note(self) -> None:
        entries = self.selected_entries()
        if len(entries) == 1 and self.note.text() != entries[0].note:
            self.view_model.set_note(entries[0].id, self.note.text())

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.view_model.update_filters(text=self.search.text())

    def _open_compare(self, first: Any, image_a: Any, second: Any, image_b: Any) -> None:
        from mmpp_desktop.qt.widgets.compare_dialog import CompareDialog

        dialog = CompareDialog(image_a, entry_title(first), image_b, entry_title(second), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._compare_dialog = dialog
        dialog.open()

    # --- view updates -------------------------------------------------------------------------

    def _offer_undo(self, ids: list[int]) -> None:
        self.undo_banner.show_message(self.tr("Deleted 1 result.") if len(ids) == 1
                                      else self.tr("Deleted {count} results.").format(count=len(ids)))

    def _show_error(self, message: str) -> None:
        self.info_banner.show_message("")
        self.error_banner.show_message(message)

    def _set_style_names(self, names: list[str]) -> None:
        current = self.style_filter.currentData()
        self.style_filter.blockSignals(True)
        self.style_filter.clear()
        self.style_filter.addItem(self.tr("All styles"), None)
        for name in names:
            self.style_filter.addItem(name, name)
        self.style_filter.setCurrentIndex(max(0, self.style_filter.findData(current)))
        self.style_filter.blockSignals(False)

    def _update_count(self) -> None:
        total = self.view_model.model.total
        if total is None:
            self.count_label.setText(self.tr("Loading…"))
        else:
            self.count_label.setText(self.tr("1 result") if total == 1
                                     else self.tr("{count} results").format(count=f"{total:,}"))

    def _on_data_changed(self, top_left: QModelIndex, _bottom_right: QModelIndex, roles: list[int]) -> None:
        if Qt.ItemDataRole.DecorationRole not in roles:
            self._show_selection()

    def _show_selection(self) -> None:
        entries = self.selected_entries()
        one = len(entries) == 1
        for widget in (self.reuse_button, self.favourite_button, self.export_button, self.note):
            widget.setEnabled(one)
        self.compare_button.setEnabled(len(entries) == 2)
        self.delete_button.setEnabled(bool(entries))
        if not one:
            self.details_title.setText(self.tr("Select a result") if not entries
                                       else self.tr("{count} results selected").format(count=len(entries)))
            self.recipe_view.setHtml("")
            self.raw_json.setPlainText("")
            self.note.setText("")
            self.favourite_button.setChecked(False)
            self.favourite_button.setText(self.tr("☆ Favourite"))
            return
        entry = entries[0]
        self.details_title.setText(entry_title(entry))
        self.recipe_view.setHtml(recipe_html(entry))
        self.raw_json.setPlainText(json.dumps(entry.recipe, indent=2, sort_keys=True))
        if not self.note.hasFocus():
            self.note.setText(entry.note)
        self.favourite_button.setChecked(bool(entry.favourite))
        self.favourite_button.setText(self.tr("★ Favourite") if entry.favourite else self.tr("☆ Favourite"))

    def hideEvent(self, event: QHideEvent) -> None:
        if self._search_timer.isActive():  # no timer may outlive the visible pane; apply the search now
            self._apply_search()
        super().hideEvent(event)
