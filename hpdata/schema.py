"""Schemas of the data files, built from the metadata in ``data/`` (vocabularies, indicator and
source ids), and the checks that pandera cannot express column by column.

Every check reports a :class:`~hpdata.errors.Problem` naming the file, the 1-based data row, the
column and the bad value; :func:`validate_frame` gathers them all before raising one
:class:`~hpdata.errors.DataError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd
import pandera.pandas as pa

from .errors import DataError, Problem
from .periods import PERIOD_PATTERN, period_in_order

SOURCE_COLUMNS = [
    "source_id",
    "title",
    "publisher",
    "published",
    "language",
    "file",
    "sha256",
    "note",
    "title_en",
    "publisher_en",
    "note_vi",
    "area",
    "plan",
    "url",
]
INDICATOR_COLUMNS = [
    "indicator", "name_vi", "name_en", "unit", "higher_is_better", "flow_or_stock",
    "definition_vi", "definition_en", "updated", "aliases_vi",
]  # fmt: skip
OBSERVATION_COLUMNS = [
    "source_id", "area", "indicator", "kind", "measure", "period", "bound",
    "value", "high", "unit", "quote", "comparison", "note", "note_vi",
]  # fmt: skip
VOCABULARY_COLUMNS = ["field", "code", "label_vi", "label_en", "description"]

#: The key that identifies one stated figure; it must be unique in observations.csv.
OBSERVATION_KEY = ["source_id", "area", "indicator", "kind", "measure", "period"]
#: Measures stated in percent.
PERCENT_MEASURES = {"growth", "share", "share_of_plan", "share_of_prior"}
#: Measures that need a comparison base.
COMPARED_MEASURES = {"growth", "share_of_prior"}

ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?[+-]\d{2}:\d{2}$"
SOURCE_ID = r"^[a-z0-9][a-z0-9-]*$"
#: A plan id: empty (the source is its own plan) or an id like a source's.
PLAN_ID = r"^(?:[a-z0-9][a-z0-9-]*)?$"
URL = r"^(?:https?://[^\s<>\"]+)?$"


def _nonempty() -> pa.Check:
    return pa.Check.str_length(min_value=1, error="must not be empty")


def vocabularies_schema() -> pa.DataFrameSchema:
    """Schema of ``vocabularies.csv``: one row per allowed code of a field."""
    return pa.DataFrameSchema(
        {
            "field": pa.Column(str, _nonempty()),
            "code": pa.Column(str, _nonempty()),
            "label_vi": pa.Column(str),
            "label_en": pa.Column(str),
            "description": pa.Column(str),
        },
        strict=True,
    )


def sources_schema(area_ids: Iterable[str] = ()) -> pa.DataFrameSchema:
    """Schema of ``sources.csv``: ``area`` one of ``area_ids`` (the ids of ``areas.csv``), ``plan``
    empty or an id, ``url`` empty or an http(s) address."""
    return pa.DataFrameSchema(
        {
            "source_id": pa.Column(str, pa.Check.str_matches(SOURCE_ID), unique=True),
            "title": pa.Column(str, _nonempty()),
            "publisher": pa.Column(str),
            "published": pa.Column(str, pa.Check.str_matches(ISO_DATETIME)),
            "language": pa.Column(str, pa.Check.str_matches(r"^[a-z]{2,3}$")),
            "file": pa.Column(str, _nonempty()),
            "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
            "note": pa.Column(str),
            "title_en": pa.Column(str),
            "publisher_en": pa.Column(str),
            "note_vi": pa.Column(str),
            "area": pa.Column(str, pa.Check.isin(list(area_ids), error="unknown area")),
            "plan": pa.Column(str, pa.Check.str_matches(PLAN_ID)),
            "url": pa.Column(str, pa.Check.str_matches(URL)),
        },
        strict=True,
    )


def indicators_schema(vocab: Mapping[str, list[str]]) -> pa.DataFrameSchema:
    """Schema of ``indicators.csv``; units and ``flow_or_stock`` come from the vocabularies."""
    return pa.DataFrameSchema(
        {
            "indicator": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True),
            "name_vi": pa.Column(str, _nonempty()),
            "name_en": pa.Column(str, _nonempty()),
            "unit": pa.Column(str, pa.Check.isin(vocab["unit"])),
            "higher_is_better": pa.Column(str, pa.Check.isin(["true", "false"])),
            "flow_or_stock": pa.Column(str, pa.Check.isin(vocab["flow_or_stock"])),
            "aliases_vi": pa.Column(str),
            "definition_vi": pa.Column(str),
            "definition_en": pa.Column(str),
            "updated": pa.Column(str, pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$")),
        },
        strict=True,
    )


def observations_schema(
    vocab: Mapping[str, list[str]],
    indicator_ids: Iterable[str],
    source_ids: Iterable[str],
    area_ids: Iterable[str] = (),
) -> pa.DataFrameSchema:
    """Schema of ``observations.csv``: types and vocabularies, column by column; ``area`` one of
    ``area_ids`` (the place the figure is about, which may differ from its source's)."""
    return pa.DataFrameSchema(
        {
            "source_id": pa.Column(str, pa.Check.isin(list(source_ids))),
            "area": pa.Column(str, pa.Check.isin(list(area_ids), error="unknown area")),
            "indicator": pa.Column(str, pa.Check.isin(list(indicator_ids))),
            "kind": pa.Column(str, pa.Check.isin(vocab["kind"])),
            "measure": pa.Column(str, pa.Check.isin(vocab["measure"])),
            "period": pa.Column(str, pa.Check.str_matches(PERIOD_PATTERN)),
            "bound": pa.Column(str, pa.Check.isin(vocab["bound"])),
            "value": pa.Column(float, coerce=True),
            "high": pa.Column(float, coerce=True, nullable=True),
            "unit": pa.Column(str, pa.Check.isin(vocab["unit"])),
            "quote": pa.Column(str, _nonempty()),
            "comparison": pa.Column(str, pa.Check.isin(["", *vocab["comparison"]])),
            "note": pa.Column(str),
            "note_vi": pa.Column(str),
        },
        strict=True,
    )


def _raw_cell(frame: pd.DataFrame | None, row: int | None, column: str | None) -> object:
    """The cell as read (a string), or ``None`` when it cannot be found."""
    if frame is None or row is None or column not in frame.columns or row > len(frame):
        return None
    return frame[column].iloc[row - 1]


def _pandera_problems(
    file: str, error: pa.errors.SchemaErrors, frame: pd.DataFrame | None = None
) -> list[Problem]:
    problems: dict[tuple, Problem] = {}
    cases = error.failure_cases
    for case in cases.itertuples(index=False):
        index = case.index
        row = None if index is None or pd.isna(index) else int(index) + 1
        column = None if case.column is None or pd.isna(case.column) else str(case.column)
        check = str(case.check)
        if check.startswith("column_in_") or check in ("column_in_schema", "column_in_dataframe"):
            message = (
                "unexpected column" if check == "column_in_schema" else "missing required column"
            )
            key = (None, str(case.failure_case), "col")
            problems.setdefault(key, Problem(file, None, str(case.failure_case), None, message))
            continue
        if check.startswith("coerce_dtype") or check.startswith("dtype"):
            message = (
                "not a number" if "float" in check or "int" in check else f"wrong type ({check})"
            )
        elif check.startswith("isin"):
            message = "not an allowed value (allowed: " + check[len("isin(") : -1] + ")"
        elif check.startswith("str_matches"):
            message = "does not have the expected form " + check[len("str_matches(") : -1]
        elif check == "field_uniqueness":
            message = "duplicate value (must be unique)"
        elif check == "not_nullable":
            raw = _raw_cell(frame, row, column)
            if isinstance(raw, str) and raw.strip():  # "NaN" is read as a missing number
                problem = Problem(file, row, column, raw, "must be a finite number")
                problems[(row, column, "cell")] = problem
                continue
            message = "must not be empty"
        else:
            message = check
        key = (row, column, "cell")
        problems.setdefault(key, Problem(file, row, column, case.failure_case, message))
    return sorted(problems.values(), key=lambda p: (p.row or 0, p.column or ""))


def validate_frame(file: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validate ``frame`` (read from ``file``) against ``schema`` and return the coerced frame.

    Raises
    ------
    DataError
        Listing every failing cell as file, row, column and value.
    """
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        raise DataError(_pandera_problems(file, error, frame)) from None


def observation_problems(
    file: str, obs: pd.DataFrame, limits: Mapping[str, float] | None = None
) -> list[Problem]:
    """The rules that span columns or rows of ``observations.csv`` (``obs`` already coerced).

    * ``high`` is set only when ``bound`` is ``range``, and then ``high >= value``.
    * ``(source_id, indicator, kind, measure, period)`` is unique.
    * Percent measures (growth and shares) are in ``percent``; ``level`` is not.
    * ``growth`` and ``share_of_prior`` name a ``comparison``; other measures leave it empty.
    * ``value`` and ``high`` are finite, and with ``limits`` (``limits.toml``'s ``max_abs`` and
      ``min_abs``) ``min_abs <= |x| <= max_abs`` or ``x == 0``.
    * A ``level`` (an amount: revenue, tonnes, arrivals...) is not negative.

    One pass over the rows; duplicates are found by hashing the key, so the time is linear in the
    number of rows.
    """
    problems: list[Problem] = []
    for i, row in enumerate(obs.itertuples(index=False), start=1):
        problems += _row_problems(file, i, row, limits or {})
    key_columns = [obs[c].astype(str) for c in OBSERVATION_KEY]
    keys = zip(*key_columns, strict=True) if len(obs) else iter(())
    first: dict[tuple, int] = {}
    for i, key in enumerate(keys, start=1):
        seen = first.setdefault(key, i)
        if seen != i:
            problems.append(
                Problem(
                    file,
                    i,
                    "period",
                    "/".join(key),
                    f"duplicate key {'+'.join(OBSERVATION_KEY)} (first at row {seen})",
                )
            )
    return problems


def _number_problems(
    file: str, i: int, column: str, x: float, limits: Mapping[str, float]
) -> list[Problem]:
    if not math.isfinite(x):
        return [Problem(file, i, column, x, "must be a finite number")]
    top, bottom = limits.get("max_abs"), limits.get("min_abs")
    if top is not None and abs(x) > top:
        return [Problem(file, i, column, x, f"is beyond max_abs = {top:g} of limits.toml")]
    if bottom is not None and x != 0 and abs(x) < bottom:
        return [Problem(file, i, column, x, f"is below min_abs = {bottom:g} of limits.toml")]
    return []


def _row_problems(file: str, i: int, row: object, limits: Mapping[str, float]) -> list[Problem]:
    """The checks of one row of ``observations.csv`` (see :func:`observation_problems`)."""
    problems = []
    high = row.high
    has_high = high is not None and not (isinstance(high, float) and math.isnan(high))
    problems += _number_problems(file, i, "value", row.value, limits)
    if has_high:
        problems += _number_problems(file, i, "high", high, limits)
    if row.bound == "range":
        if not has_high:
            problems.append(Problem(file, i, "high", "", "a range needs its high end"))
        elif high < row.value:
            problems.append(Problem(file, i, "high", high, f"is below value {row.value}"))
    elif has_high:
        problems.append(
            Problem(file, i, "high", high, f"is set but bound is {row.bound!r}, not 'range'")
        )
    if not period_in_order(row.period):
        problems.append(Problem(file, i, "period", row.period, "ends before it starts"))
    if row.measure == "level" and row.value < 0:
        problems.append(Problem(file, i, "value", row.value, "a level cannot be negative"))
    if row.measure in PERCENT_MEASURES and row.unit != "percent":
        problems.append(
            Problem(file, i, "unit", row.unit, f"measure {row.measure!r} is in 'percent'")
        )
    if row.measure == "level" and row.unit == "percent":
        problems.append(Problem(file, i, "unit", row.unit, "a level is not in 'percent'"))
    if row.measure in COMPARED_MEASURES and not row.comparison:
        problems.append(
            Problem(file, i, "comparison", "", f"measure {row.measure!r} needs a comparison")
        )
    if row.measure not in COMPARED_MEASURES and row.comparison:
        problems.append(
            Problem(file, i, "comparison", row.comparison, f"not used with {row.measure!r}")
        )
    return problems


#: The columns' descriptions and units, by table (``columns.csv`` of the data directory, else
#: the project's): the words the data dictionary and the data package carry.
COLUMNS_FILE = "columns.csv"


def plans_schema() -> pa.DataFrameSchema:
    """Schema of ``plans.csv`` (the checks across files are :func:`hpdata.validators.plans_problems`)."""
    return pa.DataFrameSchema(
        {
            "plan": pa.Column(str, pa.Check.str_matches(SOURCE_ID), unique=True),
            "name_vi": pa.Column(str),
            "name_en": pa.Column(str),
        },
        strict=True,
    )


def column_words(data_dir: object = None) -> dict[tuple[str, str], dict[str, str]]:
    """``{(table, column): {"description": ..., "unit": ...}}`` from ``columns.csv`` (the data
    directory's, else the project's).

    Examples
    --------
    >>> column_words()[("observations", "value")]["unit"]
    'unit column'
    """
    import csv

    from . import paths

    path = paths.data_dir(data_dir) / COLUMNS_FILE
    if not path.is_file():
        path = paths.DEFAULT_DATA_DIR / COLUMNS_FILE
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {
            (row["table"], row["column"]): {"description": row["description"], "unit": row["unit"]}
            for row in csv.DictReader(fh)
        }


def described(
    schema: pa.DataFrameSchema, table: str, words: Mapping[tuple[str, str], Mapping[str, str]]
) -> pa.DataFrameSchema:
    """``schema`` with each column's ``description`` and ``metadata["unit"]`` from ``words``
    (:func:`column_words`)."""
    updates = {}
    for name in schema.columns:
        row = words.get((table, name), {})
        meta = {"unit": row["unit"]} if row.get("unit") else None
        updates[name] = {"description": row.get("description") or None, "metadata": meta}
    return schema.update_columns(updates)


#: The pattern of a date-time column (ISO 8601 with offset) and of an optional date column.
_FIELD_TYPES_BY_PATTERN = {ISO_DATETIME: "datetime", r"^(\d{4}-\d{2}-\d{2})?$": "date"}


def field(name: str, column: pa.Column) -> dict[str, object]:
    """A Frictionless Table Schema field for one pandera column: its type (from the dtype, or
    ``datetime``/``date`` from an ISO 8601 pattern, ``boolean`` for ``true``/``false``), its
    description and unit, and its constraints: a vocabulary as ``enum``, a pattern, ``unique``,
    and ``required`` when the checks refuse an empty cell.

    Examples
    --------
    >>> field("kind", pa.Column(str, pa.Check.isin(["target", "result"])))["constraints"]
    {'required': True, 'enum': ['target', 'result']}
    """
    import re

    dtype = str(column.dtype)
    kind = "number" if "float" in dtype else "integer" if "int" in dtype else "string"
    constraints: dict[str, object] = {}
    required = kind != "string" and not column.nullable
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            allowed = [str(v) for v in stats["allowed_values"]]
            required |= "" not in allowed
            if sorted(allowed) == ["false", "true"]:
                kind = "boolean"
            else:
                constraints["enum"] = [v for v in allowed if v]
        elif check.name == "str_matches":
            pattern = str(stats["pattern"])
            required |= re.fullmatch(pattern, "") is None
            if pattern in _FIELD_TYPES_BY_PATTERN:
                kind = _FIELD_TYPES_BY_PATTERN[pattern]
            else:
                constraints["pattern"] = pattern.removeprefix("^").removesuffix("$")
        elif check.name == "str_length" and (stats.get("min_value") or 0) >= 1:
            required = True
    if required:
        constraints = {"required": True, **constraints}
    if column.unique:
        constraints["unique"] = True
    out: dict[str, object] = {"name": name, "type": kind}
    if column.description:
        out["description"] = column.description
    if (column.metadata or {}).get("unit"):
        out["unit"] = column.metadata["unit"]
    if constraints:
        out["constraints"] = constraints
    return out


def fields(schema: pa.DataFrameSchema) -> list[dict[str, object]]:
    """The Table Schema fields of every column of ``schema``, in order (see :func:`field`)."""
    return [field(name, column) for name, column in schema.columns.items()]
