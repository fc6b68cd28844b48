"""Numbers for people: base-unit values written the way Vietnamese and English readers expect.

One rule for tables and charts. Scale words and unit templates come from ``data/units.csv`` (edit
them there): a figure is written in the largest scale it reaches (24 042 000 000 000 VND is
``24,04 nghìn tỷ đồng``, as English writes ``VND 24.04 trillion``), with about four significant
digits. A chart axis (:func:`shared_scale`) takes the scale of its largest value and writes every
tick and label along it in that one scale (:func:`fmt_in`), so a figure reads the same on the chart
and in the table beside it. Digits, grouping and the decimal mark come from Babel's CLDR locale
data (``vi`` writes ``24.042`` and ``9,65``, ``en`` ``24,042`` and ``9.65``); negative numbers take
the true minus sign U+2212 (``−9,46%``); ratios keep two decimals (``0,60``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.numbers import format_decimal

from . import paths
from .errors import DataError, ParameterError, Problem
from .files import read_text
from .i18n import check_lang

MISSING = "–"
#: The minus sign written before negative numbers (U+2212, not the hyphen-minus of ASCII).
MINUS = "\u2212"

#: How a bound is written before (or around) a figure.
BOUND_WORDS = {
    "vi": {"eq": "", "approx": "khoảng ", "min": "tối thiểu ", "over": "trên ", "max": "tối đa "},
    "en": {"eq": "", "approx": "about ", "min": "at least ", "over": "over ", "max": "at most "},
}


@dataclass(frozen=True)
class Scale:
    """One row of ``units.csv``: values with ``abs(value) >= min_abs`` are divided by ``divisor``
    and written into ``template`` with at most ``max_decimals`` decimals and at least
    ``min_decimals`` (trailing zeros beyond ``min_decimals`` are dropped).
    """

    min_abs: float
    divisor: float
    template: str
    max_decimals: int
    min_decimals: int = 0

    def fits(self, value: float) -> bool:
        """Whether ``value`` (in base units) reaches this scale."""
        return abs(value) >= self.min_abs


@lru_cache(maxsize=4)
def _scales(path: Path, _state: tuple) -> dict[tuple[str, str], list[Scale]]:
    """The rows of ``units.csv``, read again whenever the file changes (``_state``); a file
    that is missing or cannot be read is a :class:`DataError` naming it."""
    table: dict[tuple[str, str], list[Scale]] = {}
    name = paths.display(path)
    text = read_text(path)  # a BOM is tolerated
    for i, row in enumerate(csv.DictReader(io.StringIO(text, newline="")), start=1):
        try:
            scale = Scale(
                float(row["min_abs"]),
                float(row["divisor"]),
                row["template"],
                int(row["max_decimals"]),
                int(row.get("min_decimals") or 0),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise DataError(
                [Problem(name, i, None, dict(row), f"bad unit row ({error})")]
            ) from None
        table.setdefault((row["unit"], row["lang"]), []).append(scale)
    for scales in table.values():
        scales.sort(key=lambda s: -s.min_abs)
    return table


def scales(unit: str, lang: str, data_dir: str | Path | None = None) -> list[Scale]:
    """The scales for ``unit`` in ``lang``, largest first (from ``units.csv``)."""
    check_lang(lang)
    path = paths.resolved_data_dir(data_dir) / paths.UNITS
    table = _scales(path, paths.file_state(path))
    if (unit, lang) not in table:
        units = sorted({u for u, _ in table})
        raise ParameterError(f"unit {unit!r} has no format (valid: {', '.join(units)})")
    return table[(unit, lang)]


def _decimals(scaled: float, max_decimals: int) -> int:
    """Fraction digits: about four significant digits, at most ``max_decimals``.

    ``24042`` gets 0, ``190.03`` gets 1, ``6.59`` gets 3 (then trailing zeros are dropped).
    """
    integer_digits = len(str(int(abs(scaled)))) if abs(scaled) >= 1 else 1
    return max(0, min(max_decimals, 4 - integer_digits))


def number(value: float, lang: str = "vi", decimals: int = 2, min_decimals: int = 0) -> str:
    """A plain number with the locale's grouping and decimal mark, trailing zeros dropped.

    At most ``decimals`` and at least ``min_decimals`` fraction digits; a negative number takes
    the minus sign U+2212, and a value that rounds to zero is written ``0``.

    Examples
    --------
    >>> number(24042, "vi"), number(9.65, "vi"), number(9.65, "en"), number(-4.74, "vi")
    ('24.042', '9,65', '9.65', '−4,74')
    >>> number(0.6, "en", 2, 2)
    '0.60'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    shown = max(decimals, min_decimals)
    fraction = "0" * min_decimals + "#" * (shown - min_decimals)
    pattern = "#,##0" + ("." + fraction if shown > 0 else "")
    text = format_decimal(value, format=pattern, locale=lang).replace("-", MINUS)
    return text if _nonzero(text) else text.removeprefix(MINUS)


def _nonzero(text: str) -> bool:
    """Whether a formatted number has a non-zero digit (``−0,00`` has none)."""
    return any(ch in "123456789" for ch in text)


def pick_scale(
    value: float,
    unit: str,
    lang: str,
    data_dir: str | Path | None = None,
    *also: float,
) -> Scale:
    """The largest scale of ``unit`` that ``value`` (and every value in ``also``) reaches.

    Examples
    --------
    >>> pick_scale(7.5e13, "VND", "vi").template, pick_scale(2.4042e13, "VND", "vi").template
    ('{n} nghìn tỷ đồng', '{n} nghìn tỷ đồng')
    >>> pick_scale(8.0e11, "VND", "vi").template
    '{n} tỷ đồng'
    """
    options = scales(unit, lang, data_dir)
    for scale in options:
        if all(scale.fits(v) for v in (value, *also)):
            return scale
    return options[-1]


def shared_scale(
    values: Iterable[float], unit: str, lang: str, data_dir: str | Path | None = None
) -> Scale:
    """The one scale for figures drawn together (a chart axis): that of the largest of them.

    NaN values are ignored; with none left, the smallest scale.

    Examples
    --------
    >>> shared_scale([2.4042e13, 9.6168e13, float("nan")], "VND", "vi").template
    '{n} nghìn tỷ đồng'
    """
    finite = [abs(float(v)) for v in values if not _missing(v)]
    return pick_scale(max(finite, default=0.0), unit, lang, data_dir)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def decimals_in(value: float, scale: Scale) -> int:
    """Fraction digits of ``value`` in ``scale``: about four significant digits, at most
    ``max_decimals`` (``24042`` gets 0, ``190.03`` gets 1, ``6.59`` gets 3)."""
    return _decimals(value / scale.divisor, scale.max_decimals)


def number_in(value: float, scale: Scale, lang: str = "vi") -> str:
    """Just the number of :func:`fmt_in`, without the unit words.

    Examples
    --------
    >>> number_in(9.6168e13, pick_scale(1e14, "VND", "vi"), "vi")
    '96,17'
    """
    if _missing(value):
        return MISSING
    return number(value / scale.divisor, lang, decimals_in(value, scale), scale.min_decimals)


def fmt_in(value: float, scale: Scale, lang: str = "vi") -> str:
    """A value written in a given scale, so every label of one axis uses the axis's unit.

    Examples
    --------
    >>> fmt_in(4.2509e13, pick_scale(1e14, "VND", "vi"), "vi")
    '42,51 nghìn tỷ đồng'
    """
    if _missing(value):
        return MISSING
    return scale.template.format(n=number_in(value, scale, lang))


def bound_in(
    bound: str,
    low: float,
    high: float | None,
    scale: Scale,
    lang: str = "vi",
    decimals: int | None = None,
) -> str:
    """A target as stated (bound word, figure or range) in a given scale, with about four
    significant digits (both ends of a range with those of the larger), or at most ``decimals``
    fraction digits when given (trailing zeros dropped).

    Examples
    --------
    >>> bound_in("range", 1.8e14, 1.9e14, pick_scale(1e14, "VND", "vi"), "vi")
    '180 – 190 nghìn tỷ đồng'
    >>> bound_in("min", 16, None, pick_scale(16, "percent", "en"), "en")
    'at least 16%'
    >>> bound_in("eq", 1.31255e13, None, pick_scale(1e13, "VND", "en"), "en", decimals=6)
    'VND 13.1255 trillion'
    """
    check_lang(lang)
    words = BOUND_WORDS[lang].get(bound, "")
    if bound == "range" and high is not None and not _missing(high):
        top = max(abs(low), abs(high)) / scale.divisor
        digits = _decimals(top, scale.max_decimals) if decimals is None else decimals
        lo = number(low / scale.divisor, lang, digits, scale.min_decimals)
        hi = number(high / scale.divisor, lang, digits, scale.min_decimals)
        return scale.template.format(n=f"{lo} – {hi}")
    if decimals is None or _missing(low):
        return words + fmt_in(low, scale, lang)
    return words + scale.template.format(
        n=number(low / scale.divisor, lang, decimals, scale.min_decimals)
    )


#: The most fraction digits :func:`fmt_stated` writes in a figure's scale.
STATED_DECIMALS = 6


def fmt_stated(
    bound: str,
    value: float,
    high: float | None,
    unit: str,
    lang: str = "vi",
    data_dir: str | Path | None = None,
) -> str:
    """A figure as a report states it, for a person checking what was read from its sentence:
    the bound word and the figure or range in the scale of its larger end, as :func:`fmt_bound`
    writes it, but with every digit the value has in that scale (up to
    :data:`STATED_DECIMALS`), never rounded to four significant ones.

    Examples
    --------
    >>> fmt_stated("range", 1.8e14, 1.9e14, "VND", "en"), fmt_stated("eq", -3.2, None, "percent")
    ('VND 180 – 190 trillion', '−3,2%')
    >>> fmt_stated("eq", 1.31255e13, None, "VND"), fmt_stated("over", 7.5e13, None, "VND", "en")
    ('13,1255 nghìn tỷ đồng', 'over VND 75 trillion')
    """
    check_lang(lang)
    ends = [value] if bound != "range" or _missing(high) else [value, high]
    scale = pick_scale(max(abs(v) for v in ends), unit, lang, data_dir)
    digits = max(_exact_decimals(v / scale.divisor) for v in ends)
    return bound_in(bound, value, high, scale, lang, max(digits, scale.min_decimals))


def _exact_decimals(scaled: float) -> int:
    """The fraction digits that write ``scaled`` in full, at most :data:`STATED_DECIMALS`
    (``13.1255`` gets 4, ``180.0`` gets 0; float noise beyond them is rounded away)."""
    if _missing(scaled) or math.isinf(scaled):
        return 0
    text = f"{round(scaled, STATED_DECIMALS):.{STATED_DECIMALS}f}".rstrip("0")
    return len(text.partition(".")[2])


def fmt(
    value: float | None,
    unit: str,
    lang: str = "vi",
    *,
    decimals: int | None = None,
    data_dir: str | Path | None = None,
) -> str:
    """Format a base-unit value for readers.

    The value is divided by the largest scale of ``data/units.csv`` it reaches (tỷ = 10^9 for
    VND in Vietnamese, trillion = 10^12 in English) and written with Babel's locale data, with
    about four significant digits unless ``decimals`` is given. ``None`` or NaN gives ``"–"``.

    Parameters
    ----------
    value : float or None
        The value in base units (VND, USD, t, arrivals, percent, count, index, ratio).
    unit : str
    lang : {"vi", "en"}
    decimals : int, optional
        Fixed maximum of fraction digits (trailing zeros are still dropped).

    Returns
    -------
    str

    Examples
    --------
    >>> fmt(2.4042e13, "VND"), fmt(2.4042e13, "VND", "en")
    ('24,04 nghìn tỷ đồng', 'VND 24.04 trillion')
    >>> fmt(9.65, "percent"), fmt(-9.46, "percent", "en"), fmt(6.59e9, "USD"), fmt(0.603, "ratio")
    ('9,65%', '−9.46%', '6,59 tỷ USD', '0,60')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else MINUS + "∞"
    scale = pick_scale(value, unit, lang, data_dir)
    scaled = value / scale.divisor
    digits = _decimals(scaled, scale.max_decimals) if decimals is None else decimals
    return scale.template.format(n=number(scaled, lang, digits, scale.min_decimals))


def fmt_range(
    low: float, high: float, unit: str, lang: str = "vi", data_dir: str | Path | None = None
) -> str:
    """A range in one scale (that of its larger end), the unit written once after the second number.

    Examples
    --------
    >>> fmt_range(1.8e14, 1.9e14, "VND"), fmt_range(30, 35, "percent", "en")
    ('180 – 190 nghìn tỷ đồng', '30 – 35%')
    """
    scale = pick_scale(max(abs(low), abs(high)), unit, lang, data_dir)
    return bound_in("range", low, high, scale, lang)


def fmt_bound(
    bound: str,
    value: float,
    high: float | None,
    unit: str,
    lang: str = "vi",
    data_dir: str | Path | None = None,
) -> str:
    """A target as stated: its bound word, then the figure or the range.

    Examples
    --------
    >>> fmt_bound("over", 7.5e13, None, "VND"), fmt_bound("min", 16, None, "percent", "en")
    ('trên 75 nghìn tỷ đồng', 'at least 16%')
    """
    check_lang(lang)
    if bound == "range" and high is not None and not math.isnan(high):
        return fmt_range(value, high, unit, lang, data_dir)
    return BOUND_WORDS[lang].get(bound, "") + fmt(value, unit, lang, data_dir=data_dir)


def ratio(value: float | None, lang: str = "vi") -> str:
    """A ratio (pace, progress ratio) with two decimals, as the thresholds are written.

    Examples
    --------
    >>> ratio(0.603, "vi"), ratio(0.6, "en"), ratio(-0.125, "en")
    ('0,60', '0.60', '−0.12')
    """
    return fmt(value, "ratio", lang)
