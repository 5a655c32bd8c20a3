"""A writer killed with SIGKILL at random moments leaves a store that reopens consistent."""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest
from conftest import kill_mid_work
from PIL import Image

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths

TESTS_DIR = Path(__file__).resolve().parent

WRITER = """
import sys
sys.path.insert(0, sys.argv[1])
from test_history_store import make_result
from conftest import PHOTOS
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths

store = HistoryStore(resolve_paths())
print("ready", flush=True)
photos = [PHOTOS / "obama.jpg", PHOTOS / "biden.jpg", PHOTOS / "two_people.jpg"]
for n in range(10_000):
    store.record(make_result(seed=n, input_image=photos[n % 3], images=2, size=192))
"""


def assert_consistent(store: HistoryStore) -> int:
    connection = store.db.connection()
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    folders = {row["folder"] for row in connection.execute("SELECT folder FROM entries")}
    assert {path.name for path in store.entries_dir.iterdir()} == folders
    assert list(store.staging.root.iterdir()) == []
    entries = store.list(limit=100_000)
    for entry in entries:
        assert len(entry.image_paths) == 2
        for path in (*entry.image_paths, *entry.thumbnail_paths):
            with Image.open(path) as image:
                image.load()  # a half-written file would fail to decode
        assert entry.input_path is not None and entry.input_path.is_file()
    inputs = {row["file"] for row in connection.execute("SELECT file FROM inputs")}
    assert {path.name for path in store.inputs_dir.iterdir()} == inputs
    fts = connection.execute("SELECT COUNT(*) FROM entries_fts").fetchone()[0]
    assert fts == len(entries)
    return len(entries)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_write_then_reopen(data_dir: Path) -> None:
    rng = random.Random(1234)
    previous = 0
    for _ in range(6):
        kill_mid_work(WRITER, [str(TESTS_DIR)], data_dir, rng.uniform(0.05, 0.6))
        store = HistoryStore(resolve_paths(data_dir))
        count = assert_consistent(store)
        assert count >= previous
        previous = count
        store.db.close()
    assert previous > 0, "the writer never finished a record; the kills proved nothing"
