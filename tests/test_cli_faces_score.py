"""`faces`, `score` and `generate --face` as a user runs them: subprocesses, JSON contracts, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BAD_INPUTS, PHOTOS
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SCORE_KEYS = {"likeness", "same_person", "structure", "clip"}


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)


def _one_error_line(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in done.stderr, done.stderr
    for text in expected:
        assert text in errors[0]


def _faces(data_dir: Path, photo: Path) -> list[list[int]]:
    done = _cli(data_dir, "faces", str(photo), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"faces"} and all(set(face) == {"box"} for face in data["faces"])
    return [face["box"] for face in data["faces"]]


def test_faces_json_lists_every_face_largest_first(data_dir: Path) -> None:
    boxes = _faces(data_dir, PHOTOS / "two_people.jpg")
    assert len(boxes) == 2
    assert all(len(box) == 4 and all(isinstance(value, int) for value in box) for box in boxes)
    areas = [width * height for _x, _y, width, height in boxes]
    assert areas == sorted(areas, reverse=True)
    assert _faces(data_dir, PHOTOS / "obama_partial_face.jpg")  # the Haar cascade found none here


@pytest.mark.parametrize("name,expected", [("truncated.jpg", "truncated"), ("not-an-image.png", "not an image"),
                                           ("empty.jpg", "empty"), ("bomb-30000x30000.png", "too large")])
def test_faces_of_a_bad_image_exits_2_with_one_line(name: str, expected: str, data_dir: Path) -> None:
    _one_error_line(_cli(data_dir, "faces", str(BAD_INPUTS / name), "--json"), expected)


def test_score_json_contract(data_dir: Path) -> None:
    same = _cli(data_dir, "score", "--source", str(PHOTOS / "obama.jpg"), "--result", str(PHOTOS / "obama_small.jpg"),
                "--prompt", "a portrait", "--json")
    assert same.returncode == 0, same.stderr
    scores = json.loads(same.stdout)
    assert set(scores) == SCORE_KEYS
    assert isinstance(scores["likeness"], float) and scores["same_person"] is True
    assert isinstance(scores["structure"], float) and scores["clip"] is None  # no CLIP model here
    other = json.loads(_cli(data_dir, "score", "--source", str(PHOTOS / "obama.jpg"), "--result",
                            str(PHOTOS / "biden.jpg"), "--json").stdout)
    assert other["same_person"] is False and other["likeness"] < scores["likeness"]


def test_score_picks_the_source_face_and_nulls_likeness_without_one(tmp_path: Path, data_dir: Path) -> None:
    two = str(PHOTOS / "two_people.jpg")
    # Crop each person out of the group photo: face 0 matches its own crop, not the other's.
    boxes = _faces(data_dir, PHOTOS / "two_people.jpg")
    x, y, w, h = boxes[1]
    person = tmp_path / "person1.png"
    Image.open(two).crop((max(0, x - w // 2), max(0, y - h // 2), x + w + w // 2, y + h + h // 2)).save(person)
    first = json.loads(_cli(data_dir, "score", "--source", two, "--face", "0", "--result", str(person),
                            "--json").stdout)
    second = json.loads(_cli(data_dir, "score", "--source", two, "--face", "1", "--result", str(person),
                             "--json").stdout)
    assert first["same_person"] is False and second["same_person"] is True
    by_box = json.loads(_cli(data_dir, "score", "--source", two, "--face-box", ",".join(map(str, boxes[1])),
                             "--result", str(person), "--json").stdout)
    assert by_box["same_person"] is True
    suit = tmp_path / "suit.png"
    Image.open(PHOTOS / "obama.jpg").crop((0, 700, 900, 1137)).save(suit)
    faceless = json.loads(_cli(data_dir, "score", "--source", str(suit), "--result", str(person), "--json").stdout)
    assert faceless["likeness"] is None and faceless["same_person"] is None
    assert isinstance(faceless["structure"], float)


def test_score_refuses_bad_inputs_with_one_line(tmp_path: Path, data_dir: Path) -> None:
    photo = str(PHOTOS / "two_people.jpg")
    _one_error_line(_cli(data_dir, "score", "--source", str(BAD_INPUTS / "truncated.jpg"), "--result", photo,
                         "--json"), "truncated")
    _one_error_line(_cli(data_dir, "score", "--source", photo, "--result", photo, "--face", "2", "--json"),
                    "--face 2", "2 faces")
    _one_error_line(_cli(data_dir, "score", "--source", photo, "--result", photo, "--clip", str(tmp_path),
                         "--json"), "not a CLIP model folder")


def test_generate_face_1_crops_the_other_person_and_records_scores(tmp_path: Path, data_dir: Path) -> None:
    boxes = _faces(data_dir, PHOTOS / "two_people.jpg")
    output = tmp_path / "second.png"
    done = _cli(data_dir, "generate", "--classic", "cartoon", "--input", str(PHOTOS / "two_people.jpg"),
                "--output", str(output), "--size", "256", "--face", "1")
    assert done.returncode == 0, done.stderr
    recipe = json.loads(Image.open(output).text["mmpp_recipe"])
    assert recipe["request"]["face_box"] == dict(zip(("x", "y", "width", "height"), boxes[1], strict=True))
    cx, cy, side, _ = recipe["face"]["crop_box"]
    x1, y1, w1, h1 = boxes[1]
    x0, _y0, w0, _h0 = boxes[0]
    assert cx <= x1 and x1 + w1 <= cx + side and cy <= y1 and y1 + h1 <= cy + side  # this person is in
    assert cx + side <= x0 + w0 / 2  # the larger face (to the right) is not
    assert set(recipe["scores"]) == SCORE_KEYS
    assert recipe["scores"]["likeness"] is not None and recipe["scores"]["clip"] is None
    box_run = _cli(data_dir, "generate", "--classic", "sketch", "--input", str(PHOTOS / "two_people.jpg"),
                   "--output", str(tmp_path / "box.png"), "--size", "128", "--face-box", "10,20,100,120")
    assert box_run.returncode == 0, box_run.stderr
    box_recipe = json.loads(Image.open(tmp_path / "box.png").text["mmpp_recipe"])
    assert box_recipe["request"]["face_box"] == {"x": 10, "y": 20, "width": 100, "height": 120}
    listed = _cli(data_dir, "history", "list", "--json")
    entries = json.loads(listed.stdout)
    assert len(entries) == 2 and all(set(entry["scores"]) == SCORE_KEYS for entry in entries)
    assert entries[1]["scores"] == recipe["scores"]


def test_generate_refuses_a_face_index_that_does_not_exist(tmp_path: Path, data_dir: Path) -> None:
    done = _cli(data_dir, "generate", "--classic", "cartoon", "--input", str(PHOTOS / "obama.jpg"), "--output",
                str(tmp_path / "x.png"), "--face", "3")
    _one_error_line(done, "--face 3", "1 face")
    bad_box = _cli(data_dir, "generate", "--classic", "cartoon", "--input", str(PHOTOS / "obama.jpg"),
                   "--output", str(tmp_path / "x.png"), "--face-box", "1,2,3")
    assert bad_box.returncode == 2 and "X,Y,W,H" in bad_box.stderr
    assert not (tmp_path / "x.png").exists()


def test_history_list_sorts_and_filters_by_likeness(data_dir: Path) -> None:
    from test_history_store import make_result

    from mmpp_desktop.core.history import HistoryStore
    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.scoring import with_scores
    from mmpp_desktop.core.types import Scores

    store = HistoryStore(resolve_paths(data_dir).ensure())
    low = store.record(with_scores(make_result(seed=1, images=1), Scores(likeness=0.2, same_person=False)))
    high = store.record(with_scores(make_result(seed=2, images=1), Scores(likeness=0.8, same_person=True)))
    old = store.record(make_result(seed=3, images=1))  # never scored, like entries from before scores
    listed = json.loads(_cli(data_dir, "history", "list", "--json", "--sort", "likeness").stdout)
    assert [entry["id"] for entry in listed] == [high, low, old]
    assert listed[2]["scores"] == dict.fromkeys(SCORE_KEYS)
    filtered = json.loads(_cli(data_dir, "history", "list", "--json", "--min-likeness", "0.5").stdout)
    assert [entry["id"] for entry in filtered] == [high]
