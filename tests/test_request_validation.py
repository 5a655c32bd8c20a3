"""`GenerationRequest` refuses every bad number and text itself: the one check GUI, CLI and replays share."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PHOTOS

from mmpp_desktop.core.errors import InvalidRequestError, UserFacingError
from mmpp_desktop.core.text import Text
from mmpp_desktop.core.types import (
    MAX_SEED,
    REQUEST_RANGES,
    ControlNetSettings,
    FaceBox,
    GenerationRequest,
    IPAdapterSettings,
    PromptSource,
    StyleLora,
)

PHOTO = str(PHOTOS / "obama_small.jpg")
NAN, INF = float("nan"), float("inf")
# Values no numeric setting accepts: not finite, absurdly large or small, wrong type.
NOT_FINITE = [NAN, INF, -INF]
HUGE = [1e308, -1e308, 10**30, -(10**30)]
WRONG_TYPE = ["1", None, True]

TOP_LEVEL = {
    "strength": [*NOT_FINITE, *HUGE, *WRONG_TYPE, -0.1, 1.01],
    "guidance": [*NOT_FINITE, *HUGE, *WRONG_TYPE, -1.0, 30.5],
    "tcd_eta": [*NOT_FINITE, *HUGE, *WRONG_TYPE, -0.01, 1.5],
    "steps": [*NOT_FINITE, *HUGE, *WRONG_TYPE, 0, -1, 201, 2.0, 2.5],
    "seed": [*NOT_FINITE, *HUGE, *WRONG_TYPE, -1, MAX_SEED + 1, 1.0],
    "size": [*NOT_FINITE, *HUGE, *WRONG_TYPE, 0, 63, 2049, -512, 512.0],
    "num_images": [*NOT_FINITE, *HUGE, *WRONG_TYPE, 0, -1, 17],
}


@pytest.mark.parametrize("field,value", [(field, value) for field, values in TOP_LEVEL.items() for value in values],
                         ids=lambda item: repr(item))
def test_every_bad_top_level_number_is_refused_naming_its_field(field: str, value: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        GenerationRequest(input_image=PHOTO, **{field: value})
    assert caught.value.field == field
    assert caught.value.message.lower().startswith(REQUEST_RANGES[field].label.lower() + " must be")
    assert isinstance(caught.value, UserFacingError)  # so the CLI prints one line and the GUI a message


NESTED: list[tuple[str, dict[str, Any]]] = [
    *[("controlnet.conditioning_scale", {"controlnet": ControlNetSettings("c", conditioning_scale=value)})
      for value in [*NOT_FINITE, *HUGE, -0.1, 2.5, "0.5"]],
    *[("controlnet.low_threshold", {"controlnet": ControlNetSettings("c", low_threshold=value)})
      for value in [-1, 256, 10**30, 100.5, NAN]],
    *[("controlnet.high_threshold", {"controlnet": ControlNetSettings("c", high_threshold=value)})
      for value in [-1, 256, INF]],
    ("controlnet.low_threshold", {"controlnet": ControlNetSettings("c", low_threshold=200, high_threshold=100)}),
    *[("controlnet.guidance_start", {"controlnet": ControlNetSettings("c", guidance_start=value)})
      for value in [NAN, -0.5, 1.5]],
    *[("controlnet.guidance_end", {"controlnet": ControlNetSettings("c", guidance_end=value)})
      for value in [NAN, INF, 2.0]],
    ("controlnet.guidance_start", {"controlnet": ControlNetSettings("c", guidance_start=0.8, guidance_end=0.2)}),
    *[("ip_adapter.scale", {"ip_adapter": IPAdapterSettings("i", scale=value)})
      for value in [*NOT_FINITE, *HUGE, -0.1, 2.5, True]],
    ("ip_adapter.mode", {"ip_adapter": IPAdapterSettings("i", mode="everything")}),  # type: ignore[arg-type]
    *[("styles.weight", {"styles": (StyleLora("a.safetensors", value),)}) for value in [*NOT_FINITE, *HUGE, 26.0]],
    *[("source.styles.weight", {"source": PromptSource(styles=(("Ink", value),))})
      for value in [*NOT_FINITE, 5.5, -5.5]],
    *[("face_box", {"face_box": FaceBox(*box)}) for box in [(0, 0, 0, 10), (0, 0, 10, -5), (10**9, 0, 10, 10),
                                                            (0.5, 0, 10, 10)]],  # type: ignore[arg-type]
    ("scheduler", {"scheduler": "ddim"}),
    ("device", {"device": "tpu"}),
    ("classic", {"classic": "oil"}),
    ("seed", {"seed": MAX_SEED, "num_images": 2}),  # seed + image index would leave 0..2^64-1
]


@pytest.mark.parametrize("field,values", NESTED, ids=lambda item: repr(item)[:60])
def test_every_bad_nested_setting_is_refused_naming_its_field(field: str, values: dict[str, Any]) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        GenerationRequest(input_image=PHOTO, **values)
    assert caught.value.field == field


@pytest.mark.parametrize("field", ["prompt", "negative_prompt"])
def test_text_that_is_not_utf8_is_refused_clearly(field: str) -> None:
    undecodable = b"portrait \xff\xfe".decode("utf-8", "surrogateescape")  # what argv gives for bad bytes
    with pytest.raises(InvalidRequestError, match="not valid UTF-8") as caught:
        GenerationRequest(input_image=PHOTO, **{field: undecodable})
    assert caught.value.field == field
    with pytest.raises(InvalidRequestError, match="not valid UTF-8"):
        GenerationRequest(input_image=PHOTO, classic="sketch", source=PromptSource(**{field: undecodable}))
    assert GenerationRequest(input_image=PHOTO, **{field: "портрет, 水彩, ✨"}).to_dict()[field] == "портрет, 水彩, ✨"


def test_refusals_are_translatable_texts_whose_labels_translate_too() -> None:
    """The window translates the sentence and the setting's name; the CLI prints the same English as before."""
    with pytest.raises(InvalidRequestError) as caught:
        GenerationRequest(input_image=PHOTO, strength=1.5)
    message = caught.value.message
    assert message == "Strength must be a number from 0 to 1 (got 1.5)."
    assert isinstance(message, Text) and (message.context, message.template) == (
        "types", "{label} must be {range} (got {value}).")
    label, limits = message.params["label"], message.params["range"]
    assert isinstance(label, Text) and (label.context, label.template) == ("types", "Strength")
    assert isinstance(limits, Text) and limits.template == "a number from {low} to {high}"
    with pytest.raises(InvalidRequestError) as caught:
        GenerationRequest(input_image=PHOTO, ip_adapter=IPAdapterSettings("i", mode="all"))  # type: ignore[arg-type]
    assert caught.value.message == "IP-Adapter mode must be one of full, style, composition (got 'all')."
    assert caught.value.message.params["label"].context == "types"
    with pytest.raises(InvalidRequestError) as caught:
        GenerationRequest(input_image=PHOTO, negative_prompt=None)  # type: ignore[arg-type]
    assert caught.value.message == "The negative prompt must be text."
    assert caught.value.message.template == "The {label} must be text."


def test_the_limits_themselves_are_accepted() -> None:
    edges = [
        {"strength": 0.0}, {"strength": 1}, {"guidance": 0}, {"guidance": 30.0}, {"steps": 1}, {"steps": 200},
        {"seed": 0}, {"seed": MAX_SEED}, {"seed": MAX_SEED - 3, "num_images": 4}, {"size": 64}, {"size": 2048},
        {"size": 100}, {"num_images": 16}, {"tcd_eta": 1.0},
        {"controlnet": ControlNetSettings("c", conditioning_scale=2.0, low_threshold=0, high_threshold=255,
                                          guidance_start=0.0, guidance_end=1.0)},
        {"ip_adapter": IPAdapterSettings("i", scale=0.0, mode="composition")},
        {"styles": (StyleLora("a.safetensors", -25.0), StyleLora("b.safetensors", 25))},
        {"face_box": FaceBox(-20, -5, 1, 1)},
    ]
    for values in edges:
        request = GenerationRequest(input_image=PHOTO, **values)
        assert GenerationRequest.from_json(request.to_json()) == request


def test_replace_validates_too() -> None:
    """The GUI builds its request with dataclasses.replace; that runs the same check."""
    request = GenerationRequest(input_image=PHOTO)
    with pytest.raises(InvalidRequestError, match="Guidance"):
        dataclasses.replace(request, guidance=NAN)


def test_old_recipes_still_load_and_bad_stored_ones_fail_with_a_message() -> None:
    # A recipe as version 0.1 stored it: fewer fields, plus keys this version no longer knows.
    old = {"input_image": "/photos/in.jpg", "model": "/models/dream.safetensors", "prompt": "watercolor",
           "negative_prompt": "", "styles": [{"path": "/l/ink.safetensors", "weight": 0.8, "name": "ink"}],
           "face_box": None, "controlnet": {"model": "/c", "conditioning_scale": 0.8}, "ip_adapter": None,
           "strength": 0.6, "steps": 4, "guidance": 1.5, "scheduler": "lcm", "seed": 7, "size": 512,
           "retired_option": True}
    request = GenerationRequest.from_dict(old)
    assert request.steps == 4 and request.controlnet is not None and request.styles[0].weight == 0.8
    # The black images were recorded in history with guidance 1e308 and scale NaN: replaying them
    # now gives a message instead of another black image. JSON itself carries NaN as a bare token.
    for bad in ({**old, "guidance": 1e308}, {**old, "controlnet": {"model": "/c", "conditioning_scale": NAN}}):
        with pytest.raises(InvalidRequestError):
            GenerationRequest.from_json(json.dumps(bad))


def test_the_gui_shows_a_bad_number_as_a_message_instead_of_generating(qtbot, tiny_kit_sd15: dict,
                                                                       data_dir: Path) -> None:
    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.settings import Settings
    from mmpp_desktop.qt.view_models.session import SessionViewModel

    settings = Settings(sd15_base_model=tiny_kit_sd15["base"], sd15_ip_adapter=tiny_kit_sd15["ip_adapter"])
    session = SessionViewModel(resolve_paths().ensure(), settings)
    session.input_path = PHOTO  # as if loaded: the request needs only its path
    session.set_controls(ip_adapter_image=PHOTO)
    try:
        for change, expected in (({"guidance": NAN}, "Guidance"), ({"ip_adapter_scale": INF}, "IP-Adapter"),
                                 ({"strength": -INF}, "Strength"), ({"prompt": "a\udcff"}, "UTF-8")):
            session.set_controls(**change)
            with qtbot.waitSignal(session.error_changed, timeout=1000) as shown:
                assert session.generate() is False
            assert expected in shown.args[0] and not session.busy
            session.set_controls(**{name: getattr(type(session.controls)(), name) for name in change})
        assert session.build_job().request.guidance == 6.0  # fixed values generate again
    finally:
        session.shutdown()
