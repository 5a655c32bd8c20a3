"""Unwritable folders and full disks, through the real CLI in a subprocess.

Tests run as root here, where chmod does not stop writes. A read-only bind mount in a
private mount namespace (`unshare -m`) does, for root too; as another user a plain chmod
does. A full disk is a small tmpfs filled up, in such a namespace. Where neither works
the tests skip and say why.
"""

from __future__ import annotations

import functools
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PHOTOS
from test_history_store import make_result
from test_styles_library import KOHYA_METADATA, write_lora

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary

CLI = [sys.executable, "-m", "mmpp_desktop"]
# $0 is the folder, the rest the command: bind it over itself, make that read-only, run.
READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
# $0 is the mount point: a 3 MB tmpfs, set up by the command in $1, then filled, then $2...
FULL_DISK = ('mount -t tmpfs -o size=3m tmpfs "$0" && sh -c "$1" && '
             '(dd if=/dev/zero of="$0/fill" bs=64k 2>/dev/null; true) && shift && exec "$@"')


@functools.cache
def _namespace_mounts() -> str | None:
    """None when `unshare -m` may mount here, else why not."""
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True,
                           text=True, timeout=30)
    return None if probe.returncode == 0 else f"cannot mount in a private namespace ({probe.stderr.strip()})"


def _read_only_command(folder: Path, command: list[str]) -> list[str]:
    """`command` run with `folder` read-only for real, or skip the test."""
    if os.geteuid() != 0:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        return command
    reason = _namespace_mounts()
    if reason is not None:
        pytest.skip(f"running as root, chmod does not stop root, and {reason}")
    return ["unshare", "-m", "sh", "-c", READ_ONLY_MOUNT, str(folder), *command]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def _one_error_line(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr and "Logging error" not in done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def _populated_data_dir(root: Path, tmp_path: Path) -> Path:
    paths = resolve_paths(root).ensure()
    StyleLibrary(paths).import_lora(write_lora(tmp_path / "ink.safetensors", metadata=KOHYA_METADATA), name="Ink")
    HistoryStore(paths).record(make_result(prompt="a read-only portrait"))
    return root


def test_read_only_data_dir_lists_and_refuses_writes_with_one_line(tmp_path: Path) -> None:
    root = _populated_data_dir(tmp_path / "data", tmp_path)
    before = _snapshot(root)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(_read_only_command(root, [*CLI, "--data-dir", str(root), *args]))

    styles = run("styles", "list")
    assert styles.returncode == 0 and "Ink" in styles.stdout and "Watercolor" in styles.stdout, styles.stderr
    assert styles.stderr == ""
    history = run("history", "list")
    assert history.returncode == 0 and "a read-only portrait" in history.stdout, history.stderr
    assert history.stderr == ""
    exported = run("styles", "export", "Ink", str(tmp_path / "ink.zip"))  # reads the library, writes elsewhere
    assert exported.returncode == 0 and (tmp_path / "ink.zip").is_file(), exported.stderr

    output = tmp_path / "out.png"
    generated = run("generate", "--classic", "cartoon", "--input", str(PHOTOS / "obama_small.jpg"),
                    "--output", str(output))
    _one_error_line(generated, str(root))
    assert not output.exists()
    _one_error_line(run("styles", "import", str(tmp_path / "ink.safetensors")), str(root))
    _one_error_line(run("styles", "remove", "Ink"), str(root))
    assert _snapshot(root) == before  # no -wal/-shm, no log, no migration, no repair


def test_read_only_fresh_folder_lists_builtins(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    root = parent / "never-created"
    listed = _run(_read_only_command(parent, [*CLI, "--data-dir", str(root), "styles", "list"]))
    assert listed.returncode == 0 and "Watercolor" in listed.stdout and listed.stderr == "", listed.stderr
    assert not root.exists()


def test_unwritable_log_folder_means_no_log_file_and_no_traceback(tmp_path: Path) -> None:
    """A log folder that cannot be made (here a file sits where it should be) works as root too."""
    root = tmp_path / "data"
    root.mkdir()
    (root / "logs").write_text("not a folder")
    listed = _run([*CLI, "--data-dir", str(root), "-v", "styles", "list"])
    assert listed.returncode == 0 and "Watercolor" in listed.stdout
    assert listed.stderr == ""
    missing = _run([*CLI, "--data-dir", str(root), "styles", "import", str(tmp_path / "missing.safetensors")])
    _one_error_line(missing, "missing.safetensors")


def test_log_writes_failing_are_silent(tmp_path: Path) -> None:
    """A log file on a full disk (/dev/full: every write fails with ENOSPC): no `--- Logging error ---`."""
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is not available")
    root = tmp_path / "data"
    (root / "logs").mkdir(parents=True)
    (root / "logs" / "mmpp-desktop.log").symlink_to("/dev/full")
    for args in (["-v", "styles", "list"], ["-v", "history", "list"]):
        done = _run([*CLI, "--data-dir", str(root), *args])
        assert done.returncode == 0 and done.stderr == "", done.stderr
    failed = _run([*CLI, "--data-dir", str(root), "-v", "styles", "remove", "No Such Style"])
    _one_error_line(failed, "No Such Style")


def test_python_warnings_go_to_the_log_not_stderr(tmp_path: Path) -> None:
    script = (
        "import sys, warnings\n"
        "from mmpp_desktop.core.logging_setup import configure_logging\n"
        "from mmpp_desktop.core.paths import resolve_paths\n"
        "paths = resolve_paths(sys.argv[1]).ensure()\n"
        "assert configure_logging(paths)\n"
        "warnings.warn('the old way is deprecated', FutureWarning)\n"
    )
    done = _run([sys.executable, "-c", script, str(tmp_path / "data")])
    assert done.returncode == 0 and done.stderr == "", done.stderr
    log = (tmp_path / "data" / "logs" / "mmpp-desktop.log").read_text()
    assert "FutureWarning: the old way is deprecated" in log


def test_full_disk_is_one_error_line_and_nothing_half_written(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    reason = _namespace_mounts()
    if reason is not None:
        pytest.skip(reason)
    mount = tmp_path / "small-disk"
    mount.mkdir()
    root, output = mount / "data", mount / "out.png"
    # The data dir is made while there is room; then the disk is filled and the CLI runs.
    setup = (f"{sys.executable} -m mmpp_desktop --data-dir {root} styles list >/dev/null && "
             f"{sys.executable} -m mmpp_desktop --data-dir {root} history list >/dev/null")
    script = FULL_DISK + ' && ls -a "$0" "$0/data/data/history/staging" > "$0/../listing.txt"'
    command = ["unshare", "-m", "sh", "-c", script.replace('exec "$@"', '"$@"; echo "rc=$?" >&2'), str(mount),
               setup, *CLI, "--data-dir", str(root), "generate", "--classic", "cartoon",
               "--input", str(PHOTOS / "obama_small.jpg"), "--output", str(output)]
    done = _run(command)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert "rc=2" in done.stderr, done.stderr
    assert len(errors) == 1 and "disk is full" in errors[0], done.stderr
    assert "Traceback" not in done.stderr and "Logging error" not in done.stderr
    listing = (tmp_path / "listing.txt").read_text().split()
    assert "out.png" not in listing and not any(name.endswith(".part") for name in listing), listing

    listed = _run(["unshare", "-m", "sh", "-c", FULL_DISK, str(mount), setup, *CLI, "--data-dir", str(root),
                   "styles", "list"])
    assert listed.returncode == 0 and "Watercolor" in listed.stdout and listed.stderr == "", listed.stderr
