"""Layout, banners, keyboard focus and the prompt's language note, in the real window.

The window must fit common laptop screens with nothing cut off on the right, banners must not
move what is under the cursor, Tab must leave the prompt boxes and reach Generate, and Hangul in
a prompt gets a note that the model's text encoder reads English only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.settings import Settings, SettingsStore
from mmpp_desktop.qt.app import apply_style
from mmpp_desktop.qt.main_window import MainWindow
from mmpp_desktop.qt.widgets.blend_controls import ReferencePicker, non_latin_script

REPO = Path(__file__).resolve().parents[1]
SIZES = [(1280, 800), (1920, 1080)]
INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QAbstractSlider, QLineEdit, QPlainTextEdit, QTextEdit,
               QAbstractItemView, ReferencePicker)
LONG_STYLE = "A Very Long Style Name That Would Not Fit In The Blend Pane v2"
LONG_REFERENCE = "/pictures/a_reference_image_with_a_file_name_far_longer_than_the_pane_is_wide.png"


@pytest.fixture(autouse=True)
def app_style(qapp: QApplication):
    """The real app's style sheet (its group box padding and banner borders take room too)."""
    style, sheet = qapp.style().name(), qapp.styleSheet()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


def window_with_models(qtbot, size: tuple[int, int] | None = None) -> MainWindow:
    """The window with every SD 1.5 model set (paths only), so every blend control is enabled and shown."""
    paths = resolve_paths().ensure()
    SettingsStore(paths.settings_file).save(Settings(sd15_base_model="/models/base",
                                                     sd15_controlnet_canny="/models/canny",
                                                     sd15_ip_adapter="/models/ip-adapter"))
    window = MainWindow(paths)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def rect_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.rect().size()) if widget is not window else window.rect()


def clipped_controls(window: QWidget) -> list[str]:
    """Every visible control that sticks out of the window or out of a widget that holds it.

    Sideways, each ancestor counts (a scroll area's viewport included, so content wider than its
    viewport is caught); up and down, only ancestors inside the nearest scroll viewport, since
    scrolling vertically is allowed.
    """
    # QMainWindow parks the docks behind another dock's tab off-screen instead of hiding them.
    parked = [dock for dock in window.findChildren(QDockWidget) if not rect_in(dock, window).intersects(window.rect())]
    problems = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar) or not widget.isVisibleTo(window) \
                or any(dock.isAncestorOf(widget) for dock in parked):
            continue
        rect = rect_in(widget, window)
        vertical = True
        ancestor = widget.parentWidget()
        while ancestor is not None:
            holder = ancestor.parentWidget()
            if isinstance(holder, QAbstractScrollArea) and ancestor is holder.viewport():
                vertical = False
            area = rect_in(ancestor, window)
            outside_sideways = rect.left() < area.left() or rect.right() > area.right()
            outside_vertically = vertical and (rect.top() < area.top() or rect.bottom() > area.bottom())
            if outside_sideways or outside_vertically:
                name = widget.accessibleName() or widget.toolTip() or widget.objectName()
                problems.append(f"{type(widget).__name__} {name!r} at {rect.getRect()} outside "
                                f"{type(ancestor).__name__} {ancestor.objectName()!r} at {area.getRect()}")
                break
            if ancestor is window:
                break
            ancestor = holder
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_window_fits_its_size_with_nothing_clipped(qtbot, size: tuple[int, int], tmp_path: Path) -> None:
    window = window_with_models(qtbot, size)
    for name in ("Watercolor", "Pop Art", LONG_STYLE):
        window.session.add_style(name)
    window.session.set_controls(ip_adapter_image=LONG_REFERENCE, prompt="portrait, soft light")
    qtbot.wait(100)
    assert window.size().toTuple() == size
    assert window.blend.style_rows[-1].enabled.text() != LONG_STYLE, "a long style name is shortened"
    assert window.blend.style_rows[-1].enabled.accessibleName() == LONG_STYLE
    assert clipped_controls(window) == []
    scroll = window.blend.scroll
    assert scroll.widget().width() <= scroll.viewport().width(), "the blend pane never scrolls sideways"
    assert all(pane.width() >= pane.minimumSizeHint().width()
               for pane in (window.capture, window.centre, window.blend)), window.splitter.sizes()
    window.grab().save(str(tmp_path / "window.png"))


def test_a_narrowed_blend_pane_stops_at_its_minimum(qtbot) -> None:
    """Dragging the splitter cannot squeeze the blend pane until its controls are cut off."""
    window = window_with_models(qtbot, (1280, 800))
    window.session.add_style(LONG_STYLE)
    qtbot.wait(50)
    total = sum(window.splitter.sizes())
    window.splitter.setSizes([200, total - 260, 60])
    qtbot.wait(50)
    assert window.splitter.sizes()[2] >= window.blend.minimumSizeHint().width() > 60
    assert clipped_controls(window) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_screenshot_mode_renders_at_the_window_size(tmp_path: Path, size: tuple[int, int]) -> None:
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "mmpp_desktop", "--data-dir", str(tmp_path / "data"),
                           "--window-size", f"{size[0]}x{size[1]}", "--screenshot", str(shot)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    image = QImage(str(shot))
    assert (image.width(), image.height()) == size


@pytest.mark.parametrize("pane_name", ["library", "history"])
def test_banners_share_one_slot_and_never_move_the_cards(qtbot, pane_name: str) -> None:
    window = window_with_models(qtbot, (1280, 800))
    getattr(window, f"{pane_name}_dock").raise_()
    pane = getattr(window, f"{pane_name}_pane")
    grid = pane.grid
    qtbot.wait(20)
    before = (grid.mapTo(window, QPoint(0, 0)), grid.viewport().mapTo(window, QPoint(0, 0)), grid.rect().size())
    pane.error_banner.show_message("The file is not a LoRA.")
    pane.info_banner.show_message("Imported “Ink wash”.")
    pane.undo_banner.show_message("Deleted “Ink wash”.")
    qtbot.wait(20)
    assert (grid.mapTo(window, QPoint(0, 0)), grid.viewport().mapTo(window, QPoint(0, 0)), grid.rect().size()) == before
    shown = [banner for banner in (pane.error_banner, pane.info_banner, pane.undo_banner) if banner.isVisible()]
    assert shown == [pane.undo_banner], "the newest message replaces the one shown"
    banner_rect = rect_in(pane.undo_banner, window)
    assert rect_in(grid.viewport(), window).contains(banner_rect), "it floats over the grid, not its scroll bar"
    pane.error_banner.show_message("A second error, long enough to need more than one line in a narrow pane "
                                   "so that the banner grows to fit it and still moves nothing at all.")
    qtbot.wait(20)
    assert not pane.undo_banner.isVisible() and pane.error_banner.isVisible()
    assert pane.error_banner.height() >= pane.error_banner.label.heightForWidth(pane.error_banner.label.width())
    assert grid.mapTo(window, QPoint(0, 0)) == before[0]


def test_a_floating_banner_is_opaque_in_light_and_dark(qtbot) -> None:
    """Over cards a see-through tint would be unreadable: the tint is mixed into the window colour."""
    app = QApplication.instance()
    light = app.palette()
    window = window_with_models(qtbot, (1280, 800))
    banner = window.library_pane.error_banner
    try:
        for background in ("#f0f0f0", "#202020"):
            palette = QPalette(light)
            palette.setColor(QPalette.ColorRole.Window, QColor(background))
            app.setPalette(palette)
            banner.show_message("The file is not a LoRA.")
            qtbot.wait(20)
            # Grabbed from the window, so whatever lies under the banner (white cards) would show through.
            pixel = window.grab(rect_in(banner, window)).toImage().pixelColor(banner.width() // 2, 3)
            assert pixel.red() > pixel.green() and abs(pixel.lightness() - QColor(background).lightness()) < 60
    finally:
        app.setPalette(light)


def test_window_banner_does_not_move_the_panes(qtbot) -> None:
    window = window_with_models(qtbot, (1280, 800))
    generate = window.blend.generate_button
    before = (window.splitter.mapTo(window, QPoint(0, 0)), generate.mapTo(window, QPoint(0, 0)))
    window.session.set_error("Open a photo or take a snapshot first.")
    qtbot.wait(20)
    assert window.banner.isVisible() and window.banner.message
    assert (window.splitter.mapTo(window, QPoint(0, 0)), generate.mapTo(window, QPoint(0, 0))) == before
    assert rect_in(window.centre, window).contains(rect_in(window.banner, window))
    late_page = QLabel("a page added after the banner slot")
    window.centre.addWidget(late_page)
    for page in (window.welcome, late_page, window.result_view):  # a stacked widget raises the page it shows
        window.centre.setCurrentWidget(page)
        qtbot.wait(10)
        on_top = window.childAt(rect_in(window.banner, window).center())
        assert on_top is window.banner or window.banner.isAncestorOf(on_top), type(on_top).__name__


def focus_after(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def test_tab_moves_between_the_prompt_boxes_without_typing_a_tab(qtbot) -> None:
    window = window_with_models(qtbot)
    window.activateWindow()
    qtbot.waitActive(window)
    blend = window.blend
    blend.prompt.setFocus()
    qtbot.waitUntil(blend.prompt.hasFocus)
    qtbot.keyClicks(blend.prompt, "portrait")
    assert focus_after(qtbot, Qt.Key.Key_Tab) is blend.negative
    assert focus_after(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) is blend.prompt
    assert blend.prompt.toPlainText() == "portrait" and blend.negative.toPlainText() == ""
    assert window.session.controls.prompt == "portrait"


def test_tab_walks_the_blend_pane_in_order_to_generate(qtbot) -> None:
    window = window_with_models(qtbot)
    window.activateWindow()
    qtbot.waitActive(window)
    blend = window.blend
    window.session.add_style("Watercolor")  # rows are made after the other controls
    window.session.add_style("Pop Art")
    blend.look.setFocus()
    qtbot.waitUntil(blend.look.hasFocus)
    visited = [blend.look]
    while visited[-1] is not blend.generate_button and len(visited) < 60:
        visited.append(focus_after(qtbot, Qt.Key.Key_Tab))
    assert visited[-1] is blend.generate_button, [type(widget).__name__ for widget in visited]
    rows = blend.style_rows
    order = [blend.look, rows[0].enabled, rows[0].weight.spin, rows[1].enabled, blend.prompt, blend.negative,
             blend.controlnet_enabled, blend.reference, blend.ip_mode, blend.scheduler, blend.steps, blend.guidance,
             blend.size, blend.generate_button]
    assert [visited.index(widget) for widget in order] == sorted(visited.index(widget) for widget in order)


def test_reference_picker_is_reachable_and_opens_from_the_keyboard(qtbot, monkeypatch) -> None:
    window = window_with_models(qtbot)
    picker = window.blend.reference
    chosen = "/pictures/look.png"
    monkeypatch.setattr("mmpp_desktop.qt.widgets.blend_controls.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (chosen, ""))
    assert picker.focusPolicy() & Qt.FocusPolicy.TabFocus
    qtbot.keyClick(picker, Qt.Key.Key_Space)
    assert window.session.controls.ip_adapter_image == chosen
    assert picker.toolTip() == chosen


def test_hangul_in_the_prompt_shows_the_english_only_note(qtbot) -> None:
    window = window_with_models(qtbot)
    blend = window.blend
    assert not blend.language_note.isVisibleTo(window)
    blend.prompt.setPlainText("portrait, soft light")
    assert not blend.language_note.isVisibleTo(window)
    blend.prompt.setPlainText("수채화 portrait")
    assert blend.language_note.isVisibleTo(window)
    assert "English only" in blend.language_note.text() and "Korean" in blend.language_note.text()
    blend.prompt.setPlainText("portrait")
    assert not blend.language_note.isVisibleTo(window)
    window.session.set_controls(negative_prompt="размытый")  # restored recipes are checked too
    assert blend.language_note.isVisibleTo(window) and "Korean" not in blend.language_note.text()
    window.session.set_controls(look="sketch")
    assert not blend.language_note.isVisibleTo(window), "a classic filter reads no prompt"


def test_non_latin_script_names_the_script() -> None:
    assert non_latin_script("portrait, café, naïve, 8k") is None
    assert non_latin_script("수채화 portrait") == "HANGUL"
    assert non_latin_script("portrait 水彩") == "CJK"
    assert non_latin_script("акварель") == "CYRILLIC"


def test_tab_walks_from_the_input_pane_to_generate(qtbot) -> None:
    """From the window's first enabled control, Tab crosses the input and result panes into the blend."""
    window = window_with_models(qtbot)
    window.activateWindow()
    qtbot.waitActive(window)
    first = next(widget for widget in (window.capture.camera_picker, window.capture.live_button,
                                       window.capture.snapshot_button, window.capture.open_button)
                 if widget.isEnabled())
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    visited = [first]
    while visited[-1] is not window.blend.generate_button and len(visited) < 80:
        visited.append(focus_after(qtbot, Qt.Key.Key_Tab))
    assert visited[-1] is window.blend.generate_button, [type(widget).__name__ for widget in visited]
    assert window.blend.look in visited and window.blend.prompt in visited


def test_tab_leaves_the_style_editors_prompt_boxes(qtbot) -> None:
    from mmpp_desktop.core.styles import StyleLibrary
    from mmpp_desktop.qt.widgets.style_edit_dialog import StyleEditDialog

    style = StyleLibrary(resolve_paths().ensure()).list()[0]
    dialog = StyleEditDialog(style, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    template = dialog.template.toPlainText()
    dialog.template.setFocus()
    qtbot.waitUntil(dialog.template.hasFocus)
    assert focus_after(qtbot, Qt.Key.Key_Tab) is dialog.negative
    assert focus_after(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) is dialog.template
    assert dialog.template.toPlainText() == template and "\t" not in dialog.negative.toPlainText()
