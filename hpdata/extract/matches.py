"""A lazy, linear-time index of one pattern's matches over a text (see :class:`Matches`)."""

from __future__ import annotations

import bisect
import re


class Matches:
    """The matches of one pattern over the parts of a text that figures ask about, in order.

    The text is scanned lazily and at most once: a query for the window ``[a, b)`` scans only
    what no earlier query scanned (``finditer`` from ``max(a, scanned)`` to ``b``); the stretch it
    jumps over is kept as a hole and scanned only if a later window reaches back into it. So the
    total scanning is O(n) for n characters, and only the ~10 % of a report that lies in some
    figure's window is scanned at all. Matches do not overlap, so their starts and ends are both
    sorted and a window's first or last match is found by binary search, O(log n). A window
    holds the matches with ``start >= a`` and ``end <= b``; windows end where a number starts.

    A scan that has to go past ``scanned`` goes on to the first of ``stops`` (clause ends) at
    least ``ahead`` characters further, so the next figures' windows are mostly found scanned
    already: one scan per stretch of text instead of one per figure (each costs a call into the
    regex engine and a list insertion), and a scan never stops inside a clause.

    Examples
    --------
    >>> m = Matches(re.compile(r"ab"), "ab ab ab")
    >>> m.first(0, 8).start(), m.last(1, 8).start(), m.last(0, 1)
    (0, 6, None)
    """

    def __init__(
        self,
        pattern: re.Pattern[str],
        text: str,
        keep=None,
        stops: list[int] | None = None,
        ahead: int = 0,
    ):
        self.pattern, self.text, self.keep = pattern, text, keep
        self.stops, self.ahead = stops or [], ahead
        self.matches: list[re.Match[str]] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.scanned = 0
        self.holes: list[tuple[int, int]] = []  # stretches jumped over, in order

    def _add(self, a: int, b: int) -> None:
        found = [
            m for m in self.pattern.finditer(self.text, a, b) if self.keep is None or self.keep(m)
        ]
        if not found:
            return
        i = bisect.bisect_left(self.starts, a)
        self.matches[i:i] = found
        self.starts[i:i] = [m.start() for m in found]
        self.ends[i:i] = [m.end() for m in found]

    def _cover(self, a: int, b: int) -> None:
        """Make sure ``[a, b)`` has been scanned (each character is scanned once)."""
        if a < self.scanned and self.holes and self.holes[-1][1] > a:  # a hole reaches [a, b)
            i = bisect.bisect_right(self.holes, (a, len(self.text) + 1)) - 1
            i = max(i, 0)
            while i < len(self.holes) and self.holes[i][0] < b:
                h0, h1 = self.holes[i]
                if h1 > a:
                    del self.holes[i]
                    self._add(h0, h1)
                else:
                    i += 1
        if b > self.scanned:
            if a > self.scanned:
                self.holes.append((self.scanned, a))
                self.scanned = a
            if self.ahead:
                i = bisect.bisect_left(self.stops, b + self.ahead)
                b = self.stops[i] if i < len(self.stops) else len(self.text)
            self._add(self.scanned, b)
            self.scanned = b

    def last(self, a: int, b: int) -> re.Match[str] | None:
        """The last match inside ``[a, b)``, or ``None``."""
        self._cover(a, b)
        i = bisect.bisect_right(self.ends, b) - 1
        if i >= 0 and self.starts[i] >= a:
            return self.matches[i]
        return None

    def first(self, a: int, b: int) -> re.Match[str] | None:
        """The first match inside ``[a, b)``, or ``None``."""
        self._cover(a, b)
        i = bisect.bisect_left(self.starts, a)
        if i < len(self.matches) and self.ends[i] <= b:
            return self.matches[i]
        return None
