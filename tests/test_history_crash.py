"""Writers killed with SIGKILL at random moments leave a store that reopens consistent, with every
entry that can still be restored complete."""

from __future__ import annotations

import random
import signal
import sqlite3
from pathlib import Path

import pytest
from conftest import PHOTOS, kill_mid_work
from PIL import Image
from test_styles_crash import KILL_AT_RANDOM_STEP

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


OPERATOR = """
import random
import sys
from pathlib import Path
from PIL import Image
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.types import GenerationRequest, GenerationResult

def make_result(seed, input_image):
    request = GenerationRequest(input_image=str(input_image), prompt="a portrait", seed=seed)
    image = Image.new("RGB", (32, 32), (seed % 256, 0, 0))
    return GenerationResult(request=request, images=(image,), recipe={"request": request.to_dict(),
                            "family": "sd15"}, timings={"total": 1.0})

store = HistoryStore(resolve_paths())
print("ready", flush=True)
""" + KILL_AT_RANDOM_STEP + """
PHOTOS = Path(sys.argv[1])
photos = [PHOTOS / "obama_small.jpg", PHOTOS / "biden.jpg", PHOTOS / "two_people.jpg"]
rng = random.Random(int(sys.argv[2]))
while True:
    live = [entry.id for entry in store.list(limit=1000)]
    trashed = [entry.id for entry in store.list(limit=1000, trashed=True)]
    operation = rng.choice(["record"] * 2 + ["delete"] * 3 + ["empty"] * 3 + ["restore", "trim"])
    try:
        if operation == "record":
            seed = rng.randrange(10**6)
            photo = rng.choice(photos)
            if rng.random() < 0.7:  # mostly a photo of its own, so emptying the trash frees inputs
                photo = Path(sys.argv[3]) / f"{seed}.png"
                Image.new("RGB", (16, 16), (seed % 256, seed // 256 % 256, 9)).save(photo)
            store.record(make_result(seed, photo))
        elif operation == "delete" and live:
            store.delete(rng.choice(live))
        elif operation == "restore" and trashed:
            store.restore(rng.choice(trashed))
        elif operation == "trim":
            store.trim_to(rng.randrange(1, 6))
        elif operation == "empty":
            store.empty_trash()
    except UserFacingError:
        pass
"""


def assert_restorable_before_repair(data_dir: Path) -> None:
    """Straight after the kill, before any repair: every committed entry, live or trashed, still has
    its images, thumbnails and input photo."""
    paths = resolve_paths(data_dir)
    root = paths.data_dir / "history"
    connection = sqlite3.connect(paths.database_file)
    try:
        for entry_id, folder, input_sha in connection.execute("SELECT id, folder, input_sha256 FROM entries"):
            for image, thumbnail in connection.execute(
                    "SELECT image, thumbnail FROM entry_images WHERE entry_id = ?", (entry_id,)):
                assert (root / "entries" / folder / image).is_file(), f"entry {entry_id} lost {image}"
                assert (root / "entries" / folder / thumbnail).is_file(), f"entry {entry_id} lost {thumbnail}"
            assert input_sha is not None, f"entry {entry_id} lost its input photo"
            (file,) = connection.execute("SELECT file FROM inputs WHERE sha256 = ?", (input_sha,)).fetchone()
            assert (root / "inputs" / file).is_file(), f"entry {entry_id} lost its input photo"
    finally:
        connection.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_delete_trim_restore_and_empty_trash_loses_nothing(data_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(77)
    seen_trashed = 0
    for run in range(40):
        kill_mid_work(OPERATOR, [str(PHOTOS), str(run), str(tmp_path), str(rng.randrange(1, 400))], data_dir, 5.0)
        assert_restorable_before_repair(data_dir)
        store = HistoryStore(resolve_paths(data_dir))
        assert_restorable_before_repair(data_dir)
        connection = store.db.connection()
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        folders = {row["folder"] for row in connection.execute("SELECT folder FROM entries")}
        assert {path.name for path in store.entries_dir.iterdir()} == folders
        inputs = {row["file"] for row in connection.execute("SELECT file FROM inputs")}
        assert {path.name for path in store.inputs_dir.iterdir()} == inputs
        assert list(store.staging.root.iterdir()) == []
        live, trashed = store.count(), store.count(trashed=True)
        seen_trashed += trashed
        store.db.close()
    assert live > 0 and seen_trashed > 0, "the operator never got far; the kills proved nothing"
