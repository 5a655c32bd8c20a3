"""Files the user keeps (generated images, exports, history images, style packs) follow the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from test_history_store import make_result

from mmpp_desktop.core.atomic import atomic_write_bytes, current_umask
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.metadata import save_image_with_metadata
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_current_umask_reads_without_changing_it() -> None:
    previous = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert current_umask() == 0o027
    finally:
        os.umask(previous)


def test_outputs_are_0644_under_umask_022(umask_022: None, tmp_path: Path) -> None:
    atomic_write_bytes(tmp_path / "plain.bin", b"data")
    assert _mode(tmp_path / "plain.bin") == 0o644

    result = make_result(images=1)
    output = tmp_path / "portrait.png"
    save_image_with_metadata(result.images[0], output, result.recipe)  # what `generate --output` calls
    assert _mode(output) == 0o644

    store = HistoryStore(resolve_paths())
    entry = store.get(store.record(result))
    for path in (*entry.image_paths, *entry.thumbnail_paths, entry.input_path):
        assert path is not None and _mode(path) == 0o644, path
    exported = store.export(entry.id, tmp_path / "export.jpg")
    assert _mode(exported) == 0o644

    library = StyleLibrary(resolve_paths())
    library.set_thumbnail("Watercolor", Image.new("RGB", (64, 64), "blue"))
    pack = library.export_pack("Watercolor", tmp_path / "pack.zip")
    assert _mode(pack) == 0o644
    assert all(_mode(path) == 0o644 for path in library.get("Watercolor").thumbnails)


def test_a_stricter_umask_is_honoured(tmp_path: Path) -> None:
    previous = os.umask(0o077)
    try:
        atomic_write_bytes(tmp_path / "private.bin", b"data")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "private.bin") == 0o600
