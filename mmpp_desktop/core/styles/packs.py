"""Style packs: one `.zip` with a manifest, LoRA files and thumbnails, safe to receive.

Reading trusts nothing in the zip: member paths (zip-slip), counts and sizes (zip bombs),
the manifest schema, and every LoRA's SHA-256 are checked before the library changes.
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

log = logging.getLogger(__name__)

PACK_FORMAT = "mmpp-style-pack"
PACK_SCHEMA_VERSION = 1
MANIFEST_NAME = "manifest.json"
MAX_MEMBERS = 512
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_THUMBNAIL_BYTES = 20 * 1024 * 1024
MAX_LORA_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 16 * 1024**3
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
                raise InvalidInputError(f"The LoRA file of style {style.name!r} is missing: {entry.file}.")
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
        raise InvalidInputError(f"{zip_path.name} is not a style pack (not a zip file).")
    try:
        with zipfile.ZipFile(zip_path) as archive:
            return _read_archive(archive, zip_path.name, staging)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise InvalidInputError(f"{zip_path.name} is a damaged style pack ({error}).") from error


def _read_archive(archive: zipfile.ZipFile, label: str, staging: Path) -> list[PackedStyle]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InvalidInputError(f"{label} holds too many files to be a style pack.")
    for info in infos:
        if not _safe_member(info.filename):
            raise InvalidInputError(f"{label} is refused: it contains an unsafe path ({info.filename!r}).")
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise InvalidInputError(f"{label} is refused: it would unpack to more than 16 GB.")
    by_name = {info.filename: info for info in infos}
    manifest = _read_manifest(archive, by_name, label)
    styles = []
    for data in manifest["styles"]:
        if not isinstance(data, dict):
            raise InvalidInputError(f"{label} has a malformed manifest (a style is not an object).")
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
        raise InvalidInputError(f"{label} is not a style pack (no {MANIFEST_NAME}).")
    if info.file_size > MAX_MANIFEST_BYTES:
        raise InvalidInputError(f"{label} has an oversized manifest.")
    try:
        manifest = json.loads(archive.read(info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(f"{label} has a malformed manifest (not valid JSON).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise InvalidInputError(f"{label} is not an MMPP style pack.")
    version = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInputError(f"{label} has a malformed manifest (no schema version).")
    if version > PACK_SCHEMA_VERSION:
        raise InvalidInputError(f"{label} was made by a newer version of the app; update to import it.")
    if not isinstance(manifest.get("styles"), list) or not manifest["styles"]:
        raise InvalidInputError(f"{label} contains no styles.")
    return manifest


def _list_field(data: dict[str, Any], key: str, label: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise InvalidInputError(f"{label} has a malformed manifest ({key!r} is not a list).")
    return value


def _extract_lora(archive: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], entry: Any,
                  style: dict[str, Any], staging: Path, label: str) -> Path:
    if not isinstance(entry, dict):
        raise InvalidInputError(f"{label} has a malformed manifest (a LoRA entry is not an object).")
    member, sha = str(entry.get("file", "")), str(entry.get("sha256", ""))
    if not _LORA_MEMBER.fullmatch(member) or member != f"loras/{sha}.safetensors" or member not in by_name:
        raise InvalidInputError(f"{label} refers to a LoRA file it does not contain ({member!r}).")
    info = by_name[member]
    if info.file_size > MAX_LORA_BYTES:
        raise InvalidInputError(f"{label} is refused: a LoRA file in it is larger than 4 GB.")
    target = staging / f"{sha}.safetensors"
    if not target.exists():
        digest = hashlib.sha256()
        with archive.open(info) as source, target.open("wb") as sink:
            while chunk := source.read(1024 * 1024):
                digest.update(chunk)
                sink.write(chunk)
        if digest.hexdigest() != sha:
            target.unlink()
            raise InvalidInputError(f"{label} is damaged or was altered: a LoRA file does not match its hash.")
    family = inspect_lora(target).family
    if family != style.get("family"):
        raise InvalidInputError(f"{label}: style {style.get('name')!r} says {style.get('family')} but its LoRA "
                                f"is for {family}.")
    return target


def _read_thumbnail(archive: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo], member: Any,
                    label: str) -> Image.Image:
    if not isinstance(member, str) or not _THUMB_MEMBER.fullmatch(member) or member not in by_name:
        raise InvalidInputError(f"{label} refers to a thumbnail it does not contain ({member!r}).")
    if by_name[member].file_size > MAX_THUMBNAIL_BYTES:
        raise InvalidInputError(f"{label} is refused: a thumbnail in it is too large.")
    try:
        with archive.open(by_name[member]) as stream, Image.open(stream) as image:
            return make_thumbnail(image)
    except (OSError, Image.DecompressionBombError, ValueError) as error:
        raise InvalidInputError(f"{label} contains a thumbnail that is not a readable image.") from error


def copy_file(source: Path, target: Path) -> None:
    """Copy with fsync and rename, so a crash never leaves half a LoRA in the library."""
    with Path(source).open("rb") as stream:
        atomic_write(target, lambda sink: shutil.copyfileobj(stream, sink, 1024 * 1024))
