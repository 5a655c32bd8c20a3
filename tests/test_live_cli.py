"""`mmpp-desktop live` as a user runs it: a subprocess over the test video, JSON on stdout, PNGs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import BAD_INPUTS, VIDEO
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_KEYS = {"frames_in": int, "frames_out": int, "frames_skipped_similar": int, "frames_dropped_busy": int,
                 "fps": float, "latency_ms_median": float}


def _live(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MMPP_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", "live", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=600)


def test_live_over_the_video_prints_the_contract_json_and_writes_frames(
        tiny_kit_sd15: dict[str, Any], data_dir: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "frames"
    completed = _live("--video", str(VIDEO), "--model", tiny_kit_sd15["base"],
                      "--style", f"{tiny_kit_sd15['loras'][0]}:0.7", "--style", "Watercolor",
                      "--scheduler", "tcd", "--steps", "2", "--size", "64", "--frames", "45",
                      "--out-dir", str(out_dir), "--json", data_dir=data_dir)
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert set(report) == set(CONTRACT_KEYS)
    for key, kind in CONTRACT_KEYS.items():
        assert type(report[key]) is kind, key
    assert report["frames_in"] == 45
    assert report["frames_out"] >= 1 and report["fps"] > 0 and report["latency_ms_median"] > 0
    assert report["frames_in"] == (report["frames_out"] + report["frames_skipped_similar"]
                                   + report["frames_dropped_busy"])
    written = sorted(out_dir.glob("frame-*.png"))
    assert len(written) == report["frames_out"]
    assert written[0].name == "frame-000000.png"  # the first frame always gets through
    with Image.open(written[0]) as image:
        assert image.size == (64, 64)


def test_live_refuses_bad_input_with_one_error_line(tiny_kit_sd15: dict[str, Any], data_dir: Path,
                                                    tmp_path: Path) -> None:
    not_a_video = _live("--video", str(BAD_INPUTS / "not-an-image.png"), "--model", tiny_kit_sd15["base"],
                        "--size", "64", "--json", data_dir=data_dir)
    too_many_steps = _live("--video", str(VIDEO), "--model", tiny_kit_sd15["base"], "--steps", "8", "--json",
                           data_dir=data_dir)
    missing_model = _live("--video", str(VIDEO), "--model", str(tmp_path / "nothing"), "--json", data_dir=data_dir)
    for completed, words in ((not_a_video, "cannot be read"), (too_many_steps, "1 to 4 steps"),
                             (missing_model, "does not exist")):
        assert completed.returncode == 2, completed.stderr
        lines = [line for line in completed.stderr.splitlines() if line.startswith("error:")]
        assert len(lines) == 1 and words in lines[0], completed.stderr
        assert completed.stdout == ""
