"""Period codes: ``YYYY``, ``YYYY-QN``, ``YYYY-HN``, ``YYYY-9M`` (nine months), ``YYYY-MNN`` (one
month) and ``YYYY-YYYY`` (a span); :func:`period_text` writes them as readers do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ParameterError

PERIOD_PATTERN = r"^\d{4}(?:-(?:Q[1-4]|H[12]|9M|M(?:0[1-9]|1[0-2])|\d{4}))?$"
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
    def kind(self) -> str:
        """``year``, ``span``, ``quarter``, ``half``, ``nine_months`` or ``month``."""
        rest = self.code[5:]
        if not rest:
            return "year"
        return {"Q": "quarter", "H": "half", "9": "nine_months", "M": "month"}.get(rest[0], "span")

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
        ``YYYY``, ``YYYY-QN``, ``YYYY-HN``, ``YYYY-9M``, ``YYYY-MNN`` or ``YYYY-YYYY``.

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
        raise ParameterError(
            f"period {code!r} is not YYYY, YYYY-QN, YYYY-HN, YYYY-9M, YYYY-MNN or YYYY-YYYY"
        )
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
    if rest.startswith("M"):
        m = int(rest[1:])
        return Period(code, year + (m - 1) / 12, year + m / 12)
    last = int(rest)
    if last < year:
        raise ParameterError(f"period {code!r} ends before it starts")
    return Period(code, float(year), last + 1.0)


def period_in_order(code: object) -> bool:
    """False for a span that ends before it starts (``2025-2019``); True for any other code
    (a code of the wrong form is another check's to refuse).

    Examples
    --------
    >>> period_in_order("2019-2025"), period_in_order("2025-2019"), period_in_order("2023-Q1")
    (True, False, True)
    """
    if not is_period(code):
        return True
    rest = str(code)[5:]
    return not rest.isdigit() or len(rest) != 4 or int(rest) >= int(str(code)[:4])


def is_period(code: object) -> bool:
    """True when ``code`` is a valid period code."""
    return isinstance(code, str) and bool(_PERIOD.match(code))


def period_text(code: str, lang: str = "vi", data_dir: str | Path | None = None) -> str:
    """A period as readers write it, from the ``period_<kind>`` templates of ``data/labels.csv``.

    ``2023-Q1`` -> ``quý 1/2023`` / ``Q1 2023``; ``2019-2025`` -> ``2019–2025`` (an en dash);
    ``2023-H1`` -> ``6 tháng đầu năm 2023`` / ``first half of 2023``; ``2023-9M`` ->
    ``9 tháng đầu năm 2023`` / ``January–September 2023``; ``2023-M03`` -> ``tháng 3/2023`` /
    ``March 2023``. The template fields are ``{year}``, ``{n}`` (quarter, half or month number),
    ``{month}`` (the month's name in ``lang``; ``period_half_1`` and ``period_half_2`` for halves), ``{start}`` and ``{end}`` (a span's years).

    Examples
    --------
    >>> period_text("2023-Q1", "vi"), period_text("2023-Q1", "en")
    ('quý 1/2023', 'Q1 2023')
    >>> period_text("2019-2025", "en")
    '2019–2025'
    >>> period_text("2024-M03", "en"), period_text("2024-M03", "vi")
    ('March 2024', 'tháng 3/2024')
    >>> period_text("2024-H1", "vi")
    '6 tháng đầu năm 2024'

    """
    from .i18n import text

    p = parse_period(code)
    kind = p.kind
    year = int(code[:4])
    n = int(code[6:]) if kind in ("quarter", "half", "month") else 0
    fields = {"year": year, "n": n, "start": year, "end": code[5:] if kind == "span" else year}
    if kind == "month":
        fields["month"] = text(f"month_{n}", lang, data_dir)
    key = f"period_half_{n}" if kind == "half" else f"period_{kind}"
    return text(key, lang, data_dir).format(**fields)
