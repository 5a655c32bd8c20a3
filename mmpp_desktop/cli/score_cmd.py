"""`mmpp-desktop score`: likeness, structure and prompt agreement of a result against its photo."""

from __future__ import annotations

import argparse
import json

from mmpp_desktop.cli.face_options import add_face_arguments, chosen_face_box
from mmpp_desktop.core.paths import AppPaths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score", help="score a result for likeness, structure and prompt agreement",
        description="Compare a result with the photo it was made from: likeness (face descriptors), "
                    "structure (edge agreement with the face crop) and, with a CLIP model, CLIPScore.")
    parser.add_argument("--source", required=True, metavar="PHOTO", help="the photo the result was made from")
    parser.add_argument("--result", required=True, metavar="IMAGE", help="the generated image")
    add_face_arguments(parser)
    parser.add_argument("--prompt", default="", help="the prompt, for the CLIP score")
    parser.add_argument("--clip", metavar="PATH",
                        help="a CLIP model folder (transformers CLIPModel); default: one in the local HF cache")
    parser.add_argument("--json", action="store_true",
                        help='print {"likeness", "same_person", "structure", "clip"} as JSON')
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from mmpp_desktop.core.faces import prepare_face
    from mmpp_desktop.core.images import load_image
    from mmpp_desktop.core.scoring import face_in_crop, find_clip_model, score_images

    clip = find_clip_model(args.clip)
    photo = load_image(args.source)
    result = load_image(args.result)
    prepared = prepare_face(photo, max(result.size), chosen_face_box(args, args.source), use_whole_image=True)
    crop_face = face_in_crop(prepared.info, prepared.image.size)
    scores = score_images(prepared.image, crop_face, result, prompt=args.prompt, clip=clip, face_known=True)
    if args.json:
        print(json.dumps(scores.to_dict()))
        return 0
    def shown(value: float | None) -> str:
        return "not measured" if value is None else f"{value:.3f}"

    same = "" if scores.same_person is None else (" (same person)" if scores.same_person else " (not the same person)")
    print(f"likeness:  {shown(scores.likeness)}{same}")
    print(f"structure: {shown(scores.structure)}")
    print(f"clip:      {shown(scores.clip)}")
    print(scores.message)
    return 0
