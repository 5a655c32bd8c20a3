"""Argument errors of every subcommand: exactly one `error:` line, exit 2, nothing touched."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mmpp_desktop.cli.arguments import number_in, output_file, request_number
from mmpp_desktop.core.types import NumberRange

ROOT = Path(__file__).resolve().parents[1]


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mmpp_desktop", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
                          timeout=120)


def assert_one_error_line(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for text in expected:
        assert text in lines[0]


@pytest.mark.parametrize("out,expected", [
    ("{tmp}", "is a folder"), ("/proc/out.png", "cannot write"), ("/proc/no-such-folder/out.png", "cannot write"),
    ("{tmp}/out.bmp", "must end in .png"), ("{tmp}/notes.txt/out.png", "is a file"),
])
def test_history_export_checks_its_output_before_opening_the_history(out: str, expected: str,
                                                                     tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file", encoding="utf-8")
    data = tmp_path / "data"
    done = cli(data, "history", "export", "1", out.format(tmp=tmp_path))
    assert_one_error_line(done, "OUT", expected)  # not "no entry 1": the output is judged first
    assert not (data / "data").exists()  # the history store was never opened, so never created


@pytest.mark.parametrize("args,expected", [
    (["generate", "--output", "x.png"], "--input"),
    (["generate", "--input", "in.jpg", "--output", "x.png", "--scheduler", "ddim"], "--scheduler"),
    (["history", "list", "--limit", "-5"], "--limit"),
    (["history", "list", "--offset=nan"], "--offset"),
    (["history", "show", "0"], "ID"),
    (["history", "export", "1", "x.png", "--image=-1"], "--image"),
    (["no-such-command"], "no-such-command"),
])
def test_usage_errors_are_one_line_too(args: list[str], expected: str, tmp_path: Path) -> None:
    assert_one_error_line(cli(tmp_path, *args), expected, "--help")


def test_help_still_prints_usage() -> None:
    done = subprocess.run([sys.executable, "-m", "mmpp_desktop", "generate", "--help"], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and "--ip-scale" in done.stdout and done.stderr == ""


def test_number_types_share_the_request_limits() -> None:
    guidance = request_number("guidance")
    assert guidance("7.5") == 7.5 and guidance("0") == 0.0 and guidance("30") == 30.0
    seed = request_number("seed")
    assert seed(str(2**64 - 1)) == 2**64 - 1
    for text in ("nan", "inf", "-inf", "1e308", "30.01", "-0.5", "", " ", "0x10"):
        with pytest.raises(argparse.ArgumentTypeError, match="a number from 0 to 30"):
            guidance(text)
    with pytest.raises(argparse.ArgumentTypeError, match="whole number"):
        seed(str(2**64))
    count = number_in(NumberRange("count", 0, 10, integer=True))
    assert count("10") == 10
    with pytest.raises(argparse.ArgumentTypeError):
        count("1.0")


def test_output_file_accepts_new_folders_under_a_writable_one(tmp_path: Path) -> None:
    png = output_file((".png",))
    target = tmp_path / "new" / "deeper" / "out.PNG"
    assert png(str(target)) == target
    assert not (tmp_path / "new").exists()  # probing writes nothing that stays
    assert list(tmp_path.iterdir()) == []
