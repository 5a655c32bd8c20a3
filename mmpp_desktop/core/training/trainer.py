"""LoRA training on the UNet attention (optionally the text encoders), with peft on a diffusers pipeline.

The recipe follows diffusers' DreamBooth-LoRA example (examples/dreambooth/train_dreambooth_lora*.py),
reduced to what a personal style needs and with no accelerate dependency:
- captions are the trigger word plus the image's own caption file, when it has one;
- each image is resized to the training size on its short side and centre-cropped; its latents
  (and those of its mirror image, for the random horizontal flip) are encoded once and cached;
- the loss is the MSE of the noise (or v) prediction, optionally min-SNR weighted;
- AdamW over the LoRA parameters only, kept in fp32 while the frozen weights run in fp16/bf16 under
  autocast on a GPU, fp32 on the CPU; gradient checkpointing where memory is the limit.

All randomness (image order, flips, noise, timesteps) comes from one seeded generator whose state
is checkpointed with the LoRA weights and the optimizer, so a resumed run continues exactly where
the last checkpoint left off.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from mmpp_desktop.core.atomic import atomic_write
from mmpp_desktop.core.engine.devices import choose_device
from mmpp_desktop.core.engine.loading import ModelSource, load_base_pipeline
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.core.training.dataset import DatasetReport, TrainingImage
from mmpp_desktop.core.training.export import save_kohya_lora
from mmpp_desktop.core.training.settings import (
    CHECKPOINT_NAME,
    NATIVE_SIZE,
    TrainingError,
    TrainingOutcome,
    TrainingPaused,
    TrainingProgress,
    TrainingSettings,
)
from mmpp_desktop.core.types import CancelToken

log = logging.getLogger(__name__)

CHECKPOINT_FORMAT = 1
UNET_TARGETS = ["to_q", "to_k", "to_v", "to_out.0"]
TEXT_TARGETS = ["q_proj", "k_proj", "v_proj", "out_proj"]
# AdamW settings of diffusers' DreamBooth-LoRA example (its --adam_* defaults).
ADAM_BETAS = (0.9, 0.999)
ADAM_WEIGHT_DECAY = 1e-2
ADAM_EPSILON = 1e-8
VALIDATION_STRENGTH = 0.6
VALIDATION_GUIDANCE = 6.0

ProgressCallback = Callable[[TrainingProgress], None]


@dataclass
class _Sample:
    """One cached training image: latents (plain and mirrored) and its text conditioning."""

    latents: Any  # (2 or 1, C, H/8, W/8) on the device, fp32
    caption: str
    prompt_embeds: Any = None
    pooled_embeds: Any = None  # SDXL only
    time_ids: Any = None  # SDXL only


def training_size(settings: TrainingSettings, family: str) -> int:
    size = settings.size or NATIVE_SIZE[family]
    if size < 64 or size % 8:
        raise TrainingError(QT_TRANSLATE_NOOP(
            "training.trainer", "The training size must be a multiple of 8 and at least 64 px, not {size}.").format(
            size=size))
    return size


def centre_crop(image: Image.Image, size: int) -> tuple[Image.Image, tuple[int, int]]:
    """Resize the short side to `size` and cut the centre square; also returns the crop's (top, left)."""
    scale = size / min(image.size)
    width, height = max(size, round(image.width * scale)), max(size, round(image.height * scale))
    resized = image.resize((width, height), Image.Resampling.LANCZOS)
    left, top = (width - size) // 2, (height - size) // 2
    return resized.crop((left, top, left + size, top + size)), (top, left)


def caption_for(trigger: str, item: TrainingImage) -> str:
    return f"{trigger}, {item.caption}" if item.caption else trigger


class LoraTrainer:
    """Train one LoRA: `prepare()` loads and caches, `train()` runs (or resumes) the steps and saves."""

    def __init__(self, settings: TrainingSettings, dataset: DatasetReport, source: ModelSource,
                 run_dir: Path) -> None:
        self.settings = settings
        self.dataset = dataset
        self.source = source
        self.family = source.family
        self.size = training_size(settings, source.family)
        self.run_dir = Path(run_dir)
        self.checkpoint_file = self.run_dir / CHECKPOINT_NAME
        self.pipe: Any = None
        self.samples: list[_Sample] = []
        self.losses: list[float] = []
        self.step = 0
        self.started_at = time.time()

    # ------------------------------------------------------------ setup

    def prepare(self, progress: ProgressCallback | None = None) -> None:
        """Load the base model, cache latents and captions, attach the LoRA layers and the optimizer."""
        import torch
        from diffusers import DDPMScheduler
        from diffusers.training_utils import cast_training_params

        if self.pipe is not None:
            return
        _report(progress, TrainingProgress("preparing", 0, self.settings.steps))
        choice = choose_device(self.settings.device)
        self.device, self.dtype = torch.device(choice.device), choice.dtype
        pipe = load_base_pipeline(self.source, self.dtype)
        pipe.set_progress_bar_config(disable=True)
        pipe.to(self.device)
        self.pipe = pipe
        for component in self._text_encoders() + [pipe.unet, pipe.vae]:
            component.requires_grad_(False)
        self.noise_scheduler = DDPMScheduler.from_config(pipe.scheduler.config)
        self.samples = self._cache_samples()

        with torch.random.fork_rng(devices=[]):  # a seeded LoRA init that leaves the caller's RNG alone
            torch.manual_seed(self.settings.seed)
            self.trained_modules = self._add_adapters()
        if self.dtype != torch.float32:
            cast_training_params(self.trained_modules, dtype=torch.float32)
        checkpointing = self.settings.gradient_checkpointing
        if checkpointing if checkpointing is not None else self.device.type != "cpu":
            pipe.unet.enable_gradient_checkpointing()
            if self.settings.train_text_encoder:
                for encoder in self._text_encoders():
                    encoder.gradient_checkpointing_enable()
        self.parameters = [p for module in self.trained_modules for p in module.parameters() if p.requires_grad]
        self.optimizer = torch.optim.AdamW(self.parameters, lr=self.settings.learning_rate, betas=ADAM_BETAS,
                                           weight_decay=ADAM_WEIGHT_DECAY, eps=ADAM_EPSILON)
        self.scaler = torch.amp.GradScaler(self.device.type, enabled=self.dtype == torch.float16)
        self.generator = torch.Generator().manual_seed(self.settings.seed)

    def _add_adapters(self) -> list[Any]:
        """LoRA layers on the UNet attention (and the text encoders' when asked); returns the trained modules."""
        from peft import LoraConfig, inject_adapter_in_model

        config = LoraConfig(r=self.settings.rank, lora_alpha=self.settings.network_alpha,
                            init_lora_weights="gaussian", target_modules=UNET_TARGETS)
        self.pipe.unet.add_adapter(config)
        trained = [self.pipe.unet]
        if self.settings.train_text_encoder:
            text_config = LoraConfig(r=self.settings.rank, lora_alpha=self.settings.network_alpha,
                                     init_lora_weights="gaussian", target_modules=TEXT_TARGETS)
            for encoder in self._text_encoders():
                # peft directly: transformers' `add_adapter` wants a newer peft than diffusers needs.
                inject_adapter_in_model(text_config, encoder)
                trained.append(encoder)
        return trained

    def _text_encoders(self) -> list[Any]:
        return [encoder for encoder in (self.pipe.text_encoder, getattr(self.pipe, "text_encoder_2", None))
                if encoder is not None]

    def _cache_samples(self) -> list[_Sample]:
        """Encode every image (and its mirror) once; embed every caption once unless the text encoder trains."""
        import torch

        vae = self.pipe.vae
        upcast = self.dtype == torch.float16 and bool(getattr(vae.config, "force_upcast", False))
        if upcast:  # the SDXL VAE overflows in fp16
            vae.to(torch.float32)
        samples = []
        with torch.no_grad():
            for item in self.dataset.images:
                cropped, (top, left) = centre_crop(item.image, self.size)
                views = [cropped, ImageOps.mirror(cropped)] if self.settings.random_flip else [cropped]
                pixels = torch.stack([_to_tensor(view) for view in views]).to(self.device, vae.dtype)
                latents = vae.encode(pixels).latent_dist.mean * vae.config.scaling_factor
                sample = _Sample(latents=latents.float(), caption=caption_for(self.settings.trigger, item))
                if self.family == "sdxl":
                    width, height = item.original_size
                    sample.time_ids = torch.tensor([[height, width, top, left, self.size, self.size]],
                                                   dtype=torch.float32, device=self.device)
                if not self.settings.train_text_encoder:
                    sample.prompt_embeds, sample.pooled_embeds = self._embed(sample.caption)
                samples.append(sample)
        if upcast:
            vae.to(self.dtype)
        return samples

    def _embed(self, caption: str) -> tuple[Any, Any]:
        """Prompt embeddings (and SDXL's pooled embedding) with the pipeline's own encoder code."""
        if self.family == "sdxl":
            embeds, _, pooled, _ = self.pipe.encode_prompt(caption, device=self.device, num_images_per_prompt=1,
                                                           do_classifier_free_guidance=False)
            return embeds, pooled
        embeds, _ = self.pipe.encode_prompt(caption, self.device, 1, False)
        return embeds, None

    # ------------------------------------------------------------ the loss

    def _autocast(self) -> contextlib.AbstractContextManager[Any]:
        import torch

        if self.dtype == torch.float32:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.dtype)

    def _loss(self, sample: _Sample, latents: Any, noise: Any, timesteps: Any) -> Any:
        """Noise-prediction MSE for one latent batch, min-SNR weighted when configured."""
        import torch
        import torch.nn.functional as F
        from diffusers.training_utils import compute_snr

        noisy = self.noise_scheduler.add_noise(latents, noise, timesteps)
        with self._autocast():
            if sample.prompt_embeds is not None:
                embeds, pooled = sample.prompt_embeds, sample.pooled_embeds
            else:  # the text encoders train: embed with gradients, every step
                embeds, pooled = self._embed(sample.caption)
            extra = {}
            if self.family == "sdxl":
                extra["added_cond_kwargs"] = {"text_embeds": pooled, "time_ids": sample.time_ids}
            prediction = self.pipe.unet(noisy, timesteps, embeds, **extra, return_dict=False)[0]
        prediction_type = self.noise_scheduler.config.prediction_type
        target = noise if prediction_type == "epsilon" else self.noise_scheduler.get_velocity(latents, noise,
                                                                                              timesteps)
        if self.settings.snr_gamma is None:
            return F.mse_loss(prediction.float(), target.float())
        snr = compute_snr(self.noise_scheduler, timesteps)
        weights = torch.clamp(snr, max=self.settings.snr_gamma) / snr
        if prediction_type == "v_prediction":
            weights = torch.clamp(snr, max=self.settings.snr_gamma) / (snr + 1)
        per_sample = F.mse_loss(prediction.float(), target.float(), reduction="none").mean(dim=(1, 2, 3))
        return (per_sample * weights).mean()

    def _draw(self, step: int) -> tuple[_Sample, Any, Any, Any]:
        """The step's image (each epoch visits all images in a seeded order), flip, noise and timestep."""
        import torch

        count = len(self.samples)
        epoch_order = torch.randperm(count, generator=torch.Generator().manual_seed(self.settings.seed + step // count))
        sample = self.samples[int(epoch_order[step % count])]
        view = int(torch.randint(0, sample.latents.shape[0], (1,), generator=self.generator))
        latents = sample.latents[view:view + 1]
        noise = torch.randn(latents.shape, generator=self.generator).to(self.device)
        timesteps = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (1,),
                                  generator=self.generator).to(self.device)
        return sample, latents, noise, timesteps

    def fixed_batch_loss(self, seed: int = 1234) -> float:
        """The mean loss over every image with noise and timesteps drawn from `seed`: comparable before
        and after training because nothing in it depends on the training generator."""
        import torch

        self.prepare()
        generator = torch.Generator().manual_seed(seed)
        total = 0.0
        with torch.no_grad():
            for sample in self.samples:
                latents = sample.latents[:1]
                noise = torch.randn(latents.shape, generator=generator).to(self.device)
                timesteps = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (1,),
                                          generator=generator).to(self.device)
                total += float(self._loss(sample, latents, noise, timesteps))
        return total / len(self.samples)

    # ------------------------------------------------------------ the loop

    def train(self, resume: bool = False, progress: ProgressCallback | None = None,
              cancel: CancelToken | None = None) -> TrainingOutcome:
        """Run to `settings.steps` (from the checkpoint when `resume`), then validate and save the LoRA."""
        started = time.monotonic()
        self.prepare(progress)
        if resume:
            self._load_checkpoint()
        else:
            self.checkpoint_file.unlink(missing_ok=True)
        resumed_from = self.step
        total = self.settings.steps
        for module in self.trained_modules:
            module.train()
        while self.step < total:
            if cancel is not None and cancel.cancelled:
                self.save_checkpoint()
                raise TrainingPaused(QT_TRANSLATE_NOOP(
                    "training.trainer", "Training paused at step {step} of {total}; resume to continue.").format(
                    step=self.step, total=total), self.step)
            loss = self.train_step()
            self.losses.append(loss)
            self.step += 1
            elapsed = time.monotonic() - started
            rate = elapsed / max(1, self.step - resumed_from)
            validation, likeness = None, None
            every = self.settings.validation_every
            if every and self.step % every == 0 and self.step < total:
                validation = self.render_validation(progress)
                likeness = self.validation_likeness(validation)
            _report(progress, TrainingProgress("training", self.step, total, loss, elapsed,
                                               rate * (total - self.step), validation, likeness))
            if self.step % max(1, self.settings.checkpoint_every) == 0 and self.step < total:
                self.save_checkpoint()
        validation = self.render_validation(progress)
        likeness = self.validation_likeness(validation)
        _report(progress, TrainingProgress("saving", self.step, total, self.losses[-1] if self.losses else None,
                                           time.monotonic() - started, 0.0, validation, likeness))
        lora_file = self.export()
        self.checkpoint_file.unlink(missing_ok=True)  # the run is complete; the LoRA is what remains
        return TrainingOutcome(lora_file=str(lora_file), steps=self.step, losses=tuple(self.losses),
                               seconds=time.monotonic() - started, resumed_from=resumed_from,
                               family=self.family, validation=validation, validation_likeness=likeness)

    def train_step(self) -> float:
        """One optimizer step on the next drawn image; returns its loss (the loop and benchmarks call it)."""
        sample, latents, noise, timesteps = self._draw(self.step)
        loss = self._loss(sample, latents, noise, timesteps)
        self.scaler.scale(loss).backward()
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.optimizer.zero_grad(set_to_none=True)
        return float(loss.detach())

    # ------------------------------------------------------------ checkpoints

    def _fingerprint(self) -> str:
        """What must match for a checkpoint to be resumed (steps may change: the schedule is constant)."""
        settings = self.settings
        return json.dumps({
            "model": str(self.source.path), "images": sorted(str(item.path) for item in self.dataset.images),
            "trigger": settings.trigger, "rank": settings.rank, "alpha": settings.network_alpha,
            "lr": settings.learning_rate, "size": self.size, "seed": settings.seed,
            "text_encoder": settings.train_text_encoder, "snr_gamma": settings.snr_gamma,
            "flip": settings.random_flip,
        }, sort_keys=True)

    def _lora_states(self) -> dict[str, Any]:
        from peft.utils import get_peft_model_state_dict

        names = ["unet", "text_encoder", "text_encoder_2"]
        return {name: get_peft_model_state_dict(module) for name, module in zip(names, self.trained_modules,
                                                                                strict=False)}

    def save_checkpoint(self) -> Path:
        """LoRA weights, optimizer, step, losses and generator state, replaced atomically as one file."""
        import torch

        state = {
            "format": CHECKPOINT_FORMAT, "fingerprint": self._fingerprint(), "step": self.step,
            "losses": torch.tensor(self.losses, dtype=torch.float64), "lora": self._lora_states(),
            "optimizer": self.optimizer.state_dict(), "scaler": self.scaler.state_dict(),
            "generator": self.generator.get_state(), "started_at": self.started_at,
        }
        atomic_write(self.checkpoint_file, lambda stream: torch.save(state, stream))
        log.info("Checkpoint at step %d: %s", self.step, self.checkpoint_file)
        return self.checkpoint_file

    def _load_checkpoint(self) -> None:
        import torch
        from peft.utils import set_peft_model_state_dict

        if not self.checkpoint_file.is_file():
            raise TrainingError(QT_TRANSLATE_NOOP(
                "training.trainer", "There is no checkpoint to resume in {folder}; start without --resume.").format(
                folder=self.run_dir))
        try:
            # Our own file; weights_only refuses anything but tensors and plain containers, so it runs no code.
            state = torch.load(self.checkpoint_file, map_location="cpu", weights_only=True)
        except Exception as error:  # torch reports damaged files with many exception types
            log.exception("Reading checkpoint %s failed", self.checkpoint_file)
            raise TrainingError(QT_TRANSLATE_NOOP(
                "training.trainer", "The checkpoint {file} is damaged; start without --resume.").format(
                file=self.checkpoint_file)) from error
        if state.get("format") != CHECKPOINT_FORMAT or state.get("fingerprint") != self._fingerprint():
            raise TrainingError(QT_TRANSLATE_NOOP(
                "training.trainer", "The checkpoint was made with other images or settings; start without --resume "
                "or use the same settings."))
        for module, weights in zip(self.trained_modules, state["lora"].values(), strict=True):
            set_peft_model_state_dict(module, {key: value.to(self.device) for key, value in weights.items()})
        self.optimizer.load_state_dict(state["optimizer"])
        self.scaler.load_state_dict(state["scaler"])
        self.generator.set_state(state["generator"])
        self.step = int(state["step"])
        self.started_at = float(state["started_at"])
        self.losses = [float(value) for value in state["losses"]]
        log.info("Resuming %s at step %d", self.run_dir, self.step)

    # ------------------------------------------------------------ validation and output

    def validation_source(self) -> Image.Image:
        from mmpp_desktop.core.images import load_image

        chosen = self.settings.validation_image
        image = load_image(chosen) if chosen else self.dataset.images[0].image
        return centre_crop(image, self.size)[0]

    def render_validation(self, progress: ProgressCallback | None = None) -> Image.Image:
        """The chosen photo through img2img with the trigger word and the LoRA as it is now."""
        import torch
        from diffusers import AutoPipelineForImage2Image

        _report(progress, TrainingProgress("validating", self.step, self.settings.steps))
        image_to_image = AutoPipelineForImage2Image.from_pipe(self.pipe)
        image_to_image.set_progress_bar_config(disable=True)
        for module in self.trained_modules:
            module.eval()
        try:
            with torch.no_grad(), self._autocast():
                result = image_to_image(
                    prompt=self.settings.trigger, image=self.validation_source(), strength=VALIDATION_STRENGTH,
                    # img2img denoises steps x strength: never let that round down to nothing
                    num_inference_steps=max(self.settings.validation_steps, math.ceil(1 / VALIDATION_STRENGTH)),
                    guidance_scale=VALIDATION_GUIDANCE,
                    height=self.size, width=self.size,
                    generator=torch.Generator().manual_seed(self.settings.seed),
                ).images[0]
        finally:
            for module in self.trained_modules:
                module.train()
        return result

    def validation_likeness(self, validation: Image.Image) -> float | None:
        """How much the validation image still looks like the person in its photo (core.scoring's
        likeness), or None when the photo shows no face; a scoring failure never stops training."""
        from mmpp_desktop.core.scoring import score_images

        try:
            return score_images(self.validation_source(), None, validation).likeness
        except Exception:
            log.warning("Scoring the validation image failed", exc_info=True)
            return None

    def export(self) -> Path:
        """The kohya-layout `.safetensors` of the LoRA as trained so far."""
        path = self.run_dir / f"{self.run_dir.name}.safetensors"
        tag_counts: dict[str, int] = {}
        for sample in self.samples:
            for tag in (part.strip() for part in sample.caption.split(",")):
                if tag:
                    tag_counts[tag] = tag_counts.get(tag, 0) + 1
        save_kohya_lora(path, self._lora_states(), family=self.family, settings=self.settings, size=self.size,
                        steps=self.step, num_images=len(self.samples), tag_counts=tag_counts,
                        started_at=self.started_at)
        return path


def _to_tensor(image: Image.Image) -> Any:
    """RGB PIL image → CHW float tensor in [-1, 1], as the VAE expects."""
    import numpy as np
    import torch

    array = np.asarray(image.convert("RGB"), dtype=np.float32) / 127.5 - 1.0
    return torch.from_numpy(array).permute(2, 0, 1)


def _report(progress: ProgressCallback | None, update: TrainingProgress) -> None:
    if progress is not None:
        progress(update)
