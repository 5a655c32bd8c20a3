"""Face preparation: find the face, crop a square with head and hair, resize to the working size.

Detection uses OpenCV's frontal-face Haar cascade, which ships inside opencv-python(-headless)
4.x (`cv2.data`); OpenCV 5 dropped `CascadeClassifier`, hence the `<5` bound in pyproject.
The photo is shrunk before detection: faces in portraits are large and speed matters more
than tiny background faces. A tight face crop hurts likeness, so the square is about 1.9
face widths wide and shifted up for the hair. The crop is resized to exactly the requested size.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.errors import NoFaceFoundError
from mmpp_desktop.core.types import FaceBox, FaceInfo

CASCADE_FILE = Path(cv2.data.haarcascades) / "haarcascade_frontalface_default.xml"
# How many face widths the square crop spans, and how far its centre sits above the face's.
CROP_FACE_WIDTHS = 1.9
CROP_LIFT = 0.15
_DETECT_MAX_SIDE = 480
_SCALE_STEP = 1.1
_MIN_NEIGHBOURS = 4
_MIN_FACE_FRACTION = 0.08
_cascade_lock = threading.Lock()


@dataclass(frozen=True)
class PreparedFace:
    """The square crop at the working size plus what was found."""

    image: Image.Image
    info: FaceInfo


@functools.cache
def _cascade() -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(str(CASCADE_FILE))
    if cascade.empty():
        raise RuntimeError(f"OpenCV's face detector model is missing: {CASCADE_FILE}")
    return cascade


def detect_faces(image: Image.Image) -> list[FaceBox]:
    """All faces found, largest first, in the image's pixel coordinates."""
    shrink = min(1.0, _DETECT_MAX_SIDE / max(image.size))
    gray = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2GRAY)
    if shrink < 1.0:
        gray = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    gray = cv2.equalizeHist(gray)
    min_face = max(24, int(min(gray.shape) * _MIN_FACE_FRACTION))
    with _cascade_lock:  # one classifier object is not safe to share between threads
        found = _cascade().detectMultiScale(gray, scaleFactor=_SCALE_STEP, minNeighbors=_MIN_NEIGHBOURS,
                                            minSize=(min_face, min_face))
    faces = [FaceBox(*(int(round(value / shrink)) for value in box)) for box in found]
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
