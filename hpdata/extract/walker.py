"""The walker: one pass over a report's text, figure by figure, deciding each figure's row.

The grammar's parts live in :mod:`hpdata.extract.grammar` (numbers, ranges, units, periods, qualifiers);
this module walks a text figure by figure and decides, for each, the rest of its row:

* **Clause.** A figure's clause runs from the previous figure (or the last ``;``, sentence end or
  line break, whichever is later) to its number. Its indicator is the last alias of
  ``indicators.csv`` in that clause; with none, a figure in the same clause as the previous figure
  shares its indicator (", giảm 9,46% so với cùng kỳ"); otherwise the indicator is left empty.
  A count ("1-3 khu dịch vụ logistics ...") takes its indicator from the words it counts. A
  sub-item after the indicator phrase ("trong đó, thu thuế") leaves it empty, unless joined to the
  phrase by "và" or in brackets; an area named in a list item ("tỉnh X tăng 10%") takes the
  indicator of the list's figure before it, filed under that area.
The measure and bound rules are in :mod:`.measures`, the period and kind rules in :mod:`.dating`,
the parts of a total, price bases, ranks and sector words in :mod:`.parts` (all parts of
:class:`Walker`); in short:

* **Measure.** A percent followed by "kế hoạch" / "dự toán" is ``share_of_plan``; after a growth
  verb (tăng, tăng trưởng; giảm makes it negative) it is ``growth``; followed by "so với cùng kỳ"
  it is ``share_of_prior``; any other percent is a ``share``. A figure in a unit is a ``level``.
* **Period.** A span in the clause ("giai đoạn 2019 – 2025") holds for that clause; otherwise the
  last period phrase before the figure governs ("đến năm 2025", "Quý 1"). A quarter without a
  year takes the year of publication.
* **Kind.** A target word earlier in the sentence (mục tiêu, chỉ tiêu, phấn đấu), a horizon
  ("đến năm"), or a period ending after the publication date makes a ``target``; else ``result``.
* **No row.** A figure whose period no period code holds ("8 tháng đầu năm", "từ đầu năm đến
  nay" on most days) gives no row rather than a wrong one; a period phrase inside brackets
  ("(năm 2022 tăng 9,8%)") governs only up to the closing bracket.
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
from collections.abc import Iterator
from datetime import date

from ..numbers import fold_tones
from .aliases import Aliases
from .dating import Dating, heading_event, target_lists
from .grammar import FigureMatch, Grammar, PeriodEvent, fold
from .matches import Matches
from .measures import Measures
from .parts import Parts
from .periodcodes import _decimal_year, held
from .places import NO_PLACES, Places
from .state import _Context, _Previous, finish

#: Longest quote kept before a figure when no indicator phrase starts it.
MAX_LEAD = 120
#: How far (characters, then on to the clause end) a word-list scan runs past the window that
#: asked for it (see :class:`~.matches.Matches`).
SCAN_AHEAD = 300

#: A word (for the negation window) and where an indicator named after a figure must start by.
_WORD = re.compile(r"\w+")
_STOP = re.compile(r"[,;:.!?\n()…]")


class Walker(Dating, Measures, Parts):
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
        self.target_words = Matches(g.target_re, low, keep=lambda m: bool(m["t"]), **ahead)
        self.target_regions = target_lists(text, low, g.target_re)
        self.list_starts = [a for a, _ in self.target_regions]
        self.averages = Matches(g.average_re, low, **ahead)
        self.sub_items = Matches(g.sub_item_re, low, keep=lambda m: bool(m["s"]), **ahead)
        self.current_prices = Matches(g.price_re, low, keep=lambda m: bool(m["cur"]), **ahead)
        self._period_of_words = [w.split() for w in g.lexicon.period_of]
        # Where each row's quote ends and its indicator, in order (for the totals of parts).
        self.row_ends: list[int] = []
        self.row_indicators: list[str] = []
        self.places = Matches(g.other_place_re, low, **ahead)
        self.named_areas = Matches(places.pattern, fold_tones(text), **ahead)
        self.paragraphs = [0] + [m.end() for m in re.finditer(r"\n", text)]
        # Years stated explicitly (not horizons, spans or comparisons), for year-less periods.
        self.year_events = [
            e for e in self.events if e.kind == "context" and not e.horizon and "????" not in e.code
        ]
        self.year_starts = [e.start for e in self.year_events]
        self.heading = heading_event(self.events, text)

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
        outer: tuple[PeriodEvent | None, int] | None = None  # the context before a bracket
        for fig in g.figures(low, folded=True):
            start = fig.start
            if self._masked(start):
                continue
            while next_event < len(self.events) and self.events[next_event].start < start:
                event = self.events[next_event]
                if outer is not None and event.start >= outer[1]:
                    context.event, outer = outer[0], None
                if event.kind == "context" and not self._of_figure(event, previous):
                    close = self._bracket_close(event)
                    if close >= 0 and outer is None:
                        outer = (context.event, close)
                    context.event = event
                next_event += 1
            if outer is not None and start >= outer[1]:
                context.event, outer = outer[0], None
            clause_start = self._last_before(self.clauses, start)
            same_clause = previous is not None and previous.end >= clause_start
            seg_start = min(start, previous.end) if same_clause and previous else clause_start
            qualifier = g.qualifier(low, start, seg_start, folded=True)
            lead_end = qualifier[1] if qualifier else start
            reach = max(seg_start, start - 80)
            opened = previous is not None and low.find("(", reach, start) >= 0
            inside = g.bracket_inside_re.search(low, reach, start) if opened else None
            bracketed = opened and bool(inside or g.bracket_re.search(low, reach, start))
            if not bracketed and self._negated(seg_start, lead_end):
                continue
            if bracketed and previous is not None:
                annual = bool(inside and inside["year"])
                row = self._plan_in_brackets(fig, previous, annual)
                end, span = fig.end, previous.span
            else:
                row, end, span = self._row(
                    fig, seg_start, qualifier, context, previous, same_clause
                )
            previous = _Previous(end, row.pop("_carry", row["indicator"]), span, row)
            self.row_ends.append(end)
            self.row_indicators.append(previous.indicator)
            if row.pop("_unheld", False):
                continue  # a period no code holds ("8 tháng"): no row rather than a wrong one
            yield finish(row)

    def _of_figure(self, event: PeriodEvent, previous: _Previous | None) -> bool:
        """True when a period phrase dates the figure right before it ("mức tăng 4,8% của 6
        tháng đầu năm 2023"): it governs no figure after it."""
        if previous is None or not 0 <= event.start - previous.end <= 12:
            return False
        return self.low[previous.end : event.start].split() in self._period_of_words

    def _bracket_close(self, event: PeriodEvent) -> int:
        """Where the bracket around a period phrase closes ("(năm 2022 tăng 6,95%)": the year
        governs up to there only), else -1. Looks at most 80 characters either side."""
        opened = self.low.rfind("(", max(0, event.start - 80), event.start)
        if opened < 0 or self.low.find(")", opened, event.start) >= 0:
            return -1
        close = self.low.find(")", event.end, event.end + 80)
        if close < 0 or self.low.find("\n", event.end, close) >= 0:
            return -1
        return close

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
        if measure == "share":
            from_ = alias_start if alias_start >= 0 else seg_start
            measure, comparison = self._bare_percent(indicator, fig, from_, review)
        indicator = self._unit_fit(indicator, measure, unit, fig, alias_start, seg_start, notes)
        if indicator and measure == "level" and unit != self.al.unit_of.get(indicator):
            review.append(f"stated in {unit}, not {self.al.unit_of.get(indicator)}: kept as stated")
        carry = indicator
        if not named:  # an area in a list ("trong đó, tỉnh X tăng 5%") is no part
            indicator = self._part_of_total(fig, indicator, notes, review)
        if measure == "level":
            indicator = self._price_basis(fig, seg_start, indicator, notes, review)
        bound = self._bound(fig, qualifier, measure, notes)
        clause_start = self._last_before(self.clauses, fig.start)
        estimate = bool(self.estimates.first(clause_start, fig.start))
        if estimate:
            notes.append("ước: an estimate")
        span, period = self._period(
            fig, seg_start, lead, context, previous, same_clause, notes, review
        )
        unheld = bool(period) and not held(period)
        kind = "result"
        if not unheld:
            kind, period = self._plan_before(fig, seg_start, qualifier, period, notes, review)
        if not unheld and kind == "result":
            kind = self._kind(fig, period, span or context.event, estimate, notes, review)
            period = self._title_period(period, kind, review)
            unheld = bool(period) and not held(period)
        earlier = context.event and context.event.start < self._last_before(
            self.sentences, fig.start
        )
        after = "period stated after the figure" in review
        if span is None and earlier and not after and (previous is None or not same_clause):
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
        if carry != indicator:
            row["_carry"] = carry
        if unheld:
            row["_unheld"] = True
        return row, end, span

    def _unit_fit(
        self,
        indicator: str,
        measure: str,
        unit: str,
        fig: FigureMatch,
        alias_start: int,
        seg_start: int,
        notes: list[str],
    ) -> str:
        """The indicator, or ``""`` for a level stated as a change ("tăng 2.000 tỷ đồng") or in
        a unit the indicator is never stated in (the reason in ``notes``)."""
        if measure != "level" or unit == "percent":
            return indicator
        verb = self.verbs.last(alias_start if alias_start >= 0 else seg_start, fig.start)
        if verb and not self.text[verb.end() : fig.start].strip(" \t"):
            notes.append(
                f"stated as a change ('{self._said(verb, 'g')}'), not a level; indicator left empty"
            )
            return ""
        if indicator and unit not in self.al.units_of.get(indicator, ()):
            if unit != "count":
                notes.append(
                    f"'{indicator}' is in {self.al.unit_of.get(indicator)}, the figure in {unit}; "
                    "indicator left empty"
                )
            return ""
        return indicator

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
        blocker = self._sub_item(found, after_from, start, review)
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
        sector = self._sector_alias(blocker, fig, unit, review) if blocker else ""
        if sector:
            return sector, -1, -1, end
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
        listed = area is not None and previous is not None and self._in_sentence(previous, fig)
        if listed and previous is not None and previous.indicator:
            review.append("an area named in a list: the list's indicator")
        if previous is not None and (same_clause or listed or self._opens_list_item(fig, previous)):
            if previous.indicator:
                review.append(
                    f"indicator inherited from the previous figure ({previous.indicator})"
                )
            return previous.indicator, -1, -1, end
        review.append("no indicator phrase")
        return "", -1, -1, end

    def _sub_item(
        self, found: re.Match[str] | None, after_from: int, start: int, review: list[str]
    ) -> re.Match[str] | None:
        """The sub-item named after the indicator phrase and before the figure, unless it is
        joined to the phrase by "và" ("kim ngạch xuất khẩu hàng hóa và doanh thu ngoại tệ": one
        figure for both, kept for review) or stands in brackets ("(trừ thu tiền sử dụng
        đất)": the total still)."""
        blocker = self.sub_items.last(after_from, start)
        if blocker is None or found is None:
            return blocker
        own = self.al.indicator(found.group())
        if (
            own in self.g.own_measure_of
            and " ".join(blocker.group().split()) in self.g.own_measures
        ):
            return None  # "dịch vụ logistics có doanh thu đạt ...": the indicator's own value
        between = self.low[found.end() : blocker.start()].split()
        if between == ["và"]:
            review.append(f"stated together with '{self._said(blocker)}'")
            return None
        opened = self.low.rfind("(", found.end(), blocker.start())
        closed = self.low.find(")", blocker.end(), start)
        if opened >= 0 and closed >= 0 and self.low.find(")", opened, blocker.start()) < 0:
            review.append(f"a sub-item in brackets ('{self._said(blocker)}')")
            return None
        return blocker

    def _in_sentence(self, previous: _Previous, fig: FigureMatch) -> bool:
        return previous.end >= self._last_before(self.sentences, fig.start)

    def _other_place(
        self, found: re.Match[str] | None, seg_start: int, fig: FigureMatch
    ) -> str | None:
        """Another place named in the segment before the figure (outside its indicator phrase:
        "đóng góp vào GDP cả nước" names the indicator, not a place) or right after the figure
        ("7,5% của cả nước"); ``None`` when the figure is the report's own."""
        place = self.places.last(seg_start, fig.start)
        outside = place and (found is None or not found.start() < place.end() <= found.end())
        if outside and not self._ranked(place, seg_start):
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
        if self.area_names.kinds.get(area) in ("region", "country") and self._ranked(m, seg_start):
            return None  # "đứng thứ 3 cả nước": the field of a ranking
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
