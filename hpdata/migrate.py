"""``hpdata migrate``: bring a data directory written by an earlier hpdata up to today's files.

What changes (each step only when needed, so a second run changes nothing):

* ``sources.csv`` gains ``area`` (the place each source reports on: ``--area``, else
  ``default_area`` of ``dataset.toml``; never guessed), ``plan`` (empty: each source is its own
  plan) and ``url`` (empty);
* ``observations.csv`` gains ``area``: the area of the row's source;
* ``areas.csv`` is copied from the project's ``data/`` when the directory has none;
* ``dataset.toml`` is written with ``default_area`` when the directory has none.

The files are written together as one transaction of :mod:`hpdata.journal` (all or nothing).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from . import journal, paths
from .errors import DataError, ParameterError, Problem
from .files import read_text
from .schema import OBSERVATION_COLUMNS, SOURCE_COLUMNS

PathLike = str | os.PathLike[str] | None


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV file, every cell a string."""
    reader = csv.DictReader(io.StringIO(read_text(path)))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _csv(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return out.getvalue().encode("utf-8")


def _default_area(directory: Path) -> str | None:
    import tomllib

    path = directory / paths.DATASET
    if not path.exists():
        return None
    try:
        return tomllib.loads(read_text(path)).get("default_area")
    except tomllib.TOMLDecodeError as error:
        raise DataError([Problem(paths.display(path), None, None, None, str(error))]) from None


def _known_areas(directory: Path) -> set[str]:
    path = directory / paths.AREAS
    if not path.exists():
        path = paths.DEFAULT_DATA_DIR / paths.AREAS
    return {row["area"] for row in _rows(path)[1]}


def plan_migration(data_dir: PathLike = None, area: str | None = None) -> dict[str, bytes]:
    """The files to write (name -> bytes) to migrate ``data_dir``; empty when it is up to date.

    Raises :class:`ParameterError` when the sources need an area and neither ``area`` nor
    ``dataset.toml`` gives one, or when the area is not in ``areas.csv``."""
    directory = paths.data_dir(data_dir)
    files: dict[str, bytes] = {}
    if not (directory / paths.AREAS).exists():
        files[paths.AREAS] = (paths.DEFAULT_DATA_DIR / paths.AREAS).read_bytes()
    src_columns, src_rows = _rows(directory / paths.SOURCES)
    chosen = area or _default_area(directory)
    if chosen is not None and chosen not in _known_areas(directory):
        raise ParameterError(f"--area: unknown area {chosen!r} (see data/areas.csv)")
    if "area" not in src_columns:
        if chosen is None:
            raise ParameterError(
                f"{paths.display(directory / paths.SOURCES)} has no 'area' column: pass --area ID"
                " (the place its sources report on; ids in data/areas.csv)"
            )
        for row in src_rows:
            row.setdefault("area", chosen)
    if set(src_columns) != set(SOURCE_COLUMNS):
        files[paths.SOURCES] = _csv(SOURCE_COLUMNS, src_rows)
    by_source = {row["source_id"]: row["area"] for row in src_rows}
    obs_columns, obs_rows = _rows(directory / paths.OBSERVATIONS)
    if "area" not in obs_columns:
        for row in obs_rows:
            row["area"] = by_source.get(row.get("source_id", ""), chosen or "")
        files[paths.OBSERVATIONS] = _csv(OBSERVATION_COLUMNS, obs_rows)
    if not (directory / paths.DATASET).exists() and chosen is not None:
        text = (
            "# The dataset as a whole (see README, 'Tracking another province').\n"
            f'default_area = "{chosen}"\n'
        )
        files[paths.DATASET] = text.encode("utf-8")
    return files


def migrate(data_dir: PathLike = None, area: str | None = None, dry_run: bool = False) -> list[str]:
    """Migrate ``data_dir`` (see the module's docstring) and return the names of the files
    written (or, with ``dry_run``, that would be); nothing is written when it is up to date."""
    directory = paths.data_dir(data_dir)
    if dry_run:
        return sorted(plan_migration(directory, area))
    with journal.lock(directory):
        journal.recover(directory, locked=True)
        files = plan_migration(directory, area)
        if files:
            with journal.Transaction(directory) as txn:
                for name, data in files.items():
                    txn.stage(name, data)
                txn.commit()
    return sorted(files)
