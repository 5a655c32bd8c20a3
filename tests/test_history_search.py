"""History search on real SQLite: Korean words and substrings (trigram + LIKE), and the migration
of a database made before the trigram tokenizer."""

from __future__ import annotations

import json
import sqlite3
import time

import pytest
from test_history_store import make_result

from mmpp_desktop.core.db import MIGRATIONS
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths

KOREAN = "수채화 스타일 초상화"


@pytest.fixture
def store() -> HistoryStore:
    return HistoryStore(resolve_paths())


def _ids(store: HistoryStore, text: str) -> set[int]:
    return {entry.id for entry in store.list(text=text)}


def test_korean_words_and_substrings_are_found(store: HistoryStore) -> None:
    korean = store.record(make_result(prompt=KOREAN, images=1, size=16))
    english = store.record(make_result(prompt="watercolor portrait, soft light", images=1, size=16))
    assert _ids(store, "수채") == {korean}  # two syllables: shorter than a trigram
    assert _ids(store, "수채화") == {korean}
    assert _ids(store, "초상") == {korean}
    assert _ids(store, "채화") == {korean}  # inside a word
    assert _ids(store, "유화") == set()
    assert _ids(store, "수채 초상화") == {korean}  # every word must be present
    assert _ids(store, "수채 castle") == set()
    assert _ids(store, "watercolor") == {english}
    assert _ids(store, "water") == {english}  # prefix, as before
    assert _ids(store, "color") == {english}  # and now any substring
    assert _ids(store, "WATERCOLOR") == {english}
    assert _ids(store, "so") == {english}  # short English words use the fallback too
    assert _ids(store, "ink") == {korean, english}  # the style name


def test_short_queries_take_like_wildcards_literally(store: HistoryStore) -> None:
    plain = store.record(make_result(prompt="plain portrait", images=1, size=16))
    marked = store.record(make_result(prompt="portrait 50% a_b c\\d", images=1, size=16))
    assert _ids(store, "%") == {marked}
    assert _ids(store, "_") == {marked}
    assert _ids(store, "\\") == {marked}
    assert _ids(store, "a_") == {marked}
    assert _ids(store, "%%") == set()
    assert _ids(store, "pl") == {plain}
    assert store.count(text='" (') == 0 and store.count(text='"') == 0  # quotes never break the query


def test_notes_are_searched_after_an_edit(store: HistoryStore) -> None:
    entry = store.record(make_result(prompt="portrait", images=1, size=16))
    store.set_note(entry, "포스터용 최고")
    assert _ids(store, "포스") == {entry} and _ids(store, "포스터용") == {entry}


def test_database_from_before_trigram_search_is_migrated(store: HistoryStore) -> None:
    """A schema-1 library (unicode61 search index) opens, migrates, and finds its old entries."""
    paths = resolve_paths()
    store.db.close()
    paths.database_file.unlink()
    for suffix in ("-wal", "-shm"):
        paths.database_file.with_name(paths.database_file.name + suffix).unlink(missing_ok=True)
    old = sqlite3.connect(paths.database_file, isolation_level=None)
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            old.execute(statement)
    old.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    old.execute("INSERT INTO schema_version VALUES (1)")
    for entry_id, prompt in ((1, KOREAN), (2, "castle at dusk")):
        folder = f"old-{entry_id}"
        (store.entries_dir / folder).mkdir(parents=True)
        (store.entries_dir / folder / "image-0.png").write_bytes(b"")
        old.execute("INSERT INTO entries (id, folder, created, recipe, timings) VALUES (?, ?, ?, ?, '{}')",
                    (entry_id, folder, time.time(), json.dumps({"request": {"prompt": prompt}})))
        old.execute("INSERT INTO entry_images VALUES (?, 0, 'image-0.png', 'thumb-0.jpg')", (entry_id,))
        old.execute("INSERT INTO entries_fts (rowid, prompt, negative, note, styles) VALUES (?, ?, '', '', '')",
                    (entry_id, prompt))
    assert old.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH '\"수채\"*'").fetchall() == [(1,)]
    assert old.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH '\"채화\"*'").fetchall() == []  # mid-word
    old.close()

    migrated = HistoryStore(paths)
    connection = migrated.db.connection()
    assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == len(MIGRATIONS)
    assert "trigram" in connection.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'").fetchone()[0]
    assert _ids(migrated, "채화") == _ids(migrated, "초상") == _ids(migrated, "수채화") == _ids(migrated, "수채") == {1}
    assert _ids(migrated, "castle") == {2} and _ids(migrated, "dusk") == {2}
    new = migrated.record(make_result(prompt="초상화 연필", images=1, size=16))
    assert _ids(migrated, "초상화") == {1, new}


def test_an_sqlite_without_trigram_search_gets_one_clear_message(monkeypatch, tmp_path) -> None:
    from mmpp_desktop.core.db import Database, DatabaseError

    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    with pytest.raises(DatabaseError, match="needs SQLite 3.34.0 or newer"):
        Database(tmp_path / "library.sqlite3")
    assert not (tmp_path / "library.sqlite3").exists()
