"""Recommended steps and guidance for each sampler: the one table `generate`, the GUI and
later features (balance sweeps, live mode) read.

LCM and TCD are distilled few-step samplers: run at the usual 20 steps and guidance 6 they
give burnt, over-saturated images on real models (tiny test models hide it). An explicit
user value always wins over a preset; presets only fill what the user did not choose.

Steps here are img2img steps: diffusers runs only `int(steps × strength)` of them, so at the
app's default strength 0.6 the 8 steps of LCM/TCD become the 4 denoising steps the model
cards use for text-to-image.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class SamplerPreset:
    """What a sampler needs to look right; `accelerated` ones need their acceleration LoRA."""

    steps: int
    guidance: float
    accelerated: bool = False
    eta: float | None = None  # TCD's stochasticity (gamma in the paper); None where unused


SAMPLER_PRESETS: MappingProxyType[str, SamplerPreset] = MappingProxyType({
    # Euler ancestral: a first-order solver, so it needs a few more steps than DPM++ for the
    # same detail; 20–30 steps at CFG 5–7 is the usual range for SD 1.5 and SDXL (A1111 and
    # diffusers defaults sit at 20–50 steps, CFG 7–7.5; 6 keeps style LoRAs from burning).
    "euler": SamplerPreset(steps=25, guidance=6.0),
    # DPM-Solver++ 2M (Lu et al. 2022, arXiv:2211.01095): high-quality guided samples in
    # 15–20 steps; CFG 5–7 as above.
    "dpmpp": SamplerPreset(steps=20, guidance=6.0),
    # LCM-LoRA model card (latent-consistency/lcm-lora-sdv1-5, lcm-lora-sdxl) and paper
    # (Luo et al. 2023, arXiv:2311.05556): 2–8 steps; "either disable guidance_scale or use
    # values between 1.0 and 2.0". 1.0 disables classifier-free guidance (half the work).
    "lcm": SamplerPreset(steps=8, guidance=1.0, accelerated=True),
    # TCD model card (h1t/TCD-SD15-LoRA, TCD-SDXL-LoRA) and paper (Zheng et al. 2024,
    # arXiv:2402.19159): 4–8 steps, guidance off (the card passes 0; diffusers treats
    # anything ≤ 1 as off), eta 0.3 "often yields good results".
    "tcd": SamplerPreset(steps=8, guidance=1.0, accelerated=True, eta=0.3),
})


def sampler_preset(scheduler: str) -> SamplerPreset:
    """The preset of one of `core.types.SCHEDULERS`; KeyError for an unknown name."""
    return SAMPLER_PRESETS[scheduler]


def sampling_values(scheduler: str, steps: int | None = None, guidance: float | None = None
                    ) -> tuple[int, float]:
    """Steps and guidance to run: the user's explicit values, the sampler's preset for the rest."""
    preset = sampler_preset(scheduler)
    return (preset.steps if steps is None else steps, preset.guidance if guidance is None else guidance)
