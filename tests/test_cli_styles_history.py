"""`mmpp-desktop styles ...` and `history ...` through a real subprocess, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import BAD_INPUTS
from test_history_store import make_result
from test_styles_library import KOHYA_METADATA, write_lora

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.metadata import read_metadata
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.testing.tinykit import build_kit


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120)


def library_files(data_dir: Path) -> list[str]:
    root = data_dir / "data" / "styles"
    return sorted(str(path.relative_to(root)) for path in root.rglob("*"))


def test_styles_import_list_export_remove(tmp_path: Path) -> None:
    data = tmp_path / "d"
    lora = write_lora(tmp_path / "ink.safetensors", metadata=KOHYA_METADATA)
    done = cli(data, "styles", "import", str(lora), "--name", "Ink")
    assert done.returncode == 0, done.stderr
    assert "imported style 'Ink' (sd15, 1 LoRA)" in done.stdout
    listed = cli(data, "styles", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    styles = {style["name"]: style for style in json.loads(listed.stdout)}
    assert {"name", "family", "loras", "trigger_words"} <= set(styles["Ink"])
    assert styles["Ink"]["family"] == "sd15" and styles["Ink"]["trigger_words"] == ["inkwash", "portrait", "1girl"]
    assert styles["Ink"]["loras"][0]["sha256"] and styles["Watercolor"]["builtin"] is True
    assert "Ink" in cli(data, "styles", "list").stdout

    again = cli(data, "styles", "import", str(lora))
    assert again.returncode == 2 and again.stderr.startswith("error: ") and "already in the library" in again.stderr

    pack = tmp_path / "ink.zip"
    assert cli(data, "styles", "export", "Ink", str(pack)).returncode == 0 and pack.is_file()
    other = tmp_path / "other"
    imported = cli(other, "styles", "import", str(pack))
    assert imported.returncode == 0, imported.stderr
    assert "Ink" in {s["name"] for s in json.loads(cli(other, "styles", "list", "--json").stdout)}

    removed = cli(data, "styles", "remove", "Ink")
    assert removed.returncode == 0 and "trash" in removed.stdout
    assert "Ink" not in {s["name"] for s in json.loads(cli(data, "styles", "list", "--json").stdout)}
    assert cli(data, "styles", "restore", "Ink").returncode == 0
    assert cli(data, "styles", "remove", "Watercolor").returncode == 2


def test_bad_files_exit_2_with_one_line_and_change_nothing(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert cli(data, "styles", "import", str(write_lora(tmp_path / "ok.safetensors")), "--name", "Ok").returncode == 0
    before = library_files(data)
    not_a_lora = tmp_path / "photo.safetensors"
    not_a_lora.write_bytes(b"\x00" * 7)
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("../../escape.txt", "x")
    for bad in (BAD_INPUTS / "truncated.safetensors", BAD_INPUTS / "pickle-checkpoint.ckpt", not_a_lora, hostile,
                tmp_path / "missing.safetensors"):
        done = cli(data, "styles", "import", str(bad))
        assert done.returncode == 2, (bad, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in done.stderr, done.stderr
        assert bad.name in lines[0] or bad.suffix == ".zip", lines[0]
        assert library_files(data) == before
    assert cli(data, "styles", "export", "Nope", str(tmp_path / "x.zip")).returncode == 2


def test_history_list_show_export(tmp_path: Path) -> None:
    data = tmp_path / "d"
    store = HistoryStore(resolve_paths(data))
    first = store.record(make_result(prompt="first portrait", seed=1))
    second = store.record(make_result(prompt="second portrait", seed=2))
    store.set_favourite(second, True)
    listed = cli(data, "history", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [entry["id"] for entry in json.loads(listed.stdout)] == [second, first]
    assert [e["id"] for e in json.loads(cli(data, "history", "list", "--json", "--favourites").stdout)] == [second]
    assert "first portrait" in cli(data, "history", "list").stdout
    shown = json.loads(cli(data, "history", "show", str(first)).stdout)
    assert shown["recipe"]["seed"] == 1 and shown["prompt"] == "first portrait" and Path(shown["input"]).is_file()
    out = tmp_path / "first.webp"
    exported = cli(data, "history", "export", str(first), str(out))
    assert exported.returncode == 0, exported.stderr
    assert read_metadata(out).seed == 1
    missing = cli(data, "history", "show", "999")
    assert missing.returncode == 2 and missing.stderr.strip() == "error: There is no history entry 999."
    assert cli(data, "history", "export", str(first), str(tmp_path / "x.bmp")).returncode == 2


@pytest.fixture(scope="module")
def tiny_kits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("style-kits")
    return {family: build_kit(root / family, family) for family in ("sd15", "sdxl")}


@pytest.mark.parametrize("family", ["sd15", "sdxl"])
def test_tiny_kit_loras_import(tmp_path: Path, tiny_kits: dict[str, dict], family: str) -> None:
    """The engine's own test LoRAs (kohya and diffusers layouts) import with the right family."""
    from mmpp_desktop.core.styles import StyleLibrary

    library = StyleLibrary(resolve_paths(tmp_path / "d"))
    loras = [Path(path) for path in tiny_kits[family]["loras"]]
    assert any("kohya" in path.name for path in loras) and any("diffusers" in path.name for path in loras)
    for path in loras:
        style = library.import_lora(path)
        assert style.family == family and style.name == path.stem
        assert style.loras[0].file.read_bytes() == path.read_bytes()
    assert len([s for s in library.list(family=family) if not s.builtin]) == len(loras)
