"""The style library: built-in prompt styles from the package plus the user's own in SQLite.

Files live beside the database: LoRA copies content-addressed in `styles/loras/<sha256>`,
each style's thumbnails in `styles/items/<id>/`, deleted styles' folders in
`styles/trash/<id>/`. As in the history store, files are staged first and moved into
place inside the write transaction, and a repair pass on open removes what a crash left.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Any

from PIL import Image

import mmpp_desktop
from mmpp_desktop.core.atomic import atomic_write_bytes
from mmpp_desktop.core.db import Database, StagingArea
from mmpp_desktop.core.errors import InvalidInputError, UserFacingError
from mmpp_desktop.core.lora_files import a1111_lora_hash, inspect_lora, refuse_pickle, sha256_file
from mmpp_desktop.core.paths import AppPaths
from mmpp_desktop.core.styles.lora_import import describe_lora, make_thumbnail, make_thumbnail_from_file
from mmpp_desktop.core.styles.model import (
    MAX_NAME_LENGTH,
    ReadOnlyStyleError,
    Style,
    StyleLoraEntry,
    StyleNameError,
    StyleNotFoundError,
    lora_entry_from_dict,
    lora_entry_to_dict,
    style_from_dict,
    style_to_dict,
    validate_name,
)
from mmpp_desktop.core.styles.packs import PackedStyle, copy_file, read_pack, write_pack
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text

log = logging.getLogger(__name__)

BUILTIN_DIR = Path(mmpp_desktop.__file__).resolve().parent / "assets" / "styles"
BUILTIN_SCHEMA_VERSION = 1
BUILTIN_PREFIX = "builtin:"
MAX_THUMBNAILS = 8


class DuplicateStyleError(InvalidInputError):
    """The LoRA file is already in the library (same SHA-256) as another style."""

    def __init__(self, message: Text, existing: Style) -> None:
        super().__init__(message)
        self.existing = existing


def load_builtin_styles(directory: Path = BUILTIN_DIR) -> dict[str, Style]:
    """The prompt-only styles shipped with the app, keyed by id; a broken file is a bug, so it raises."""
    styles: dict[str, Style] = {}
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema_version") != BUILTIN_SCHEMA_VERSION:
            raise ValueError(f"{path} has schema_version {data.get('schema_version')!r}")
        thumbnail = path.with_suffix(".png")
        style = style_from_dict(data, id=BUILTIN_PREFIX + path.stem, builtin=True,
                                thumbnails=(thumbnail,) if thumbnail.is_file() else ())
        styles[style.id] = style
    return styles


class StyleLibrary:
    """List, import, edit, pack and trash styles kept in the data dir."""

    def __init__(self, paths: AppPaths) -> None:
        self.root = paths.data_dir / "styles"
        self.loras_dir = self.root / "loras"
        self.items_dir = self.root / "items"
        self.trash_dir = self.root / "trash"
        self.staging = StagingArea(self.root / "staging")
        self.db = Database(paths.database_file)
        self.builtins = load_builtin_styles()
        if not self.db.read_only:  # a read-only data folder can still be listed, see Database
            for directory in (self.loras_dir, self.items_dir, self.trash_dir, self.staging.root):
                directory.mkdir(parents=True, exist_ok=True)
            self.repair()

    # ------------------------------------------------------------ reading

    def list(self, family: str | None = None, tag: str | None = None, search: str = "") -> list[Style]:
        """Built-in and user styles by name; `family` also keeps prompt-only ("any") styles."""
        rows = self.db.connection().execute("SELECT * FROM styles WHERE trashed_at IS NULL").fetchall()
        styles = [*self.builtins.values(), *(self._row_to_style(row) for row in rows)]
        needle = search.strip().lower()
        return sorted(
            (style for style in styles
             if (family is None or style.family in (family, "any"))
             and (tag is None or tag.lower() in (t.lower() for t in style.tags))
             and (not needle or needle in " ".join((style.name, style.description, *style.tags,
                                                    *style.trigger_words)).lower())),
            key=lambda style: style.name.lower(),
        )

    def list_trash(self) -> list[Style]:
        rows = self.db.connection().execute(
            "SELECT * FROM styles WHERE trashed_at IS NOT NULL ORDER BY trashed_at DESC").fetchall()
        return [self._row_to_style(row) for row in rows]

    def get(self, name: str) -> Style:
        """A style by name, case-insensitive."""
        row = self.db.connection().execute(
            "SELECT * FROM styles WHERE trashed_at IS NULL AND name = ? COLLATE NOCASE", (name.strip(),)).fetchone()
        if row is not None:
            return self._row_to_style(row)
        for style in self.builtins.values():
            if style.name.lower() == name.strip().lower():
                return style
        raise StyleNotFoundError(QT_TRANSLATE_NOOP(
            "styles.library", "There is no style named {name!r}.").format(name=name))

    def _row_to_style(self, row: sqlite3.Row) -> Style:
        data = json.loads(row["data"])
        folder = (self.trash_dir if row["trashed_at"] is not None else self.items_dir) / row["id"]
        loras = tuple(
            lora_entry_from_dict(entry, self.loras_dir / f"{entry['sha256']}.safetensors"
                                 if entry.get("in_library", True) else Path(entry["file"]))
            for entry in data.get("loras", [])
        )
        thumbnails = tuple(folder / name for name in data.get("thumbnails", []))
        return style_from_dict({**data, "created": row["created"], "updated": row["updated"]}, id=row["id"],
                               loras=loras, thumbnails=thumbnails)

    @staticmethod
    def _row_data(style: Style) -> str:
        loras = [{**lora_entry_to_dict(entry), **({} if entry.in_library else {"file": str(entry.file)})}
                 for entry in style.loras]
        return json.dumps({**style_to_dict(style), "loras": loras,
                           "thumbnails": [path.name for path in style.thumbnails]})

    # ------------------------------------------------------------ names

    def _name_taken(self, connection: sqlite3.Connection, name: str, except_id: str | None = None) -> bool:
        if any(style.name.lower() == name.lower() for style in self.builtins.values()):
            return True
        row = connection.execute("SELECT id FROM styles WHERE trashed_at IS NULL AND name = ? COLLATE NOCASE",
                                 (name,)).fetchone()
        return row is not None and row["id"] != except_id

    def _unique_name(self, connection: sqlite3.Connection, wanted: str) -> str:
        """`wanted`, or `wanted (2)`, `(3)`...: clashes are renamed, never overwritten."""
        base = validate_name(wanted)
        name, number = base, 1
        while self._name_taken(connection, name):
            number += 1
            suffix = f" ({number})"
            name = base[:MAX_NAME_LENGTH - len(suffix)] + suffix
        return name

    def _checked_name(self, connection: sqlite3.Connection, wanted: str, except_id: str | None = None) -> str:
        name = validate_name(wanted)
        if self._name_taken(connection, name, except_id):
            raise StyleNameError(QT_TRANSLATE_NOOP(
                "styles.library", "A style named {name!r} already exists; choose another name.").format(
                name=name))
        return name

    # ------------------------------------------------------------ writing

    def _insert(self, connection: sqlite3.Connection, style: Style) -> None:
        connection.execute(
            "INSERT INTO styles (id, name, family, data, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
            (style.id, style.name, style.family, self._row_data(style), style.created, style.updated))
        self._index_loras(connection, style)

    @staticmethod
    def _index_loras(connection: sqlite3.Connection, style: Style) -> None:
        connection.execute("DELETE FROM style_loras WHERE style_id = ?", (style.id,))
        connection.executemany(
            "INSERT INTO style_loras (style_id, position, sha256, file, in_library) VALUES (?, ?, ?, ?, ?)",
            [(style.id, position, entry.sha256, str(entry.file), int(entry.in_library))
             for position, entry in enumerate(style.loras)])

    def _style_using(self, connection: sqlite3.Connection, sha256: str) -> Style | None:
        row = connection.execute(
            "SELECT styles.* FROM styles JOIN style_loras ON style_loras.style_id = styles.id "
            "WHERE style_loras.sha256 = ? AND styles.trashed_at IS NULL", (sha256,)).fetchone()
        return self._row_to_style(row) if row is not None else None

    def import_lora(self, file: Path, name: str | None = None, copy: bool = True) -> Style:
        """Make a style from a `.safetensors` LoRA (copied into the library unless `copy` is False)."""
        self.db.refuse_if_read_only()  # before staging, which needs the folder too
        file = Path(file).expanduser()
        refuse_pickle(file)
        if not file.is_file():
            raise InvalidInputError(QT_TRANSLATE_NOOP(
                "styles.library", "{path} does not exist.").format(path=file))
        if file.suffix.lower() != ".safetensors":
            raise InvalidInputError(QT_TRANSLATE_NOOP(
                "styles.library", "{name} is not a .safetensors file.").format(name=file.name))
        with self.staging.folder() as staging:
            (staging / "thumbs").mkdir()
            inspect_lora(file)  # refuse a bad file before spending time copying it
            # Inspect and hash the copy we keep, not the original, so they cannot differ.
            target = staging / file.name if copy else file.resolve()
            if copy:
                copy_file(file, target)
            draft = describe_lora(target, metadata_source=file)
            sha, a1111 = sha256_file(target), a1111_lora_hash(target)
            if draft.preview is not None:
                draft.preview.save(staging / "thumbs" / "thumb-0.png")
            with self.db.write() as connection:
                existing = self._style_using(connection, sha)
                if existing is not None:
                    raise DuplicateStyleError(QT_TRANSLATE_NOOP(
                        "styles.library", "{name} is already in the library as style {style!r}.").format(
                        name=file.name, style=existing.name), existing)
                style_name = (self._checked_name(connection, name) if name
                              else self._unique_name(connection, draft.name))
                style_id = uuid.uuid4().hex
                library_file = self.loras_dir / f"{sha}.safetensors"
                if copy and not library_file.exists():
                    os.replace(target, library_file)
                os.replace(staging / "thumbs", self.items_dir / style_id)
                now = time.time()
                style = Style(
                    id=style_id, name=style_name, description=draft.description, family=draft.family,
                    loras=(StyleLoraEntry(file=library_file if copy else target, sha256=sha, autov2=sha[:10],
                                          a1111_hash=a1111, default_weight=draft.default_weight,
                                          in_library=copy),),
                    trigger_words=draft.trigger_words, negative_prompt=draft.negative_prompt,
                    thumbnails=tuple(sorted((self.items_dir / style_id).iterdir())), tags=draft.tags,
                    created=now, updated=now)
                self._insert(connection, style)
        log.info("Imported LoRA %s as style %r (%s, %s)", file, style.name, style.family, sha[:10])
        return style

    def save(self, style: Style) -> Style:
        """Create or update a user style; saving a built-in creates a user copy instead."""
        with self.db.write() as connection:
            row = connection.execute("SELECT id FROM styles WHERE id = ? AND trashed_at IS NULL",
                                     (style.id,)).fetchone()
            if row is None or style.builtin:
                return self._insert_copy(connection, style, style.name)
            saved = style.with_changes(name=self._checked_name(connection, style.name, except_id=style.id),
                                       builtin=False)
            saved = self._adopt_thumbnails(saved, self.items_dir / saved.id)
            connection.execute("UPDATE styles SET name = ?, family = ?, data = ?, updated = ? WHERE id = ?",
                               (saved.name, saved.family, self._row_data(saved), saved.updated, saved.id))
            self._index_loras(connection, saved)
        return saved

    def _insert_copy(self, connection: sqlite3.Connection, style: Style, wanted_name: str) -> Style:
        """A new user style from `style` (a built-in, a duplicate, or one built by the GUI)."""
        now = time.time()
        copy = Style(**{**vars(style), "id": uuid.uuid4().hex, "builtin": False, "created": now, "updated": now,
                        "name": self._unique_name(connection, wanted_name)})
        style_from_dict(style_to_dict(copy), id=copy.id, loras=copy.loras)  # validate before writing
        (self.items_dir / copy.id).mkdir()
        copy = self._adopt_thumbnails(copy, self.items_dir / copy.id)
        self._insert(connection, copy)
        return copy

    def _adopt_thumbnails(self, style: Style, folder: Path) -> Style:
        """Thumbnails from elsewhere (package assets, another style, a file) become small copies here."""
        adopted = []
        for path in style.thumbnails[:MAX_THUMBNAILS]:
            if path.parent == folder and path.is_file():
                adopted.append(path)
                continue
            image = make_thumbnail_from_file(path)
            if image is not None:
                adopted.append(self._write_thumbnail(folder, image))
        return Style(**{**vars(style), "thumbnails": tuple(adopted)})

    @staticmethod
    def _write_thumbnail(folder: Path, image: Image.Image) -> Path:
        buffer = io.BytesIO()
        make_thumbnail(image).save(buffer, format="PNG")
        path = folder / f"thumb-{uuid.uuid4().hex[:12]}.png"
        atomic_write_bytes(path, buffer.getvalue())
        return path

    def rename(self, name: str, new_name: str) -> Style:
        style = self.get(name)
        if style.builtin:
            raise ReadOnlyStyleError(QT_TRANSLATE_NOOP(
                "styles.library", "{name!r} is built in; duplicate it to make your own version.").format(
                name=style.name))
        return self.save(style.with_changes(name=new_name))

    def duplicate(self, name: str, new_name: str | None = None) -> Style:
        style = self.get(name)
        with self.db.write() as connection:
            return self._insert_copy(connection, style, new_name or f"{style.name} copy")

    def set_thumbnail(self, name: str, image: Image.Image) -> Style:
        """Make `image` the first preview of the style (a built-in gets a user copy)."""
        style = self.get(name)
        if style.builtin:
            style = self.save(style)
        with self.db.write() as connection:
            path = self._write_thumbnail(self.items_dir / style.id, image)
            updated = style.with_changes(thumbnails=(path, *style.thumbnails)[:MAX_THUMBNAILS])
            connection.execute("UPDATE styles SET data = ?, updated = ? WHERE id = ?",
                               (self._row_data(updated), updated.updated, updated.id))
        for dropped in set(style.thumbnails) - set(updated.thumbnails):
            dropped.unlink(missing_ok=True)
        return updated

    def delete(self, name: str) -> None:
        """Move a user style (and its thumbnails) to the trash; `restore` brings it back."""
        style = self.get(name)
        if style.builtin:
            raise ReadOnlyStyleError(QT_TRANSLATE_NOOP(
                "styles.library", "{name!r} is built in and cannot be deleted.").format(name=style.name))
        with self.db.write() as connection:
            connection.execute("UPDATE styles SET trashed_at = ? WHERE id = ?", (time.time(), style.id))
            os.replace(self.items_dir / style.id, self.trash_dir / style.id)
        log.info("Moved style %r to the trash", style.name)

    def restore(self, name: str) -> Style:
        """Bring back the most recently trashed style of that name (renamed if the name is now taken)."""
        with self.db.write() as connection:
            row = connection.execute(
                "SELECT * FROM styles WHERE trashed_at IS NOT NULL AND name = ? COLLATE NOCASE "
                "ORDER BY trashed_at DESC", (name.strip(),)).fetchone()
            if row is None:
                raise StyleNotFoundError(QT_TRANSLATE_NOOP(
                    "styles.library", "There is no style named {name!r} in the trash.").format(name=name))
            style = self._row_to_style(row)
            restored_name = self._unique_name(connection, style.name)
            os.replace(self.trash_dir / style.id, self.items_dir / style.id)
            data = {**json.loads(row["data"]), "name": restored_name}
            connection.execute("UPDATE styles SET trashed_at = NULL, name = ?, data = ? WHERE id = ?",
                               (restored_name, json.dumps(data), style.id))
        return self.get(restored_name)

    def empty_trash(self) -> int:
        """Delete trashed styles for good; LoRA files go once no style uses them.

        Rows go first (committed), files after: a kill in between leaves only files that no
        row names, which `repair` removes. Deleting files before the commit could lose the
        LoRA of a style that the rolled-back transaction leaves restorable.
        """
        with self.db.write() as connection:
            ids = [row["id"] for row in connection.execute("SELECT id FROM styles WHERE trashed_at IS NOT NULL")]
            connection.executemany("DELETE FROM styles WHERE id = ?", [(style_id,) for style_id in ids])
        for style_id in ids:
            shutil.rmtree(self.trash_dir / style_id, ignore_errors=True)
        self._drop_unused_loras()
        return len(ids)

    # ------------------------------------------------------------ packs

    def export_pack(self, name: str, out: Path) -> Path:
        """Write one style with its LoRA files and thumbnails to a `.zip` another machine can import."""
        out = Path(out)
        if out.suffix.lower() != ".zip":
            raise InvalidInputError(QT_TRANSLATE_NOOP(
                "styles.library", "A style pack must be a .zip file, not {name}.").format(name=out.name))
        return write_pack([self.get(name)], out)

    def import_pack(self, zip_path: Path) -> list[Style]:
        """Validate a pack completely, then add all its styles at once (clashing names are renamed)."""
        self.db.refuse_if_read_only()  # before staging, which needs the folder too
        created: list[Path] = []
        try:
            with self.staging.folder() as staging:
                packed = read_pack(Path(zip_path), staging)
                imported = self._insert_packed(packed, created)
        except BaseException:
            # The transaction rolled back: the style folders it made belong to no row now. LoRA
            # files are shared by content, so they go only through the locked unused-file check.
            for path in created:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
            if any(not path.is_dir() for path in created):
                try:
                    self._drop_unused_loras()
                except (OSError, sqlite3.Error, UserFacingError):  # repair on the next open catches up
                    log.warning("Could not remove the LoRA files of a failed pack import", exc_info=True)
            raise
        log.info("Imported %d styles from %s", len(imported), zip_path)
        return imported

    def _insert_packed(self, packed: list[PackedStyle], created: list[Path]) -> list[Style]:
        """Add validated pack styles in one transaction; `created` collects what it put in place."""
        now = time.time()
        validated = [
            (style_from_dict({**item.data, "created": now, "updated": now}, id=uuid.uuid4().hex,
                             loras=tuple(lora_entry_from_dict({**entry, "in_library": True},
                                                              self.loras_dir / staged.name)
                                         for entry, staged in item.loras)), item)
            for item in packed
        ]
        with self.db.write() as connection:
            imported = []
            for style, item in validated:
                for _, staged in item.loras:
                    library_file = self.loras_dir / staged.name
                    if not library_file.exists():
                        os.replace(staged, library_file)
                        created.append(library_file)
                folder = self.items_dir / style.id
                folder.mkdir()
                created.append(folder)
                thumbnails = tuple(self._write_thumbnail(folder, image) for image in item.thumbnails)
                style = Style(**{**vars(style), "thumbnails": thumbnails,
                                 "name": self._unique_name(connection, style.name)})
                self._insert(connection, style)
                imported.append(style)
        return imported

    # ------------------------------------------------------------ repair

    def repair(self) -> None:
        """Put folders where their rows say and remove what a killed process left behind."""
        self.staging.sweep()
        with self.db.write() as connection:
            rows = connection.execute("SELECT id, data, trashed_at FROM styles").fetchall()
            for row in rows:
                home, other = ((self.trash_dir, self.items_dir) if row["trashed_at"] is not None
                               else (self.items_dir, self.trash_dir))
                folder = home / row["id"]
                if not folder.exists() and (other / row["id"]).exists():
                    os.replace(other / row["id"], folder)
                folder.mkdir(exist_ok=True)
                data: dict[str, Any] = json.loads(row["data"])
                for entry in data.get("loras", []):
                    if entry.get("in_library", True) and not (self.loras_dir / f"{entry['sha256']}.safetensors"
                                                              ).is_file():
                        log.warning("Style %s lost its LoRA file %s (no copy to restore it from)",
                                    row["id"], entry["sha256"][:10])
                listed = [name for name in data.get("thumbnails", []) if (folder / name).is_file()]
                if listed != data.get("thumbnails", []):
                    connection.execute("UPDATE styles SET data = ? WHERE id = ?",
                                       (json.dumps({**data, "thumbnails": listed}), row["id"]))
                for file in folder.iterdir():
                    if file.name not in listed:
                        file.unlink(missing_ok=True)
            known = {row["id"] for row in rows}
            for directory in (self.items_dir, self.trash_dir):
                for folder in directory.iterdir():
                    if folder.name not in known:
                        shutil.rmtree(folder, ignore_errors=True)
        self._drop_unused_loras()

    def _drop_unused_loras(self) -> None:
        """Delete LoRA files no committed row uses.

        Its own write transaction, which changes no row: the lock keeps an import from placing
        a file of the same hash meanwhile, and a kill midway deletes only unused files.
        """
        with self.db.write() as connection:
            used = {f"{row['sha256']}.safetensors" for row in connection.execute(
                "SELECT DISTINCT sha256 FROM style_loras WHERE in_library = 1")}
            for file in self.loras_dir.iterdir():
                if file.name not in used:
                    file.unlink(missing_ok=True)
