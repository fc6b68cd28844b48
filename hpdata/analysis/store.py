"""Derived tables kept on disk between processes, keyed by the content they are computed from.

A render of a many-area site computes :func:`hpdata.progress` once per (area, language) in its
parent. After one more article for one area, every other area's data are the same as before but
the render is a new process: without this store it would compute them all again (about 0.3 s an
area and language on the 2-core machine). With the store, a table computed once is read back
(about 0.04 s) as long as neither its inputs nor hpdata's code have changed.

The rule: a table's file is ``<store>/<digest>.json``, where the digest is the SHA-256 of

* the name of the table and its parameters (language, ``as_of``, area),
* hpdata's code (every ``.py`` file of the package, by content), and
* the content of every regular file of the data directory, recursively, by relative path (names
  starting with ``.`` left out).

The file is pandas' ``orient="table"`` JSON (types and categories kept; never pickle, so a file
planted in the store is at worst a wrong table, never code). A file that is too large, not a
regular file, or not readable as such a table is ignored and recomputed. Files are written
atomically. The store is used only where ``$HPDATA_DERIVED_DIR`` names it (``hpdata render``
sets it to ``<out>/.cache/derived``); elsewhere every table is computed in memory as before.
Standard library and pandas only.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import atomic

#: The environment variable naming the store's folder.
ENV = "HPDATA_DERIVED_DIR"
#: Largest table file read back, in bytes (a site's progress table is a few tens of kB).
MAX_BYTES = 20 * 2**20
PACKAGE = Path(__file__).resolve().parent.parent


def folder() -> Path | None:
    """The store's folder (``$HPDATA_DERIVED_DIR``), or ``None`` when no store is in use."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


@lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 of hpdata's code: every ``.py`` file of the package, by relative path and
    content (once per process)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def data_digest(directory: Path) -> str:
    """SHA-256 of the data directory's content: every regular file, recursively, by relative
    path and bytes, names starting with ``.`` left out (and their folders)."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(f for f in files if not f.startswith(".")):
            path = Path(root) / name
            if not path.is_file():
                continue
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def key(table: str, directory: Path, *params: object) -> str:
    """The digest naming ``table`` computed from ``directory`` with ``params`` (see the module
    docstring)."""
    digest = hashlib.sha256()
    for part in (table, *map(repr, params), code_digest(), data_digest(directory)):
        digest.update(str(part).encode("utf-8") + b"\0")
    return digest.hexdigest()


def load(name: str) -> pd.DataFrame | None:
    """The table stored under the digest ``name``, or ``None`` when there is no store, no such
    file, or the file is not a regular file within :data:`MAX_BYTES` holding such a table.
    A table read is marked used (its modification time set to now), for :func:`prune`."""
    where = folder()
    if where is None:
        return None
    path = where / f"{name}.json"
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
        frame = pd.read_json(io.StringIO(text), orient="table")
        os.utime(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return frame


def save(name: str, frame: pd.DataFrame) -> None:
    """Store ``frame`` under the digest ``name`` (atomically); nothing when there is no store or
    the folder cannot be written (the store is an optimisation, never a reason to fail)."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        text = frame.to_json(orient="table", index=False, date_format="iso")
        atomic.write_text(where / f"{name}.json", text)
    except (OSError, ValueError, TypeError):
        return


def through(
    table: str,
    directory: Path,
    params: tuple,
    columns: list[str],
    compute: Callable[[], pd.DataFrame],
) -> pd.DataFrame:
    """``compute()``, or the table stored for ``table`` computed from ``directory`` with
    ``params`` (:func:`key`) when there is one with exactly ``columns``; a table computed here is
    stored when it is not empty and has a plain range index (what :func:`load` gives back).
    Without a store, ``compute()``."""
    if folder() is None:
        return compute()
    name = key(table, directory, *params)
    found = load(name)
    if found is not None and list(found.columns) == columns:
        return found
    found = compute()
    if not found.empty and isinstance(found.index, pd.RangeIndex):
        save(name, found)
    return found


def prune(since: float) -> int:
    """Remove the store's tables not written or read since the time ``since`` (seconds since
    the epoch): after a whole render, what it did not use. Returns how many were removed."""
    where = folder()
    if where is None or not where.is_dir():
        return 0
    removed = 0
    for path in where.glob("*.json"):
        try:
            if path.is_file() and path.stat().st_mtime < since:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
