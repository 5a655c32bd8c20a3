"""The core must stay Qt-free: import every core module with PySide6 made unimportable."""

from __future__ import annotations

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
