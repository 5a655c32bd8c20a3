"""Session-scoped tiny model kits and engines, shared by engine, GUI and benchmark tests.

Enable with `pytest_plugins = ["tests.tinykit_fixtures"]` in conftest (or import the
fixtures). Each kit is built once per session in a few seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mmpp_desktop.testing.tinykit import build_kit


@pytest.fixture(scope="session")
def tiny_kit_sd15(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Manifest of a tiny SD 1.5 kit: base, single_file, controlnet_canny, ip_adapter, loras."""
    return build_kit(tmp_path_factory.mktemp("tinykit-sd15"), "sd15")


@pytest.fixture(scope="session")
def tiny_kit_sdxl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_kit(tmp_path_factory.mktemp("tinykit-sdxl"), "sdxl")


@pytest.fixture(scope="session")
def tiny_engine_sd15(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One warm CPU engine for the session (tests must not rely on its load count)."""
    from mmpp_desktop.core.engine import Engine
    from mmpp_desktop.core.types import EngineOptions

    return Engine(EngineOptions(device="cpu"), cache_dir=Path(tmp_path_factory.mktemp("engine-cache")))
