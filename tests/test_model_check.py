"""Preferences model checks on the real tiny kits: the engine's header checks, row by row."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from mmpp_desktop.core.model_check import base_widths, check_model_path, check_settings_models
from mmpp_desktop.core.settings import Settings


def _kit_settings(sd15: dict[str, Any], sdxl: dict[str, Any]) -> Settings:
    values: dict[str, str] = {}
    for family, kit in (("sd15", sd15), ("sdxl", sdxl)):
        values |= {f"{family}_base_model": kit["base"], f"{family}_controlnet_canny": kit["controlnet_canny"],
                   f"{family}_ip_adapter": kit["ip_adapter"], f"{family}_lcm_lora": kit["loras"][0],
                   f"{family}_tcd_lora": kit["loras"][2]}
    return Settings(**values)


def test_every_kit_path_is_recognised(tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    settings = _kit_settings(tiny_kit_sd15, tiny_kit_sdxl)
    started = time.perf_counter()
    checks = check_settings_models(settings)
    elapsed = time.perf_counter() - started
    for name, check in checks.items():
        family = name.split("_", 1)[0]
        if name.endswith("tiny_autoencoder"):
            assert check.status == "empty"
        else:
            assert (check.status, check.family) == ("ok", family), (name, check)
    assert checks["sd15_base_model"].storage == "folder"
    assert elapsed < 1.0  # headers and JSON only: fit for the GUI thread (typically ~10 ms)


def test_single_file_checkpoint_and_widths(tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    check = check_model_path("base_model", "sd15", tiny_kit_sd15["single_file"])
    assert (check.status, check.family, check.storage) == ("ok", "sd15", "single_file")
    widths = base_widths(_kit_settings(tiny_kit_sd15, tiny_kit_sdxl))
    assert widths == {"sd15": 32, "sdxl": 80}  # the tiny bases' own widths, not the standard ones
    assert base_widths(Settings()) == {"sd15": 768, "sdxl": 2048}


def test_wrong_paths_say_what_they_are(tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any],
                                       tmp_path: Path) -> None:
    widths = base_widths(_kit_settings(tiny_kit_sd15, tiny_kit_sdxl))
    controlnet_as_base = check_model_path("base_model", "sd15", tiny_kit_sd15["controlnet_canny"], widths)
    assert (controlnet_as_base.status, controlnet_as_base.found_kind) == ("other_kind", "controlnet_canny")
    lora_as_base = check_model_path("base_model", "sd15", tiny_kit_sdxl["loras"][0], widths)
    assert (lora_as_base.status, lora_as_base.found_kind, lora_as_base.family) == ("other_kind", "lora", "sdxl")
    missing = check_model_path("controlnet_canny", "sd15", str(tmp_path / "nowhere"), widths)
    assert missing.status == "missing" and not missing.usable
    wrong = check_model_path("controlnet_canny", "sd15", tiny_kit_sdxl["controlnet_canny"], widths)
    assert (wrong.status, wrong.family) == ("wrong_family", "sdxl")
    wrong_ip = check_model_path("ip_adapter", "sdxl", tiny_kit_sd15["ip_adapter"], widths)
    assert (wrong_ip.status, wrong_ip.family) == ("wrong_family", "sd15")
    wrong_lora = check_model_path("lcm_lora", "sd15", tiny_kit_sdxl["loras"][1], widths)
    assert (wrong_lora.status, wrong_lora.family) == ("wrong_family", "sdxl")
    wrong_base = check_model_path("base_model", "sd15", tiny_kit_sdxl["base"], widths)
    assert (wrong_base.status, wrong_base.family) == ("wrong_family", "sdxl")
    lora_as_ip = check_model_path("ip_adapter", "sd15", tiny_kit_sd15["loras"][0], widths)
    assert (lora_as_ip.status, lora_as_ip.found_kind, lora_as_ip.family) == ("other_kind", "lora", "sd15")
    base_as_controlnet = check_model_path("controlnet_canny", "sdxl", tiny_kit_sdxl["single_file"], widths)
    assert (base_as_controlnet.status, base_as_controlnet.found_kind) == ("other_kind", "base_model")
    not_a_model = tmp_path / "notes.txt"
    not_a_model.write_text("hello", encoding="utf-8")
    junk = check_model_path("base_model", "sd15", str(not_a_model), widths)
    assert junk.status == "invalid" and "notes.txt is not a model" in junk.message
    pickle = check_model_path("lcm_lora", "sd15", str(tmp_path / "old.ckpt"), widths)
    assert not pickle.usable
    assert check_model_path("tcd_lora", "sdxl", "   ", widths).status == "empty"


def test_tiny_autoencoder_folder(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "taesd"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"_class_name": "AutoencoderTiny"}), encoding="utf-8")
    no_weights = check_model_path("tiny_autoencoder", "sd15", str(folder))
    assert no_weights.status == "invalid"
    # The dialog shows the message inside its own translated sentence: it is a template of this module.
    assert (no_weights.message.context, no_weights.message.template) == (
        "model_check", "{name} holds no tiny autoencoder weights.")
    assert no_weights.message == "taesd holds no tiny autoencoder weights."
    (folder / "diffusion_pytorch_model.safetensors").write_bytes(
        Path(tiny_kit_sd15["loras"][0]).read_bytes())  # any valid safetensors file: only the header is read
    assert check_model_path("tiny_autoencoder", "sd15", str(folder)).status == "ok"
    wrong = check_model_path("tiny_autoencoder", "sd15", tiny_kit_sd15["controlnet_canny"])
    assert (wrong.status, wrong.found_kind) == ("other_kind", "controlnet_canny")


@pytest.mark.parametrize("kind", ["controlnet_canny", "ip_adapter", "lcm_lora", "base_model"])
def test_nothing_is_loaded(kind: str, tiny_kit_sd15: dict[str, Any]) -> None:
    """The checks import no torch: they run on the GUI thread."""
    import subprocess
    import sys

    path = {"controlnet_canny": tiny_kit_sd15["controlnet_canny"], "ip_adapter": tiny_kit_sd15["ip_adapter"],
            "lcm_lora": tiny_kit_sd15["loras"][0], "base_model": tiny_kit_sd15["single_file"]}[kind]
    script = ("import sys; from mmpp_desktop.core.model_check import check_model_path; "
              f"c = check_model_path({kind!r}, 'sd15', {path!r}, {{'sd15': 32, 'sdxl': 80}}); "
              "assert c.status == 'ok', c; "
              "print(sorted(m for m in ('torch', 'diffusers', 'transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
