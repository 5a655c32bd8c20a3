"""Sampler presets: one table for every sampler, explicit values always win, and the GUI applies
LCM/TCD's values and gives the user's own back when they switch away."""

from __future__ import annotations

from pathlib import Path

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.presets import SAMPLER_PRESETS, sampler_preset, sampling_values
from mmpp_desktop.core.settings import Settings, SettingsStore
from mmpp_desktop.core.types import SCHEDULERS, GenerationRequest
from mmpp_desktop.qt.main_window import MainWindow


def test_every_sampler_has_a_preset_in_its_documented_range() -> None:
    assert set(SAMPLER_PRESETS) == set(SCHEDULERS)
    for name in ("lcm", "tcd"):  # LCM-LoRA and TCD model cards: 2-8 steps, guidance off or 1-2
        preset = sampler_preset(name)
        assert preset.accelerated and 4 <= preset.steps <= 8 and 1.0 <= preset.guidance <= 2.0
    assert sampler_preset("tcd").eta == 0.3
    for name in ("euler", "dpmpp"):  # the usual 20-30 steps at CFG 5-7
        preset = sampler_preset(name)
        assert not preset.accelerated and 20 <= preset.steps <= 30 and 5.0 <= preset.guidance <= 7.0


def test_explicit_values_win_over_the_preset() -> None:
    assert sampling_values("lcm") == (sampler_preset("lcm").steps, sampler_preset("lcm").guidance)
    assert sampling_values("lcm", steps=3) == (3, sampler_preset("lcm").guidance)
    assert sampling_values("lcm", guidance=2.5) == (sampler_preset("lcm").steps, 2.5)
    assert sampling_values("dpmpp", steps=40, guidance=0.0) == (40, 0.0), "zero is a choice, not 'unset'"


def _window(qtbot, **settings: str) -> MainWindow:
    paths = resolve_paths().ensure()
    SettingsStore(paths.settings_file).save(Settings(sd15_base_model="/models/base", **settings))
    window = MainWindow(paths)
    qtbot.addWidget(window)
    return window


def _choose(window: MainWindow, scheduler: str) -> None:
    window.blend.scheduler.setCurrentIndex(window.blend.scheduler.findData(scheduler))


def test_choosing_lcm_or_tcd_applies_the_preset_and_going_back_restores_mine(qtbot, tmp_path: Path) -> None:
    window = _window(qtbot, sd15_lcm_lora="/models/lcm.safetensors", sd15_tcd_lora="/models/tcd.safetensors")
    blend, session = window.blend, window.session
    _choose(window, "euler")
    blend.steps.setValue(33)
    blend.guidance.setValue(7.5)
    lcm, tcd = sampler_preset("lcm"), sampler_preset("tcd")

    _choose(window, "lcm")
    assert (session.controls.steps, session.controls.guidance) == (lcm.steps, lcm.guidance)
    assert (blend.steps.value(), blend.guidance.value()) == (lcm.steps, lcm.guidance), "the spin boxes show it"
    _choose(window, "tcd")
    assert (session.controls.steps, session.controls.guidance) == (tcd.steps, tcd.guidance)
    _choose(window, "dpmpp")
    assert (session.controls.scheduler, session.controls.steps, session.controls.guidance) == ("dpmpp", 33, 7.5)
    assert (blend.steps.value(), blend.guidance.value()) == (33, 7.5)

    # A value the user sets while on LCM is what runs: the preset only fills in.
    _choose(window, "lcm")
    blend.steps.setValue(6)
    session.input_path = str(tmp_path / "photo.png")  # build_job needs an input; nothing is generated
    request = session.build_job().request
    assert (request.scheduler, request.steps, request.guidance) == ("lcm", 6, lcm.guidance)


def test_after_reusing_an_lcm_recipe_another_sampler_gets_its_own_preset(qtbot) -> None:
    window = _window(qtbot, sd15_lcm_lora="/models/lcm.safetensors")
    session = window.session
    with qtbot.waitSignal(session.loading_changed, timeout=30_000, check_params_cb=lambda loading: not loading):
        session.apply_request(GenerationRequest(input_image="/nowhere/photo.jpg", model="/models/base",
                                                scheduler="lcm", steps=5, guidance=1.5))
    assert (session.controls.scheduler, session.controls.steps, session.controls.guidance) == ("lcm", 5, 1.5)
    _choose(window, "dpmpp")
    dpmpp = sampler_preset("dpmpp")
    assert (session.controls.steps, session.controls.guidance) == (dpmpp.steps, dpmpp.guidance)
