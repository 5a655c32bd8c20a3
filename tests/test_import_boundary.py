"""The core must stay Qt-free: import every core module with PySide6 made unimportable. The
window must stay torch-free: heavy imports happen only on worker threads."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = r"""
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"blocked Qt import: {name}")
        return None

sys.meta_path.insert(0, BlockQt())
import mmpp_desktop.core, mmpp_desktop.testing
count = 0
for package in (mmpp_desktop.core, mmpp_desktop.testing):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        count += 1
assert not any(m.split(".")[0] in ("PySide6", "shiboken6") for m in sys.modules)
print(count)
"""


def test_every_core_module_imports_without_qt() -> None:
    completed = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert int(completed.stdout.strip().splitlines()[-1]) >= 5


WINDOW_PROBE = r"""
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.qt.main_window import MainWindow
window = MainWindow(resolve_paths(sys.argv[1]).ensure())
window.show()
app.processEvents()
heavy = sorted(name for name in ("torch", "diffusers", "transformers") if name in sys.modules)
window.close()
print("heavy:", ",".join(heavy))
"""


def test_building_the_window_imports_no_torch_or_diffusers(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    completed = subprocess.run([sys.executable, "-c", WINDOW_PROBE, str(tmp_path / "data")], capture_output=True,
                               text=True, timeout=300, env=env)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip().splitlines()[-1] == "heavy:", completed.stdout
