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


def _is_marked(node: ast.expr, text_functions: set[str]) -> bool:
    """A template call (`QT_TRANSLATE_NOOP(...)`, optionally `.format(...)`), `sentences(...)`, a call of
    a function of the module annotated `-> Text`, or a value built elsewhere (a name or attribute);
    a conditional needs both branches marked. f-strings, literals and `+` are not."""
    if isinstance(node, ast.IfExp):
        return _is_marked(node.body, text_functions) and _is_marked(node.orelse, text_functions)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_marked(node.func.value, text_functions)
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in {"QT_TRANSLATE_NOOP", "sentences", *text_functions}
    return isinstance(node, ast.Name | ast.Attribute | ast.Subscript)


def _text_functions(tree: ast.Module) -> set[str]:
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            and node.returns is not None and ast.unparse(node.returns) == "Text"}


def test_every_error_core_raises_is_built_from_a_marked_template() -> None:
    errors = _user_facing_errors()
    unmarked = []
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        text_functions = _text_functions(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in errors:
                continue
            position = errors[name]
            message = next((k.value for k in node.keywords if k.arg == "message"), None)
            if message is None and len(node.args) > position:
                message = node.args[position]
            if message is not None and not _is_marked(message, text_functions):
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


def test_the_check_tells_marked_messages_from_unmarked_ones() -> None:
    tree = ast.parse('def _reason() -> Text: ...\ndef _plain() -> str: ...')
    functions = _text_functions(tree)

    def marked(source: str) -> bool:
        return _is_marked(ast.parse(source, mode="eval").body, functions)

    assert marked('QT_TRANSLATE_NOOP("faces", "No face in {name}.").format(name=n)')
    assert marked("_reason()") and marked("error.message") and marked("sentences(a, b)")
    assert not marked('f"No face in {name}."') and not marked('"No face."') and not marked("_plain()")
    assert not marked('QT_TRANSLATE_NOOP("faces", "a") + "b"') and not marked('str(error)')
    assert not marked('QT_TRANSLATE_NOOP("faces", "a") if x else f"b{y}"')
