"""The recipe: everything needed to reproduce an image, and cached file hashes for it.

Hashing a multi-GB checkpoint takes seconds to minutes, so SHA-256 digests are cached by
(path, size, mtime) in the cache folder and computed once per file version.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import platform
import threading
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from mmpp_desktop import __version__
from mmpp_desktop.core.atomic import atomic_write_text
from mmpp_desktop.core.lora_files import a1111_lora_hash, autov2_hash, sha256_file

log = logging.getLogger(__name__)

RECIPE_VERSION = 1
_WEIGHT_SUFFIXES = (".safetensors", ".json", ".txt", ".bin")


class HashCache:
    """SHA-256 of files (and of model folders, as a digest of their files' digests)."""

    def __init__(self, cache_dir: Path | None) -> None:
        self._file = cache_dir / "file-hashes.json" if cache_dir is not None else None
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, Any]] = {}
        if self._file is not None and self._file.is_file():
            try:
                loaded = json.loads(self._file.read_text(encoding="utf-8"))
                self._entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                log.warning("Hash cache %s is unreadable; starting afresh.", self._file)

    def sha256(self, path: Path) -> str:
        path = Path(path).resolve()
        if path.is_dir():
            return self._folder_sha256(path)
        return self._digest(path, "sha256", sha256_file)

    def a1111_lora_hash(self, path: Path) -> str:
        """A1111's LoRA hash reads the whole file too, so it is cached the same way."""
        return self._digest(Path(path).resolve(), "a1111", a1111_lora_hash)

    def _digest(self, path: Path, kind: str, compute: Callable[[Path], str]) -> str:
        """One digest of one file version, computed once and kept across runs."""
        stat = path.stat()
        version = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        key = str(path)
        with self._lock:
            entry = self._entries.get(key)
            if entry and all(entry.get(k) == v for k, v in version.items()) and kind in entry:
                return str(entry[kind])
        digest = compute(path)
        with self._lock:
            entry = self._entries.get(key)
            if not (entry and all(entry.get(k) == v for k, v in version.items())):
                entry = dict(version)
            entry[kind] = digest
            self._entries[key] = entry
            if self._file is not None:
                try:
                    atomic_write_text(self._file, json.dumps(self._entries, indent=1, sort_keys=True))
                except OSError:
                    log.warning("Cannot write the hash cache %s", self._file, exc_info=True)
        return digest

    def _folder_sha256(self, folder: Path) -> str:
        digest = hashlib.sha256()
        for file in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in _WEIGHT_SUFFIXES):
            digest.update(f"{file.relative_to(folder).as_posix()}:{self.sha256(file)}\n".encode())
        return digest.hexdigest()


def file_entry(hashes: HashCache, path: Path, name: str | None = None) -> dict[str, Any]:
    sha = hashes.sha256(path)
    return {"path": str(path), "name": name or Path(path).stem, "sha256": sha, "autov2": autov2_hash(sha)}


def lora_entry(hashes: HashCache, path: Path, weight: float, name: str = "") -> dict[str, Any]:
    entry = file_entry(hashes, path, name or Path(path).stem)
    entry.update({"a1111_hash": hashes.a1111_lora_hash(path), "weight": float(weight)})
    return entry


@functools.cache
def library_versions() -> dict[str, str]:
    """Package metadata lookups cost ~10 ms; versions cannot change while the app runs."""
    versions = {"python": platform.python_version()}
    for package in ("torch", "diffusers", "transformers", "peft"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def base_recipe(request_dict: dict[str, Any]) -> dict[str, Any]:
    return {"app": "mmpp-desktop", "app_version": __version__, "recipe_version": RECIPE_VERSION,
            "request": request_dict, "versions": dict(library_versions())}
