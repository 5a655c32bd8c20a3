"""Classic (non-AI) looks made with OpenCV, so a new user gets a stylized portrait before
any model is installed. They go through the same request and result types.

`intensity` (0–1) blends the input crop (0) with the full filter (1) pixel by pixel. A blend
rather than stronger filter parameters, because it is continuous and monotonic in every
filter alike, which is what the balance sweep and the blend grid search along.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text

CLASSIC_LABELS: dict[str, Text] = {
    "cartoon": QT_TRANSLATE_NOOP("engine.classic", "Classic filter: cartoon"),
    "sketch": QT_TRANSLATE_NOOP("engine.classic", "Classic filter: pencil sketch"),
    "watercolor": QT_TRANSLATE_NOOP("engine.classic", "Classic filter: watercolor"),
}


def apply_classic(image: Image.Image, style: str, intensity: float = 1.0) -> Image.Image:
    """The filtered image, blended with the input at `intensity` (0 = the input, 1 = the full filter;
    the request checks the range)."""
    rgb = np.asarray(image.convert("RGB"))
    if style == "cartoon":
        result = _cartoon(rgb)
    elif style == "sketch":
        result = _sketch(rgb)
    elif style == "watercolor":
        result = _watercolor(rgb)
    else:
        raise ValueError(f"unknown classic style {style!r}")
    if intensity < 1.0:
        result = cv2.addWeighted(result, intensity, rgb, 1.0 - intensity, 0)
    return Image.fromarray(result)


def _cartoon(rgb: np.ndarray) -> np.ndarray:
    """Flat colour regions (repeated bilateral filtering + quantisation) under bold edges."""
    smooth = rgb
    for _ in range(4):
        smooth = cv2.bilateralFilter(smooth, d=9, sigmaColor=40, sigmaSpace=9)
    flat = (smooth // 32) * 32 + 16
    gray = cv2.medianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), 7)
    edges = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 9, 5)
    return cv2.bitwise_and(flat.astype(np.uint8), flat.astype(np.uint8), mask=edges)


def _sketch(rgb: np.ndarray) -> np.ndarray:
    """Colour-dodge of the grey image with its blurred negative: a pencil drawing."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    blurred = cv2.GaussianBlur(255 - gray, (0, 0), sigmaX=max(2.0, min(gray.shape) / 60))
    sketch = cv2.divide(gray, 255 - blurred, scale=256)
    return cv2.cvtColor(sketch, cv2.COLOR_GRAY2RGB)


def _watercolor(rgb: np.ndarray) -> np.ndarray:
    """Edge-preserving smoothing, soft colour bleeding and a paper-like brightening."""
    smooth = cv2.edgePreservingFilter(rgb, flags=cv2.RECURS_FILTER, sigma_s=60, sigma_r=0.45)
    bled = cv2.pyrMeanShiftFiltering(smooth, sp=10, sr=30)
    paper = cv2.addWeighted(bled, 0.85, np.full_like(bled, 255), 0.15, 0)
    return paper
