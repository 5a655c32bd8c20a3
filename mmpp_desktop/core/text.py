"""Sentences that core writes for people, in English, translatable without Qt.

Core may not import Qt, yet its messages (errors, scores, dataset findings) are shown in the
Korean window. So each message is written as a template marked the way `pyside6-lupdate`
recognises, and filled with `.format`:

    raise NoFaceFoundError(QT_TRANSLATE_NOOP("faces", "No face was found in {name}.").format(name=name))

The result is a `Text`: a `str` holding the English sentence (for the CLI, logs and `str(error)`)
that also remembers its context, template and values. The Qt layer (`qt/i18n.translated`) looks the
template up in the installed catalogue and fills the translation with the same values; values that
are `Text` themselves are translated the same way. The context is the module's path under `core`
(`faces`, `styles.packs`), so translators see where a sentence comes from.

A `Text` stops being one when it is concatenated or put in an f-string: build sentences from
templates, and join finished ones with `sentences`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Text(str):
    """An English sentence that remembers the template and values it was made from."""

    context: str
    template: str
    params: Mapping[str, Any]
    formatted: bool

    def __new__(cls, context: str, template: str, params: Mapping[str, Any] | None = None) -> Text:
        english = template.format(**params) if params is not None else template
        text = super().__new__(cls, english)
        text.context, text.template = context, template
        text.params, text.formatted = dict(params or {}), params is not None
        return text

    def format(self, *args: object, **params: Any) -> Text:  # type: ignore[override]
        """The template filled with `params`, still translatable (positional fields are not allowed)."""
        if args:
            raise TypeError("Text templates take named fields only, so translations can reorder them.")
        return Text(self.context, self.template, {**self.params, **params})

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions cross process boundaries (the face-scoring child process) by pickling.
        return (Text, (self.context, self.template, self.params if self.formatted else None))


# "Nothing to say": the default of message fields, skipped by `sentences`.
EMPTY_TEXT = Text("", "")


def QT_TRANSLATE_NOOP(context: str, template: str) -> Text:  # noqa: N802 - the name lupdate looks for
    """Mark `template` for the catalogue under `context`; translated later, in the Qt layer."""
    return Text(context, template)


def sentences(*parts: str) -> Text:
    """Finished sentences joined by spaces, each part still translatable on its own.

    The joining template has no context: there is nothing in it to translate.
    """
    kept = [part for part in parts if part]
    fields = {f"part{index}": part for index, part in enumerate(kept)}
    return Text("", " ".join("{" + name + "}" for name in fields), fields)
