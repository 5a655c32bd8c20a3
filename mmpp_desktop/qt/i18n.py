"""The UI language (Korean or English) and a Hangul-capable font.

Sources are English. `assets/i18n/mmpp_ko.ts` holds the Korean translations, written with
`pyside6-lupdate` over the Python sources and compiled to `mmpp_ko.qm` with `pyside6-lrelease`
(both ship with PySide6; `python -m mmpp_desktop.qt.i18n` runs them). Qt's own Korean catalogue
(`qtbase_ko.qm`, in PySide6) translates the standard dialogs' buttons. After changing UI text, run
it, fill the new `<translation>` elements (removing `type="unfinished"`) and run it again; it keeps
existing translations and writes no line numbers, so moving code does not change the .ts.
Text that core owns is marked on the Qt side: settings texts in `settings_text.py`, titles of
core values (schedulers, families, modes, classic styles) in `titles.py`. Sentences core writes
(errors, scores, findings) are marked in core itself (core/text.py) and shown through `translated`.

The language follows the system locale unless Preferences or `--lang` chooses one. Without a
CJK font, Hangul renders as empty boxes, so a known CJK family is put first in the application
font's fallback list when one is installed (`fonts-noto-cjk` on Debian/Ubuntu).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

from mmpp_desktop.core.text import Text

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parents[1] / "assets" / "i18n"
LANGUAGES: tuple[str, ...] = ("en", "ko")
# Families that cover Hangul, in order of preference (Noto/Source Han, then common Korean fonts).
CJK_FAMILIES: tuple[str, ...] = ("Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR", "NanumGothic",
                                 "Malgun Gothic", "Apple SD Gothic Neo", "Noto Sans CJK JP", "Noto Sans CJK SC",
                                 "WenQuanYi Zen Hei", "Droid Sans Fallback")


def resolve_language(choice: str | None) -> str:
    """"en" or "ko": an explicit choice wins; "system" (or nothing) follows the system locale."""
    if choice in LANGUAGES:
        return str(choice)
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the app's and Qt's Korean catalogues for "ko"; English needs none.

    The translators are returned so the caller keeps them alive (Qt does not own them).
    """
    if language != "ko":
        return []
    installed: list[QTranslator] = []
    catalogues = [(I18N_DIR, "mmpp_ko"),
                  (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), "qtbase_ko")]
    for folder, name in catalogues:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("Translation catalogue %s not found in %s", name, folder)
    return installed


def translated(text: str) -> str:
    """`text` in the UI language: a core `Text` through the catalogue, any other string as it is.

    Safe on worker threads (QCoreApplication.translate is). A translation that lost one of the
    template's fields falls back to English rather than failing to show the message at all.
    """
    if not isinstance(text, Text):
        return text
    template = QCoreApplication.translate(text.context, text.template) if text.context else text.template
    if not text.formatted:
        return template
    values = {name: translated(value) if isinstance(value, Text) else value for name, value in text.params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        log.warning("The translation of %r does not fit its values; showing English", text.template)
        return str(text)


def hangul_font_family() -> str | None:
    """The first installed font family that covers Hangul, or None."""
    installed = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    for family in sorted(installed):
        if QFontDatabase.WritingSystem.Korean in QFontDatabase.writingSystems(family):
            return family
    return None


def add_hangul_fallback(app) -> str | None:
    """Keep the UI font but let Hangul fall back to a CJK family; returns the family used."""
    family = hangul_font_family()
    if family is None:
        log.info("No Hangul-capable font installed; Korean text may show as boxes (install fonts-noto-cjk).")
        return None
    font: QFont = app.font()
    families = font.families() or [font.family()]
    if family not in families:
        font.setFamilies([*families, family])
        app.setFont(font)
    return family


def update_catalogues() -> None:
    """Developer tool: refresh the .ts from the sources, then compile the .qm."""
    package = Path(__file__).resolve().parents[1]
    sources = sorted(str(path) for path in package.rglob("*.py"))
    bin_dir = Path(sys.executable).parent
    ts_file = I18N_DIR / "mmpp_ko.ts"
    subprocess.run([str(bin_dir / "pyside6-lupdate"), *sources, "-ts", str(ts_file), "-no-obsolete",
                    "-locations", "none"], check=True)
    subprocess.run([str(bin_dir / "pyside6-lrelease"), str(ts_file), "-qm", str(ts_file.with_suffix(".qm"))],
                   check=True)


if __name__ == "__main__":
    update_catalogues()
