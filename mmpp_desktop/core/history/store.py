"""The history store: one row per generation in SQLite, its files in a folder beside it.

Crash safety: outputs and thumbnails are written into a private staging folder first;
then, inside one write transaction, the input photo is stored (once per content hash),
the staging folder is renamed into place and the rows are inserted. Because the repair
pass on start takes the same write lock, whatever it finds without a row really is a
leftover of a killed process and can be removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from mmpp_desktop.core.atomic import atomic_write_bytes
from mmpp_desktop.core.db import Database, StagingArea
from mmpp_desktop.core.errors import InvalidInputError, UserFacingError
from mmpp_desktop.core.metadata import image_format_for, save_image_with_metadata
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP
from mmpp_desktop.core.types import FaceBox, GenerationRequest, GenerationResult, Scores

log = logging.getLogger(__name__)

THUMBNAIL_SIZE = 256
THUMBNAIL_QUALITY = 85
SCORE_KEYS = ("likeness", "same_person", "structure", "clip")
SORT_ORDERS = ("newest", "likeness")
# The expression the `entries_likeness` index is built on (core/db.py): filters and sorts must spell it alike.
_LIKENESS = "json_extract(scores, '$.likeness')"


class HistoryEntryNotFoundError(UserFacingError):
    """The asked-for history entry does not exist (or was emptied from the trash)."""

    @classmethod
    def for_entry(cls, entry_id: int) -> HistoryEntryNotFoundError:
        return cls(QT_TRANSLATE_NOOP("history.store", "There is no history entry {entry_id}.").format(
            entry_id=entry_id))


@dataclass(frozen=True)
class HistoryEntry:
    """One stored generation; paths are absolute and exist while the entry exists."""

    id: int
    created: float
    recipe: dict[str, Any]
    image_paths: tuple[Path, ...]
    thumbnail_paths: tuple[Path, ...]
    input_path: Path | None
    crop_box: FaceBox | None
    timings: dict[str, float]
    favourite: bool
    note: str
    family: str | None
    styles: tuple[str, ...] = ()
    scores: dict[str, Any] = field(default_factory=lambda: dict.fromkeys(SCORE_KEYS))
    trashed: bool = False

    @property
    def prompt(self) -> str:
        return str((self.recipe.get("request") or {}).get("prompt", ""))


def _timestamp(value: float | dt.datetime | None) -> float | None:
    if isinstance(value, dt.datetime):
        return value.timestamp()
    return value


# The trigram tokenizer matches substrings of at least this many characters; shorter words
# (many Korean words are two syllables: 수채) are found with LIKE instead.
TRIGRAM = 3
# All searchable text of an entry as one expression. LIKE on a bare column of a trigram table
# is handed to FTS5, which in SQLite 3.40 misses short non-ASCII patterns; an expression is not.
_FTS_TEXT = "(prompt || ' ' || negative || ' ' || note || ' ' || styles)"


def _fts_query(words: list[str]) -> str:
    """Each word as a quoted substring term, so user text never hits FTS5 syntax errors."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _like_pattern(word: str) -> str:
    """`%word%` with LIKE's wildcards and the escape character taken literally."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _score_value(value: float | bool | None) -> float | bool | None:
    if value is None or isinstance(value, bool):
        return value
    return float(value)


def _score_dict(scores: Scores) -> dict[str, Any]:
    return {key: _score_value(value) for key, value in scores.to_dict().items()}


class HistoryStore:
    """Record, list, search, trash and export generations kept in the data dir."""

    def __init__(self, paths: AppPaths) -> None:
        self.root = paths.data_dir / "history"
        self.entries_dir = self.root / "entries"
        self.inputs_dir = self.root / "inputs"
        self.staging = StagingArea(self.root / "staging")
        self.db = Database(paths.database_file)
        if not self.db.read_only:  # a read-only data folder can still be listed, see Database
            for directory in (self.entries_dir, self.inputs_dir, self.staging.root):
                directory.mkdir(parents=True, exist_ok=True)
            self.repair()

    # ------------------------------------------------------------ writing

    def record(self, result: GenerationResult) -> int:
        """Store a result's images, thumbnails, input photo and recipe; return the entry id.

        Styles are indexed from the request's LoRAs and from the user's blend in
        `request.source`, so prompt-only styles (no LoRA) can be filtered on too.
        """
        self.db.refuse_if_read_only()  # before staging, which needs the folder too
        if not result.images:
            raise InvalidInputError(QT_TRANSLATE_NOOP("history.store", "There is no image to keep in the history."))
        recipe = json.loads(json.dumps(result.recipe, default=str))
        folder = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:12]}"
        with self.staging.folder() as staging:
            names = self._write_images(result.images, staging, recipe)
            input_bytes, input_suffix = self._read_input(result.request.input_image)
            input_sha = hashlib.sha256(input_bytes).hexdigest() if input_bytes is not None else None
            source = result.request.source
            blend_names = [name for name, _ in source.styles] if source is not None else []
            styles = sorted({name for name in (*(s.name for s in result.request.styles), *blend_names) if name},
                            key=str.lower)
            with self.db.write() as connection:
                if input_sha is not None:
                    self._store_input(connection, input_sha, input_bytes or b"", input_suffix)
                final = self.entries_dir / folder
                os.replace(staging, final)
                try:
                    entry_id = self._insert(connection, result, recipe, folder, input_sha, names, styles)
                except BaseException:
                    shutil.rmtree(final, ignore_errors=True)
                    raise
        log.info("Recorded history entry %d (%d images)", entry_id, len(names))
        return entry_id

    def _write_images(self, images: Sequence[Image.Image], folder: Path,
                      recipe: dict[str, Any]) -> list[tuple[str, str]]:
        names = []
        for position, image in enumerate(images):
            image_name, thumb_name = f"image-{position}.png", f"thumb-{position}.jpg"
            save_image_with_metadata(image, folder / image_name, recipe)
            thumbnail = image.convert("RGB")
            thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            thumbnail.save(folder / thumb_name, format="JPEG", quality=THUMBNAIL_QUALITY)
            names.append((image_name, thumb_name))
        return names

    @staticmethod
    def _read_input(input_image: str) -> tuple[bytes | None, str]:
        path = Path(input_image) if input_image else None
        if path is None or not path.is_file():
            return None, ""
        suffix = path.suffix.lower() if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".bmp") else ""
        return path.read_bytes(), suffix or ".img"

    def _store_input(self, connection: sqlite3.Connection, sha: str, data: bytes, suffix: str) -> None:
        row = connection.execute("SELECT file FROM inputs WHERE sha256 = ?", (sha,)).fetchone()
        if row is not None and (self.inputs_dir / row["file"]).is_file():
            return
        name = f"{sha}{suffix}"
        atomic_write_bytes(self.inputs_dir / name, data)
        connection.execute("INSERT OR REPLACE INTO inputs (sha256, file) VALUES (?, ?)", (sha, name))

    @staticmethod
    def _insert(connection: sqlite3.Connection, result: GenerationResult, recipe: dict[str, Any], folder: str,
                input_sha: str | None, names: list[tuple[str, str]], styles: list[str]) -> int:
        crop = result.face.crop_box if result.face is not None else None
        crop_json = json.dumps(crop.__dict__) if crop is not None else None
        request = result.request
        scores = json.dumps(_score_dict(result.scores)) if result.scores is not None else "{}"
        cursor = connection.execute(
            "INSERT INTO entries (folder, created, input_sha256, crop_box, recipe, timings, family, scores) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (folder, time.time(), input_sha, crop_json, json.dumps(recipe), json.dumps(result.timings),
             recipe.get("family"), scores),
        )
        entry_id = int(cursor.lastrowid or 0)
        connection.executemany(
            "INSERT INTO entry_images (entry_id, position, image, thumbnail) VALUES (?, ?, ?, ?)",
            [(entry_id, position, image, thumb) for position, (image, thumb) in enumerate(names)],
        )
        connection.executemany("INSERT INTO entry_styles (entry_id, style) VALUES (?, ?)",
                               [(entry_id, style) for style in styles])
        connection.execute(
            "INSERT INTO entries_fts (rowid, prompt, negative, note, styles) VALUES (?, ?, ?, '', ?)",
            (entry_id, request.prompt, request.negative_prompt, " ".join(styles)),
        )
        return entry_id

    # ------------------------------------------------------------ reading

    def list(self, offset: int = 0, limit: int = 100, style: str | None = None, family: str | None = None,
             favourite: bool | None = None, since: float | dt.datetime | None = None,
             until: float | dt.datetime | None = None, text: str = "", trashed: bool = False,
             min_likeness: float | None = None, order: str = "newest") -> list[HistoryEntry]:
        """Newest first, or best likeness first (`order="likeness"`, unscored last); `since`/`until`
        are epoch seconds or datetimes, `text` finds each word anywhere in prompts, notes and styles,
        `min_likeness` keeps likeness >= it."""
        if order not in SORT_ORDERS:
            raise ValueError(f"order must be one of {SORT_ORDERS}, not {order!r}")
        where, params = self._filters(style, family, favourite, since, until, text, trashed, min_likeness)
        sort = f"{_LIKENESS} DESC, created DESC, id DESC" if order == "likeness" else "created DESC, id DESC"
        rows = self.db.connection().execute(
            f"SELECT * FROM entries WHERE {where} ORDER BY {sort} LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset)),
        ).fetchall()
        return self._entries(rows)

    def count(self, style: str | None = None, family: str | None = None, favourite: bool | None = None,
              since: float | dt.datetime | None = None, until: float | dt.datetime | None = None,
              text: str = "", trashed: bool = False, min_likeness: float | None = None) -> int:
        where, params = self._filters(style, family, favourite, since, until, text, trashed, min_likeness)
        row = self.db.connection().execute(f"SELECT COUNT(*) FROM entries WHERE {where}", params).fetchone()
        return int(row[0])

    @staticmethod
    def _filters(style: str | None, family: str | None, favourite: bool | None,
                 since: float | dt.datetime | None, until: float | dt.datetime | None, text: str,
                 trashed: bool, min_likeness: float | None = None) -> tuple[str, list[Any]]:
        clauses = ["trashed_at IS NOT NULL" if trashed else "trashed_at IS NULL"]
        params: list[Any] = []
        if style:
            clauses.append("id IN (SELECT entry_id FROM entry_styles WHERE style = ?)")
            params.append(style)
        if family:
            clauses.append("family = ?")
            params.append(family)
        if favourite is not None:
            clauses.append("favourite = ?")
            params.append(int(favourite))
        if since is not None:
            clauses.append("created >= ?")
            params.append(_timestamp(since))
        if until is not None:
            clauses.append("created < ?")
            params.append(_timestamp(until))
        words = text.split()
        long_words = [word for word in words if len(word) >= TRIGRAM]
        if long_words:
            clauses.append("id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
            params.append(_fts_query(long_words))
        for word in words:
            if len(word) < TRIGRAM:
                clauses.append(f"id IN (SELECT rowid FROM entries_fts WHERE {_FTS_TEXT} LIKE ? ESCAPE '\\')")
                params.append(_like_pattern(word))
        if min_likeness is not None:
            clauses.append(f"{_LIKENESS} >= ?")
            params.append(float(min_likeness))
        return " AND ".join(clauses), params

    def get(self, entry_id: int) -> HistoryEntry:
        row = self.db.connection().execute("SELECT * FROM entries WHERE id = ?", (int(entry_id),)).fetchone()
        if row is None:
            raise HistoryEntryNotFoundError.for_entry(entry_id)
        return self._entries([row])[0]

    def _entries(self, rows: list[sqlite3.Row]) -> list[HistoryEntry]:
        if not rows:
            return []
        connection = self.db.connection()
        ids = [row["id"] for row in rows]
        marks = ",".join("?" * len(ids))
        images: dict[int, list[sqlite3.Row]] = {entry_id: [] for entry_id in ids}
        for image in connection.execute(
                f"SELECT * FROM entry_images WHERE entry_id IN ({marks}) ORDER BY position", ids):
            images[image["entry_id"]].append(image)
        styles: dict[int, list[str]] = {entry_id: [] for entry_id in ids}
        for style in connection.execute(
                f"SELECT entry_id, style FROM entry_styles WHERE entry_id IN ({marks}) ORDER BY style", ids):
            styles[style["entry_id"]].append(style["style"])
        inputs = {row["sha256"]: row["file"] for row in connection.execute(
            f"SELECT inputs.sha256, inputs.file FROM inputs JOIN entries ON entries.input_sha256 = inputs.sha256 "
            f"WHERE entries.id IN ({marks})", ids)}
        result = []
        for row in rows:
            folder = self.entries_dir / row["folder"]
            crop = json.loads(row["crop_box"]) if row["crop_box"] else None
            input_file = inputs.get(row["input_sha256"])
            result.append(HistoryEntry(
                id=row["id"], created=row["created"], recipe=json.loads(row["recipe"]),
                image_paths=tuple(folder / image["image"] for image in images[row["id"]]),
                thumbnail_paths=tuple(folder / image["thumbnail"] for image in images[row["id"]]),
                input_path=self.inputs_dir / input_file if input_file else None,
                crop_box=FaceBox(**crop) if crop else None, timings=json.loads(row["timings"]),
                favourite=bool(row["favourite"]), note=row["note"], family=row["family"],
                styles=tuple(styles[row["id"]]),
                scores={**dict.fromkeys(SCORE_KEYS), **json.loads(row["scores"] or "{}")},
                trashed=row["trashed_at"] is not None,
            ))
        return result

    # ------------------------------------------------------------ editing

    def _update(self, entry_id: int, sql: str, params: Sequence[Any]) -> None:
        with self.db.write() as connection:
            if connection.execute(sql, (*params, int(entry_id))).rowcount == 0:
                raise HistoryEntryNotFoundError.for_entry(entry_id)

    def set_favourite(self, entry_id: int, favourite: bool) -> None:
        self._update(entry_id, "UPDATE entries SET favourite = ? WHERE id = ?", (int(favourite),))

    def set_note(self, entry_id: int, note: str) -> None:
        with self.db.write() as connection:
            if connection.execute("UPDATE entries SET note = ? WHERE id = ?", (note, int(entry_id))).rowcount == 0:
                raise HistoryEntryNotFoundError.for_entry(entry_id)
            connection.execute("UPDATE entries_fts SET note = ? WHERE rowid = ?", (note, int(entry_id)))

    def set_score(self, entry_id: int, name: str, value: float | bool | None) -> None:
        """One score of an entry; bools stay bools and None stays "not measured"."""
        self._merge_scores(entry_id, {name: _score_value(value)})

    def set_scores(self, entry_id: int, scores: Scores) -> None:
        """All four scores of an entry at once (nulls where nothing was measured)."""
        self._merge_scores(entry_id, _score_dict(scores))

    def _merge_scores(self, entry_id: int, values: dict[str, Any]) -> None:
        with self.db.write() as connection:
            row = connection.execute("SELECT scores FROM entries WHERE id = ?", (int(entry_id),)).fetchone()
            if row is None:
                raise HistoryEntryNotFoundError.for_entry(entry_id)
            scores = {**json.loads(row["scores"] or "{}"), **values}
            connection.execute("UPDATE entries SET scores = ? WHERE id = ?", (json.dumps(scores), int(entry_id)))

    def delete(self, entry_id: int) -> None:
        """Move to the trash: hidden from `list`, files kept until `empty_trash`."""
        self._update(entry_id, "UPDATE entries SET trashed_at = ? WHERE id = ?", (time.time(),))

    def restore(self, entry_id: int) -> None:
        self._update(entry_id, "UPDATE entries SET trashed_at = NULL WHERE id = ?", ())

    def trim_to(self, limit: int) -> int:
        """The "History size" setting: move the oldest entries beyond `limit` to the trash.

        Favourites are never trashed automatically. 0 keeps everything. Returns how many moved.
        """
        if limit <= 0:
            return 0
        with self.db.write() as connection:
            moved = connection.execute(
                "UPDATE entries SET trashed_at = ? WHERE id IN (SELECT id FROM entries WHERE trashed_at IS NULL "
                "ORDER BY created DESC, id DESC LIMIT -1 OFFSET ?) AND favourite = 0",
                (time.time(), int(limit))).rowcount
        return int(moved)

    def empty_trash(self) -> int:
        """Delete trashed entries for good; the input photo goes once nothing else uses it."""
        with self.db.write() as connection:
            rows = connection.execute("SELECT id, folder FROM entries WHERE trashed_at IS NOT NULL").fetchall()
            for row in rows:
                connection.execute("DELETE FROM entries_fts WHERE rowid = ?", (row["id"],))
                connection.execute("DELETE FROM entries WHERE id = ?", (row["id"],))
        for row in rows:  # after commit: a crash here leaves folders the repair pass removes
            shutil.rmtree(self.entries_dir / row["folder"], ignore_errors=True)
        self._drop_unused_inputs()
        return len(rows)

    # ------------------------------------------------------------ using

    def reuse_request(self, entry_id: int) -> GenerationRequest:
        """The entry's request, pointed at the stored copy of its input photo."""
        entry = self.get(entry_id)
        request = dict(entry.recipe.get("request") or {})
        if not request:
            raise InvalidInputError(QT_TRANSLATE_NOOP("history.store", "History entry {entry_id} has no request to reuse.").format(
                entry_id=entry_id))
        if entry.input_path is not None and entry.input_path.is_file():
            request["input_image"] = str(entry.input_path)
        return GenerationRequest.from_dict(request)

    def export(self, entry_id: int, out: Path, image_index: int = 0) -> Path:
        """Save one of the entry's images as PNG, JPEG or WebP (from `out`'s suffix) with metadata."""
        out = Path(out)
        image_format_for(out)  # refuse a wrong suffix before reading anything
        entry = self.get(entry_id)
        if not 0 <= image_index < len(entry.image_paths):
            raise InvalidInputError(QT_TRANSLATE_NOOP("history.store", "History entry {entry_id} has no image {index}.").format(
                entry_id=entry_id, index=image_index))
        with Image.open(entry.image_paths[image_index]) as image:
            image.load()
            save_image_with_metadata(image, out, entry.recipe)
        return out

    # ------------------------------------------------------------ repair

    def repair(self) -> None:
        """Remove what a killed writer left: staging folders, unrecorded folders, temp files."""
        self.staging.sweep()
        with self.db.write() as connection:
            rows = connection.execute("SELECT id, folder FROM entries").fetchall()
            known = {row["folder"] for row in rows}
            for folder in self.entries_dir.iterdir():
                if folder.name not in known:
                    log.info("Removing history folder without a record: %s", folder.name)
                    shutil.rmtree(folder, ignore_errors=True)
            images: dict[int, list[str]] = {row["id"]: [] for row in rows}
            for image in connection.execute("SELECT entry_id, image FROM entry_images"):
                images.setdefault(image["entry_id"], []).append(image["image"])
            for row in rows:
                folder = self.entries_dir / row["folder"]
                if not images[row["id"]] or not all((folder / name).is_file() for name in images[row["id"]]):
                    log.warning("History entry %d lost its files; removing the record", row["id"])
                    connection.execute("DELETE FROM entries_fts WHERE rowid = ?", (row["id"],))
                    connection.execute("DELETE FROM entries WHERE id = ?", (row["id"],))
                    shutil.rmtree(folder, ignore_errors=True)
            for row in connection.execute("SELECT sha256, file FROM inputs").fetchall():
                if not (self.inputs_dir / row["file"]).is_file():
                    connection.execute("UPDATE entries SET input_sha256 = NULL WHERE input_sha256 = ?",
                                       (row["sha256"],))
                    connection.execute("DELETE FROM inputs WHERE sha256 = ?", (row["sha256"],))
        self._drop_unused_inputs()

    def _drop_unused_inputs(self) -> None:
        """Delete input photos no committed entry uses, and files no input row names.

        Its own write transaction after the entries' rows are committed: the lock keeps a
        recording from storing the same photo meanwhile, and a kill midway can only leave an
        unused row without its file, which the next repair drops.
        """
        with self.db.write() as connection:
            for row in connection.execute(
                    "SELECT sha256, file FROM inputs WHERE sha256 NOT IN "
                    "(SELECT input_sha256 FROM entries WHERE input_sha256 IS NOT NULL)").fetchall():
                connection.execute("DELETE FROM inputs WHERE sha256 = ?", (row["sha256"],))
                (self.inputs_dir / row["file"]).unlink(missing_ok=True)
            known_inputs = {row["file"] for row in connection.execute("SELECT file FROM inputs")}
            for file in self.inputs_dir.iterdir():
                if file.name not in known_inputs:
                    file.unlink(missing_ok=True)
