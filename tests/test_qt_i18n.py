"""Korean and English UI: complete catalogues, no English left in the Korean window, --lang."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QLineEdit, QTextEdit, QWidget

from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.qt.i18n import I18N_DIR, hangul_font_family, translated
from tests.conftest import BAD_INPUTS, PHOTOS, korean_ui

TS_FILE = I18N_DIR / "mmpp_ko.ts"
PACKAGE = Path(__file__).resolve().parents[1] / "mmpp_desktop"
BIN = Path(sys.executable).parent
# Words that stay as they are in Korean: product, model and format names, units and shortcuts.
KEPT_WORDS = {
    "MMPP", "Desktop", "LoRA", "LoRAs", "SD", "SDXL", "IP", "Adapter", "ControlNet", "Canny", "LCM", "TCD",
    "Euler", "DPM", "Karras", "PNG", "JPEG", "WebP", "CLIP", "CPU", "GPU", "CUDA", "MPS", "fp16", "fp32",
    "bf16", "taesd", "torch", "compile", "safetensors", "img2img", "Ctrl", "Shift", "Esc", "Space", "Tab",
    "Del", "Delete", "Enter", "Return", "Backspace", "Alt", "Home", "End", "PgUp", "PgDown", "zip", "json",
    "diffusers", "kohya", "A1111", "Hugging", "Face", "HF", "VAE", "UNet", "px", "MB", "GB", "KB", "FPS", "fps",
    "ms", "MP4", "GIF", "OpenCV", "dlib", "Qt", "URL", "Stable", "Diffusion", "Apple", "NVIDIA", "JSON",
}


def _messages(ts_file: Path) -> list[ET.Element]:
    return list(ET.parse(ts_file).getroot().iter("message"))


def _sources(ts_file: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts_file).getroot()
    return {(context.findtext("name", ""), message.findtext("source", ""))
            for context in root.iter("context") for message in context.iter("message")}


def test_every_korean_message_is_translated() -> None:
    messages = _messages(TS_FILE)
    assert len(messages) > 100
    unfinished = []
    for message in messages:
        translation = message.find("translation")
        assert translation is not None
        texts = [form.text for form in translation.iter("numerusform")] or [translation.text]
        if translation.get("type") in {"unfinished", "obsolete", "vanished"} or not all(t and t.strip()
                                                                                         for t in texts):
            unfinished.append(message.findtext("source"))
    assert unfinished == []


def test_lupdate_finds_no_message_missing_from_the_korean_file(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(path) for path in PACKAGE.rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    missing = _sources(fresh) - _sources(TS_FILE)
    assert missing == set()


def test_compiled_catalogue_matches_the_sources(tmp_path: Path) -> None:
    """The shipped .qm is what lrelease makes of the .ts, so no edit is left uncompiled."""
    rebuilt = tmp_path / "mmpp_ko.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS_FILE), "-qm", str(rebuilt)], check=True,
                   capture_output=True)
    assert rebuilt.read_bytes() == TS_FILE.with_suffix(".qm").read_bytes()


def _visible_texts(window: QWidget) -> list[str]:
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, (QLineEdit, QTextEdit)):
            texts.append(widget.placeholderText())
        texts.extend([widget.toolTip(), widget.accessibleName()])
    for menu_action in window.menuBar().actions():
        texts.append(menu_action.text())
        menu = menu_action.menu()
        if menu is not None:
            texts.extend(action.text() for action in menu.actions())
    return [text for text in texts if text]


def _english_words(text: str, names: set[str]) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text tags
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"'[^']*'|\.\w+", " ", text)  # quoted values (a tensor's name) and file suffixes
    words = re.findall(r"[A-Za-z][A-Za-z0-9+]{2,}", text.replace("&", ""))
    return [word for word in words if not _kept(word)]


def _kept(word: str) -> bool:
    """A kept word, "DPM++", or a shortcut of kept keys and one letter ("Ctrl+Shift+S")."""
    parts = [part for part in word.split("+") if part]
    return word in KEPT_WORDS or all(part in KEPT_WORDS or len(part) == 1 for part in parts)


def _korean_window(qtbot, data_dir: Path) -> tuple[QWidget, set[str]]:
    """The main window on `data_dir`, shown (call inside `korean_ui`), and its style names (kept as
    the user named them)."""
    from mmpp_desktop.core.paths import resolve_paths
    from mmpp_desktop.core.styles import StyleLibrary
    from mmpp_desktop.qt.main_window import MainWindow

    paths = resolve_paths(str(data_dir)).ensure()
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, {style.name for style in StyleLibrary(paths).list()}


def _assert_korean(shown: str, name: str) -> None:
    """A message about the file `name`: Korean, naming the file, with no English prose left."""
    assert re.search("[가-힣]", shown) and name in shown
    assert _english_words(shown, {name}) == []


def test_korean_window_shows_no_english(qtbot, data_dir: Path) -> None:
    with korean_ui(QApplication.instance()):
        window, names = _korean_window(qtbot, data_dir)
        leftovers = {text: words for text in _visible_texts(window) if (words := _english_words(text, names))}
        assert leftovers == {}
        assert any(re.search("[가-힣]", text) for text in _visible_texts(window))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_screenshot_in_each_language(tmp_path: Path, language: str) -> None:
    shot = tmp_path / f"{language}.png"
    done = subprocess.run([sys.executable, "-m", "mmpp_desktop", "--data-dir", str(tmp_path / "data"),
                           "--lang", language, "--window-size", "1280x800", "--screenshot", str(shot)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)


def test_hangul_renders_with_an_installed_cjk_font(qapp) -> None:
    family = hangul_font_family()
    if family is None:
        pytest.skip("no Hangul-capable font installed (Debian/Ubuntu: apt-get install fonts-noto-cjk)")
    from PySide6.QtGui import QFont, QFontMetrics

    metrics = QFontMetrics(QFont(family))
    assert all(metrics.inFontUcs4(ord(char)) for char in "수채화")


def test_every_setting_text_is_marked_for_translation() -> None:
    """A new setting's title, description or group must be listed in qt/settings_text.py for lupdate."""
    from mmpp_desktop.core.settings import editable_fields
    from mmpp_desktop.qt.settings_text import SETTINGS_TEXTS

    shown = {text for _name, info in editable_fields() for text in (info.title, info.description, info.group)}
    assert shown - set(SETTINGS_TEXTS) == set()
    assert ("Settings", "SD 1.5 base model") in _sources(TS_FILE)


def test_preferences_dialog_shows_settings_in_korean(qtbot) -> None:
    from mmpp_desktop.core.settings import Settings
    from mmpp_desktop.qt.widgets.preferences_dialog import PreferencesDialog

    app = QApplication.instance()
    with korean_ui(app):
        dialog = PreferencesDialog(Settings())
        qtbot.addWidget(dialog)
        titles = {box.title() for box in dialog.findChildren(QGroupBox)}
        assert {"생성", "모양", "파일", "모델 — SD 1.5"} <= titles
        assert dialog.editors["device"].accessibleName() == "장치"
        assert dialog.editors["sd15_base_model"].line.accessibleName() == "SD 1.5 기본 모델"
        assert dialog.editors["device"].currentText() == "자동"


def test_core_values_are_shown_with_translated_titles(qapp) -> None:
    from mmpp_desktop.qt.titles import classic_title, family_title, ip_mode_title, scheduler_title

    assert (scheduler_title("lcm"), family_title("any"), classic_title("watercolor")) == \
        ("LCM (4 steps)", "Any model", "watercolor")
    with korean_ui(qapp):
        assert scheduler_title("lcm") == "LCM (4단계)"
        assert scheduler_title("dpmpp") == "DPM++ 2M Karras"
        assert family_title("any") == "모든 모델" and family_title("sdxl") == "SDXL"
        assert family_title(None) == "알 수 없음"
        assert ip_mode_title("composition") == "구도"
        assert classic_title("watercolor") == "수채화"


def test_translations_keep_every_placeholder_and_accelerator() -> None:
    """A lost {name} or %1 would show a raw or missing value; a lost & a menu without its key."""
    placeholder = re.compile(r"\{[^{}]*\}|%\d|%[sd]")
    broken = []
    for message in _messages(TS_FILE):
        source, translation = message.findtext("source", ""), message.findtext("translation", "")
        if sorted(placeholder.findall(source)) != sorted(placeholder.findall(translation)):
            broken.append((source, translation))
        if re.search(r"&\w", source) and not re.search(r"&\w", translation):
            broken.append((source, translation))
    assert broken == []


def test_core_text_is_shown_in_korean_with_its_values(qapp) -> None:
    damaged = QT_TRANSLATE_NOOP("images", "The image {name} is truncated or damaged.").format(name="cat.jpg")
    no_face = QT_TRANSLATE_NOOP("faces", "No face was found in {name}. Choose another photo or use the whole "
                                         "image.").format(name=QT_TRANSLATE_NOOP("faces", "the photo"))
    with korean_ui(qapp):
        assert translated(damaged) == "이미지 cat.jpg이(가) 잘렸거나 손상되었습니다."
        assert translated(no_face).startswith("사진에서 얼굴을 찾지 못했습니다.")
        assert translated("plain text") == "plain text"
    assert translated(damaged) == "The image cat.jpg is truncated or damaged."


def test_a_translation_that_lost_a_field_falls_back_to_english(qapp, tmp_path: Path) -> None:
    """A catalogue with a wrong field name must not hide the message: English is shown instead."""
    source = "The image {name} is empty (0 bytes)."
    ts_file = tmp_path / "broken.ts"
    ts_file.write_text(f"""<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="ko">
<context><name>test_broken</name><message><source>{source}</source>
<translation>{{nom}} 비어 있음</translation></message></context></TS>""", encoding="utf-8")
    subprocess.run([str(BIN / "pyside6-lrelease"), str(ts_file)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(ts_file.with_suffix(".qm")))
    qapp.installTranslator(translator)
    try:
        text = QT_TRANSLATE_NOOP("test_broken", source).format(name="a.jpg")
        assert translated(text) == "The image a.jpg is empty (0 bytes)."
    finally:
        qapp.removeTranslator(translator)


@pytest.mark.parametrize("bad", ["not-an-image.png", "truncated.jpg", "empty.jpg", "bomb-30000x30000.png"])
def test_core_errors_reach_the_korean_window_in_korean(qtbot, data_dir: Path, bad: str) -> None:
    with korean_ui(QApplication.instance()):
        window, _names = _korean_window(qtbot, data_dir)
        with qtbot.waitSignal(window.session.error_changed, timeout=30_000) as blocker:
            window.session.open_image(BAD_INPUTS / bad)
        assert window.banner.message == blocker.args[0]
        _assert_korean(blocker.args[0], bad)


@pytest.mark.parametrize("bad", ["truncated.safetensors", "pickle-checkpoint.ckpt"])
def test_refused_lora_imports_are_explained_in_korean(qtbot, data_dir: Path, bad: str) -> None:
    """The store worker's refusals (core/lora_files.py) cross a thread as translated text."""
    with korean_ui(QApplication.instance()):
        window, _names = _korean_window(qtbot, data_dir)
        pane = window.library_pane
        with qtbot.waitSignal(pane.view_model.error, timeout=10_000) as blocker:
            pane.import_files([BAD_INPUTS / bad])
        assert pane.error_banner.message == blocker.args[0]
        _assert_korean(blocker.args[0], bad)


def test_a_run_in_the_korean_window_reports_and_scores_in_korean(qtbot, data_dir: Path) -> None:
    """The result notes (engine), the scores sentence (scoring) and the status line of a real
    classic run are all Korean; so is every visible text around the result."""

    with korean_ui(QApplication.instance()):
        window, names = _korean_window(qtbot, data_dir)
        with qtbot.waitSignal(window.session.input_changed, timeout=30_000):
            window.session.open_image(PHOTOS / "obama.jpg")
        window.session.set_controls(look="sketch", size=256, random_seed=False)
        with qtbot.waitSignal(window.session.result_changed, timeout=120_000):
            assert window.session.generate()
        qtbot.waitUntil(lambda: bool(window.result_view.scores_label.toolTip()), timeout=120_000)
        status, scores = window.statusBar().currentMessage(), window.result_view.scores_label.toolTip()
        assert "연필 스케치" in status and "AI 모델을 사용하지 않았습니다" in status
        assert "같은 사람" in scores and "CLIP" in scores
        shown = [*_visible_texts(window), status, scores]
        assert {text: words for text in shown if (words := _english_words(text, names))} == {}


def test_the_window_shows_core_messages_only_through_translated() -> None:
    """Every `.message` of a core object (an error, an outcome, a check, scores) that Qt code reads is
    passed to `translated` or to the log; anything else would show English in the Korean window."""
    import ast

    unwrapped = []
    for path in sorted((PACKAGE / "qt").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Name) and node.func.id == "translated")
                    or (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "log")):
                allowed.update(id(arg) for arg in node.args)
            if isinstance(node, ast.Attribute) and node.attr in {"connect", "disconnect", "emit"}:
                allowed.add(id(node.value))  # a `message` signal, not a message
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr == "message" and isinstance(node.ctx, ast.Load)
                    and not (isinstance(node.value, ast.Name) and node.value.id == "self")
                    and id(node) not in allowed):
                unwrapped.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert unwrapped == []
