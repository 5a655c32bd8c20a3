"""Safe inspection of `.safetensors` files: header, LoRA layout, model family, hashes.

Only the JSON header is read (with a size cap) before anything else, so a malformed or
hostile file is refused before tensor data is touched. Engine and style library both
use this module; neither re-reads headers on its own.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mmpp_desktop.core.errors import InvalidInputError, UnsafeFileError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

MAX_HEADER_BYTES = 100 * 1024 * 1024
PICKLE_SUFFIXES = (".ckpt", ".pt", ".pth", ".bin", ".pkl")
_HASH_CHUNK = 1024 * 1024

FAMILY_TITLES = {"sd15": "SD 1.5", "sdxl": "SDXL", "sd2": "SD 2.x"}


@dataclass(frozen=True)
class TensorInfo:
    dtype: str
    shape: tuple[int, ...]


@dataclass(frozen=True)
class SafetensorsHeader:
    """The parsed header: tensor names with dtype/shape, `__metadata__`, and its byte size."""

    tensors: dict[str, TensorInfo]
    metadata: dict[str, str]
    header_size: int


@dataclass(frozen=True)
class LoraFileInfo:
    """What the app needs to know about a LoRA file before loading it."""

    path: Path
    layout: str  # "kohya" or "diffusers"
    family: str | None  # "sd15", "sdxl", "sd2", or None when it cannot be told
    metadata: dict[str, str] = field(default_factory=dict)
    tensor_count: int = 0


def family_title(family: str | None) -> str:
    """The family's product name for messages; "unknown" is a `Text`, so the window translates it."""
    return FAMILY_TITLES.get(family or "", family or QT_TRANSLATE_NOOP("lora_files", "unknown"))


def refuse_pickle(path: Path) -> None:
    """Raise for pickle-based weights: loading them can run arbitrary code."""
    if path.suffix.lower() in PICKLE_SUFFIXES:
        raise UnsafeFileError(QT_TRANSLATE_NOOP(
            "lora_files", "{name} is a pickle file ({suffix}), which can run code when opened. "
                          "Use the .safetensors version of this model instead.").format(
            name=path.name, suffix=path.suffix))


def read_safetensors_header(path: Path) -> SafetensorsHeader:
    """Parse and validate the header of a `.safetensors` file without reading tensors."""
    path = Path(path)
    refuse_pickle(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            prefix = stream.read(8)
            if len(prefix) < 8:
                raise InvalidInputError(QT_TRANSLATE_NOOP(
                    "lora_files", "{name} is not a valid .safetensors file (too short).").format(
                    name=path.name))
            (header_size,) = struct.unpack("<Q", prefix)
            if header_size > MAX_HEADER_BYTES or header_size > size - 8:
                raise InvalidInputError(QT_TRANSLATE_NOOP(
                    "lora_files", "{name} is not a valid .safetensors file (header size {size} bytes "
                                  "is larger than the file allows).").format(
                    name=path.name, size=header_size))
            raw = stream.read(header_size)
    except OSError as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP("lora_files", "Cannot read {name}: {reason}.").format(
            name=path.name, reason=error.strerror or error)) from error
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "lora_files", "{name} is not a valid .safetensors file (broken header).").format(
            name=path.name)) from error
    if not isinstance(header, dict):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "lora_files", "{name} is not a valid .safetensors file (header is not an object).").format(
            name=path.name))
    metadata_raw = header.pop("__metadata__", {}) or {}
    if not isinstance(metadata_raw, dict):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "lora_files", "{name} has malformed metadata.").format(name=path.name))
    data_size = size - 8 - header_size
    tensors: dict[str, TensorInfo] = {}
    for name, entry in header.items():
        tensors[name] = _tensor_info(path, name, entry, data_size)
    metadata = {str(key): str(value) for key, value in metadata_raw.items()}
    return SafetensorsHeader(tensors=tensors, metadata=metadata, header_size=header_size)


def _tensor_info(path: Path, name: str, entry: Any, data_size: int) -> TensorInfo:
    try:
        dtype = str(entry["dtype"])
        shape = tuple(int(dim) for dim in entry["shape"])
        start, end = (int(offset) for offset in entry["data_offsets"])
    except (TypeError, KeyError, ValueError) as error:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "lora_files", "{file} is not a valid .safetensors file (bad entry {tensor!r}).").format(
            file=path.name, tensor=name)) from error
    if not 0 <= start <= end <= data_size:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "lora_files", "{file} is truncated or corrupt (tensor {tensor!r} lies past the end).").format(
            file=path.name, tensor=name))
    return TensorInfo(dtype=dtype, shape=shape)


_LORA_KEY = re.compile(r"(lora_down|lora_up|lora_A|lora_B|lora\.down|lora\.up|_lora\.|hada_w|lokr_w)")


def inspect_lora(path: Path) -> LoraFileInfo:
    """Read a LoRA's header and tell its layout and family; refuse files that are no LoRA."""
    path = Path(path)
    header = read_safetensors_header(path)
    names = list(header.tensors)
    if not any(_LORA_KEY.search(name) for name in names):
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "lora_files", "{name} is not a LoRA: it holds no LoRA weights "
                          "(is it a full model checkpoint?).").format(name=path.name))
    layout = "kohya" if any(name.startswith(("lora_unet_", "lora_te")) for name in names) else "diffusers"
    family = detect_lora_family(header)
    return LoraFileInfo(path=path, layout=layout, family=family, metadata=header.metadata,
                        tensor_count=len(names))


def detect_lora_family(header: SafetensorsHeader) -> str | None:
    """Family from training metadata, then cross-attention width, then UNet structure."""
    by_metadata = _family_from_metadata(header.metadata)
    if by_metadata:
        return by_metadata
    names = list(header.tensors)
    widths = {
        info.shape[1]
        for name, info in header.tensors.items()
        if len(info.shape) >= 2 and re.search(r"attn2[._]to_k", name) and re.search(r"(down|_A)[._]", name)
    }
    for width, family in ((2048, "sdxl"), (768, "sd15"), (1024, "sd2")):
        if width in widths:
            return family
    joined = "\n".join(names)
    if re.search(r"(lora_te2_|text_encoder_2\.|lora_unet_(input|output)_blocks|lora_unet_middle_block)", joined):
        return "sdxl"
    if re.search(r"up_blocks[._]0[._]attentions", joined):
        return "sdxl"
    if re.search(r"down_blocks[._]0[._]attentions", joined):
        return "sd15"
    return None


def _family_from_metadata(metadata: dict[str, str]) -> str | None:
    text = " ".join(
        metadata.get(key, "") for key in ("ss_base_model_version", "modelspec.architecture", "ss_sd_model_name")
    ).lower()
    # Precise names only: a model file called e.g. "pixel-art-v1" must not read as SDXL;
    # anything vaguer is left to the tensor shapes below.
    if re.search(r"sdxl|sd_xl|stable-diffusion-xl|(^|[\s_\-/])xl([\s_\-/.]|$)", text):
        return "sdxl"
    if "sd_v1" in text or "stable-diffusion-v1" in text or "v1-5" in text:
        return "sd15"
    if "sd_v2" in text or "stable-diffusion-v2" in text:
        return "sd2"
    return None


def sha256_file(path: Path) -> str:
    """Full SHA-256 hex digest, streamed."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def autov2_hash(sha256: str) -> str:
    """Civitai/A1111 short hash: first 10 hex digits of the SHA-256."""
    return sha256[:10]


def a1111_lora_hash(path: Path) -> str:
    """A1111's LoRA hash: first 12 hex of SHA-256 over the bytes after the safetensors header."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        (header_size,) = struct.unpack("<Q", stream.read(8))
        stream.seek(8 + header_size)
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()[:12]
