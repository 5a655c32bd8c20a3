"""The one SQLite database (styles and history) with per-thread connections and migrations.

The GUI thread reads while the generation worker writes, so each thread gets its own
connection, WAL lets readers run beside the writer, and a busy timeout makes a second
writer wait instead of failing with "database is locked".

A data folder that cannot be written (read-only mount, another user's folder) still opens,
read-only: no migration, no WAL files, SQLite's `immutable` mode when even its `-shm` file
cannot be made. Listing then works, and every write raises one clear error naming the
folder. (Immutable mode reads the main file only; a clean shutdown has already moved
everything there.)
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mmpp_desktop.core.errors import UserFacingError
from mmpp_desktop.core.paths import folder_writable
from mmpp_desktop.core.text import QT_TRANSLATE_NOOP, Text

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
# History search uses FTS5's trigram tokenizer (see MIGRATIONS), new in SQLite 3.34.
MIN_SQLITE = (3, 34, 0)

# Each migration moves the schema from version N-1 to N; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE styles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        family TEXT NOT NULL,
        data TEXT NOT NULL,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        trashed_at REAL
    );
    CREATE UNIQUE INDEX styles_live_name ON styles(name COLLATE NOCASE) WHERE trashed_at IS NULL;
    CREATE TABLE style_loras (
        style_id TEXT NOT NULL REFERENCES styles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        file TEXT NOT NULL,
        in_library INTEGER NOT NULL,
        PRIMARY KEY (style_id, position)
    );
    CREATE INDEX style_loras_sha ON style_loras(sha256);

    CREATE TABLE inputs (
        sha256 TEXT PRIMARY KEY,
        file TEXT NOT NULL
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        folder TEXT NOT NULL UNIQUE,
        created REAL NOT NULL,
        input_sha256 TEXT REFERENCES inputs(sha256),
        crop_box TEXT,
        recipe TEXT NOT NULL,
        timings TEXT NOT NULL,
        family TEXT,
        favourite INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        scores TEXT NOT NULL DEFAULT '{}',
        trashed_at REAL
    );
    CREATE INDEX entries_live_created ON entries(trashed_at, created DESC, id DESC);
    CREATE INDEX entries_family ON entries(family, created DESC);
    CREATE INDEX entries_favourite ON entries(favourite, created DESC);
    CREATE INDEX entries_input ON entries(input_sha256);
    CREATE TABLE entry_images (
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        image TEXT NOT NULL,
        thumbnail TEXT NOT NULL,
        PRIMARY KEY (entry_id, position)
    );
    CREATE TABLE entry_styles (
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        style TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (entry_id, style)
    );
    CREATE INDEX entry_styles_style ON entry_styles(style, entry_id);
    CREATE VIRTUAL TABLE entries_fts USING fts5(prompt, negative, note, styles);
    """,
    # History search: the default unicode61 tokenizer keeps a run of Hangul as one token, so a
    # Korean word inside a phrase (수채 in 수채화) never matched. The trigram tokenizer (SQLite
    # 3.34+) matches any substring of 3+ characters; shorter queries use LIKE on the same table.
    """
    CREATE TEMP TABLE entries_fts_copy AS SELECT rowid AS id, prompt, negative, note, styles FROM entries_fts;
    DROP TABLE entries_fts;
    CREATE VIRTUAL TABLE entries_fts USING fts5(prompt, negative, note, styles, tokenize = 'trigram');
    INSERT INTO entries_fts (rowid, prompt, negative, note, styles)
        SELECT id, prompt, negative, note, styles FROM entries_fts_copy;
    DROP TABLE entries_fts_copy;
    """,
    # History sorted and filtered by likeness (core/scoring.py); the expression must match the store's.
    """
    CREATE INDEX entries_likeness ON entries(json_extract(scores, '$.likeness'));
    """,
)


class DatabaseError(UserFacingError):
    """The library database cannot be opened or is newer than this app."""


class ReadOnlyDataError(UserFacingError):
    """A write was asked of a library whose folder cannot be written."""


class Database:
    """Thread-local connections to one SQLite file, migrated to the newest schema on open.

    `read_only` is decided on open: True when the folder or the file cannot be written.
    """

    def __init__(self, path: Path) -> None:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise DatabaseError(QT_TRANSLATE_NOOP(
                "db", "This app needs SQLite {needed} or newer; Python here uses SQLite {found}.").format(
                needed=".".join(map(str, MIN_SQLITE)), found=sqlite3.sqlite_version))
        self.path = Path(path).absolute()
        self._local = threading.local()
        folder_ok = folder_writable(self.path.parent)
        self.read_only = not folder_ok or (self.path.exists() and not os.access(self.path, os.W_OK))
        # Immutable mode ignores a -wal file, so it is only for a folder without one; with the
        # -wal and -shm files present (a writer still running or killed), SQLite reads them read-only.
        self._immutable = not folder_ok and not self._wal_has_content()
        self._why_read_only = QT_TRANSLATE_NOOP("db", "read-only or owned by another user")
        self._empty = False
        if not self.read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._migrate()
            except (OSError, sqlite3.Error, DatabaseError) as error:
                if not disk_full(self.path.parent):
                    raise
                # Reading still works on a full disk; writes get one clear message instead.
                log.warning("The disk is full (%s); opening %s read-only", error, self.path)
                self.close()
                self.read_only = True
                self._immutable = not self._wal_has_content()
                self._why_read_only = QT_TRANSLATE_NOOP("db", "the disk is full")
        self._empty = self.read_only and not self.path.is_file()
        if self.read_only:
            log.info("Opening %s read-only", self.path)
            if not self._empty:
                self._check_schema()

    def _wal_has_content(self) -> bool:
        wal = Path(f"{self.path}-wal")
        return wal.is_file() and wal.stat().st_size > 0

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit mode: transactions are explicit)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = self._connect()
                connection.row_factory = sqlite3.Row
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                if not self.read_only:
                    connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute("PRAGMA synchronous = NORMAL")
                if self._empty:  # nothing stored yet and nowhere to store it: an empty library
                    for statement in _statements(";".join(MIGRATIONS)):
                        connection.execute(statement)
            except sqlite3.Error as error:
                log.exception("Cannot open %s", self.path)
                if disk_full(self.path.parent):
                    raise DatabaseError(QT_TRANSLATE_NOOP(
                        "db", "The disk holding {folder} is full; free some space and try again.").format(
                        folder=self.path.parent)) from error
                raise DatabaseError(QT_TRANSLATE_NOOP("db", "Cannot open the library database {path}: {reason}.").format(
                    path=self.path, reason=error)) from error
            self._local.connection = connection
        return connection

    def _connect(self) -> sqlite3.Connection:
        options = {"timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None, "check_same_thread": True}
        if self._empty:
            return sqlite3.connect(":memory:", **options)
        if self.read_only:
            mode = "immutable=1" if self._immutable else "mode=ro"
            return sqlite3.connect(f"{self.path.as_uri()}?{mode}", uri=True, **options)
        return sqlite3.connect(self.path, **options)

    def refuse_if_read_only(self) -> None:
        if self.read_only:
            raise ReadOnlyDataError(QT_TRANSLATE_NOOP(
                "db", "The data folder {folder} cannot be written ({reason}), so nothing can be changed there; "
                      "free some space or choose a writable one with --data-dir.").format(
                folder=self.path.parent, reason=self._why_read_only))

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding the database's write lock from its first statement.

        Work done inside (file renames included) is serialized against every other writer
        and against the repair pass, so repair never mistakes in-flight files for orphans.
        """
        self.refuse_if_read_only()
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (other threads close theirs when they end)."""
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    def _check_schema(self) -> None:
        """A read-only open cannot migrate: refuse a schema this app cannot read as it is."""
        try:
            row = self.connection().execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.Error as error:
            raise DatabaseError(QT_TRANSLATE_NOOP("db", "Cannot read the library database {path}: {reason}.").format(
                path=self.path, reason=error)) from error
        current = row["version"] if row else 0
        if current > len(MIGRATIONS):
            raise DatabaseError(_newer_version(self.path))
        if current < len(MIGRATIONS):
            raise DatabaseError(QT_TRANSLATE_NOOP(
                "db", "The library database {path} needs an upgrade, but its folder cannot be written; "
                      "open it once with write access.").format(path=self.path))

    def _migrate(self) -> None:
        with self.write() as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = connection.execute("SELECT version FROM schema_version").fetchone()
            current = row["version"] if row else 0
            if current > len(MIGRATIONS):
                raise DatabaseError(_newer_version(self.path))
            for version in range(current + 1, len(MIGRATIONS) + 1):
                log.info("Migrating %s to schema version %d", self.path, version)
                for statement in _statements(MIGRATIONS[version - 1]):
                    connection.execute(statement)
            if row is None:
                connection.execute("INSERT INTO schema_version (version) VALUES (?)", (len(MIGRATIONS),))
            else:
                connection.execute("UPDATE schema_version SET version = ?", (len(MIGRATIONS),))


def _newer_version(path: Path) -> Text:
    return QT_TRANSLATE_NOOP("db", "The library database {name} was written by a newer version of the app.").format(
        name=path.name)


def disk_full(folder: Path, margin: int = 256 * 1024) -> bool:
    """Whether the file system holding `folder` has (almost) no space left."""
    try:
        return shutil.disk_usage(folder).free < margin
    except OSError:
        return False


def _statements(script: str) -> list[str]:
    """Split a migration script; executescript() would commit the open transaction."""
    return [statement.strip() for statement in script.split(";") if statement.strip()]


class StagingArea:
    """Private folders for files not yet recorded, so a crash never leaves half a record in place.

    Folder names start with the writer's process id. `sweep` removes folders of processes
    that are gone, and this process's own folders only when no store in it is still using
    them (the GUI runs several stores, one per thread, in one process).
    """

    _active: set[Path] = set()
    _active_lock = threading.Lock()

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @contextmanager
    def folder(self) -> Iterator[Path]:
        """A fresh folder, removed afterwards with whatever was not moved out of it."""
        path = self.root / f"{os.getpid()}-{uuid.uuid4().hex}"
        self.root.mkdir(parents=True, exist_ok=True)
        path.mkdir()
        with self._active_lock:
            self._active.add(path)
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
            with self._active_lock:
                self._active.discard(path)

    def sweep(self) -> None:
        if not self.root.is_dir():
            return
        for path in self.root.iterdir():
            pid_text = path.name.split("-", 1)[0]
            with self._active_lock:
                in_use = path in self._active
            if in_use or (pid_text.isdigit() and int(pid_text) != os.getpid() and _pid_alive(int(pid_text))):
                continue
            log.info("Removing unfinished write %s", path)
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True
