"""Scores for a result: did it keep the person, the photo's structure, and the prompt?

- `likeness` = clamp(1 − d / 1.2, 0, 1), d the distance between dlib's ResNet descriptors
  of the source face and the face found in the result. dlib's same-person line d = 0.6 is
  likeness 0.5, and `same_person` is d < 0.6. No face in the result: likeness 0, not the
  same person. None only when the source has no face.
- `structure`: the edge F-score (boundary F-measure, as in the BSDS500 benchmark) between the
  Canny edges of the input crop and of the result, with a `EDGE_TOLERANCE_PX` pixel tolerance:
  precision is the share of result edge pixels within the tolerance of a source edge, recall
  the share of source edge pixels within it of a result edge, F = 2PR / (P + R). The Canny
  thresholds are the ControlNet Canny defaults, so it measures what ControlNet is asked to hold.
- `clip`: CLIPScore (Hessel et al. 2021, "CLIPScore: A Reference-free Evaluation Metric for
  Image Captioning"): 2.5 × max(cos(image embedding, text embedding), 0), only with a real CLIP
  model (`find_clip_model`); otherwise None, never a made-up number.

Everything runs on the calling (worker or CLI) thread; dlib models load once per process, a
CLIP model once per path. The source face's descriptor is cached, so scoring many styles on
one photo computes it once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.faces import descriptor_distance, detect_faces, face_descriptor
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text, sentences
from mmpp_desktop.core.types import FaceBox, FaceInfo, GenerationResult, Scores

log = logging.getLogger(__name__)

SAME_PERSON_DISTANCE = 0.6  # dlib's threshold for its ResNet descriptor
LIKENESS_ZERO_DISTANCE = 1.2  # likeness 0 at twice the same-person line
EDGE_TOLERANCE_PX = 2  # at STRUCTURE_SIDE pixels
STRUCTURE_SIDE = 512
CANNY_LOW, CANNY_HIGH = 100, 200  # ControlNetSettings' defaults
CLIP_SCORE_WEIGHT = 2.5  # Hessel et al.'s w
RESULT_DETECT_SIDE = 256  # a result's face spans about half its width: still 128 px here, at a quarter of the cost
# CLIP repos used when one is already in the local Hugging Face cache (nothing is downloaded).
CACHED_CLIP_REPOS = ("openai/clip-vit-large-patch14", "openai/clip-vit-base-patch32",
                     "openai/clip-vit-base-patch16", "laion/CLIP-ViT-bigG-14-laion2B-39B-b160k")

_SOURCE_CACHE_SIZE = 16
_source_lock = threading.Lock()
_source_descriptors: OrderedDict[tuple[str, FaceBox], np.ndarray] = OrderedDict()
_clip_lock = threading.Lock()
_clip_models: dict[tuple[str, ...], Any] = {}


def likeness_from_distance(distance: float) -> float:
    return min(1.0, max(0.0, 1.0 - distance / LIKENESS_ZERO_DISTANCE))


# ---- likeness -----------------------------------------------------------------------------------------------


def source_descriptor(image: Image.Image, face: FaceBox) -> np.ndarray:
    """The descriptor of `face` in `image`, cached by pixels and box: the same crop scored again
    (another style on the same photo) costs nothing."""
    key = (hashlib.blake2b(image.tobytes(), digest_size=16).hexdigest() + f"{image.size}{image.mode}", face)
    with _source_lock:
        if key in _source_descriptors:
            _source_descriptors.move_to_end(key)
            return _source_descriptors[key]
    descriptor = face_descriptor(image, face)
    with _source_lock:
        _source_descriptors[key] = descriptor
        while len(_source_descriptors) > _SOURCE_CACHE_SIZE:
            _source_descriptors.popitem(last=False)
    return descriptor


def _likeness(crop: Image.Image, crop_face: FaceBox | None,
              result_image: Image.Image) -> tuple[float | None, bool | None, Text]:
    if crop_face is None:
        return None, None, QT_TRANSLATE_NOOP("scoring", "No face in the source photo, so likeness was not measured.")
    faces = detect_faces(result_image, max_side=RESULT_DETECT_SIDE)
    if not faces:
        return 0.0, False, QT_TRANSLATE_NOOP("scoring", "No face was found in the result: likeness 0.")
    source = source_descriptor(crop, crop_face)  # only now: a faceless result needs no descriptor
    distance = descriptor_distance(source, face_descriptor(result_image, faces[0]))
    same = distance < SAME_PERSON_DISTANCE
    verdict = (QT_TRANSLATE_NOOP("scoring", "Face distance {distance:.2f}: the same person.") if same
               else QT_TRANSLATE_NOOP("scoring", "Face distance {distance:.2f}: not the same person."))
    return likeness_from_distance(distance), same, verdict.format(distance=distance)


# ---- structure ----------------------------------------------------------------------------------------------


def _edges(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    gray = np.asarray(image.convert("L").resize(size, Image.Resampling.BILINEAR))
    return cv2.Canny(gray, CANNY_LOW, CANNY_HIGH) > 0


def structure_score(source: Image.Image, result: Image.Image) -> float:
    """Edge F-score with a pixel tolerance between the Canny edges of `source` and `result` (0–1).

    Both are compared at the result's aspect, `STRUCTURE_SIDE` pixels on the long side. Two
    edgeless images agree fully; an edgeless one against an edged one not at all.
    """
    scale = STRUCTURE_SIDE / max(result.size)
    size = (max(1, round(result.width * scale)), max(1, round(result.height * scale)))
    source_edges, result_edges = _edges(source, size), _edges(result, size)
    if not source_edges.any() and not result_edges.any():
        return 1.0
    if not source_edges.any() or not result_edges.any():
        return 0.0

    def near(edges: np.ndarray) -> np.ndarray:
        """Pixels within the tolerance of an edge: distance to the nearest edge pixel."""
        return cv2.distanceTransform((~edges).astype(np.uint8), cv2.DIST_L2, 3) <= EDGE_TOLERANCE_PX

    precision = float((result_edges & near(source_edges)).sum() / result_edges.sum())
    recall = float((source_edges & near(result_edges)).sum() / source_edges.sum())
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


# ---- CLIP ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClipSource:
    """Where a CLIP pair comes from: one CLIPModel folder, or SDXL's text_encoder_2 + an image encoder."""

    model: str | None = None  # a transformers CLIPModel folder
    text_encoder: str | None = None  # folder of a CLIPTextModelWithProjection
    tokenizer: str | None = None
    image_encoder: str | None = None  # folder of a CLIPVisionModelWithProjection in the same space

    def key(self) -> tuple[str, ...]:
        return tuple(str(value) for value in dataclasses.astuple(self))


def _config(folder: Path) -> dict[str, Any]:
    try:
        return json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def clip_folder(path: str | Path) -> ClipSource:
    """A configured CLIP folder, checked: its config must be a transformers CLIPModel's."""
    folder = Path(path).expanduser()
    if _config(folder).get("model_type") != "clip":
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "scoring", "{name} is not a CLIP model folder (transformers CLIPModel).").format(name=folder.name or folder))
    return ClipSource(model=str(folder))


def _cached_clip_repo() -> ClipSource | None:
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    for repo in CACHED_CLIP_REPOS:
        found = try_to_load_from_cache(repo, "config.json")
        if isinstance(found, str):
            return ClipSource(model=str(Path(found).parent))
    return None


def _sdxl_pair(model: str, ip_adapter: str | None) -> ClipSource | None:
    """SDXL's text_encoder_2 (OpenCLIP ViT-bigG with projection) and an IP-Adapter image encoder
    whose projection has the same width (the ViT-bigG one; the ViT-H one is 1024 wide)."""
    base = Path(model).expanduser() if model else None
    if base is None or ip_adapter is None or not (base / "text_encoder_2").is_dir():
        return None
    width = _config(base / "text_encoder_2").get("projection_dim")
    folder = Path(ip_adapter).expanduser()
    for encoder in (folder / "sdxl_models" / "image_encoder", folder / "image_encoder",
                    folder / "models" / "image_encoder"):
        if width and _config(encoder).get("projection_dim") == width:
            return ClipSource(text_encoder=str(base / "text_encoder_2"), tokenizer=str(base / "tokenizer_2"),
                              image_encoder=str(encoder))
    return None


def find_clip_model(clip_model: str | None = None, *, base_model: str = "",
                    ip_adapter: str | None = None) -> ClipSource | None:
    """The CLIP model to score with: the configured folder, else a CLIP repo already in the local
    HF cache, else SDXL's text_encoder_2 with a matching IP-Adapter image encoder; else None."""
    if clip_model:
        return clip_folder(clip_model)
    return _cached_clip_repo() or _sdxl_pair(base_model, ip_adapter)


def _load_clip(source: ClipSource) -> Any:
    """(tokenizer, image processor, text-embedding fn, image-embedding fn), loaded once per source."""
    with _clip_lock:
        if source.key() in _clip_models:
            return _clip_models[source.key()]
        from transformers import (
            AutoTokenizer,
            CLIPImageProcessor,
            CLIPModel,
            CLIPTextModelWithProjection,
            CLIPVisionModelWithProjection,
        )

        if source.model is not None:
            model = CLIPModel.from_pretrained(source.model, local_files_only=True).eval()
            tokenizer = AutoTokenizer.from_pretrained(source.model, local_files_only=True)
            size = model.config.vision_config.image_size
            # What CLIPModel.forward does; get_*_features changed their return type in transformers 5.
            text_embeds = lambda ids: model.text_projection(model.text_model(input_ids=ids).pooler_output)  # noqa: E731
            image_embeds = lambda pixels: model.visual_projection(  # noqa: E731
                model.vision_model(pixel_values=pixels).pooler_output)
            processor_folder = Path(source.model)
        else:
            text = CLIPTextModelWithProjection.from_pretrained(source.text_encoder, local_files_only=True).eval()
            vision = CLIPVisionModelWithProjection.from_pretrained(source.image_encoder,
                                                                   local_files_only=True).eval()
            tokenizer = AutoTokenizer.from_pretrained(source.tokenizer, local_files_only=True)
            size = vision.config.image_size
            text_embeds = lambda ids: text(input_ids=ids).text_embeds  # noqa: E731
            image_embeds = lambda pixels: vision(pixel_values=pixels).image_embeds  # noqa: E731
            processor_folder = Path(str(source.image_encoder))
        if (processor_folder / "preprocessor_config.json").is_file():
            processor = CLIPImageProcessor.from_pretrained(processor_folder, local_files_only=True)
        else:  # OpenAI's normalisation, which every CLIP image encoder here was trained with
            processor = CLIPImageProcessor(size={"shortest_edge": size}, crop_size={"height": size, "width": size})
        loaded = (tokenizer, processor, text_embeds, image_embeds)
        _clip_models.clear()  # one CLIP model in memory at a time
        _clip_models[source.key()] = loaded
        return loaded


def clip_score(image: Image.Image, prompt: str, source: ClipSource) -> float:
    """CLIPScore: w · max(cos(E_image, E_text), 0) with w = 2.5 (Hessel et al. 2021)."""
    import torch

    tokenizer, processor, text_embeds, image_embeds = _load_clip(source)
    ids = tokenizer([prompt], padding="max_length", truncation=True,
                    max_length=min(77, tokenizer.model_max_length), return_tensors="pt").input_ids
    pixels = processor(images=[image.convert("RGB")], return_tensors="pt").pixel_values
    with torch.inference_mode():
        text = torch.nn.functional.normalize(text_embeds(ids).float(), dim=-1)
        picture = torch.nn.functional.normalize(image_embeds(pixels).float(), dim=-1)
    return CLIP_SCORE_WEIGHT * max(float((text * picture).sum()), 0.0)


# ---- entry points -------------------------------------------------------------------------------------------


def face_in_crop(info: FaceInfo | None, crop_size: tuple[int, int]) -> FaceBox | None:
    """The face box of `info` mapped into the resized crop's pixels (None without a face)."""
    if info is None or info.face_box is None or info.crop_box.width <= 0:
        return None
    face, crop = info.face_box, info.crop_box
    scale_x, scale_y = crop_size[0] / crop.width, crop_size[1] / crop.height
    left, top = max(0, round((face.x - crop.x) * scale_x)), max(0, round((face.y - crop.y) * scale_y))
    right = min(crop_size[0], round((face.x + face.width - crop.x) * scale_x))
    bottom = min(crop_size[1], round((face.y + face.height - crop.y) * scale_y))
    return FaceBox(left, top, right - left, bottom - top) if right > left and bottom > top else None


def score_images(crop: Image.Image, crop_face: FaceBox | None, result: Image.Image, *, prompt: str = "",
                 clip: ClipSource | None = None, face_known: bool = False) -> Scores:
    """Score `result` against the `crop` it was made from; `crop_face` is the face in the crop's pixels.

    `face_known` says the crop was made without a face (whole image): no detection is tried then.
    """
    messages: list[Text] = []
    if crop_face is None and not face_known:
        found = detect_faces(crop)
        crop_face = found[0] if found else None
    likeness, same_person, message = _likeness(crop, crop_face, result)
    messages.append(message)
    structure = structure_score(crop, result)
    score = None
    if clip is None:
        messages.append(QT_TRANSLATE_NOOP("scoring", "No CLIP model available, so prompt agreement was not measured."))
    elif not prompt.strip():
        messages.append(QT_TRANSLATE_NOOP("scoring", "No prompt, so prompt agreement was not measured."))
    else:
        score = clip_score(result, prompt, clip)
    return Scores(likeness=likeness, same_person=same_person, structure=structure, clip=score,
                  message=sentences(*messages))


def score_result(result: GenerationResult, *, clip_model: str | None = None) -> Scores:
    """The scores of a result's first image against its input crop, with the request's prompt.

    `clip_model` is a configured CLIP folder; without one, a cached CLIP repo or the SDXL pair
    (the request's model and IP-Adapter) is used when present. A CLIP model that fails to load
    leaves `clip` None and says why in the message; the other scores stand.
    """
    if not result.images or result.input_crop is None:
        return Scores(message=QT_TRANSLATE_NOOP("scoring", "Nothing to score: the result has no image or no input crop."))
    request = result.request
    crop = result.input_crop
    clip_problem: Text | None = None
    try:
        clip = find_clip_model(clip_model, base_model=request.model,
                               ip_adapter=request.ip_adapter.model if request.ip_adapter else None)
    except InvalidInputError as error:
        log.warning("CLIP model unusable: %s", error.message)
        clip, clip_problem = None, error.message
    crop_face = face_in_crop(result.face, crop.size)
    no_face_used = result.face is not None and result.face.face_box is None
    try:
        scores = score_images(crop, crop_face, result.images[0], prompt=request.prompt, clip=clip,
                              face_known=no_face_used)
    except (OSError, ValueError, RuntimeError):  # a CLIP folder with broken weights
        if clip is None:
            raise
        log.warning("CLIP scoring failed; scoring without it", exc_info=True)
        scores = score_images(crop, crop_face, result.images[0], face_known=no_face_used)
        clip_problem = QT_TRANSLATE_NOOP("scoring", "The CLIP model could not be used; details are in the log.")
    if clip_problem is not None:
        scores = dataclasses.replace(scores, message=sentences(scores.message, clip_problem))
    return scores


def with_scores(result: GenerationResult, scores: Scores) -> GenerationResult:
    """The result carrying `scores`, also in its recipe (so the PNG's `mmpp_recipe` has them)."""
    return dataclasses.replace(result, scores=scores, recipe={**result.recipe, "scores": scores.to_dict()})


def attach_scores(result: GenerationResult, *, clip_model: str | None = None) -> GenerationResult:
    """The generation service's score step: the result with its scores, or unchanged (and the
    reason logged) when scoring itself fails, so a scoring bug never loses a finished image."""
    try:
        return with_scores(result, score_result(result, clip_model=clip_model))
    except Exception:
        log.exception("Scoring the result failed")
        return result
