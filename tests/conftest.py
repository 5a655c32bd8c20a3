"""Shared fixtures: every test runs against a fresh temporary data dir, offline.

Qt tests additionally fail if they leave a QThread running or a QTimer active, because
leaked threads crash later tests (and the real app on exit) in ways that are hard to trace.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Session-scoped tiny model kits and engines (tests/tinykit_fixtures.py).
pytest_plugins = ["tinykit_fixtures"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing at test time may reach a model hub; the app never needs it either.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

# The repository carries its own test material (photos, a video, malformed inputs): a plain clone
# passes with nothing beside it. Origins and licences: tests/data/README.md.
TEST_DATA = Path(__file__).resolve().parent / "data"
PHOTOS = TEST_DATA / "photos"
BAD_INPUTS = TEST_DATA / "bad-inputs"
VIDEO = TEST_DATA / "video" / "short_hamilton_clip.mp4"


def multimedia_skip_reason() -> str:
    """Why camera and video tests cannot run here ('' when they can)."""
    from mmpp_desktop.qt.capture import multimedia_problem

    problem = multimedia_problem()
    if problem is None:
        return ""
    library, package = problem
    return (f"Qt Multimedia cannot load {library}: camera and video tests skip "
            f"(install {package}, e.g. packaging/install-system-libs.sh)")


@contextlib.contextmanager
def korean_ui(app) -> Iterator[None]:
    """The Korean catalogues installed for a block, removed after so other tests stay English."""
    from mmpp_desktop.qt.i18n import install_translators

    translators = install_translators(app, "ko")
    try:
        yield
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def pytest_report_header() -> str:
    return multimedia_skip_reason() or "Qt Multimedia: available (camera and video tests run)"


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh MMPP data dir per test, so no test touches the real user's folders."""
    root = tmp_path_factory.mktemp("mmpp-data")
    monkeypatch.setenv("MMPP_DATA_DIR", str(root))
    monkeypatch.setenv("HF_HOME", str(root / "hf-home"))
    return root


@pytest.fixture(scope="session")
def test_data() -> Path:
    if not TEST_DATA.is_dir():
        pytest.fail(f"test material is missing: expected {TEST_DATA}")
    return TEST_DATA


def kill_mid_work(script: str, args: list[str], data_dir: Path, delay: float) -> None:
    """Run `python -c script args...` against `data_dir`, wait for its "ready" line, let it work for
    `delay` seconds, then SIGKILL it: a crash at an arbitrary point of a write."""
    process = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                               env={**os.environ, "MMPP_DATA_DIR": str(data_dir)})
    assert process.stdout is not None and process.stdout.readline().strip() == b"ready"
    try:
        process.wait(timeout=delay)  # a writer that kills itself at a chosen step ends early
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()


def _live_qt_objects() -> list[str]:
    """QThreads still running and QTimers still active among Python-owned Qt objects."""
    if "PySide6.QtCore" not in sys.modules:
        return []
    from PySide6.QtCore import QThread, QTimer

    gc.collect()
    leaks: list[str] = []
    for obj in gc.get_objects():
        try:
            if isinstance(obj, QThread) and obj.isRunning():
                leaks.append(f"running QThread {obj.objectName() or obj!r}")
            elif isinstance(obj, QTimer) and obj.isActive():
                leaks.append(f"active QTimer {obj.objectName() or obj!r}")
        except RuntimeError:  # wrapper whose C++ object is already gone
            continue
    return leaks


@pytest.fixture(autouse=True)
def no_leaked_qt_threads_or_timers(request: pytest.FixtureRequest):
    yield
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        for widget in app.topLevelWidgets():
            widget.close()
        app.processEvents()
    leaks = _live_qt_objects()
    if leaks:
        pytest.fail("test left Qt work running: " + "; ".join(leaks))
