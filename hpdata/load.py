"""Loaders: read the data files, normalise text to NFC, validate, and return typed DataFrames.

Every load validates (see :mod:`hpdata.schema`) and never writes to the data directory. Results
are cached per data directory and file state, so repeated calls are cheap; callers get a copy.
"""

from __future__ import annotations

import csv
import hashlib
import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths
from .areas import area_ids
from .documents import source_text as document_text
from .errors import DataError, Problem
from .files import CONTROL_CHARACTERS, control_problems, inside, read_csv, read_text
from .schema import (
    INDICATOR_COLUMNS,
    OBSERVATION_COLUMNS,
    SOURCE_COLUMNS,
    indicators_schema,
    observation_problems,
    observations_schema,
    sources_schema,
    validate_frame,
    vocabularies_schema,
)
from .validators import duplicates, limits, method_problems

PathLike = str | os.PathLike[str] | None
LIMITS = "limits.toml"

#: Columns stored as pandas categoricals, with the vocabulary field giving their categories.
CATEGORICAL_FIELDS = {
    "kind": "kind",
    "measure": "measure",
    "bound": "bound",
    "unit": "unit",
    "comparison": "comparison",
}


def _state(directory: Path, names: tuple[str, ...]) -> tuple:
    return tuple((name, *paths.file_state(directory / name)) for name in names)


def _source_files(directory: Path) -> tuple[str, ...]:
    """The raw files ``sources.csv`` names (read with the csv module: this runs on every load, to
    key the cache on their state); empty when the file is missing or unreadable, which the
    validating load then reports."""
    try:
        with (directory / paths.SOURCES).open(encoding="utf-8", newline="") as fh:
            return tuple(row.get("file") or "" for row in csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return ()


def data_state(data_dir: PathLike = None) -> tuple[Path, tuple]:
    """The data directory, resolved, and the state of everything in it an analysis can read.

    The state is ``(name, mtime_ns, size)`` for each file directly in the directory (dot files
    aside: the lock and the transaction folder) and for each raw file ``sources.csv`` names. Two
    equal states mean nothing an analysis reads has changed, so derived tables
    (:func:`hpdata.progress`, :func:`hpdata.analysis.tracker.history`) are cached on it: a
    report page asks for them several times, and every page of a render for the same ones.

    Examples
    --------
    >>> directory, state = data_state()
    >>> any(name == "observations.csv" for name, *_ in state)
    True
    """
    directory = _dir(data_dir)
    try:
        names = sorted(
            e.name for e in os.scandir(directory) if e.is_file() and not e.name.startswith(".")
        )
    except OSError:
        names = []
    return directory, _state(directory, (*names, *_source_files(directory)))


def _dir(data_dir: PathLike) -> Path:
    return paths.resolved_data_dir(data_dir)


@lru_cache(maxsize=16)
def _vocabularies(directory: Path, _state: tuple) -> pd.DataFrame:
    path = directory / paths.VOCABULARIES
    frame = read_csv(path, ["field", "code", "label_vi", "label_en", "description"])
    frame = validate_frame(paths.display(path), frame, vocabularies_schema())
    pairs = zip(frame["field"], frame["code"], strict=True)
    problems = [
        Problem(paths.display(path), row, "code", frame["code"].iloc[row - 1],
                f"duplicate code of field {frame['field'].iloc[row - 1]!r} (first at row {first})")
        for row, first in duplicates(pairs).items()
    ]  # fmt: skip
    problems += _missing_codes(paths.display(path), frame)
    if problems:
        raise DataError(problems)
    return frame


#: The vocabulary fields every table and the method read. Their codes in the project's own
#: ``data/vocabularies.csv`` must all be present too (the analyses produce and compare them),
#: but for ``unit`` (a dataset may measure other things).
VOCABULARY_FIELDS = (
    "kind", "measure", "bound", "unit", "comparison", "flow_or_stock", "status", "plan_status",
)  # fmt: skip


def _missing_codes(name: str, frame: pd.DataFrame) -> list[Problem]:
    """A field of :data:`VOCABULARY_FIELDS` without codes, or a code of the project's
    vocabularies missing (a file cut short reads as valid rows otherwise)."""
    have = set(zip(frame["field"], frame["code"], strict=True))
    fields = {f for f, _ in have}
    problems = [
        Problem(name, None, "field", f, "no codes for this field (the tables need them)")
        for f in VOCABULARY_FIELDS
        if f not in fields
    ]
    reference = paths.DEFAULT_DATA_DIR / paths.VOCABULARIES
    try:
        known = read_csv(reference, ["field", "code", "label_vi", "label_en", "description"])
    except DataError:
        return problems
    for field, code in zip(known["field"], known["code"], strict=True):
        if field != "unit" and field in fields and (field, code) not in have:
            problems.append(Problem(name, None, "code", f"{field}/{code}", "missing code"))
    return problems


def vocabularies(data_dir: PathLike = None) -> pd.DataFrame:
    """The controlled vocabularies: one row per allowed ``code`` of a ``field``, with labels.

    Examples
    --------
    >>> v = vocabularies(); sorted(v.loc[v.field == "kind", "code"])
    ['result', 'target']
    """
    directory = _dir(data_dir)
    return _vocabularies(directory, _state(directory, (paths.VOCABULARIES,))).copy()


def vocabulary(data_dir: PathLike = None) -> dict[str, list[str]]:
    """The allowed codes of each field, as ``{field: [code, ...]}`` in file order."""
    frame = vocabularies(data_dir)
    return {f: list(g["code"]) for f, g in frame.groupby("field", sort=False)}


def label(field: str, code: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """A code's label for readers, from ``vocabularies.csv`` (the code itself when unlabelled)."""
    directory = _dir(data_dir)
    labels = _labels(directory, _state(directory, (paths.VOCABULARIES,)))
    return labels.get((field, code, "en" if lang == "en" else "vi")) or code


@lru_cache(maxsize=16)
def _labels(directory: Path, state: tuple) -> dict[tuple[str, str, str], str]:
    frame = _vocabularies(directory, state)
    return {
        (row.field, row.code, lang): getattr(row, f"label_{lang}")
        for row in frame.itertuples()
        for lang in ("vi", "en")
    }


@lru_cache(maxsize=16)
def _method(directory: Path, _state: tuple) -> dict[str, Any]:
    path = directory / paths.METHOD
    try:
        settings = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as error:
        raise DataError([Problem(paths.display(path), None, None, None, str(error))]) from None
    problems = method_problems(directory, settings, {})
    if problems:
        raise DataError(problems)
    return settings


def method(data_dir: PathLike = None) -> dict[str, Any]:
    """The progress method's settings from ``method.toml`` (thresholds and benchmarks).

    Raises
    ------
    DataError
        The file does not parse, or a value the method reads is missing or not a number (see
        :func:`hpdata.validators.method_problems`).
    """
    directory = _dir(data_dir)
    return dict(_method(directory, _state(directory, (paths.METHOD,))))


def _limits(directory: Path) -> dict[str, float]:
    """``limits.toml``'s value limits (:func:`hpdata.validators.limits`); raise if it is bad."""
    found, problems = _cached_limits(directory, _state(directory, (LIMITS,)))
    if problems:
        raise DataError(problems)
    return dict(found)


@lru_cache(maxsize=16)
def _cached_limits(directory: Path, _state: tuple) -> tuple[dict[str, float], list[Problem]]:
    return limits(directory)


#: The columns this version added to a file: a file without them was written by an earlier one.
ADDED_COLUMNS = {paths.SOURCES: ("area", "plan", "url"), paths.OBSERVATIONS: ("area",)}


def _current(path: Path, columns: list[str]) -> list[str]:
    """``columns``, after checking that ``path`` is not a file of an earlier hpdata (its header
    lacks the columns of :data:`ADDED_COLUMNS`): that gets one line naming ``hpdata migrate``."""
    added = ADDED_COLUMNS.get(path.name, ())
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return columns  # read_csv reports it
    missing = [c for c in added if c not in header]
    old = [c for c in columns if c not in added]
    if missing and all(c in header for c in old):
        message = (
            f"written by an earlier hpdata (no {', '.join(map(repr, missing))} column): run "
            "'hpdata migrate --area ID' once (README: 'Tracking another province')"
        )
        raise DataError([Problem(paths.display(path), None, missing[0], None, message)])
    return columns


def _date_problems(name: str, i: int, published: str) -> list[Problem]:
    """A ``published`` of the right form that is not a real moment (``2019-02-30``, an hour
    25, an offset beyond ±14:00) is refused here, before pandas would fail on it."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(published)
        offset = moment.utcoffset()
        if offset is None or abs(offset) > dt.timedelta(hours=14):
            raise ValueError("offset")
    except ValueError:
        return [Problem(name, i, "published", published, "not a real date and time")]
    return []


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=16)
def _sources(directory: Path, _state: tuple) -> pd.DataFrame:
    path = directory / paths.SOURCES
    name = paths.display(path)
    raw = read_csv(path, _current(path, SOURCE_COLUMNS))
    frame = validate_frame(name, raw, sources_schema(area_ids(directory)))
    problems: list[Problem] = []
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        problems += _date_problems(name, i, row.published)
        file = directory / row.file
        if not inside(directory, row.file):
            message = "must be a path inside the data directory (relative, no '..', no link out)"
            problems.append(Problem(name, i, "file", row.file, message))
            continue
        if not file.is_file():
            problems.append(
                Problem(name, i, "file", row.file, "no such file in the data directory")
            )
            continue
        digest = _sha256(file)
        if digest != row.sha256:
            problems.append(
                Problem(name, i, "sha256", row.sha256, f"does not match {row.file} (is {digest})")
            )
    if problems:
        raise DataError(problems)
    frame["published"] = pd.to_datetime(frame["published"], format="ISO8601")
    frame["language"] = frame["language"].astype("category")
    return frame


def sources(data_dir: PathLike = None) -> pd.DataFrame:
    """The source documents, validated: each file exists and matches its ``sha256``.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_id``, ``title``, ``publisher``, ``published`` (tz-aware), ``language``,
        ``file`` (relative to the data directory), ``sha256``, ``note``.

    Examples
    --------
    >>> list(sources()["source_id"])
    ['hp-2019-07-11-nq45', 'hp-2023-04-27-q1']
    """
    directory = _dir(data_dir)
    names = (paths.SOURCES, paths.AREAS, *_source_files(directory))
    return _sources(directory, _state(directory, names)).copy()


def source_text(source_id: str, data_dir: PathLike = None) -> str:
    """The text of a source, the text its quotes point into: a text file NFC-normalised, an
    HTML, PDF or DOCX file's text derived from it the same way every time
    (:func:`hpdata.documents.source_text`); the file itself is never changed."""
    frame = sources(data_dir)
    hit = frame[frame.source_id == source_id]
    if hit.empty:
        from .errors import ParameterError

        valid = ", ".join(frame.source_id)
        raise ParameterError(f"unknown source_id {source_id!r} (valid: {valid})")
    directory = _dir(data_dir)
    return document_text(directory / hit.iloc[0]["file"], directory)


@lru_cache(maxsize=16)
def _indicators(directory: Path, _state: tuple) -> pd.DataFrame:
    path = directory / paths.INDICATORS
    vocab = vocabulary(directory)
    frame = validate_frame(
        paths.display(path), read_csv(path, INDICATOR_COLUMNS), indicators_schema(vocab)
    )
    frame["higher_is_better"] = frame["higher_is_better"].eq("true")
    frame["unit"] = pd.Categorical(frame["unit"], categories=vocab["unit"])
    frame["flow_or_stock"] = pd.Categorical(
        frame["flow_or_stock"], categories=vocab["flow_or_stock"]
    )
    return frame


def indicators(data_dir: PathLike = None) -> pd.DataFrame:
    """The indicators: id, names in Vietnamese and English, unit, direction, and aliases.

    ``aliases_vi`` holds the Vietnamese phrasings the extractor matches, separated by ``|``.

    Examples
    --------
    >>> "grdp" in set(indicators()["indicator"])
    True
    """
    directory = _dir(data_dir)
    state = _state(directory, (paths.INDICATORS, paths.VOCABULARIES))
    return _indicators(directory, state).copy()


@lru_cache(maxsize=16)
def _observations(directory: Path, _state: tuple) -> pd.DataFrame:
    path = directory / paths.OBSERVATIONS
    name = paths.display(path)
    vocab = vocabulary(directory)
    src = sources(directory)
    ind = indicators(directory)
    raw = read_csv(path, _current(path, OBSERVATION_COLUMNS))
    raw["high"] = raw["high"].replace("", None)
    frame = validate_frame(
        name,
        raw,
        observations_schema(vocab, ind["indicator"], src["source_id"], area_ids(directory)),
    )
    problems = observation_problems(name, frame, _limits(directory))
    texts = {r.source_id: document_text(directory / r.file, directory) for r in src.itertuples()}
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        if row.source_id in texts and row.quote not in texts[row.source_id]:
            problems.append(
                Problem(name, i, "quote", row.quote, f"not found verbatim in {row.source_id}")
            )
    if problems:
        raise DataError(problems)
    frame["source_id"] = pd.Categorical(frame["source_id"], categories=list(src["source_id"]))
    frame["indicator"] = pd.Categorical(frame["indicator"], categories=list(ind["indicator"]))
    for column, field in CATEGORICAL_FIELDS.items():
        categories = vocab[field] if column != "comparison" else ["", *vocab[field]]
        frame[column] = pd.Categorical(frame[column], categories=categories)
    frame["high"] = frame["high"].astype(float)
    return frame


def observations(data_dir: PathLike = None) -> pd.DataFrame:
    """Every stated figure, one row each, validated against its schema and its source text.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_id``, ``indicator``, ``kind``, ``measure``, ``period``, ``bound``,
        ``value``, ``high``, ``unit``, ``quote``, ``comparison``, ``note``; vocabularies as
        categoricals, ``value``/``high`` as floats in base units.

    Examples
    --------
    >>> obs = observations()
    >>> obs.query("indicator == 'budget_revenue' and kind == 'target'")[["value", "high"]].iloc[0].tolist()
    [180000000000000.0, 190000000000000.0]
    """
    directory = _dir(data_dir)
    names = (paths.OBSERVATIONS, paths.SOURCES, paths.INDICATORS, paths.VOCABULARIES, LIMITS)
    names += (paths.AREAS,)
    names += _source_files(directory)
    return _observations(directory, _state(directory, names)).copy()


def targets(data_dir: PathLike = None) -> pd.DataFrame:
    """The observations whose ``kind`` is ``target``."""
    obs = observations(data_dir)
    return obs[obs["kind"] == "target"].reset_index(drop=True)


def results(data_dir: PathLike = None) -> pd.DataFrame:
    """The observations whose ``kind`` is ``result``."""
    obs = observations(data_dir)
    return obs[obs["kind"] == "result"].reset_index(drop=True)


__all__ = [
    "CONTROL_CHARACTERS", "control_problems", "inside", "read_csv", "read_text",
]  # fmt: skip
