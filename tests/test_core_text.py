"""Core's sentences stay translatable: `Text` behaviour, and every error core raises is built from a
marked template (an f-string there would show English in the Korean window)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pickle
import pkgutil
from pathlib import Path

import pytest

import mmpp_desktop.core
from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text, sentences

CORE = Path(mmpp_desktop.core.__file__).parent


def test_text_is_the_english_sentence_and_remembers_how_it_was_made() -> None:
    text = QT_TRANSLATE_NOOP("faces", "No face was found in {name}.").format(name="me.jpg")
    assert text == "No face was found in me.jpg."
    assert (text.context, text.template, dict(text.params)) == ("faces", "No face was found in {name}.",
                                                                {"name": "me.jpg"})
    assert isinstance(text, str) and f"{text}" == "No face was found in me.jpg."


def test_an_unformatted_template_keeps_its_braces_and_named_fields_are_required() -> None:
    plain = QT_TRANSLATE_NOOP("types", "Use {braces} literally.")
    assert plain == "Use {braces} literally." and not plain.formatted
    with pytest.raises(TypeError):
        plain.format("positional")
    with pytest.raises(KeyError):
        plain.format(other=1)


def test_text_survives_pickling_for_the_face_process() -> None:
    text = QT_TRANSLATE_NOOP("faces", "{count} faces").format(count=3)
    copy = pickle.loads(pickle.dumps(UserFacingError(text))).message
    assert isinstance(copy, Text) and copy == "3 faces" and copy.params == {"count": 3}


def test_sentences_join_finished_texts_and_skip_empty_ones() -> None:
    first = QT_TRANSLATE_NOOP("scoring", "Likeness {value}.").format(value=0.5)
    second = QT_TRANSLATE_NOOP("scoring", "No prompt.")
    joined = sentences(first, "", second)
    assert joined == "Likeness 0.5. No prompt."
    assert joined.context == "" and list(joined.params.values()) == [first, second]


def _core_modules() -> list[str]:
    return [info.name for info in pkgutil.walk_packages([str(CORE)], "mmpp_desktop.core.")]


def _user_facing_errors() -> dict[str, int]:
    """Every UserFacingError class in core by name, with the position of its `message` argument."""
    for name in _core_modules():
        importlib.import_module(name)
    found: dict[str, int] = {}
    pending = [UserFacingError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        parameters = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
        found[cls.__name__] = parameters.index("message") if "message" in parameters else 0
    return found


def _is_marked(node: ast.expr) -> bool:
    """A template call (`QT_TRANSLATE_NOOP(...)`, optionally `.format(...)`), `sentences(...)`, or a
    value built elsewhere (a name, attribute, call or either branch of a conditional)."""
    if isinstance(node, ast.IfExp):
        return _is_marked(node.body) and _is_marked(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_marked(node.func.value)
    return isinstance(node, ast.Name | ast.Attribute | ast.Call | ast.Subscript)


def test_every_error_core_raises_is_built_from_a_marked_template() -> None:
    errors = _user_facing_errors()
    unmarked = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in errors:
                continue
            position = errors[name]
            message = next((k.value for k in node.keywords if k.arg == "message"), None)
            if message is None and len(node.args) > position:
                message = node.args[position]
            if message is not None and not _is_marked(message):
                unmarked.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert unmarked == []


def test_every_template_in_core_uses_its_module_as_context() -> None:
    wrong = []
    for path in sorted(CORE.rglob("*.py")):
        module = ".".join(path.relative_to(CORE).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "QT_TRANSLATE_NOOP":
                context, template = node.args
                if not (isinstance(context, ast.Constant) and context.value == module
                        and isinstance(template, ast.Constant) and isinstance(template.value, str)):
                    wrong.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert wrong == []
