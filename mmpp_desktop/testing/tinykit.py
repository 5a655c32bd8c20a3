"""Tiny random-weight SD 1.5 / SDXL model kits, built on disk in seconds on a CPU.

A kit holds everything the engine loads from real files: a diffusers base folder, the same
weights as an original-layout single-file checkpoint, a ControlNet, an IP-Adapter in the
common `models/` layout with its image encoder, and LoRA files (two kohya, one diffusers
layout). The widths are tiny but the geometry and block structure follow the real families:
the VAE has 4 levels (latents are image/8, so a 512-px image has a 64x64 latent as in SD 1.5),
the ControlNet's condition embedding downsamples by 8 too, the cross-attention blocks sit
where the real ones do, and SDXL has two text encoders and `text_time` size conditioning with
the real 256-wide time embedding of its 6 size/crop numbers. The engine's real code paths —
family detection included — run unchanged, and a 512-px run takes seconds on a CPU.

Usage: `python -m mmpp_desktop.testing.tinykit DEST [--family sd15|sdxl]` prints a JSON manifest.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

# The tiny kit uses the real CLIP vocabulary, so the text encoders need its size.
CLIP_VOCAB_SIZE = 49408
TINY_SIZE = 64
VAE_SCALE_FACTOR = 8  # 4 VAE levels, as in every SD 1.5 / SDXL VAE
_SDXL_TIME_EMBED_DIM = 256  # SDXL's addition_time_embed_dim: each of its 6 size/crop ids gets 256 sinusoids
_TEXT_PROJECTION_DIM = 32
_LORA_RANK = 4
_TEXT_MODULES = ("q_proj", "k_proj", "v_proj", "out_proj")
_UNET_ATTENTION_MODULES = (".to_q", ".to_k", ".to_v", ".to_out.0")

_RESNET_TO_LDM = (("norm1", "in_layers.0"), ("conv1", "in_layers.2"), ("norm2", "out_layers.0"),
                  ("conv2", "out_layers.3"), ("time_emb_proj", "emb_layers.1"),
                  ("conv_shortcut", "skip_connection"))
_UNET_TOP_TO_LDM = {
    "time_embedding.linear_1": "time_embed.0", "time_embedding.linear_2": "time_embed.2",
    "conv_in": "input_blocks.0.0", "conv_norm_out": "out.0", "conv_out": "out.2",
    "add_embedding.linear_1": "label_emb.0.0", "add_embedding.linear_2": "label_emb.0.2",
}


def _text_config(hidden_size: int = 32) -> Any:
    """Real SDXL encoders differ in width (768/1280) and diffusers' single-file loader tells them
    apart by it, so the tiny second encoder is wider than the first too."""
    from transformers import CLIPTextConfig

    return CLIPTextConfig(
        vocab_size=CLIP_VOCAB_SIZE, hidden_size=hidden_size, intermediate_size=37, num_hidden_layers=2,
        num_attention_heads=4, max_position_embeddings=77, projection_dim=_TEXT_PROJECTION_DIM, hidden_act="quick_gelu",
        bos_token_id=49406, eos_token_id=49407, pad_token_id=49407,
    )


def _unet(family: str) -> Any:
    from diffusers import UNet2DConditionModel

    common: dict[str, Any] = {
        "sample_size": TINY_SIZE // VAE_SCALE_FACTOR, "in_channels": 4, "out_channels": 4, "layers_per_block": 1,
        "block_out_channels": (32, 64), "norm_num_groups": 32,
    }
    if family == "sd15":
        return UNet2DConditionModel(
            down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
            up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
            cross_attention_dim=32, attention_head_dim=8, **common,
        )
    return UNet2DConditionModel(
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=32 + 48, attention_head_dim=(2, 4), use_linear_projection=True,
        addition_embed_type="text_time", addition_time_embed_dim=_SDXL_TIME_EMBED_DIM,
        transformer_layers_per_block=(1, 1),
        # what the SDXL pipelines feed `add_embedding`: 6 embedded size ids + the pooled text projection
        projection_class_embeddings_input_dim=6 * _SDXL_TIME_EMBED_DIM + _TEXT_PROJECTION_DIM, **common,
    )


def _vae(family: str) -> Any:
    from diffusers import AutoencoderKL

    levels = 4  # each level but the last halves the size: 2 ** (4 - 1) == VAE_SCALE_FACTOR
    return AutoencoderKL(
        block_out_channels=(16, 16, 32, 32), in_channels=3, out_channels=3, latent_channels=4, norm_num_groups=16,
        layers_per_block=1, down_block_types=("DownEncoderBlock2D",) * levels,
        up_block_types=("UpDecoderBlock2D",) * levels, sample_size=TINY_SIZE,
        scaling_factor=0.18215 if family == "sd15" else 0.13025,
    )


def _scheduler(family: str) -> Any:
    from diffusers import EulerDiscreteScheduler, PNDMScheduler

    args = {"beta_start": 0.00085, "beta_end": 0.012, "beta_schedule": "scaled_linear",
            "num_train_timesteps": 1000, "steps_offset": 1}
    if family == "sd15":
        return PNDMScheduler(skip_prk_steps=True, set_alpha_to_one=False, **args)
    return EulerDiscreteScheduler(timestep_spacing="leading", **args)


def build_pipeline(family: str) -> Any:
    """A tiny text-to-image pipeline of the family, random weights, real CLIP tokenizer."""
    from diffusers import StableDiffusionPipeline, StableDiffusionXLPipeline
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    from mmpp_desktop.core.engine.tokenizer import clip_tokenizer

    parts = {"unet": _unet(family), "vae": _vae(family), "scheduler": _scheduler(family),
             "text_encoder": CLIPTextModel(_text_config()), "tokenizer": clip_tokenizer()}
    if family == "sd15":
        return StableDiffusionPipeline(**parts, safety_checker=None, feature_extractor=None,
                                       requires_safety_checker=False)
    return StableDiffusionXLPipeline(
        **parts, text_encoder_2=CLIPTextModelWithProjection(_text_config(hidden_size=48)),
        tokenizer_2=clip_tokenizer(pad_token="!"),
    )


# ---- diffusers → original (LDM/SGM) single-file layout -------------------------------------------


def _unet_to_ldm(unet: Any) -> dict[str, torch.Tensor]:
    """Rename a diffusers UNet state dict to the original layout (inverse of diffusers' converter)."""
    config = unet.config
    per_block = config.layers_per_block + 1
    renames: list[tuple[str, str]] = list(_UNET_TOP_TO_LDM.items())
    for block in range(len(config.down_block_types)):
        for layer in range(config.layers_per_block):
            renames.append((f"down_blocks.{block}.resnets.{layer}.", f"input_blocks.{block * per_block + layer + 1}.0."))
            renames.append((f"down_blocks.{block}.attentions.{layer}.", f"input_blocks.{block * per_block + layer + 1}.1."))
        renames.append((f"down_blocks.{block}.downsamplers.0.conv.", f"input_blocks.{(block + 1) * per_block}.0.op."))
    for block, up_type in enumerate(config.up_block_types):
        for layer in range(per_block):
            renames.append((f"up_blocks.{block}.resnets.{layer}.", f"output_blocks.{block * per_block + layer}.0."))
            renames.append((f"up_blocks.{block}.attentions.{layer}.", f"output_blocks.{block * per_block + layer}.1."))
        slot = 2 if "CrossAttn" in up_type else 1
        renames.append((f"up_blocks.{block}.upsamplers.0.", f"output_blocks.{block * per_block + per_block - 1}.{slot}."))
    renames += [("mid_block.resnets.0.", "middle_block.0."), ("mid_block.attentions.0.", "middle_block.1."),
                ("mid_block.resnets.1.", "middle_block.2.")]
    result: dict[str, torch.Tensor] = {}
    for key, tensor in unet.state_dict().items():
        new_key = key
        for old, new in renames:
            if key.startswith(old):
                new_key = new + key[len(old):]
                if ".resnets." in old:
                    for diffusers_name, ldm_name in _RESNET_TO_LDM:
                        new_key = new_key.replace(f".{diffusers_name}.", f".{ldm_name}.")
                break
        result["model.diffusion_model." + new_key] = tensor
    return result


def _vae_to_ldm(vae: Any) -> dict[str, torch.Tensor]:
    blocks = len(vae.config.block_out_channels)
    renames = [("encoder.conv_norm_out.", "encoder.norm_out."), ("decoder.conv_norm_out.", "decoder.norm_out.")]
    for side in ("encoder", "decoder"):
        renames += [(f"{side}.mid_block.resnets.{i}.", f"{side}.mid.block_{i + 1}.") for i in range(2)]
        renames.append((f"{side}.mid_block.attentions.0.", f"{side}.mid.attn_1."))
    for i in range(blocks):
        renames.append((f"encoder.down_blocks.{i}.resnets.", f"encoder.down.{i}.block."))
        renames.append((f"encoder.down_blocks.{i}.downsamplers.0.", f"encoder.down.{i}.downsample."))
        renames.append((f"decoder.up_blocks.{i}.resnets.", f"decoder.up.{blocks - 1 - i}.block."))
        renames.append((f"decoder.up_blocks.{i}.upsamplers.0.", f"decoder.up.{blocks - 1 - i}.upsample."))
    attention = {"group_norm.": "norm.", "to_q.": "q.", "to_k.": "k.", "to_v.": "v.", "to_out.0.": "proj_out."}
    result: dict[str, torch.Tensor] = {}
    for key, tensor in vae.state_dict().items():
        new_key = key
        for old, new in renames:
            if key.startswith(old):
                new_key = new + key[len(old):]
                break
        new_key = new_key.replace("conv_shortcut", "nin_shortcut")
        if ".mid.attn_1." in new_key:
            for diffusers_name, ldm_name in attention.items():
                new_key = new_key.replace(f".attn_1.{diffusers_name}", f".attn_1.{ldm_name}")
            if tensor.ndim == 2:  # the original attention uses 1x1 convolutions
                tensor = tensor[:, :, None, None]
        result["first_stage_model." + new_key] = tensor
    return result


def _text_state(encoder: Any) -> dict[str, torch.Tensor]:
    """Text encoder weights named as in real checkpoints (`text_model.` prefix, which transformers 5
    dropped from `CLIPTextModel` but kept in `CLIPTextModelWithProjection`)."""
    return {_with_text_model(key): value for key, value in encoder.state_dict().items()}


def _with_text_model(name: str) -> str:
    return name if name.startswith(("text_model.", "text_projection")) else "text_model." + name


def _open_clip_from_hf(encoder: Any, prefix: str) -> dict[str, torch.Tensor]:
    """SDXL's second text encoder in OpenCLIP naming, with fused attention input projections."""
    state = _text_state(encoder)
    result = {
        prefix + "positional_embedding": state["text_model.embeddings.position_embedding.weight"],
        prefix + "token_embedding.weight": state["text_model.embeddings.token_embedding.weight"],
        prefix + "ln_final.weight": state["text_model.final_layer_norm.weight"],
        prefix + "ln_final.bias": state["text_model.final_layer_norm.bias"],
        prefix + "text_projection": state["text_projection.weight"].T.contiguous(),
    }
    for layer in range(encoder.config.num_hidden_layers):
        source = f"text_model.encoder.layers.{layer}."
        target = f"{prefix}transformer.resblocks.{layer}."
        for kind in ("weight", "bias"):
            result[f"{target}attn.in_proj_{kind}"] = torch.cat(
                [state[f"{source}self_attn.{name}_proj.{kind}"] for name in ("q", "k", "v")])
            result[f"{target}attn.out_proj.{kind}"] = state[f"{source}self_attn.out_proj.{kind}"]
            result[f"{target}ln_1.{kind}"] = state[f"{source}layer_norm1.{kind}"]
            result[f"{target}ln_2.{kind}"] = state[f"{source}layer_norm2.{kind}"]
            result[f"{target}mlp.c_fc.{kind}"] = state[f"{source}mlp.fc1.{kind}"]
            result[f"{target}mlp.c_proj.{kind}"] = state[f"{source}mlp.fc2.{kind}"]
    return result


def single_file_state_dict(pipe: Any, family: str) -> dict[str, torch.Tensor]:
    """The pipeline's weights in the original single-file checkpoint layout of its family."""
    state = {**_unet_to_ldm(pipe.unet), **_vae_to_ldm(pipe.vae)}
    text = _text_state(pipe.text_encoder)
    if family == "sd15":
        state.update({"cond_stage_model.transformer." + key: value for key, value in text.items()})
    else:
        state.update({"conditioner.embedders.0.transformer." + key: value for key, value in text.items()})
        state.update(_open_clip_from_hf(pipe.text_encoder_2, "conditioner.embedders.1.model."))
    return {key: value.contiguous().clone() for key, value in state.items()}


# ---- add-ons ----------------------------------------------------------------------------------------


def _randomize(module: torch.nn.Module, generator: torch.Generator, std: float = 0.05) -> None:
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * std)


def build_controlnet(unet: Any, generator: torch.Generator) -> Any:
    """A ControlNet copied from the UNet, with the zero-initialised output convolutions randomised."""
    from diffusers import ControlNetModel

    controlnet = ControlNetModel.from_unet(unet, conditioning_embedding_out_channels=(8, 8, 16, 16))  # /8 like the latents
    for part in (controlnet.controlnet_down_blocks, controlnet.controlnet_mid_block,
                 controlnet.controlnet_cond_embedding.conv_out):
        _randomize(part, generator, std=0.3)
    return controlnet


def _image_encoder() -> Any:
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    return CLIPVisionModelWithProjection(CLIPVisionConfig(
        hidden_size=32, intermediate_size=37, num_hidden_layers=2, num_attention_heads=4, image_size=32,
        patch_size=4, projection_dim=32, num_channels=3,
    ))


def ip_adapter_state_dict(unet: Any, image_embed_dim: int, generator: torch.Generator) -> dict[str, torch.Tensor]:
    """IP-Adapter weights in the original layout: `image_proj.*` plus `ip_adapter.{1,3,5..}.to_[kv]_ip`."""
    cross = unet.config.cross_attention_dim
    state = {
        "image_proj.proj.weight": torch.randn(4 * cross, image_embed_dim, generator=generator) * 0.5,
        "image_proj.proj.bias": torch.zeros(4 * cross),
        "image_proj.norm.weight": torch.ones(cross),
        "image_proj.norm.bias": torch.zeros(cross),
    }
    key_id = 1
    for _name, processor_owner in _cross_attention_modules(unet):
        hidden = processor_owner.to_q.out_features
        for kind in ("to_k_ip", "to_v_ip"):
            state[f"ip_adapter.{key_id}.{kind}.weight"] = torch.randn(hidden, cross, generator=generator) * 0.5
        key_id += 2
    return state


def _cross_attention_modules(unet: Any) -> list[tuple[str, Any]]:
    """The cross-attention layers in `attn_processors` order (the order IP-Adapter files use)."""
    modules = dict(unet.named_modules())
    return [(name, modules[name.removesuffix(".processor")]) for name in unet.attn_processors
            if not name.endswith("attn1.processor")]


def _lora_targets(pipe: Any) -> list[tuple[str, str, int, int]]:
    """(component, module path, in, out) of every attention projection a style LoRA adapts."""
    targets = []
    for name, module in pipe.unet.named_modules():
        if isinstance(module, torch.nn.Linear) and name.endswith(_UNET_ATTENTION_MODULES) and ".attn" in name:
            targets.append(("unet", name, module.in_features, module.out_features))
    encoders = [("text_encoder", pipe.text_encoder)]
    if getattr(pipe, "text_encoder_2", None) is not None:
        encoders.append(("text_encoder_2", pipe.text_encoder_2))
    for component, encoder in encoders:
        for name, module in encoder.named_modules():
            if isinstance(module, torch.nn.Linear) and name.rsplit(".", 1)[-1] in _TEXT_MODULES:
                targets.append((component, _with_text_model(name), module.in_features, module.out_features))
    return targets


_KOHYA_PREFIX = {("sd15", "unet"): "lora_unet_", ("sd15", "text_encoder"): "lora_te_",
                 ("sdxl", "unet"): "lora_unet_", ("sdxl", "text_encoder"): "lora_te1_",
                 ("sdxl", "text_encoder_2"): "lora_te2_"}


def lora_state_dict(pipe: Any, family: str, layout: str, generator: torch.Generator,
                    strength: float = 0.4) -> dict[str, torch.Tensor]:
    """A random LoRA over the attention projections, in kohya or diffusers (peft) naming."""
    state: dict[str, torch.Tensor] = {}
    for component, name, fan_in, fan_out in _lora_targets(pipe):
        down = torch.randn(_LORA_RANK, fan_in, generator=generator) * strength
        up = torch.randn(fan_out, _LORA_RANK, generator=generator) * strength
        if layout == "kohya":
            key = _KOHYA_PREFIX[(family, component)] + name.replace(".", "_")
            state[f"{key}.lora_down.weight"] = down
            state[f"{key}.lora_up.weight"] = up
            state[f"{key}.alpha"] = torch.tensor(float(_LORA_RANK))
        else:
            state[f"{component}.{name}.lora_A.weight"] = down
            state[f"{component}.{name}.lora_B.weight"] = up
    return state


# ---- the kit ----------------------------------------------------------------------------------------


def build_kit(dest: Path, family: str = "sd15", seed: int = 0) -> dict[str, Any]:
    """Write a complete tiny kit under `dest` and return its manifest (paths as strings)."""
    if family not in ("sd15", "sdxl"):
        raise ValueError(f"unknown family {family!r}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    pipe = build_pipeline(family)

    base = dest / "base"
    pipe.save_pretrained(base, safe_serialization=True)

    single_file = dest / f"tiny-{family}.safetensors"
    save_file(single_file_state_dict(pipe, family), str(single_file))
    config_dir = single_file.with_suffix(".config")  # the engine's rule: NAME.config/ beside NAME.safetensors
    shutil.rmtree(config_dir, ignore_errors=True)
    shutil.copytree(base, config_dir, ignore=shutil.ignore_patterns("*.safetensors", "*.bin"))

    controlnet_dir = dest / "controlnet-canny"
    build_controlnet(pipe.unet, generator).save_pretrained(controlnet_dir, safe_serialization=True)

    ip_dir = dest / "ip-adapter"
    encoder = _image_encoder()
    encoder.save_pretrained(ip_dir / "models" / "image_encoder", safe_serialization=True)
    save_file(ip_adapter_state_dict(pipe.unet, encoder.config.projection_dim, generator),
              str(ip_dir / "models" / f"ip-adapter_{family}.safetensors"))

    lora_dir = dest / "loras"
    lora_dir.mkdir(exist_ok=True)
    loras = []
    for name, layout in (("style-a-kohya", "kohya"), ("style-b-kohya", "kohya"), ("style-c-diffusers", "diffusers")):
        path = lora_dir / f"{name}-{family}.safetensors"
        save_file(lora_state_dict(pipe, family, layout, generator), str(path),
                  metadata={"format": "pt", "mmpp_tiny_kit": family})
        loras.append(str(path))

    manifest = {
        "family": family,
        "base": str(base),
        "single_file": str(single_file),
        "single_file_config": str(config_dir),
        "controlnet_canny": str(controlnet_dir),
        "ip_adapter": str(ip_dir),
        "loras": loras,
        "size": TINY_SIZE,
    }
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mmpp_desktop.testing.tinykit",
                                     description="Build a tiny random-weight model kit and print its manifest.")
    parser.add_argument("dest", type=Path)
    parser.add_argument("--family", choices=("sd15", "sdxl"), default="sd15")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(json.dumps(build_kit(args.dest, args.family, args.seed), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
