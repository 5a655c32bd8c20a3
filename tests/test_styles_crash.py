"""Style library writers killed with SIGKILL at random moments leave a library that reopens consistent,
with every style that can still be restored complete."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
from pathlib import Path

import pytest
from conftest import kill_mid_work
from PIL import Image
from test_styles_library import write_lora

from mmpp_desktop.core.lora_files import sha256_file
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary

IMPORTER = """
import random
import sys
from pathlib import Path
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import DuplicateStyleError, StyleLibrary

library = StyleLibrary(resolve_paths())
print("ready", flush=True)
paths = sorted(Path(sys.argv[1]).glob("*.safetensors"))
random.Random(int(sys.argv[2])).shuffle(paths)
for path in paths:
    try:
        library.import_lora(path)
    except DuplicateStyleError:
        pass
"""


def assert_consistent(library: StyleLibrary) -> int:
    connection = library.db.connection()
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    users = [style for style in library.list() if not style.builtin]
    for style in users:
        (entry,) = style.loras
        assert sha256_file(entry.file) == entry.sha256  # never half a LoRA in the library
        assert all(path.is_file() for path in style.thumbnails)
    assert {p.name for p in library.loras_dir.iterdir()} == {f"{s.loras[0].sha256}.safetensors" for s in users}
    assert {p.name for p in library.items_dir.iterdir()} == {s.id for s in users}
    assert list(library.staging.root.iterdir()) == []
    return len(users)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_import_then_reopen(data_dir: Path, tmp_path: Path) -> None:
    sources = tmp_path / "loras"
    sources.mkdir()
    for n in range(60):
        write_lora(sources / f"style-{n:02d}.safetensors", rank=192, seed=n)
    rng = random.Random(99)
    previous = 0
    for run in range(5):
        kill_mid_work(IMPORTER, [str(sources), str(run)], data_dir, rng.uniform(0.01, 0.1))
        library = StyleLibrary(resolve_paths(data_dir))
        count = assert_consistent(library)
        assert count >= previous
        previous = count
        library.db.close()
    assert previous > 0, "the importer never finished an import; the kills proved nothing"


# Appended to a writer script after its "ready" line: SIGKILL itself just before its N-th file or
# database call (N = the last argument), so kills land between any two steps of an operation,
# including the short windows that a timed kill almost never hits.
KILL_AT_RANDOM_STEP = """
import os as _os, signal as _signal, sys as _sys
_STEPS = {"unlink", "replace", "rename", "rmdir", "mkdir", "execute", "executemany", "fsync"}
_left = [int(_sys.argv[-1])]
def _count_step(frame, event, arg):
    if event == "c_call" and getattr(arg, "__name__", "") in _STEPS:
        _left[0] -= 1
        if _left[0] <= 0:
            _os.kill(_os.getpid(), _signal.SIGKILL)
_sys.setprofile(_count_step)
"""

OPERATOR = """
import random
import sys
from pathlib import Path
from PIL import Image
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary

library = StyleLibrary(resolve_paths())
print("ready", flush=True)
""" + KILL_AT_RANDOM_STEP + """
loras = sorted(Path(sys.argv[1]).glob("*.safetensors"))
pack = Path(sys.argv[2])
rng = random.Random(int(sys.argv[3]))
while True:
    users = [style for style in library.list() if not style.builtin]
    trashed = library.list_trash()
    operation = rng.choice(["import"] * 3 + ["trash"] * 3 + ["empty"] * 2 + ["pack", "thumbnail", "restore"])
    try:
        if operation == "import":
            library.import_lora(rng.choice(loras))
        elif operation == "pack":
            library.import_pack(pack)
        elif operation == "thumbnail" and users:
            library.set_thumbnail(rng.choice(users).name, Image.new("RGB", (48, 48), (rng.randrange(256), 0, 0)))
        elif operation == "trash" and users:
            library.delete(rng.choice(users).name)
        elif operation == "restore" and trashed:
            library.restore(rng.choice(trashed).name)
        elif operation == "empty":
            library.empty_trash()
    except UserFacingError:  # a duplicate LoRA: the library said no, nothing to check
        pass
"""


def assert_restorable_before_repair(data_dir: Path) -> None:
    """Straight after the kill, before any repair: every committed style, live or trashed, still has
    its LoRA files and thumbnails somewhere repair looks (it moves folders, it cannot make files)."""
    paths = resolve_paths(data_dir)
    root = paths.data_dir / "styles"
    connection = sqlite3.connect(paths.database_file)
    try:
        for style_id, data in connection.execute("SELECT id, data FROM styles"):
            record = json.loads(data)
            for entry in record["loras"]:
                file = root / "loras" / f"{entry['sha256']}.safetensors"
                assert file.is_file() and sha256_file(file) == entry["sha256"], f"style {style_id} lost its LoRA"
            folders = [root / "items" / style_id, root / "trash" / style_id]
            for name in record["thumbnails"]:
                assert any((folder / name).is_file() for folder in folders), f"style {style_id} lost {name}"
    finally:
        connection.close()


def assert_repaired(library: StyleLibrary) -> tuple[int, int]:
    connection = library.db.connection()
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    users, trashed = [s for s in library.list() if not s.builtin], library.list_trash()
    for style in (*users, *trashed):
        for entry in style.loras:
            assert entry.file.is_file()
        assert all(path.is_file() for path in style.thumbnails)
    used = {f"{entry.sha256}.safetensors" for style in (*users, *trashed) for entry in style.loras}
    assert {p.name for p in library.loras_dir.iterdir()} == used
    assert {p.name for p in library.items_dir.iterdir()} == {s.id for s in users}
    assert {p.name for p in library.trash_dir.iterdir()} == {s.id for s in trashed}
    assert list(library.staging.root.iterdir()) == []
    return len(users), len(trashed)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_trash_restore_empty_and_pack_import_loses_nothing(data_dir: Path, tmp_path: Path) -> None:
    """Import, pack import, thumbnails, trash, restore and empty-trash at random, killed at random points."""
    sources = tmp_path / "loras"
    sources.mkdir()
    for n in range(40):
        write_lora(sources / f"style-{n:02d}.safetensors", rank=16, seed=n)
    maker = StyleLibrary(resolve_paths(tmp_path / "pack-maker"))
    maker.import_lora(write_lora(tmp_path / "packed.safetensors", rank=64, seed=100), name="Packed")
    maker.set_thumbnail("Packed", Image.new("RGB", (48, 48), "blue"))
    pack = maker.export_pack("Packed", tmp_path / "pack.zip")
    rng = random.Random(2024)
    seen_trashed = 0
    for run in range(40):
        steps = rng.randrange(1, 200)
        kill_mid_work(OPERATOR, [str(sources), str(pack), str(run), str(steps)], data_dir, 3.0)
        assert_restorable_before_repair(data_dir)
        library = StyleLibrary(resolve_paths(data_dir))
        assert_restorable_before_repair(data_dir)
        users, trashed = assert_repaired(library)
        seen_trashed += trashed
        library.db.close()
    assert users > 0 and seen_trashed > 0, "the operator never got far; the kills proved nothing"
