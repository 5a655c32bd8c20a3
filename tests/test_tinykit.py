"""The tiny kit's command line and the structure its files must have."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from mmpp_desktop.core.lora_files import inspect_lora, read_safetensors_header

ROOT = Path(__file__).resolve().parents[1]


def test_command_line_prints_the_manifest(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mmpp_desktop.testing.tinykit", str(tmp_path / "kit"),
                           "--family", "sd15"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    manifest = json.loads(done.stdout)
    assert {"family", "base", "single_file", "controlnet_canny", "ip_adapter", "loras"} <= set(manifest)
    assert manifest["family"] == "sd15"
    assert (Path(manifest["base"]) / "model_index.json").is_file()
    assert Path(manifest["single_file"]).is_file()
    assert (Path(manifest["controlnet_canny"]) / "config.json").is_file()
    assert (Path(manifest["ip_adapter"]) / "models" / "ip-adapter_sd15.safetensors").is_file()
    assert (Path(manifest["ip_adapter"]) / "models" / "image_encoder" / "config.json").is_file()
    assert len(manifest["loras"]) == 3 and all(Path(p).is_file() for p in manifest["loras"])


@pytest.mark.parametrize("family", ["sd15", "sdxl"])
def test_loras_have_both_layouts_and_are_detected_as_their_family(
        family: str, tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    kit = tiny_kit_sd15 if family == "sd15" else tiny_kit_sdxl
    infos = [inspect_lora(Path(path)) for path in kit["loras"]]
    assert [info.layout for info in infos] == ["kohya", "kohya", "diffusers"]
    assert {info.family for info in infos} == {family}


def test_structure_follows_the_real_families(tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    sd15 = json.loads((Path(tiny_kit_sd15["base"]) / "unet" / "config.json").read_text(encoding="utf-8"))
    sdxl = json.loads((Path(tiny_kit_sdxl["base"]) / "unet" / "config.json").read_text(encoding="utf-8"))
    assert sd15["down_block_types"][0] == "CrossAttnDownBlock2D"
    assert sdxl["down_block_types"][0] == "DownBlock2D" and sdxl["up_block_types"][0] == "CrossAttnUpBlock2D"
    assert sdxl["addition_embed_type"] == "text_time"
    # SDXL's size conditioning: 6 size/crop ids of 256 sinusoids each, plus the pooled text projection
    assert sdxl["addition_time_embed_dim"] == 256
    projection = json.loads((Path(tiny_kit_sdxl["base"]) / "text_encoder_2" / "config.json").read_text(
        encoding="utf-8"))["projection_dim"]
    assert sdxl["projection_class_embeddings_input_dim"] == 6 * 256 + projection
    assert (Path(tiny_kit_sdxl["base"]) / "text_encoder_2").is_dir()
    sdxl_names = read_safetensors_header(Path(tiny_kit_sdxl["single_file"])).tensors
    assert "conditioner.embedders.1.model.positional_embedding" in sdxl_names
    sd15_names = read_safetensors_header(Path(tiny_kit_sd15["single_file"])).tensors
    assert any(name.startswith("cond_stage_model.transformer.text_model.") for name in sd15_names)


def test_controlnet_outputs_are_not_zero(tiny_kit_sd15: dict[str, Any]) -> None:
    weights = load_file(str(Path(tiny_kit_sd15["controlnet_canny"]) / "diffusion_pytorch_model.safetensors"))
    outputs = [tensor for name, tensor in weights.items()
               if name.startswith(("controlnet_down_blocks", "controlnet_mid_block"))]
    assert outputs and all(torch.count_nonzero(tensor) > 0 for tensor in outputs)


@pytest.mark.parametrize("family", ["sd15", "sdxl"])
def test_latents_are_an_eighth_of_the_image_as_with_real_vaes(
        family: str, tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    from diffusers import AutoencoderKL, ControlNetModel

    kit = tiny_kit_sd15 if family == "sd15" else tiny_kit_sdxl
    vae_config = json.loads((Path(kit["base"]) / "vae" / "config.json").read_text(encoding="utf-8"))
    assert len(vae_config["block_out_channels"]) == 4
    vae = AutoencoderKL.from_pretrained(Path(kit["base"]) / "vae", local_files_only=True)
    controlnet = ControlNetModel.from_pretrained(kit["controlnet_canny"], local_files_only=True)
    with torch.no_grad():
        latents = vae.encode(torch.zeros(1, 3, 128, 96)).latent_dist.mean
        condition = controlnet.controlnet_cond_embedding(torch.zeros(1, 3, 128, 96))
    assert latents.shape == (1, 4, 16, 12) and condition.shape[-2:] == (16, 12)
