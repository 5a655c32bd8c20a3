"""What a LoRA file says about itself: kohya/modelspec metadata, A1111 sidecar, preview image.

The result is a draft the library turns into a style; nothing here writes anything.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.lora_files import LoraFileInfo, family_title, inspect_lora
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

MAX_SIDECAR_BYTES = 1024 * 1024
MAX_TRIGGER_WORDS = 3
PREVIEW_SUFFIXES = (".png", ".preview.png", ".jpg", ".jpeg", ".preview.jpg", ".preview.jpeg", ".webp",
                    ".preview.webp")
THUMBNAIL_SIZE = 256


@dataclass(frozen=True)
class LoraDraft:
    """Suggested style fields for one LoRA file."""

    info: LoraFileInfo
    family: str
    name: str
    description: str
    trigger_words: tuple[str, ...]
    negative_prompt: str
    default_weight: float
    tags: tuple[str, ...]
    preview: Image.Image | None


def describe_lora(path: Path, metadata_source: Path | None = None) -> LoraDraft:
    """Inspect `path`; sidecar and preview are looked up beside `metadata_source` (default: path)."""
    info = inspect_lora(path)
    if info.family not in ("sd15", "sdxl"):
        raise InvalidInputError(
            QT_TRANSLATE_NOOP(
                "styles.lora_import", "{name} is a LoRA for {family}; "
                                      "only SD 1.5 and SDXL LoRAs can be used.").format(
                name=path.name, family=family_title(info.family))
            if info.family else QT_TRANSLATE_NOOP(
                "styles.lora_import", "Cannot tell whether {name} is an SD 1.5 or an SDXL LoRA.").format(
                name=path.name)
        )
    beside = Path(metadata_source or path)
    sidecar = _read_sidecar(beside.with_suffix(".json"))
    metadata = info.metadata
    activation = str(sidecar.get("activation text") or metadata.get("modelspec.trigger_phrase") or "")
    triggers = tuple(word.strip() for word in activation.split(",") if word.strip()) or _frequent_tags(metadata)
    weight = sidecar.get("preferred weight")
    default_weight = float(weight) if isinstance(weight, int | float) and 0 < weight <= 5 else 1.0
    description = "\n\n".join(
        text for text in (str(sidecar.get("description") or metadata.get("modelspec.description") or ""),
                          str(sidecar.get("notes") or "")) if text.strip()
    )
    name = str(metadata.get("ss_output_name") or metadata.get("modelspec.title") or "").strip() or beside.stem
    tags = tuple(tag.strip() for tag in str(metadata.get("modelspec.tags", "")).split(",") if tag.strip())
    return LoraDraft(info=info, family=info.family, name=name, description=description, trigger_words=triggers,
                     negative_prompt=str(sidecar.get("negative text") or ""), default_weight=default_weight,
                     tags=tags, preview=_read_preview(beside))


def _read_sidecar(path: Path) -> dict[str, Any]:
    """A1111/civitai helper JSON; a broken one is skipped (it is optional), not fatal."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_SIDECAR_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        log.warning("Ignoring unreadable LoRA sidecar %s", path, exc_info=True)
        return {}
    return data if isinstance(data, dict) else {}


def _frequent_tags(metadata: dict[str, str]) -> tuple[str, ...]:
    """Kohya's `ss_tag_frequency` ({dataset: {tag: count}}): the most used tags suggest triggers."""
    try:
        frequency = json.loads(metadata.get("ss_tag_frequency") or "{}")
    except json.JSONDecodeError:
        return ()
    counts: Counter[str] = Counter()
    if isinstance(frequency, dict):
        for tags in frequency.values():
            if isinstance(tags, dict):
                for tag, count in tags.items():
                    if isinstance(count, int | float) and str(tag).strip():
                        counts[str(tag).strip()] += int(count)
    return tuple(tag for tag, _ in counts.most_common(MAX_TRIGGER_WORDS))


def _read_preview(beside: Path) -> Image.Image | None:
    for suffix in PREVIEW_SUFFIXES:
        candidate = beside.with_name(beside.stem + suffix)
        if candidate.is_file():
            thumbnail = make_thumbnail_from_file(candidate)
            if thumbnail is not None:
                return thumbnail
    return None


def make_thumbnail_from_file(path: Path) -> Image.Image | None:
    """A small RGB copy of an image file, or None when it is unreadable or a decompression bomb."""
    try:
        with Image.open(path) as image:
            image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            return make_thumbnail(image)
    except (OSError, Image.DecompressionBombError, ValueError):
        log.warning("Ignoring unreadable preview image %s", path, exc_info=True)
        return None


def make_thumbnail(image: Image.Image) -> Image.Image:
    copy = image.convert("RGB")
    copy.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    return copy
