"""``hpdata validate``: every file any command reads, checked in one pass (data layer, top of it).

It composes the loaders of :mod:`hpdata.load` and the file checks of :mod:`hpdata.validators`,
:mod:`hpdata.statustable` and :mod:`hpdata.areas`; nothing here imports the analysis, the
extractor or the reports.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from . import paths, validators
from .areas import areas, dataset_problems
from .documents import source_text
from .errors import DataError, Problem
from .files import read_text
from .load import PathLike, _dir, indicators, observations, sources, vocabularies, vocabulary
from .schema import INDICATOR_COLUMNS, OBSERVATION_COLUMNS, SOURCE_COLUMNS
from .statustable import statuses_table

#: The tables ``columns.csv`` describes, with their columns (``None``: the progress table, whose
#: columns the analysis layer above defines; a test checks them against ``progress()``).
DESCRIBED_TABLES: dict[str, list[str] | None] = {
    "observations": OBSERVATION_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
    "plans": validators.PLAN_COLUMNS,
    "progress": None,
}


def validate(data_dir: PathLike = None) -> dict[str, int]:
    """Check every data file and return counts; raise :class:`DataError` listing every problem.

    Unlike the loaders, which stop at the first broken file, this gathers the problems of all
    files in one pass: ``areas.csv`` and ``dataset.toml``, the four tables (every ``area`` of
    ``sources.csv`` and ``observations.csv`` an id of ``areas.csv``), ``labels.csv``, ``plans.csv``, ``units.csv``, ``extract_lexicon.toml``,
    the extractor's ``extract_aliases.csv`` and ``indicator_units.csv``, ``method.toml`` (its
    values, and its benchmark quote against the sources) and ``limits.toml``.
    A problem found twice (a broken vocabulary breaks every table) is listed once; the
    de-duplication hashes each problem's text, so it is linear in the number of problems.
    """
    directory = _dir(data_dir)
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise DataError([Problem(paths.display(directory), None, None, None, what)])
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(found: list[Problem]) -> None:
        for problem in found:
            if str(problem) not in seen:
                seen.add(str(problem))
                problems.append(problem)

    counts: dict[str, int] = {}
    tables: dict[str, pd.DataFrame] = {}
    for name, loader in (
        ("areas", areas),
        ("vocabularies", vocabularies),
        ("sources", sources),
        ("indicators", indicators),
        ("observations", observations),
    ):
        try:
            tables[name] = loader(directory)
            counts[name] = len(tables[name])
        except DataError as error:
            add(error.problems)
    units = _units_or_empty(directory)
    add(validators.labels_problems(directory))
    add(validators.plans_problems(directory, _plans_of(tables.get("sources"))))
    add(validators.columns_problems(directory, DESCRIBED_TABLES))
    add(validators.units_problems(directory, units))
    add(validators.lexicon_problems(directory, units))
    add(validators.aliases_problems(directory, tables.get("indicators")))
    add(validators.indicator_units_problems(directory, tables.get("indicators"), units))
    add(validators.limits(directory)[1])
    add(_method_problems(directory))
    add(_statuses_problems(directory))
    add(dataset_problems(directory))
    if problems:
        raise DataError(problems)
    return counts


def _plans_of(src: pd.DataFrame | None) -> list[str] | None:
    """The plans ``sources.csv`` names: each source's ``plan``, else its id (None unread)."""
    if src is None:
        return None
    ids = src["source_id"].astype(str).tolist()
    if "plan" not in src:
        return ids
    plans = src["plan"].fillna("").astype(str).str.strip().tolist()
    return [p or s for s, p in zip(ids, plans, strict=True)]


def _statuses_problems(directory: Path) -> list[Problem]:
    """``statuses.csv``'s problems (:func:`hpdata.statustable.statuses_table`)."""

    try:
        statuses_table(directory)
    except DataError as error:
        return error.problems
    return []


def _units_or_empty(directory: Path) -> list[str]:
    try:
        return vocabulary(directory).get("unit", [])
    except DataError:
        return []


def _method_problems(directory: Path) -> list[Problem]:
    """``method.toml``'s problems, its benchmark quote checked against the sources' texts."""
    try:
        settings = tomllib.loads(read_text(directory / paths.METHOD))
    except DataError as error:
        return error.problems
    except tomllib.TOMLDecodeError as error:
        return [Problem(paths.display(directory / paths.METHOD), None, None, None, str(error))]
    try:
        texts = {
            r.source_id: source_text(directory / r.file, directory)
            for r in sources(directory).itertuples()
        }
    except DataError:
        texts = {}
    return validators.method_problems(directory, settings, texts)


def duplicate_dataset(target: Path, megabytes: float, data_dir: Path | None = None) -> int:
    """Write to ``target`` a copy of the data directory whose ``observations.csv`` is about
    ``megabytes`` MB of one row repeated: the worst case of the duplicate-key check (every row
    after the first is a problem). Returns the number of rows.
    """
    import shutil

    source = paths.data_dir(data_dir)
    shutil.copytree(source, target)
    path = target / paths.OBSERVATIONS
    header, first = path.read_text(encoding="utf-8").split("\n")[:2]
    rows = max(1, round(megabytes * 1_000_000 / (len(first.encode("utf-8")) + 1)))
    path.write_text(header + "\n" + (first + "\n") * rows, encoding="utf-8")
    return rows


def seconds_per_mb(megabytes: float, data_dir: Path | None = None) -> tuple[float, int, int]:
    """Time :func:`validate` on :func:`duplicate_dataset` of ``megabytes`` MB.

    Returns ``(seconds per MB, rows, problems found)``; a flat figure from 0.1 to 10 MB shows the
    validators are linear in the input.
    """
    import tempfile
    import time

    with tempfile.TemporaryDirectory(prefix="hpdata-bench-") as tmp:
        target = Path(tmp) / "data"
        rows = duplicate_dataset(target, megabytes, data_dir)
        size = (target / paths.OBSERVATIONS).stat().st_size / 1_000_000
        start = time.perf_counter()
        try:
            validate(target)
            found = 0
        except DataError as error:
            found = len(error.problems)
        return (time.perf_counter() - start) / size, rows, found
