"""The style library pane over a real StyleLibrary: import (good and bad), filters, edit, delete/undo, packs."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage

from mmpp_desktop.core.paths import AppPaths, resolve_paths
from mmpp_desktop.core.styles import StyleLibrary
from mmpp_desktop.qt.models.style_model import StyleRole
from mmpp_desktop.qt.widgets.style_edit_dialog import StyleEditDialog
from mmpp_desktop.qt.widgets.style_library import StyleLibraryPane
from mmpp_desktop.qt.workers.store_worker import StoreClient
from tests.conftest import BAD_INPUTS
from tests.test_styles_library import KOHYA_METADATA, write_lora


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return resolve_paths(data_dir).ensure()


@pytest.fixture
def library(paths: AppPaths) -> StyleLibrary:
    """The test thread's own library, to check what the pane's store thread wrote."""
    return StyleLibrary(paths)


@pytest.fixture
def pane(qtbot, paths: AppPaths):
    store = StoreClient(paths)
    pane = StyleLibraryPane(store)
    qtbot.addWidget(pane)
    pane.resize(900, 600)
    pane.show()
    qtbot.waitUntil(lambda: pane.view_model.model.rowCount() > 0)
    yield pane
    store.shutdown()


def names_in(pane: StyleLibraryPane) -> list[str]:
    model = pane.view_model.model
    return [model.index(row).data(StyleRole).name for row in range(model.rowCount())]


def select(pane: StyleLibraryPane, *names: str) -> None:
    selection = pane.grid.selectionModel()
    selection.clearSelection()
    for name in names:
        index = pane.view_model.model.index(pane.view_model.model.row_of(name))
        selection.select(index, QItemSelectionModel.SelectionFlag.Select)


def library_state(library: StyleLibrary) -> tuple[list[tuple[str, str]], list[str]]:
    """Every listed style and every file under the library folder."""
    styles = sorted((style.name, style.id) for style in library.list())
    files = sorted(str(path.relative_to(library.root)) for path in library.root.rglob("*"))
    return styles, files


def bad_header(path: Path, header: bytes, declared: int | None = None) -> Path:
    path.write_bytes(struct.pack("<Q", len(header) if declared is None else declared) + header)
    return path


def test_bad_lora_imports_show_an_error_and_change_nothing(qtbot, pane, library, tmp_path):
    before_rows = names_in(pane)
    before = library_state(library)
    bad_files = [
        BAD_INPUTS / "truncated.safetensors",
        bad_header(tmp_path / "hand-made.safetensors", b'{"lora_unet_x.lora_down.weight": {"dtype": "F32", '),
        bad_header(tmp_path / "absurd-size.safetensors", b"{}", declared=2**62),
        BAD_INPUTS / "pickle-checkpoint.ckpt",
    ]
    messages = []
    for path in bad_files:
        pane.error_banner.show_message("")
        with qtbot.waitSignal(pane.view_model.error, timeout=5000) as blocker:
            pane.import_files([path])
        messages.append(blocker.args[0])
        assert pane.error_banner.isVisible() and pane.error_banner.message == blocker.args[0]
        assert blocker.args[0].endswith(".") and "Traceback" not in blocker.args[0]
    assert "pickle" in messages[-1]
    qtbot.wait(100)
    assert names_in(pane) == before_rows
    assert library_state(library) == before


def test_importing_a_good_lora_shows_a_new_card_and_selects_it(qtbot, pane, library, tmp_path):
    before = len(names_in(pane))
    lora = write_lora(tmp_path / "inkwash.safetensors", metadata=KOHYA_METADATA)
    pane.import_files([lora])
    qtbot.waitUntil(lambda: len(names_in(pane)) == before + 1, timeout=5000)
    style = next(style for style in library.list() if style.family == "sd15")
    assert style.name in names_in(pane)
    assert "inkwash" in style.trigger_words
    qtbot.waitUntil(lambda: [s.name for s in pane.selected_styles()] == [style.name])
    assert pane.info_banner.isVisible() and style.name in pane.info_banner.message

    # Dropping a file on the pane takes the same path (the window's drop handler calls import_files).
    second = write_lora(tmp_path / "second.safetensors", family="sdxl", seed=3)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    pane.dropEvent(drop)
    qtbot.waitUntil(lambda: len(names_in(pane)) == before + 2, timeout=5000)
    assert [s.family for s in library.list() if s.family == "sdxl"] == ["sdxl"]


def test_search_and_filters_narrow_the_grid(qtbot, pane, library, tmp_path):
    sd15 = library.import_lora(write_lora(tmp_path / "inkwash.safetensors", metadata=KOHYA_METADATA))
    sdxl = library.import_lora(write_lora(tmp_path / "xl.safetensors", family="sdxl", seed=5))
    pane.refresh()
    qtbot.waitUntil(lambda: {sd15.name, sdxl.name} <= set(names_in(pane)))
    everything = names_in(pane)
    assert len(everything) >= 9  # the built-ins plus the imports

    pane.search.setText("watercolor")
    qtbot.waitUntil(lambda: 0 < len(names_in(pane)) < len(everything))
    assert all("watercolor" in name.lower() or "watercolor" in s.description.lower()
               for name, s in zip(names_in(pane), pane.view_model.model.styles(), strict=True))
    pane.search.clear()
    qtbot.waitUntil(lambda: names_in(pane) == everything)

    # A family shows the styles usable with it: its LoRAs and the prompt-only ones.
    pane.family_filter.setCurrentIndex(pane.family_filter.findData("sd15"))
    qtbot.waitUntil(lambda: sdxl.name not in names_in(pane))
    assert sd15.name in names_in(pane)
    assert {s.family for s in pane.view_model.model.styles()} == {"sd15", "any"}
    pane.family_filter.setCurrentIndex(pane.family_filter.findData("sdxl"))
    qtbot.waitUntil(lambda: sd15.name not in names_in(pane) and sdxl.name in names_in(pane))
    pane.family_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: names_in(pane) == everything)
    assert pane.count_label.text() == f"{len(everything)} styles"

    tag = pane.view_model.tags[0]
    pane.tag_filter.setCurrentIndex(pane.tag_filter.findData(tag))
    qtbot.waitUntil(lambda: 0 < len(names_in(pane)) < len(everything))
    assert all(tag in style.tags for style in pane.view_model.model.styles())


def test_edit_and_save_persists_including_the_current_result_as_thumbnail(qtbot, pane, library, tmp_path):
    imported = library.import_lora(write_lora(tmp_path / "inkwash.safetensors", metadata=KOHYA_METADATA))
    pane.refresh()
    qtbot.waitUntil(lambda: imported.name in names_in(pane))
    result = QImage(64, 48, QImage.Format.Format_RGB32)
    result.fill(QColor(200, 30, 40))
    pane.set_current_result_image(result)
    select(pane, imported.name)
    pane.edit_button.click()
    dialog = pane.edit_dialog
    assert isinstance(dialog, StyleEditDialog) and dialog.isVisible()
    dialog.name.setText("Ink wash")
    dialog.trigger_words.setText("inkwash, sumi-e")
    dialog.template.setPlainText("ink wash painting of {prompt}")
    dialog.negative.setPlainText("colour")
    dialog.weights[0].setValue(0.65)
    dialog.steps.setValue(6)
    dialog.scheduler.setCurrentIndex(dialog.scheduler.findData("lcm"))
    assert dialog.use_result_button.isEnabled()
    dialog.use_result_button.click()
    with qtbot.waitSignal(pane.view_model.saved, timeout=5000):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    saved = library.get("Ink wash")
    assert saved.id == imported.id  # renamed in place, not copied
    assert saved.trigger_words == ("inkwash", "sumi-e")
    assert saved.prompt_template == "ink wash painting of {prompt}"
    assert saved.negative_prompt == "colour"
    assert saved.loras[0].default_weight == pytest.approx(0.65)
    assert (saved.recommended.steps, saved.recommended.scheduler) == (6, "lcm")
    thumbnail = QImage(str(saved.thumbnails[0]))
    assert (thumbnail.width(), thumbnail.height()) == (64, 48)
    assert thumbnail.pixelColor(10, 10).red() > 180
    qtbot.waitUntil(lambda: "Ink wash" in names_in(pane) and imported.name not in names_in(pane))
    qtbot.waitUntil(lambda: pane.edit_dialog is None)  # closed once the store had saved


def test_a_refused_edit_keeps_the_dialog_open_with_the_reason(qtbot, pane, library, tmp_path):
    first = library.import_lora(write_lora(tmp_path / "one.safetensors", seed=1), name="One")
    library.import_lora(write_lora(tmp_path / "two.safetensors", seed=2), name="Two")
    pane.refresh()
    qtbot.waitUntil(lambda: {"One", "Two"} <= set(names_in(pane)))
    before = library_state(library)
    select(pane, "One")
    pane.edit_button.click()
    dialog = pane.edit_dialog
    dialog.name.setText("Two")
    dialog.description.setText("typed, not to be lost")
    with qtbot.waitSignal(pane.view_model.save_failed, timeout=5000):
        dialog.accept()
    assert dialog.isVisible() and dialog.error_banner.isVisible() and "Two" in dialog.error_banner.message
    assert dialog.description.text() == "typed, not to be lost"
    assert library_state(library) == before and library.get("One").id == first.id
    dialog.reject()
    qtbot.waitUntil(lambda: pane.edit_dialog is None)


def test_editing_a_builtin_saves_a_user_copy(qtbot, pane, library):
    builtin = next(style for style in library.list() if style.builtin)
    select(pane, builtin.name)
    assert not pane.delete_button.isEnabled()  # built-ins are read-only
    pane.edit_button.click()
    dialog = pane.edit_dialog
    dialog.description.setText("my take")
    with qtbot.waitSignal(pane.view_model.saved, timeout=5000) as blocker:
        dialog.accept()
    copy = library.get(blocker.args[0])
    qtbot.waitUntil(lambda: pane.edit_dialog is None)
    assert not copy.builtin and copy.description == "my take"
    assert library.get(builtin.name).builtin and library.get(builtin.name).description == builtin.description


def test_delete_then_undo_restores(qtbot, pane, library, tmp_path):
    style = library.import_lora(write_lora(tmp_path / "inkwash.safetensors", metadata=KOHYA_METADATA))
    pane.refresh()
    qtbot.waitUntil(lambda: style.name in names_in(pane))
    count = len(names_in(pane))
    select(pane, style.name)
    pane.delete_button.click()
    qtbot.waitUntil(lambda: style.name not in names_in(pane))
    assert len(names_in(pane)) == count - 1
    assert pane.undo_banner.isVisible() and style.name in pane.undo_banner.message
    assert style.name not in [s.name for s in library.list()]

    pane.undo_banner.undo_button.click()
    qtbot.waitUntil(lambda: style.name in names_in(pane))
    restored = library.get(style.name)
    assert restored.id == style.id and restored.loras[0].file.is_file()
    assert not pane.undo_banner.isVisible()


def test_duplicate_export_pack_and_add_to_blend(qtbot, pane, library, tmp_path):
    style = library.import_lora(write_lora(tmp_path / "inkwash.safetensors", metadata=KOHYA_METADATA))
    pane.refresh()
    qtbot.waitUntil(lambda: style.name in names_in(pane))
    select(pane, style.name)
    pane.duplicate_button.click()
    qtbot.waitUntil(lambda: f"{style.name} copy" in names_in(pane))

    out = tmp_path / "pack.zip"
    with qtbot.waitSignal(pane.view_model.message, timeout=5000):
        pane.view_model.export_pack(style.name, out)
    other = StyleLibrary(resolve_paths(tmp_path / "elsewhere").ensure())
    imported = other.import_pack(out)
    assert [s.loras[0].sha256 for s in imported] == [style.loras[0].sha256]

    select(pane, style.name, f"{style.name} copy")
    with qtbot.waitSignal(pane.styles_chosen) as blocker:
        pane.add_button.click()
    assert sorted(blocker.args[0]) == sorted([style.name, f"{style.name} copy"])
    tooltip = pane.view_model.model.index(pane.view_model.model.row_of(style.name)).data(Qt.ItemDataRole.ToolTipRole)
    assert "Trigger words: inkwash" in tooltip and "at 1" in tooltip
    pane.grid.setCurrentIndex(pane.view_model.model.index(pane.view_model.model.row_of(style.name)))
    pane.grid.setFocus()
    with qtbot.waitSignal(pane.styles_chosen) as by_key:
        qtbot.keyClick(pane.grid, Qt.Key.Key_Return)
    assert by_key.args[0] == [style.name]
    select(pane, style.name, f"{style.name} copy")
    mime = pane.view_model.model.mimeData(pane.grid.selectionModel().selectedIndexes())
    assert sorted(bytes(mime.data("application/x-mmpp-style-names")).decode().splitlines()) == sorted(
        blocker.args[0])


def test_a_broken_pack_is_refused_with_a_message(qtbot, pane, library, tmp_path):
    before = library_state(library)
    pack = tmp_path / "broken.zip"
    pack.write_bytes(b"PK\x03\x04 this is not really a zip" + json.dumps({"a": 1}).encode())
    with qtbot.waitSignal(pane.view_model.error, timeout=5000) as blocker:
        pane.import_files([pack])
    assert blocker.args[0]
    assert library_state(library) == before
