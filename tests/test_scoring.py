"""Scores on real photos with dlib's real models; CLIP plumbing on a tiny random CLIPModel."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PHOTOS
from PIL import Image, ImageFilter

from mmpp_desktop.core.engine import Engine
from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.faces import prepare_face
from mmpp_desktop.core.images import load_image
from mmpp_desktop.core.scoring import (
    ClipSource,
    clip_score,
    find_clip_model,
    likeness_from_distance,
    score_images,
    score_result,
    structure_score,
    with_scores,
)
from mmpp_desktop.core.types import CLASSIC_STYLES, EngineOptions, GenerationRequest


def _crop(name: str, size: int = 256) -> tuple[Image.Image, object]:
    from mmpp_desktop.core.scoring import face_in_crop

    prepared = prepare_face(load_image(PHOTOS / name), size)
    return prepared.image, face_in_crop(prepared.info, prepared.image.size)


def test_likeness_maps_the_same_person_line_to_one_half() -> None:
    assert likeness_from_distance(0.0) == 1.0
    assert likeness_from_distance(0.6) == pytest.approx(0.5)
    assert likeness_from_distance(1.2) == 0.0 and likeness_from_distance(2.0) == 0.0


@pytest.mark.parametrize("other", ["obama_small.jpg", "obama_partial_face.jpg"])
def test_same_person_pairs_are_the_same_person(other: str) -> None:
    crop, face = _crop("obama.jpg")
    result, _ = _crop(other)
    scores = score_images(crop, face, result)
    assert scores.same_person is True
    assert scores.likeness is not None and scores.likeness > 0.5


def test_obama_and_biden_are_not_the_same_person() -> None:
    crop, face = _crop("obama.jpg")
    result, _ = _crop("biden.jpg")
    scores = score_images(crop, face, result)
    assert scores.same_person is False
    assert scores.likeness is not None and scores.likeness < 0.5


def test_no_face_in_the_result_is_likeness_zero_and_says_so() -> None:
    crop, face = _crop("obama.jpg")
    blank = Image.new("RGB", (256, 256), (120, 130, 140))
    scores = score_images(crop, face, blank)
    assert scores.likeness == 0.0 and scores.same_person is False
    assert "No face was found in the result" in scores.message
    # Each sentence stays a marked template, so the window shows the message in its language.
    assert [(part.context, part.template) for part in scores.message.params.values()] == [
        ("scoring", "No face was found in the result: likeness 0."),
        ("scoring", "No CLIP model available, so prompt agreement was not measured.")]
    assert scores.structure == 0.0  # edges against none


def test_likeness_is_null_only_without_a_source_face() -> None:
    suit = load_image(PHOTOS / "obama.jpg").crop((0, 700, 900, 1137))
    prepared = prepare_face(suit, 256, use_whole_image=True)
    scores = score_images(prepared.image, None, _crop("obama.jpg")[0], face_known=True)
    assert scores.likeness is None and scores.same_person is None
    assert scores.structure is not None
    assert "No face in the source" in scores.message


def test_structure_is_high_for_the_same_picture_and_falls_as_edges_go() -> None:
    crop, _ = _crop("obama.jpg", 512)
    assert structure_score(crop, crop) == pytest.approx(1.0)
    shifted = structure_score(crop, crop.transform(crop.size, Image.Transform.AFFINE, (1, 0, 1, 0, 1, 0)))
    blurred = structure_score(crop, crop.filter(ImageFilter.GaussianBlur(6)))
    other = structure_score(crop, _crop("biden.jpg", 512)[0])
    assert shifted > 0.9  # one pixel is inside the tolerance
    assert other < 0.5 and blurred < shifted


def test_clip_is_null_without_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    crop, face = _crop("obama.jpg")
    assert find_clip_model(None) is None  # the test HF cache (HF_HOME per test) is empty
    scores = score_images(crop, face, crop, prompt="a portrait")
    assert scores.clip is None and "No CLIP model" in scores.message


def _tiny_clip_folder(folder: Path) -> Path:
    from transformers import CLIPConfig, CLIPModel

    from mmpp_desktop.core.engine.tokenizer import clip_tokenizer

    config = CLIPConfig(
        text_config={"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 2, "num_attention_heads": 4,
                     "vocab_size": 49408, "max_position_embeddings": 77},
        vision_config={"hidden_size": 32, "intermediate_size": 37, "num_hidden_layers": 2,
                       "num_attention_heads": 4, "image_size": 32, "patch_size": 8},
        projection_dim=16)
    CLIPModel(config).save_pretrained(folder)
    clip_tokenizer().save_pretrained(folder)
    return folder


def test_clip_score_runs_on_a_configured_folder(tmp_path: Path) -> None:
    """Plumbing only: random weights give a meaningless number, but a real one in CLIPScore's range."""
    source = find_clip_model(str(_tiny_clip_folder(tmp_path / "clip")))
    assert source == ClipSource(model=str(tmp_path / "clip"))
    crop, face = _crop("obama.jpg")
    first = clip_score(crop, "a portrait of a man", source)
    assert 0.0 <= first <= 2.5
    assert clip_score(crop, "a portrait of a man", source) == pytest.approx(first)  # deterministic
    scores = score_images(crop, face, crop, prompt="a portrait of a man", clip=source)
    assert scores.clip == pytest.approx(first)


def test_clip_uses_the_sdxl_text_encoder_2_and_ip_adapter_image_encoder(tiny_kit_sdxl: dict) -> None:
    """Plumbing only: the SDXL pair shares one embedding space, so it scores without a CLIP folder."""
    base = tiny_kit_sdxl["base"]
    source = find_clip_model(None, base_model=base, ip_adapter=tiny_kit_sdxl["ip_adapter"])
    assert source is not None and source.text_encoder == str(Path(base) / "text_encoder_2")
    assert 0.0 <= clip_score(_crop("obama.jpg")[0], "a portrait", source) <= 2.5


def test_a_folder_that_is_not_clip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(InvalidInputError, match="not a CLIP model folder"):
        find_clip_model(str(tmp_path))


@pytest.mark.parametrize("style", CLASSIC_STYLES)
def test_each_classic_style_result_of_a_portrait_is_scored(style: str) -> None:
    engine = Engine(EngineOptions(device="cpu"))
    result = engine.generate(GenerationRequest(input_image=str(PHOTOS / "obama.jpg"), classic=style, size=256))
    scores = score_result(result)
    assert scores.likeness is not None and 0.0 <= scores.likeness <= 1.0
    assert scores.same_person is not None
    assert scores.structure is not None and 0.0 < scores.structure <= 1.0
    assert scores.clip is None
    scored = with_scores(result, scores)
    assert scored.scores == scores and scored.recipe["scores"] == scores.to_dict()
    assert set(scored.recipe["scores"]) == {"likeness", "same_person", "structure", "clip"}

