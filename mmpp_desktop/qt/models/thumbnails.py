"""A bounded cache of decoded thumbnails shared by the item models.

Models ask `get(path)` while painting; a miss returns None at once and queues the file on
the thumbnail thread, and `ready(path)` tells the models which rows to repaint. Failed
files are remembered too, so an unreadable thumbnail is not requested on every paint.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from mmpp_desktop.qt.workers.store_worker import ThumbnailLoader

DEFAULT_CAPACITY = 600  # about 600 × 256² × 4 bytes at most; scrolling back re-decodes older ones


class ThumbnailCache(QObject):
    ready = Signal(str)

    def __init__(self, loader: ThumbnailLoader, capacity: int = DEFAULT_CAPACITY,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._capacity = capacity
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._wanted: set[str] = set()  # the loader serves every cache; keep only what this one asked for
        loader.loaded.connect(self._on_loaded)

    def get(self, path: str) -> QImage | None:
        """The decoded image, or None while it loads or when it cannot be read."""
        image = self._images.get(path)
        if image is None:
            self._wanted.add(path)
            self._loader.request(path)
            return None
        self._images.move_to_end(path)
        return None if image.isNull() else image

    def forget(self, path: str) -> None:
        """Drop a cached file that changed on disk (e.g. a style's new thumbnail)."""
        self._images.pop(path, None)

    @Slot(str, QImage)
    def _on_loaded(self, path: str, image: QImage) -> None:
        if path not in self._wanted:
            return
        self._wanted.discard(path)
        self._images[path] = image
        self._images.move_to_end(path)
        while len(self._images) > self._capacity:
            self._images.popitem(last=False)
        self.ready.emit(path)
