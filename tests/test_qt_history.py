"""The history browser over a real HistoryStore: paging, filters, reuse, favourite, delete/undo, compare."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.metadata import read_metadata
from mmpp_desktop.core.paths import AppPaths, resolve_paths
from mmpp_desktop.core.types import FaceBox, FaceInfo, GenerationRequest, GenerationResult, StyleLora
from mmpp_desktop.qt.models.history_model import PAGE_SIZE
from mmpp_desktop.qt.widgets.history_browser import HistoryBrowser
from mmpp_desktop.qt.workers.store_worker import StoreClient
from tests.conftest import PHOTOS, korean_ui

BIG_HISTORY = 2000


def make_result(index: int, *, prompt: str = "", style: str | None = "Ink", family: str | None = "sd15",
                input_image: str = "") -> GenerationResult:
    """A recorded-looking result with a real image, built straight from core.types (no engine needed)."""
    styles = (StyleLora(path=f"/loras/{style}.safetensors", weight=0.75, name=style),) if style else ()
    request = GenerationRequest(
        input_image=input_image, model="/models/tiny-sd15", prompt=prompt or f"portrait {index}",
        negative_prompt="blurry", styles=styles, strength=0.55, steps=4, guidance=1.5, scheduler="lcm",
        seed=1000 + index, size=512, face_box=FaceBox(10, 12, 80, 90),
    )
    colour = ((index * 37) % 256, (index * 91) % 256, (index * 53) % 256)
    image = Image.new("RGB", (96, 96), colour)
    recipe = {"app": "mmpp-desktop", "recipe_version": 1, "request": request.to_dict(), "family": family,
              "scheduler": {"name": "lcm", "class": "LCMScheduler", "label": "LCM"}, "seed": request.seed,
              "steps": 4, "guidance": 1.5, "strength": 0.55, "width": 96, "height": 96}
    face = FaceInfo(faces_found=1, face_box=request.face_box, crop_box=FaceBox(0, 0, 96, 96))
    return GenerationResult(request=request, images=(image,), recipe=recipe, timings={"total": 1.25}, face=face)


@pytest.fixture(scope="module")
def big_history_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2000 entries recorded once through HistoryStore, shared read-only by the paging tests."""
    root = tmp_path_factory.mktemp("history-2000")
    store = HistoryStore(resolve_paths(root).ensure())
    for index in range(BIG_HISTORY):
        store.record(make_result(index, family="sd15" if index % 2 else "sdxl"))
    return root


@pytest.fixture
def paths(data_dir: Path) -> AppPaths:
    return resolve_paths(data_dir).ensure()


@pytest.fixture
def history(paths: AppPaths) -> HistoryStore:
    """The test thread's own store: SQLite connections are per thread, like the app's worker."""
    return HistoryStore(paths)


def open_browser(qtbot, paths: AppPaths) -> tuple[HistoryBrowser, StoreClient]:
    store = StoreClient(paths)
    browser = HistoryBrowser(store)
    qtbot.addWidget(browser)
    browser.resize(1100, 720)
    browser.show()
    return browser, store


@pytest.fixture
def browser_for(qtbot):
    """Open browsers on a data dir; their store threads are shut down before the leak check."""
    clients: list[StoreClient] = []

    def make(paths: AppPaths) -> HistoryBrowser:
        browser, store = open_browser(qtbot, paths)
        clients.append(store)
        return browser

    yield make
    for client in clients:
        client.shutdown()


def select_rows(browser: HistoryBrowser, *rows: int) -> None:
    selection = browser.grid.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(browser.view_model.model.index(row), QItemSelectionModel.SelectionFlag.Select)


def test_pages_2000_entries_lazily_without_blocking_the_gui_thread(qtbot, big_history_root, browser_for):
    browser = browser_for(resolve_paths(big_history_root))
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.total == BIG_HISTORY and model.rowCount() > 0, timeout=10_000)
    assert model.rowCount() == PAGE_SIZE  # one page, not everything
    assert browser.count_label.text() == "2,000 results"

    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    seen_counts = [model.rowCount()]
    scrollbar = browser.grid.verticalScrollBar()
    started = time.monotonic()
    deadline = started + 120
    try:
        while model.rowCount() < BIG_HISTORY and time.monotonic() < deadline:
            scrollbar.setValue(scrollbar.maximum())
            qtbot.wait(15)
            if model.rowCount() != seen_counts[-1]:
                seen_counts.append(model.rowCount())
        # Scroll back up through every page for at least 1.5 s in all, so thumbnails of many rows load
        # while the heartbeat runs (paging alone can be over in under a second on a quiet machine).
        while time.monotonic() - started < 1.5 or scrollbar.value() > 0:
            scrollbar.setValue(max(0, scrollbar.value() - scrollbar.pageStep()))
            qtbot.wait(15)
        qtbot.wait(200)  # let the last thumbnails arrive and paint
    finally:
        heartbeat.stop()
    assert model.rowCount() == BIG_HISTORY
    assert seen_counts == list(range(PAGE_SIZE, BIG_HISTORY + 1, PAGE_SIZE))  # page by page
    assert len(gaps) > 50
    print(f"max gap {max(gaps)*1000:.1f} ms over {len(gaps)} beats", sorted(round(g*1000) for g in gaps)[-8:])
    assert max(gaps) < 0.100, f"GUI thread blocked for {max(gaps) * 1000:.0f} ms"
    # The rows on screen got their thumbnails from the loader thread.
    last_index = model.index(0)
    qtbot.waitUntil(lambda: model.data(last_index, 1) is not None, timeout=5000)


def test_filters_and_text_search_narrow_the_grid(qtbot, history, paths, browser_for):
    for index in range(6):
        history.record(make_result(index, style="Ink", family="sd15"))
    for index in range(6, 9):
        history.record(make_result(index, style="Watercolor", family="sdxl", prompt=f"castle at dusk {index}"))
    history.record(make_result(9, style=None, family=None, prompt="plain classic"))
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 10)

    qtbot.waitUntil(lambda: browser.style_filter.findData("Watercolor") >= 0)
    browser.style_filter.setCurrentIndex(browser.style_filter.findData("Watercolor"))
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert all(model.entry_at(row).styles == ("Watercolor",) for row in range(3))
    browser.style_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: model.rowCount() == 10)

    browser.family_filter.setCurrentIndex(browser.family_filter.findData("sd15"))
    qtbot.waitUntil(lambda: model.rowCount() == 6)
    browser.family_filter.setCurrentIndex(0)

    browser.search.setText("castle")
    qtbot.waitUntil(lambda: model.rowCount() == 3 and model.filters.text == "castle", timeout=3000)
    assert {model.entry_at(row).prompt for row in range(3)} == {f"castle at dusk {i}" for i in (6, 7, 8)}
    browser.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 10, timeout=3000)

    browser.date_filter.setCurrentText("Last 24 hours")
    qtbot.waitUntil(lambda: model.filters.since is not None and model.rowCount() == 10)
    browser.view_model.update_filters(until=time.time() - 3600)  # nothing is older than an hour
    qtbot.waitUntil(lambda: model.rowCount() == 0)


def test_favourite_toggle_persists_and_the_favourites_filter_shows_it(qtbot, history, paths, browser_for):
    ids = [history.record(make_result(index)) for index in range(4)]
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    row = model.row_of(ids[1])
    select_rows(browser, row)
    assert browser.favourite_button.isEnabled()
    browser.favourite_button.click()
    qtbot.waitUntil(lambda: model.entry_at(row).favourite)
    assert browser.favourite_button.isChecked()
    assert history.get(ids[1]).favourite

    browser.favourites_only.setChecked(True)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.entry_at(0).id == ids[1]
    select_rows(browser, 0)
    browser.favourite_button.click()  # un-favourite: it leaves the favourites view
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    assert not history.get(ids[1]).favourite


def test_reuse_emits_the_recorded_request(qtbot, history, paths, browser_for):
    recorded = make_result(1, input_image=str(PHOTOS / "obama.jpg"), prompt="a portrait in ink")
    entry_id = history.record(recorded)
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    select_rows(browser, 0)
    assert "a portrait in ink" in browser.recipe_view.toPlainText()
    assert '"seed": 1001' in browser.raw_json.toPlainText()
    with qtbot.waitSignal(browser.reuse_requested, timeout=3000) as blocker:
        browser.reuse_button.click()
    request = blocker.args[0]
    stored_input = history.get(entry_id).input_path
    assert stored_input is not None and stored_input.read_bytes() == (PHOTOS / "obama.jpg").read_bytes()
    assert request == dataclasses.replace(recorded.request, input_image=str(stored_input))


def test_delete_then_undo_restores_rows_in_place(qtbot, history, paths, browser_for):
    ids = [history.record(make_result(index)) for index in range(5)]
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    order = [model.entry_at(row).id for row in range(5)]
    select_rows(browser, 1, 3)
    browser.delete_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert history.count() == 3
    assert browser.undo_banner.isVisible()
    assert [model.entry_at(row).id for row in range(3)] == [order[0], order[2], order[4]]

    browser.undo_banner.undo_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    assert [model.entry_at(row).id for row in range(5)] == order
    assert history.count() == 5 and sorted(e.id for e in history.list()) == sorted(ids)
    assert not browser.undo_banner.isVisible()


def test_new_entry_appears_on_top(qtbot, history, paths, browser_for):
    history.record(make_result(0))
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    new_id = history.record(make_result(1, prompt="fresh one"))
    browser.entry_added(new_id)
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert model.entry_at(0).id == new_id
    assert browser.count_label.text() == "2 results"


def test_compare_two_results_and_export_with_metadata(qtbot, history, paths, browser_for, tmp_path):
    history.record(make_result(0))
    history.record(make_result(1))
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    select_rows(browser, 0, 1)
    assert browser.compare_button.isEnabled() and not browser.reuse_button.isEnabled()
    browser.compare_button.click()
    qtbot.waitUntil(lambda: browser._compare_dialog is not None and browser._compare_dialog.isVisible())
    dialog = browser._compare_dialog
    view = dialog.view
    assert view.first.pixelColor(5, 5) != view.second.pixelColor(5, 5)
    dialog.slider.setValue(250)
    assert view.split == pytest.approx(0.25)
    frame = view._image_rect()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton,
                     pos=QPoint(round(frame.left() + frame.width() * 0.8), round(frame.center().y())))
    assert view.split == pytest.approx(0.8, abs=0.02)
    assert dialog.slider.value() == pytest.approx(800, abs=20)
    dialog.side_by_side_button.click()
    assert view.side_by_side and not dialog.slider.isEnabled()
    dialog.reject()

    entry = model.entry_at(0)
    out = tmp_path / "exported.webp"
    with qtbot.waitSignal(browser.view_model.message, timeout=5000):
        browser.view_model.export(entry.id, out)
    imported = read_metadata(out)
    assert imported.source == "mmpp" and imported.seed == entry.recipe["seed"]


def test_a_store_error_is_shown_not_swallowed(qtbot, history, paths, browser_for, tmp_path):
    entry_id = history.record(make_result(0))
    browser = browser_for(paths)
    qtbot.waitUntil(lambda: browser.view_model.model.rowCount() == 1)
    browser.view_model.export(entry_id, tmp_path / "out.gif")
    qtbot.waitUntil(lambda: browser.error_banner.isVisible())
    assert ".gif" in browser.error_banner.message
    assert not (tmp_path / "out.gif").exists()


def test_shutdown_finishes_work_queued_before_it(qtbot, history, paths):
    ids = [history.record(make_result(index)) for index in range(3)]
    store = StoreClient(paths)
    browser = HistoryBrowser(store)
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: browser.view_model.model.rowCount() == 3)
    browser.view_model.set_favourite(ids[0], True)
    browser.view_model.delete([ids[1]])
    store.shutdown()  # right away, as when the window closes
    assert history.get(ids[0]).favourite
    assert [entry.id for entry in history.list()] == [ids[2], ids[0]]


def test_a_note_is_saved_and_searchable(qtbot, history, paths, browser_for):
    ids = [history.record(make_result(index)) for index in range(3)]
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    row = model.row_of(ids[0])
    select_rows(browser, row)
    browser.note.setText("grandma liked this one")
    browser.note.editingFinished.emit()
    qtbot.waitUntil(lambda: model.entry_at(row).note == "grandma liked this one")
    assert history.get(ids[0]).note == "grandma liked this one"
    browser.search.setText("grandma")
    browser.search.returnPressed.emit()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.entry_at(0).id == ids[0]


def test_entries_another_process_records_appear_without_a_search(qtbot, history, paths, browser_for):
    history.record(make_result(0))
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    select_rows(browser, 0)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))

    browser.view_model.set_favourite(model.entry_at(0).id, True)  # the browser's own write: no reload
    qtbot.waitUntil(lambda: model.entry_at(0).favourite)
    qtbot.wait(2 * browser.view_model.watcher.interval_ms + 500)
    assert resets == [] and browser.selected_entries(), "the browser's own edits keep the list and selection"

    # `history` is the test thread's own HistoryStore and connection, as a CLI `generate` would have.
    cli_id = history.record(make_result(1, prompt="made on the command line"))
    qtbot.waitUntil(lambda: model.rowCount() == 2 and model.entry_at(0).id == cli_id, timeout=10_000)
    assert browser.count_label.text() == "2 results"
    assert browser.search.text() == "" and len(resets) == 1

    resets.clear()
    qtbot.wait(2 * browser.view_model.watcher.interval_ms + 500)
    assert resets == [], "no reload while nothing changes"


def test_the_browser_speaks_korean_and_filters_by_value_not_by_label(qtbot, history, paths, browser_for):
    """Under the Korean catalogue every filter, count and recipe label is Korean, the time filter
    still filters (it follows the item's data, not its translated text), and the controls are named."""
    from PySide6.QtWidgets import QApplication


    for index in range(2):
        history.record(make_result(index, prompt=f"수채화 초상 {index}"))
    app = QApplication.instance()
    with korean_ui(app):
        browser = browser_for(paths)
        model = browser.view_model.model
        qtbot.waitUntil(lambda: model.rowCount() == 2)
        assert browser.count_label.text() == "결과 2개"
        assert [browser.date_filter.itemText(i) for i in range(browser.date_filter.count())] == [
            "전체 기간", "최근 24시간", "최근 7일", "최근 30일"]
        assert (browser.family_filter.itemText(0), browser.likeness_filter.itemText(1)) == ("모든 계열", "닮음 점수 ≥ 0.5")
        assert browser.date_filter.accessibleName() == "기간 필터" and browser.grid.accessibleName() == "기록 결과"
        browser.date_filter.setCurrentIndex(1)  # 최근 24시간
        qtbot.waitUntil(lambda: model.filters.since is not None and model.rowCount() == 2)

        select_rows(browser, 0)
        summary = browser.recipe_view.toPlainText()
        assert all(label in summary for label in ("프롬프트", "스케줄러", "LCM (4단계)", "시드", "1.2초", "닮음 점수"))
        assert "Scheduler" not in summary and "Seed" not in summary
