"""Tables in a report's text: each row a figure per value column, its unit from the row's unit
cell, the column's header or the indicator cell (a table's numbers carry no unit).

A table is a run of at least two lines of cells, as HTML and Word tables are read (cells
between ``|``, or between tabs). Its first line is the header when one of its cells names the
indicator column (``[tables] indicator`` of the lexicon, "chỉ tiêu"); each other header cell
says what its column holds, by the first list of ``[tables]`` it names:

* ``unit``: the unit of the row ("Tỷ đồng", "Triệu USD", "%");
* ``growth``: a growth rate (%), "Tăng/giảm (%)";
* ``same_period``: the share of the same period a year earlier (%), "So với cùng kỳ (%)" (a
  value under 50 there is read as a growth, for review);
* ``share_of_plan``: the share of the plan (%), "So KH (%)";
* ``plan``: the plan (a target), "Kế hoạch năm 2024"; with no year ("Kế hoạch năm", "KH năm")
  the annual plan of the table's year (never the part-year of its result columns);
* anything else: a result ("Thực hiện 9 tháng", "Ước quý III/2024").

A column's period is the period its header states ("9 tháng năm 2024"), else the one in force
before the table, else the title's, else the year of publication; a period no code holds
("8 tháng") gives no row. A row's unit is its unit cell's,
else the one in brackets in its indicator cell ("Tăng trưởng GRDP (%)") or in its column's
header ("Quý III/2025 (tỷ đồng)"), else its indicator's own unit when that is a percent; a row with no
unit known gives no row. The indicator is the alias the indicator cell names (a sub-item there
gives none). A row is ``high`` only when its indicator cell is exactly an indicator's name, its
unit stated in the row and its period in the header; else ``medium``.

Each row's quote runs from its indicator cell to its value cell, so it is found in the text.
Time: linear in the text (one scan for lines of cells; each table row parsed once).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..numbers import parse_decimal
from .grammar import NUMBER, fold
from .periodcodes import _period_bounds, held
from .state import finish

#: A line of cells: at least two "|" or two tabs.
_ROW = re.compile(r"^[^\n]*(?:\|[^\n|]*\|[^\n]*|\t[^\n\t]*\t[^\n]*)$", re.MULTILINE)
_BARE = re.compile(rf"\s*(?P<n>[-\u2212]?{NUMBER})\s*(?P<p>%)?\s*$")
_BRACKET = re.compile(r"\(([^()]{1,30})\)")
#: Numbering and punctuation at the start of an indicator cell ("1.", "a)", "-", "+").
_LEAD = re.compile(r"^\s*(?:[0-9ivx]{1,4}[.)]|[a-zđ]\)|[-+•*–])?\s*")
ROLES = ("indicator", "unit", "growth", "same_period", "share_of_plan", "plan")


@dataclass(frozen=True)
class Cell:
    """A cell's text (spaces trimmed) and where it starts and ends in the text."""

    text: str
    start: int
    end: int


def _cells(text: str, start: int, end: int) -> list[Cell]:
    line = text[start:end]
    sep = "|" if "|" in line else "\t"
    cells, at = [], start
    for piece in line.split(sep):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        cells.append(Cell(stripped, at + lead, at + lead + len(stripped)))
        at += len(piece) + 1
    if sep == "|" and line.lstrip().startswith("|"):
        cells = cells[1:]
    if sep == "|" and line.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def find_tables(text: str) -> Iterator[list[list[Cell]]]:
    """Every run of at least two consecutive lines of cells, as lists of cells per line."""
    if "|" not in text and "\t" not in text:
        return
    run: list[list[Cell]] = []
    last_end = -2
    for m in _ROW.finditer(text):
        if m.start() != last_end + 1 and run:
            if len(run) >= 2:
                yield run
            run = []
        run.append(_cells(text, m.start(), m.end()))
        last_end = m.end()
    if len(run) >= 2:
        yield run


def _role(cell: str, words: dict[str, list[str]], taken: set[str]) -> str:
    low = " ".join(fold(cell).split())
    for role in ROLES:
        if role in ("indicator", "unit") and role in taken:
            continue
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in words.get(role, [])):
            return role
    return "value"


def roles(header: list[Cell], words: dict[str, list[str]]) -> list[str] | None:
    """The role of each header cell, or ``None`` when no cell names the indicator column."""
    taken: set[str] = set()
    out = []
    for cell in header:
        role = _role(cell.text, words, taken) if cell.text else "value"
        taken.add(role)
        out.append(role)
    return out if "indicator" in out else None


class TableReader:
    """The rows of the tables of one text, read with a walker's grammar, aliases and periods."""

    def __init__(self, walker):
        self.w = walker
        self.g = walker.g
        self.words = {k: [fold(w) for w in v] for k, v in self.g.lexicon.tables.items()}

    def rows(self) -> Iterator[tuple[int, int, list[dict]]]:
        """``(start, end, rows)`` of every table whose header names an indicator column."""
        for table in find_tables(self.w.text):
            header = table[0]
            columns = roles(header, self.words)
            if columns is None:
                continue
            start, end = header[0].start, table[-1][-1].end
            periods = self._column_periods(header, columns, start)
            out: list[dict] = []
            for line in table[1:]:
                out.extend(self._line(line, header, columns, periods))
            yield start, end, out

    def _column_periods(
        self, header: list[Cell], columns: list[str], at: int
    ) -> list[tuple[str, bool]]:
        """Each column's ``(period, stated in its header)``: its header's period, else (a
        percent column) the period of the result column before it, else the table's."""
        table = self._table_period(at)
        out: list[tuple[str, bool]] = []
        last: tuple[str, bool] | None = None
        for cell, role in zip(header, columns, strict=True):
            own = self._header_period(cell)
            if role == "plan" and (own is None or not held(own)) and table[:4].isdigit():
                out.append((table[:4], own is not None))  # "Kế hoạch năm": the annual plan
            elif own is not None:
                out.append((own, True))
            elif role in ("growth", "same_period", "share_of_plan") and last is not None:
                out.append(last)
            else:
                out.append((table, False))
            if role == "value":
                last = out[-1]
        return out

    def _unit(self, text: str) -> tuple[str, int] | None:
        """``(unit code, exponent of its scale)`` of a unit as written ("Tỷ đồng", "%")."""
        text = text.strip()
        if not text:
            return None
        if text == "%":
            return "percent", 0
        figs = list(self.g.figures("1 " + text))
        if len(figs) != 1 or figs[0].end != len(text) + 2:
            return None
        fig = figs[0]
        return self.g.unit_code(fig.unit_word), fig.value.adjusted()

    def _line(self, line: list[Cell], header: list[Cell], columns: list[str], periods: list):
        name_col = columns.index("indicator")
        if name_col >= len(line) or not line[name_col].text:
            return []
        name = line[name_col]
        indicator, exact = self._indicator(name.text)
        unit_cell = (
            line[columns.index("unit")]
            if "unit" in columns and columns.index("unit") < len(line)
            else None
        )
        row_unit = self._unit(unit_cell.text) if unit_cell else None
        out = []
        for col, role in enumerate(columns):
            if role in ("indicator", "unit") or col >= len(line):
                continue
            head = (header[col], periods[col])
            row = self._cell(line[col], head, role, name, indicator, row_unit)
            if row is not None:
                if not exact or (row_unit is None and role in ("value", "plan")):
                    row["_review"].append("read from a table: check the row")
                out.append(row)
        return out

    def _indicator(self, cell: str) -> tuple[str, bool]:
        low = fold(cell)
        lead = _LEAD.match(low).end()
        found = None
        for m in self.w.al.pattern.finditer(low, lead):
            found = m
        if found is None:
            return "", False
        indicator = self.w.al.indicator(found.group())
        if self.g.sub_item_re.search(low, found.end()) or self.g.sub_item_re.match(low, lead):
            return "", False
        rest = self.w.al.pattern.sub(
            lambda m: "" if self.w.al.indicator(m.group()) == indicator else m.group(), low[lead:]
        )
        return indicator, not _BRACKET.sub("", rest).strip(" :.,")

    def _cell(self, cell, column, role, name, indicator, row_unit) -> dict | None:
        m = _BARE.match(cell.text)
        if m is None:
            return None
        head, (period, stated) = column
        if period and not held(period):
            return None  # a period no code holds ("8 tháng"): no row rather than a wrong one
        value = float(parse_decimal(m["n"].replace("\u2212", "-")))
        review: list[str] = []
        percent = role in ("growth", "same_period", "share_of_plan") or m["p"]
        if percent:
            unit, exponent = "percent", 0
        else:
            unit_exp = row_unit or self._bracket_unit(name.text) or self._bracket_unit(head.text)
            if unit_exp is None and self.w.al.unit_of.get(indicator) == "percent":
                unit_exp = ("percent", 0)
            if unit_exp is None:
                return None
            unit, exponent = unit_exp
            value *= 10.0**exponent
        measure, comparison = self._measure(role, unit, value, indicator, review)
        if measure == "level" and indicator and unit not in self.w.al.units_of.get(indicator, ()):
            indicator = ""
        if not stated:
            review.append("period of the table not in its column")
        kind = "target" if role == "plan" else self._kind(period)
        return {
            "source_id": self.w.source,
            "indicator": indicator,
            "kind": kind,
            "measure": measure,
            "period": period,
            "bound": "eq",
            "value": value,
            "high": float("nan"),
            "unit": unit,
            "quote": self.w.text[name.start : cell.end],
            "comparison": comparison,
            "note": f"read from a table: column '{head.text}'",
            "offset": name.start,
            "_review": review,
        }

    def _bracket_unit(self, text: str) -> tuple[str, int] | None:
        for m in _BRACKET.finditer(text):
            unit = self._unit(m.group(1))
            if unit is not None:
                return unit
        return None

    def _measure(self, role, unit, value, indicator, review) -> tuple[str, str]:
        if role == "growth":
            return "growth", "same_period_prior_year"
        if role == "share_of_plan":
            return "share_of_plan", ""
        if role == "same_period":
            if value < 50:
                review.append("a share of the same period under 50: read as growth")
                return "growth", "same_period_prior_year"
            return "share_of_prior", "same_period_prior_year"
        if unit != "percent":
            return "level", ""
        if indicator in self.g.growth_indicators:
            if value >= 100:
                return "share_of_prior", "same_period_prior_year"
            return "growth", "same_period_prior_year"
        return "share", ""

    def _header_period(self, head: Cell) -> str | None:
        for event in self.g.periods(fold(head.text), folded=True):
            if event.kind in ("context", "span"):
                return self.w._resolve(replace(event, start=event.start + head.start))
        return None

    def _table_period(self, at: int) -> str:
        """The period in force before the table, else the title's, else the year of
        publication."""
        w = self.w
        i = bisect.bisect_left(w.event_starts, at) - 1
        while i >= 0 and w.events[i].kind != "context":
            i -= 1
        if i >= 0:
            return w._resolve(w.events[i])
        if w.heading is not None:
            return w._resolve(w.heading)
        return str(w.published.year) if w.published else ""

    def _kind(self, period: str) -> str:
        if not period or self.w.published is None:
            return "result"
        first, _after, _span = _period_bounds(period)
        return "target" if first > self.w.published else "result"


def with_tables(rows: list[dict], walker) -> list[dict]:
    """``rows`` of the walker with the rows of the text's tables in their place: a walker row
    inside a table is replaced by the table's rows (in the order of the text)."""
    tables = list(TableReader(walker).rows())
    if not tables:
        return rows
    spans = [(start, end) for start, end, _ in tables]
    kept = [r for r in rows if not any(a <= r["offset"] < b for a, b in spans)]
    added = [finish(r) for _, _, found in tables for r in found]
    return sorted(kept + added, key=lambda r: r["offset"])
