"""Parts of a figure's sentence that change what its indicator is: the parts of a total, two
price bases, ranks and sector words (a mixin of :class:`~hpdata.extract.walker.Walker`).

Rules, each in its method's docstring:

* **Parts of a total.** After "trong đó", "riêng" (``[sub_items] scopes``), a figure named by the
  indicator of the total stated before the word in its sentence, or inheriting it, is a part
  ("..., trong đó xuất khẩu dệt may đạt 1,2 tỷ USD"): no indicator. A part with an indicator of
  its own ("trong đó thu nội địa") keeps it; a period right after the word ("trong đó quý IV")
  is a list of periods and keeps the total's.
* **Two price bases.** A level at constant prices ("theo giá so sánh") in a sentence that also
  states one at current prices ("theo giá hiện hành") gets no indicator: the indicator's level
  is the current-price one; a growth keeps the indicator. A lone constant-price level keeps it,
  for review.
* **Ranks.** A place word right after a rank ("đứng thứ 5 cả nước") is the field of the
  ranking, not the place the figure is about.
* **Sectors.** A sector word ("Ngành du lịch") blocks the indicator before it but not one named
  right after the figure ("đón 1,2 triệu lượt du khách").

Every look-up is a bounded window or a query of a :class:`~.matches.Matches` index: linear time.
"""

from __future__ import annotations

import bisect
import re

from .grammar import FigureMatch


class Parts:
    """The rules above (a mixin of :class:`~hpdata.extract.walker.Walker`)."""

    def _part_of_total(
        self, fig: FigureMatch, indicator: str, notes: list[str], review: list[str]
    ) -> str:
        """``indicator``, or ``""`` when the figure is a part of the total stated before a
        ``scopes`` word of its sentence under the same indicator."""
        if not indicator:
            return indicator
        sentence_start = self._sentence_start(fig.start)
        scope = self._last_scope(sentence_start, fig.start)
        if scope is None:
            return indicator
        i = bisect.bisect_right(self.row_ends, scope.start()) - 1
        if i < 0 or self.row_ends[i] < sentence_start or self.row_indicators[i] != indicator:
            return indicator
        j = bisect.bisect_left(self.event_starts, scope.end())
        listed = j < len(self.events) and self.events[j].start < fig.start
        if listed and self.events[j].kind == "context":
            return indicator  # "trong đó quý IV tăng 9%": a list of periods
        said = self.text[scope.start() : scope.end()]
        notes.append(f"a part of the total before '{said}'; indicator left empty")
        review.append("a part of a total: no indicator")
        return ""

    def _last_scope(self, sentence_start: int, position: int) -> re.Match[str] | None:
        """The last ``scopes`` word of the sentence before ``position``. Figures ask in the order
        of the text, so each stretch is searched once (the last word found is kept)."""
        scanned, last = self.__dict__.get("_scope_state", (0, None))
        for m in self.g.sub_scope_re.finditer(self.low, max(scanned, sentence_start), position):
            last = m
        self._scope_state = (max(scanned, position), last)
        return last if last is not None and last.start() >= sentence_start else None

    def _price_basis(
        self,
        fig: FigureMatch,
        seg_start: int,
        indicator: str,
        notes: list[str],
        review: list[str],
    ) -> str:
        """The indicator of a level, given the price basis stated before it in its segment:
        constant prices beside a current-price reading in the same sentence give ``""``; a
        lone constant-price level keeps the indicator, for review."""
        if not indicator:
            return indicator
        # the last one (figures' segments do not overlap: linear in all)
        found = list(self.g.price_re.finditer(self.low, seg_start, fig.start))
        basis = found[-1] if found else None
        if basis is None or basis["cur"]:
            return indicator
        sentence_start = self._sentence_start(fig.start)
        k = bisect.bisect_right(self.sentences, fig.start)
        sentence_end = self.sentences[k] if k < len(self.sentences) else len(self.text)
        said = self.text[basis.start() : basis.end()]
        if self.current_prices.first(sentence_start, sentence_end) is None:
            review.append(f"a level at constant prices ('{said}')")
            return indicator
        notes.append(
            f"a level at constant prices ('{said}') beside the one at current prices; "
            "indicator left empty"
        )
        review.append("constant prices beside current prices: no indicator")
        return ""

    def _ranked(self, place: re.Match[str], seg_start: int) -> bool:
        """True when a rank word stands up to three words before ``place``."""
        reach = max(seg_start, place.start() - 40)
        return self.g.rank_re.search(self.low, reach, place.start()) is not None

    def _sector_alias(
        self, blocker: re.Match[str], fig: FigureMatch, unit: str, review: list[str]
    ) -> str:
        """The indicator named right after the figure, in its unit, when ``blocker`` is a sector
        word ("Ngành du lịch đón 1,2 triệu lượt du khách"); else ``""``."""
        if " ".join(blocker.group().split()) not in self.g.sectors:
            return ""
        after = self._alias_after(fig)
        found = self.al.indicator(after.group()) if after is not None else ""
        if not found or unit not in self.al.units_of.get(found, ()):
            return ""
        said = self.text[blocker.start() : blocker.end()]
        review.append(f"a sector ('{said}'): the indicator named after the figure")
        return found
