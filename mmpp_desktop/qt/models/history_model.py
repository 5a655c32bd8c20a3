"""A lazily paged list model over the history store, for thousands of entries without stalls.

Rows arrive a page at a time from the store thread when the view scrolls near the end
(`canFetchMore`/`fetchMore`); thumbnails arrive later from the thumbnail thread. Nothing
here blocks the GUI thread on SQLite or on image decoding.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot

from mmpp_desktop.qt.models.thumbnails import ThumbnailCache
from mmpp_desktop.qt.workers.store_worker import StoreClient

PAGE_SIZE = 100

EntryRole = Qt.ItemDataRole.UserRole + 1
EntryIdRole = Qt.ItemDataRole.UserRole + 2
FavouriteRole = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class HistoryFilters:
    """The browser's filters, spelled as `HistoryStore.list`/`count` keyword arguments."""

    style: str | None = None
    family: str | None = None
    favourite: bool | None = None
    since: float | None = None
    until: float | None = None
    text: str = ""
    min_likeness: float | None = None
    order: str = "newest"  # or "likeness": best first, unscored last

    def as_kwargs(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def entry_title(entry: Any) -> str:
    """The card caption: the styles used, else the classic filter, else the prompt's start."""
    if entry.styles:
        return " + ".join(entry.styles)
    request = entry.recipe.get("request") or {}
    if request.get("classic"):
        return f"Classic {request['classic']}"
    return entry.prompt.strip()[:40] or f"Entry {entry.id}"


class HistoryListModel(QAbstractListModel):
    """Newest first, like the store's `list`; `entry_added` puts a new generation at the top."""

    total_changed = Signal(int)
    error = Signal(str)

    def __init__(self, store: StoreClient, thumbnails: ThumbnailCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._thumbnails = thumbnails
        self._filters = HistoryFilters()
        self._entries: list[Any] = []
        self._total: int | None = None
        self._fetching = False
        self._generation = 0  # answers to an older filter set are dropped
        self._rows_by_thumbnail: dict[str, int] = {}
        thumbnails.ready.connect(self._on_thumbnail_ready)

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry_title(entry)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.get(str(entry.thumbnail_paths[0])) if entry.thumbnail_paths else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.prompt or entry_title(entry)
        if role == EntryRole:
            return entry
        if role == EntryIdRole:
            return entry.id
        if role == FavouriteRole:
            return bool(entry.favourite)
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._total is None or len(self._entries) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Ask the store thread for the next page; a second call while one is in flight is ignored."""
        if parent.isValid() or self._fetching or not self.canFetchMore():
            return
        self._fetching = True
        generation, offset, filters = self._generation, len(self._entries), self._filters.as_kwargs()
        need_total = self._total is None

        def job(_library: Any, history: Any) -> tuple[list[Any], int | None]:
            page = history.list(offset=offset, limit=PAGE_SIZE, **filters)
            counted = {key: value for key, value in filters.items() if key != "order"}
            return page, (history.count(**counted) if need_total else None)

        self._store.submit(job, lambda result: self._on_page(generation, offset, result),
                           lambda message: self._on_page_failed(generation, message))

    # --- state --------------------------------------------------------------------------------

    @property
    def filters(self) -> HistoryFilters:
        return self._filters

    @property
    def total(self) -> int | None:
        """How many entries match the filters (None until the first page arrives)."""
        return self._total

    @property
    def is_fetching(self) -> bool:
        return self._fetching

    def set_filters(self, filters: HistoryFilters) -> None:
        if filters != self._filters:
            self._filters = filters
            self.reload()

    @Slot()
    def reload(self) -> None:
        """Forget every row and page in again from the top (filters changed, or the store did)."""
        self._generation += 1
        self.beginResetModel()
        self._entries = []
        self._rows_by_thumbnail = {}
        self._total = None
        self._fetching = False
        self.endResetModel()
        self.fetchMore()

    def row_of(self, entry_id: int) -> int:
        for row, entry in enumerate(self._entries):
            if entry.id == entry_id:
                return row
        return -1

    def entry_at(self, row: int) -> Any:
        return self._entries[row]

    def replace_entry(self, entry: Any) -> None:
        """Show an entry the store changed (favourite, note) without reloading."""
        row = self.row_of(entry.id)
        if row >= 0:
            self._entries[row] = entry
            self.dataChanged.emit(self.index(row), self.index(row))

    def remove_entry(self, entry_id: int) -> int:
        """Drop a row the store trashed; returns where it was (-1 if not loaded)."""
        row = self.row_of(entry_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._entries[row]
            self.endRemoveRows()
            self._set_total((self._total or 1) - 1)
            self._index_thumbnails()
        return row

    def insert_entry(self, row: int, entry: Any) -> None:
        """Put an entry (new or restored) back at `row` in the loaded rows."""
        if self.row_of(entry.id) >= 0:
            return
        row = max(0, min(row, len(self._entries)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.insert(row, entry)
        self.endInsertRows()
        self._set_total((self._total or 0) + 1)
        self._index_thumbnails()

    # --- answers from the store thread --------------------------------------------------------

    def _on_page(self, generation: int, offset: int, result: tuple[list[Any], int | None]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        page, total = result
        if total is not None:
            self._set_total(total)
        if offset != len(self._entries):  # rows were inserted or removed meanwhile: pages no longer line up
            self.reload()
            return
        short_page = len(page) < PAGE_SIZE
        known = {entry.id for entry in self._entries}
        page = [entry for entry in page if entry.id not in known]
        if page:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._entries.extend(page)
            self.endInsertRows()
            self._index_thumbnails(first)
        if short_page and (self._total is None or len(self._entries) < self._total):
            self._set_total(len(self._entries))  # the store ran out before the count said it would

    def _on_page_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._fetching = False
            self._set_total(len(self._entries))  # stop asking until the next reload
            self.error.emit(message)

    def _set_total(self, total: int) -> None:
        if total != self._total:
            self._total = total
            self.total_changed.emit(total)

    def _index_thumbnails(self, first: int = 0) -> None:
        if first == 0:
            self._rows_by_thumbnail = {}
        for row in range(first, len(self._entries)):
            paths = self._entries[row].thumbnail_paths
            if paths:
                self._rows_by_thumbnail[str(paths[0])] = row

    @Slot(str)
    def _on_thumbnail_ready(self, path: str) -> None:
        row = self._rows_by_thumbnail.get(path)
        if row is not None and row < len(self._entries):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
