"""One row per stated figure: a figure repeated in a report's title, lead, photo captions and
body is one observation, not two.

An article states its main figures several times: "Thu ngân sách 6 tháng đạt 41.250 tỷ đồng" in
the headline, again in the lead, and once more in the body with the plan beside it. The walker
gives a row for each statement; :func:`merge_repeats` keeps one.

**Rule.** Two rows are repeats when they say the same thing: the same ``source_id``, ``area``,
``indicator`` (never empty: a figure no alias names is kept as it is, since two such rows may be
about different things), ``kind``, ``measure``, ``period`` (never empty), ``bound``, ``value``,
``high`` and ``unit``. Of a group of repeats the row with the **fullest quote** (the longest;
the first of equal length) is kept, at its own place in the order of the rows; its ``note``
lists the other statements with their offsets, and an empty ``comparison`` takes the first one
another statement gave. A figure stated twice with *different* values is not a repeat: both rows
stay, and ``hpdata ingest`` shows the conflict.

Merging runs in one pass over the rows (a dict of groups), O(f) for f rows.
"""

from __future__ import annotations

import math

#: The columns two statements of one figure share.
SAME = (
    "source_id",
    "area",
    "indicator",
    "kind",
    "measure",
    "period",
    "bound",
    "value",
    "high",
    "unit",
)
#: How the kept row's note names the other statements of its figure.
NOTE = "also stated as {quotes}: merged"
#: How many other statements the note quotes; the rest are counted ("and 5 more").
NOTE_QUOTES = 3
NOTE_MORE = " and {n} more"


def repeat_key(row: dict) -> tuple | None:
    """The figure a row states, or ``None`` when it has no indicator or no period (such rows
    are never merged). NaN ``high`` is written as ``None`` so that equal rows have equal keys.

    Examples
    --------
    >>> row = {"source_id": "s", "area": "", "indicator": "grdp", "kind": "result", "measure": "growth",
    ...        "period": "2026-H1", "bound": "eq", "value": 9.4, "high": float("nan"),
    ...        "unit": "percent"}
    >>> repeat_key(row)
    ('s', '', 'grdp', 'result', 'growth', '2026-H1', 'eq', 9.4, None, 'percent')
    >>> repeat_key({**row, "indicator": ""}) is None
    True
    """
    if not row.get("indicator") or not row.get("period"):
        return None
    return tuple(_plain(row.get(column)) for column in SAME)


def _plain(value: object) -> object:
    return None if isinstance(value, float) and math.isnan(value) else value


def merge_repeats(rows: list[dict]) -> list[dict]:
    """The rows with every group of repeats (see the module docstring) reduced to the row with
    the fullest quote, its ``note`` naming the others; the order of the kept rows is unchanged.

    Examples
    --------
    >>> a = {"source_id": "", "indicator": "grdp", "kind": "result", "measure": "growth",
    ...      "period": "2026-H1", "bound": "eq", "value": 9.4, "high": float("nan"),
    ...      "unit": "percent", "quote": "GRDP tăng 9,4%", "comparison": "", "note": "",
    ...      "offset": 0}
    >>> b = {**a, "quote": "GRDP tăng 9,4% so với cùng kỳ", "comparison": "same_period_prior_year",
    ...      "offset": 40}
    >>> [(r["offset"], r["note"]) for r in merge_repeats([a, b])]
    [(40, 'also stated as «GRDP tăng 9,4%» (offset 0): merged')]
    """
    groups: dict[tuple, list[int]] = {}
    for i, row in enumerate(rows):
        key = repeat_key(row)
        if key is not None:
            groups.setdefault(key, []).append(i)
    dropped: set[int] = set()
    merged: dict[int, dict] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = max(members, key=lambda i: (len(rows[i]["quote"]), -i))
        others = [rows[i] for i in members if i != keep]
        merged[keep] = _merged(rows[keep], others)
        dropped.update(i for i in members if i != keep)
    return [merged.get(i, row) for i, row in enumerate(rows) if i not in dropped]


def _merged(kept: dict, others: list[dict]) -> dict:
    """``kept`` with a note naming ``others`` (quote and offset, in the order of the text; the
    first :data:`NOTE_QUOTES`, the rest counted) and
    the first comparison base they state when ``kept`` states none."""
    row = dict(kept)
    quotes = ", ".join(f"«{o['quote']}» (offset {o['offset']})" for o in others[:NOTE_QUOTES])
    if len(others) > NOTE_QUOTES:
        quotes += NOTE_MORE.format(n=len(others) - NOTE_QUOTES)
    note = NOTE.format(quotes=quotes)
    row["note"] = f"{row['note']}; {note}" if row.get("note") else note
    if not row.get("comparison"):
        row["comparison"] = next((o["comparison"] for o in others if o.get("comparison")), "")
    return row
