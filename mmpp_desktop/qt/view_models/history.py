"""State and actions of the history browser; every store call runs on the store thread.

The browser binds widgets to this object and the tests drive it directly. Deleting keeps
what was deleted (and where it sat) so undo puts the same rows back in the same places.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.qt.models.history_model import HistoryFilters, HistoryListModel
from mmpp_desktop.qt.models.thumbnails import ThumbnailCache
from mmpp_desktop.qt.workers.store_worker import StoreClient, load_scaled_image

DATE_RANGES: dict[str, float | None] = {
    "Any time": None,
    "Last 24 hours": 24 * 3600.0,
    "Last 7 days": 7 * 24 * 3600.0,
    "Last 30 days": 30 * 24 * 3600.0,
}

FULL_SIZE = 4096  # compare view: decode at most this many pixels a side


class HistoryViewModel(QObject):
    """Filters, the paged entry model, and reuse/favourite/note/export/delete/restore/compare."""

    error = Signal(str)
    message = Signal(str)
    reuse_ready = Signal(object)  # GenerationRequest
    deleted = Signal(list)  # entry ids that went to the trash: offer undo
    compare_ready = Signal(object, QImage, object, QImage)  # entry a, image a, entry b, image b
    style_names_changed = Signal(list)
    filters_changed = Signal(object)

    def __init__(self, store: StoreClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.thumbnails = ThumbnailCache(store.thumbnails, parent=self)
        self.model = HistoryListModel(store, self.thumbnails, parent=self)
        self.model.error.connect(self.error)
        self._trash: list[tuple[int, Any]] = []  # (row it had, entry) of the last delete
        self._style_names: list[str] = []

    # --- filters ------------------------------------------------------------------------------

    @property
    def filters(self) -> HistoryFilters:
        return self.model.filters

    def update_filters(self, **changes: Any) -> None:
        """Change some filters (`style`, `family`, `favourite`, `since`, `until`, `text`, `min_likeness`,
        `order`) and reload."""
        filters = dataclasses.replace(self.model.filters, **changes)
        if filters != self.model.filters:
            self.model.set_filters(filters)
            self.filters_changed.emit(filters)

    def set_min_likeness(self, minimum: float | None) -> None:
        """Show only results whose likeness is at least `minimum` (None: all, unscored included)."""
        self.update_filters(min_likeness=minimum)

    def set_order(self, order: str) -> None:
        """"newest" or "likeness" (best first, unscored last)."""
        self.update_filters(order=order)

    def set_date_range(self, label: str) -> None:
        span = DATE_RANGES[label]
        self.update_filters(since=None if span is None else time.time() - span)

    @Slot()
    def refresh(self) -> None:
        """Reload the entries and the style names used in the filter."""
        self.model.reload()
        self.reload_style_names()

    def reload_style_names(self) -> None:
        def job(library: Any, _history: Any) -> list[str]:
            return sorted((style.name for style in library.list()), key=str.casefold)

        self._store.submit(job, self._on_style_names, self.error.emit)

    def _on_style_names(self, names: list[str]) -> None:
        if names != self._style_names:
            self._style_names = names
            self.style_names_changed.emit(names)

    @Slot(int)
    def entry_added(self, entry_id: int) -> None:
        """A generation was recorded: show it on top if it passes the filters, without a reload."""
        if self.model.filters != HistoryFilters():
            self.model.reload()  # only the store can tell whether it matches a search or where it sorts
            return

        def job(_library: Any, history: Any) -> Any:
            return history.get(entry_id)

        self._store.submit(job, lambda entry: self.model.insert_entry(0, entry), self.error.emit)

    # --- actions on entries -------------------------------------------------------------------

    def reuse(self, entry_id: int) -> None:
        def job(_library: Any, history: Any) -> Any:
            return history.reuse_request(entry_id)

        self._store.submit(job, self.reuse_ready.emit, self.error.emit)

    def set_favourite(self, entry_id: int, favourite: bool) -> None:
        def job(_library: Any, history: Any) -> Any:
            history.set_favourite(entry_id, favourite)
            return history.get(entry_id)

        self._store.submit(job, self._on_entry_changed, self.error.emit)

    def set_note(self, entry_id: int, note: str) -> None:
        def job(_library: Any, history: Any) -> Any:
            history.set_note(entry_id, note)
            return history.get(entry_id)

        self._store.submit(job, self._on_entry_changed, self.error.emit)

    def _on_entry_changed(self, entry: Any) -> None:
        if self.model.filters.favourite is not None and bool(entry.favourite) != self.model.filters.favourite:
            self.model.remove_entry(entry.id)  # no longer matches the favourites filter
        else:
            self.model.replace_entry(entry)

    def export(self, entry_id: int, out: str | Path) -> None:
        """Write the image with its recipe as metadata; the format follows the suffix."""

        def job(_library: Any, history: Any) -> Path:
            return history.export(entry_id, Path(out))

        self._store.submit(job, lambda path: self.message.emit(f"Exported to {path}."), self.error.emit)

    def delete(self, entry_ids: list[int]) -> None:
        """Move entries to the trash; `deleted` lets the browser offer undo (`undo_delete`)."""
        ids = list(entry_ids)

        def job(_library: Any, history: Any) -> None:
            for entry_id in ids:
                history.delete(entry_id)

        self._store.submit(job, lambda _r: self._on_deleted(ids), self.error.emit)

    def _on_deleted(self, ids: list[int]) -> None:
        # Rows as they were before any removal: restoring them in ascending order rebuilds the same list.
        rows = [(self.model.row_of(entry_id), entry_id) for entry_id in ids]
        self._trash = [(row, self.model.entry_at(row)) for row, _id in sorted(rows) if row >= 0]
        for _row, entry in self._trash:
            self.model.remove_entry(entry.id)
        self.deleted.emit(ids)

    def undo_delete(self) -> None:
        """Restore the last deleted entries into the rows they had."""
        trash, self._trash = self._trash, []
        if not trash:
            return
        ids = [entry.id for _row, entry in trash]

        def job(_library: Any, history: Any) -> list[Any]:
            for entry_id in ids:
                history.restore(entry_id)
            return [history.get(entry_id) for entry_id in ids]

        def done(entries: list[Any]) -> None:
            for (row, _old), entry in zip(trash, entries, strict=True):
                self.model.insert_entry(row, entry)
            self.message.emit("Restored." if len(entries) == 1 else f"Restored {len(entries)} entries.")

        self._store.submit(job, done, self.error.emit)

    def compare(self, first: Any, second: Any) -> None:
        """Decode both results on the store thread; `compare_ready` carries them to the dialog."""
        path_a, path_b = str(first.image_paths[0]), str(second.image_paths[0])

        def job(_library: Any, _history: Any) -> tuple[QImage, QImage]:
            size = QSize(FULL_SIZE, FULL_SIZE)
            return load_scaled_image(path_a, size), load_scaled_image(path_b, size)

        def done(images: tuple[QImage, QImage]) -> None:
            if images[0].isNull() or images[1].isNull():
                self.error.emit("One of the images is missing from the history folder.")
            else:
                self.compare_ready.emit(first, images[0], second, images[1])

        self._store.submit(job, done, self.error.emit)
