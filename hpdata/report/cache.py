"""The render cache: which reports are up to date, decided with the standard library only.

A report's key is a SHA-256 over everything that can change its output: its notebook file, its
parameters, the ``hpdata`` package's ``*.py`` sources, its templates and page CSS and the pinned
``requirements.lock``, the data files every report reads in full (every ``*.csv`` and ``*.toml`` of the data directory but
``sources.csv`` and ``observations.csv``: vocabularies, labels, method, statuses, units, areas...)
and, of ``sources.csv``, ``observations.csv`` and ``raw/``, exactly the rows and files of its data
scope (:class:`hpdata.report.plan.Scope`, digested by :class:`ScopeDigests`). So an article added
for one source or area changes the keys of the pages that read it and of no other. The keys of
the last good render are kept in ``<out>/.cache/manifest.json``; a report whose key matches and
whose HTML and executed notebook still exist is not rendered again.

Nothing here imports pandas, papermill or matplotlib: a second ``hpdata render`` with nothing
changed must finish in well under a second, process start included.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import atomic, paths
from ..errors import ParameterError
from ..periods import parse_period

#: Bump when the rendering engine changes in a way the hashed sources do not show.
ENGINE_VERSION = "2"
CACHE_DIR = ".cache"
MANIFEST = "manifest.json"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: The data files read through a report's scope (rows), not in full.
SCOPED_FILES = (paths.SOURCES, paths.OBSERVATIONS)


def data_files(data_dir: Path) -> list[Path]:
    """The data files a report may depend on: ``*.csv`` and ``*.toml`` in ``data_dir`` and every
    regular file under ``data_dir/raw`` (recursively), sorted by path."""
    files = [p for p in data_dir.glob("*.csv") if p.is_file()]
    files += [p for p in data_dir.glob("*.toml") if p.is_file()]
    raw = data_dir / "raw"
    if raw.is_dir():
        files += [p for p in raw.rglob("*") if p.is_file()]
    return sorted(files)


def shared_files(data_dir: Path) -> list[Path]:
    """The data files every report reads in full: :func:`data_files` but ``raw/`` and
    :data:`SCOPED_FILES`."""
    raw = data_dir / "raw"
    return [
        p
        for p in data_files(data_dir)
        if p.parent != raw and raw not in p.parents and p.name not in SCOPED_FILES
    ]


#: The package's files that are not code but shape every page: the HTML templates, the page's
#: CSS and the template configuration (``hpdata/report/templates/**``).
TEMPLATES_DIR = Path("report") / "templates"


def source_files(package: Path | None = None) -> list[Path]:
    """The code a report depends on: the ``hpdata`` package's ``*.py`` files, every file under
    its :data:`TEMPLATES_DIR` (templates, ``page.css``; ``__pycache__`` left out) and, when
    present, the project's ``requirements.lock`` (the pinned versions of papermill, nbconvert,
    pandas...). ``package``: the package folder (default: this ``hpdata``; the lock is looked
    for only then)."""
    root = package or Path(__file__).resolve().parent.parent
    files = list(root.rglob("*.py"))
    templates = root / TEMPLATES_DIR
    if templates.is_dir():
        files += [p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files = sorted(set(files))
    lock = paths.PROJECT_ROOT / "requirements.lock"
    if package is None and lock.is_file():
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


def code_key(package: Path | None = None) -> str:
    """The digest of the code every report runs: the engine version and
    :func:`source_files` (``hpdata``'s sources, templates and CSS, and the lock)."""
    digest = hashlib.sha256(f"hpdata-render {ENGINE_VERSION}\n".encode())
    root = paths.PROJECT_ROOT if package is None else package
    digest.update(digest_files(source_files(package), root).encode("ascii"))
    return digest.hexdigest()


def common_key(data_dir: Path, code: str | None = None) -> str:
    """The part of every report's key shared by all reports: the code (:func:`code_key`) and the
    data files read in full (:func:`shared_files`)."""
    digest = hashlib.sha256((code or code_key()).encode("ascii"))
    digest.update(digest_files(shared_files(data_dir), data_dir).encode("ascii"))
    return digest.hexdigest()


def data_key(data_dir: Path) -> str:
    """One digest of every data file (:func:`data_files`): the data state a render was made
    from, kept in the manifest."""
    return digest_files(data_files(data_dir), data_dir)


def report_key(
    common: str, notebook_digest: str, params: Mapping[str, Any], name: str, scope: str = ""
) -> str:
    """A report's cache key: ``common`` plus its notebook's digest (:func:`file_digest`), its
    parameters (as sorted JSON), its name and its scope's digest (:class:`ScopeDigests`).
    Equal keys mean identical inputs."""
    digest = hashlib.sha256(common.encode("ascii"))
    digest.update(notebook_digest.encode("ascii"))
    digest.update(json.dumps(dict(params), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    digest.update(name.encode("utf-8"))
    digest.update(scope.encode("ascii"))
    return digest.hexdigest()


def _row_hash(number: int, fields: Sequence[str], row: Mapping[str, str | None]) -> str:
    values = [number, *((row.get(f) or "") for f in fields)]
    text = json.dumps(values, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Table:
    """One scoped CSV file's rows: a hash per row (its position included) and, per column, the
    rows holding each value, so a filter's rows are found without scanning."""

    def __init__(self, fields: Sequence[str], rows: Sequence[Mapping[str, str | None]]):
        self.fields = list(fields)
        self.rows = rows
        self.hashes = [_row_hash(i, self.fields, r) for i, r in enumerate(rows)]
        self._index: dict[str, dict[str, list[int]]] = {}

    def where(self, flt: Sequence[tuple[str, str]]) -> list[int]:
        """The positions of the rows where every ``(column, value)`` of ``flt`` holds (all rows
        for an empty filter; none when a column is missing)."""
        if not flt:
            return list(range(len(self.rows)))
        found: set[int] | None = None
        for column, value in flt:
            if column not in self.fields:
                return []
            if column not in self._index:
                index: dict[str, list[int]] = {}
                for i, row in enumerate(self.rows):
                    index.setdefault((row.get(column) or "").strip(), []).append(i)
                self._index[column] = index
            rows = set(self._index[column].get(str(value), ()))
            found = rows if found is None else found & rows
        return sorted(found or ())


class ScopeDigests:
    """The digest of each report's data scope (:class:`hpdata.report.plan.Scope`), from the
    rows of a :class:`hpdata.report.plan.DataView`, remembered per scope.

    The rule: the hashes (position and values) of the ``observations.csv`` rows of
    ``scope.rows``; of the ``sources.csv`` rows they cite or that match the filter on columns
    ``sources.csv`` has (every filter column must be one); the bytes of those sources' files;
    the distinct ``(area, kind, period, projection)`` of the rows of ``scope.periods`` (whether
    a result is a projection moves the end of the data); the
    ``(source_id, published)`` of the sources of ``scope.reports`` (every source when it is
    ``()``). The header of both files is part of every digest."""

    def __init__(self, data: Any):
        self.data = data
        self.obs = _Table(data.fields(paths.OBSERVATIONS), data.rows(paths.OBSERVATIONS))
        self.src = _Table(data.fields(paths.SOURCES), data.rows(paths.SOURCES))
        self._done: dict[Any, str] = {}
        self._files: dict[str, str] = {}

    def digest(self, scope: Any) -> str:
        """The digest of ``scope`` (see the class docstring)."""
        if scope not in self._done:
            self._done[scope] = self._digest(scope)
        return self._done[scope]

    def _sources(self, flt: Sequence[tuple[str, str]], obs_rows: Iterable[int]) -> list[int]:
        """The sources of ``flt``: those cited by ``obs_rows``, and those matching ``flt`` when
        every column of ``flt`` is a column of ``sources.csv`` (every source for ``()``)."""
        cited = {(self.obs.rows[i].get("source_id") or "").strip() for i in obs_rows}
        chosen: set[int] = set()
        for s in cited:
            chosen.update(self.src.where([("source_id", s)]))
        if all(column in self.src.fields for column, _ in flt):
            chosen.update(self.src.where(flt))
        return sorted(chosen)

    def _file(self, name: str) -> str:
        if name not in self._files:
            path = self.data.data_dir / name
            try:
                self._files[name] = file_digest(path)
            except OSError:
                self._files[name] = "missing"
        return self._files[name]

    def _published(self, source_id: str) -> str:
        """The ``published`` of source ``source_id`` (``""`` when unknown)."""
        found = self.src.where([("source_id", source_id)])
        return (self.src.rows[found[0]].get("published") or "").strip() if found else ""

    def _period_key(self, i: int) -> tuple[str, str, str, str]:
        """``(area, kind, period, projection)`` of observation row ``i``: ``projection`` is
        ``"yes"`` for a result published before its period ended (:func:`is_projection`),
        which the analyses leave out of "the latest period" (the end of the data, ``now``)."""
        row = self.obs.rows[i]
        area, kind, period = ((row.get(c) or "").strip() for c in ("area", "kind", "period"))
        flag = ""
        if kind == "result":
            published = self._published((row.get("source_id") or "").strip())
            flag = is_projection(published, period)
        return area, kind, period, flag

    def _digest(self, scope: Any) -> str:
        digest = hashlib.sha256("\0".join(self.obs.fields + self.src.fields).encode("utf-8"))
        rows = self.obs.where(scope.rows)
        digest.update("".join(self.obs.hashes[i] for i in rows).encode("ascii"))
        for i in self._sources(scope.rows, rows):
            source = self.src.rows[i]
            digest.update(self.src.hashes[i].encode("ascii"))
            digest.update(self._file((source.get("file") or "").strip()).encode("ascii"))
        if scope.periods is not None:
            keys = {self._period_key(i) for i in self.obs.where(scope.periods)}
            digest.update(json.dumps(sorted(keys), ensure_ascii=False).encode("utf-8"))
        if scope.reports is not None:
            rows = self.obs.where(scope.reports)
            pairs = {
                tuple((self.src.rows[i].get(c) or "") for c in ("source_id", "published"))
                for i in self._sources(scope.reports, rows)
            }
            digest.update(json.dumps(sorted(pairs), ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()


def decimal_year(published: str) -> float | None:
    """An ISO publication time as a decimal year on its own clock (the +07:00 of the sources):
    ``year + (day of year - 1 + time of day) / days in the year``, as
    :func:`hpdata.analysis.series.decimal_year` (standard library only); ``None`` when it is not
    an ISO time."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(published)
    except ValueError:
        return None
    days = 366 if calendar.isleap(when.year) else 365
    seconds = when.hour * 3600 + when.minute * 60 + when.second
    return when.year + (when.timetuple().tm_yday - 1 + seconds / 86400) / days


def is_projection(published: str, period: str) -> str:
    """``"yes"`` when a result of ``period`` published at ``published`` is a projection (its
    source published before the period ended, :func:`hpdata.analysis.series.is_projection`),
    ``"no"`` when not, ``"?"`` when either cannot be read."""
    when = decimal_year(published)
    try:
        end = parse_period(period).end
    except ParameterError:
        return "?"
    if when is None:
        return "?"
    return "yes" if when < end - 1e-9 else "no"


def report_keys(plan: Any, common: str) -> dict[str, str]:
    """The cache key of every report of ``plan`` (a :class:`hpdata.report.plan.Plan`);
    ``common`` is :func:`common_key` of its data directory."""
    notebook_digest: dict[str, str] = {}
    scopes = ScopeDigests(plan.data)
    keys = {}
    for r in plan.reports:
        if r.notebook not in notebook_digest:
            notebook_digest[r.notebook] = file_digest(plan.notebook_path(r))
        scope = scopes.digest(r.scope)
        keys[r.name] = report_key(common, notebook_digest[r.notebook], r.parameters, r.name, scope)
    return keys


class Manifest:
    """What the render wrote into an output folder and from which data, in
    ``<out>/.cache/manifest.json``: per report, the key of its last good render (``reports``)
    and the files it wrote (``files``, relative to the folder); the data directory (``data_dir``)
    and, after a whole render, the digest of all its files (``data_key``, :func:`data_key`); the
    index page's status tables (``tables``: {lang: html}) with their key.

    A missing or unreadable manifest is an empty one (everything is rendered again). Writes are
    atomic, so an interrupted render leaves the previous manifest or the new one, never a mix.
    """

    #: Seconds between two writes during a render (each write is the whole file).
    SAVE_EVERY = 1.0

    def __init__(self, out_dir: Path):
        self.path = out_dir / CACHE_DIR / MANIFEST
        self.reports: dict[str, str] = {}
        self.files: dict[str, list[str]] = {}
        self.data_dir: str | None = None
        self.data_key: str | None = None
        self.tables_key: str | None = None
        self.tables: dict[str, str] | None = None
        self._saved = 0.0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("engine") == ENGINE_VERSION:
            self._load(data)

    def _load(self, data: dict[str, Any]) -> None:
        reports = data.get("reports")
        if isinstance(reports, dict):
            for name, entry in reports.items():
                if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                    self.reports[str(name)] = entry["key"]
                    self.files[str(name)] = [str(f) for f in entry.get("files") or []]
        for attribute in ("data_dir", "data_key"):
            if isinstance(data.get(attribute), str):
                setattr(self, attribute, data[attribute])
        index = data.get("index")
        if isinstance(index, dict) and isinstance(index.get("tables"), dict):
            self.tables_key = str(index.get("key"))
            self.tables = {str(k): str(v) for k, v in index["tables"].items()}

    def get(self, name: str) -> str | None:
        """The key of the last good render of report ``name``, or ``None``."""
        return self.reports.get(name)

    def set(self, name: str, key: str, files: Iterable[str] = ()) -> None:
        """Record that report ``name`` was rendered with ``key`` and wrote ``files`` (call
        :meth:`save` to keep it)."""
        self.reports[name] = key
        self.files[name] = sorted(files)

    def forget(self, name: str) -> None:
        """Drop report ``name`` (its files were removed)."""
        self.reports.pop(name, None)
        self.files.pop(name, None)

    def save(self, *, now: bool = True) -> None:
        """Write the manifest atomically; with ``now=False`` only if the last write is more than
        :attr:`SAVE_EVERY` seconds old (a render of thousands of pages saves as it goes without
        writing the whole file after each page)."""
        import time

        if not now and time.monotonic() - self._saved < self.SAVE_EVERY:
            return
        reports = {
            name: {"key": key, "files": self.files.get(name, [])}
            for name, key in sorted(self.reports.items())
        }
        data: dict[str, Any] = {"engine": ENGINE_VERSION, "data_dir": self.data_dir}
        data["data_key"] = self.data_key
        data["reports"] = reports
        data["index"] = {"key": self.tables_key, "tables": self.tables}
        atomic.write_text(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        self._saved = time.monotonic()


def is_fresh(manifest: Manifest, name: str, key: str, outputs: Iterable[Path]) -> bool:
    """True when report ``name`` was last rendered with ``key`` and all its ``outputs`` exist."""
    return manifest.get(name) == key and all(os.path.isfile(p) for p in outputs)
