"""A real-size SD 1.5 model kit with random weights, built locally (no download possible).

The architecture comes from the SD 1.5 configs the app ships for offline single-file loading
(`mmpp_desktop/assets/configs/sd15`): an 860 M-parameter UNet, the CLIP ViT-L text encoder,
the VAE, plus a ControlNet made from the UNet and LoRA files over the attention layers. The
numbers are random, the work per step is the real one. `--smoke` divides every width by 10
so the whole `--full` code path can be checked in seconds.

Usage: `python benchmarks/fullkit.py DEST [--smoke]` prints the manifest (tinykit's keys).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import torch

REPO = Path(__file__).resolve().parents[1]
SD15_CONFIGS = REPO / "mmpp_desktop" / "assets" / "configs" / "sd15"
FULL_SIZE = 512
SMOKE_SIZE = 128
_SMOKE_WIDTHS = {"unet": (32, 64, 128, 128), "vae": (32, 32, 64, 64)}
_SMOKE_TEXT = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
               "projection_dim": 64}


def sd15_config(part: str, name: str = "config.json") -> dict[str, Any]:
    """One shipped SD 1.5 component config as a dict."""
    path = SD15_CONFIGS / part / name
    if not path.is_file():
        raise SystemExit(f"error: the shipped SD 1.5 config {path} is missing")
    return json.loads(path.read_text(encoding="utf-8"))


def sd15_models(smoke: bool) -> dict[str, Any]:
    """Random-weight unet, vae, text_encoder and controlnet of the SD 1.5 architecture."""
    from diffusers import AutoencoderKL, ControlNetModel, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    unet_config, vae_config, text_config = sd15_config("unet"), sd15_config("vae"), sd15_config("text_encoder")
    if smoke:
        unet_config.update(block_out_channels=_SMOKE_WIDTHS["unet"], cross_attention_dim=_SMOKE_TEXT["hidden_size"],
                           sample_size=SMOKE_SIZE // 8)
        vae_config.update(block_out_channels=_SMOKE_WIDTHS["vae"], sample_size=SMOKE_SIZE)
        text_config.update(_SMOKE_TEXT)
    text_config.pop("architectures", None)
    unet = UNet2DConditionModel.from_config(unet_config)
    controlnet = ControlNetModel.from_unet(unet)
    # from_unet zero-initialises the output convolutions; random ones make the ControlNet do real work
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for part in (controlnet.controlnet_down_blocks, controlnet.controlnet_mid_block,
                     controlnet.controlnet_cond_embedding.conv_out):
            for parameter in part.parameters():
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.02)
    return {"unet": unet, "vae": AutoencoderKL.from_config(vae_config),
            "text_encoder": CLIPTextModel(CLIPTextConfig(**text_config)), "controlnet": controlnet}


def build_full_kit(dest: Path, smoke: bool = False) -> dict[str, Any]:
    """Write the kit under `dest` (reused when its manifest exists) and return the manifest."""
    from diffusers import PNDMScheduler, StableDiffusionPipeline
    from safetensors.torch import save_file

    from mmpp_desktop.core.engine.tokenizer import clip_tokenizer
    from mmpp_desktop.testing.tinykit import lora_state_dict

    manifest_path = dest / "manifest.json"
    if manifest_path.is_file():
        return json.loads(manifest_path.read_text(encoding="utf-8"))
    dest.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    models = sd15_models(smoke)
    scheduler = PNDMScheduler.from_config(sd15_config("scheduler", "scheduler_config.json"))
    pipe = StableDiffusionPipeline(unet=models["unet"], vae=models["vae"], text_encoder=models["text_encoder"],
                                   tokenizer=clip_tokenizer(), scheduler=scheduler, safety_checker=None,
                                   feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(dest / "base", safe_serialization=True)
    models["controlnet"].save_pretrained(dest / "controlnet-canny", safe_serialization=True)
    generator = torch.Generator().manual_seed(2)
    loras = []
    for name, layout in (("style-a-kohya", "kohya"), ("style-b-kohya", "kohya"), ("style-c-diffusers", "diffusers")):
        path = dest / "loras" / f"{name}-sd15.safetensors"
        path.parent.mkdir(exist_ok=True)
        save_file(lora_state_dict(pipe, "sd15", layout, generator, strength=0.05), str(path), metadata={"format": "pt"})
        loras.append(str(path))
    manifest = {"family": "sd15", "base": str(dest / "base"), "controlnet_canny": str(dest / "controlnet-canny"),
                "loras": loras, "size": SMOKE_SIZE if smoke else FULL_SIZE, "smoke": smoke,
                "unet_parameters": sum(p.numel() for p in models["unet"].parameters())}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a real-size SD 1.5 kit with random weights.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("--smoke", action="store_true", help="every width divided by 10, 128 px")
    args = parser.parse_args(argv)
    print(json.dumps(build_full_kit(args.dest, args.smoke), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
