"""A style import killed with SIGKILL at random moments leaves a library that reopens consistent."""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest
from conftest import kill_mid_work
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
