"""The walker: one pass over a report's text, figure by figure, deciding each figure's row.

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

**Complexity.** :func:`extract` runs in time linear in the length of the text, O(n + f log n) for
n characters and f figures. Every pattern that a figure consults over a window of text before it
(aliases, growth verbs, estimate, target and average words, spans) is matched once over the
whole text, left to right, into a :class:`~.matches.Matches` index; a figure then asks the index for the
last or first match in its window by binary search instead of rescanning the window, so a long
sentence with no full stop (the old worst case, 198 s/MB) costs what a short one does. The
remaining per-figure scans (qualifier, negation, quote trimming) look at a bounded number of
characters before the figure.

Every row's ``quote`` is ``text[offset : offset + len(quote)]`` of the NFC-normalised text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..numbers import fold_tones
from ..periods import parse_period
from .aliases import Aliases
from .grammar import FigureMatch, Grammar, PeriodEvent, fold, resolve_year
from .matches import Matches

#: Longest quote kept before a figure when no indicator phrase starts it.
MAX_LEAD = 120
#: How far (characters, then on to the clause end) a word-list scan runs past the window that
#: asked for it (see :class:`~.matches.Matches`).
SCAN_AHEAD = 300

#: A word (for the negation window) and where an indicator named after a figure must start by.
_WORD = re.compile(r"\w+")
_STOP = re.compile(r"[,;:.!?\n()…]")


def _decimal_year(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


@dataclass
class Places:
    """How to find the areas a text names: the pattern of :func:`hpdata.areas.name_pattern` (run
    over the tone-folded text, only where figures look), the area of a matched name, the kind of
    every area and the report's own area."""

    pattern: re.Pattern[str]
    area_of: Callable[[str], str]
    kinds: dict[str, str]
    own: str | None = None


NO_PLACES = Places(re.compile("(?!)"), str, {})


@dataclass
class _Previous:
    end: int
    indicator: str
    span: PeriodEvent | None
    row: dict


@dataclass
class _Context:
    """The period stated last before the current figure."""

    event: PeriodEvent | None = None


class Walker:
    """One pass over a text: figures, period events and boundaries, in order."""

    def __init__(
        self,
        text: str,
        g: Grammar,
        al: Aliases,
        published: date | None,
        source: str,
        places: Places = NO_PLACES,
    ):
        self.text = text
        self.area_names = places
        # Every pattern is matched against the folded (lower-case) text, position for position;
        # quotes and the words a note cites are cut from ``text``.
        self.low = low = fold(text)
        self.g = g
        self.al = al
        self.published = published
        self.published_year = _decimal_year(published) if published else None
        self.source = source
        self.events = g.periods(low, folded=True)
        self.event_starts = [e.start for e in self.events]
        self.clauses = [m.end() for m in g.clause_re.finditer(text)]
        # A sentence ends where a clause does, except at ";" (one scan instead of two).
        self.sentences = [e for e in self.clauses if text[e - 1] != ";"]
        self.span_starts = [e.start for e in self.events if e.kind == "span"]
        self.spans = [e for e in self.events if e.kind == "span"]
        ahead = {"stops": self.clauses, "ahead": SCAN_AHEAD}
        self.alias_matches = Matches(al.pattern, low, **ahead)
        self.verbs = Matches(g.growth_re, low, keep=lambda m: bool(m["g"]), **ahead)
        self.estimates = Matches(g.estimate_re, low, **ahead)
        self.target_words = Matches(g.target_re, low, **ahead)
        self.averages = Matches(g.average_re, low, **ahead)
        self.sub_items = Matches(g.sub_item_re, low, **ahead)
        self.places = Matches(g.other_place_re, low, **ahead)
        self.named_areas = Matches(places.pattern, fold_tones(text), **ahead)
        self.paragraphs = [0] + [m.end() for m in re.finditer(r"\n", text)]
        # Years stated explicitly (not horizons, spans or comparisons), for year-less periods.
        self.year_events = [
            e for e in self.events if e.kind == "context" and not e.horizon and "????" not in e.code
        ]
        self.year_starts = [e.start for e in self.year_events]

    def _masked(self, position: int) -> bool:
        """True when ``position`` falls inside a period or comparison phrase."""
        i = bisect.bisect_right(self.event_starts, position) - 1
        return i >= 0 and self.events[i].end > position

    def _said(self, m: re.Match[str], group: int | str = 0) -> str:
        """The words of a match (found in the folded text) as the report writes them."""
        return self.text[m.start(group) : m.end(group)]

    @staticmethod
    def _last_before(bounds: list[int], position: int) -> int:
        i = bisect.bisect_right(bounds, position) - 1
        return bounds[i] if i >= 0 else 0

    def rows(self) -> Iterator[dict]:
        low, g = self.low, self.g
        context = _Context()
        next_event = 0
        previous: _Previous | None = None
        for fig in g.figures(low, folded=True):
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
            qualifier = g.qualifier(low, start, seg_start, folded=True)
            lead_end = qualifier[1] if qualifier else start
            reach = max(seg_start, start - 80)
            bracketed = (
                previous is not None
                and low.find("(", reach, start) >= 0  # the pattern needs a bracket: look first
                and bool(g.bracket_re.search(low, reach, start))
            )
            if not bracketed and self._negated(seg_start, lead_end):
                continue
            if bracketed and previous is not None:
                row, end, span = self._plan_in_brackets(fig, previous), fig.end, previous.span
            else:
                row, end, span = self._row(
                    fig, seg_start, qualifier, context, previous, same_clause
                )
            previous = _Previous(end, row["indicator"], span, row)
            yield _finish(row)

    def _first_alias_of(self, indicator: str, seg_start: int, last: re.Match[str]) -> int:
        """Where the first phrase naming ``indicator`` in ``[seg_start, last]`` starts.

        Walks back from ``last`` over the matches of the segment, which were found once already
        (a segment is scanned by one figure only, so the walks add up to O(n)).
        """
        matches = self.alias_matches
        i = bisect.bisect_left(matches.starts, last.start())
        start = last.start()
        while i > 0 and matches.starts[i - 1] >= seg_start:
            i -= 1
            if self.al.indicator(matches.matches[i].group()) == indicator:
                start = matches.starts[i]
        return start

    def _negated(self, seg_start: int, end: int) -> bool:
        """True when a negation word ("chưa", "không") is among the last ``negation_window``
        words before ``end`` (within the segment). Most figures have none in reach at all: one
        search settles them before the words are counted."""
        window = self.g.lexicon.negation_window
        reach = max(seg_start, end - 12 * window)
        if self.g.negation_re.search(self.low, reach, end) is None:
            return False
        words = list(_WORD.finditer(self.low, reach, end))
        if not words:
            return False
        first = words[-window:][0].start()
        return bool(self.g.negation_re.search(self.low, first, end))

    def _row(
        self,
        fig: FigureMatch,
        seg_start: int,
        qualifier: tuple[str, int] | None,
        context: _Context,
        previous: _Previous | None,
        same_clause: bool,
    ) -> tuple[dict, int, PeriodEvent | None]:
        """The row of one figure: indicator, measure, bound, period, kind and quote (see the
        module docstring for the rules); O(log n) index look-ups plus a bounded look around."""
        text, g = self.text, self.g
        notes: list[str] = []
        review: list[str] = []
        unit = g.unit_code(fig.unit_word)
        named: list[str] = []
        indicator, lead, alias_start, end = self._indicator(
            fig, unit, seg_start, previous, same_clause, notes, review, named
        )
        measure, comparison, fig, end = self._measure(
            fig, unit, seg_start, alias_start, end, qualifier, notes
        )
        if measure == "level" and unit != "percent":
            verb = self.verbs.last(alias_start if alias_start >= 0 else seg_start, fig.start)
            if verb and not text[verb.end() : fig.start].strip(" \t"):
                notes.append(
                    f"stated as a change ('{self._said(verb, 'g')}'), not a level; "
                    "indicator left empty"
                )
                indicator = ""
        if indicator and measure == "level" and unit not in self.al.units_of.get(indicator, ()):
            if unit != "count":
                notes.append(
                    f"'{indicator}' is in {self.al.unit_of.get(indicator)}, the figure in {unit}; "
                    "indicator left empty"
                )
            indicator = ""
        elif indicator and measure == "level" and unit != self.al.unit_of.get(indicator):
            review.append(f"stated in {unit}, not {self.al.unit_of.get(indicator)}: kept as stated")
        bound = self._bound(fig, qualifier, measure, notes)
        clause_start = self._last_before(self.clauses, fig.start)
        estimate = bool(self.estimates.first(clause_start, fig.start))
        if estimate:
            notes.append("ước: an estimate")
        span, period = self._period(fig, seg_start, lead, context, previous, same_clause, notes)
        kind = self._kind(fig, period, span or context.event, estimate, review)
        earlier = context.event and context.event.start < self._last_before(
            self.sentences, fig.start
        )
        if span is None and earlier and (previous is None or not same_clause):
            review.append("period stated in an earlier sentence")
        if lead < 0:
            lead = self._trim(max(seg_start, fig.start - MAX_LEAD), fig.start)
        row = {
            "source_id": self.source,
            "indicator": indicator,
            "kind": kind,
            "measure": measure,
            "period": period,
            "bound": bound,
            "value": float(fig.value),
            "high": float(fig.high) if fig.high is not None else float("nan"),
            "unit": unit,
            "quote": text[lead:end],
            "comparison": comparison,
            "note": "; ".join(notes),
            "offset": lead,
            "_review": review,
        }
        if named:
            row["area"] = named[0]
        return row, end, span

    def _indicator(
        self,
        fig: FigureMatch,
        unit: str,
        seg_start: int,
        previous: _Previous | None,
        same_clause: bool,
        notes: list[str],
        review: list[str],
        named: list[str],
    ) -> tuple[str, int, int, int]:
        """``(indicator, lead, alias_start, end)`` of a figure (``named`` receives the area of
        another province or city the figure is about: its row is filed under it).

        Rules, in order: a count takes the noun it counts; else the last indicator phrase of the
        segment before the figure (the most specific phrase at its position) unless a sub-item
        ("trong đó, thu từ hoạt động xuất nhập khẩu") or another place follows it; else a phrase
        right after the figure ("250 triệu USD vốn đầu tư trực tiếp nước ngoài"); else the
        previous figure's, in the same clause or in a clause that opens with a period ("quý I
        tăng 5%; quý II tăng 7%"). A figure about another place or a sub-item keeps its row with
        ``indicator`` empty and the reason in ``note``.
        """
        start = fig.start
        end = fig.end
        if unit == "count":
            m = self.al.pattern.match(self.low, fig.unit_start)
            if m:
                return self.al.indicator(m.group()), -1, -1, m.end()
        found = self.alias_matches.last(seg_start, start)
        after_from = found.end() if found else seg_start
        blocker = self.sub_items.last(after_from, start)
        place = self._other_place(found, seg_start, fig)
        area = None if place else self._named_area(found, seg_start, fig)
        if area is not None:
            said, area_id = area
            if self.area_names.kinds.get(area_id) in ("region", "country"):
                place = said
            elif area_id != self.area_names.own:
                named.append(area_id)
                notes.append(f"about {said} ({area_id}), not the report's own area")
                review.append(f"another area ({area_id}): filed under it")
        if place:
            notes.append(f"about another place ('{place}'); indicator left empty")
            review.append("another place: no indicator")
            return "", found.start() if found else -1, found.start() if found else -1, end
        if blocker:
            notes.append(f"a sub-item ('{self._said(blocker)}'); indicator left empty")
            review.append("a sub-item: no indicator")
            return "", -1, -1, end
        if found:
            candidate = self.al.indicator(found.group())
            alias_start = self._first_alias_of(candidate, seg_start, found)
            if not candidate:
                notes.append(f"'{self._said(found)}' is no indicator; indicator left empty")
                review.append("not an indicator")
                return "", alias_start, alias_start, end
            if unit == "count" and self.al.unit_of.get(candidate) != "count":
                notes.append(f"'{self._said(found)}' is not a count; indicator left empty")
                return "", -1, alias_start, end
            return candidate, alias_start, alias_start, end
        after = self._alias_after(fig)
        if after is not None and self.al.indicator(after.group()):
            review.append("indicator named after the figure")
            return self.al.indicator(after.group()), -1, -1, max(end, after.end())
        if previous is not None and (same_clause or self._opens_list_item(fig, previous)):
            if previous.indicator:
                review.append(
                    f"indicator inherited from the previous figure ({previous.indicator})"
                )
            return previous.indicator, -1, -1, end
        review.append("no indicator phrase")
        return "", -1, -1, end

    def _other_place(
        self, found: re.Match[str] | None, seg_start: int, fig: FigureMatch
    ) -> str | None:
        """Another place named in the segment before the figure (outside its indicator phrase:
        "đóng góp vào GDP cả nước" names the indicator, not a place) or right after the figure
        ("7,5% của cả nước"); ``None`` when the figure is the report's own."""
        place = self.places.last(seg_start, fig.start)
        if place and (found is None or not found.start() < place.end() <= found.end()):
            return self._said(place)
        after = self.g.place_after_re.match(self.low, fig.end)
        return self._said(after).strip() if after else None

    def _named_area(
        self, found: re.Match[str] | None, seg_start: int, fig: FigureMatch
    ) -> tuple[str, str] | None:
        """``(name as written, area id)`` of the last area of ``areas.csv`` named in the segment
        before the figure, outside its indicator phrase; ``None`` when there is none."""
        m = self.named_areas.last(seg_start, fig.start)
        if m is None:
            return None
        start, end, area = m.start(), m.end(), self.area_names.area_of(m.group())
        if found is not None and found.start() <= start and end <= found.end():
            return None
        return self.text[start:end], area

    def _alias_after(self, fig: FigureMatch) -> re.Match[str] | None:
        """An indicator phrase starting in the figure's unit or right after it, before the next
        comma or clause end (at most 60 characters on)."""
        stop = _STOP.search(self.low, fig.end, fig.end + 60)
        limit = stop.start() if stop else min(len(self.text), fig.end + 60)
        m = self.al.pattern.search(self.low, fig.unit_start, limit)
        if m is None or self.text[fig.end : m.start()].strip(" ").count(" ") > 2:
            return None
        return m

    def _opens_list_item(self, fig: FigureMatch, previous: _Previous) -> bool:
        """True when the figure's clause opens with a period phrase and the previous figure is
        in the same sentence: an item of a list of periods under one indicator."""
        clause_start = self._last_before(self.clauses, fig.start)
        if previous.end < self._last_before(self.sentences, fig.start):
            return False
        lead = (
            clause_start
            + len(self.text[clause_start : fig.start])
            - len(self.text[clause_start : fig.start].lstrip(" \t,"))
        )
        i = bisect.bisect_left(self.event_starts, lead)
        return i < len(self.events) and self.events[i].start == lead

    def _measure(
        self,
        fig: FigureMatch,
        unit: str,
        seg_start: int,
        alias_start: int,
        end: int,
        qualifier: tuple[str, int] | None,
        notes: list[str],
    ) -> tuple[str, str, FigureMatch, int]:
        """``(measure, comparison, figure, end)``: a percent before "kế hoạch/dự toán" is a share
        of plan ("vượt X%" of it is 100 + X); after a growth verb (in the segment, or right before
        the indicator phrase: "tốc độ tăng trưởng GRDP") a growth ("giảm" negates it); before
        "(so với) cùng kỳ" a share of the prior period; any other percent a share."""
        text, g, start = self.low, self.g, fig.start
        if unit != "percent":
            return "level", "", fig, end
        verb_from = alias_start if alias_start >= 0 else seg_start
        plan = g.plan_re.match(text, fig.end)
        after_cmp = g.comparison_after_re.match(text, fig.end)
        verb = self.verbs.last(verb_from, start)
        if verb is None and alias_start >= 0:
            before = self.verbs.last(seg_start, alias_start)
            if before and not text[before.end() : alias_start].strip():
                verb = before
        if plan:
            if qualifier and g.excess_re.search(text, qualifier[1], start):
                notes.append(f"vượt {fig.value}% of plan: 100 + {fig.value}")
                fig = _replace(fig, value=fig.value + 100)
            return "share_of_plan", "", fig, plan.end()
        if verb:
            comparison = "same_period_prior_year"
            if " ".join(verb["g"].lower().split()) in g.growth_down:
                notes.append(f"'{self._said(verb, 'g')}' (down) makes the growth negative")
                fig = _negate(fig)
            per_year = g.per_year_re.match(text, fig.end)
            if after_cmp:
                comparison, end = self._comparison(after_cmp["c"]), after_cmp.end()
            elif self.averages.first(verb_from, start):
                comparison = "annual_average"
            elif fig.per_year or per_year:
                comparison = "per_year"
                end = per_year.end() if per_year else end
            return "growth", comparison, fig, end
        if after_cmp:
            return "share_of_prior", self._comparison(after_cmp["c"]), fig, after_cmp.end()
        return "share", "", fig, end

    def _bound(
        self, fig: FigureMatch, qualifier: tuple[str, int] | None, measure: str, notes: list[str]
    ) -> str:
        """The bound: a range, else the qualifier's ("vượt X% dự toán" is exact), else eq."""
        if fig.high is not None:
            if qualifier:
                word = " ".join(self.text[qualifier[1] : fig.start].split())
                notes.append(f"stated as '{word}' ({qualifier[0]}) a range")
            return "range"
        after = self.g.bound_after_re.match(self.low, fig.end)
        if after:
            return self.g.bound_after_codes[" ".join(after["b"].split())]
        excess = qualifier and self.g.excess_re.search(self.low, qualifier[1], fig.start)
        if excess and measure == "share_of_plan":
            return "eq"
        return qualifier[0] if qualifier else "eq"

    def _period(
        self,
        fig: FigureMatch,
        seg_start: int,
        lead: int,
        context: _Context,
        previous: _Previous | None,
        same_clause: bool,
        notes: list[str],
    ) -> tuple[PeriodEvent | None, str]:
        """``(span, period)``: a span of this clause (or of the clause it shares), else the
        period phrase in force; a year-less one takes the last year stated before it, else the
        year of publication. "(cùng kỳ năm trước tăng X%)" moves it back one year."""
        start = fig.start
        i = bisect.bisect_left(self.span_starts, start) - 1
        own = self.spans[i] if i >= 0 and self.span_starts[i] >= seg_start else None
        span = own or (previous.span if previous and lead < 0 and same_clause else None)
        event = span or context.event
        if event is None:
            period = f"{self.published.year}" if self.published else ""
            notes.append("no period stated" + ("; the year of publication" if period else ""))
        else:
            period = self._resolve(event)
            if not period:
                notes.append("the period's year is not stated and no publication date is known")
        reach = max(seg_start, start - 60)
        if (
            period
            and self.low.find("(", reach, start) >= 0  # the pattern needs a bracket: look first
            and self.g.prior_year_re.search(self.low, reach, start)
        ):
            period = _shift_year(period, -1)
            notes.append("stated for the same period of the year before")
        return span, period

    def _resolve(self, event: PeriodEvent) -> str:
        """A period code with its missing year (``????``) filled: the last year stated
        explicitly before it in the text, else the year of publication."""
        if "????" not in event.code:
            return event.code
        i = bisect.bisect_left(self.year_starts, event.start) - 1
        if i >= 0:
            return event.code.replace("????", self.year_events[i].code[:4])
        return resolve_year(event.code, self.published)

    def _kind(
        self,
        fig: FigureMatch,
        period: str,
        event: PeriodEvent | None,
        estimate: bool,
        review: list[str],
    ) -> str:
        """Target or result: a target word earlier in the sentence, a horizon, a period that
        starts after the publication date or a span of years not over makes a target; a year or
        part of one already begun (an estimate, or stated for the current period) is a result.
        Period bounds are compared as dates (a quarter is over on the first day after it)."""
        sentence_start = self._last_before(self.sentences, fig.start)
        if self.target_words.first(sentence_start, fig.start) or (event and event.horizon):
            return "target"
        if not period or self.published is None:
            return "result"
        first, after, span = _period_bounds(period)
        if first > self.published or (after > self.published and span):
            return "target"
        if after > self.published:
            review.append(
                "period not over at publication: "
                + ("an estimate" if estimate else "a current figure")
            )
        elif estimate:
            review.append("an estimate")
        return "result"

    def _plan_in_brackets(self, fig: FigureMatch, previous: _Previous) -> dict:
        """ "chưa đạt kế hoạch đề ra (9%)": the plan of the previous figure, a target with its
        indicator, measure, comparison and period."""
        row = dict(previous.row)
        value = float(fig.value)
        row.update(
            kind="target",
            value=value,
            high=float(fig.high) if fig.high is not None else float("nan"),
            bound="range" if fig.high is not None else "eq",
            unit=self.g.unit_code(fig.unit_word),
            quote=self.text[fig.start : fig.end],
            offset=fig.start,
            note="the plan stated in brackets after the figure before it",
            _review=["plan in brackets: indicator and period of the figure before"],
        )
        if row["measure"] in ("level",) and row["unit"] == "percent":
            row["measure"] = "share"
        return row

    def _comparison(self, phrase: str) -> str:
        return self.g.comparison_codes.get(
            " ".join(phrase.lower().split()), "same_period_prior_year"
        )

    def _trim(self, lead: int, start: int) -> int:
        """Skip punctuation, connectives and period phrases at the start of a quote."""
        while lead < start:
            m = self.g.connective_re.match(self.low, lead, start)
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


def _replace(fig: FigureMatch, **changes) -> FigureMatch:
    from dataclasses import replace

    return replace(fig, **changes)


@lru_cache(maxsize=4096)
def _period_bounds(code: str) -> tuple[date, date, bool]:
    """:func:`period_dates` and whether the period is a span of years, cached per code."""
    first, after = period_dates(code)
    return first, after, parse_period(code).is_span


def period_dates(code: str) -> tuple[date, date]:
    """The first day of a period and the day after its last, as dates.

    Examples
    --------
    >>> period_dates("2025-Q1"), period_dates("2024")[1]
    ((datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)), datetime.date(2025, 1, 1))
    """
    p = parse_period(code)

    def day(x: float) -> date:
        year = int(x + 1e-9)
        month = round((x - year) * 12) + 1
        return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    return day(p.start), day(p.end)


def _shift_year(code: str, years: int) -> str:
    """A period code moved by whole years ("2025-H1" -> "2024-H1", "2021-2025" -> "2020-2024")."""
    return re.sub(r"(?:19|20)[0-9]{2}", lambda m: str(int(m.group()) + years), code)


def _finish(row: dict) -> dict:
    """Set ``confidence`` and ``review`` from the reasons a rule had to guess: ``low`` without
    an indicator, ``medium`` with any reason, else ``high``."""
    reasons = list(dict.fromkeys(row.pop("_review", [])))
    row["review"] = "; ".join(reasons)
    if not row["indicator"]:
        row["confidence"] = "low"
    else:
        row["confidence"] = "medium" if reasons else "high"
    return row


def _negate(fig: FigureMatch) -> FigureMatch:
    from dataclasses import replace

    high = -fig.high if fig.high is not None else None
    if high is not None:  # a falling range: keep value <= high
        return replace(fig, value=high, high=-fig.value)
    return replace(fig, value=-abs(fig.value))
