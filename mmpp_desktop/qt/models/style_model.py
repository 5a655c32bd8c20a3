"""A list model of library styles; the whole (filtered) list arrives at once from the store thread.

A library holds tens to hundreds of styles, so no paging: the view model replaces the
list after each query, and thumbnails load asynchronously like the history's.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)

from mmpp_desktop.core.lora_files import family_title
from mmpp_desktop.qt.models.thumbnails import ThumbnailCache

StyleRole = Qt.ItemDataRole.UserRole + 1
NameRole = Qt.ItemDataRole.UserRole + 2
FamilyTitleRole = Qt.ItemDataRole.UserRole + 3

STYLE_NAMES_MIME = "application/x-mmpp-style-names"

Index = QModelIndex | QPersistentModelIndex


def style_family_title(family: str) -> str:
    """"Any" for prompt-only styles that work with every model family."""
    return QCoreApplication.translate("StyleLibraryPane", "Any model") if family == "any" else family_title(family)


def style_tooltip(style: Any) -> str:
    """What a user wants to know before adding a style: what it does, its words and weights."""
    lines = [f"<b>{html.escape(style.name)}</b> · {html.escape(style_family_title(style.family))}"]
    if style.description:
        lines.append(html.escape(style.description))
    if style.trigger_words:
        lines.append(QCoreApplication.translate("StyleModel", "Trigger words: ") + html.escape(", ".join(style.trigger_words)))
    for entry in style.loras:
        lines.append(QCoreApplication.translate("StyleModel", "LoRA {file} at {weight}").format(
            file=html.escape(Path(entry.file).name), weight=f"{entry.default_weight:g}"))
    if style.tags:
        lines.append(QCoreApplication.translate("StyleModel", "Tags: ") + html.escape(", ".join(style.tags)))
    return "<br>".join(lines)


class StyleListModel(QAbstractListModel):
    def __init__(self, thumbnails: ThumbnailCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thumbnails = thumbnails
        self._styles: list[Any] = []
        thumbnails.ready.connect(self._on_thumbnail_ready)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._styles)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._styles):
            return None
        style = self._styles[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, NameRole):
            return style.name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnails.get(str(style.thumbnails[0])) if style.thumbnails else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return style_tooltip(style)
        if role == FamilyTitleRole:
            return style_family_title(style.family)
        if role == StyleRole:
            return style
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [STYLE_NAMES_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        """Dragging cards onto the blend controls adds those styles (names, one per line)."""
        mime = QMimeData()
        names = [self._styles[index.row()].name for index in indexes if index.isValid()]
        mime.setData(STYLE_NAMES_MIME, "\n".join(names).encode("utf-8"))
        mime.setText(", ".join(names))
        return mime

    def set_styles(self, styles: list[Any]) -> None:
        self.beginResetModel()
        self._styles = list(styles)
        self.endResetModel()

    def styles(self) -> list[Any]:
        return list(self._styles)

    def row_of(self, name: str) -> int:
        for row, style in enumerate(self._styles):
            if style.name == name:
                return row
        return -1

    @Slot(str)
    def _on_thumbnail_ready(self, path: str) -> None:
        for row, style in enumerate(self._styles):
            if style.thumbnails and str(style.thumbnails[0]) == path:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
