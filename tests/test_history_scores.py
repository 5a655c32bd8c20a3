"""Scores in history on real SQLite: bools and nulls kept, sorted and filtered by likeness, old entries."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from test_history_store import make_result

from mmpp_desktop.core.db import MIGRATIONS
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.history.store import HistoryEntryNotFoundError
from mmpp_desktop.core.metadata import read_metadata
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.scoring import with_scores
from mmpp_desktop.core.types import Scores

NULLS = {"likeness": None, "same_person": None, "structure": None, "clip": None}


def _store() -> HistoryStore:
    return HistoryStore(resolve_paths().ensure())


def test_set_score_keeps_bools_and_nulls() -> None:
    store = _store()
    entry_id = store.record(make_result())
    assert store.get(entry_id).scores == NULLS  # nothing measured yet
    store.set_score(entry_id, "same_person", True)
    store.set_score(entry_id, "likeness", 1)
    store.set_score(entry_id, "clip", None)
    scores = store.get(entry_id).scores
    assert scores["same_person"] is True and scores["likeness"] == 1.0 and isinstance(scores["likeness"], float)
    assert scores["clip"] is None and scores["structure"] is None
    with pytest.raises(HistoryEntryNotFoundError) as caught:
        store.set_score(9999, "likeness", 0.5)
    assert caught.value.message == "There is no history entry 9999."
    assert caught.value.message.context == "history.store"


def test_a_scored_result_is_recorded_with_its_scores_in_the_row_and_the_png() -> None:
    store = _store()
    scores = Scores(likeness=0.81, same_person=True, structure=0.35, clip=None, message="x")
    entry_id = store.record(with_scores(make_result(), scores))
    entry = store.get(entry_id)
    assert entry.scores == scores.to_dict()
    assert read_metadata(entry.image_paths[0]).recipe["scores"] == scores.to_dict()
    store.set_scores(entry_id, dataclasses.replace(scores, likeness=0.2, same_person=False))
    assert store.get(entry_id).scores == {**scores.to_dict(), "likeness": 0.2, "same_person": False}


def test_history_sorts_and_filters_by_likeness() -> None:
    store = _store()
    ids = {}
    for seed, likeness in enumerate((0.3, 0.9, None, 0.6)):
        result = make_result(seed=seed, images=1)
        if likeness is not None:
            result = with_scores(result, Scores(likeness=likeness, same_person=likeness > 0.5, structure=0.5))
        ids[likeness] = store.record(result)
    newest = [entry.id for entry in store.list()]
    assert newest == sorted(newest, reverse=True)
    by_likeness = [entry.id for entry in store.list(order="likeness")]
    assert by_likeness == [ids[0.9], ids[0.6], ids[0.3], ids[None]]  # unscored last
    assert [entry.id for entry in store.list(min_likeness=0.5, order="likeness")] == [ids[0.9], ids[0.6]]
    assert store.count(min_likeness=0.5) == 2 and store.count(min_likeness=0.95) == 0
    with pytest.raises(ValueError):
        store.list(order="sideways")


def test_the_likeness_filter_uses_its_index() -> None:
    store = _store()
    plan = store.db.connection().execute(
        "EXPLAIN QUERY PLAN SELECT id FROM entries WHERE json_extract(scores, '$.likeness') >= 0.5").fetchall()
    assert any("entries_likeness" in str(tuple(row)) for row in plan)


def test_entries_from_before_the_migration_show_null_scores() -> None:
    """A database at schema version 1 (before scores were filled) opens, migrates and lists nulls."""
    paths = resolve_paths().ensure()
    connection = sqlite3.connect(paths.database_file)
    connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute("INSERT INTO schema_version VALUES (1)")
    connection.commit()
    connection.close()
    store = HistoryStore(paths)
    entry_id = store.record(make_result())
    store.db.connection().execute("UPDATE entries SET scores = '{}' WHERE id = ?", (entry_id,))  # as old rows are
    assert store.get(entry_id).scores == NULLS
    version = store.db.connection().execute("SELECT version FROM schema_version").fetchone()[0]
    assert version == len(MIGRATIONS)
