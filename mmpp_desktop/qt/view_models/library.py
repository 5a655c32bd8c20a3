"""State and actions of the style library pane; every store call runs on the store thread.

The pane binds widgets to this object and the tests drive it directly, so behaviour
(what is listed, what an import or a delete does, what undo restores) lives here and
the widget only shows it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.qt.images import qimage_to_pil
from mmpp_desktop.qt.models.style_model import StyleListModel
from mmpp_desktop.qt.models.thumbnails import ThumbnailCache
from mmpp_desktop.qt.workers.store_worker import StoreClient

log = logging.getLogger(__name__)

class LibraryViewModel(QObject):
    """Filters, the style list, and import/edit/duplicate/delete/restore/export through the store."""

    styles_loaded = Signal()
    tags_changed = Signal(list)
    error = Signal(str)
    message = Signal(str)
    deleted = Signal(str)  # a style went to the trash: offer undo
    imported = Signal(list)  # names of styles an import added
    saved = Signal(str)  # name of the style an edit saved
    save_failed = Signal(str)  # why an edit could not be saved (the edit dialog shows it and stays open)
    current_result_changed = Signal(bool)  # whether "use current result as thumbnail" is possible
    search_changed = Signal(str)
    family_changed = Signal(object)
    tag_changed = Signal(object)

    def __init__(self, store: StoreClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.thumbnails = ThumbnailCache(store.thumbnails, parent=self)
        self.model = StyleListModel(self.thumbnails, parent=self)
        self._search = ""
        self._family: str | None = None
        self._tag: str | None = None
        self._tags: list[str] = []
        self._current_result: Image.Image | None = None
        self._generation = 0

    # --- filters ------------------------------------------------------------------------------

    @property
    def search(self) -> str:
        return self._search

    def set_search(self, text: str) -> None:
        if text != self._search:
            self._search = text
            self.search_changed.emit(text)
            self.reload()

    @property
    def family(self) -> str | None:
        return self._family

    def set_family(self, family: str | None) -> None:
        if family != self._family:
            self._family = family
            self.family_changed.emit(family)
            self.reload()

    @property
    def tag(self) -> str | None:
        return self._tag

    def set_tag(self, tag: str | None) -> None:
        if tag != self._tag:
            self._tag = tag
            self.tag_changed.emit(tag)
            self.reload()

    @property
    def tags(self) -> list[str]:
        return list(self._tags)

    # --- queries ------------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Query the filtered list (and every tag, for the tag filter) on the store thread."""
        self._generation += 1
        generation, family, tag, search = self._generation, self._family, self._tag, self._search

        def job(library: Any, _history: Any) -> tuple[list[Any], list[str]]:
            styles = library.list(family=family, tag=tag, search=search)
            tags = sorted({t for style in library.list() for t in style.tags}, key=str.casefold)
            return styles, tags

        self._store.submit(job, lambda result: self._on_loaded(generation, result), self.error.emit)

    def _on_loaded(self, generation: int, result: tuple[list[Any], list[str]]) -> None:
        if generation != self._generation:
            return
        styles, tags = result
        for style in styles:  # an edited thumbnail may keep its path: drop the stale decoded copy
            if style.thumbnails and self._thumbnail_changed(style):
                self.thumbnails.forget(str(style.thumbnails[0]))
        self.model.set_styles(styles)
        if tags != self._tags:
            self._tags = tags
            self.tags_changed.emit(tags)
        self.styles_loaded.emit()

    def _thumbnail_changed(self, style: Any) -> bool:
        row = self.model.row_of(style.name)
        return row >= 0 and self.model.styles()[row].updated != style.updated

    # --- mutations ----------------------------------------------------------------------------

    def import_files(self, paths: list[str | Path]) -> None:
        """Import LoRA files and style packs; each file succeeds or fails on its own.

        Every file goes to the store, which explains what is wrong with it (a pickle
        checkpoint, a broken header, a full model instead of a LoRA...).
        """
        paths = [Path(path) for path in paths]
        if paths:
            self.message.emit(self.tr("Importing {name}…").format(name=paths[0].name) if len(paths) == 1
                              else self.tr("Importing {count} files…").format(count=len(paths)))
        for path in paths:
            self._store.submit(lambda library, _h, path=path: _import_one(library, path),
                               self._on_imported, self.error.emit)

    def _on_imported(self, styles: list[Any]) -> None:
        names = [style.name for style in styles]
        self.message.emit(self.tr("Imported {names}.").format(names=", ".join(f"“{n}”" for n in names)) if names
                          else self.tr("Nothing to import."))
        self.imported.emit(names)
        self.reload()

    def save(self, style: Any, thumbnail: Image.Image | None = None) -> None:
        """Persist an edited style (the store keys it by id, so a rename is a save); built-ins become copies."""

        def job(library: Any, _history: Any) -> Any:
            saved = library.save(style)
            if thumbnail is not None:
                saved = library.set_thumbnail(saved.name, thumbnail)
            return saved

        self._store.submit(job, self._on_saved, self.save_failed.emit)

    def _on_saved(self, style: Any) -> None:
        for path in style.thumbnails[:1]:
            self.thumbnails.forget(str(path))
        self.message.emit(self.tr("Saved “{name}”.").format(name=style.name))
        self.saved.emit(style.name)
        self.reload()

    def duplicate(self, name: str) -> None:
        copy_name = self.tr("{name} copy").format(name=name)  # the library adds a number if it is taken

        def job(library: Any, _history: Any) -> Any:
            return library.duplicate(name, copy_name)

        self._store.submit(job, lambda style: self._after_change(self.tr("Duplicated as “{name}”.").format(name=style.name)), self.error.emit)

    def delete(self, name: str) -> None:
        """Move a style to the trash; `deleted` lets the pane offer undo (`restore`)."""

        def job(library: Any, _history: Any) -> None:
            library.delete(name)

        def done(_result: object) -> None:
            self.deleted.emit(name)
            self.reload()

        self._store.submit(job, done, self.error.emit)

    def restore(self, name: str) -> None:
        def job(library: Any, _history: Any) -> None:
            library.restore(name)

        self._store.submit(job, lambda _r: self._after_change(self.tr("Restored “{name}”.").format(name=name)), self.error.emit)

    def export_pack(self, name: str, out: str | Path) -> None:
        def job(library: Any, _history: Any) -> Path:
            return library.export_pack(name, Path(out))

        self._store.submit(job, lambda path: self.message.emit(self.tr("Exported “{name}” to {path}.").format(name=name, path=path)), self.error.emit)

    def _after_change(self, message: str) -> None:
        self.message.emit(message)
        self.reload()

    # --- the latest generated image, for "use current result as thumbnail" --------------------

    @property
    def current_result(self) -> Image.Image | None:
        return self._current_result

    def set_current_result_image(self, image: QImage | Image.Image | None) -> None:
        if isinstance(image, QImage):
            image = None if image.isNull() else qimage_to_pil(image)
        self._current_result = image
        self.current_result_changed.emit(image is not None)


def _import_one(library: Any, path: Path) -> list[Any]:
    if path.suffix.lower() == ".zip":
        return list(library.import_pack(path))
    return [library.import_lora(path)]
