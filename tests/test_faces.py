"""Face preparation on the real photos."""

from __future__ import annotations

import pytest
from conftest import PHOTOS

from mmpp_desktop.core.engine.errors import NoFaceFoundError
from mmpp_desktop.core.faces import detect_faces, prepare_face
from mmpp_desktop.core.images import load_image
from mmpp_desktop.core.types import FaceBox


def _inside(inner: FaceBox, outer: FaceBox) -> bool:
    return (outer.x <= inner.x and outer.y <= inner.y and inner.x + inner.width <= outer.x + outer.width
            and inner.y + inner.height <= outer.y + outer.height)


def test_obama_crop_contains_the_face_with_margin() -> None:
    image = load_image(PHOTOS / "obama.jpg")
    prepared = prepare_face(image, 512)
    info = prepared.info
    assert info.faces_found == 1
    face, crop = info.face_box, info.crop_box
    assert face is not None
    # The face sits in the upper middle of this portrait and is a plausible size.
    assert 0.2 * image.width < face.x + face.width / 2 < 0.8 * image.width
    assert face.y + face.height / 2 < 0.5 * image.height
    assert 0.15 * image.width < face.width < 0.7 * image.width
    assert _inside(face, crop)
    assert crop.width == crop.height >= 1.5 * face.width  # head and hair margin, not a tight crop
    assert prepared.image.size == (512, 512)


def test_two_people_picks_the_larger_face() -> None:
    image = load_image(PHOTOS / "two_people.jpg")
    faces = detect_faces(image)
    assert len(faces) == 2
    prepared = prepare_face(image, 256)
    assert prepared.info.faces_found == 2
    assert prepared.info.face_box == faces[0]
    assert faces[0].width * faces[0].height >= faces[1].width * faces[1].height
    assert _inside(faces[0], prepared.info.crop_box)
    assert not _inside(faces[1], prepared.info.crop_box)


def test_partial_face_needs_the_whole_image_option() -> None:
    image = load_image(PHOTOS / "obama_partial_face.jpg")
    with pytest.raises(NoFaceFoundError, match="whole image"):
        prepare_face(image, 256, name="obama_partial_face.jpg")
    prepared = prepare_face(image, 256, use_whole_image=True)
    assert prepared.info.faces_found == 0 and prepared.info.face_box is None
    side = min(image.size)
    assert (prepared.info.crop_box.width, prepared.info.crop_box.height) == (side, side)
    assert prepared.image.size == (256, 256)


def test_rgba_photo_is_handled() -> None:
    prepared = prepare_face(load_image(PHOTOS / "32bit.png"), 128)
    assert prepared.info.faces_found >= 1
    assert prepared.image.mode == "RGB" and prepared.image.size == (128, 128)


def test_size_is_exactly_what_was_asked_even_off_multiples_of_8() -> None:
    prepared = prepare_face(load_image(PHOTOS / "obama_small.jpg"), 100)
    assert prepared.image.size == (100, 100)


def test_given_face_box_skips_detection_and_stays_inside_the_image() -> None:
    image = load_image(PHOTOS / "biden.jpg")
    box = FaceBox(image.width - 50, 10, 200, 200)  # partly outside on purpose
    prepared = prepare_face(image, 64, face_box=box)
    crop = prepared.info.crop_box
    assert prepared.info.face_box == box
    assert crop.x >= 0 and crop.y >= 0 and crop.x + crop.width <= image.width
