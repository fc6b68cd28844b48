"""Text tables that fit the terminal: the columns that do not fit are left out (the least
important first) and a line says which, and how to get every column as CSV.

The width is ``$COLUMNS``, else the terminal's (:func:`shutil.get_terminal_size`); output to a
pipe or a file, with no ``$COLUMNS``, is not cut.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

#: The narrowest a truncated text column becomes before columns are left out.
MIN_TEXT = 16


def terminal_width(stream: Any = None) -> int | None:
    """The width to fit: ``$COLUMNS`` when set, else the terminal's when ``stream`` (standard
    output by default) is one, else ``None`` (a pipe or a file: every column, as wide as it is).
    Never below 20.

    Examples
    --------
    >>> import io
    >>> terminal_width(io.StringIO()) is None or "COLUMNS" in os.environ
    True
    """
    stream = sys.stdout if stream is None else stream
    if not os.environ.get("COLUMNS", "").strip().isdigit():
        try:
            if not stream.isatty():
                return None
        except (AttributeError, ValueError):  # no isatty, or closed
            return None
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def _shorten(frame: Any, column: str, width: int) -> Any:
    out = frame.copy()
    out[column] = [v if len(v) <= width else v[: width - 1] + "…" for v in out[column].astype(str)]
    return out


def _widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _fitted(frame: Any, width: int, shorten: str | None) -> str | None:
    """``frame`` as text within ``width``, ``shorten``'s cells cut as little as needed (not
    below :data:`MIN_TEXT`), or ``None`` when it cannot fit."""
    body = frame.to_string(index=False)
    if _widest(body) <= width:
        return body
    if shorten is None or shorten not in frame.columns:
        return None
    low, high = MIN_TEXT, int(frame[shorten].astype(str).str.len().max() or 0) - 1
    best = None
    while low <= high:  # the widest cut that fits (the width grows with the cut)
        cut = (low + high) // 2
        body = _shorten(frame, shorten, cut).to_string(index=False)
        if _widest(body) <= width:
            best, low = body, cut + 1
        else:
            high = cut - 1
    return best


def fit(
    frame: Any, width: int, keep: Sequence[str], shorten: str | None = None
) -> tuple[str, list[str]]:
    """``frame`` as text (no index) no wider than ``width``, and the columns left out.

    ``keep`` lists the columns by importance (most important first; columns not listed come
    after, in their order); the last ones are left out until the table fits. ``shorten``
    names a text column cut (to :data:`MIN_TEXT` at least, else as little as fits) before any
    column is left out. A table that still does not fit has its lines cut at ``width``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"name": ["a long name here"], "x": ["1"], "y": ["2"]})
    >>> fit(frame, 18, ["name", "x"])
    ('            name x\\na long name here 1', ['y'])
    """
    order = [c for c in keep if c in frame.columns]
    order += [c for c in frame.columns if c not in order]
    for n in range(len(order), 0, -1):
        shown = [c for c in frame.columns if c in order[:n]]
        body = _fitted(frame[shown], width, shorten)
        if body is not None:
            return body, [c for c in frame.columns if c not in shown]
    body = frame[order[:1]].to_string(index=False)
    lines = [line if len(line) <= width else line[: width - 1] + "…" for line in body.splitlines()]
    return "\n".join(lines), [c for c in frame.columns if c != order[0]]


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` columns, line by line (a long word is broken)."""
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent="    ") if len(line) > width else line
        for line in text.splitlines()
    )
