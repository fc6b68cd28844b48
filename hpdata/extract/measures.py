"""What a figure measures and its bound: the measure rules of the walker.

:class:`Measures` is a part of :class:`~hpdata.extract.walker.Walker` (a mixin: it reads the
walker's text, grammar and indexes): a percent is a share of plan, a growth, a share of the
prior period or a share; a bare percent of a growth indicator ("GRDP quý I đạt 8%") is a growth
(``growth_indicators`` of the lexicon); the bound comes from a range, a qualifier or the words
after the figure.
"""

from __future__ import annotations

from dataclasses import replace

from .grammar import FigureMatch


class Measures:
    """The measure and bound rules (a mixin of :class:`~hpdata.extract.walker.Walker`)."""

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
        "(so với) cùng kỳ" a share of the prior period; any other percent a share. "vượt dự toán
        12%" (the plan word before the percent) is a share of plan of 112."""
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
                fig = replace(fig, value=fig.value + 100)
            return "share_of_plan", "", fig, plan.end()
        if g.excess_before_re.search(text, max(seg_start, start - 60), start):
            notes.append(f"vượt (the plan) {fig.value}%: 100 + {fig.value}")
            return "share_of_plan", "", replace(fig, value=fig.value + 100), end
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

    def _bare_percent(
        self, indicator: str, fig: FigureMatch, seg_start: int, review: list[str]
    ) -> tuple[str, str]:
        """``(measure, comparison)`` of a bare percent ("đạt 8%": no growth, plan or
        comparison word) read as a share: of a growth indicator (lexicon ``growth_indicators``)
        with no share word before it ("chiếm", "tỷ trọng"), a growth, or from 100 an index
        against the same period ("109,1%"); any other stays a share, for review when its
        indicator is not a percent."""
        growth = indicator in self.g.growth_indicators
        if growth and not self.g.share_word_re.search(self.low, seg_start, fig.start):
            if fig.value >= 100:
                review.append("a bare percent from 100: an index against the same period")
                return "share_of_prior", "same_period_prior_year"
            review.append("a bare percent of a growth indicator: read as growth")
            return "growth", "same_period_prior_year"
        if indicator and self.al.unit_of.get(indicator) != "percent":
            review.append(f"a bare percent of '{indicator}' read as a share")
        return "share", ""


def _negate(fig: FigureMatch) -> FigureMatch:
    high = -fig.high if fig.high is not None else None
    if high is not None:  # a falling range: keep value <= high
        return replace(fig, value=high, high=-fig.value)
    return replace(fig, value=-abs(fig.value))
