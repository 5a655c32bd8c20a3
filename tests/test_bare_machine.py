"""A bare machine: the window starts without Qt Multimedia, and one script installs what Qt needs.

Qt Multimedia is made unloadable for real: a fake, invalid `libpulse.so.0` first on
LD_LIBRARY_PATH makes the dynamic loader fail exactly as on a system without libpulse0.
The install script runs against stand-ins for ldconfig, apt-get and sudo that record
what they were asked, so its decisions are checked without touching this machine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "packaging" / "install-system-libs.sh"


@pytest.fixture
def without_libpulse(tmp_path: Path) -> dict[str, str]:
    """An environment in which `import PySide6.QtMultimedia` really fails to load libpulse.so.0."""
    fake = tmp_path / "fake-libs"
    fake.mkdir()
    (fake / "libpulse.so.0").write_bytes(b"not a shared library")
    env = {**os.environ, "LD_LIBRARY_PATH": f"{fake}:{os.environ.get('LD_LIBRARY_PATH', '')}",
           "QT_QPA_PLATFORM": "offscreen"}
    probe = subprocess.run([sys.executable, "-c", "import PySide6.QtMultimedia"], env=env, capture_output=True,
                           text=True, timeout=60)
    if probe.returncode == 0:
        pytest.skip("a fake libpulse.so.0 on LD_LIBRARY_PATH does not stop Qt Multimedia loading here")
    assert "libpulse.so.0" in probe.stderr
    return env


def test_screenshot_works_when_qt_multimedia_cannot_load(without_libpulse: dict[str, str], tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    done = subprocess.run([sys.executable, "-m", "mmpp_desktop", "--data-dir", str(tmp_path / "data"),
                           "--screenshot", str(shot)], env=without_libpulse, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower() and "Traceback" not in done.stderr
    with Image.open(shot) as image:
        assert image.width >= 800 and image.height >= 500
        assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 50  # a drawn window, not blank


def test_capture_pane_says_what_to_install(without_libpulse: dict[str, str], tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from mmpp_desktop.core.paths import resolve_paths\n"
        "from mmpp_desktop.qt.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "window = MainWindow(resolve_paths(sys.argv[1]).ensure())\n"
        "pane = window.capture\n"
        "print(pane.banner.message)\n"
        "print(pane.camera_picker.isEnabled(), pane.live_button.isEnabled(), pane.snapshot_button.isEnabled())\n"
        "print(pane.open_button.isEnabled())\n"
        "window.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "data")], env=without_libpulse,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    banner, sources, open_button = done.stdout.splitlines()[-3:]
    assert "libpulse0" in banner and "Photos still work" in banner
    assert sources == "False False False" and open_button == "True"


def _packages(group: str) -> list[str]:
    text = SCRIPT.read_text()
    block = re.search(rf'{group}="\n(.*?)\n"', text, re.S)
    assert block is not None, group
    return list(dict.fromkeys(line.split()[1] for line in block.group(1).splitlines() if line.strip()))


def _fake_system(tmp_path: Path, present: list[str], uid: int) -> tuple[dict[str, str], Path]:
    """PATH with stand-ins: ldconfig knows only `present`, apt-get and sudo record their arguments."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir(parents=True)
    listing = "".join(f"\t{name} (libc6,x86-64) => /usr/lib/{name}\\n" for name in present)
    stand_ins = {
        "ldconfig": f'printf "{listing}"',
        "dpkg": "exit 0",
        "id": f"echo {uid}",
        "apt-get": f'echo "apt-get $*" >> "{log}"',
        "sudo": f'echo "sudo" >> "{log}"; "$@"',
    }
    for name, body in stand_ins.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    (bin_dir / "python3").symlink_to(sys.executable)
    return {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}, log


def _libraries(group: str) -> list[str]:
    block = re.search(rf'{group}="\n(.*?)\n"', SCRIPT.read_text(), re.S)
    assert block is not None
    return [line.split()[0] for line in block.group(1).splitlines() if line.strip()]


def test_install_script_installs_only_what_is_missing(tmp_path: Path) -> None:
    everything = _libraries("TEST_LIBS") + _libraries("WINDOW_LIBS")
    present = [name for name in everything if name not in ("libpulse.so.0", "libxcb-icccm.so.4")]
    env, log = _fake_system(tmp_path, present, uid=1000)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["sh", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60)

    assert run("--dry-run").stdout.split() == ["libpulse0"]
    assert run("--window", "--dry-run").stdout.split() == ["libpulse0", "libxcb-icccm4"]
    assert not log.exists(), "a dry run installs nothing"
    assert run("--window").returncode == 0
    calls = log.read_text().splitlines()
    assert calls[0] == "sudo" and calls[1].startswith("apt-get update"), calls
    assert calls[3].startswith("apt-get install") and calls[3].split()[-2:] == ["libpulse0", "libxcb-icccm4"]

    env, log = _fake_system(tmp_path / "all", everything, uid=0)
    done = subprocess.run(["sh", str(SCRIPT), "--window"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "" and not log.exists(), "nothing missing: nothing to do"


def test_install_script_is_a_no_op_without_dpkg(tmp_path: Path) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    done = subprocess.run(["/bin/sh", str(SCRIPT), "--window"], env={"PATH": str(empty)}, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


def test_readme_and_ci_use_the_one_package_list() -> None:
    readme = (REPO / "README.md").read_text()
    words = set(re.findall(r"[\w.+-]+", readme))
    for package in _packages("TEST_LIBS") + _packages("WINDOW_LIBS") + ["python3-venv"]:
        assert package in words, f"README does not list {package}"
    commands = list(re.findall(r"```\n(.*?)\n```", readme, re.S))[:2]
    assert len(commands) == 2 and all("packaging/install-system-libs.sh" in command for command in commands)
    assert "--window" in commands[0]
    ci = (REPO / ".ci" / "run").read_text()
    assert "packaging/install-system-libs.sh" in ci and "apt-get" not in ci and "shared" not in ci
