"""Image metadata: A1111-exact `parameters`, full recipe round trip, foreign formats read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BAD_INPUTS
from PIL import Image, PngImagePlugin

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.metadata import (
    A1111_PARAM_RE,
    EXIF_IFD,
    EXIF_MAKER_NOTE,
    EXIF_USER_COMMENT,
    a1111_parameters,
    read_metadata,
    save_image_with_metadata,
)
from mmpp_desktop.core.types import GenerationRequest, StyleLora


def make_recipe(prompt: str = "portrait of a person, watercolor", negative: str = "blurry, lowres",
                seed: int = 7) -> dict:
    request = GenerationRequest(input_image="/photos/in.jpg", model="/models/dream.safetensors", prompt=prompt,
                                negative_prompt=negative, styles=(StyleLora("/l/ink.safetensors", 0.8, "ink"),),
                                strength=0.6, steps=4, guidance=1.5, scheduler="lcm", seed=seed)
    return {
        "app": "mmpp-desktop", "app_version": "0.1.0", "recipe_version": 1, "request": request.to_dict(),
        "family": "sd15",
        "model": {"path": "/models/dream.safetensors", "name": "dream", "sha256": "0123456789" + "a" * 54,
                  "autov2": "0123456789"},
        "loras": [{"name": "ink", "path": "/l/ink.safetensors", "sha256": "b" * 64, "autov2": "b" * 10,
                   "a1111_hash": "0123456789ab", "weight": 0.8},
                  {"name": "clay", "path": "/l/clay.safetensors", "sha256": "c" * 64, "autov2": "c" * 10,
                   "a1111_hash": "ba9876543210", "weight": 0.5}],
        "controlnet": None, "ip_adapter": None,
        "scheduler": {"name": "lcm", "class": "LCMScheduler", "label": "LCM"},
        "seed": seed, "steps": 4, "guidance": 1.5, "strength": 0.6, "width": 512, "height": 512,
        "versions": {"diffusers": "0.42.1"}, "device": "cpu", "dtype": "float32",
        "face": {"faces_found": 1, "face_box": None, "crop_box": [0, 0, 512, 512]},
    }


def test_a1111_parameters_exact_format() -> None:
    text = a1111_parameters(make_recipe())
    prompt, negative, params = text.split("\n")
    assert prompt == "portrait of a person, watercolor"
    assert negative == "Negative prompt: blurry, lowres"
    assert params.startswith(
        'Steps: 4, Sampler: LCM, CFG scale: 1.5, Seed: 7, Size: 512x512, Model hash: 0123456789, Model: dream, '
        'Denoising strength: 0.6, Lora hashes: "ink: 0123456789ab, clay: ba9876543210"')
    # A1111's own regex splits it into the same pairs.
    pairs = {key: value for key, value in A1111_PARAM_RE.findall(params)}
    assert pairs["Steps"] == "4" and pairs["Sampler"] == "LCM" and pairs["Size"] == "512x512"
    assert json.loads(pairs["Lora hashes"]) == "ink: 0123456789ab, clay: ba9876543210"


def test_empty_negative_has_no_line_and_odd_values_are_quoted() -> None:
    recipe = make_recipe(negative="")
    recipe["model"]["name"] = "weird, name: v2"
    recipe["loras"][0]["name"] = "Ink: v2, wet"
    text = a1111_parameters(recipe)
    assert 'Lora hashes: "Ink v2 wet: 0123456789ab, clay: ba9876543210"' in text
    assert "Negative prompt" not in text and len(text.split("\n")) == 2
    assert 'Model: "weird, name: v2"' in text
    pairs = dict(A1111_PARAM_RE.findall(text.split("\n")[-1]))
    assert json.loads(pairs["Model"]) == "weird, name: v2"


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".webp"])
def test_round_trip_own_recipe(tmp_path: Path, suffix: str) -> None:
    recipe = make_recipe(prompt="ünïcode prompt — 東京")
    path = tmp_path / f"out{suffix}"
    save_image_with_metadata(Image.new("RGB", (64, 48), "teal"), path, recipe)
    assert not list(tmp_path.glob(".*.part"))
    read = read_metadata(path)
    assert read.source == "mmpp"
    assert read.recipe == json.loads(json.dumps(recipe))
    assert read.prompt == "ünïcode prompt — 東京" and read.seed == 7 and read.sampler == "LCM"
    request = read.to_request("/new/photo.jpg")
    assert request.input_image == "/new/photo.jpg" and request.scheduler == "lcm" and request.steps == 4
    with Image.open(path) as image:
        if suffix == ".png":
            assert "parameters" in image.info and "mmpp_recipe" in image.info
        else:
            comment = image.getexif().get_ifd(EXIF_IFD)[EXIF_USER_COMMENT]
            assert comment.startswith(b"UNICODE\x00")
            assert comment[8:].decode("utf-16-be").startswith("ünïcode prompt")


def test_png_uses_text_chunk_when_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin.png"
    save_image_with_metadata(Image.new("RGB", (8, 8)), path, make_recipe(prompt="café portrait"))
    assert b"tEXtparameters\x00caf\xe9 portrait" in path.read_bytes()
    other = tmp_path / "wide.png"
    save_image_with_metadata(Image.new("RGB", (8, 8)), other, make_recipe(prompt="東京"))
    assert b"iTXtparameters" in other.read_bytes()


def test_unknown_suffix_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        save_image_with_metadata(Image.new("RGB", (8, 8)), tmp_path / "x.gif", make_recipe())


def _png_with_text(path: Path, **chunks: str) -> Path:
    info = PngImagePlugin.PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    Image.new("RGB", (16, 16)).save(path, pnginfo=info)
    return path


A1111_SAMPLE = (
    "masterpiece, a cat\nwearing a hat\nNegative prompt: ugly, (worst quality:1.2)\n"
    'Steps: 30, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567, Size: 768x512, Model hash: 6ce0161689, '
    'Model: v1-5-pruned-emaonly, Denoising strength: 0.45, Lora hashes: "cat_lora: 0123456789ab", Version: v1.9.4'
)


def test_reads_a1111(tmp_path: Path) -> None:
    read = read_metadata(_png_with_text(tmp_path / "a.png", parameters=A1111_SAMPLE))
    assert read.source == "a1111"
    assert read.prompt == "masterpiece, a cat\nwearing a hat"
    assert read.negative_prompt == "ugly, (worst quality:1.2)"
    assert (read.steps, read.guidance, read.seed, read.strength) == (30, 7.0, 1234567, 0.45)
    assert (read.width, read.height) == (768, 512)
    assert read.model_name == "v1-5-pruned-emaonly" and read.model_hash == "6ce0161689"
    assert read.loras == (("cat_lora", None),)
    request = read.to_request("/x.jpg")
    assert request.scheduler == "dpmpp" and request.size == 768 and request.seed == 1234567


def test_reads_a1111_from_jpeg_user_comment(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[EXIF_USER_COMMENT] = b"UNICODE\x00" + A1111_SAMPLE.encode("utf-16-be")
    path = tmp_path / "a.jpg"
    Image.new("RGB", (16, 16)).save(path, exif=exif)
    read = read_metadata(path)
    assert read.source == "a1111" and read.seed == 1234567


def test_reads_fooocus_json_scheme(tmp_path: Path) -> None:
    data = {"prompt": "a fox", "negative_prompt": "bad hands", "styles": "['Fooocus V2']",
            "performance": "Speed", "resolution": "(1152, 896)", "guidance_scale": 4.0, "sharpness": 2.0,
            "base_model": "juggernautXL_v8.safetensors", "sampler": "dpmpp_2m_sde_gpu", "scheduler": "karras",
            "seed": "987654321", "steps": 30, "lora_combined_1": "sd_xl_offset_example-lora_1.0.safetensors : 0.1",
            "version": "Fooocus v2.3.1"}
    path = _png_with_text(tmp_path / "f.png", parameters=json.dumps(data), fooocus_scheme="fooocus")
    read = read_metadata(path)
    assert read.source == "fooocus"
    assert (read.prompt, read.negative_prompt) == ("a fox", "bad hands")
    assert (read.width, read.height, read.seed, read.steps, read.guidance) == (1152, 896, 987654321, 30, 4.0)
    assert read.model_name == "juggernautXL_v8.safetensors"
    assert read.loras == (("sd_xl_offset_example-lora_1.0.safetensors", 0.1),)


def test_reads_fooocus_a1111_scheme_from_webp_exif(tmp_path: Path) -> None:
    text = ("a fox\nNegative prompt: bad hands\nSteps: 30, Sampler: DPM++ 2M SDE Karras, Seed: 42, "
            "Size: 1024x1024, Guidance scale: 4, Sharpness: 2, Version: Fooocus v2.3.1")
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[EXIF_USER_COMMENT] = b"UNICODE\x00" + text.encode("utf-16-be")
    exif[EXIF_MAKER_NOTE] = "a1111"
    path = tmp_path / "f.webp"
    Image.new("RGB", (16, 16)).save(path, exif=exif)
    read = read_metadata(path)
    assert read.source == "fooocus"
    assert (read.prompt, read.seed, read.guidance, read.width) == ("a fox", 42, 4.0, 1024)


def test_reads_invokeai(tmp_path: Path) -> None:
    data = {"generation_mode": "sd-1-img2img", "positive_prompt": "an owl", "negative_prompt": "noise",
            "width": 512, "height": 640, "seed": 3, "cfg_scale": 6.5, "steps": 25, "scheduler": "euler_a",
            "strength": 0.55, "model": {"key": "k1", "hash": "blake3:abcd", "name": "dreamshaper_8",
                                        "base": "sd-1", "type": "main"},
            "loras": [{"model": {"key": "k2", "name": "owl_style", "base": "sd-1"}, "weight": 0.75}]}
    read = read_metadata(_png_with_text(tmp_path / "i.png", invokeai_metadata=json.dumps(data)))
    assert read.source == "invokeai"
    assert (read.prompt, read.negative_prompt, read.seed, read.guidance) == ("an owl", "noise", 3, 6.5)
    assert (read.width, read.height, read.strength, read.model_name) == (512, 640, 0.55, "dreamshaper_8")
    assert read.loras == (("owl_style", 0.75),)
    assert read.to_request("/x.jpg").scheduler == "euler"


def test_reads_comfyui_following_links(tmp_path: Path) -> None:
    graph = {
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd15/dream.safetensors"}},
        "10": {"class_type": "LoraLoader", "inputs": {"lora_name": "ink.safetensors", "strength_model": 0.7,
                                                     "strength_clip": 0.7, "model": ["4", 0], "clip": ["4", 1]}},
        "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 768, "batch_size": 1}},
        "20": {"class_type": "PrimitiveString", "inputs": {"value": "a knight in ink"}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": ["20", 0], "clip": ["10", 1]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "watermark", "clip": ["10", 1]}},
        "3": {"class_type": "KSampler", "inputs": {"seed": 99, "steps": 12, "cfg": 5.5, "sampler_name": "euler",
                                                   "scheduler": "normal", "denoise": 1.0, "model": ["10", 0],
                                                   "positive": ["6", 0], "negative": ["7", 0],
                                                   "latent_image": ["5", 0]}},
        "9": {"class_type": "SaveImage", "inputs": {"images": ["8", 0]}},
    }
    read = read_metadata(_png_with_text(tmp_path / "c.png", prompt=json.dumps(graph), workflow="{}"))
    assert read.source == "comfyui"
    assert (read.prompt, read.negative_prompt) == ("a knight in ink", "watermark")
    assert (read.seed, read.steps, read.guidance, read.width, read.height) == (99, 12, 5.5, 512, 768)
    assert read.model_name == "sd15/dream.safetensors" and read.loras == (("ink.safetensors", 0.7),)


def test_prompt_chunk_that_is_no_comfyui_graph_falls_back_to_parameters(tmp_path: Path) -> None:
    path = _png_with_text(tmp_path / "x.png", prompt=json.dumps({"text": "not a graph"}), parameters=A1111_SAMPLE)
    assert read_metadata(path).source == "a1111"


def test_image_without_metadata_and_non_images_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(plain)
    with pytest.raises(InvalidInputError, match="no generation metadata"):
        read_metadata(plain)
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image at all")
    with pytest.raises(InvalidInputError, match="not a readable image"):
        read_metadata(junk)


@pytest.mark.parametrize("name", ["bomb-30000x30000.png", "empty.jpg", "not-an-image.png", "truncated.jpg"])
def test_bad_inputs_give_one_clear_error(name: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        read_metadata(BAD_INPUTS / name)
    assert name in caught.value.message and "\n" not in caught.value.message


def test_one_image_saved_from_two_threads_keeps_each_files_metadata(tmp_path: Path) -> None:
    """PIL keeps save options on the image object; concurrent saves (Save As beside the
    drag-out file) must not swap them."""
    import threading

    from PIL import Image

    from mmpp_desktop.core.metadata import read_metadata, save_image_with_metadata

    image = Image.new("RGB", (256, 256), (120, 80, 40))
    recipe = {"request": {"input_image": "in.png", "prompt": "ink portrait", "seed": 7}, "seed": 7}

    def save_many(suffix: str) -> None:
        for index in range(80):
            save_image_with_metadata(image, tmp_path / f"{suffix}-{index}.{suffix}", recipe)

    threads = [threading.Thread(target=save_many, args=(suffix,)) for suffix in ("png", "webp")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for path in sorted(tmp_path.iterdir()):
        assert read_metadata(path).recipe["request"]["prompt"] == "ink portrait", path.name
