"""Style library on real SQLite and real safetensors LoRA files written here."""

from __future__ import annotations

import dataclasses
import json
import struct
from pathlib import Path

import pytest
import torch
from conftest import BAD_INPUTS
from PIL import Image
from safetensors.torch import save_file

from mmpp_desktop.core.errors import InvalidInputError, UnsafeFileError
from mmpp_desktop.core.lora_files import a1111_lora_hash, sha256_file
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import (
    DuplicateStyleError,
    ReadOnlyStyleError,
    Style,
    StyleLibrary,
    StyleNameError,
    StyleNotFoundError,
    compose_prompt,
    parse_style_spec,
)


def write_lora(path: Path, layout: str = "kohya", family: str = "sd15", metadata: dict[str, str] | None = None,
               rank: int = 4, seed: int = 0) -> Path:
    """A small but real LoRA in kohya or diffusers naming, SD 1.5 (768) or SDXL (2048) widths."""
    generator = torch.Generator().manual_seed(seed)
    width = 2048 if family == "sdxl" else 768
    tensors: dict[str, torch.Tensor] = {}
    if layout == "kohya":
        block = "lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k" if family == "sdxl" else (
            "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k")
        tensors[f"{block}.lora_down.weight"] = torch.randn(rank, width, generator=generator)
        tensors[f"{block}.lora_up.weight"] = torch.randn(320, rank, generator=generator)
        tensors[f"{block}.alpha"] = torch.tensor(float(rank))
        if family == "sdxl":
            te = "lora_te2_text_model_encoder_layers_0_self_attn_q_proj"
            tensors[f"{te}.lora_down.weight"] = torch.randn(rank, 1280, generator=generator)
            tensors[f"{te}.lora_up.weight"] = torch.randn(1280, rank, generator=generator)
    else:
        block = "unet.down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k" if family == "sdxl" else (
            "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k")
        tensors[f"{block}.lora_A.weight"] = torch.randn(rank, width, generator=generator)
        tensors[f"{block}.lora_B.weight"] = torch.randn(320, rank, generator=generator)
    save_file(tensors, str(path), metadata=metadata)
    return path


KOHYA_METADATA = {
    "ss_output_name": "inkwash_v2",
    "ss_base_model_version": "sd_v1",
    "ss_tag_frequency": json.dumps({"10_inkwash": {"inkwash": 40, "portrait": 12, "1girl": 30, "smile": 3},
                                    "5_extra": {"portrait": 25}}),
    "modelspec.tags": "ink, traditional",
}


@pytest.fixture
def library() -> StyleLibrary:
    return StyleLibrary(resolve_paths())


def test_builtins_are_listed_and_read_only(library: StyleLibrary) -> None:
    names = {style.name for style in library.list()}
    assert {"Watercolor", "Anime", "Oil Painting", "Pixel Art", "3D Clay", "Comic", "Pencil Sketch"} <= names
    watercolor = library.get("watercolor")
    assert watercolor.builtin and watercolor.family == "any" and "{prompt}" in watercolor.prompt_template
    with pytest.raises(ReadOnlyStyleError):
        library.delete("Watercolor")
    edited = library.save(watercolor.with_changes(negative_prompt="photo"))
    assert not edited.builtin and edited.name == "Watercolor (2)" and edited.negative_prompt == "photo"
    assert library.get("Watercolor").builtin and library.get("Watercolor (2)").id == edited.id


def test_import_kohya_lora_with_metadata_sidecar_and_preview(library: StyleLibrary, tmp_path: Path) -> None:
    lora = write_lora(tmp_path / "inkwash.safetensors", metadata=KOHYA_METADATA)
    (tmp_path / "inkwash.json").write_text(json.dumps({
        "description": "Sumi-e ink wash", "activation text": "inkwash, ink painting", "preferred weight": 0.7,
        "negative text": "color", "notes": "works best at 0.6-0.8", "sd version": "SD1"}))
    Image.new("RGB", (640, 480), "navy").save(tmp_path / "inkwash.preview.png")
    style = library.import_lora(lora)
    assert style.name == "inkwash_v2" and style.family == "sd15" and not style.builtin
    assert style.trigger_words == ("inkwash", "ink painting")
    assert style.negative_prompt == "color" and "Sumi-e" in style.description and "0.6-0.8" in style.description
    assert style.tags == ("ink", "traditional")
    (entry,) = style.loras
    assert entry.default_weight == 0.7 and entry.in_library
    assert entry.file.parent == library.loras_dir and entry.file.read_bytes() == lora.read_bytes()
    assert entry.sha256 == sha256_file(lora) and entry.autov2 == entry.sha256[:10]
    assert entry.a1111_hash == a1111_lora_hash(lora) and len(entry.a1111_hash) == 12
    (thumbnail,) = style.thumbnails
    with Image.open(thumbnail) as image:
        assert max(image.size) == 256
    assert library.get("INKWASH_V2") == style


def test_trigger_words_from_tag_frequency_without_sidecar(library: StyleLibrary, tmp_path: Path) -> None:
    style = library.import_lora(write_lora(tmp_path / "ink.safetensors", metadata=KOHYA_METADATA))
    assert style.trigger_words == ("inkwash", "portrait", "1girl")  # 40, 12 + 25, 30


@pytest.mark.parametrize(("layout", "family"), [("kohya", "sd15"), ("diffusers", "sd15"), ("kohya", "sdxl"),
                                                ("diffusers", "sdxl")])
def test_import_detects_family_from_tensors(library: StyleLibrary, tmp_path: Path, layout: str,
                                            family: str) -> None:
    style = library.import_lora(write_lora(tmp_path / f"{layout}-{family}.safetensors", layout, family),
                                name=f"My {layout} {family}")
    assert style.family == family and style.name == f"My {layout} {family}"
    assert [s.name for s in library.list(family=family) if not s.builtin] == [style.name]


def test_same_file_twice_is_detected_by_hash(library: StyleLibrary, tmp_path: Path) -> None:
    first = library.import_lora(write_lora(tmp_path / "a.safetensors"))
    renamed_copy = tmp_path / "renamed.safetensors"
    renamed_copy.write_bytes((tmp_path / "a.safetensors").read_bytes())
    with pytest.raises(DuplicateStyleError) as caught:
        library.import_lora(renamed_copy)
    assert caught.value.existing.id == first.id
    assert len([s for s in library.list() if not s.builtin]) == 1


def test_reference_in_place(library: StyleLibrary, tmp_path: Path) -> None:
    lora = write_lora(tmp_path / "external.safetensors")
    style = library.import_lora(lora, copy=False)
    assert style.loras[0].file == lora.resolve() and not style.loras[0].in_library
    assert list(library.loras_dir.iterdir()) == []
    assert StyleLibrary(resolve_paths()).get(style.name).loras[0].file == lora.resolve()


def _write_header(path: Path, header: bytes, declared: int | None = None, tail: bytes = b"") -> Path:
    path.write_bytes(struct.pack("<Q", len(header) if declared is None else declared) + header + tail)
    return path


def test_bad_files_are_refused_and_leave_the_library_alone(library: StyleLibrary, tmp_path: Path) -> None:
    before = (library.list(), sorted(p.name for p in library.root.rglob("*")))
    bad = [
        BAD_INPUTS / "truncated.safetensors",
        _write_header(tmp_path / "huge.safetensors", b"{}", declared=2**60),
        _write_header(tmp_path / "json.safetensors", b"{not json"),
        _write_header(tmp_path / "list.safetensors", b"[1, 2]"),
        _write_header(tmp_path / "past.safetensors",
                      json.dumps({"lora_unet_x.lora_down.weight": {"dtype": "F32", "shape": [4, 768],
                                                                   "data_offsets": [0, 12288]}}).encode()),
        write_lora(tmp_path / "model.safetensors").with_name("model.safetensors"),
    ]
    save_file({"conv_in.weight": torch.zeros(4, 4)}, str(bad[-1]))  # a checkpoint, not a LoRA
    for path in bad:
        with pytest.raises(InvalidInputError):
            library.import_lora(path)
    with pytest.raises(UnsafeFileError):
        library.import_lora(BAD_INPUTS / "pickle-checkpoint.ckpt")
    with pytest.raises(InvalidInputError):
        library.import_lora(tmp_path / "missing.safetensors")
    assert (library.list(), sorted(p.name for p in library.root.rglob("*"))) == before


def test_edit_rename_duplicate_trash_restore(library: StyleLibrary, tmp_path: Path) -> None:
    style = library.import_lora(write_lora(tmp_path / "a.safetensors"), name="Ink")
    style = library.set_thumbnail("Ink", Image.new("RGB", (400, 300), "red"))
    saved = library.save(style.with_changes(trigger_words=("inky",), prompt_template="ink art of {prompt}"))
    assert library.get("Ink").trigger_words == ("inky",) and saved.id == style.id
    reweighted = library.save(saved.with_changes(loras=(dataclasses.replace(saved.loras[0], default_weight=0.45),)))
    assert StyleLibrary(resolve_paths()).get("Ink").loras[0].default_weight == 0.45 == reweighted.loras[0].default_weight
    renamed = library.rename("Ink", "Ink Wash")
    with pytest.raises(StyleNotFoundError):
        library.get("Ink")
    copy = library.duplicate("Ink Wash")
    assert copy.name == "Ink Wash copy" and copy.id != renamed.id and copy.loras == renamed.loras
    assert copy.thumbnails[0].parent.name == copy.id and copy.thumbnails[0].is_file()
    with pytest.raises(StyleNameError):
        library.rename("Ink Wash copy", "ink wash")
    with pytest.raises(StyleNameError):
        library.rename("Ink Wash copy", "   ")
    library.delete("Ink Wash")
    assert (library.trash_dir / renamed.id).is_dir() and not (library.items_dir / renamed.id).exists()
    assert [s.name for s in library.list_trash()] == ["Ink Wash"]
    assert renamed.loras[0].file.is_file()  # the shared LoRA stays while a (trashed) style uses it
    library.save(copy.with_changes(name="Ink Wash"))  # the name is free again...
    restored = library.restore("Ink Wash")  # ...so the restored one is renamed, not overwriting
    assert restored.name == "Ink Wash (2)" and restored.thumbnails[0].is_file()
    library.delete("Ink Wash (2)")
    library.delete("Ink Wash")
    assert library.empty_trash() == 2
    assert list(library.loras_dir.iterdir()) == [] and list(library.trash_dir.iterdir()) == []


def test_repair_after_crash_leftovers(library: StyleLibrary, tmp_path: Path) -> None:
    style = library.import_lora(write_lora(tmp_path / "a.safetensors"), name="Keep")
    (library.items_dir / "deadbeef").mkdir()
    (library.loras_dir / ("f" * 64 + ".safetensors")).write_bytes(b"orphan")
    (library.staging.root / "999999999-x").mkdir()
    (library.items_dir / style.id / ".thumb.png.x.part").write_bytes(b"half")
    reopened = StyleLibrary(resolve_paths())
    assert not (library.items_dir / "deadbeef").exists() and not (library.staging.root / "999999999-x").exists()
    assert [p.name for p in reopened.loras_dir.iterdir()] == [f"{style.loras[0].sha256}.safetensors"]
    assert list((library.items_dir / style.id).iterdir()) == []
    assert reopened.get("Keep").loras == style.loras


def test_list_filters(library: StyleLibrary, tmp_path: Path) -> None:
    library.import_lora(write_lora(tmp_path / "x.safetensors", family="sdxl"), name="XL Ink")
    assert "XL Ink" not in {s.name for s in library.list(family="sd15")}
    assert "Watercolor" in {s.name for s in library.list(family="sdxl")}  # prompt-only fits every family
    assert [s.name for s in library.list(tag="monochrome")] == ["Pencil Sketch"]
    assert [s.name for s in library.list(search="graphite")] == ["Pencil Sketch"]


def test_compose_prompt(library: StyleLibrary, tmp_path: Path) -> None:
    ink = library.import_lora(write_lora(tmp_path / "ink.safetensors", metadata=KOHYA_METADATA), name="Ink")
    ink = library.save(ink.with_changes(trigger_words=("inkwash", "sumi-e"), negative_prompt="color, Blurry"))
    watercolor = library.get("Watercolor")
    prompt, negative, loras = compose_prompt([(watercolor, 1.0), (ink, 0.5)], "a man with a hat", "blurry")
    assert prompt.startswith("inkwash, sumi-e, watercolor painting of a man with a hat, soft wet washes")
    assert negative.split(", ")[0] == "blurry" and "color, Blurry" in negative
    assert negative.startswith("blurry, photo, photorealistic")
    assert loras == (type(loras[0])(path=str(ink.loras[0].file), weight=0.5, name="Ink"),)
    already = compose_prompt([(ink, 1.0)], "an inkwash portrait", "")[0]
    assert already == "sumi-e, an inkwash portrait"
    plain = Style(id="x", name="Suffix", prompt_template="highly detailed")
    assert compose_prompt([(plain, 1.0)], "cat", "") == ("cat, highly detailed", "", ())


def test_parse_style_spec() -> None:
    assert parse_style_spec("Ink") == ("Ink", 1.0)
    assert parse_style_spec("Ink:0.6") == ("Ink", 0.6)
    assert parse_style_spec("Ink: v2") == ("Ink: v2", 1.0)
    assert parse_style_spec("Ink: v2:-0.5") == ("Ink: v2", -0.5)
    for bad in (":0.5", "Ink:9"):
        with pytest.raises(InvalidInputError):
            parse_style_spec(bad)


@pytest.mark.parametrize(("metadata", "family"), [
    ({"ss_base_model_version": "sdxl_base_v1-0"}, "sdxl"),
    ({"modelspec.architecture": "stable-diffusion-xl-v1-base/lora"}, "sdxl"),
    ({"ss_sd_model_name": "sd_xl_base_1.0.safetensors"}, "sdxl"),
    ({"ss_base_model_version": "sd_v1"}, "sd15"),
    ({"ss_sd_model_name": "pixel-art-v1-5-pruned.safetensors"}, "sd15"),  # "xl" inside a word is no SDXL
    ({"ss_sd_model_name": "pixelmix.safetensors"}, None),  # nothing precise: the tensor shapes decide
])
def test_family_from_kohya_metadata_needs_a_precise_name(metadata: dict[str, str], family: str | None) -> None:
    from mmpp_desktop.core.lora_files import SafetensorsHeader, detect_lora_family

    assert detect_lora_family(SafetensorsHeader(tensors={}, metadata=metadata, header_size=0)) == family


def test_refusals_are_translatable_templates_named_by_their_module(library: StyleLibrary) -> None:
    """The window looks a refusal up by context and template; the values stay file and style names."""
    from mmpp_desktop.core.lora_files import family_title
    from mmpp_desktop.core.styles.model import style_from_dict
    from mmpp_desktop.core.text import Text

    with pytest.raises(UnsafeFileError) as pickled:
        library.import_lora(BAD_INPUTS / "pickle-checkpoint.ckpt")
    message = pickled.value.message
    assert isinstance(message, Text) and message.context == "lora_files"
    assert message.params == {"name": "pickle-checkpoint.ckpt", "suffix": ".ckpt"}
    assert message.startswith("pickle-checkpoint.ckpt is a pickle file (.ckpt), which can run code")
    with pytest.raises(StyleNotFoundError) as missing:
        library.get("No Such Style")
    assert (missing.value.message.context, missing.value.message.template) == (
        "styles.library", "There is no style named {name!r}.")
    assert missing.value.message == "There is no style named 'No Such Style'."
    # Each recommended setting has its own whole sentence, so the field name is translated with it.
    with pytest.raises(InvalidInputError) as steps:
        style_from_dict({"name": "Slow", "recommended": {"steps": 500}}, id="slow")
    assert steps.value.message == "Recommended steps must be a number from 1 to 200."
    assert (steps.value.message.context, dict(steps.value.message.params)) == ("styles.model", {"low": 1, "high": 200})
    # A family nobody could tell is a word for people; product names stay as they are.
    unknown = family_title(None)
    assert isinstance(unknown, Text) and (unknown, unknown.context) == ("unknown", "lora_files")
    assert family_title("sdxl") == "SDXL" and not isinstance(family_title("sdxl"), Text)
