"""Collect and check training images before any model is loaded, one clear line per finding.

Only a set with no usable image blocks training (`DatasetError`); everything else — few images,
small images, near-duplicates, little variety, some unreadable files — is a warning and training
goes on. Near-duplicates are found by a perceptual difference hash (dHash), which tells two
copies of one shot apart from two photos of one person (face descriptors cannot: two different
photos of a man sit as close as 0.09). A set where most pictures show a face is a face style:
there, a photo without a face, or with a face under 1/8 of the picture, is a finding too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.faces import detect_faces
from mmpp_desktop.core.images import load_image
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text
from mmpp_desktop.core.training.settings import DatasetError

log = logging.getLogger(__name__)

MIN_IMAGES = 5
MIN_SHORT_SIDE = 512
# dHash bits that may differ for two images to count as near-duplicates (of 64): the usual
# threshold for resized, recompressed or slightly cropped copies of one picture.
NEAR_DUPLICATE_BITS = 6
# A face smaller than this share of the picture's short side trains little facial detail.
MIN_FACE_SHARE = 1 / 8
# The largest native training size (SDXL): larger photos are shrunk to it when loaded.
KEEP_SHORT_SIDE = 1024
CAPTION_SUFFIX = ".txt"
_SKIPPED_SUFFIXES = {CAPTION_SUFFIX, ".json", ".md", ".toml", ".yaml", ".yml", ".ds_store", ".db", ".ini"}


@dataclass(frozen=True)
class TrainingImage:
    """A usable image with its optional caption (the text of `NAME.txt` beside it)."""

    path: Path
    image: Image.Image  # at most `keep_short_side` on its short side
    caption: str
    original_size: tuple[int, int]  # (width, height) of the file


@dataclass(frozen=True)
class DatasetReport:
    images: tuple[TrainingImage, ...]
    warnings: tuple[Text, ...]


def candidate_files(sources: tuple[str, ...] | list[str]) -> list[Path]:
    """The files to try: everything in a folder (captions and hidden files aside) or the files given."""
    files: list[Path] = []
    for source in sources:
        path = Path(source).expanduser()
        if path.is_dir():
            files.extend(sorted(item for item in path.iterdir() if item.is_file() and not item.name.startswith(".")
                                and item.suffix.lower() not in _SKIPPED_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            raise DatasetError(QT_TRANSLATE_NOOP("training.dataset", "{path} does not exist.").format(path=path))
    return files


def check_dataset(sources: tuple[str, ...] | list[str], keep_short_side: int = KEEP_SHORT_SIDE) -> DatasetReport:
    """Load every candidate image and report what would make a weak style; raise when none is usable.

    Images are kept at most `keep_short_side` px on their short side, so 30 camera photos do not
    hold gigabytes while they wait to be cropped to the training size.
    """
    files = candidate_files(sources)
    if not files:
        raise DatasetError(QT_TRANSLATE_NOOP("training.dataset", "There are no images in {sources}.").format(
            sources=", ".join(str(source) for source in sources)))
    images: list[TrainingImage] = []
    warnings: list[Text] = []
    unreadable: list[Text] = []
    for file in files:
        try:
            image = load_image(file)
        except InvalidInputError as error:
            unreadable.append(error.message)
            continue
        original_size = image.size
        if min(image.size) > keep_short_side:
            scale = keep_short_side / min(image.size)
            image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                                 Image.Resampling.LANCZOS)
        images.append(TrainingImage(path=file, image=image, caption=_caption(file), original_size=original_size))
    if not images:
        raise DatasetError(QT_TRANSLATE_NOOP(
            "training.dataset", "No usable image: all {count} files are unreadable (first: {first})").format(
            count=len(files), first=unreadable[0]))
    skipped = QT_TRANSLATE_NOOP("training.dataset", "Skipped an unreadable file: {message}")
    warnings.extend(skipped.format(message=message) for message in unreadable)
    if len(images) < MIN_IMAGES:
        warnings.append(QT_TRANSLATE_NOOP("training.dataset", "Only {count} usable image(s); {minimum} to 30 varied "
                                          "images train a more reliable style.").format(count=len(images),
                                                                                        minimum=MIN_IMAGES))
    for item in images:
        if min(item.original_size) < MIN_SHORT_SIDE:
            width, height = item.original_size
            warnings.append(QT_TRANSLATE_NOOP(
                "training.dataset", "{name} is small ({width}x{height}); images under {minimum} px on the short "
                "side are upscaled and train blurry detail.").format(name=item.path.name, width=width, height=height,
                                                                    minimum=MIN_SHORT_SIDE))
    warnings.extend(_duplicate_findings(images))
    warnings.extend(_face_findings(images))
    return DatasetReport(images=tuple(images), warnings=tuple(warnings))


def _face_findings(images: list[TrainingImage]) -> list[Text]:
    """For a face style (most pictures show a face): pictures without a face or with a tiny one."""
    largest = [next(iter(detect_faces(item.image)), None) for item in images]
    if sum(face is not None for face in largest) * 2 < len(images):
        return []  # not a face style: faces are optional
    findings: list[Text] = []
    for item, face in zip(images, largest, strict=True):
        if face is None:
            findings.append(QT_TRANSLATE_NOOP(
                "training.dataset", "{name} shows no face, though most of the set does; a face style learns best "
                "when every picture shows one.").format(name=item.path.name))
        elif max(face.width, face.height) < MIN_FACE_SHARE * min(item.image.size):
            findings.append(QT_TRANSLATE_NOOP(
                "training.dataset", "{name}: the face is under 1/8 of the picture; crop closer so the style learns "
                "facial detail.").format(name=item.path.name))
    return findings


def _caption(image_file: Path) -> str:
    caption_file = image_file.with_suffix(CAPTION_SUFFIX)
    try:
        return " ".join(caption_file.read_text(encoding="utf-8").split()) if caption_file.is_file() else ""
    except (OSError, UnicodeDecodeError):
        log.warning("Ignoring unreadable caption %s", caption_file, exc_info=True)
        return ""


def difference_hash(image: Image.Image) -> int:
    """64-bit dHash: is each pixel of a 9x8 grey thumbnail brighter than its right neighbour."""
    grey = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (9, 8), interpolation=cv2.INTER_AREA)
    bits = (small[:, 1:] > small[:, :-1]).flatten()
    return int("".join("1" if bit else "0" for bit in bits), 2)


def _duplicate_findings(images: list[TrainingImage]) -> list[Text]:
    """A line per near-duplicate pair, and one about variety when most of the set is copies."""
    hashes = [difference_hash(item.image) for item in images]
    group = list(range(len(images)))  # each image's representative: the first image it duplicates
    findings: list[Text] = []
    for later in range(len(images)):
        for earlier in range(later):
            if group[earlier] == earlier and bin(hashes[earlier] ^ hashes[later]).count("1") <= NEAR_DUPLICATE_BITS:
                findings.append(QT_TRANSLATE_NOOP("training.dataset", "{name} is a near-duplicate of {original}.")
                                .format(name=images[later].path.name, original=images[earlier].path.name))
                group[later] = earlier
                break
    distinct = len(set(group))
    if len(images) >= 2 and distinct <= len(images) // 2:
        findings.append(QT_TRANSLATE_NOOP(
            "training.dataset", "The set lacks variety: {count} images show only {distinct} distinct picture(s). "
            "Varied subjects, poses and lighting teach the style instead of one picture.").format(
            count=len(images), distinct=distinct))
    return findings
