"""The live fast path: one camera frame in, one stylized frame out, as fast as the hardware allows.

It drives the engine's warm img2img pipeline (`Engine.warm_pipeline`) with the StreamDiffusion
tricks that pay off on a single frame stream:

- few steps (LCM/TCD, 1-4) with guidance <= 1, so there is no classifier-free guidance batch;
- prompt embeddings encoded once (with the pipeline's own `encode_prompt`) and reused until the
  prompt or the styles change;
- the same seed (so the same VAE sample and the same added noise) on every frame, so a still
  scene gives a still picture instead of flicker;
- the tiny autoencoder (taesd) for the decode when one is configured;
- a similarity filter that skips a frame barely different from the last one processed;
- a face crop box found every few frames and smoothed in between, instead of detected anew.

ControlNet is never used here (it roughly doubles the UNet cost per step).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.faces import centre_square, detect_faces, face_crop_box
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.core.types import CancelToken, FaceBox, FaceInfo, GenerationRequest, GenerationResult

if TYPE_CHECKING:
    from mmpp_desktop.core.engine.engine import Engine, WarmPipeline

log = logging.getLogger(__name__)

LIVE_SCHEDULERS = ("lcm", "tcd")
MAX_LIVE_STEPS = 4
_LATENT_MULTIPLE = 8
_SIMILARITY_SIDE = 32


@dataclass(frozen=True)
class LiveOptions:
    """Knobs of the fast path; the defaults are what measured best (see benchmarks/RESULTS.md).

    `similarity_threshold` is the mean absolute difference (0-1) of two 32x32 grey thumbnails
    under which a frame is skipped; 0 turns the filter off.
    """

    similarity_threshold: float = 0.008
    tiny_decoder: bool = True
    track_faces: bool = True
    detect_every: int = 8
    smoothing: float = 0.35
    detect_in_background: bool = True


@dataclass(frozen=True)
class LiveFrame:
    """One stylized frame with what made it: the raw frame, the crop used and the recipe."""

    image: Image.Image
    input_frame: Image.Image
    input_crop: Image.Image
    crop_box: FaceBox
    request: GenerationRequest
    recipe: dict[str, Any]
    seconds: float


def live_request(request: GenerationRequest) -> GenerationRequest:
    """The request as live mode runs it: no ControlNet, guidance <= 1, a few-step sampler, one image."""
    if request.scheduler not in LIVE_SCHEDULERS:
        raise InvalidInputError(QT_TRANSLATE_NOOP("engine.live", "Live mode needs the LCM or TCD sampler."))
    if not 1 <= request.steps <= MAX_LIVE_STEPS:
        raise InvalidInputError(QT_TRANSLATE_NOOP("engine.live", "Live mode runs 1 to {max_steps} steps.").format(
            max_steps=MAX_LIVE_STEPS))
    return dataclasses.replace(request, controlnet=None, guidance=min(request.guidance, 1.0), num_images=1,
                               classic=None)


class SimilarityFilter:
    """Skips a frame whose small grey thumbnail is within `threshold` of the last processed frame's."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._last: np.ndarray | None = None

    @staticmethod
    def thumbnail(frame: Image.Image) -> np.ndarray:
        grey = cv2.cvtColor(np.asarray(frame.convert("RGB")), cv2.COLOR_RGB2GRAY)
        return cv2.resize(grey, (_SIMILARITY_SIDE, _SIMILARITY_SIDE), interpolation=cv2.INTER_AREA).astype(np.float32)

    def difference(self, frame: Image.Image) -> float:
        """Mean absolute difference (0-1) to the last processed frame; 1.0 before the first."""
        if self._last is None:
            return 1.0
        return float(np.mean(np.abs(self.thumbnail(frame) - self._last)) / 255.0)

    def should_skip(self, frame: Image.Image) -> bool:
        """True for a near-duplicate; otherwise the frame becomes the new reference."""
        if self.threshold <= 0:
            return False
        thumbnail = self.thumbnail(frame)
        if self._last is not None and float(np.mean(np.abs(thumbnail - self._last))) / 255.0 < self.threshold:
            return True
        self._last = thumbnail
        return False

    def reset(self) -> None:
        self._last = None


class FaceTracker:
    """The crop square over a stream: detected every `detect_every` frames (every frame while no face
    has been seen), exponentially smoothed in between so the crop neither jumps nor jitters.

    With `background`, the periodic re-detection runs on a helper thread while frames go on being
    stylized (the face detector is CPU work; on a GPU it would otherwise stall every 8th frame);
    its box is used from the first frame after it finishes. Finding the first face is never deferred.
    """

    def __init__(self, detect_every: int = 8, smoothing: float = 0.35, background: bool = False) -> None:
        self.detect_every = max(1, detect_every)
        self.smoothing = min(max(smoothing, 0.0), 1.0)
        self.background = background
        self._pending: Future[list[FaceBox]] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self.detections = 0
        self.faces_found = 0
        self._box: np.ndarray | None = None  # x, y, side as floats
        self._target: np.ndarray | None = None
        self._frame_size: tuple[int, int] | None = None
        self._since_detection = 0

    def crop_box(self, frame: Image.Image) -> FaceBox:
        if frame.size != self._frame_size:
            self._box = self._target = None
            self._pending = None  # a box found on another source's frames does not apply
            self._frame_size = frame.size
        self._collect_background()
        if self._target is None:
            self._detect(frame)
        elif self._since_detection >= self.detect_every and self._pending is None:
            if self.background:
                self._detect_in_background(frame)
            else:
                self._detect(frame)
        self._since_detection += 1
        if self._target is None:
            return centre_square(frame.size)
        self._box = self._target.copy() if self._box is None else \
            self._box + self.smoothing * (self._target - self._box)
        x, y, side = (int(round(value)) for value in self._box)
        return FaceBox(x, y, side, side)

    def _detect(self, frame: Image.Image) -> None:
        self.detections += 1
        self._since_detection = 0
        self._use(detect_faces_near(frame, self._current_crop()), frame.size)

    def _detect_in_background(self, frame: Image.Image) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-face-tracker")
        self.detections += 1
        self._since_detection = 0
        self._pending = self._executor.submit(detect_faces_near, frame.copy(), self._current_crop())

    def _current_crop(self) -> FaceBox | None:
        if self._target is None:
            return None
        x, y, side = (int(round(value)) for value in self._target)
        return FaceBox(x, y, side, side)

    def _collect_background(self) -> None:
        pending = self._pending
        if pending is None or not pending.done():
            return
        self._pending = None
        try:
            faces = pending.result()
        except Exception:  # a failed re-detection keeps the current box; the next one may succeed
            log.warning("Background face detection failed", exc_info=True)
            return
        if self._frame_size is not None:
            self._use(faces, self._frame_size)

    def _use(self, faces: list[FaceBox], frame_size: tuple[int, int]) -> None:
        self.faces_found = len(faces)
        if faces:
            box = face_crop_box(faces[0], frame_size)
            self._target = np.array([box.x, box.y, box.width], dtype=np.float64)

    def close(self) -> None:
        """Stop the helper thread (a detection still running finishes on its own)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def detect_faces_near(frame: Image.Image, crop: FaceBox | None) -> list[FaceBox]:
    """The faces inside `crop` (the square the tracker holds), else in the whole frame.

    A webcam face moves little between two detections, so searching the crop first costs a
    fraction of a whole-frame search: a face that fills a fifth of a 640-px frame needs the
    detector's slow upsampled pass there, while the crop is small enough to search directly.
    """
    if crop is not None:
        window = frame.crop((crop.x, crop.y, crop.x + crop.width, crop.y + crop.height))
        found = detect_faces(window)
        if found:
            return [FaceBox(box.x + crop.x, box.y + crop.y, box.width, box.height) for box in found]
    return detect_faces(frame)  # it shrinks the frame to what its detector needs


def encode_prompt(pipe: Any, family: str, prompt: str, device: Any) -> dict[str, Any]:
    """The pipeline's own text encoding without guidance, as the keyword arguments its call takes."""
    if family == "sdxl":
        embeds, _negative, pooled, _negative_pooled = pipe.encode_prompt(
            prompt=prompt, device=device, num_images_per_prompt=1, do_classifier_free_guidance=False)
        return {"prompt_embeds": embeds, "pooled_prompt_embeds": pooled}
    embeds, _negative = pipe.encode_prompt(prompt, device, 1, False)
    return {"prompt_embeds": embeds}


class LiveStylizer:
    """Stylizes a stream of frames with one request; call it from one thread (the engine's)."""

    def __init__(self, engine: Engine, request: GenerationRequest, options: LiveOptions | None = None,
                 cancel: CancelToken | None = None) -> None:
        self.engine = engine
        self.options = options or LiveOptions()
        self.cancel = cancel  # when set mid-frame, the frame stops at the next layer (GenerationCancelled)
        self.filter = SimilarityFilter(self.options.similarity_threshold)
        self.tracker = FaceTracker(self.options.detect_every, self.options.smoothing,
                                   background=self.options.detect_in_background)
        self.skipped_similar = 0
        self.prompt_encodings = 0
        self._request = live_request(request)
        self._warm: WarmPipeline | None = None
        self._embeddings: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._tiny: Any = None
        self._tiny_folder: str | None = None

    @property
    def request(self) -> GenerationRequest:
        return self._request

    def set_request(self, request: GenerationRequest) -> None:
        """New styles, weights or prompt: applied from the next frame on, with the base kept warm."""
        request = live_request(request)
        if request != self._request:
            self._request = request
            self._warm = None
            self.filter.reset()  # the same scene must be re-rendered with the new look

    def close(self) -> None:
        """Stop the face tracker's helper thread; the stylizer is done."""
        self.tracker.close()

    def warm(self) -> WarmPipeline:
        """Load the model and set the styles now (the first frame would otherwise pay for it)."""
        if self._warm is None:
            self._warm = self.engine.warm_pipeline(self._request)
        return self._warm

    def prompt_embeddings(self) -> dict[str, Any]:
        """Cached per prompt and LoRA set (text-encoder LoRAs change the embeddings)."""
        warm = self.warm()
        request = self._request
        key = (id(warm.pipe), request.prompt, request.styles, request.acceleration_lora, request.scheduler)
        if key not in self._embeddings:
            import torch

            with torch.inference_mode():
                self._embeddings = {key: encode_prompt(warm.pipe, warm.family, request.prompt, warm.device)}
            self.prompt_encodings += 1
        return self._embeddings[key]

    def stylize(self, frame: Image.Image) -> LiveFrame | None:
        """The stylized frame, or None when the similarity filter skips it."""
        if self.filter.should_skip(frame):
            self.skipped_similar += 1
            return None
        return self.render(frame)

    def render(self, frame: Image.Image) -> LiveFrame:
        """Stylize one frame unconditionally: crop, denoise from the fixed seed, decode."""
        import torch

        from mmpp_desktop.core.engine.engine import cancel_hooks

        started = time.perf_counter()
        frame = frame.convert("RGB")
        request = self._request
        warm = self.warm()
        embeddings = self.prompt_embeddings()
        box = self.tracker.crop_box(frame) if self.options.track_faces else centre_square(frame.size)
        crop = frame.crop((box.x, box.y, box.x + box.width, box.y + box.height)).resize(
            (request.size, request.size), Image.Resampling.LANCZOS)
        work_size = -(-request.size // _LATENT_MULTIPLE) * _LATENT_MULTIPLE
        init_image = crop if work_size == request.size else crop.resize((work_size, work_size),
                                                                          Image.Resampling.LANCZOS)
        models = (warm.pipe.unet, warm.pipe.vae, self._tiny) if self.cancel is not None else ()
        with torch.inference_mode(), cancel_hooks(models, self.cancel or CancelToken()):
            latents = warm.pipe(
                image=init_image, **embeddings, strength=request.strength, num_inference_steps=request.steps,
                guidance_scale=request.guidance, generator=[torch.Generator("cpu").manual_seed(request.seed)],
                output_type="latent", **warm.kwargs,
            ).images
            image = self._decode(warm, latents)
        if image.size != (request.size, request.size):
            image = image.resize((request.size, request.size), Image.Resampling.LANCZOS)
        recipe = {**warm.recipe, "live": True, "decoder": "taesd" if self._tiny is not None else "vae",
                  "face": {"faces_found": self.tracker.faces_found, "face_box": None,
                           "crop_box": [box.x, box.y, box.width, box.height]}}
        return LiveFrame(image=image, input_frame=frame, input_crop=crop, crop_box=box, request=request,
                         recipe=recipe, seconds=time.perf_counter() - started)

    def _decode(self, warm: WarmPipeline, latents: Any) -> Image.Image:
        decoder = self._tiny_decoder(warm) if self.options.tiny_decoder else None
        if decoder is None:
            return warm.decode(latents)[0]
        decoded = decoder.decode(latents.to(decoder.dtype)).sample
        return warm.pipe.image_processor.postprocess(decoded, output_type="pil")[0]

    def _tiny_decoder(self, warm: WarmPipeline) -> Any:
        """taesd/taesdxl when configured for the family, loaded once; None otherwise."""
        folder = self.engine.options.preview_decoders.get(warm.family, "")
        if not folder or not Path(folder).is_dir():
            self._tiny, self._tiny_folder = None, None
            return None
        if folder != self._tiny_folder:
            from diffusers import AutoencoderTiny

            self._tiny = AutoencoderTiny.from_pretrained(folder, torch_dtype=warm.pipe.unet.dtype,
                                                         local_files_only=True).to(warm.device)
            self._tiny_folder = folder
        return self._tiny


def snapshot_result(frame: LiveFrame, input_path: str) -> GenerationResult:
    """A live frame as a history-ready result; `input_path` is where its raw frame was saved."""
    request = dataclasses.replace(frame.request, input_image=input_path, face_box=None)
    recipe = {**frame.recipe, "request": request.to_dict()}
    box = frame.crop_box
    return GenerationResult(request=request, images=(frame.image,), recipe=recipe,
                            timings={"total": frame.seconds},
                            face=FaceInfo(faces_found=int(frame.recipe["face"]["faces_found"]), face_box=None,
                                          crop_box=box),
                            input_crop=frame.input_crop, messages=(QT_TRANSLATE_NOOP("engine.live", "Snapshot of live mode."),))
