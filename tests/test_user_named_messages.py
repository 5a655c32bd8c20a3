"""Messages name styles and files as the user named them, never the hashed library file names,
and keep exception class names for the log."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import PHOTOS

from mmpp_desktop.core.engine import Engine, WrongFamilyError
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.types import GenerationRequest, StyleLora

HASHED = "3d568ab9c0ffee11d2e4a7b8c9d0e1f2.safetensors"  # how the library stores an imported LoRA


def _misfit_lora(kit: dict[str, Any], dest: Path) -> Path:
    """The kit's diffusers-layout LoRA with every down projection 3 columns too wide: peft refuses it."""
    import torch
    from safetensors.torch import load_file, save_file

    source = next(path for path in kit["loras"] if "diffusers" in path)
    widened = {name: torch.zeros(tensor.shape[0], tensor.shape[1] + 3) if "lora_A" in name else tensor
               for name, tensor in load_file(source).items()}
    save_file(widened, str(dest), metadata={"format": "pt"})
    return dest


def _request(kit: dict[str, Any], lora: StyleLora) -> GenerationRequest:
    return GenerationRequest(input_image=str(PHOTOS / "obama_small.jpg"), model=kit["single_file"],
                             prompt="a portrait", size=64, steps=2, styles=(lora,))


def test_a_misfit_library_lora_is_named_by_its_style(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    lora = _misfit_lora(tiny_kit_sd15, tmp_path / HASHED)
    engine = Engine(cache_dir=tmp_path / "cache", device="cpu")
    with pytest.raises(UserFacingError) as refused:
        engine.generate(_request(tiny_kit_sd15, StyleLora(str(lora), 1.0, name="Ink Wash")))
    message = refused.value.message
    assert message == 'The style "Ink Wash" does not fit this model.'
    assert "3d568ab9" not in message and "Error" not in message


def test_a_wrong_family_style_is_named_by_its_style(tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any],
                                                    tmp_path: Path) -> None:
    hashed = shutil.copy(tiny_kit_sdxl["loras"][0], tmp_path / HASHED)
    engine = Engine(cache_dir=tmp_path / "cache", device="cpu")
    with pytest.raises(WrongFamilyError) as refused:
        engine.generate(_request(tiny_kit_sd15, StyleLora(str(hashed), 1.0, name="Neon")))
    assert refused.value.message == 'The style "Neon" uses an SDXL LoRA, but the model is SD 1.5.'


def test_a_lora_file_given_directly_keeps_its_file_name(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    lora = _misfit_lora(tiny_kit_sd15, tmp_path / "misfit.safetensors")
    engine = Engine(cache_dir=tmp_path / "cache", device="cpu")
    with pytest.raises(UserFacingError, match=r"^The LoRA misfit\.safetensors does not fit this model\.$"):
        engine.generate(_request(tiny_kit_sd15, StyleLora(str(lora), 1.0, name="misfit")))


def _session(qtbot):
    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.settings import Settings
    from mmpp_desktop.qt.view_models.session import SessionViewModel

    session = SessionViewModel(resolve_paths().ensure(), Settings(device="cpu"))
    return session


def _status_after_load(qtbot, session, start) -> str:
    statuses: list[str] = []
    session.status_changed.connect(statuses.append)
    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        start()
    return statuses[-1]


def test_opened_photo_is_named_as_the_user_named_it(qtbot) -> None:
    session = _session(qtbot)
    assert _status_after_load(qtbot, session, lambda: session.open_image(PHOTOS / "obama.jpg")) == "Opened obama.jpg"
    session.shutdown()


def test_snapshot_and_reused_photo_never_show_hashed_names(qtbot, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    session = _session(qtbot)
    status = _status_after_load(qtbot, session, lambda: session.use_image(QImage(str(PHOTOS / "obama.jpg"))))
    assert status == "Using the new image" and session.input_path is not None
    assert Path(session.input_path).stem not in status  # captures are stored under their sha256
    stored = shutil.copy(PHOTOS / "obama.jpg", tmp_path / "76ac6bf9d2e4a7b8c9d0e1f2a3b4c5d6.jpg")
    status = _status_after_load(qtbot, session, lambda: session.apply_request(
        GenerationRequest(input_image=str(stored), classic="cartoon")))
    assert status == "Opened the photo of the reused recipe" and "76ac6bf9" not in status
    session.shutdown()
