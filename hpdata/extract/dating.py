"""When a figure is for and whether it is a target: the period and kind rules of the walker.

:class:`Dating` is a part of :class:`~hpdata.extract.walker.Walker` (a mixin: it reads the
walker's text, grammar and indexes). Its rules, each in its method's docstring:

* **Period.** A span of the figure's clause, else the period phrase in force; when none was
  stated in the figure's sentence, one stated right after the figure in its clause ("đạt 30.000
  tỷ đồng trong 6 tháng đầu năm"); a result dated to a whole year that is not over at
  publication takes the part-year of the title or lead ("Kinh tế 9 tháng: ..."). A price base
  ("giá so sánh năm 2010") and a comparison ("so với cuối năm 2022", "so với 6 tháng đầu năm
  2023") are never periods; a figure in brackets right after a comparison is the base period's;
  "X% của 6 tháng đầu năm 2023" dates X. A year-less part-year takes the year under review at
  publication rather than an earlier year carried from an earlier sentence; "từ đầu năm đến
  nay" is dated by the publication date.
* **Kind.** A target word earlier in the sentence, or in the heading of the list the figure is an
  item of ("Các chỉ tiêu chủ yếu năm 2026:"), or a horizon makes a target; a target word inside a
  result phrase ("vượt chỉ tiêu", "15/20 chỉ tiêu đạt") does not; an estimate after the target
  word ("chỉ tiêu 10.000 tỷ đồng, ước thực hiện 11.000 tỷ đồng") is a result; a forecast
  ("dự kiến") of the period under review is an estimate, a result; "kế hoạch năm 2024 đạt X"
  right before the figure is the annual plan, a target.
* **Plans in brackets.** "chưa đạt kế hoạch đề ra (9%)" and "(kế hoạch năm 30.000 tỷ đồng)" state
  the plan of the figure before, a target.
"""

from __future__ import annotations

import bisect
import re
from datetime import date, timedelta

from .grammar import YEAR_TO_DATE, FigureMatch, PeriodEvent, _cumulative, resolve_year
from .periodcodes import _period_bounds, _shift_year, held
from .state import _Context, _Previous

#: A list item's first characters: a dash or bullet, "a)", "1.", "1)".
_ITEM = re.compile(r"\s*(?:[-+•–—*·]|[a-zđ]\)|[0-9]{1,2}[.)])")
#: A year in a plan phrase ("kế hoạch năm 2024").
_YEAR_IN = re.compile(r"(?:19|20)[0-9]{2}(?![0-9])")
#: The end of a line that ends with ":".
_HEADING_END = re.compile(r":[ \t]*\n")
#: How far after a figure a period stated after it may start (characters).
AFTER_REACH = 60
#: How many characters at the start of a text are its title and lead.
HEADING_CHARS = 400


def target_lists(text: str, low: str, target_re: re.Pattern[str]) -> list[tuple[int, int]]:
    """The stretches of text governed by a list heading with a target word: a line that ends
    with ":" after a target word governs the list items below it (lines opening with a dash,
    bullet, "a)" or "1."), else the one line below it. Sorted, not overlapping; O(n): only the
    lines that end with ":" are searched for a target word."""
    regions: list[tuple[int, int]] = []
    for colon in _HEADING_END.finditer(text):
        line_end = colon.end() - 1
        if regions and regions[-1][1] > line_end:
            continue
        line_start = text.rfind("\n", 0, line_end) + 1
        if not any(m["t"] for m in target_re.finditer(low, line_start, line_end)):
            continue
        end = text.find("\n", line_end + 1)
        end = len(text) if end < 0 else end
        if _ITEM.match(text, line_end + 1):
            while end < len(text) and _ITEM.match(text, end + 1):
                nxt = text.find("\n", end + 1)
                end = len(text) if nxt < 0 else nxt
        regions.append((line_end, end))
    return regions


def heading_event(events: list[PeriodEvent], text: str) -> PeriodEvent | None:
    """The first part-year period (a quarter, half, nine months or month) stated in the title
    or lead (the first three lines: header, title, lead; at most :data:`HEADING_CHARS`
    characters), or ``None``."""
    limit = -1
    for _ in range(3):  # the end of the third line: a header, the title, the lead
        limit = text.find("\n", limit + 1)
        if limit < 0:
            limit = len(text)
            break
    limit = min(HEADING_CHARS, limit)
    for event in events:
        if event.start >= limit:
            break
        if event.kind == "context" and not event.horizon and "-" in event.code:
            return event
    return None


class Dating:
    """The period and kind rules (a mixin of :class:`~hpdata.extract.walker.Walker`)."""

    def _period(
        self,
        fig: FigureMatch,
        seg_start: int,
        lead: int,
        context: _Context,
        previous: _Previous | None,
        same_clause: bool,
        notes: list[str],
        review: list[str],
    ) -> tuple[PeriodEvent | None, str]:
        """``(span, period)``: a span of this clause (or of the clause it shares), else the
        period phrase in force, or one stated right after the figure when the sentence stated
        none before it; a year-less one takes the last year stated before it, else the year of
        publication. "(cùng kỳ năm trước tăng X%)" moves it back one year."""
        start = fig.start
        i = bisect.bisect_left(self.span_starts, start) - 1
        own = self.spans[i] if i >= 0 and self.span_starts[i] >= seg_start else None
        span = own or (previous.span if previous and lead < 0 and same_clause else None)
        event = span or context.event
        if span is None and (event is None or event.start < self._sentence_start(start)):
            after = self._period_after(fig)
            if after is not None:
                event = after
                review.append("period stated after the figure")
        of = self._period_of(fig)
        if of is not None and of is not event:
            event = of
            review.append("period stated after the figure ('của ...')")
        if event is None:
            period = f"{self.published.year}" if self.published else ""
            notes.append("no period stated" + ("; the year of publication" if period else ""))
            review.append("no period stated")
        else:
            period = self._resolve(event, review)
            if event.start > self._bracket_open(start) >= 0:
                review.append("a period stated inside brackets")
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
        elif period and held(period):
            period = self._compared_in_brackets(start, period, notes, review)
        return span, period

    def _bracket_open(self, position: int) -> int:
        """Where the bracket around ``position`` opens (within 80 characters before it, not
        closed before it), else -1."""
        opened = self.low.rfind("(", max(0, position - 80), position)
        if opened < 0 or self.low.find(")", opened, position) >= 0:
            return -1
        return opened

    def _compared_in_brackets(
        self, start: int, period: str, notes: list[str], review: list[str]
    ) -> str:
        """ "cao hơn cùng kỳ năm 2023 (tăng 9,3%)": a figure in brackets right after a
        comparison phrase is the comparison period's figure, dated to the base year (the year
        before when the phrase states none)."""
        opened = self._bracket_open(start)
        if opened < 0:
            return period
        i = bisect.bisect_left(self.event_starts, opened) - 1
        if i < 0 or self.events[i].kind != "comparison":
            return period
        event = self.events[i]
        if opened - event.end > 12 or self.low[event.end : opened].strip():
            return period
        year = int(event.code) if event.code else int(period[:4]) - 1
        notes.append(f"stated for the comparison period ('{self.text[event.start : event.end]}')")
        review.append("a figure in brackets for the comparison period")
        return _shift_year(period, year - int(period[:4]))

    def _period_of(self, fig: FigureMatch) -> PeriodEvent | None:
        """ "mức tăng 4,8% của 6 tháng đầu năm 2023": a period with its year stated right after
        the figure and a word of ``period_of`` dates the figure."""
        i = bisect.bisect_left(self.event_starts, fig.end)
        if i >= len(self.events) or "????" in self.events[i].code:
            return None
        event = self.events[i]
        if event.start - fig.end > 12:
            return None
        words = self.low[fig.end : event.start].split()
        if event.kind != "context" or event.horizon or words not in self._period_of_words:
            return None
        return event

    def _sentence_start(self, position: int) -> int:
        return self._last_before(self.sentences, position)

    def _period_after(self, fig: FigureMatch) -> PeriodEvent | None:
        """A period phrase right after the figure, in its clause, before the next figure."""
        i = bisect.bisect_left(self.event_starts, fig.end)
        if i >= len(self.events):
            return None
        event = self.events[i]
        j = bisect.bisect_right(self.clauses, fig.end)
        limit = min(
            fig.end + AFTER_REACH, self.clauses[j] if j < len(self.clauses) else len(self.text)
        )
        if event.kind != "context" or event.horizon or event.start >= limit:
            return None
        if self.g.figure_re.search(self.low, fig.end, event.start):
            return None
        return event

    def _resolve(self, event: PeriodEvent, review: list[str] | None = None) -> str:
        """A period code with its missing year (``????``) filled: the last year stated
        explicitly before it in the text, else the year of publication, else the first year
        stated after it. A year-less part-year ("6 tháng") whose last year stated is in an
        earlier sentence and earlier than the year whose part-year is under review at
        publication (:meth:`_review_year`) takes the latter ("Năm 2023, ... Trong 6 tháng,
        ..." published in July 2024 is 2024-H1). "Từ đầu năm đến nay" is dated by
        :meth:`_year_to_date`. A year carried from an earlier sentence (not the title's own
        statement of the period) or one from the publication date for a period not begun by
        then is a guess: ``review`` receives the reason."""
        if "????" not in event.code and not event.code.endswith(YEAR_TO_DATE):
            return event.code
        cache = self.__dict__.setdefault("_resolved", {})
        if event not in cache:
            reasons: list[str] = []
            cache[event] = (self._resolve_year(event, reasons), tuple(reasons))
        code, reasons = cache[event]
        if review is not None:
            review.extend(reasons)
        return code

    def _resolve_year(self, event: PeriodEvent, review: list[str]) -> str:
        """:meth:`_resolve` of one event, uncached."""
        code = event.code
        if code.endswith("-" + YEAR_TO_DATE):
            return self._year_to_date(code, review)
        notes = review
        i = bisect.bisect_left(self.year_starts, event.start) - 1
        if i >= 0:
            year = self.year_events[i].code[:4]
            earlier = self.year_events[i].start < self._sentence_start(event.start)
            under_review = self._review_year(code)
            if earlier and under_review and int(under_review) > int(year):
                notes.append(f"the year under review at publication ({under_review})")
                return code.replace("????", under_review)
            resolved = code.replace("????", year)
            titled = self.heading is not None and self.heading.code == resolved
            if earlier and not titled:  # the title stating the very period is no guess
                notes.append("the period's year stated in an earlier sentence")
            return resolved
        if self.published is None and self.year_events:
            notes.append("the period's year stated after it")
            return code.replace("????", self.year_events[0].code[:4])
        resolved = resolve_year(code, self.published)
        if resolved and held(resolved) and _period_bounds(resolved)[0] > self.published:
            notes.append("the period's year from the publication date, not begun by then")
        return resolved

    def _review_year(self, code: str) -> str | None:
        """The year whose part-year ``code`` ("????-H1") is under review at publication: the
        publication year when that part of it has ended, or ends within ``forecast_days``
        after publication; else ``None``."""
        if self.published is None or "-" not in code:
            return None
        year = f"{self.published.year:04d}"
        candidate = code.replace("????", year)
        if not held(candidate):
            return None
        _first, after, _span = _period_bounds(candidate)
        reach = timedelta(days=self.g.lexicon.forecast_days)
        return year if after <= self.published + reach else None

    def _year_to_date(self, code: str, review: list[str]) -> str:
        """ "Từ đầu năm đến nay": published within ``year_to_date_days`` after a quarter of its
        year has ended (5 July), the months before it ("2024-H1", for review); any other day,
        a span no period code holds (``2024-YTD``: no row)."""
        day = self.published
        year = code[:4] if "????" not in code else (f"{day.year:04d}" if day else "????")
        if day is None or year != f"{day.year:04d}" or day.month not in (4, 7, 10):
            return f"{year}-{YEAR_TO_DATE}"
        if day.day > self.g.lexicon.year_to_date_days:
            return f"{year}-{YEAR_TO_DATE}"
        review.append("the year to date, dated by the publication date")
        return _cumulative(day.month - 1, year)

    def _title_period(self, period: str, kind: str, review: list[str]) -> str:
        """A result dated to a whole year that is not over at publication (published before its
        December) takes the part-year stated in the title or lead, if it is of that year."""
        event = self.heading
        if event is None or kind != "result" or len(period) != 4 or not period.isdigit():
            return period
        if self.published is None or self.published >= date(int(period), 12, 1):
            return period
        code = self._resolve(event)
        if not code.startswith(period + "-"):
            return period
        review.append("period from the title: the year is not over")
        return code

    def _kind(
        self,
        fig: FigureMatch,
        period: str,
        event: PeriodEvent | None,
        estimate: bool,
        notes: list[str],
        review: list[str],
    ) -> str:
        """Target or result: a target word earlier in the sentence (not in a result phrase,
        not followed by an estimate word before the figure), the heading of the list the figure
        is in, or a horizon make a target; a period that starts after the publication date or a
        span of years not over makes a target; a year or part of one already begun (an
        estimate, or stated for the current period) is a result. A target word for a part-year
        already over at publication is read as a result, for a year over kept a target, both
        for review. Period bounds are compared as dates (a quarter is over on the first day
        after it)."""
        sentence_start = self._sentence_start(fig.start)
        word = self.target_words.first(sentence_start, fig.start)
        if word and self.estimates.first(word.end(), fig.start):
            review.append("an estimate after the target word: a result")
            word = None
        bounds = _period_bounds(period) if period and self.published else None
        forecast = word and " ".join(word["t"].split()) in self.g.forecast_words
        if forecast and bounds and self._forecast_is_estimate(bounds, word, notes, review):
            return "result"
        listed = not word and self._in_target_list(fig.start)
        if word or listed or (event and event.horizon):
            if listed:
                review.append("a target by the heading of its list")
            if bounds and bounds[1] <= self.published and not (event and event.horizon):
                if len(period) > 4 and "-" in period and not bounds[2]:
                    review.append("a target word, but the part-year was over at publication")
                    return "result"
                review.append("a target for a period over at publication")
            return "target"
        if bounds is None:
            return "result"
        first, after, span = bounds
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

    def _forecast_is_estimate(
        self, bounds: tuple, word, notes: list[str], review: list[str]
    ) -> bool:
        """A forecast word ("dự kiến") for a period already begun at publication: an estimate
        of the period under review (a result) when the period ends within ``forecast_days``
        of publication (the year in December); further ahead a target, for review."""
        first, after, span = bounds
        if span or first > self.published:
            return False
        said = self.text[word.start("t") : word.end("t")]
        if after <= self.published + timedelta(days=self.g.lexicon.forecast_days):
            notes.append(f"'{said}' for the period under review: an estimate (ước)")
            review.append("a forecast of the period under review: an estimate, a result")
            return True
        review.append(f"'{said}' for a period already begun: read as a target")
        return False

    def _plan_before(
        self,
        fig: FigureMatch,
        seg_start: int,
        qualifier: tuple[str, int] | None,
        period: str,
        notes: list[str],
        review: list[str],
    ) -> tuple[str, str]:
        """``(kind, period)``: "Thu ngân sách kế hoạch năm 2024 đạt 40.000 tỷ đồng" (a release
        table's plan column read as a sentence, or an article) states the annual plan, a target
        for the year the phrase names, else the year of the period in force (for review); a
        result word before the plan word ("vượt kế hoạch năm, đạt ...") leaves a result."""
        end = qualifier[1] if qualifier else fig.start
        m = self.g.plan_before_re.search(self.low, max(seg_start, end - 60), end)
        if m is None or self.g.not_before_re.search(self.low, max(0, m.start() - 15), m.start()):
            return "result", period
        said = " ".join(self.text[m.start() : m.end()].split())
        notes.append(f"the annual plan ('{said}') stated before the figure")
        year = _YEAR_IN.search(self.low, m.start(), m.end())
        if year:
            return "target", year.group()
        if period[:4].isdigit():
            review.append("the plan's year from the period in force")
            return "target", period[:4]
        return "target", period

    def _in_target_list(self, position: int) -> bool:
        i = bisect.bisect_right(self.list_starts, position) - 1
        return i >= 0 and self.target_regions[i][1] >= position

    def _plan_in_brackets(
        self, fig: FigureMatch, previous: _Previous, annual: bool = False
    ) -> dict:
        """ "chưa đạt kế hoạch đề ra (9%)", "(kế hoạch năm 30.000 tỷ đồng)": the plan of the
        previous figure, a target with its indicator, measure, comparison and period (its whole
        year when the bracket says "năm")."""
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
        if annual and row["period"][:4].isdigit():
            row["period"] = row["period"][:4]
        if row["measure"] in ("level",) and row["unit"] == "percent":
            row["measure"] = "share"
        return row
