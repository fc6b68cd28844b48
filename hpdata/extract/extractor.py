"""Turn the text of a Vietnamese government report into rows of the observations table.

The grammar's parts live in :mod:`hpdata.extract.grammar` (numbers, ranges, units, periods, qualifiers);
this module walks a text figure by figure and decides, for each, the rest of its row:

* **Clause.** A figure's clause runs from the previous figure (or the last ``;``, sentence end or
  line break, whichever is later) to its number. Its indicator is the last alias of
  ``indicators.csv`` in that clause; with none, a figure in the same clause as the previous figure
  shares its indicator (", giảm 9,46% so với cùng kỳ"); otherwise the indicator is left empty.
  A count ("1-3 khu dịch vụ logistics ...") takes its indicator from the words it counts.
* **Measure.** A percent followed by "kế hoạch" / "dự toán" is ``share_of_plan``; after a growth
  verb (tăng, tăng trưởng; giảm makes it negative) it is ``growth``; followed by "so với cùng kỳ"
  it is ``share_of_prior``; any other percent is a ``share``. A figure in a unit is a ``level``.
* **Period.** A span in the clause ("giai đoạn 2019 – 2025") holds for that clause; otherwise the
  last period phrase before the figure governs ("đến năm 2025", "Quý 1"). A quarter without a
  year takes the year of publication.
* **Kind.** A target word earlier in the sentence (mục tiêu, chỉ tiêu, phấn đấu), a horizon
  ("đến năm"), or a period ending after the publication date makes a ``target``; else ``result``.
* **Negation.** A number right after "chưa" / "không" ("chưa đạt tỷ lệ 25% kế hoạch") is a
  threshold, not a stated value: it gives no row.

Every row's ``quote`` is ``text[offset : offset + len(quote)]`` of the NFC-normalised text.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import math
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import ParameterError
from ..numbers import normalize
from ..periods import parse_period
from ..schema import OBSERVATION_COLUMNS
from .grammar import LEXICON, FigureMatch, Grammar, PeriodEvent, grammar, header_date, resolve_year

#: The columns of :func:`extract`'s table: the observations schema plus ``offset``.
COLUMNS = [*OBSERVATION_COLUMNS, "offset"]
#: Longest quote kept before a figure when no indicator phrase starts it.
MAX_LEAD = 120

PathLike = str | os.PathLike[str] | None


@dataclass(frozen=True)
class Aliases:
    """The indicator phrasings of ``indicators.csv`` compiled into one pattern."""

    pattern: re.Pattern[str]
    indicator_of: dict[str, str]
    unit_of: dict[str, str]

    def indicator(self, phrase: str) -> str:
        """The indicator id of a matched phrase."""
        return self.indicator_of[" ".join(phrase.lower().split())]


@lru_cache(maxsize=8)
def _aliases(directory: Path, _state: tuple) -> Aliases:
    from ..load import indicators

    frame = indicators(directory)
    indicator_of: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        for alias in [row.name_vi, *str(row.aliases_vi).split("|")]:
            key = " ".join(normalize(alias).lower().split())
            if key:
                indicator_of.setdefault(key, row.indicator)
    ordered = sorted(indicator_of, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(p) for p in a.split()) for a in ordered)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    unit_of = dict(zip(frame["indicator"], frame["unit"].astype(str), strict=True))
    return Aliases(pattern, indicator_of, unit_of)


def aliases(data_dir: PathLike = None) -> Aliases:
    """The compiled indicator aliases of a data directory, cached until its files change."""
    directory = paths.data_dir(data_dir).resolve()
    state = []
    for name in (paths.INDICATORS, paths.VOCABULARIES, LEXICON):
        try:
            st = (directory / name).stat()
            state.append((st.st_mtime_ns, st.st_size))
        except OSError:
            state.append(None)
    return _aliases(directory, tuple(state))


def as_date(published: object, name: str = "published") -> date | None:
    """A publication date from a ``date``, ``datetime``, ``pandas.Timestamp`` or ISO string.

    Raises
    ------
    ParameterError
        If ``published`` is not a date.

    Examples
    --------
    >>> as_date("2023-04-27"), as_date(None)
    (datetime.date(2023, 4, 27), None)
    """
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    if isinstance(published, str):
        try:
            return datetime.fromisoformat(published.strip()).date()
        except ValueError:
            pass
    raise ParameterError(f"{name} {published!r} is not a date (expected YYYY-MM-DD)")


def _decimal_year(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


@dataclass
class _Previous:
    end: int
    indicator: str
    span: PeriodEvent | None


@dataclass
class _Context:
    """The period stated last before the current figure."""

    event: PeriodEvent | None = None


class _Walker:
    """One pass over a text: figures, period events and boundaries, in order."""

    def __init__(self, text: str, g: Grammar, al: Aliases, published: date | None, source: str):
        self.text = text
        self.g = g
        self.al = al
        self.published = published
        self.published_year = _decimal_year(published) if published else None
        self.source = source
        self.events = g.periods(text)
        self.event_starts = [e.start for e in self.events]
        self.clauses = [m.end() for m in g.clause_re.finditer(text)]
        self.sentences = [m.end() for m in g.sentence_re.finditer(text)]

    def _masked(self, position: int) -> bool:
        """True when ``position`` falls inside a period or comparison phrase."""
        i = bisect.bisect_right(self.event_starts, position) - 1
        return i >= 0 and self.events[i].end > position

    @staticmethod
    def _last_before(bounds: list[int], position: int) -> int:
        i = bisect.bisect_right(bounds, position) - 1
        return bounds[i] if i >= 0 else 0

    def rows(self) -> Iterator[dict]:
        text, g = self.text, self.g
        context = _Context()
        next_event = 0
        previous: _Previous | None = None
        for fig in g.figures(text):
            start = fig.start
            if self._masked(start):
                continue
            while next_event < len(self.events) and self.events[next_event].start < start:
                event = self.events[next_event]
                if event.kind == "context":
                    context.event = event
                next_event += 1
            clause_start = self._last_before(self.clauses, start)
            same_clause = previous is not None and previous.end >= clause_start
            seg_start = min(start, previous.end) if same_clause and previous else clause_start
            qualifier = g.qualifier(text, start, seg_start)
            lead_end = qualifier[1] if qualifier else start
            if self._negated(seg_start, lead_end):
                continue
            row, end, span = self._row(fig, seg_start, qualifier, context, previous, same_clause)
            previous = _Previous(end, row["indicator"], span)
            yield row

    def _negated(self, seg_start: int, end: int) -> bool:
        window = self.g.lexicon.negation_window
        words = list(re.finditer(r"\w+", self.text[max(seg_start, end - 12 * window) : end]))
        if not words:
            return False
        first = words[-window:][0].start() + max(seg_start, end - 12 * window)
        return bool(self.g.negation_re.search(self.text, first, end))

    def _row(
        self,
        fig: FigureMatch,
        seg_start: int,
        qualifier: tuple[str, int] | None,
        context: _Context,
        previous: _Previous | None,
        same_clause: bool,
    ) -> tuple[dict, int, PeriodEvent | None]:
        text, g = self.text, self.g
        start = fig.start
        notes: list[str] = []
        unit = g.unit_code(fig.unit_word)
        end = fig.end

        # Indicator: the counted noun phrase, else the last alias in the clause, else inherited.
        indicator, lead = "", -1
        alias_start = -1
        if unit == "count":
            m = self.al.pattern.match(text, fig.unit_start)
            if m:
                indicator, end = self.al.indicator(m.group()), m.end()
        if not indicator:
            found = list(self.al.pattern.finditer(text, seg_start, start))
            if found:
                candidate = self.al.indicator(found[-1].group())
                alias_start = next(
                    m.start() for m in found if self.al.indicator(m.group()) == candidate
                )
                if unit == "count" and self.al.unit_of.get(candidate) != "count":
                    notes.append(f"'{found[-1].group()}' is not a count; indicator left empty")
                else:
                    indicator, lead = candidate, alias_start
            elif same_clause and previous is not None:
                indicator = previous.indicator

        # Measure, comparison and the words after the figure that belong to it.
        measure, comparison = "level", ""
        verb_from = alias_start if alias_start >= 0 else seg_start
        if unit == "percent":
            plan = g.plan_re.match(text, fig.end)
            after_cmp = g.comparison_after_re.match(text, fig.end)
            verbs = [m for m in g.growth_re.finditer(text, verb_from, start) if m["g"]]
            if plan:
                measure, end = "share_of_plan", plan.end()
            elif verbs:
                measure = "growth"
                if " ".join(verbs[-1]["g"].lower().split()) in g.growth_down:
                    notes.append(f"'{verbs[-1]['g']}' (down) makes the growth negative")
                    fig = _negate(fig)
                per_year = g.per_year_re.match(text, fig.end)
                if after_cmp:
                    comparison, end = self._comparison(after_cmp["c"]), after_cmp.end()
                elif g.average_re.search(text, verb_from, start):
                    comparison = "annual_average"
                elif fig.per_year or per_year:
                    comparison = "per_year"
                    end = per_year.end() if per_year else end
                else:
                    comparison = "same_period_prior_year"
            elif after_cmp:
                measure = "share_of_prior"
                comparison, end = self._comparison(after_cmp["c"]), after_cmp.end()
            else:
                measure = "share"
        else:
            verbs = [m for m in g.growth_re.finditer(text, verb_from, start) if m["g"]]
            if verbs and not text[verbs[-1].end() : start].strip(" \t"):
                notes.append(
                    f"stated as a change ('{verbs[-1]['g']}'), not a level; indicator left empty"
                )
                indicator = ""

        if indicator and measure == "level" and self.al.unit_of.get(indicator) != unit:
            if unit != "count":
                notes.append(
                    f"'{indicator}' is in {self.al.unit_of.get(indicator)}, the figure in {unit}; "
                    "indicator left empty"
                )
            indicator = ""

        # Bound.
        if fig.high is not None:
            bound = "range"
            if qualifier:
                word = " ".join(text[qualifier[1] : start].split())
                notes.append(f"stated as '{word}' ({qualifier[0]}) a range")
        else:
            bound = qualifier[0] if qualifier else "eq"
        if g.estimate_re.search(text, seg_start, start):
            notes.append("ước: an estimate")

        # Period: a span of this clause (or of the clause it shares), else the context.
        first = bisect.bisect_left(self.event_starts, seg_start)
        last = bisect.bisect_left(self.event_starts, start)
        spans = [e for e in self.events[first:last] if e.kind == "span"]
        span = (
            spans[-1]
            if spans
            else (previous.span if previous and lead < 0 and same_clause else None)
        )
        event = span or context.event
        if event is None:
            period = f"{self.published.year}" if self.published else ""
            notes.append("no period stated" + ("; the year of publication" if period else ""))
        else:
            period = resolve_year(event.code, self.published)
            if not period:
                notes.append("the period's year is not stated and no publication date is known")

        # Kind.
        sentence_start = self._last_before(self.sentences, start)
        estimate = any(n.startswith("ước") for n in notes)
        future = bool(
            period
            and self.published_year is not None
            and parse_period(period).end > self.published_year
        )
        targeted = bool(g.target_re.search(text, sentence_start, start)) or bool(
            event is not None and event.horizon
        )
        kind = "target" if targeted or (future and not estimate) else "result"

        # Quote: from the indicator phrase (or the trimmed clause) to the end of the figure.
        if lead < 0:
            lead = self._trim(max(seg_start, start - MAX_LEAD), start)
        value = float(fig.value)
        high = float(fig.high) if fig.high is not None else float("nan")
        row = {
            "source_id": self.source,
            "indicator": indicator,
            "kind": kind,
            "measure": measure,
            "period": period,
            "bound": bound,
            "value": value,
            "high": high,
            "unit": unit,
            "quote": text[lead:end],
            "comparison": comparison,
            "note": "; ".join(notes),
            "offset": lead,
        }
        return row, end, span

    def _comparison(self, phrase: str) -> str:
        return self.g.comparison_codes.get(
            " ".join(phrase.lower().split()), "same_period_prior_year"
        )

    def _trim(self, lead: int, start: int) -> int:
        """Skip punctuation, connectives and period phrases at the start of a quote."""
        while lead < start:
            m = self.g.connective_re.match(self.text, lead, start)
            if m and m.end() > lead:
                lead = m.end()
                continue
            i = bisect.bisect_left(self.event_starts, lead)
            if (
                i < len(self.events)
                and self.events[i].start == lead
                and self.events[i].end <= start
            ):
                lead = self.events[i].end
                continue
            break
        return lead


def _negate(fig: FigureMatch) -> FigureMatch:
    from dataclasses import replace

    high = -fig.high if fig.high is not None else None
    if high is not None:  # a falling range: keep value <= high
        return replace(fig, value=high, high=-fig.value)
    return replace(fig, value=-abs(fig.value))


def empty_table() -> pd.DataFrame:
    """An extract table with no rows, with the columns and dtypes of :func:`extract`."""
    return _frame([])


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in COLUMNS:
        if column in ("value", "high"):
            frame[column] = frame[column].astype(float)
        elif column == "offset":
            frame[column] = frame[column].astype("int64")
        else:
            frame[column] = frame[column].astype(object)
    return frame


def extract(
    text: str,
    *,
    source_id: str | None = None,
    published: date | datetime | str | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Extract every stated figure of a report as rows of the observations table.

    Parameters
    ----------
    text : str
        The report, in any Unicode normal form (it is normalised to NFC first).
    source_id : str, optional
        Written into the ``source_id`` column (empty when not given).
    published : date, datetime or ``YYYY-MM-DD``, optional
        The publication date: it resolves a period without a year ("Quý 1") and tells targets
        from results. When not given it is read from the header (``11/07/2019 12:01``).
    data_dir : path, optional
        The data directory whose ``indicators.csv`` (aliases) and ``extract_lexicon.toml`` are used.

    Returns
    -------
    pandas.DataFrame
        The observations columns plus ``offset``: ``quote == nfc_text[offset:offset+len(quote)]``.
        Values are in base units (24.042 tỷ đồng is 24042000000000); ``high`` is NaN unless the
        bound is ``range``; ``indicator`` is empty for a figure no alias names.

    Raises
    ------
    ParameterError
        If ``text`` is not a string or ``published`` not a date.
    DataError
        If the data directory's indicators or lexicon are broken.

    Examples
    --------
    >>> rows = extract("Quý 1, thu ngân sách đạt 1.200 tỷ đồng, tăng 5,5%.", published="2024-04-20")
    >>> rows[["indicator", "kind", "measure", "period", "value"]].values.tolist()
    [['budget_revenue', 'result', 'level', '2024-Q1', 1200000000000.0], \
['budget_revenue', 'result', 'growth', '2024-Q1', 5.5]]
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a str, not {type(text).__name__}")
    day = as_date(published)
    text = normalize(text)
    g = grammar(data_dir)
    al = aliases(data_dir)
    if day is None:
        found = header_date(text)
        day = found.date() if found else None
    return _frame(list(_Walker(text, g, al, day, source_id or "").rows()))


def extract_file(
    path: str | os.PathLike[str],
    *,
    source_id: str | None = None,
    published: date | datetime | str | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Read a UTF-8 text file and :func:`extract` it.

    Raises
    ------
    DataError
        If the file is missing, binary or not UTF-8 (naming the byte offset).
    """
    return extract(
        read_report(Path(path)), source_id=source_id, published=published, data_dir=data_dir
    )


def read_report(path: Path) -> str:
    """Read a report: UTF-8 text, NFC-normalised; a missing, binary or non-UTF-8 file raises
    :class:`~hpdata.errors.DataError` with a one-line message naming the file."""
    from ..errors import DataError, Problem
    from ..load import read_text

    text = read_text(path)
    nul = text.find("\x00")
    if nul >= 0:
        message = f"binary file, not text (NUL character at character {nul})"
        raise DataError([Problem(paths.display(path), None, None, None, message)])
    return text


def corpus(megabytes: float = 10.0, data_dir: PathLike = None) -> str:
    """The benchmark corpus: the two articles of ``data/raw/`` repeated to ``megabytes`` MB."""
    raw = paths.data_dir(data_dir) / "raw"
    from ..load import read_text

    pieces = [read_text(p) for p in sorted(raw.glob("*.txt"))]
    unit = "\n\n".join(pieces) + "\n\n"
    size = len(unit.encode("utf-8"))
    repeats = max(1, round(megabytes * 1_000_000 / size))
    return unit * repeats


def extract_throughput(megabytes: float = 10.0, data_dir: PathLike = None) -> float:
    """The extractor's speed in MB/s on one core (one process), over :func:`corpus`.

    The grammar is compiled before the clock starts; the time covers :func:`extract` on the
    whole corpus, normalisation included.
    """
    text = corpus(megabytes, data_dir)
    extract("", data_dir=data_dir)  # compile the grammar and aliases first
    size = len(text.encode("utf-8")) / 1_000_000
    start = time.perf_counter()
    extract(text, data_dir=data_dir)
    return size / (time.perf_counter() - start)


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
    >>> rows = extract("Năm 2023, thu nội địa đạt 24.042 tỷ đồng.", published="2024-01-05")
    >>> format_table(rows).splitlines()[1].split(",")[6]
    '24042000000000'
    """
    if fmt == "json":
        records = []
        for row in frame[COLUMNS].to_dict("records"):
            row["value"] = _json_number(row["value"])
            row["high"] = _json_number(row["high"])
            row["offset"] = int(row["offset"])
            records.append(row)
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    if fmt != "csv":
        raise ParameterError(f"format {fmt!r} is not csv or json")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in frame[COLUMNS].itertuples(index=False):
        writer.writerow([_cell(v) if not isinstance(v, str) else _inert(v) for v in row])
    return out.getvalue()


def _inert(text: str) -> str:
    """A text cell a spreadsheet will not run: one that begins with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return gets a leading ``'`` (OWASP's advice against CSV injection). Numbers
    are not text cells, so a negative value is written as it is.

    Examples
    --------
    >>> _inert("=HYPERLINK(1)"), _inert("tăng 5%")
    ("'=HYPERLINK(1)", 'tăng 5%')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def slug(name: str) -> str:
    """A source id made from a file name: lower-case ASCII letters, digits and hyphens.

    Examples
    --------
    >>> slug("Báo cáo Quý 1_2024.txt")
    'bao-cao-quy-1-2024-txt'
    """
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "source"


def known_sources(data_dir: PathLike = None) -> dict[str, tuple[str, date]]:
    """The sources of the data directory by the sha256 of their file: ``{sha: (id, date)}``.

    Empty when ``sources.csv`` cannot be read (extracting a file does not need it).
    """
    from ..errors import DataError
    from ..load import sources

    try:
        frame = sources(data_dir)
    except DataError:
        return {}
    return {
        row.sha256: (row.source_id, row.published.date()) for row in frame.itertuples(index=False)
    }


def extract_files(
    files: list[str | os.PathLike[str]],
    *,
    published: date | datetime | str | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """:func:`extract` several files into one table, reading every file before extracting any.

    A file that is a source of the data directory (same sha256) gets its ``source_id`` and
    publication date; another gets a ``source_id`` made from its name (:func:`slug`) and its
    date from ``published`` or its header.

    Raises
    ------
    ParameterError
        If a file is missing, binary or not UTF-8 (one line naming the file), or
        ``published`` is not a date.
    """
    from ..errors import DataError

    day = as_date(published, "--date")
    texts = []
    for name in files:
        path = Path(name)
        try:
            text = read_report(path)
        except DataError as error:
            raise ParameterError(str(error)) from None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        texts.append((path, text, digest))
    known = known_sources(data_dir) if texts else {}
    frames = []
    for path, text, digest in texts:
        source_id, when = known.get(digest, (slug(path.stem), None))
        frames.append(extract(text, source_id=source_id, published=day or when, data_dir=data_dir))
    if not frames:
        return empty_table()
    return _frame([r for f in frames for r in f.to_dict("records")])
