"""The render cache: which reports are up to date, decided with the standard library only.

A report's key is a SHA-256 over everything that can change its output: its notebook file, its
parameters, the data files (``*.csv`` and ``*.toml`` in the data directory and every file under its
``raw/``), the ``hpdata`` package's ``*.py`` sources and the pinned ``requirements.lock``. The keys of
the last good render are kept in ``<out>/.cache/manifest.json``; a report whose key matches and
whose HTML and executed notebook still exist is not rendered again.

Nothing here imports pandas, papermill or matplotlib: a second ``hpdata render`` with nothing
changed must finish in well under a second, process start included.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .. import atomic, paths

#: Bump when the rendering engine changes in a way the hashed sources do not show.
ENGINE_VERSION = "1"
CACHE_DIR = ".cache"
MANIFEST = "manifest.json"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_files(data_dir: Path) -> list[Path]:
    """The data files a report depends on: ``*.csv`` and ``*.toml`` in ``data_dir`` and every
    regular file under ``data_dir/raw`` (recursively), sorted by path."""
    files = [p for p in data_dir.glob("*.csv") if p.is_file()]
    files += [p for p in data_dir.glob("*.toml") if p.is_file()]
    raw = data_dir / "raw"
    if raw.is_dir():
        files += [p for p in raw.rglob("*") if p.is_file()]
    return sorted(files)


def source_files() -> list[Path]:
    """The code a report depends on: the ``hpdata`` package's ``*.py`` files and, when present,
    the project's ``requirements.lock`` (the pinned versions of papermill, nbconvert, pandas...)."""
    files = sorted(Path(__file__).resolve().parent.parent.rglob("*.py"))
    lock = paths.PROJECT_ROOT / "requirements.lock"
    if lock.is_file():
        files.append(lock)
    return files


def digest_files(files: Iterable[Path], root: Path) -> str:
    """One SHA-256 over the names (relative to ``root`` when inside it) and contents of ``files``.

    Renaming, adding, removing or editing any file changes the result."""
    digest = hashlib.sha256()
    for path in files:
        try:
            name = str(path.relative_to(root))
        except ValueError:
            name = str(path)
        digest.update(name.encode("utf-8") + b"\0" + file_digest(path).encode("ascii") + b"\n")
    return digest.hexdigest()


def common_key(data_dir: Path) -> str:
    """The part of every report's key shared by all reports: data files, sources, engine version."""
    digest = hashlib.sha256(f"hpdata-render {ENGINE_VERSION}\n".encode())
    digest.update(digest_files(data_files(data_dir), data_dir).encode("ascii"))
    digest.update(digest_files(source_files(), paths.PROJECT_ROOT).encode("ascii"))
    return digest.hexdigest()


def report_key(common: str, notebook_digest: str, params: Mapping[str, Any], name: str) -> str:
    """A report's cache key: ``common`` plus its notebook's digest (:func:`file_digest`), its
    parameters (as sorted JSON) and its name. Equal keys mean identical inputs."""
    digest = hashlib.sha256(common.encode("ascii"))
    digest.update(notebook_digest.encode("ascii"))
    digest.update(json.dumps(dict(params), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(name.encode("utf-8"))
    return digest.hexdigest()


class Manifest:
    """The keys of the last good render of each report, stored in ``<out>/.cache/manifest.json``,
    and the index page's status tables (``tables``: {lang: html}) with their key.

    A missing or unreadable manifest is an empty one (everything is rendered again). Writes are
    atomic, so an interrupted render leaves the previous manifest or the new one, never a mix.
    """

    def __init__(self, out_dir: Path):
        self.path = out_dir / CACHE_DIR / MANIFEST
        self.reports: dict[str, str] = {}
        self.tables_key: str | None = None
        self.tables: dict[str, str] | None = None
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("engine") == ENGINE_VERSION:
            reports = data.get("reports")
            if isinstance(reports, dict):
                self.reports = {str(k): str(v) for k, v in reports.items()}
            index = data.get("index")
            if isinstance(index, dict) and isinstance(index.get("tables"), dict):
                self.tables_key = str(index.get("key"))
                self.tables = {str(k): str(v) for k, v in index["tables"].items()}

    def get(self, name: str) -> str | None:
        """The key of the last good render of report ``name``, or ``None``."""
        return self.reports.get(name)

    def set(self, name: str, key: str) -> None:
        """Record that report ``name`` was rendered with ``key`` (call :meth:`save` to keep it)."""
        self.reports[name] = key

    def save(self) -> None:
        """Write the manifest atomically."""
        data = {"engine": ENGINE_VERSION, "reports": dict(sorted(self.reports.items()))}
        data["index"] = {"key": self.tables_key, "tables": self.tables}
        atomic.write_text(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def is_fresh(manifest: Manifest, name: str, key: str, outputs: Iterable[Path]) -> bool:
    """True when report ``name`` was last rendered with ``key`` and all its ``outputs`` exist."""
    return manifest.get(name) == key and all(os.path.isfile(p) for p in outputs)
