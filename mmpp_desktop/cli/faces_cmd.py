"""`mmpp-desktop faces PHOTO`: the faces found, largest first, in upright pixel coordinates."""

from __future__ import annotations

import argparse
import json

from mmpp_desktop.core.paths import AppPaths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("faces", help="list the faces found in a photo, largest first",
                                   description="Find the faces in a photo. Boxes are x, y, width, height in "
                                               "the upright photo's pixels; `generate --face N` picks one.")
    parser.add_argument("photo", metavar="PHOTO")
    parser.add_argument("--json", action="store_true", help='print {"faces": [{"box": [x, y, w, h]}, ...]}')
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.core.faces import detect_faces
    from mmpp_desktop.core.images import load_image

    faces = detect_faces(load_image(args.photo))
    if args.json:
        print(json.dumps({"faces": [{"box": [face.x, face.y, face.width, face.height]} for face in faces]}))
        return 0
    if not faces:
        print("no face found")
    for index, face in enumerate(faces):
        print(f"{index}: x={face.x} y={face.y} w={face.width} h={face.height}")
    return 0
