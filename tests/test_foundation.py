"""Paths, settings, atomic writes and the command-line entry points."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from mmpp_desktop.core.atomic import atomic_write_bytes
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings, SettingsStore, editable_fields, field_info


def test_data_dir_env_moves_every_directory(data_dir: Path) -> None:
    paths = resolve_paths()
    for directory in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.log_dir):
        assert directory.is_relative_to(data_dir.resolve())


def test_explicit_data_dir_beats_environment(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "explicit")
    assert paths.data_dir.is_relative_to((tmp_path / "explicit").resolve())


def test_settings_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    assert store.load() == Settings()
    changed = Settings(device="cpu", history_limit=50, sd15_base_model="/models/sd15")
    store.save(changed)
    assert store.load() == changed
    assert json.loads((tmp_path / "settings.json").read_text())["schema_version"] == 1


def test_invalid_values_fall_back_to_defaults_with_a_warning(tmp_path: Path, caplog) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"device": "quantum", "history_limit": -3, "torch_compile": "yes",
                                "precision": "fp16", "unknown_key": 1}))
    with caplog.at_level(logging.WARNING):
        loaded = SettingsStore(path).load()
    assert loaded.device == "auto" and loaded.history_limit == 0 and loaded.torch_compile is False
    assert loaded.precision == "fp16"
    assert "device" in caplog.text and "history_limit" in caplog.text


def test_corrupt_settings_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\x00{not json")
    assert SettingsStore(path).load() == Settings()


def test_every_field_has_metadata_for_the_preferences_dialog() -> None:
    fields = editable_fields()
    assert len(fields) >= 10
    for name, info in fields:
        assert info.title and info.description, name
        if info.kind == "choice":
            assert getattr(Settings(), name) in info.choices
    assert field_info("device").choices == ("auto", "cuda", "mps", "cpu")


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    atomic_write_bytes(target, b"first")
    atomic_write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_atomic_write_failure_keeps_old_content(tmp_path: Path) -> None:
    from mmpp_desktop.core.atomic import atomic_write

    target = tmp_path / "out.bin"
    atomic_write_bytes(target, b"keep me")

    def broken(stream) -> None:
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


CONSOLE_SCRIPT = str(Path(sys.executable).with_name("mmpp-desktop"))


@pytest.mark.parametrize("entry", [[CONSOLE_SCRIPT], [sys.executable, "-m", "mmpp_desktop"]])
def test_help_lists_the_subcommands(entry: list[str]) -> None:
    completed = subprocess.run([*entry, "--help"], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    for command in ("generate", "styles", "history", "--data-dir"):
        assert command in completed.stdout
