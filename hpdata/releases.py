"""The tables of statistics releases read as sentences the extractor reads (used by
:mod:`hpdata.documents` for DOCX and :mod:`hpdata.pdftext` for PDF).

A release table is recognised by its header row: one cell names the indicator column ("chỉ
tiêu"), one the unit column ("đơn vị tính"); a cell with "cùng kỳ" holds the share of the same
period a year earlier (%). Each row becomes one sentence per value column, from the templates of
``[release_lines]`` in ``data/documents.toml`` ("Kim ngạch xuất khẩu 6 tháng đạt 17.800 Triệu
USD, bằng 108,6% so với cùng kỳ."), so a release is read by the same rules as an article.

Data layer: imports only the core (numbers).
"""

from __future__ import annotations

from collections.abc import Iterable

from .numbers import normalize


def _has(cell: str, words: Iterable[str]) -> bool:
    low = " ".join(normalize(cell).lower().split())
    return any(w.lower() in low for w in words)


def release_columns(header: list[str], table: dict) -> dict[str, object] | None:
    """The roles of a release table's columns, from its header cells: ``indicator`` and
    ``unit`` (indices), ``values`` (indices of the value columns, in order) and ``shares`` (of
    the "so với cùng kỳ" columns); ``None`` when the header names no indicator or unit column.

    Examples
    --------
    >>> t = {"indicator": ["chỉ tiêu"], "unit": ["đơn vị tính"], "same_period": ["cùng kỳ"]}
    >>> release_columns(["Chỉ tiêu", "Đơn vị tính", "6 tháng", "So với cùng kỳ (%)"], t)
    {'indicator': 0, 'unit': 1, 'values': [2], 'shares': [3]}
    """
    roles: dict[str, object] = {"indicator": None, "unit": None, "values": [], "shares": []}
    for i, cell in enumerate(header):
        if roles["indicator"] is None and _has(cell, table["indicator"]):
            roles["indicator"] = i
        elif roles["unit"] is None and _has(cell, table["unit"]):
            roles["unit"] = i
        elif _has(cell, table["same_period"]):
            roles["shares"].append(i)  # type: ignore[union-attr]
        elif cell.strip():
            roles["values"].append(i)  # type: ignore[union-attr]
    if roles["indicator"] is None or roles["unit"] is None:
        return None
    return roles


def release_lines(header: list[str], rows: list[list[str]], settings: dict) -> list[str] | None:
    """A release table as sentences the extractor reads, one per row and value column, or
    ``None`` when ``header`` is not a release table's (see :func:`release_columns`).

    A share column ("so với cùng kỳ") belongs to the value column before it (the last one
    when there is a single share column); a row with no value in any column (a section heading)
    is written as its indicator cell alone.

    Examples
    --------
    >>> from hpdata.documents import settings
    >>> s = settings()
    >>> header = ["Chỉ tiêu", "Đơn vị tính", "Thực hiện 6 tháng năm 2026", "So với cùng kỳ (%)"]
    >>> release_lines(header, [["Kim ngạch xuất khẩu", "Triệu USD", "17.800", "108,6"]], s)
    ['Kim ngạch xuất khẩu thực hiện 6 tháng năm 2026 đạt 17.800 Triệu USD, bằng 108,6% so với cùng kỳ.']
    """
    roles = release_columns(header, settings["release_table"])
    if roles is None:
        return None
    lines: list[str] = []
    for row in rows:
        row = [" ".join(c.split()) for c in row] + [""] * (len(header) - len(row))
        sentences = _row_sentences(row, header, roles, settings)
        name = row[roles["indicator"]]  # type: ignore[index]
        lines.extend(sentences or ([name] if name else []))
    return lines


def _share_of(roles: dict, value_col: int) -> int | None:
    """The share column of a value column: the first share column after it and before the
    next value column; with one share column, the last value column's."""
    values, shares = roles["values"], roles["shares"]
    if len(shares) == 1 and values and value_col == values[-1] and shares[0] < value_col:
        return shares[0]
    later = [v for v in values if v > value_col]
    limit = later[0] if later else 10**6
    return next((s for s in shares if value_col < s < limit), None)


def _row_sentences(row: list[str], header: list[str], roles: dict, settings: dict) -> list[str]:
    """One sentence per value column with a value or a share (templates of ``documents.toml``)."""
    empty = {e.lower() for e in settings["release_table"]["empty"]}
    lines = settings["release_lines"]
    name, unit = row[roles["indicator"]], row[roles["unit"]]
    if not name:
        return []
    out = []
    for col in roles["values"]:
        value = row[col] if row[col].lower() not in empty else ""
        share_col = _share_of(roles, col)
        share = row[share_col] if share_col is not None else ""
        share = share if share.lower() not in empty else ""
        column = " ".join(header[col].split())
        column = column[:1].lower() + column[1:]
        fields = {"indicator": name, "column": column, "value": value, "unit": unit}
        if value:
            unit_text = unit if unit != "%" else ""
            fields["unit"] = unit_text
            text = lines["level"].format(**fields).rstrip()
            if unit == "%":
                text += "%"
            if share:
                text += lines["share"].format(share=share)
        elif share:
            text = lines["share_only"].format(**fields, share=share)
        else:
            continue
        out.append(" ".join(text.split()) + lines["end"])
    return out
