"""History store on real SQLite and real files: record, page, filter, search, trash, export, reuse."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import PHOTOS
from PIL import Image
from test_metadata import make_recipe

from mmpp_desktop.core.errors import InvalidInputError
from mmpp_desktop.core.history import HistoryStore
from mmpp_desktop.core.history.store import HistoryEntryNotFoundError
from mmpp_desktop.core.metadata import read_metadata
from mmpp_desktop.core.paths import resolve_paths
from mmpp_desktop.core.types import FaceBox, FaceInfo, GenerationRequest, GenerationResult, StyleLora


def make_result(prompt: str = "portrait, watercolor", seed: int = 7, input_image: Path = PHOTOS / "obama.jpg",
                family: str = "sd15", styles: tuple[str, ...] = ("ink",), images: int = 2,
                size: int = 96) -> GenerationResult:
    request = GenerationRequest(input_image=str(input_image), prompt=prompt, negative_prompt="blurry",
                                styles=tuple(StyleLora(f"/l/{name}.safetensors", 0.8, name) for name in styles),
                                seed=seed, steps=4, scheduler="lcm", guidance=1.5)
    recipe = make_recipe(prompt=prompt, seed=seed)
    recipe["request"] = request.to_dict()
    recipe["family"] = family
    rng = np.random.default_rng(seed)
    pictures = tuple(Image.fromarray(rng.integers(0, 255, (size, size, 3), dtype=np.uint8)) for _ in range(images))
    crop = FaceBox(10, 20, 300, 300)
    return GenerationResult(request=request, images=pictures, recipe=recipe,
                            timings={"total": 1.25, "denoise": 1.0},
                            face=FaceInfo(faces_found=1, face_box=crop, crop_box=crop))


@pytest.fixture
def store() -> HistoryStore:
    return HistoryStore(resolve_paths())


def test_record_and_get(store: HistoryStore) -> None:
    entry_id = store.record(make_result())
    entry = store.get(entry_id)
    assert entry.prompt == "portrait, watercolor" and entry.family == "sd15" and entry.styles == ("ink",)
    assert entry.crop_box == FaceBox(10, 20, 300, 300) and entry.timings["total"] == 1.25
    assert len(entry.image_paths) == 2 and all(path.is_file() for path in entry.image_paths)
    for thumb in entry.thumbnail_paths:
        with Image.open(thumb) as image:
            assert max(image.size) <= 256
    assert entry.input_path is not None
    assert entry.input_path.read_bytes() == (PHOTOS / "obama.jpg").read_bytes()
    assert read_metadata(entry.image_paths[0]).recipe["seed"] == 7
    assert not entry.favourite and entry.note == ""


def test_input_photo_stored_once_per_content(store: HistoryStore, tmp_path: Path) -> None:
    copy = tmp_path / "same.jpg"
    copy.write_bytes((PHOTOS / "obama.jpg").read_bytes())
    first = store.get(store.record(make_result()))
    second = store.get(store.record(make_result(input_image=copy)))
    third = store.get(store.record(make_result(input_image=PHOTOS / "biden.jpg")))
    assert first.input_path == second.input_path != third.input_path
    assert len(list(store.inputs_dir.iterdir())) == 2


def test_paging_filters_and_search(store: HistoryStore) -> None:
    ids = [store.record(make_result(prompt=f"portrait number {n} {'castle' if n % 3 == 0 else 'forest'}",
                                    seed=n, family="sdxl" if n % 2 else "sd15",
                                    styles=("clay",) if n % 4 == 0 else ("ink",), images=1, size=32))
           for n in range(12)]
    assert store.count() == 12
    page1, page2 = store.list(offset=0, limit=5), store.list(offset=5, limit=5)
    assert [e.id for e in page1 + page2] == list(reversed(ids))[:10]
    assert store.count(family="sdxl") == 6
    assert {e.id for e in store.list(style="clay")} == {ids[0], ids[4], ids[8]}
    assert {e.id for e in store.list(text="castle")} == {ids[0], ids[3], ids[6], ids[9]}
    assert store.count(text="cast") == 4  # prefix search
    assert store.count(text='weird "quote" AND (') == 0  # user text never breaks the query
    store.set_favourite(ids[3], True)
    assert [e.id for e in store.list(favourite=True)] == [ids[3]]
    store.set_note(ids[5], "best one for the poster")
    assert [e.id for e in store.list(text="poster")] == [ids[5]]
    future = dt.datetime.now() + dt.timedelta(days=1)
    assert store.count(since=future) == 0 and store.count(until=future) == 12
    assert store.count(since=time.time() - 3600, family="sd15", style="ink") == 3  # n = 2, 6, 10


def test_trash_restore_and_empty(store: HistoryStore) -> None:
    keep, gone = store.record(make_result()), store.record(make_result(input_image=PHOTOS / "biden.jpg"))
    folder = store.get(gone).image_paths[0].parent
    store.delete(gone)
    assert [e.id for e in store.list()] == [keep] and store.count(trashed=True) == 1
    store.restore(gone)
    assert store.count() == 2
    store.delete(gone)
    assert store.empty_trash() == 1
    assert not folder.exists() and len(list(store.inputs_dir.iterdir())) == 1
    with pytest.raises(HistoryEntryNotFoundError):
        store.get(gone)
    with pytest.raises(HistoryEntryNotFoundError):
        store.set_favourite(gone, True)


def test_reuse_request_points_at_stored_input(store: HistoryStore) -> None:
    entry_id = store.record(make_result(seed=42))
    request = store.reuse_request(entry_id)
    assert request.seed == 42 and request.scheduler == "lcm" and request.styles[0].name == "ink"
    assert Path(request.input_image) == store.get(entry_id).input_path


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".webp"])
def test_export_with_metadata(store: HistoryStore, tmp_path: Path, suffix: str) -> None:
    entry_id = store.record(make_result(seed=3))
    out = store.export(entry_id, tmp_path / f"export{suffix}")
    assert read_metadata(out).seed == 3
    with Image.open(out) as image:
        assert image.size == (96, 96)


def test_export_bad_suffix_and_record_without_images(store: HistoryStore, tmp_path: Path) -> None:
    entry_id = store.record(make_result())
    with pytest.raises(InvalidInputError):
        store.export(entry_id, tmp_path / "x.tiff")
    result = make_result()
    with pytest.raises(InvalidInputError):
        store.record(GenerationResult(request=result.request, images=(), recipe=result.recipe, timings={}))


def test_repair_removes_leftovers(store: HistoryStore) -> None:
    entry_id = store.record(make_result())
    orphan = store.entries_dir / "20200101-000000-deadbeef0000"
    orphan.mkdir()
    (orphan / "image-0.png").write_bytes(b"x")
    dead_staging = store.staging.root / "999999999-20200101-000000-abc"
    dead_staging.mkdir()
    (store.inputs_dir / ".0123.jpg.abc.part").write_bytes(b"half")
    lost = store.record(make_result(input_image=PHOTOS / "biden.jpg"))
    for path in store.get(lost).image_paths:
        path.unlink()
    reopened = HistoryStore(resolve_paths())
    assert not orphan.exists() and not dead_staging.exists()
    assert [e.id for e in reopened.list()] == [entry_id]
    assert [p.name for p in reopened.inputs_dir.iterdir()] == [reopened.get(entry_id).input_path.name]


def start_writer(store: HistoryStore, count: int, images: int, size: int
                 ) -> tuple[threading.Thread, list[BaseException]]:
    """A worker-like thread recording `count` results into `store`; errors are collected, not raised."""
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for n in range(count):
                store.record(make_result(seed=n, images=images, size=size))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            store.db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    return thread, errors


def test_reader_while_writer_records(store: HistoryStore) -> None:
    """The GUI thread lists while the worker writes: no "database is locked", counts only grow."""
    thread, errors = start_writer(store, count=25, images=1, size=32)
    seen = [0]
    while thread.is_alive():
        count = store.count()
        assert count >= seen[-1]
        seen.append(count)
        for entry in store.list(limit=20):
            assert all(path.is_file() for path in entry.image_paths)
    thread.join()
    assert not errors, errors
    assert store.count() == 25
    assert os.path.isdir(store.entries_dir)


def test_opening_another_store_does_not_disturb_a_writer(store: HistoryStore) -> None:
    """The GUI opens one store per thread: a second store's repair must not eat the first's staged files."""
    thread, errors = start_writer(store, count=15, images=2, size=128)
    reopened = 0
    while thread.is_alive():
        other = HistoryStore(resolve_paths())
        other.db.close()
        reopened += 1
    thread.join()
    assert not errors, errors
    assert reopened > 0 and HistoryStore(resolve_paths()).count() == 15


def test_paging_thousands_stays_fast(store: HistoryStore) -> None:
    """The history browser pages through thousands of entries; rows are cloned in SQL to get there quickly."""
    entry_id = store.record(make_result(images=1, size=16))
    with store.db.write() as connection:
        row = connection.execute("SELECT * FROM entries WHERE id = ?", (entry_id,)).fetchone()
        for n in range(5000):
            cursor = connection.execute(
                "INSERT INTO entries (folder, created, input_sha256, crop_box, recipe, timings, family, favourite) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (f"clone-{n}", row["created"] - n - 1, row["input_sha256"], row["crop_box"], row["recipe"],
                 row["timings"], "sdxl" if n % 2 else "sd15", int(n % 10 == 0)))
            connection.execute("INSERT INTO entry_images VALUES (?, 0, 'image-0.png', 'thumb-0.jpg')",
                               (cursor.lastrowid,))
            connection.execute("INSERT INTO entries_fts (rowid, prompt, negative, note, styles) "
                               "VALUES (?, ?, '', '', 'ink')", (cursor.lastrowid, f"portrait {n}"))
    started = time.perf_counter()
    for offset in range(0, 2500, 250):
        page = store.list(offset=offset, limit=100, family="sd15")
        assert page and all(entry.family == "sd15" for entry in page)
    assert store.count() == 5001 and store.count(favourite=True) == 500
    assert store.count(text="portrait") == 5001
    assert time.perf_counter() - started < 2.0


def test_trim_to_history_size_spares_favourites(store: HistoryStore) -> None:
    ids = [store.record(make_result(seed=n, images=1, size=16)) for n in range(6)]
    store.set_favourite(ids[0], True)
    assert store.trim_to(0) == 0
    assert store.trim_to(3) == 2  # ids[1], ids[2]; the oldest one is a favourite
    assert [e.id for e in store.list()] == [ids[5], ids[4], ids[3], ids[0]]
    assert {e.id for e in store.list(trashed=True)} == {ids[1], ids[2]}


def test_prompt_only_styles_from_the_blend_are_filterable(store: HistoryStore) -> None:
    import dataclasses

    from mmpp_desktop.core.types import PromptSource

    plain = make_result(styles=(), images=1, size=32)
    blended = dataclasses.replace(plain, request=dataclasses.replace(
        plain.request, source=PromptSource(prompt="portrait", styles=(("Watercolor", 1.0),))))
    watercolor_id = store.record(blended)
    store.record(plain)
    assert [e.id for e in store.list(style="Watercolor")] == [watercolor_id]
