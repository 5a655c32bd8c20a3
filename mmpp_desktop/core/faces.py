"""Face preparation: find the face, crop a square with head and hair, resize to the working size.

Detection evaluates OpenCV's frontal-face Haar cascade (shipped in `assets/faces`) with
NumPy over OpenCV integral images: opencv-python-headless 5 dropped both the cascade files
and `CascadeClassifier`, and no other detector model can be shipped offline. A tight face crop hurts likeness, so the square is about 1.9 face widths wide
and shifted up for the hair. The crop is resized to exactly the requested size.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.engine.errors import NoFaceFoundError
from mmpp_desktop.core.types import FaceBox, FaceInfo

CASCADE_FILE = Path(__file__).resolve().parents[1] / "assets" / "faces" / "haarcascade_frontalface_default.xml"
# How many face widths the square crop spans, and how far its centre sits above the face's.
CROP_FACE_WIDTHS = 1.9
CROP_LIFT = 0.15
_DETECT_MAX_SIDE = 400
_SCALE_STEP = 1.15
_MIN_NEIGHBOURS = 3


@dataclass(frozen=True)
class PreparedFace:
    """The square crop at the working size plus what was found."""

    image: Image.Image
    info: FaceInfo


@dataclass(frozen=True)
class _Stage:
    """One boosted stage: stumps with their Haar features as (n, 3) rectangle arrays."""

    threshold: float
    thresholds: np.ndarray  # (n,)
    left: np.ndarray  # (n,) leaf value when the feature is below the threshold
    right: np.ndarray
    rect_x: np.ndarray  # (n, 3); a missing third rectangle has weight 0
    rect_y: np.ndarray
    rect_w: np.ndarray
    rect_h: np.ndarray
    rect_weight: np.ndarray


@dataclass(frozen=True)
class _Cascade:
    """A stump-based Haar cascade in OpenCV's XML format (what `CascadeClassifier` used to read)."""

    window: tuple[int, int]
    stages: tuple[_Stage, ...]


def _feature_rects(root: ElementTree.Element) -> np.ndarray:
    """(features, 3, 5) array of x, y, w, h, weight."""
    features = []
    for feature in root.find("features") or ():
        parts = [[float(v) for v in (rect.text or "").split()] for rect in feature.find("rects") or ()]
        features.append((parts + [[0, 0, 0, 0, 0.0]] * 3)[:3])
    return np.array(features)


@functools.cache
def _cascade() -> _Cascade:
    root = ElementTree.parse(CASCADE_FILE).getroot().find("cascade")
    if root is None or (root.findtext("featureType") or "").strip() != "HAAR":
        raise RuntimeError(f"unsupported face detector model: {CASCADE_FILE}")
    rects = _feature_rects(root)
    stages = []
    for stage in root.find("stages") or ():
        weak = list(stage.find("weakClassifiers") or ())
        nodes = np.array([[float(v) for v in (w.findtext("internalNodes") or "").split()] for w in weak])
        leaves = np.array([[float(v) for v in (w.findtext("leafValues") or "").split()] for w in weak])
        if nodes.shape[1] != 4:
            raise RuntimeError("only stump-based Haar cascades are supported")
        chosen = rects[nodes[:, 2].astype(int)]
        stages.append(_Stage(
            threshold=float(stage.findtext("stageThreshold") or 0), thresholds=nodes[:, 3],
            left=leaves[:, 0], right=leaves[:, 1], rect_x=chosen[..., 0].astype(int),
            rect_y=chosen[..., 1].astype(int), rect_w=chosen[..., 2].astype(int),
            rect_h=chosen[..., 3].astype(int), rect_weight=chosen[..., 4],
        ))
    window = (int(root.findtext("width") or 24), int(root.findtext("height") or 24))
    return _Cascade(window=window, stages=tuple(stages))


def _rect_sums(integral: np.ndarray, ys: np.ndarray, xs: np.ndarray, x: Any, y: Any, w: Any, h: Any) -> np.ndarray:
    top, left = ys + y, xs + x
    return (integral[top + h, left + w] - integral[top, left + w]
            - integral[top + h, left] + integral[top, left])


def _detect_at_scale(cascade: _Cascade, gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Window positions (top-left, in `gray` pixels) that pass every stage, as OpenCV evaluates them."""
    win_w, win_h = cascade.window
    height, width = gray.shape
    step = 2 if min(height, width) > 4 * max(win_w, win_h) else 1
    grid_y, grid_x = np.mgrid[0:height - win_h + 1:step, 0:width - win_w + 1:step]
    ys, xs = grid_y.ravel(), grid_x.ravel()
    integral, squared = cv2.integral2(gray, sdepth=cv2.CV_64F, sqdepth=cv2.CV_64F)
    # Variance normalisation over the window less a 1-pixel border (OpenCV's `normrect`).
    area = float((win_w - 2) * (win_h - 2))
    total = _rect_sums(integral, ys, xs, 1, 1, win_w - 2, win_h - 2)
    total_sq = _rect_sums(squared, ys, xs, 1, 1, win_w - 2, win_h - 2)
    norm = area * total_sq - total * total
    norm = np.where(norm > 0, np.sqrt(np.maximum(norm, 0)), 1.0)
    for stage in cascade.stages:
        # (positions, stumps, 3 rectangles) at once: one NumPy pass per stage.
        sums = _rect_sums(integral, ys[:, None, None], xs[:, None, None],
                          stage.rect_x, stage.rect_y, stage.rect_w, stage.rect_h)
        values = (sums * stage.rect_weight).sum(axis=2) / norm[:, None]
        score = np.where(values < stage.thresholds, stage.left, stage.right).sum(axis=1)
        keep = score >= stage.threshold
        ys, xs, norm = ys[keep], xs[keep], norm[keep]
        if not len(ys):
            break
    return ys, xs


def _group(boxes: list[tuple[float, float, float, float]], min_neighbours: int) -> list[FaceBox]:
    """Merge hits like OpenCV's `groupRectangles` (eps 0.2), drop weak clusters and nested repeats."""
    clusters: list[list[tuple[float, float, float, float]]] = []
    for box in boxes:
        for cluster in clusters:
            ref = cluster[0]
            delta = 0.2 * (min(ref[2], box[2]) + min(ref[3], box[3])) * 0.5
            corners = zip((ref[0], ref[1], ref[0] + ref[2], ref[1] + ref[3]),
                          (box[0], box[1], box[0] + box[2], box[1] + box[3]), strict=True)
            if all(abs(a - b) <= delta for a, b in corners):
                cluster.append(box)
                break
        else:
            clusters.append([box])
    merged = sorted((tuple(np.mean(np.array(c), axis=0)) for c in clusters if len(c) >= min_neighbours),
                    key=lambda box: box[2] * box[3], reverse=True)
    # The same face is often found again at a neighbouring scale: keep the largest box only.
    kept: list[tuple[float, ...]] = []
    for x, y, w, h in merged:
        centre_x, centre_y = x + w / 2, y + h / 2
        if not any(kx <= centre_x <= kx + kw and ky <= centre_y <= ky + kh for kx, ky, kw, kh in kept):
            kept.append((x, y, w, h))
    return [FaceBox(*(int(round(v)) for v in box)) for box in kept]


def detect_faces(image: Image.Image) -> list[FaceBox]:
    """All faces found, largest first, in the image's pixel coordinates."""
    cascade = _cascade()
    shrink = min(1.0, _DETECT_MAX_SIDE / max(image.size))
    gray = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2GRAY)
    if shrink < 1.0:
        gray = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    gray = cv2.equalizeHist(gray)
    win_w, win_h = cascade.window
    min_face = max(win_w, int(min(gray.shape) * 0.08))
    hits: list[tuple[float, float, float, float]] = []
    factor = min_face / win_w
    while gray.shape[1] / factor >= win_w and gray.shape[0] / factor >= win_h:
        scaled = cv2.resize(gray, (int(gray.shape[1] / factor), int(gray.shape[0] / factor)),
                            interpolation=cv2.INTER_LINEAR)
        ys, xs = _detect_at_scale(cascade, scaled)
        hits += [(x * factor, y * factor, win_w * factor, win_h * factor) for y, x in zip(ys, xs, strict=True)]
        factor *= _SCALE_STEP
    faces = [FaceBox(int(box.x / shrink), int(box.y / shrink), int(box.width / shrink), int(box.height / shrink))
             for box in _group(hits, _MIN_NEIGHBOURS)]
    return sorted(faces, key=lambda box: box.width * box.height, reverse=True)


def face_crop_box(face: FaceBox, image_size: tuple[int, int]) -> FaceBox:
    """A square around the face with a head-and-hair margin, kept inside the image."""
    width, height = image_size
    side = min(int(round(max(face.width, face.height) * CROP_FACE_WIDTHS)), width, height)
    centre_x = face.x + face.width / 2
    centre_y = face.y + face.height / 2 - CROP_LIFT * face.height
    left = int(round(min(max(centre_x - side / 2, 0), width - side)))
    top = int(round(min(max(centre_y - side / 2, 0), height - side)))
    return FaceBox(left, top, side, side)


def centre_square(image_size: tuple[int, int]) -> FaceBox:
    width, height = image_size
    side = min(width, height)
    return FaceBox((width - side) // 2, (height - side) // 2, side, side)


def prepare_face(image: Image.Image, size: int, face_box: FaceBox | None = None,
                 use_whole_image: bool = False, name: str = "the photo") -> PreparedFace:
    """Crop and resize for generation; a given `face_box` skips detection.

    Without a face the request must allow the whole image (a centred square), otherwise
    `NoFaceFoundError` tells the user what to do.
    """
    if face_box is not None:
        faces = [face_box]
    else:
        faces = detect_faces(image)
    if faces:
        crop = face_crop_box(faces[0], image.size)
    elif use_whole_image:
        crop = centre_square(image.size)
    else:
        raise NoFaceFoundError(f"No face was found in {name}. Choose another photo or use the whole image.")
    cropped = image.crop((crop.x, crop.y, crop.x + crop.width, crop.y + crop.height))
    resized = cropped.resize((size, size), Image.Resampling.LANCZOS)
    info = FaceInfo(faces_found=len(faces) if face_box is None else 1,
                    face_box=faces[0] if faces else None, crop_box=crop)
    return PreparedFace(image=resized, info=info)
