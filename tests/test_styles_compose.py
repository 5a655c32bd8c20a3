"""Prompt templates with an empty user prompt: the `{prompt}` slot goes without leaving debris."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mmpp_desktop.core.styles import compose_prompt
from mmpp_desktop.core.styles.compose import fill_template
from mmpp_desktop.core.styles.model import Style

SHIPPED = Path(__file__).resolve().parents[1] / "mmpp_desktop" / "assets" / "styles"


def shipped_template(file_name: str) -> str:
    return json.loads((SHIPPED / file_name).read_text(encoding="utf-8"))["prompt_template"]


@pytest.mark.parametrize(("file_name", "expected_start"), [
    ("anime.json", "anime style portrait, cel shading, clean line art"),
    ("watercolor.json", "watercolor painting, soft wet washes"),
    ("3d-clay.json", "claymation figure, 3d clay render"),
    ("pencil-sketch.json", "pencil sketch, graphite drawing"),
    ("pop-art.json", "pop art portrait, bold flat colors"),
])
def test_shipped_templates_drop_the_empty_slot_and_its_lead_in(file_name: str, expected_start: str) -> None:
    text = fill_template(shipped_template(file_name), "")
    assert text.startswith(expected_start)
    assert "{prompt}" not in text and " of ," not in text and ",," not in text.replace(" ", "")
    assert text == text.strip(" ,") and "  " not in text


def test_every_shipped_template_is_clean_without_a_prompt() -> None:
    for path in sorted(SHIPPED.glob("*.json")):
        text = fill_template(json.loads(path.read_text(encoding="utf-8"))["prompt_template"], "")
        assert text and not text.startswith(",") and not text.endswith(",")
        assert " ," not in text and ",," not in text and " of," not in text, (path.name, text)


def test_a_prompt_fills_the_slot_unchanged() -> None:
    assert fill_template(shipped_template("anime.json"), "a woman with glasses").startswith(
        "anime style portrait of a woman with glasses, cel shading")


@pytest.mark.parametrize(("template", "expected"), [
    ("{prompt}, cel shading", "cel shading"),
    ("cel shading, {prompt}", "cel shading"),
    ("ink, {prompt}, , brush", "ink, brush"),
    ("portrait of the {prompt} in ink", "portrait in ink"),
    ("{prompt}", ""),
])
def test_separators_collapse_around_an_empty_slot(template: str, expected: str) -> None:
    assert fill_template(template, "") == expected


def test_compose_with_an_empty_prompt_and_two_shipped_styles() -> None:
    anime = Style(id="a", name="Anime", prompt_template=shipped_template("anime.json"))
    suffix = Style(id="s", name="Suffix", prompt_template="highly detailed")
    prompt, _negative, _loras = compose_prompt([(anime, 1.0), (suffix, 1.0)], "  ", "")
    assert prompt.startswith("anime style portrait, cel shading")
    assert prompt.endswith("studio anime key visual, highly detailed")
