"""The engine: one warm base pipeline per (model, device), requests in, results out.

Per request only cheap things change: the scheduler, the active LoRA adapters and weights,
the IP-Adapter scale and the derived img2img/ControlNet pipeline (built with `from_pipe`,
sharing every component). The base is reloaded only when the model, device or precision
changes; `base_loads` counts those loads so benchmarks and tests can prove it.

Cancellation granularity (a `CancelToken` set from any thread):
- Denoising and VAE encode/decode: forward pre-hooks on the UNet's, ControlNet's and VAE's
  resnets, attention layers, transformer blocks and down/up-samplers raise
  `GenerationCancelled` before the next one runs, so a cancel waits for at most one such
  layer, not a whole step: the largest, SD 1.5's 4096-token self-attention at 512 px, is a
  few percent of a step. The hooks exist only for the duration of a run.
- Compiled mode (`torch_compile`): the compiled UNet gets no hooks (they would be traced into
  its graph and guard it), so its cancel lands at the end of the running step; the ControlNet
  and VAE keep their hooks.
- Loading: checked before and after the base model load and between the LoRA, IP-Adapter and
  ControlNet loads. The base load itself is one diffusers call and runs to its end; the loaded
  model stays warm for the next request.

The engine reads no user settings: every model path arrives in the request (the generation
service resolves them from the preferences) and how to run arrives as `EngineOptions`.
"""

from __future__ import annotations

import functools
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from mmpp_desktop.core.engine import previews
from mmpp_desktop.core.engine.adapters import LoraAdapters, check_lora_family
from mmpp_desktop.core.engine.classic import CLASSIC_LABELS, apply_classic
from mmpp_desktop.core.engine.devices import (
    DeviceChoice,
    apply_memory_savers,
    choose_device,
    is_out_of_memory,
)
from mmpp_desktop.core.engine.errors import (
    GenerationCancelled,
    ModelNotFoundError,
    OutOfMemoryError,
    WrongFamilyError,
)
from mmpp_desktop.core.engine.ip_adapter import IPAdapterState, check_ip_adapter, mode_scale
from mmpp_desktop.core.engine.loading import (
    ModelSource,
    check_controlnet,
    cross_attention_width,
    describe_model,
    load_base_pipeline,
    load_controlnet,
)
from mmpp_desktop.core.engine.recipe import HashCache, base_recipe, file_entry
from mmpp_desktop.core.engine.schedulers import build_scheduler, scheduler_recipe
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.faces import PreparedFace, prepare_face
from mmpp_desktop.core.images import load_image
from mmpp_desktop.core.lora_files import family_title, refuse_pickle
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text
from mmpp_desktop.core.types import CancelToken, EngineOptions, GenerationRequest, GenerationResult, Progress

log = logging.getLogger(__name__)

_LATENT_MULTIPLE = 8
_FACE_CACHE_SIZE = 16


@dataclass(frozen=True)
class WarmPipeline:
    """The warm img2img pipeline set up for one request, for callers that drive diffusers frame
    after frame (live mode): `kwargs` go into every call, `decode` is the engine's own VAE decode."""

    pipe: Any
    family: str
    device: str
    kwargs: dict[str, Any]
    recipe: dict[str, Any]
    decode: Callable[[Any], list[Image.Image]]


class Engine:
    """Generates stylized portraits; keeps the base pipeline warm between requests.

    Not thread-safe by design: one generation at a time (a lock enforces it); the UI runs
    it on a worker thread and cancels through the `CancelToken`.
    """

    def __init__(self, options: EngineOptions | None = None, *, cache_dir: Path | None = None) -> None:
        self.options = options or EngineOptions()
        self.base_loads = 0
        self.decode_count = 0
        self._hashes = HashCache(cache_dir)
        self._lock = threading.Lock()
        self._base: Any = None
        self._base_key: tuple[str, str, str] | None = None
        self._source: ModelSource | None = None
        self._device: DeviceChoice | None = None
        self._offloaded = False
        self._scheduler_config: Any = None
        self._loras = LoraAdapters(self._hashes)
        self._folded: Any = None  # compiled.FoldedAdapters when torch_compile is on
        self._pipes: dict[tuple[Any, ...], Any] = {}  # img2img/ControlNet pipelines sharing the base's parts
        self._ip = IPAdapterState()
        self._controlnets: dict[Path, Any] = {}
        self._preview_decoder: Any = None
        self._preview_decoder_path: str | None = None
        self._faces: dict[tuple[Any, ...], PreparedFace] = {}

    # ---- public API ---------------------------------------------------------------------------------

    def detect_family(self, model: str) -> str:
        """"sd15" or "sdxl" from the files alone (no weights loaded)."""
        return describe_model(model).family

    def prepare_face(self, request: GenerationRequest) -> PreparedFace:
        """The crop generation will use for this request (the UI shows it before generating).

        Cached per photo version, so trying many styles on one photo detects its face once.
        """
        path = Path(request.input_image)
        try:
            stat = path.stat()
            key: tuple[Any, ...] | None = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, request.size,
                                           request.face_box, request.use_whole_image)
        except OSError:
            key = None  # load_image reports the problem
        if key is not None and key in self._faces:
            return self._faces[key]
        prepared = prepare_face(load_image(path), request.size, request.face_box, request.use_whole_image,
                                name=path.name)
        if key is not None:
            if len(self._faces) >= _FACE_CACHE_SIZE:
                self._faces.pop(next(iter(self._faces)))
            self._faces[key] = prepared
        return prepared

    def set_options(self, options: EngineOptions) -> None:
        """Apply new options from the next request on; the warm pipeline is kept unless the
        device, precision or compile mode they select differs from the loaded one."""
        with self._lock:
            self.options = options

    def unload(self, *, collect: bool = True) -> None:
        """Free the base pipeline and everything attached to it.

        `collect=False` skips the full garbage collection (100-400 ms with the GIL held, which
        freezes a window): for a caller that is shutting down, the next automatic collection
        frees the weights instead.
        """
        with self._lock:
            self._drop_base(collect=collect)

    def generate(self, request: GenerationRequest, progress: Callable[[Progress], None] | None = None,
                 cancel: CancelToken | None = None) -> GenerationResult:
        with self._lock:
            if request.classic:
                return self._generate_classic(request)
            return self._generate_diffusion(request, progress, cancel or CancelToken())

    def warm_pipeline(self, request: GenerationRequest) -> WarmPipeline:
        """The img2img pipeline for `request` with the base loaded, LoRAs, IP-Adapter and scheduler set.

        Only a model, device or precision change loads anything; run the pipeline on the thread that
        calls `generate`, never at the same time.
        """
        with self._lock:
            _validate(request)
            source = describe_model(request.model)
            device = choose_device(request.device if request.device != "auto" else self.options.device,
                                   self.options.precision)
            loras = self._lora_list(request)
            for path, _weight, _name in loras:
                check_lora_family(path, source.family)
            self._ensure_base(source, device, request.size)
            lora_entries = self._loras.apply(self._base, loras, folded=self._folded)
            kwargs: dict[str, Any] = {"eta": request.tcd_eta} if request.scheduler == "tcd" else {}
            ip_recipe = self._apply_ip_adapter(request, source.family, device, False, kwargs)
            pipe = self._derived_pipe(_img2img_class(source.family), device)
            pipe.scheduler = build_scheduler(request.scheduler, self._scheduler_config)
            recipe = base_recipe(request.to_dict())
            recipe.update({
                "family": source.family, "model": file_entry(self._hashes, source.path, source.name),
                "loras": lora_entries, "controlnet": None, "ip_adapter": ip_recipe,
                "scheduler": scheduler_recipe(request.scheduler), "seed": request.seed, "steps": request.steps,
                "guidance": request.guidance, "strength": request.strength, "width": request.size,
                "height": request.size, "device": device.device, "dtype": device.dtype_name,
                "offload": self._offloaded,
            })
            return WarmPipeline(pipe, source.family, device.device, kwargs, recipe,
                                functools.partial(self._decode, pipe))

    # ---- classic filters ----------------------------------------------------------------------------

    def _generate_classic(self, request: GenerationRequest) -> GenerationResult:
        started = time.perf_counter()
        prepared = self.prepare_face(request)
        image = apply_classic(prepared.image, str(request.classic), request.intensity)
        recipe = base_recipe(request.to_dict())
        recipe.update({
            "family": None, "model": None, "loras": [], "controlnet": None, "ip_adapter": None,
            "scheduler": {"name": "classic", "class": "OpenCV", "label": CLASSIC_LABELS[str(request.classic)]},
            "classic": request.classic, "intensity": request.intensity, "seed": request.seed, "steps": 0, "guidance": 0.0, "strength": 1.0,
            "width": request.size, "height": request.size, "device": "cpu", "dtype": "uint8",
            "face": _face_recipe(prepared),
        })
        elapsed = time.perf_counter() - started
        return GenerationResult(request=request, images=(image,) * max(1, request.num_images), recipe=recipe,
                                timings={"total": elapsed}, face=prepared.info, input_crop=prepared.image,
                                messages=(QT_TRANSLATE_NOOP("engine.engine", "{label} (no AI model used).").format(
                                    label=CLASSIC_LABELS[str(request.classic)]),))

    # ---- diffusion ----------------------------------------------------------------------------------

    def _generate_diffusion(self, request: GenerationRequest, progress: Callable[[Progress], None] | None,
                            cancel: CancelToken) -> GenerationResult:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        _validate(request)
        source = describe_model(request.model)
        prepared = self.prepare_face(request)
        device = choose_device(request.device if request.device != "auto" else self.options.device,
                               self.options.precision)
        loras = self._lora_list(request)
        for path, _weight, name in loras:  # refuse wrong-family or broken files before loading anything
            check_lora_family(path, source.family, name)
        width = cross_attention_width(source) if request.controlnet or request.ip_adapter else None
        if request.controlnet is not None:
            check_controlnet(request.controlnet.model, source.family, width)
        if request.ip_adapter is not None:
            check_ip_adapter(request.ip_adapter.model, source.family, width)
        timings["prepare"] = time.perf_counter() - started

        _raise_if_cancelled(cancel)
        load_started = time.perf_counter()
        self._ensure_base(source, device, request.size)
        timings["load"] = time.perf_counter() - load_started
        _raise_if_cancelled(cancel)  # cancelled while the model was loading: do not start denoising
        messages: list[Text] = []
        try:
            images, recipe = self._run(request, source, device, prepared, loras, progress, cancel, timings)
        except GenerationCancelled:
            raise
        except Exception as error:
            if not is_out_of_memory(error) or device.device != "cuda":
                raise
            if self._offloaded:
                raise OutOfMemoryError(QT_TRANSLATE_NOOP(
                    "engine.engine", "The GPU ran out of memory even with CPU offload; try a smaller size.")) from error
            log.warning("Out of memory; retrying once with model CPU offload", exc_info=True)
            _free_device_memory()
            apply_memory_savers(self._base, device.device, source.family, request.size, force_offload=True)
            self._offloaded = True
            messages.append(QT_TRANSLATE_NOOP(
                "engine.engine", "The GPU ran out of memory, so the model now runs with CPU offload (slower)."))
            images, recipe = self._run(request, source, device, prepared, loras, progress, cancel, timings)
        timings["total"] = time.perf_counter() - started
        return GenerationResult(request=request, images=tuple(images), recipe=recipe, timings=timings,
                                face=prepared.info, input_crop=prepared.image, messages=tuple(messages))

    def _lora_list(self, request: GenerationRequest) -> list[tuple[Path, float, str]]:
        loras = [(Path(style.path).expanduser(), style.weight, style.name) for style in request.styles]
        acceleration = request.acceleration_lora
        if acceleration:
            loras.append((Path(acceleration).expanduser(), 1.0, f"{request.scheduler.upper()}-LoRA"))
        for path, _weight, _name in loras:
            refuse_pickle(path)
        return loras

    def _ensure_base(self, source: ModelSource, device: DeviceChoice, size: int) -> None:
        compiled = self.options.compile
        key = (str(source.path.resolve()), device.device, device.dtype_name, compiled)
        if self._base is not None and self._base_key == key:
            return
        self._drop_base()
        log.info("Loading %s (%s) on %s/%s", source.path, source.family, device.device, device.dtype_name)
        # Loading creates ~10^5 objects, which trigger full collections that hold the GIL for
        # 100-300 ms each and freeze the window; collect nothing until the weights are in.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            pipe = load_base_pipeline(source, device.dtype)
        finally:
            if gc_was_enabled:
                gc.enable()
        pipe.set_progress_bar_config(disable=True)
        self._offloaded = "model CPU offload" in apply_memory_savers(pipe, device.device, source.family, size)
        if compiled:
            from mmpp_desktop.core.engine.compiled import FoldedAdapters, compile_unet

            self._folded = FoldedAdapters(pipe)
            compile_unet(pipe)
        self._base, self._base_key, self._source, self._device = pipe, key, source, device
        self._scheduler_config = pipe.scheduler.config
        self.base_loads += 1
        # The weights are loaded for good: move every object alive now out of the GC's reach,
        # or each later full collection walks them all with the GIL held and the window
        # stutters. Garbage frozen with them is released by `gc.unfreeze()` at the next unload.
        gc.freeze()

    def _drop_base(self, collect: bool = True) -> None:
        had_base = self._base is not None
        self._base = None
        self._base_key = None
        self._source = None
        self._loras.reset()
        self._folded = None
        self._pipes.clear()
        self._ip.reset()
        self._controlnets.clear()
        if had_base:
            gc.unfreeze()  # let the dropped pipeline be collected
            if collect:  # a full gc pass holds the GIL for ~100 ms: only worth it when weights were freed
                _free_device_memory()

    def _controlnet(self, model: str, family: str, dtype: Any, device: str) -> tuple[Any, Path]:
        """A ControlNet from a diffusers folder or a single .safetensors file (original or diffusers
        layout; its config comes from `NAME.config/` beside it, else the family's shipped one)."""
        path = Path(model).expanduser()
        refuse_pickle(path)
        if not path.exists():
            raise ModelNotFoundError(QT_TRANSLATE_NOOP("engine.engine", "The ControlNet {model} does not exist.").format(
                model=model))
        if path not in self._controlnets:  # its files were checked before the base loaded
            controlnet = load_controlnet(path, family, dtype)
            if controlnet.config.cross_attention_dim != self._base.unet.config.cross_attention_dim:
                raise WrongFamilyError(QT_TRANSLATE_NOOP(
                    "engine.engine", "The ControlNet {name} does not match the {family} model."
                ).format(name=path.name, family=family_title(family)))
            self._controlnets[path] = controlnet if self._offloaded else controlnet.to(device)
        return self._controlnets[path], path

    def _run(self, request: GenerationRequest, source: ModelSource, device: DeviceChoice,
             prepared: PreparedFace, loras: list[tuple[Path, float, str]],
             progress: Callable[[Progress], None] | None, cancel: CancelToken,
             timings: dict[str, float]) -> tuple[list[Image.Image], dict[str, Any]]:
        import torch

        base = self._base
        family = source.family
        starts = [style.start for style in request.styles] + [0.0] * (len(loras) - len(request.styles))
        lora_entries = self._loras.apply(base, loras, folded=self._folded, starts=starts)
        _raise_if_cancelled(cancel)
        work_size = -(-request.size // _LATENT_MULTIPLE) * _LATENT_MULTIPLE
        init_image = prepared.image.resize((work_size, work_size), Image.Resampling.LANCZOS)
        guidance_on = request.guidance > 1.0 and base.unet.config.time_cond_proj_dim is None
        kwargs: dict[str, Any] = {
            "prompt": request.prompt, "negative_prompt": request.negative_prompt or None, "image": init_image,
            "strength": request.strength, "num_inference_steps": request.steps,
            "guidance_scale": request.guidance, "num_images_per_prompt": request.num_images,
            "generator": [torch.Generator("cpu").manual_seed(request.seed + i) for i in range(request.num_images)],
            "output_type": "latent",
        }
        if request.scheduler == "tcd":
            kwargs["eta"] = request.tcd_eta

        ip_recipe = self._apply_ip_adapter(request, family, device, guidance_on, kwargs, cancel)

        controlnet_recipe = None
        if request.controlnet is not None:
            settings = request.controlnet
            controlnet, folder = self._controlnet(settings.model, family, device.dtype, device.device)
            _raise_if_cancelled(cancel)
            pipe = self._derived_pipe(_controlnet_class(family), device, controlnet)
            kwargs.update({
                "control_image": canny_image(init_image, settings.low_threshold, settings.high_threshold),
                "controlnet_conditioning_scale": settings.conditioning_scale,
                "control_guidance_start": settings.guidance_start, "control_guidance_end": settings.guidance_end,
            })
            controlnet_recipe = {**file_entry(self._hashes, folder, folder.name),
                                 "conditioning_scale": settings.conditioning_scale,
                                 "low_threshold": settings.low_threshold, "high_threshold": settings.high_threshold,
                                 "guidance_start": settings.guidance_start, "guidance_end": settings.guidance_end}
        else:
            pipe = self._derived_pipe(_img2img_class(family), device)
        pipe.scheduler = build_scheduler(request.scheduler, self._scheduler_config)

        preview = self._preview_function(family, device)
        denoise_started = time.perf_counter()

        def on_step_end(pipeline: Any, step: int, _timestep: Any, callback_kwargs: dict[str, Any]) -> dict[str, Any]:
            if any(starts):  # style start: switch late styles on for the next step
                self._loras.switch_on_started(base, loras, starts, step + 1, pipeline.num_timesteps, self._folded)
            if progress is not None:
                progress(Progress(step=step + 1, total=pipeline.num_timesteps,
                                  elapsed=time.perf_counter() - denoise_started,
                                  preview=preview(callback_kwargs["latents"])))
            if cancel.cancelled:
                pipeline._interrupt = True  # diffusers' own stop flag; we then skip the decode ourselves
            return callback_kwargs

        hooked = [pipe.vae, getattr(pipe, "controlnet", None)]
        if self._folded is None:  # a compiled UNet cancels at step ends (see the module docstring)
            hooked.append(pipe.unet)
        with torch.inference_mode(), cancel_hooks(hooked, cancel):
            latents = pipe(**kwargs, callback_on_step_end=on_step_end).images
            timings["denoise"] = time.perf_counter() - denoise_started
            _raise_if_cancelled(cancel)
            decode_started = time.perf_counter()
            images = self._decode(pipe, latents)
            timings["decode"] = time.perf_counter() - decode_started
        if work_size != request.size:
            images = [image.resize((request.size, request.size), Image.Resampling.LANCZOS) for image in images]

        recipe = base_recipe(request.to_dict())
        recipe.update({
            "family": family,
            "model": file_entry(self._hashes, source.path, source.name),
            "loras": lora_entries,
            "controlnet": controlnet_recipe,
            "ip_adapter": ip_recipe,
            "scheduler": scheduler_recipe(request.scheduler),
            "seed": request.seed, "steps": request.steps, "guidance": request.guidance,
            "strength": request.strength, "width": request.size, "height": request.size,
            "device": device.device, "dtype": device.dtype_name, "offload": self._offloaded,
            "face": _face_recipe(prepared),
        })
        return images, recipe

    def _apply_ip_adapter(self, request: GenerationRequest, family: str, device: DeviceChoice, guidance_on: bool,
                          kwargs: dict[str, Any], cancel: CancelToken | None = None) -> dict[str, Any] | None:
        """Load/scale the request's IP-Adapter and put its image embeddings into `kwargs`; its recipe entry."""
        base = self._base
        scaler = self._folded or base  # the compiled mode keeps IP-Adapter scales out of the graph's guards
        ip_recipe = None
        ip_settings = request.ip_adapter
        if ip_settings is not None:
            self._ip.ensure(base, Path(ip_settings.model), family)
            if cancel is not None:
                _raise_if_cancelled(cancel)
        if self._ip.folder is not None:  # loaded adapters need embeddings on every call
            if ip_settings is not None and ip_settings.image:
                reference = load_image(ip_settings.image)
                image_sha = self._hashes.sha256(Path(ip_settings.image))
                scaler.set_ip_adapter_scale(mode_scale(base.unet, ip_settings.mode, ip_settings.scale))
                kwargs["ip_adapter_image_embeds"] = self._ip.embeds(base, reference, image_sha, device.device,
                                                                    guidance_on)
                ip_recipe = {**file_entry(self._hashes, self._ip.folder, self._ip.folder.name),
                             "weights": str(self._ip.weight_file), "scale": ip_settings.scale,
                             "mode": ip_settings.mode, "image": ip_settings.image, "image_sha256": image_sha}
            else:
                scaler.set_ip_adapter_scale(0.0)
                kwargs["ip_adapter_image_embeds"] = self._ip.zero_embeds(base, device.device, device.dtype,
                                                                         guidance_on)
        return ip_recipe

    def _derived_pipe(self, pipeline_class: Any, device: DeviceChoice, controlnet: Any = None) -> Any:
        """The img2img or ControlNet pipeline over the warm base's components, built once.

        `from_pipe` costs ~20 ms, so the result is kept until the base, the ControlNet or the
        IP-Adapter (whose image encoder it shares) changes.
        """
        key = (pipeline_class, id(controlnet), self._ip.folder)
        pipe = self._pipes.get(key)
        if pipe is None:
            pipe = pipeline_class.from_pipe(self._base, **({"controlnet": controlnet} if controlnet else {}))
            pipe.set_progress_bar_config(disable=True)
            if controlnet is not None and self._offloaded:  # the ControlNet needs offload hooks too
                pipe.enable_model_cpu_offload(device=device.device)
            self._pipes[key] = pipe
        return pipe

    def _decode(self, pipe: Any, latents: Any) -> list[Image.Image]:
        """VAE decode as diffusers does after the loop (including SDXL's fp16 upcast)."""
        import torch

        vae = pipe.vae
        upcast = vae.dtype == torch.float16 and getattr(vae.config, "force_upcast", False)
        if upcast:
            vae.to(torch.float32)
        latents = latents.to(next(iter(vae.post_quant_conv.parameters())).dtype)
        mean = getattr(vae.config, "latents_mean", None)
        std = getattr(vae.config, "latents_std", None)
        if mean is not None and std is not None:
            mean_t = torch.tensor(mean).view(1, 4, 1, 1).to(latents)
            std_t = torch.tensor(std).view(1, 4, 1, 1).to(latents)
            latents = latents * std_t / vae.config.scaling_factor + mean_t
        else:
            latents = latents / vae.config.scaling_factor
        decoded = vae.decode(latents, return_dict=False)[0]
        if upcast:
            vae.to(torch.float16)
        self.decode_count += 1
        return pipe.image_processor.postprocess(decoded, output_type="pil")

    def _preview_function(self, family: str, device: DeviceChoice) -> Callable[[Any], Image.Image]:
        folder = self.options.preview_decoders.get(family, "")
        if folder and Path(folder).is_dir():
            if self._preview_decoder_path != folder:
                try:
                    self._preview_decoder = previews.TinyAutoencoderPreview(Path(folder), device.device, device.dtype)
                    self._preview_decoder_path = folder
                except Exception:  # a broken optional preview model must not stop generation
                    log.warning("Tiny autoencoder %s unusable; using linear previews", folder, exc_info=True)
                    self._preview_decoder, self._preview_decoder_path = None, None
            if self._preview_decoder is not None:
                return self._preview_decoder
        return lambda latents: previews.linear_preview(latents, family)


# Layers a run can be cancelled before: each is a small share of a step, and together they
# cover every UNet, ControlNet and VAE block of both families.
_CANCEL_POINT_CLASSES = ("ResnetBlock2D", "Attention", "BasicTransformerBlock", "Downsample2D", "Upsample2D")


@contextmanager
def cancel_hooks(models: Iterable[Any], cancel: CancelToken) -> Iterator[None]:
    """While inside, `GenerationCancelled` is raised from the next layer of `models` to run once
    `cancel` is set; the hooks are removed on the way out, whatever happened."""

    def check(_module: Any, _args: Any) -> None:
        _raise_if_cancelled(cancel)

    handles = [module.register_forward_pre_hook(check)
               for model in models if model is not None
               for module in model.modules() if type(module).__name__ in _CANCEL_POINT_CLASSES]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def _raise_if_cancelled(cancel: CancelToken) -> None:
    if cancel.cancelled:
        raise GenerationCancelled(QT_TRANSLATE_NOOP("engine.engine", "Generation was cancelled."))


def _validate(request: GenerationRequest) -> None:
    """What img2img needs beyond the ranges `GenerationRequest` checks itself."""
    if int(request.steps * request.strength) < 1:
        raise InvalidInputError(QT_TRANSLATE_NOOP(
            "engine.engine", "Steps × strength is below one step; raise the steps or the strength."))


def canny_image(image: Image.Image, low: int, high: int) -> Image.Image:
    """The ControlNet Canny condition: white edges on black, three channels."""
    edges = cv2.Canny(np.asarray(image.convert("L")), low, high)
    return Image.fromarray(np.stack([edges] * 3, axis=-1))


def _face_recipe(prepared: PreparedFace) -> dict[str, Any]:
    info = prepared.info
    box = info.face_box
    return {"faces_found": info.faces_found,
            "face_box": [box.x, box.y, box.width, box.height] if box is not None else None,
            "crop_box": [info.crop_box.x, info.crop_box.y, info.crop_box.width, info.crop_box.height]}


def _img2img_class(family: str) -> Any:
    from diffusers import StableDiffusionImg2ImgPipeline, StableDiffusionXLImg2ImgPipeline

    return StableDiffusionXLImg2ImgPipeline if family == "sdxl" else StableDiffusionImg2ImgPipeline


def _controlnet_class(family: str) -> Any:
    from diffusers import StableDiffusionControlNetImg2ImgPipeline, StableDiffusionXLControlNetImg2ImgPipeline

    return StableDiffusionXLControlNetImg2ImgPipeline if family == "sdxl" else StableDiffusionControlNetImg2ImgPipeline


def _free_device_memory() -> None:
    import gc

    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
