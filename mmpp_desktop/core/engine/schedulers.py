"""The four samplers the app offers, built `from_config` of the model's own scheduler.

`label` is the A1111 sampler name written into image metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SchedulerChoice:
    name: str
    class_name: str
    label: str
    options: tuple[tuple[str, Any], ...] = ()


SCHEDULER_CHOICES = {
    "euler": SchedulerChoice("euler", "EulerAncestralDiscreteScheduler", "Euler a"),
    "dpmpp": SchedulerChoice("dpmpp", "DPMSolverMultistepScheduler", "DPM++ 2M Karras",
                             (("use_karras_sigmas", True), ("algorithm_type", "dpmsolver++"), ("solver_order", 2))),
    "lcm": SchedulerChoice("lcm", "LCMScheduler", "LCM"),
    "tcd": SchedulerChoice("tcd", "TCDScheduler", "TCD"),
}


def build_scheduler(name: str, base_config: Any) -> Any:
    """A fresh scheduler of the chosen kind with the model's noise schedule."""
    import diffusers

    choice = SCHEDULER_CHOICES[name]
    return getattr(diffusers, choice.class_name).from_config(base_config, **dict(choice.options))


def scheduler_recipe(name: str) -> dict[str, str]:
    choice = SCHEDULER_CHOICES[name]
    return {"name": choice.name, "class": choice.class_name, "label": choice.label}
