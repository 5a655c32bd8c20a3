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


def test_cli_style_without_a_weight_runs_at_the_style_default(tmp_path: Path) -> None:
    import dataclasses

    from mmpp_desktop.cli.generate_cmd import apply_styles
    from mmpp_desktop.core.generation import GenerationService
    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.settings import Settings
    from mmpp_desktop.core.styles import StyleLibrary, parse_style_spec
    from mmpp_desktop.core.types import GenerationRequest
    from tests.test_styles_library import KOHYA_METADATA, write_lora

    paths = resolve_paths().ensure()
    library = StyleLibrary(paths)
    style = library.import_lora(write_lora(tmp_path / "ink.safetensors", metadata=KOHYA_METADATA), name="Ink")
    library.save(style.with_changes(loras=(dataclasses.replace(style.loras[0], default_weight=0.6),)))
    assert parse_style_spec("Ink", default_weight=None) == ("Ink", None)
    assert parse_style_spec("Ink") == ("Ink", 1.0)
    request = GenerationRequest(input_image="x.jpg")
    service = GenerationService(paths, Settings())
    as_saved = apply_styles(request, ["Ink"], service)
    assert [lora.weight for lora in as_saved.styles] == [0.6] and as_saved.source.styles == (("Ink", 0.6),)
    assert [lora.weight for lora in apply_styles(request, ["Ink:0.9"], service).styles] == [0.9]
