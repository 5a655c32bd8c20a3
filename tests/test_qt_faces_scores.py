"""GUI: every face outlined and clickable, scores on the result view, likeness filter and sort in history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from test_history_store import make_result
from test_qt_history import browser_for  # noqa: F401  (fixture)

from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.scoring import with_scores
from mmpp_desktop.core.types import FaceBox, Scores
from mmpp_desktop.qt.main_window import MainWindow
from mmpp_desktop.qt.widgets.face_box_overlay import FaceCanvas
from tests.conftest import PHOTOS

FACES = (FaceBox(500, 100, 200, 200), FaceBox(100, 150, 120, 120))


def _canvas(qtbot) -> FaceCanvas:
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("gray"))
    canvas = FaceCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)  # half size, 100 px letterbox above and below
    canvas.set_image(image, FACES[0], editable=True, faces=FACES)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


def test_clicking_an_outlined_face_chooses_it(qtbot) -> None:
    canvas = _canvas(qtbot)
    assert canvas.faces == FACES and canvas.face_box == FACES[0]
    centre = canvas.widget_rect(FACES[1]).center().toPoint()
    assert canvas.face_at(canvas.widget_rect(FACES[1]).center()) == FACES[1]
    with qtbot.waitSignal(canvas.face_box_edited) as edited:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=centre)
    assert edited.args[0] == FACES[1] and canvas.face_box == FACES[1]
    with qtbot.waitSignal(canvas.face_box_edited) as dragged:  # the chosen box can still be dragged
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseMove(canvas, centre + QPoint(10, 5))
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=centre + QPoint(10, 5))
    moved = dragged.args[0]
    assert (moved.width, moved.height) == (FACES[1].width, FACES[1].height) and moved.x == FACES[1].x + 20


def test_window_outlines_both_people_and_a_click_chooses_the_other(qtbot) -> None:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.session.input_changed, timeout=30_000):
        window.session.open_image(PHOTOS / "two_people.jpg")
    canvas, session = window.capture.canvas, window.session
    assert len(canvas.faces) == 2 and session.face_box == canvas.faces[0]  # the largest by default
    other = canvas.faces[1]
    with qtbot.waitSignal(session.face_changed):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.widget_rect(other).center().toPoint())
    assert session.face_box == other
    session.set_controls(look="sketch")
    assert session.build_job().request.face_box == other
    assert "click another" in window.capture.face_label.text()


def test_result_view_shows_the_scores_of_a_classic_result(qtbot) -> None:
    window = MainWindow(resolve_paths().ensure())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    session = window.session
    with qtbot.waitSignal(session.input_changed, timeout=30_000):
        session.open_image(PHOTOS / "obama.jpg")
    session.set_controls(look="cartoon", size=256, random_seed=False)
    with qtbot.waitSignal(window.history_pane.view_model.model.rowsInserted, timeout=120_000):
        with qtbot.waitSignal(session.result_changed, timeout=120_000):
            assert session.generate()
    scores = session.result.scores
    assert scores is not None and scores.likeness is not None and scores.structure is not None
    text = window.result_view.scores_label.text()
    assert f"Likeness {scores.likeness:.2f}" in text and "CLIP not measured" in text
    assert window.result_view.scores_label.toolTip() == scores.message
    entry = window.history_pane.view_model.model.entry_at(0)
    assert entry.scores == scores.to_dict()


def test_history_browser_filters_and_sorts_by_likeness(qtbot, data_dir: Path, browser_for) -> None:  # noqa: F811
    paths = resolve_paths(data_dir).ensure()
    store = HistoryStore(paths)
    ids = {}
    for seed, likeness in enumerate((0.3, 0.9, None, 0.65)):
        result = make_result(seed=seed, images=1)
        if likeness is not None:
            result = with_scores(result, Scores(likeness=likeness, same_person=likeness > 0.5, structure=0.4))
        ids[likeness] = store.record(result)
    browser = browser_for(paths)
    model = browser.view_model.model
    qtbot.waitUntil(lambda: model.total == 4, timeout=15_000)

    def shown() -> list[int]:
        return [model.entry_at(row).id for row in range(model.rowCount())]

    browser.sort_order.setCurrentIndex(browser.sort_order.findData("likeness"))
    qtbot.waitUntil(lambda: model.total == 4 and shown() == [ids[0.9], ids[0.65], ids[0.3], ids[None]],
                    timeout=15_000)
    browser.likeness_filter.setCurrentIndex(browser.likeness_filter.findData(0.6))
    qtbot.waitUntil(lambda: shown() == [ids[0.9], ids[0.65]] and model.total == 2, timeout=15_000)
    assert browser.count_label.text().startswith("2 results")
    browser.grid.selectionModel().select(model.index(0), browser.grid.selectionModel().SelectionFlag.Select)
    details = browser.recipe_view.toPlainText()
    assert "Likeness" in details and "0.90 (same person)" in details and "CLIP" in details
