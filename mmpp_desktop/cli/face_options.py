"""`--face N` and `--face-box X,Y,W,H`, shared by `generate` and `score`.

N is an index in the order `mmpp-desktop faces PHOTO` prints (largest face first, from 0).
"""

from __future__ import annotations

import argparse

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.types import FaceBox


def parse_face_box(text: str) -> FaceBox:
    """"X,Y,W,H" in the photo's upright pixels → FaceBox (argparse `type`)."""
    try:
        x, y, width, height = (int(part) for part in text.split(","))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected X,Y,W,H in whole pixels, got {text!r}") from error
    if x < 0 or y < 0 or width <= 0 or height <= 0:
        raise argparse.ArgumentTypeError(f"the box must have x, y >= 0 and a positive size, got {text!r}")
    return FaceBox(x, y, width, height)


def add_face_arguments(parser: argparse.ArgumentParser) -> None:
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--face", type=int, metavar="N",
                        help="use the photo's face N (0 = largest; the order `faces` prints)")
    choice.add_argument("--face-box", type=parse_face_box, metavar="X,Y,W,H",
                        help="use this box (upright pixels) as the face")


def chosen_face_box(args: argparse.Namespace, photo: str) -> FaceBox | None:
    """The box `--face`/`--face-box` name, or None (the largest face is found later)."""
    if args.face_box is not None:
        return args.face_box
    if args.face is None:
        return None
    from mmpp_desktop.core.faces import detect_faces
    from mmpp_desktop.core.images import load_image

    faces = detect_faces(load_image(photo))
    if not 0 <= args.face < len(faces):
        found = "no face" if not faces else f"{len(faces)} face{'s' if len(faces) != 1 else ''} (0–{len(faces) - 1})"
        raise InvalidInputError(f"--face {args.face} does not exist: the photo has {found}.")
    return faces[args.face]
