"""Safe image loading on the real bad inputs and on odd but valid images."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from conftest import BAD_INPUTS, PHOTOS
from PIL import Image

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.images import InvalidImageError, load_image

BAD_IMAGE_MESSAGES = {
    "bomb-30000x30000.png": "too large",
    "empty.jpg": "empty",
    "not-an-image.png": "not an image",
    "truncated.jpg": "truncated or damaged",
    "pickle-checkpoint.ckpt": "not an image",
    "truncated.safetensors": "not an image",
}


@pytest.mark.parametrize("name", sorted(BAD_IMAGE_MESSAGES))
def test_every_bad_input_is_refused_with_its_message(name: str) -> None:
    with pytest.raises(InvalidImageError) as caught:
        load_image(BAD_INPUTS / name)
    assert isinstance(caught.value, UserFacingError)
    assert BAD_IMAGE_MESSAGES[name] in caught.value.message
    assert name in caught.value.message
    assert "\n" not in caught.value.message


def test_bomb_is_refused_from_the_header_without_decoding() -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidImageError):
        load_image(BAD_INPUTS / "bomb-30000x30000.png")
    # Decoding 900 megapixels would take many seconds and gigabytes; the header check takes milliseconds.
    assert time.perf_counter() - started < 1.0


def test_pixel_cap_applies_below_pillows_own_bomb_limit(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("L", (3000, 2000)).save(path)
    with pytest.raises(InvalidImageError, match="too large"):
        load_image(path, max_pixels=5_000_000)
    assert load_image(path).size == (3000, 2000)


def test_missing_file_and_folder_are_clear(tmp_path: Path) -> None:
    with pytest.raises(InvalidImageError, match="does not exist"):
        load_image(tmp_path / "nope.jpg")
    with pytest.raises(InvalidImageError, match="folder"):
        load_image(tmp_path)


def test_rgba_photo_becomes_rgb_on_white() -> None:
    source = Image.open(PHOTOS / "32bit.png")
    assert source.mode == "RGBA"
    image = load_image(PHOTOS / "32bit.png")
    assert image.mode == "RGB" and image.size == source.size
    alpha = np.asarray(source.getchannel("A"))
    if (alpha == 0).any():  # fully transparent pixels turn white
        assert (np.asarray(image)[alpha == 0] == 255).all()


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = Image.new("RGB", (60, 20), (200, 10, 10))
    image.paste((10, 10, 200), (0, 0, 10, 20))  # a blue stripe on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = tmp_path / "rotated.jpg"
    image.save(path, exif=exif.tobytes(), quality=95)
    loaded = load_image(path)
    assert loaded.size == (20, 60)
    top = np.asarray(loaded)[2, 10]
    assert top[2] > 150 and top[0] < 100  # the left stripe is now at the top


@pytest.mark.parametrize("mode", ["P", "LA", "L", "CMYK", "I;16"])
def test_other_modes_become_8bit_rgb(tmp_path: Path, mode: str) -> None:
    base = Image.linear_gradient("L").resize((32, 32))
    if mode == "I;16":
        image = Image.fromarray(np.asarray(base).astype(np.uint16) * 257)
        assert image.mode == "I;16"
    elif mode == "P":
        image = base.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE)
        image.info["transparency"] = 0
    else:
        image = base.convert(mode)
    path = tmp_path / f"image.{'tif' if mode == 'CMYK' else 'png'}"
    image.save(path)
    loaded = load_image(path)
    assert loaded.mode == "RGB" and loaded.size == (32, 32)
    if mode == "I;16":
        assert np.asarray(loaded).max() > 200  # 16-bit range scaled down, not clipped to black/white
        assert np.asarray(loaded).min() < 50
