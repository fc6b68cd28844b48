"""Period codes: ``YYYY``, ``YYYY-QN``, ``YYYY-HN``, ``YYYY-9M`` (nine months) and ``YYYY-YYYY`` (a span)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ParameterError

PERIOD_PATTERN = r"^\d{4}(?:-(?:Q[1-4]|H[12]|9M|\d{4}))?$"
_PERIOD = re.compile(PERIOD_PATTERN)


@dataclass(frozen=True)
class Period:
    """A parsed period, as decimal years: ``start`` inclusive, ``end`` exclusive.

    ``2023-Q1`` is [2023.0, 2023.25); ``2025`` is [2025.0, 2026.0); ``2019-2025`` is [2019.0, 2026.0).
    """

    code: str
    start: float
    end: float

    @property
    def years(self) -> float:
        """Length in years: 0.25 for a quarter, 7 for ``2019-2025``."""
        return self.end - self.start

    @property
    def is_span(self) -> bool:
        """True for a multi-year span such as ``2021-2025``."""
        return self.years > 1

    @property
    def is_part_of_year(self) -> bool:
        """True for a quarter, a half or nine months."""
        return self.years < 1

    @property
    def year(self) -> int:
        """The calendar year of a part-year period or a single year; the last year of a span."""
        return int(self.end - 1e-9)

    @property
    def benchmark_key(self) -> str:
        """The key of the period in ``method.toml``'s linear benchmark: Q1, H1, 9M or FY.

        A quarter other than Q1 maps to the cumulative share due by its end (Q2 -> H1, Q3 -> 9M).
        """
        fraction = round(self.end - int(self.start), 2)
        return {0.25: "Q1", 0.5: "H1", 0.75: "9M"}.get(fraction, "FY")


def parse_period(code: str) -> Period:
    """Parse a period code.

    Parameters
    ----------
    code : str
        ``YYYY``, ``YYYY-QN``, ``YYYY-HN``, ``YYYY-9M`` or ``YYYY-YYYY``.

    Returns
    -------
    Period

    Raises
    ------
    ParameterError
        If the code is not one of those forms, or a span ends before it starts.

    Examples
    --------
    >>> p = parse_period("2023-Q1"); (p.start, p.end, p.year)
    (2023.0, 2023.25, 2023)
    """
    if not isinstance(code, str) or not _PERIOD.match(code):
        raise ParameterError(f"period {code!r} is not YYYY, YYYY-QN, YYYY-HN, YYYY-9M or YYYY-YYYY")
    year = int(code[:4])
    rest = code[5:]
    if not rest:
        return Period(code, year, year + 1.0)
    if rest.startswith("Q"):
        q = int(rest[1])
        return Period(code, year + (q - 1) / 4, year + q / 4)
    if rest.startswith("H"):
        h = int(rest[1])
        return Period(code, year + (h - 1) / 2, year + h / 2)
    if rest == "9M":
        return Period(code, float(year), year + 0.75)
    last = int(rest)
    if last < year:
        raise ParameterError(f"period {code!r} ends before it starts")
    return Period(code, float(year), last + 1.0)


def is_period(code: object) -> bool:
    """True when ``code`` is a valid period code."""
    return isinstance(code, str) and bool(_PERIOD.match(code))
