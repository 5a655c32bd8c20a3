"""What the user can do with the result where it is shown: save, save as, copy, drag out, reuse, compare.

Saved and dragged files carry the same metadata as history exports: both go through
`core.metadata.save_image_with_metadata` with the result's recipe. Encoding a 1024-px PNG
takes 25–250 ms (WebP about as long), so every write runs on a one-thread pool and reports
back through queued signals; the GUI thread only picks the file name.

The folder Save writes to is the last one the user chose with Save As (kept in the window's
settings file across runs); before any choice it is the Export folder preference, else the
Pictures folder.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QThreadPool,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QDrag,
    QGuiApplication,
    QImage,
    QKeySequence,
    QMouseEvent,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QStyle, QToolButton, QWidget

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.metadata import FORMATS_BY_SUFFIX, save_image_with_metadata
from mmpp_desktop.core.types import GenerationResult
from mmpp_desktop.qt.folders import output_folder
from mmpp_desktop.qt.i18n import translated
from mmpp_desktop.qt.widgets.accessible import named

if TYPE_CHECKING:
    from mmpp_desktop.qt.widgets.result_view import ResultView

log = logging.getLogger(__name__)

SAVE_FOLDER_KEY = "result/save_folder"
DRAG_FOLDER = "drag-out"  # under the cache folder; holds only the file for the current result


def auto_name(result: GenerationResult, suffix: str = ".png") -> str:
    """A file name that sorts by time and says which seed made the image."""
    return f"mmpp-{time.strftime('%Y%m%d-%H%M%S')}-seed{result.request.seed}{suffix}"


def unused_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2`, `name-3`… so Save never overwrites an earlier file."""
    candidate = folder / name
    stem, suffix = candidate.stem, candidate.suffix
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def write_result(result: GenerationResult, path: Path) -> Path:
    """The result's first image with its recipe, as history export writes it (format from the suffix)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    save_image_with_metadata(result.images[0], path, result.recipe)
    return path


def _drag_pixmap(image: QImage) -> QPixmap:
    """A small picture of the result under the cursor while it is dragged."""
    return QPixmap.fromImage(image.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))


class DragHandle(QToolButton):
    """A grip in the result header: drag it into a file manager, chat or editor to hand over the file."""

    def __init__(self, start_drag: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start_drag = start_drag
        self._pressed_at: QPoint | None = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed_at = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pressed_at is not None and event.buttons() & Qt.MouseButton.LeftButton and (
                event.position().toPoint() - self._pressed_at).manhattanLength() >= QApplication.startDragDistance():
            self._pressed_at = None
            self.setDown(False)
            self._start_drag()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = None
        super().mouseReleaseEvent(event)


class ResultActions(QObject):
    """The result view's actions, context menu and drag-out; created by `ResultView` with one line."""

    saved = Signal(str)  # the path written by Save / Save As
    save_failed = Signal(str)
    _written = Signal(str)
    _write_failed = Signal(str)
    _drag_written = Signal(object, str)  # (result, path) of a pre-written drag file

    def __init__(self, view: ResultView) -> None:
        super().__init__(view)
        self.view = view
        self.session = view.session
        self.state = QSettings(str(self.session.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)
        self.save_dialog: QFileDialog | None = None
        self._last_saved: Path | None = None
        self._drag_file: tuple[GenerationResult, Path] | None = None
        self._canvas_press: QPoint | None = None
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # one writer: saves finish in the order they were asked for
        self._written.connect(self._on_written)
        self._write_failed.connect(self._on_write_failed)
        self._drag_written.connect(self._on_drag_written)

        pixmap = QStyle.StandardPixmap
        self.save_action = self._action(self.tr("&Save"), QKeySequence.StandardKey.Save, self.save,
                                        self.tr("Save the result in the last used folder (Ctrl+S)"),
                                        pixmap.SP_DialogSaveButton)
        self.save_as_action = self._action(self.tr("Save &As…"), QKeySequence("Ctrl+Shift+S"), self.save_as,
                                           self.tr("Choose where to save the result (Ctrl+Shift+S)"))
        self.copy_action = self._action(self.tr("&Copy"), QKeySequence.StandardKey.Copy, self.copy,
                                        self.tr("Copy the result image to the clipboard (Ctrl+C)"))
        self.open_folder_action = self._action(self.tr("Open &Folder"), None, self.open_folder,
                                               self.tr("Show the folder results are saved in"),
                                               pixmap.SP_DirOpenIcon)
        self.reuse_action = self._action(self.tr("&Reuse Recipe"), None, self.reuse,
                                         self.tr("Restore every control from this result"))
        self.compare_action = self._action(self.tr("Compare with &Input"), None, self.compare,
                                           self.tr("Open the input and the result side by side"))
        self.actions = [self.save_action, self.save_as_action, self.copy_action, self.open_folder_action,
                        self.reuse_action, self.compare_action]

        self.save_button = QToolButton()
        self.save_button.setDefaultAction(self.save_action)
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.drag_handle = DragHandle(self.start_drag)
        self.drag_handle.setText(self.tr("Drag"))
        self.drag_handle.setToolTip(self.tr("Drag the result into another app or a folder as a PNG file "
                                            "(or Ctrl+drag the image)"))
        named(self.drag_handle, self.tr("Drag the result out"), self.drag_handle.toolTip())
        self.header_buttons: list[QWidget] = [self.save_button, self.drag_handle]

        canvas = view.canvas
        canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        canvas.customContextMenuRequested.connect(self._show_context_menu)
        canvas.installEventFilter(self)
        self.session.result_changed.connect(self._on_result_changed)
        self.session.input_changed.connect(self._update_enabled)
        self._update_enabled()

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None,
                slot: Callable[[], object], tip: str, icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, self.view)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if icon is not None:
            action.setIcon(self.view.style().standardIcon(icon))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    @property
    def result(self) -> GenerationResult | None:
        result = self.session.result
        return result if result is not None and result.images else None

    # ----- folders -----------------------------------------------------------------------
    def default_folder(self) -> Path:
        """The Export folder preference, else Pictures, else home."""
        return output_folder(self.session.settings)

    def save_folder(self) -> Path:
        """Where Ctrl+S writes: the folder last chosen with Save As (if it still exists), else the default."""
        remembered = self.state.value(SAVE_FOLDER_KEY)
        if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
            return Path(remembered)
        return self.default_folder()

    # ----- save --------------------------------------------------------------------------
    @Slot()
    def save(self) -> None:
        result = self.result
        if result is not None:
            self._write(result, unused_path(self.save_folder(), auto_name(result)))

    @Slot()
    def save_as(self) -> None:
        """A non-modal dialog, so the window keeps repainting; the file is written once one is chosen."""
        result = self.result
        if result is None:
            return
        dialog = QFileDialog(self.view, self.tr("Save the result"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([self.tr("PNG image, recipe in text chunks (*.png)"),
                               self.tr("JPEG image (*.jpg *.jpeg)"), self.tr("WebP image (*.webp)")])
        dialog.setDefaultSuffix("png")
        folder = self.save_folder()
        with contextlib.suppress(OSError):  # a missing folder would open the dialog somewhere else
            folder.mkdir(parents=True, exist_ok=True)
        dialog.setDirectory(str(folder))
        dialog.selectFile(auto_name(result))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: self._save_chosen(result, Path(chosen)))
        self.save_dialog = dialog
        dialog.open()

    def _save_chosen(self, result: GenerationResult, path: Path) -> None:
        if path.suffix.lower() not in FORMATS_BY_SUFFIX:
            path = path.with_name(path.name + ".png")
        self.state.setValue(SAVE_FOLDER_KEY, str(path.parent))
        self.state.sync()
        self._write(result, path)

    def _write(self, result: GenerationResult, path: Path) -> None:
        def run() -> None:
            try:
                write_result(result, path)
            except UserFacingError as error:
                self._write_failed.emit(translated(error.message))
            except OSError as error:
                log.warning("Saving %s failed", path, exc_info=True)
                self._write_failed.emit(self.tr("{name} could not be saved: {reason}.").format(
                    name=path.name, reason=error.strerror or self.tr("the disk refused it")))
            else:
                self._written.emit(str(path))

        self._writes.start(run)

    @Slot(str)
    def _on_written(self, path: str) -> None:
        self._last_saved = Path(path)
        self.session.status_changed.emit(self.tr("Saved {name}").format(name=Path(path).name))
        self.saved.emit(path)

    @Slot(str)
    def _on_write_failed(self, message: str) -> None:
        self.session.set_error(message)
        self.save_failed.emit(message)

    def wait_for_writes(self) -> None:
        """Block until every queued write is done (window close, tests)."""
        self._writes.waitForDone()

    # ----- copy, folder, reuse, compare --------------------------------------------------
    @Slot()
    def copy(self) -> None:
        image = self.session.result_image
        if self.result is not None and image is not None:
            QGuiApplication.clipboard().setImage(image)
            self.session.status_changed.emit(self.tr("Result copied to the clipboard"))

    @Slot()
    def open_folder(self) -> None:
        folder = self._last_saved.parent if self._last_saved is not None else self.save_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @Slot()
    def reuse(self) -> None:
        result = self.result
        if result is not None:
            self.session.apply_request(result.request)

    @Slot()
    def compare(self) -> None:
        from mmpp_desktop.qt.widgets.compare_dialog import CompareDialog

        before = self.view.canvas.before or self.session.input_image
        after = self.session.result_image
        if before is None or after is None:
            return
        dialog = CompareDialog(before, self.tr("Input"), after, self.tr("Result"), self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    # ----- context menu ------------------------------------------------------------------
    def context_menu(self) -> QMenu:
        menu = QMenu(self.view)
        for action in self.actions[:3]:
            menu.addAction(action)
        menu.addSeparator()
        for action in self.actions[3:]:
            menu.addAction(action)
        return menu

    @Slot(QPoint)
    def _show_context_menu(self, position: QPoint) -> None:
        if self.result is None:
            return
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.canvas.mapToGlobal(position))

    # ----- drag out ----------------------------------------------------------------------
    def drag_mime(self) -> QMimeData | None:
        """A file URL of the result as a PNG with its recipe, plus the image itself for apps that take pixels."""
        result, image = self.result, self.session.result_image
        if result is None or image is None:
            return None
        if self._drag_file is not None and self._drag_file[0] is result and self._drag_file[1].is_file():
            path = self._drag_file[1]
        else:  # dragged before the background write finished: write it now
            path = write_result(result, self._drag_folder() / auto_name(result))
            self._keep_only_drag_file(result, path)
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        mime.setImageData(image)
        return mime

    def start_drag(self) -> None:
        mime = self.drag_mime()
        if mime is None:
            return
        drag = QDrag(self.view)
        drag.setMimeData(mime)
        image = self.session.result_image
        if image is not None:
            drag.setPixmap(_drag_pixmap(image))
        drag.exec(Qt.DropAction.CopyAction)

    def _drag_folder(self) -> Path:
        return self.session.paths.cache_dir / DRAG_FOLDER

    def _keep_only_drag_file(self, result: GenerationResult, path: Path) -> None:
        self._drag_file = (result, path)
        for old in path.parent.glob("*.png"):
            if old != path:
                old.unlink(missing_ok=True)

    @Slot(object, str)
    def _on_drag_written(self, result: GenerationResult, path: str) -> None:
        if result is self.result:
            self._keep_only_drag_file(result, Path(path))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+drag on the image drags it out; a plain drag still moves the before/after divider."""
        if watched is self.view.canvas and isinstance(event, QMouseEvent):
            if event.type() == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton \
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier and self.result is not None:
                self._canvas_press = event.position().toPoint()
                return True
            if event.type() == QEvent.Type.MouseMove and self._canvas_press is not None:
                if (event.position().toPoint() - self._canvas_press).manhattanLength() >= \
                        QApplication.startDragDistance():
                    self._canvas_press = None
                    self.start_drag()
                return True
            if event.type() == QEvent.Type.MouseButtonRelease and self._canvas_press is not None:
                self._canvas_press = None
                return True
        return super().eventFilter(watched, event)

    # ----- state -------------------------------------------------------------------------
    @Slot()
    def _on_result_changed(self) -> None:
        self._update_enabled()
        result = self.result
        if result is None:
            return
        path = self._drag_folder() / auto_name(result)

        def run() -> None:  # have the drag file ready before the user reaches for it
            try:
                write_result(result, path)
            except (OSError, UserFacingError):
                log.warning("Preparing the drag-out file %s failed", path, exc_info=True)
            else:
                self._drag_written.emit(result, str(path))

        self._writes.start(run)

    @Slot()
    def _update_enabled(self) -> None:
        has_result = self.result is not None
        for action in self.actions:
            action.setEnabled(has_result or action is self.open_folder_action)
        self.compare_action.setEnabled(has_result and self.session.result_image is not None)
        self.drag_handle.setEnabled(has_result)
