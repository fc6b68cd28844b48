"""Pages of one area when the data hold several: the area's own view of the data directory.

Every report function reads the data directory (``$HPDATA_DATA_DIR``) whole. A page of one area
(``overview.quang-ninh.vi``, ``indicator.grdp.quang-ninh.vi``, a source page of that area) calls
:func:`use_area` first: the rest of the notebook then reads *that area's data*, a copy of the data
directory in a private scratch folder with only the area's rows of ``sources.csv`` and
``observations.csv`` (and their files under ``raw/``), every other file as it is, and
``dataset.toml``'s ``default_area`` set to the area, so the site's name, the titles and the
headline name it (``{area}`` in ``labels.csv``). The page's links to the area's overview and
indicator pages carry the area id (:data:`hpdata.report.pages.AREA_ENV`).

The copy lives as long as the process (a forked report, a kernel) and is removed at its exit
(``atexit``, and a ``multiprocessing`` finalizer for a render's child, which leaves through
``os._exit``); a copy a killed process left is swept by the next hpdata command
(:func:`hpdata.journal.sweep_scratch`). Standard library only.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import multiprocessing.util
import os
import re
import shutil
from pathlib import Path

from .. import journal, paths
from ..errors import ParameterError
from .pages import AREA_ENV

#: The files of the data directory that are narrowed to one area's rows.
NARROWED = (paths.SOURCES, paths.OBSERVATIONS)
#: Labels replaced in an area's copy by their ``<key>_areas`` row (the site is several areas').
SITE_LABELS = ("site_name",)

_stack = contextlib.ExitStack()
atexit.register(_stack.close)
_copies: dict[tuple[str, str, tuple], Path] = {}
_origins: dict[Path, Path] = {}  # each copy -> the data directory it was made from


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _state(data_dir: Path) -> tuple:
    """What a copy depends on: the size and modification time of every top-level file."""
    return tuple(
        (e.name, e.stat().st_size, e.stat().st_mtime_ns)
        for e in sorted(os.scandir(data_dir), key=lambda e: e.name)
        if e.is_file()
    )


def write_area_copy(data_dir: Path, area: str, target: Path) -> Path:
    """Write ``area``'s view of ``data_dir`` into the empty folder ``target`` and return it.

    The rule: ``sources.csv`` and ``observations.csv`` keep their header and the rows whose
    ``area`` is ``area``; ``raw/`` holds the files of the kept sources; ``dataset.toml`` says
    ``default_area = "<area>"``; ``labels.csv``'s :data:`SITE_LABELS` take their ``_areas``
    row; every other top-level file is copied as it is. Raises :class:`ParameterError` for an
    area with no source."""
    fields, sources = _read(data_dir / paths.SOURCES)
    kept = [r for r in sources if (r.get("area") or "").strip() == area]
    if not kept:
        raise ParameterError(f"area: {area!r} has no source in {paths.display(data_dir)}")
    for entry in os.scandir(data_dir):
        if entry.is_file() and not entry.name.startswith(".") and entry.name not in NARROWED:
            shutil.copyfile(entry.path, target / entry.name)
    _write(target / paths.SOURCES, fields, kept)
    obs_fields, obs = _read(data_dir / paths.OBSERVATIONS)
    _write(target / paths.OBSERVATIONS, obs_fields, [r for r in obs if r.get("area") == area])
    for row in kept:
        name = (row.get("file") or "").strip()
        if name and (data_dir / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data_dir / name, target / name)
    _set_default_area(target / "dataset.toml", area)
    _site_labels(target / "labels.csv")
    return target


def _set_default_area(path: Path, area: str) -> None:
    """``default_area = "<area>"`` in ``path`` (the line replaced, or added)."""
    body = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = f'default_area = "{area}"'
    pattern = re.compile(r"^default_area\s*=.*$", re.M)
    body = pattern.sub(line, body) if pattern.search(body) else body + f"\n{line}\n"
    path.write_text(body, encoding="utf-8")


def _site_labels(path: Path) -> None:
    """Give each of :data:`SITE_LABELS` the words of its ``<key>_areas`` row, when there is one."""
    if not path.is_file():
        return
    fields, rows = _read(path)
    by_key = {r.get("key"): r for r in rows}
    for key in SITE_LABELS:
        wide = by_key.get(f"{key}_areas")
        if wide and key in by_key:
            by_key[key].update({f: wide[f] for f in fields if f != "key"})
    _write(path, fields, rows)


def area_dir(area: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder of ``area``'s view of the data directory, written once per data state and
    kept for the life of the process (see the module docstring). Asked from inside a copy
    (after :func:`use_area`), it answers for the data directory the copy was made from."""
    source = paths.data_dir(data_dir).resolve()
    source = _origins.get(source, source)
    key = (str(source), area, _state(source))
    if key not in _copies:
        if not _copies:  # the first copy of this process: remove the copies as it ends
            multiprocessing.util.Finalize(None, _stack.close, exitpriority=10)
        folder = _stack.enter_context(journal.scratch())
        _copies[key] = write_area_copy(source, area, folder)
        _origins[folder.resolve()] = source
    return _copies[key]


def use_area(area: str | None) -> Path | None:
    """Make the rest of this process read ``area``'s data (:func:`area_dir`) and name its pages
    with the area; ``""``/``None`` (the data hold one area): nothing changes, ``None`` returned."""
    if not area:
        os.environ.pop(AREA_ENV, None)
        return None
    folder = area_dir(area)
    os.environ[paths.ENV_VAR] = str(folder)
    os.environ[AREA_ENV] = area
    return folder
