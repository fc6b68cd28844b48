"""Reviewing extracted rows before anything is stored: each row with its sentence, the rows that
need a person first, and the text with every figure highlighted next to its row.

* :func:`review_rows` extracts a report and adds the ``sentence`` of each row, ordered ``low``,
  then ``medium``, then ``high`` confidence (text order within each);
* :func:`accepted` keeps the rows a person accepted: ``all`` (every row with an indicator and a
  period), ``confident`` (only ``high`` ones), or the rows of an edited CSV given back;
* :func:`review_html` is what ``notebooks/review.ipynb`` shows.

All of them are linear in the text (one extraction, one pass over sentence ends).
"""

from __future__ import annotations

import bisect
import html
import os
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import ParameterError
from .extractor import extract, read_report
from .grammar import grammar
from .output import COLUMNS, _frame

#: The order in which rows are shown: those needing a person first.
CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}
#: The choices of ``--accept``.
ACCEPT = ("all", "confident")
#: The report the notebook shows when given no file: the 2023 article of ``data/raw/``.
DEFAULT_REPORT = "raw/001_6abee4320151bafc.txt"


def report_path(file: str | os.PathLike[str] | None, data_dir=None) -> Path:
    """The report to review: ``file``, or the default article of the data directory."""
    if file:
        return Path(file)
    return paths.data_dir(data_dir) / DEFAULT_REPORT


def review_rows(
    text: str, published: date | datetime | str | None = None, data_dir=None
) -> pd.DataFrame:
    """The extracted rows of ``text`` with their ``sentence``, the ones to review first.

    Returns
    -------
    pandas.DataFrame
        :data:`~hpdata.extract.extractor.COLUMNS` plus ``sentence`` (the NFC text from the
        sentence start before the quote to the sentence end after it), sorted by confidence
        (low, medium, high) and then by offset.

    Examples
    --------
    >>> r = review_rows("Quý I/2024, GRDP tăng 6%. Cả nước tăng 5%.", "2024-04-20")
    >>> r[["confidence", "sentence"]].values.tolist()
    [['low', 'Cả nước tăng 5%.'], ['high', 'Quý I/2024, GRDP tăng 6%.']]
    """
    from ..numbers import normalize

    text = normalize(text)
    rows = extract(text, published=published or None, data_dir=data_dir)
    ends = [m.end() for m in grammar(data_dir).sentence_re.finditer(text)]
    sentences = []
    for offset, quote in zip(rows["offset"], rows["quote"], strict=True):
        i = bisect.bisect_right(ends, int(offset))
        start = ends[i - 1] if i > 0 else 0
        j = bisect.bisect_left(ends, int(offset) + len(quote))
        end = ends[j] if j < len(ends) else len(text)
        sentences.append(text[start:end].strip())
    rows = rows.assign(sentence=sentences)
    order = rows["confidence"].map(CONFIDENCE_ORDER)
    return (
        rows.assign(_order=order)
        .sort_values(["_order", "offset"], kind="stable")
        .drop(columns="_order")
    )


def accepted(rows: pd.DataFrame, accept: str | None = None, edited: pd.DataFrame | None = None):
    """The rows a person accepted, in the extract columns.

    Parameters
    ----------
    rows : DataFrame
        The extracted rows (:func:`review_rows` or :func:`~hpdata.extract.extractor.extract`).
    accept : {"all", "confident"}, optional
        ``all`` keeps every row with an indicator and a period; ``confident`` only the ``high``
        ones. ``None`` with no ``edited`` accepts nothing.
    edited : DataFrame, optional
        The rows given back by a person (a CSV written by ``hpdata extract`` or ``ingest``,
        edited): these are stored as they are, instead of ``rows``.

    Raises
    ------
    ParameterError
        For an unknown ``accept`` or an edited table without the extract columns.
    """
    if edited is not None:
        missing = [
            c for c in COLUMNS if c not in edited.columns and c not in ("confidence", "review")
        ]
        if missing:
            raise ParameterError(f"--rows: missing column(s) {', '.join(missing)}")
        chosen = edited.copy()
    elif accept is None:
        return _frame([])
    elif accept not in ACCEPT:
        raise ParameterError(f"--accept {accept!r} is not one of {', '.join(ACCEPT)}")
    else:
        chosen = rows if accept == "all" else rows[rows["confidence"] == "high"]
    usable = (chosen["indicator"].astype(str) != "") & (chosen["period"].astype(str) != "")
    return chosen[usable]


def review_html(
    file: str | os.PathLike[str] | None = None,
    published: date | datetime | str | None = None,
    data_dir=None,
) -> str:
    """HTML: the report with every figure highlighted and linked to its row, the rows beside it
    (those to review first), each with its confidence and reasons. All text is escaped."""
    path = report_path(file, data_dir)
    text = read_report(path)
    rows = review_rows(text, published, data_dir)
    marks, lines = [], []
    for n, row in enumerate(rows.sort_values("offset").itertuples(index=False), start=1):
        title = f"{row.indicator or '—'} · {row.kind} · {row.measure} · {row.period}"
        marks.append((int(row.offset), int(row.offset) + len(row.quote), n, title))
        lines.append((CONFIDENCE_ORDER.get(row.confidence, 0), row.offset, n, row))
    lines.sort(key=lambda item: (item[0], item[1]))
    cells = "".join(
        f'<tr id="row-{n}" class="{html.escape(row.confidence)}"><td><a href="#fig-{n}">{n}</a>'
        f"</td><td>{html.escape(row.confidence)}</td><td>{html.escape(row.indicator or '—')}</td>"
        f"<td>{html.escape(row.kind)}</td><td>{html.escape(row.measure)}</td>"
        f"<td>{html.escape(row.period)}</td><td>{row.value:g}</td><td>{html.escape(row.unit)}</td>"
        f"<td>{html.escape(row.review or row.note)}</td></tr>"
        for _order, _offset, n, row in lines
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "#",
            "confidence",
            "indicator",
            "kind",
            "measure",
            "period",
            "value",
            "unit",
            "why",
        )
    )
    table = f'<table class="hpdata-review"><tr>{head}</tr>{cells}</table>'
    return (
        '<div style="display:flex;gap:1em;align-items:flex-start">'
        f'<div style="flex:1">{marked_text(text, marks)}</div>'
        f'<div style="flex:1">{table}</div></div>'
    )


def marked_text(text: str, marks: list[tuple[int, int, int, str]]) -> str:
    """HTML of ``text`` with each ``(start, end, n, title)`` span in a ``<mark id="fig-n">`` and a
    link to its row ``#row-n``. The spans are the rows' own offsets (a quote is
    ``text[offset:offset + len(quote)]``), so a repeated phrase is marked where it was read. A span
    that starts inside an open one is nested in it, cut at its end when it runs past; everything
    else is HTML-escaped and line breaks are kept (``white-space: pre-wrap``)."""
    out: list[str] = []
    pos = 0
    stack: list[int] = []

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(html.escape(text[pos:end]) + "</mark>")
            pos = end

    for start, end, n, title in sorted(marks, key=lambda m: (m[0], -m[1])):
        close_until(start)
        end = min(end, stack[-1]) if stack else end
        out.append(html.escape(text[pos:start]))
        pos = start
        label = html.escape(title, quote=True)
        out.append(
            f'<sup><a href="#row-{n}" title="{label}">[{n}]</a></sup>'
            f'<mark id="fig-{n}" title="{label}">'
        )
        stack.append(end)
    close_until(len(text))
    out.append(html.escape(text[pos:]))
    body = "".join(out)
    return f'<div class="hpdata-source" lang="vi" style="white-space:pre-wrap">{body}</div>'


def check_published(published: str | None) -> str | None:
    """The notebook's ``published`` parameter: ``""`` (read the header) or ``YYYY-MM-DD``."""
    from .extractor import as_date

    if not published:
        return None
    return as_date(published, "published").isoformat()
