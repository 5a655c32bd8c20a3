"""Face finding and scoring speed: `python benchmarks/run.py --faces` (seconds, no model kit needed).

- `face_detect_ms`: `detect_faces` on a 12-MP photo (the test portrait upscaled, aspect kept),
  as the GUI's loader thread and `generate` run it on every photo opened.
- `score_ms`: likeness + structure of a 512-px result (the classic cartoon of the portrait's
  crop) against its crop, as scored after every generation; the crop's own descriptor is
  cached after the first result on a photo, so this is the per-result cost.
- `source_descriptor_ms` (report): the extra cost of the first result on a new photo.
- `*_cpu_ms` (report): the same in this process's CPU time. The 2 cores are often shared with
  other work; dlib runs on one thread, so CPU time is what the wall time would be on an idle core.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from measure import timed

TWELVE_MP = 12_000_000
# (key, limit, what): run.py turns these into its Goal rows.
FACE_GOALS = (
    ("face_detect_ms", 300, "detect_faces on a 12-MP photo"),
    ("score_ms", 200, "likeness + structure of a 512-px result (source descriptor cached)"),
)


def cpu_timed(fn: Callable[[], object]) -> float:
    """CPU seconds this process spends in one call (all its threads)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def faces_section(photo: Path, repeats: int = 9) -> dict[str, float]:
    from PIL import Image

    from mmpp_desktop.core.engine.classic import apply_classic
    from mmpp_desktop.core.faces import detect_faces, face_descriptor, prepare_face
    from mmpp_desktop.core.images import load_image
    from mmpp_desktop.core.scoring import face_in_crop, score_images

    image = load_image(photo)
    scale = (TWELVE_MP / (image.width * image.height)) ** 0.5
    big = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BICUBIC)
    assert detect_faces(big), "the benchmark photo must have a face"  # also loads dlib's detector
    detect = statistics.median(timed(lambda: detect_faces(big)) for _ in range(repeats))
    detect_cpu = statistics.median(cpu_timed(lambda: detect_faces(big)) for _ in range(repeats))

    prepared = prepare_face(image, 512)
    result = apply_classic(prepared.image, "cartoon")
    crop_face = face_in_crop(prepared.info, prepared.image.size)
    first = score_images(prepared.image, crop_face, result)  # loads the models, caches the source descriptor
    assert first.likeness is not None and first.structure is not None
    score = statistics.median(timed(lambda: score_images(prepared.image, crop_face, result))
                              for _ in range(repeats))
    score_cpu = statistics.median(cpu_timed(lambda: score_images(prepared.image, crop_face, result))
                                  for _ in range(repeats))
    assert crop_face is not None
    source = statistics.median(timed(lambda: face_descriptor(prepared.image, crop_face)) for _ in range(repeats))
    return {"face_detect_ms": detect * 1000, "score_ms": score * 1000, "source_descriptor_ms": source * 1000,
            "face_detect_cpu_ms": detect_cpu * 1000, "score_cpu_ms": score_cpu * 1000,
            "photo_megapixels": big.width * big.height / 1e6, "likeness_of_cartoon": float(first.likeness)}
