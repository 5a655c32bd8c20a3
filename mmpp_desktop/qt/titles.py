"""Display titles of core values (model families, schedulers, IP-Adapter modes, classic styles).

Core keeps plain identifiers and English titles and imports no Qt; these tables mark the titles
for `pyside6-lupdate` and the functions translate them when they are shown, so every widget
that lists a scheduler or a family shows the same words in either language.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Titles"
FAMILY_TITLES = {
    "sd15": "SD 1.5",
    "sdxl": "SDXL",
    "sd2": "SD 2.x",
    "any": QT_TRANSLATE_NOOP("Titles", "Any model"),
    "": QT_TRANSLATE_NOOP("Titles", "unknown"),
}
SCHEDULER_TITLES = {
    "euler": "Euler a",
    "dpmpp": "DPM++ 2M Karras",
    "lcm": QT_TRANSLATE_NOOP("Titles", "LCM (4 steps)"),
    "tcd": QT_TRANSLATE_NOOP("Titles", "TCD (4 steps)"),
}
IP_MODE_TITLES = {
    "full": QT_TRANSLATE_NOOP("Titles", "Full"),
    "style": QT_TRANSLATE_NOOP("Titles", "Style"),
    "composition": QT_TRANSLATE_NOOP("Titles", "Composition"),
}
CLASSIC_TITLES = {
    "cartoon": QT_TRANSLATE_NOOP("Titles", "cartoon"),
    "sketch": QT_TRANSLATE_NOOP("Titles", "sketch"),
    "watercolor": QT_TRANSLATE_NOOP("Titles", "watercolor"),
}


def _title(table: dict[str, str], value: str | None) -> str:
    key = value or ""
    return QCoreApplication.translate(CONTEXT, table[key]) if key in table else key


def family_title(family: str | None) -> str:
    """"SD 1.5", "SDXL", "Any model" (prompt-only styles) or "unknown"."""
    return _title(FAMILY_TITLES, family)


def scheduler_title(name: str | None) -> str:
    return _title(SCHEDULER_TITLES, name)


def ip_mode_title(mode: str | None) -> str:
    return _title(IP_MODE_TITLES, mode)


def classic_title(name: str | None) -> str:
    """A classic filter's name as a word in the UI language ("cartoon", "sketch", "watercolor")."""
    return _title(CLASSIC_TITLES, name)
