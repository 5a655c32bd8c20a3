"""Safe image loading: every photo the app opens goes through `load_image`.

Photos come from users, cameras and the web, so they can be empty, truncated, not images
at all, or decompression bombs. The pixel count is checked from the header before any
pixel is decoded; EXIF orientation is applied; every mode (RGBA, palette, 16-bit, CMYK)
becomes plain 8-bit RGB, so later code handles one kind of image only.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

# 50 megapixels: above any phone or DSLR photo, far below what would exhaust memory.
MAX_PIXELS = 50_000_000
_TRANSPARENT_BACKGROUND = (255, 255, 255)


class InvalidImageError(InvalidInputError):
    """The file is not a usable image (empty, truncated, unknown format, too large)."""


def load_image(path: str | Path, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Open, validate and normalise an image file to an upright 8-bit RGB image."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError as error:
        raise InvalidImageError(QT_TRANSLATE_NOOP("images", "The image {name} does not exist.").format(name=name)) from error
    except OSError as error:
        raise InvalidImageError(QT_TRANSLATE_NOOP("images", "Cannot read the image {name}: {reason}.").format(
            name=name, reason=error.strerror or error)) from error
    if path.is_dir():
        raise InvalidImageError(QT_TRANSLATE_NOOP("images", "{name} is a folder, not an image.").format(name=name))
    if size == 0:
        raise InvalidImageError(QT_TRANSLATE_NOOP("images", "The image {name} is empty (0 bytes).").format(name=name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise InvalidImageError(QT_TRANSLATE_NOOP(
                        "images", "The image {name} is too large ({width}x{height} pixels; the limit is "
                                  "{limit} megapixels).").format(name=name, width=width, height=height,
                                                                 limit=max_pixels // 1_000_000))
                image.load()
                return to_rgb(ImageOps.exif_transpose(image))
        except Image.DecompressionBombError as error:
            raise InvalidImageError(QT_TRANSLATE_NOOP(
                "images", "The image {name} is too large (over {limit} megapixels).").format(
                name=name, limit=max_pixels // 1_000_000)) from error
        except UnidentifiedImageError as error:
            raise InvalidImageError(QT_TRANSLATE_NOOP("images", "{name} is not an image file this app can read.").format(
                name=name)) from error
        except InvalidImageError:
            raise
        except (OSError, SyntaxError, ValueError) as error:  # PIL reports damaged data with these
            log.info("Image %s failed to decode", path, exc_info=True)
            raise InvalidImageError(QT_TRANSLATE_NOOP("images", "The image {name} is truncated or damaged.").format(
                name=name)) from error


def to_rgb(image: Image.Image) -> Image.Image:
    """Any PIL mode → 8-bit RGB; transparency is flattened onto white."""
    if image.mode == "RGB":
        return image.copy()
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        values = np.asarray(image, dtype=np.float64)
        full_scale = 65535.0 if values.size and values.max() > 255 else 255.0
        gray = np.clip(values * (255.0 / full_scale), 0, 255).astype(np.uint8)
        return Image.fromarray(gray).convert("RGB")
    if image.mode == "P" or image.mode in ("LA", "PA", "La", "RGBa") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, _TRANSPARENT_BACKGROUND)
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")
