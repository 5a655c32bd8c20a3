"""Style packs: round trip into a second data dir, and hostile or broken zips refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from test_styles_library import KOHYA_METADATA, write_lora

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.styles import StyleLibrary, StyleNotFoundError


def _exported_pack(tmp_path: Path) -> tuple[Path, StyleLibrary]:
    source = StyleLibrary(resolve_paths(tmp_path / "machine-a"))
    style = source.import_lora(write_lora(tmp_path / "ink.safetensors", metadata=KOHYA_METADATA), name="Ink")
    source.set_thumbnail("Ink", Image.new("RGB", (300, 200), "green"))
    source.save(source.get("Ink").with_changes(trigger_words=("inkwash",), negative_prompt="color"))
    assert style.loras
    return source.export_pack("Ink", tmp_path / "ink-pack.zip"), source


def test_pack_round_trip_into_second_data_dir(tmp_path: Path) -> None:
    pack, source = _exported_pack(tmp_path)
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "mmpp-style-pack" and manifest["schema_version"] == 1
    original = source.get("Ink")
    target = StyleLibrary(resolve_paths(tmp_path / "machine-b"))
    (imported,) = target.import_pack(pack)
    assert imported.name == "Ink" and imported.id != original.id
    assert imported.trigger_words == ("inkwash",) and imported.negative_prompt == "color"
    assert imported.family == original.family and imported.description == original.description
    assert imported.loras[0].sha256 == original.loras[0].sha256
    assert imported.loras[0].a1111_hash == original.loras[0].a1111_hash
    assert imported.loras[0].file.read_bytes() == original.loras[0].file.read_bytes()
    assert imported.loras[0].file.is_relative_to(target.root)
    assert len(imported.thumbnails) == 1 and imported.thumbnails[0].is_file()
    # Importing again never overwrites: the second copy is renamed and shares the LoRA file.
    (again,) = target.import_pack(pack)
    assert again.name == "Ink (2)" and len(list(target.loras_dir.iterdir())) == 1


def _rewrite(pack: Path, out: Path, change_manifest=None, extra: dict[str, bytes] | None = None,
             drop: str | None = None, replace: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename == drop:
                continue
            data = source.read(info)
            if info.filename == "manifest.json" and change_manifest is not None:
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
            data = (replace or {}).get(info.filename, data)
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out


def _library_state(library: StyleLibrary) -> tuple:
    return ([s.name for s in library.list()], sorted(str(p.relative_to(library.root))
                                                       for p in library.root.rglob("*")))


def test_hostile_and_broken_packs_are_refused(tmp_path: Path) -> None:
    pack, _ = _exported_pack(tmp_path)
    target = StyleLibrary(resolve_paths(tmp_path / "machine-b"))
    before = _library_state(target)

    def bump_schema(manifest: dict) -> None:
        manifest["schema_version"] = 99

    def bad_family(manifest: dict) -> None:
        manifest["styles"][0]["family"] = "sdxl"

    def escape_lora(manifest: dict) -> None:
        manifest["styles"][0]["loras"][0]["file"] = "../../evil.safetensors"

    def wrong_hash(manifest: dict) -> None:
        manifest["styles"][0]["loras"][0]["sha256"] = "0" * 64

    def no_name(manifest: dict) -> None:
        manifest["styles"][0]["name"] = ""

    lora_member = next(n for n in zipfile.ZipFile(pack).namelist() if n.startswith("loras/"))
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    cases = {
        "traversal": _rewrite(pack, tmp_path / "slip.zip", extra={"../../outside.txt": b"pwned"}),
        "absolute": _rewrite(pack, tmp_path / "abs.zip", extra={"/etc/evil": b"pwned"}),
        "backslash": _rewrite(pack, tmp_path / "bs.zip", extra={"..\\evil": b"pwned"}),
        "schema": _rewrite(pack, tmp_path / "schema.zip", change_manifest=bump_schema),
        "family": _rewrite(pack, tmp_path / "family.zip", change_manifest=bad_family),
        "escape": _rewrite(pack, tmp_path / "escape.zip", change_manifest=escape_lora),
        "hash": _rewrite(pack, tmp_path / "hash.zip", change_manifest=wrong_hash),
        "name": _rewrite(pack, tmp_path / "name.zip", change_manifest=no_name),
        "tampered": _rewrite(pack, tmp_path / "tampered.zip",
                             replace={lora_member: zipfile.ZipFile(pack).read(lora_member)[:-4] + b"evil"}),
        "missing": _rewrite(pack, tmp_path / "missing.zip", drop=lora_member),
        "no manifest": _rewrite(pack, tmp_path / "nomanifest.zip", drop="manifest.json"),
        "bad json": _rewrite(pack, tmp_path / "badjson.zip", replace={"manifest.json": b"{nope"}),
        "junk": junk,
    }
    for label, path in cases.items():
        with pytest.raises(InvalidInputError) as caught:
            target.import_pack(path)
        assert "\n" not in caught.value.message, label
        assert _library_state(target) == before, label
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path / "evil.safetensors").exists()
    with pytest.raises(InvalidInputError, match="unsafe path"):
        target.import_pack(cases["traversal"])


def test_export_needs_zip_suffix_and_existing_style(tmp_path: Path) -> None:
    library = StyleLibrary(resolve_paths())
    with pytest.raises(InvalidInputError):
        library.export_pack("Watercolor", tmp_path / "pack.tar")
    with pytest.raises(StyleNotFoundError):
        library.export_pack("No Such Style", tmp_path / "pack.zip")
    # A prompt-only built-in exports and imports as a user style.
    pack = library.export_pack("Watercolor", tmp_path / "watercolor.zip")
    (imported,) = StyleLibrary(resolve_paths(tmp_path / "other")).import_pack(pack)
    assert imported.name == "Watercolor (2)" and not imported.builtin and imported.loras == ()


def test_oversized_members_are_refused_before_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sizes are checked from the zip directory, so a zip bomb is refused before it is unpacked."""
    from mmpp_desktop.core.styles import packs

    pack, _ = _exported_pack(tmp_path)
    target = StyleLibrary(resolve_paths(tmp_path / "machine-b"))
    monkeypatch.setattr(packs, "MAX_LORA_BYTES", 1000)
    with pytest.raises(InvalidInputError, match="larger than"):
        target.import_pack(pack)
    monkeypatch.setattr(packs, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(InvalidInputError, match="would unpack"):
        target.import_pack(pack)
    monkeypatch.setattr(packs, "MAX_MEMBERS", 1)
    with pytest.raises(InvalidInputError, match="too many files"):
        target.import_pack(pack)
    assert [s for s in target.list() if not s.builtin] == []


def _pack_with_manifest(out: Path, manifest: bytes | str, extra: list[tuple[str, bytes]] = ()) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", manifest)
        for name, data in extra:
            archive.writestr(name, data)
    return out


def test_pack_limits_each_refused_with_a_clear_message(tmp_path: Path) -> None:
    pack, _ = _exported_pack(tmp_path)
    target = StyleLibrary(resolve_paths(tmp_path / "machine-b"))
    before = _library_state(target)
    manifest = json.loads(zipfile.ZipFile(pack).read("manifest.json"))
    prompt_only = {**manifest["styles"][0], "loras": [], "thumbnails": [], "family": "any"}
    many = {**manifest, "styles": [{**prompt_only, "name": f"S{n}"} for n in range(1001)]}
    deep = '{"format": "mmpp-style-pack", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name it is asked to write
        duplicate_manifest = _pack_with_manifest(tmp_path / "dup-manifest.zip", json.dumps(manifest),
                                                 [("manifest.json", json.dumps({**manifest, "styles": []}).encode())])
        duplicate_member = _rewrite(pack, tmp_path / "dup-member.zip",
                                    extra={"thumbnails/0-0.png": b"second copy"})
    cases = {
        "1,000 styles": (_pack_with_manifest(tmp_path / "many.zip", json.dumps(many)), "at most 1000"),
        "nested": (_pack_with_manifest(tmp_path / "deep.zip", deep), "nested more than"),
        "duplicate manifest.json": (duplicate_manifest, "'manifest.json' twice"),
        "duplicate member": (duplicate_member, "'thumbnails/0-0.png' twice"),
    }
    for label, (path, message) in cases.items():
        with pytest.raises(InvalidInputError, match=message) as caught:
            target.import_pack(path)
        assert "\n" not in caught.value.message, label
        assert _library_state(target) == before, label
    # Exactly 1,000 is still fine.
    (_pack_with_manifest(tmp_path / "max.zip", json.dumps({**many, "styles": many["styles"][:1000]})))
    assert len(target.import_pack(tmp_path / "max.zip")) == 1000


def test_wrong_hash_is_refused_before_any_byte_is_staged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The member is hashed while it streams; a mismatch never reaches the staging folder."""
    from mmpp_desktop.core.styles import packs

    pack, _ = _exported_pack(tmp_path)
    lora_member = next(n for n in zipfile.ZipFile(pack).namelist() if n.startswith("loras/"))
    original = zipfile.ZipFile(pack).read(lora_member)
    tampered = _rewrite(pack, tmp_path / "tampered.zip", replace={lora_member: original[:-4] + b"evil"})
    target = StyleLibrary(resolve_paths(tmp_path / "machine-b"))
    opened: list[Path] = []
    real_open = Path.open

    def watching_open(self: Path, mode: str = "r", *args, **kwargs):
        if "w" in mode and self.is_relative_to(target.staging.root):
            opened.append(self)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", watching_open)
    with pytest.raises(InvalidInputError, match="does not match its hash"):
        target.import_pack(tampered)
    assert opened == []
    (imported,) = target.import_pack(pack)  # the good pack still streams into staging
    assert len(opened) == 1 and imported.loras[0].file.read_bytes() == original
    assert packs.MAX_LORA_BYTES < 4 * 1024**3 and packs.MAX_TOTAL_BYTES < 16 * 1024**3


def test_a_refused_pack_carries_its_template_for_the_window(tmp_path: Path) -> None:
    from mmpp_desktop.core.text import Text

    future = _pack_with_manifest(tmp_path / "future.zip", json.dumps(
        {"format": "mmpp-style-pack", "schema_version": 2, "styles": []}))
    with pytest.raises(InvalidInputError) as refused:
        StyleLibrary(resolve_paths(tmp_path / "machine-b")).import_pack(future)
    message = refused.value.message
    assert isinstance(message, Text) and message.context == "styles.packs"
    assert message.template == "{label} was made by a newer version of the app; update to import it."
    assert dict(message.params) == {"label": "future.zip"}
    assert message == "future.zip was made by a newer version of the app; update to import it."
