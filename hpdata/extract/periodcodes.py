"""Period codes as dates: the bounds of a code and a code moved by whole years."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..periods import PERIOD_PATTERN, parse_period

_HELD = re.compile(PERIOD_PATTERN)


def held(code: str) -> bool:
    """True when ``code`` is a period the data can hold (``2024-H1``), False for one no code
    holds (``2024-8M``: eight months; ``2024-TD``: the year to a day) or an empty one.

    Examples
    --------
    >>> held("2024-9M"), held("2024-8M"), held("")
    (True, False, False)
    """
    return bool(_HELD.match(code))


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


def _decimal_year(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length
