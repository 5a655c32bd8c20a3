"""Notice history entries written by another process (a CLI `generate` while the window is open).

SQLite's `PRAGMA data_version` changes for a connection whenever another connection has
committed to the database. The watcher keeps one read-only connection of its own for
that, used only on the store thread, and asks every couple of seconds (a cheap read of
one page header), so the GUI thread never waits on SQLite. (It cannot ask the stores'
connections: those are thread-local, and Python forgets a Qt thread's thread-locals
between two slot calls, so each store job may see a fresh connection.)

A change is checked against what the list shows (how many entries match, which is newest)
before anything is reloaded: the browser's own edits and the app's own generations (already
inserted at the top) change the version too, and a reload would lose the selection and
the scroll position for nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from mmpp_desktop.qt.models.history_model import HistoryListModel
from mmpp_desktop.qt.workers.store_worker import StoreClient

log = logging.getLogger(__name__)

POLL_MS = 2000


class HistoryWatcher(QObject):
    """Polls the store thread's connection and reloads `model` when other writers changed what it lists."""

    changed_elsewhere = Signal()  # another connection committed (the list may or may not need a reload)

    def __init__(self, store: StoreClient, model: HistoryListModel, interval_ms: int = POLL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._model = model
        self._version: int | None = None
        self._in_flight = False
        self._connection: sqlite3.Connection | None = None  # made and used on the store thread only
        self._timer = QTimer(self)
        self._timer.setObjectName("historyWatch")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self.changed_elsewhere.connect(self._reload_if_stale)
        store.stopped.connect(self._stop)
        self._timer.start()
        self.poll()  # the baseline, taken before the list's first page is read

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    @Slot()
    def poll(self) -> None:
        """Ask the store thread for the database's data version (skipped while one ask is pending)."""
        if self._in_flight:
            return
        self._in_flight = True

        self._store.submit(self._read_version, self._on_version, self._on_poll_failed)

    def _read_version(self, _library: Any, history: Any) -> int | None:
        """Runs on the store thread; None when the database cannot be watched (nothing else writes there)."""
        if history.db.read_only:
            return None
        try:
            if self._connection is None:
                self._connection = sqlite3.connect(f"{history.db.path.as_uri()}?mode=ro", uri=True,
                                                   isolation_level=None, check_same_thread=False)
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            log.warning("History changes made elsewhere cannot be watched", exc_info=True)
            return None

    def _on_version(self, version: int | None) -> None:
        self._in_flight = False
        if version is None:
            self._timer.stop()
            return
        previous, self._version = self._version, version
        if previous is not None and version != previous:
            self.changed_elsewhere.emit()

    def _on_poll_failed(self, _message: str) -> None:
        self._in_flight = False  # the list shows its own errors; a failed poll is tried again later

    @Slot()
    def _stop(self) -> None:
        """The store thread has ended: stop polling and close the connection it used."""
        self._timer.stop()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @Slot()
    def _reload_if_stale(self) -> None:
        filters = self._model.filters.as_kwargs()

        counted = {key: value for key, value in filters.items() if key != "order"}  # count() takes no order

        def job(_library: Any, history: Any) -> tuple[int, int | None]:
            newest = history.list(offset=0, limit=1, **filters)
            return history.count(**counted), (newest[0].id if newest else None)

        self._store.submit(job, self._compare, lambda _message: self._model.reload())

    def _compare(self, answer: tuple[int, int | None]) -> None:
        total, newest = answer
        model = self._model
        shown_newest = model.entry_at(0).id if model.rowCount() else None
        if model.total is None or (total, newest) != (model.total, shown_newest):
            model.reload()  # (no total yet: a page is in flight and may predate the change)
