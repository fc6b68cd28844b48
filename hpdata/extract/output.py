"""The extractor's output: its table (columns and dtypes) and that table written as CSV or JSON."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import csvfile, jsonout
from ..errors import ParameterError
from ..schema import OBSERVATION_COLUMNS

#: The columns of :func:`~.extractor.extract`'s table: the observations schema plus ``offset``
#: (where the quote starts), ``confidence`` (high, medium or low) and ``review`` (why a person
#: should look: every rule that had to guess, "; "-separated, empty when none did).
COLUMNS = [*OBSERVATION_COLUMNS, "offset", "confidence", "review"]


def empty_table() -> pd.DataFrame:
    """An extract table with no rows, with the columns and dtypes of :func:`extract`."""
    return _frame([])


def _frame(rows: list[dict]) -> pd.DataFrame:
    """The table of ``rows``: ``value`` and ``high`` float, ``offset`` int64, every other column
    object (text as written, never pandas' inferred string type). Built column by column in one
    constructor call (converting each column after building the frame took twice as long, which
    every short extraction paid)."""
    columns: dict[str, object] = {}
    for column in COLUMNS:
        values = [row.get(column, math.nan) for row in rows]
        if column in ("value", "high"):
            columns[column] = np.array(values, dtype=float)
        elif column == "offset":
            columns[column] = np.array(values, dtype="int64")
        else:
            columns[column] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns, columns=COLUMNS)


def _cell(value: object) -> str:
    """A value as the CSV shows it: integral floats without ``.0`` or exponent, NaN empty."""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    return str(value)


def _json_number(value: float) -> int | float | None:
    if math.isnan(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 1e21 else value


def format_table(frame: pd.DataFrame, fmt: str = "csv") -> str:
    """The rows of :func:`extract` as CSV (header first) or JSON (a list of objects).

    Values are in base units and written in full: 24.042 tỷ đồng is ``24042000000000``. In CSV, a
    text cell that a spreadsheet would read as a formula is prefixed with ``'`` (see :func:`_inert`);
    JSON is written as it is.

    Examples
    --------
    >>> from hpdata.extract import extract
    >>> rows = extract("Năm 2023, thu nội địa đạt 24.042 tỷ đồng.", published="2024-01-05")
    >>> format_table(rows).splitlines()[1].split(",")[7]
    '24042000000000'
    """
    if fmt == "json":
        records = []
        for row in frame[COLUMNS].to_dict("records"):
            row["value"] = _json_number(row["value"])
            row["high"] = _json_number(row["high"])
            row["offset"] = int(row["offset"])
            records.append(row)
        return jsonout.dumps(records, indent=1) + "\n"  # strict: null, never NaN
    if fmt != "csv":
        raise ParameterError(f"format {fmt!r} is not csv or json")
    return csvfile.text(COLUMNS, frame[COLUMNS].itertuples(index=False))


def _inert(text: str) -> str:
    """A text cell a spreadsheet will not run: one that begins with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return gets a leading ``'`` (OWASP's advice against CSV injection). Numbers
    are not text cells, so a negative value is written as it is.

    Examples
    --------
    >>> _inert("=HYPERLINK(1)"), _inert("tăng 5%")
    ("'=HYPERLINK(1)", 'tăng 5%')
    """
    return csvfile.inert(text)
