"""Model loading from local files only: families, single files offline, pickle refusal, bad files."""

from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
import socket
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import BAD_INPUTS, PHOTOS

from mmpp_desktop.core.engine import (
    Engine,
    InvalidModelError,
    ModelNotFoundError,
    UnsafeFileError,
    detect_family,
)
from mmpp_desktop.core.engine.loading import CONFIGS_DIR, ModelSource, single_file_config_dir
from mmpp_desktop.core.errors import InvalidInputError, UserFacingError
from mmpp_desktop.core.types import (
    ControlNetSettings,
    EngineOptions,
    GenerationRequest,
    IPAdapterSettings,
    StyleLora,
)

PHOTO = str(PHOTOS / "obama_small.jpg")


class _CodeOnUnpickle:
    """Unpickling this creates the marker file: proof of code execution if it ever appears."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.touch, (self.marker,))


def _hostile_pickle(path: Path, marker: Path) -> Path:
    path.write_bytes(pickle.dumps({"state_dict": {"weight": _CodeOnUnpickle(marker)}}))
    return path


def test_the_hostile_pickle_really_runs_code_when_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "control-marker"
    pickle.loads(_hostile_pickle(tmp_path / "control.ckpt", marker).read_bytes())
    assert marker.exists()  # so its absence in the next tests means "never unpickled"


@pytest.mark.parametrize("suffix", [".ckpt", ".pt", ".bin"])
def test_pickle_checkpoints_are_refused_without_unpickling(tmp_path: Path, suffix: str) -> None:
    marker = tmp_path / "marker"
    checkpoint = _hostile_pickle(tmp_path / f"model{suffix}", marker)
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    with pytest.raises(UnsafeFileError, match=r"\.safetensors"):
        engine.generate(GenerationRequest(input_image=PHOTO, model=str(checkpoint), size=64, steps=2))
    with pytest.raises(UnsafeFileError):
        detect_family(str(checkpoint))
    assert not marker.exists()
    with pytest.raises(UnsafeFileError):
        detect_family(str(BAD_INPUTS / "pickle-checkpoint.ckpt"))


def test_pickle_lora_and_ip_adapter_bin_never_run_code(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    base = {"input_image": PHOTO, "model": tiny_kit_sd15["single_file"], "size": 64, "steps": 2, "strength": 1.0}
    lora = _hostile_pickle(tmp_path / "style.pt", marker)
    with pytest.raises(UnsafeFileError):
        engine.generate(GenerationRequest(**base, styles=(StyleLora(str(lora)),)))
    # A plain state-dict .bin IP-Adapter is only read with torch.load(weights_only=True): refused, not run.
    adapter = tmp_path / "ip-adapter"
    shutil.copytree(tiny_kit_sd15["ip_adapter"], adapter)
    for weights in (adapter / "models").glob("*.safetensors"):
        weights.unlink()
    _hostile_pickle(adapter / "models" / "ip-adapter_sd15.bin", marker)
    with pytest.raises(UserFacingError):
        engine.generate(GenerationRequest(**base, ip_adapter=IPAdapterSettings(str(adapter), image=PHOTO)))
    assert not marker.exists()
    assert engine.generate(GenerationRequest(**base)).images  # still usable afterwards


def test_family_is_read_from_the_files(tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any]) -> None:
    engine = Engine(EngineOptions(device="cpu"))
    for kit, family in ((tiny_kit_sd15, "sd15"), (tiny_kit_sdxl, "sdxl")):
        assert engine.detect_family(kit["base"]) == family
        assert engine.detect_family(kit["single_file"]) == family
    assert engine.base_loads == 0


def test_bad_models_have_clear_errors(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        detect_family(str(tmp_path / "missing.safetensors"))
    with pytest.raises(ModelNotFoundError, match="never downloads"):
        detect_family("someone/not-in-the-cache")
    with pytest.raises(ModelNotFoundError, match="No base model"):
        detect_family("")
    with pytest.raises(InvalidInputError, match="truncated or corrupt"):
        detect_family(str(BAD_INPUTS / "truncated.safetensors"))
    with pytest.raises(InvalidModelError, match="not a Stable Diffusion checkpoint"):
        detect_family(tiny_kit_sd15["loras"][0])
    with pytest.raises(InvalidModelError, match="model_index.json"):
        detect_family(str(tmp_path))
    (tmp_path / "model_index.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(InvalidModelError, match="not valid JSON"):
        detect_family(str(tmp_path))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails loudly."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_single_file_checkpoint_loads_with_the_network_unreachable(
        no_network: None, tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    request = GenerationRequest(input_image=PHOTO, model=tiny_kit_sd15["single_file"], size=64, steps=2,
                                strength=1.0, seed=5)
    from_file = np.asarray(engine.generate(request).images[0])
    from_folder = np.asarray(engine.generate(
        GenerationRequest(**{**request.to_dict(), "model": tiny_kit_sd15["base"], "styles": ()})).images[0])
    assert engine.base_loads == 2
    assert np.array_equal(from_file, from_folder)  # the single file holds exactly the folder's weights


def test_repo_id_loads_from_the_local_hugging_face_cache_only(
        no_network: None, tiny_kit_sd15: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    cache = tmp_path / "hub"
    repo = cache / "models--tiny--portrait-model"
    commit = "0123456789abcdef0123456789abcdef01234567"
    shutil.copytree(tiny_kit_sd15["base"], repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    assert engine.detect_family("tiny/portrait-model") == "sd15"
    result = engine.generate(GenerationRequest(input_image=PHOTO, model="tiny/portrait-model", size=64, steps=2,
                                               strength=1.0))
    assert result.recipe["model"]["name"] == commit


def test_real_checkpoints_use_the_shipped_family_configs(tmp_path: Path) -> None:
    from accelerate import init_empty_weights
    from diffusers import StableDiffusionPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection

    checkpoint = tmp_path / "real.safetensors"
    checkpoint.write_bytes(b"")  # only the path matters for the config choice
    for family, unet_params in (("sd15", 859_520_964), ("sdxl", 2_567_463_684)):
        chosen = single_file_config_dir(ModelSource(checkpoint, "single_file", family, "real"))
        assert chosen == CONFIGS_DIR / family
        assert StableDiffusionPipeline.load_config(chosen)["_class_name"].startswith("StableDiffusion")
        with init_empty_weights():
            unet = UNet2DConditionModel.from_config(UNet2DConditionModel.load_config(chosen / "unet"))
        assert sum(p.numel() for p in unet.parameters()) == unet_params
    config = json.loads((CONFIGS_DIR / "sdxl" / "text_encoder_2" / "config.json").read_text(encoding="utf-8"))
    with init_empty_weights():
        encoder = CLIPTextModelWithProjection(CLIPTextConfig(**config))
    assert sum(p.numel() for p in encoder.parameters()) == 694_659_840


def test_sdxl_kit_generates_with_every_add_on(tiny_kit_sdxl: dict[str, Any], tmp_path: Path) -> None:
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    request = GenerationRequest(
        input_image=PHOTO, model=tiny_kit_sdxl["single_file"], size=64, steps=4, strength=0.5, guidance=2.0,
        styles=(StyleLora(tiny_kit_sdxl["loras"][0], 0.8), StyleLora(tiny_kit_sdxl["loras"][2], 0.5)),
        controlnet=ControlNetSettings(tiny_kit_sdxl["controlnet_canny"]),
        ip_adapter=IPAdapterSettings(tiny_kit_sdxl["ip_adapter"], image=str(PHOTOS / "biden.jpg"), mode="style"),
        scheduler="lcm",
    )
    result = engine.generate(request)
    plain = engine.generate(GenerationRequest(input_image=PHOTO, model=tiny_kit_sdxl["single_file"], size=64,
                                              steps=4, strength=0.5, guidance=2.0, scheduler="lcm"))
    assert result.recipe["family"] == "sdxl" and len(result.recipe["loras"]) == 2
    assert result.recipe["controlnet"]["name"] == "controlnet-canny"
    assert result.recipe["ip_adapter"]["mode"] == "style"
    assert np.abs(np.asarray(result.images[0]).astype(int) - np.asarray(plain.images[0]).astype(int)).mean() > 1
    assert engine.base_loads == 1


def test_ip_adapter_files_are_found_in_the_common_layouts(tmp_path: Path) -> None:
    from mmpp_desktop.core.engine.ip_adapter import find_weights, image_encoder_folder

    for name in ("models/ip-adapter_sd15.safetensors", "models/ip-adapter-plus_sd15.safetensors",
                 "sdxl_models/ip-adapter_sdxl.safetensors", "sdxl_models/ip-adapter_sdxl_vit-h.safetensors"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "models" / "image_encoder").mkdir()
    (tmp_path / "sdxl_models" / "image_encoder").mkdir()
    assert find_weights(tmp_path, "sd15") == ("models", "ip-adapter_sd15.safetensors")
    assert find_weights(tmp_path, "sdxl") == ("sdxl_models", "ip-adapter_sdxl.safetensors")
    assert image_encoder_folder(tmp_path, "sdxl_models", "ip-adapter_sdxl.safetensors") == "image_encoder"
    # The "vit-h" SDXL adapters take the ViT-H encoder of the SD 1.5 folder.
    assert image_encoder_folder(tmp_path, "sdxl_models", "ip-adapter_sdxl_vit-h.safetensors") \
        == "../models/image_encoder"
    with pytest.raises(ModelNotFoundError):
        find_weights(tmp_path / "missing", "sd15")
    with pytest.raises(InvalidModelError, match="no IP-Adapter weights"):
        find_weights(tmp_path / "models" / "image_encoder", "sd15")


def test_device_choice_on_a_cpu_machine() -> None:
    import torch

    from mmpp_desktop.core.engine.devices import choose_device, is_out_of_memory
    from mmpp_desktop.core.engine.errors import DeviceUnavailableError

    if torch.cuda.is_available():
        pytest.skip("this check is for machines without a GPU")
    auto = choose_device("auto")
    assert (auto.device, auto.dtype_name, auto.dtype) == ("cpu", "fp32", torch.float32)
    assert choose_device("cpu", precision="bf16").dtype == torch.bfloat16
    with pytest.raises(DeviceUnavailableError, match="CUDA"):
        choose_device("cuda")
    assert is_out_of_memory(torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    assert not is_out_of_memory(ValueError("shape mismatch"))


def test_instantstyle_blocks_match_the_published_sdxl_dicts_and_fit_sd15() -> None:
    from accelerate import init_empty_weights
    from diffusers import UNet2DConditionModel

    from mmpp_desktop.core.engine.ip_adapter import mode_scale

    unets = {}
    for family in ("sd15", "sdxl"):
        with init_empty_weights():
            unets[family] = UNet2DConditionModel.from_config(
                UNet2DConditionModel.load_config(CONFIGS_DIR / family / "unet"))
    assert mode_scale(unets["sdxl"], "style", 1.0) == {"up": {"block_0": [0.0, 1.0, 0.0]}}
    assert mode_scale(unets["sdxl"], "composition", 1.0) == {"down": {"block_2": [0.0, 1.0]}}
    # SD 1.5 has no attention in up block 0: its first attention-bearing up block is 1.
    assert mode_scale(unets["sd15"], "style", 0.5) == {"up": {"block_1": [0.0, 0.5, 0.0]}}
    assert mode_scale(unets["sd15"], "composition", 0.5) == {"down": {"block_2": [0.0, 0.5]}}
    assert mode_scale(unets["sd15"], "full", 0.7) == 0.7


def test_file_hashes_are_cached_by_size_and_mtime(tmp_path: Path) -> None:
    import hashlib
    import os

    from mmpp_desktop.core.engine.recipe import HashCache

    data = tmp_path / "model.safetensors"
    data.write_bytes(b"weights" * 1000)
    real = hashlib.sha256(data.read_bytes()).hexdigest()
    assert HashCache(tmp_path / "cache").sha256(data) == real
    cache_file = tmp_path / "cache" / "file-hashes.json"
    entries = json.loads(cache_file.read_text(encoding="utf-8"))
    entries[str(data.resolve())]["sha256"] = "cached" * 8
    cache_file.write_text(json.dumps(entries), encoding="utf-8")
    assert HashCache(tmp_path / "cache").sha256(data) == "cached" * 8  # read from the cache, not re-hashed
    stat = data.stat()
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert HashCache(tmp_path / "cache").sha256(data) == real  # a new file version is hashed again


def test_state_dict_bin_ip_adapter_loads_safely_and_matches_safetensors(tiny_kit_sd15: dict[str, Any],
                                                                         tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file

    adapter = tmp_path / "ip-adapter-bin"
    shutil.copytree(tiny_kit_sd15["ip_adapter"], adapter)
    weights = adapter / "models" / "ip-adapter_sd15.safetensors"
    flat = load_file(str(weights))
    nested: dict[str, dict[str, Any]] = {"image_proj": {}, "ip_adapter": {}}
    for key, tensor in flat.items():
        group, name = key.split(".", 1)
        nested[group][name] = tensor
    torch.save(nested, adapter / "models" / "ip-adapter_sd15.bin")
    weights.unlink()
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)

    def run(folder: str) -> np.ndarray:
        settings = IPAdapterSettings(folder, image=str(PHOTOS / "biden.jpg"), scale=0.8)
        return np.asarray(engine.generate(GenerationRequest(
            input_image=PHOTO, model=tiny_kit_sd15["single_file"], size=64, steps=2, strength=1.0,
            ip_adapter=settings)).images[0])

    assert np.array_equal(run(str(adapter)), run(tiny_kit_sd15["ip_adapter"]))


def test_bin_weights_in_a_diffusers_folder_are_read_without_code_execution(tiny_kit_sd15: dict[str, Any],
                                                                           tmp_path: Path) -> None:
    import torch
    from safetensors.torch import load_file

    legit = tmp_path / "legit"
    shutil.copytree(tiny_kit_sd15["base"], legit)
    unet_weights = legit / "unet" / "diffusion_pytorch_model.safetensors"
    torch.save(load_file(str(unet_weights)), legit / "unet" / "diffusion_pytorch_model.bin")
    unet_weights.unlink()
    hostile = tmp_path / "hostile"
    shutil.copytree(legit, hostile)
    marker = tmp_path / "marker"
    _hostile_pickle(hostile / "unet" / "diffusion_pytorch_model.bin", marker)

    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    request = GenerationRequest(input_image=PHOTO, model=str(legit), size=64, steps=2, strength=1.0)
    assert engine.generate(request).images  # a plain state dict loads
    with pytest.raises(InvalidModelError):
        engine.generate(GenerationRequest(**{**request.to_dict(), "model": str(hostile), "styles": ()}))
    assert not marker.exists()


def _single_file_controlnet(kit: dict[str, Any], dest: Path) -> Path:
    """The kit's ControlNet as one file, with its (tiny) config in NAME.config/ beside it."""
    folder = Path(kit["controlnet_canny"])
    weights = dest / f"canny-{kit['family']}.safetensors"
    shutil.copy(folder / "diffusion_pytorch_model.safetensors", weights)
    weights.with_suffix(".config").mkdir()
    shutil.copy(folder / "config.json", weights.with_suffix(".config") / "config.json")
    return weights


def test_single_file_controlnet_equals_its_folder(tiny_kit_sd15: dict[str, Any], tmp_path: Path) -> None:
    weights = _single_file_controlnet(tiny_kit_sd15, tmp_path)
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)

    def run(controlnet: str) -> np.ndarray:
        return np.asarray(engine.generate(GenerationRequest(
            input_image=PHOTO, model=tiny_kit_sd15["single_file"], size=64, steps=2, strength=1.0,
            controlnet=ControlNetSettings(controlnet, conditioning_scale=1.0))).images[0])

    assert np.array_equal(run(str(weights)), run(tiny_kit_sd15["controlnet_canny"]))


def test_wrong_family_controlnet_is_refused_naming_both(tiny_kit_sd15: dict[str, Any], tiny_kit_sdxl: dict[str, Any],
                                                        tmp_path: Path) -> None:
    from mmpp_desktop.core.engine import WrongFamilyError

    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    request = GenerationRequest(input_image=PHOTO, model=tiny_kit_sd15["single_file"], size=64, steps=2,
                                strength=1.0, controlnet=ControlNetSettings(tiny_kit_sdxl["controlnet_canny"]))
    with pytest.raises(WrongFamilyError, match="ControlNet"):
        engine.generate(request)
    single = _single_file_controlnet(tiny_kit_sdxl, tmp_path)
    with pytest.raises(WrongFamilyError, match="SD 1.5"):
        engine.generate(dataclasses.replace(request, controlnet=ControlNetSettings(str(single))))


def test_refusals_are_translatable_sentences_naming_the_files(tiny_kit_sd15: dict[str, Any],
                                                             tiny_kit_sdxl: dict[str, Any]) -> None:
    from mmpp_desktop.core.engine import WrongFamilyError
    from mmpp_desktop.core.engine.adapters import check_lora_family
    from mmpp_desktop.core.engine.loading import check_controlnet, cross_attention_width, describe_model
    from mmpp_desktop.core.text import Text

    width = cross_attention_width(describe_model(tiny_kit_sd15["base"]))
    with pytest.raises(WrongFamilyError) as controlnet:
        check_controlnet(tiny_kit_sdxl["controlnet_canny"], "sd15", width)
    message = controlnet.value.message
    assert isinstance(message, Text) and message.context == "engine.loading"
    assert message.template == "{name} is a ControlNet for {made_for}, but the model is {family}."
    made_for = message.params["made_for"]  # the tiny kit's width is no released family's: a phrase to translate
    assert isinstance(made_for, Text) and (made_for.context, made_for) == ("engine.loading", "another model family")
    assert message == (f"{Path(tiny_kit_sdxl['controlnet_canny']).name} is a ControlNet for another model family, "
                       "but the model is SD 1.5.")

    # A style is named as the user knows it, in a sentence of its own (not a glued subject phrase).
    with pytest.raises(WrongFamilyError) as style:
        check_lora_family(Path(tiny_kit_sdxl["loras"][0]), "sd15", name="Ink wash")
    assert style.value.message.template == 'The style "{name}" uses an {made_for} LoRA, but the model is {family}.'
    assert style.value.message == 'The style "Ink wash" uses an SDXL LoRA, but the model is SD 1.5.'
    with pytest.raises(WrongFamilyError) as file:
        check_lora_family(Path(tiny_kit_sdxl["loras"][0]), "sd15")
    assert file.value.message == f"The LoRA {Path(tiny_kit_sdxl['loras'][0]).name} is an SDXL LoRA, but the model is SD 1.5."


def test_real_controlnet_files_use_the_shipped_configs() -> None:
    from accelerate import init_empty_weights
    from diffusers import ControlNetModel

    for family, params in (("sd15", 361_279_120), ("sdxl", 1_251_014_160)):
        with init_empty_weights():
            model = ControlNetModel.from_config(ControlNetModel.load_config(CONFIGS_DIR / family / "controlnet"))
        assert sum(p.numel() for p in model.parameters()) == params


# ---- hostile model folders and add-ons are refused from their files, before the base loads ----

@pytest.mark.parametrize("component,value", [
    ("unet", ["mmpp_planted_module", "UNet2DConditionModel"]),  # a module planted on sys.path
    ("scheduler", ["os", "system"]),
    ("text_encoder", ["transformers", "AutoModel"]),  # a real library, but a class outside the allow-list
    ("vae", "mmpp_planted_module"),  # diffusers would unpack a two-letter string as (library, class)
    ("feature_extractor", ["mmpp_planted_module", None]),
])
def test_model_index_may_name_only_allow_listed_classes(component: str, value: Any, tiny_kit_sd15: dict[str, Any],
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    marker = tmp_path / "imported"
    planted = tmp_path / "site"
    planted.mkdir()
    (planted / "mmpp_planted_module.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).touch()\nUNet2DConditionModel = object\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(planted))
    hostile = tmp_path / "hostile"
    shutil.copytree(tiny_kit_sd15["base"], hostile)
    index = json.loads((hostile / "model_index.json").read_text(encoding="utf-8"))
    index[component] = value
    (hostile / "model_index.json").write_text(json.dumps(index), encoding="utf-8")
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    with pytest.raises(InvalidModelError, match=f"does not load.*{component}|{component}.*does not load"):
        engine.generate(GenerationRequest(input_image=PHOTO, model=str(hostile), size=64, steps=2, strength=1.0))
    with pytest.raises(InvalidModelError, match="only known diffusers and transformers classes"):
        detect_family(str(hostile))
    assert not marker.exists() and "mmpp_planted_module" not in sys.modules
    assert engine.base_loads == 0


def test_a_single_files_config_folder_is_held_to_the_same_allow_list(tiny_kit_sd15: dict[str, Any],
                                                                     tmp_path: Path) -> None:
    checkpoint = tmp_path / "custom.safetensors"
    shutil.copy(tiny_kit_sd15["single_file"], checkpoint)
    shutil.copytree(tiny_kit_sd15["single_file_config"], checkpoint.with_suffix(".config"))
    index_file = checkpoint.with_suffix(".config") / "model_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index_file.write_text(json.dumps({**index, "unet": ["subprocess", "Popen"]}), encoding="utf-8")
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    with pytest.raises(InvalidModelError, match="subprocess.Popen"):
        engine.generate(GenerationRequest(input_image=PHOTO, model=str(checkpoint), size=64, steps=2, strength=1.0))
    assert engine.base_loads == 0


def _ip_adapter_copy(kit: dict[str, Any], dest: Path) -> Path:
    shutil.copytree(kit["ip_adapter"], dest)
    return dest


@pytest.mark.parametrize("case,error,expected", [
    ("controlnet missing", ModelNotFoundError, "does not exist"),
    ("controlnet pickle", UnsafeFileError, "pickle"),
    ("controlnet is a lora", InvalidModelError, "not a ControlNet"),
    ("controlnet folder without config", InvalidModelError, "config.json"),
    ("controlnet folder of a vae", InvalidModelError, "AutoencoderKL"),
    ("controlnet folder without weights", InvalidModelError, "no ControlNet weights"),
    ("controlnet of the other family", "WrongFamilyError", "SD 1.5"),
    ("ip-adapter missing", ModelNotFoundError, "does not exist"),
    ("ip-adapter weights are a lora", InvalidModelError, "not an IP-Adapter"),
    ("ip-adapter without image encoder", InvalidModelError, "image encoder"),
    ("ip-adapter of the other family", "WrongFamilyError", "SD 1.5"),
    ("ip-adapter truncated", InvalidInputError, "truncated or corrupt"),
])
def test_bad_add_ons_are_refused_before_the_base_model_loads(case: str, error: Any, expected: str,
                                                             tiny_kit_sd15: dict[str, Any],
                                                             tiny_kit_sdxl: dict[str, Any], tmp_path: Path) -> None:
    from mmpp_desktop.core.engine import WrongFamilyError

    error = WrongFamilyError if error == "WrongFamilyError" else error
    controlnet = ip_adapter = None
    if case == "controlnet missing":
        controlnet = str(tmp_path / "missing-canny")
    elif case == "controlnet pickle":
        controlnet = str(_hostile_pickle(tmp_path / "canny.pth", tmp_path / "marker"))
    elif case == "controlnet is a lora":
        controlnet = tiny_kit_sd15["loras"][0]
    elif case.startswith("controlnet folder"):
        folder = tmp_path / "canny"
        shutil.copytree(tiny_kit_sd15["controlnet_canny"], folder)
        if case.endswith("without config"):
            (folder / "config.json").unlink()
        elif case.endswith("of a vae"):
            shutil.copy(Path(tiny_kit_sd15["base"]) / "vae" / "config.json", folder / "config.json")
        else:
            (folder / "diffusion_pytorch_model.safetensors").unlink()
        controlnet = str(folder)
    elif case == "controlnet of the other family":
        controlnet = tiny_kit_sdxl["controlnet_canny"]
    elif case == "ip-adapter missing":
        ip_adapter = str(tmp_path / "missing-ip")
    elif case == "ip-adapter of the other family":
        ip_adapter = str(_ip_adapter_copy(tiny_kit_sdxl, tmp_path / "ip"))
        # The SDXL adapter named as an SD 1.5 one, so only its tensor widths can tell.
        for weights in (Path(ip_adapter) / "models").glob("*.safetensors"):
            weights.rename(weights.with_name("ip-adapter_sd15.safetensors"))
    else:
        folder = _ip_adapter_copy(tiny_kit_sd15, tmp_path / "ip")
        weights = folder / "models" / "ip-adapter_sd15.safetensors"
        if case.endswith("are a lora"):
            shutil.copy(tiny_kit_sd15["loras"][0], weights)
        elif case.endswith("without image encoder"):
            shutil.rmtree(folder / "models" / "image_encoder")
        else:
            weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
        ip_adapter = str(folder)
    engine = Engine(EngineOptions(device="cpu"), cache_dir=tmp_path)
    request = GenerationRequest(
        input_image=PHOTO, model=tiny_kit_sd15["single_file"], size=64, steps=2, strength=1.0,
        controlnet=ControlNetSettings(controlnet) if controlnet else None,
        ip_adapter=IPAdapterSettings(ip_adapter, image=PHOTO) if ip_adapter else None)
    with pytest.raises(error, match=expected):
        engine.generate(request)
    assert engine.base_loads == 0  # judged from the files: no base model was loaded for nothing
    assert not (tmp_path / "marker").exists()
