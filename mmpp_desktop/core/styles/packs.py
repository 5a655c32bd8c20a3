"""Style packs: one `.zip` with a manifest, LoRA files and thumbnails, safe to receive.

Reading trusts nothing in the zip: member paths (zip-slip), duplicate names, counts and
sizes (zip bombs), the manifest's nesting depth and schema, the number of styles, and every
LoRA's SHA-256 are checked before the library changes. A LoRA is hashed while it streams
out of the zip and written to staging only once that hash matched, so a wrong or altered
member costs no disk space.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from PIL import Image

from mmpp_desktop import __version__
from mmpp_desktop.core.atomic import atomic_write
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.lora_files import inspect_lora
from mmpp_desktop.core.styles.lora_import import make_thumbnail
from mmpp_desktop.core.styles.model import Style, lora_entry_to_dict, style_to_dict
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

PACK_FORMAT = "mmpp-style-pack"
PACK_SCHEMA_VERSION = 1
MANIFEST_NAME = "manifest.json"
MAX_MEMBERS = 512
MAX_STYLES = 1000
MAX_MANIFEST_BYTES = 1024 * 1024
# A real manifest nests 4 levels (object, styles list, style, loras list, entry); json.loads
# recurses per level, so a deeply nested one would hit RecursionError instead of a message.
MAX_MANIFEST_DEPTH = 16
MAX_THUMBNAIL_BYTES = 20 * 1024 * 1024
MAX_LORA_BYTES = 2 * 1024**3  # the largest real SDXL LoRAs are below 1.8 GB
MAX_TOTAL_BYTES = 8 * 1024**3
_CHUNK_BYTES = 1024 * 1024
_LORA_MEMBER = re.compile(r"loras/[0-9a-f]{64}\.safetensors")
_THUMB_MEMBER = re.compile(r"thumbnails/[A-Za-z0-9_-]{1,64}\.png")


@dataclass(frozen=True)
class PackedStyle:
    """One validated style from a pack: its JSON, staged LoRA files and thumbnail images."""

    data: dict[str, Any]
    loras: tuple[tuple[dict[str, Any], Path], ...]
    thumbnails: tuple[Image.Image, ...]


def write_pack(styles: list[Style], out: Path) -> Path:
    """Write the styles, their LoRA files and thumbnails into `out` (atomically)."""
    manifest_styles = []
    members: dict[str, Path] = {}
    for index, style in enumerate(styles):
        loras = []
        for entry in style.loras:
            if not entry.file.is_file():
                raise InvalidInputError(QT_TRANSLATE_NOOP(
                    "styles.packs", "The LoRA file of style {name!r} is missing: {path}.").format(
                    name=style.name, path=entry.file))
            member = f"loras/{entry.sha256}.safetensors"
            members[member] = entry.file
            loras.append({**lora_entry_to_dict(entry), "file": member, "in_library": True})
        thumbnails = []
        for position, thumbnail in enumerate(path for path in style.thumbnails if path.is_file()):
            member = f"thumbnails/{index}-{position}.png"
            members[member] = thumbnail
            thumbnails.append(member)
        manifest_styles.append({**style_to_dict(style), "loras": loras, "thumbnails": thumbnails})
    manifest = {"format": PACK_FORMAT, "schema_version": PACK_SCHEMA_VERSION, "app_version": __version__,
                "styles": manifest_styles}

    def write(stream: BinaryIO) -> None:
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False))
            for member, source in members.items():
                archive.write(source, member)

    out = Path(out)
    atomic_write(out, write)
    return out


def read_pack(zip_path: Path, staging: Path) -> list[PackedStyle]:
    """Validate `zip_path` completely, extracting LoRA files into `staging`; raise on anything wrong."""
    zip_path = Path(zip_path)
    if not zip_path.is_file() or not zipfile.is_zipfile(zip_path):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is not a style pack (not a zip file).").format(label=zip_path.name))
    try:
        with zipfile.ZipFile(zip_path) as archive:
            return _read_archive(archive, zip_path.name, staging)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is a damaged style pack ({reason}).").format(
            label=zip_path.name, reason=error)) from error


def _read_archive(archive: zipfile.ZipFile, label: str, staging: Path) -> list[PackedStyle]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} holds too many files to be a style pack.").format(label=label))
    for info in infos:
        if not _safe_member(info.filename):
            raise InvalidInputError(QT_TRANSLATE_NOOP(
                "styles.packs", "{label} is refused: it contains an unsafe path ({member!r}).").format(
                label=label, member=info.filename))
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        # Two members of one name: which one a reader takes differs between tools, so refuse.
        if info.filename in by_name:
            raise InvalidInputError(QT_TRANSLATE_NOOP(
                "styles.packs", "{label} is refused: it contains {member!r} twice.").format(
                label=label, member=info.filename))
        by_name[info.filename] = info
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is refused: it would unpack to more than {limit:g} GB.").format(
            label=label, limit=_gigabytes(MAX_TOTAL_BYTES)))
    manifest = _read_manifest(archive, by_name, label)
    styles = []
    for data in manifest["styles"]:
        if not isinstance(data, dict):
            raise InvalidInputError(QT_TRANSLATE_NOOP(
                "styles.packs", "{label} has a malformed manifest (a style is not an object).").format(
                label=label))
        loras = tuple((entry, _extract_lora(archive, by_name, entry, data, staging, label))
                      for entry in _list_field(data, "loras", label))
        thumbnails = tuple(_read_thumbnail(archive, by_name, member, label)
                           for member in _list_field(data, "thumbnails", label))
        styles.append(PackedStyle(data=data, loras=loras, thumbnails=thumbnails))
    return styles


def _safe_member(name: str) -> bool:
    """Relative, forward-slash, no `..`, no drive letters: nothing that can land outside."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return False
    parts = name.removesuffix("/").split("/")
    return all(part not in ("", ".", "..") for part in parts)


def _read_manifest(archive: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], label: str) -> dict[str, Any]:
    info = by_name.get(MANIFEST_NAME)
    if info is None:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is not a style pack (no {manifest}).").format(
            label=label, manifest=MANIFEST_NAME))
    if info.file_size > MAX_MANIFEST_BYTES:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} has an oversized manifest.").format(label=label))
    try:
        text = archive.read(info).decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} has a malformed manifest (not UTF-8 text).").format(
            label=label)) from error
    if _nesting_depth(text) > MAX_MANIFEST_DEPTH:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} has a malformed manifest (nested more than {limit} levels).").format(
            label=label, limit=MAX_MANIFEST_DEPTH))
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} has a malformed manifest (not valid JSON).").format(
            label=label)) from error
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is not an MMPP style pack.").format(label=label))
    version = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} has a malformed manifest (no schema version).").format(label=label))
    if version > PACK_SCHEMA_VERSION:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} was made by a newer version of the app; update to import it.").format(
            label=label))
    if not isinstance(manifest.get("styles"), list) or not manifest["styles"]:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} contains no styles.").format(label=label))
    if len(manifest["styles"]) > MAX_STYLES:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is refused: it holds {count} styles; "
                            "a pack may hold at most {limit}.").format(
            label=label, count=len(manifest["styles"]), limit=MAX_STYLES))
    return manifest


def _nesting_depth(text: str) -> int:
    """The deepest bracket nesting of JSON text, counting only brackets outside strings."""
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", re.sub(r'"(?:[^"\\]|\\.)*"', "", text)):
        depth = depth + 1 if bracket in "[{" else depth - 1
        deepest = max(deepest, depth)
    return deepest


def _gigabytes(size: int) -> float:
    return size / 1024**3


def _list_field(data: dict[str, Any], key: str, label: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} has a malformed manifest ({key!r} is not a list).").format(
            label=label, key=key))
    return value


def _extract_lora(archive: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], entry: Any,
                  style: dict[str, Any], staging: Path, label: str) -> Path:
    if not isinstance(entry, dict):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} has a malformed manifest (a LoRA entry is not an object).").format(
            label=label))
    member, sha = str(entry.get("file", "")), str(entry.get("sha256", ""))
    if not _LORA_MEMBER.fullmatch(member) or member != f"loras/{sha}.safetensors" or member not in by_name:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} refers to a LoRA file it does not contain ({member!r}).").format(
            label=label, member=member))
    info = by_name[member]
    if info.file_size > MAX_LORA_BYTES:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is refused: a LoRA file in it is larger than {limit:g} GB.").format(
            label=label, limit=_gigabytes(MAX_LORA_BYTES)))
    target = staging / f"{sha}.safetensors"
    if not target.exists():
        mismatch = InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is damaged or was altered: a LoRA file does not match its hash.").format(
            label=label))
        # First pass: hash only, so a wrong member is refused before a byte of it is written.
        if _stream_member(archive, info) != sha:
            raise mismatch
        # Second pass: write, hashing again, because the zip file could change between passes.
        try:
            with target.open("wb") as sink:
                if _stream_member(archive, info, sink) != sha:
                    raise mismatch
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    family = inspect_lora(target).family
    if family != style.get("family"):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label}: style {name!r} says {family} "
                            "but its LoRA is for {lora_family}.").format(
            label=label, name=style.get("name"), family=style.get("family"), lora_family=family))
    return target


def _stream_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, sink: BinaryIO | None = None) -> str:
    """The SHA-256 of a member, read in chunks (and copied to `sink` when given)."""
    digest = hashlib.sha256()
    with archive.open(info) as source:
        while chunk := source.read(_CHUNK_BYTES):
            digest.update(chunk)
            if sink is not None:
                sink.write(chunk)
    return digest.hexdigest()


def _read_thumbnail(archive: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], member: Any,
                    label: str) -> Image.Image:
    if not isinstance(member, str) or not _THUMB_MEMBER.fullmatch(member) or member not in by_name:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} refers to a thumbnail it does not contain ({member!r}).").format(
            label=label, member=member))
    if by_name[member].file_size > MAX_THUMBNAIL_BYTES:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} is refused: a thumbnail in it is too large.").format(label=label))
    try:
        with archive.open(by_name[member]) as stream, Image.open(stream) as image:
            return make_thumbnail(image)
    except (OSError, Image.DecompressionBombError, ValueError) as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "styles.packs", "{label} contains a thumbnail that is not a readable image.").format(
            label=label)) from error


def copy_file(source: Path, target: Path) -> None:
    """Copy with fsync and rename, so a crash never leaves half a LoRA in the library."""
    with Path(source).open("rb") as stream:
        atomic_write(target, lambda sink: shutil.copyfileobj(stream, sink, 1024 * 1024))
