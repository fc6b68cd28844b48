"""The one CSV writer of hpdata: every CSV file it writes (the data files ingest changes, the
reports' downloads and dataset copies, ``extract``'s and ``progress``'s output) goes through it.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (and a tab
or a carriage return can hide one), so text that comes from third-party pages (a title, a quote,
a note) could run ``=HYPERLINK(...)`` or ``=cmd|...`` on an analyst's machine. The rule, as OWASP
recommends against CSV injection: such a text cell is written with a leading ``'``, which a
spreadsheet shows as text and does not run. A number is never touched: a numeric value, or a
text cell that is only a number (``-9.46``, ``-9,46``, ``+5%``), cannot be a formula and stays a
number for the reader. :func:`plain` undoes the prefix for a file given back (``--rows``).

Only the standard library at import time (pandas is used only when a frame is given).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .atomic import write_bytes

#: What a spreadsheet reads as the start of a formula (or hides one behind).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The prefix that makes such a cell text.
PREFIX = "'"
#: A cell that is only a number, in either decimal convention, with an optional percent sign.
_NUMBER = re.compile(r"^[+-]?(\d[\d.,]*|[.,]\d+)([eE][+-]?\d+)?%?$")
BOM = "\ufeff"


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula: it begins with one of
    :data:`FORMULA_START` and is not just a number.

    Examples
    --------
    >>> starts_formula("=HYPERLINK(1)"), starts_formula("-9.46"), starts_formula("-1+1")
    (True, False, True)
    """
    return text[:1] in FORMULA_START and not _NUMBER.match(text)


def inert(text: str) -> str:
    """``text`` as a cell a spreadsheet will not run (see the module's docstring).

    Examples
    --------
    >>> inert("=cmd|' /C calc'!A0"), inert("@SUM(A1)"), inert("-9,46"), inert("tăng 5%")
    ("'=cmd|' /C calc'!A0", "'@SUM(A1)", '-9,46', 'tăng 5%')
    """
    return PREFIX + text if starts_formula(text) else text


def plain(text: str) -> str:
    """Undo :func:`inert`: ``'=x`` back to ``=x`` (a cell without the prefix is unchanged).

    Examples
    --------
    >>> plain("'=x"), plain("'quoted"), plain(inert("@a"))
    ('=x', "'quoted", '@a')
    """
    rest = text[len(PREFIX) :]
    return rest if text.startswith(PREFIX) and starts_formula(rest) else text


def cell(value: Any) -> str:
    """One value as a CSV cell: text made :func:`inert`, a number written in full (an integral
    float without ``.0``, never in exponent form below 1e21), a missing value empty.

    Examples
    --------
    >>> cell(24042000000000.0), cell(-9.46), cell(float("nan")), cell(None), cell("=1")
    ('24042000000000', '-9.46', '', '', "'=1")
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "" if text in ("NaT", "<NA>", "nan") else inert(text)


def text(header: Sequence[str] | None, rows: Iterable[Iterable[Any]]) -> str:
    """``rows`` (after ``header``, when given) as CSV text with ``\\n`` line ends, every cell
    through :func:`cell`.

    Examples
    --------
    >>> text(["title", "value"], [["=HYPERLINK(1)", -9.46]])
    "title,value\\n'=HYPERLINK(1),-9.46\\n"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header is not None:
        writer.writerow([cell(h) for h in header])
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


def frame_text(frame: Any) -> str:
    """A pandas frame as CSV text (header first, no index): numeric columns exactly as pandas
    writes them, every text cell made :func:`inert`."""
    safe = frame.copy()
    for column in safe.columns:
        if not _is_numeric(safe[column]):
            safe[column] = (
                safe[column].astype(object).map(lambda v: inert(v) if isinstance(v, str) else v)
            )
    safe.columns = [inert(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n")


def _is_numeric(series: Any) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)


def frame_bytes(frame: Any, *, bom: bool = True) -> bytes:
    """The bytes :func:`write_frame` writes: the frame as UTF-8 CSV, text cells inert, with a
    byte-order mark by default (a page embeds them as its download, :mod:`hpdata.report.pages`)."""
    return ((BOM if bom else "") + frame_text(frame)).encode("utf-8")


def write_frame(frame: Any, path: str | os.PathLike[str], *, bom: bool = True) -> Path:
    """Write a frame as UTF-8 CSV to ``path`` atomically (with a byte-order mark by default, so
    spreadsheets read Vietnamese letters)."""
    return write_bytes(path, frame_bytes(frame, bom=bom))


def write(
    path: str | os.PathLike[str],
    header: Sequence[str] | None,
    rows: Iterable[Iterable[Any]],
    *,
    bom: bool = False,
) -> Path:
    """Write ``rows`` as UTF-8 CSV (see :func:`text`) to ``path`` atomically."""
    return write_bytes(path, ((BOM if bom else "") + text(header, rows)).encode("utf-8"))


def inert_bytes(data: bytes) -> bytes:
    """A CSV file's bytes with every text cell made :func:`inert`: the file itself when no cell
    needs it (a copy stays byte for byte), else the same rows rewritten (a byte-order mark
    kept). Bytes that are not UTF-8 are returned unchanged (nothing of hpdata writes them).

    Examples
    --------
    >>> inert_bytes(b"a,b\\n1,x\\n")
    b'a,b\\n1,x\\n'
    >>> inert_bytes(b"a,b\\n-9.46,@SUM(A1)\\n")
    b"a,b\\n-9.46,'@SUM(A1)\\n"
    """
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    bom = content.startswith(BOM)
    rows = list(csv.reader(io.StringIO(content.removeprefix(BOM), newline="")))
    if not any(starts_formula(c) for row in rows for c in row):
        return data
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([inert(c) for c in row] for row in rows)
    return ((BOM if bom else "") + out.getvalue()).encode("utf-8")


def formula_cells(data: bytes | str) -> list[tuple[int, int, str]]:
    """Every cell of a CSV file a spreadsheet would run, as ``(line, column, text)`` (1-based):
    the audit the fault suite runs on each CSV file hpdata writes. Empty for a safe file.

    Examples
    --------
    >>> formula_cells("a,b\\n'=x,-1\\n=y,+z\\n")
    [(3, 1, '=y'), (3, 2, '+z')]
    """
    content = data.decode("utf-8") if isinstance(data, bytes) else data
    rows = csv.reader(io.StringIO(content.removeprefix(BOM), newline=""))
    return [
        (line, col, value)
        for line, row in enumerate(rows, 1)
        for col, value in enumerate(row, 1)
        if starts_formula(value)
    ]
