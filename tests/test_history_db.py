"""The shared SQLite layer: WAL, foreign keys, schema version, per-thread connections."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from mmpp_desktop.core.db import MIGRATIONS, Database, DatabaseError
from mmpp_desktop.core.errors import UserFacingError


def test_fresh_database_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(tmp_path / "library.sqlite3")
    connection = db.connection()
    assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"styles", "style_loras", "entries", "entry_images", "entry_styles", "inputs", "entries_fts"} <= tables
    with pytest.raises(sqlite3.IntegrityError), db.write() as writing:
        writing.execute("INSERT INTO entry_images VALUES (12345, 0, 'a.png', 'a.jpg')")  # no such entry
    Database(tmp_path / "library.sqlite3")  # reopening an up-to-date database changes nothing
    assert connection.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1


def test_database_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Database(path).connection().execute("UPDATE schema_version SET version = 999")
    with pytest.raises(DatabaseError) as caught:
        Database(path)
    assert isinstance(caught.value, UserFacingError) and "newer version" in caught.value.message


def test_each_thread_gets_its_own_connection(tmp_path: Path) -> None:
    db = Database(tmp_path / "library.sqlite3")
    seen: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: (seen.append(db.connection()), db.close()))
    thread.start()
    thread.join()
    assert seen and seen[0] is not db.connection() and db.connection() is db.connection()


def test_failed_write_rolls_back(tmp_path: Path) -> None:
    db = Database(tmp_path / "library.sqlite3")
    with pytest.raises(RuntimeError), db.write() as connection:
        connection.execute("INSERT INTO inputs (sha256, file) VALUES ('x', 'x.jpg')")
        raise RuntimeError("crash in the middle")
    assert db.connection().execute("SELECT COUNT(*) FROM inputs").fetchone()[0] == 0
