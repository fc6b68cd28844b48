"""Numbers for people: base-unit values written the way Vietnamese and English readers expect.

Scale words and unit templates come from ``data/units.csv`` (edit them there); digits, grouping and
the decimal mark come from Babel's CLDR locale data, so ``vi`` writes ``24.042`` and ``9,65`` while
``en`` writes ``24,042`` and ``9.65``.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.numbers import format_decimal

from .. import paths
from ..errors import DataError, ParameterError, Problem
from ..i18n import check_lang

MISSING = "–"

#: How a bound is written before (or around) a figure.
BOUND_WORDS = {
    "vi": {"eq": "", "approx": "khoảng ", "min": "tối thiểu ", "over": "trên ", "max": "tối đa "},
    "en": {"eq": "", "approx": "about ", "min": "at least ", "over": "over ", "max": "at most "},
}


@dataclass(frozen=True)
class Scale:
    """One row of ``units.csv``: values with ``abs(value) >= min_abs`` are divided by ``divisor``
    and written into ``template`` with at most ``max_decimals`` decimals.

    With ``only_if_round``, the scale is used only when the scaled value needs no more than
    ``max_decimals`` decimals exactly, as Vietnamese writers say "75 nghìn tỷ" but "24.042 tỷ".
    """

    min_abs: float
    divisor: float
    template: str
    max_decimals: int
    only_if_round: bool = False

    def fits(self, value: float) -> bool:
        """Whether ``value`` (in base units) is written with this scale."""
        if abs(value) < self.min_abs:
            return False
        if not self.only_if_round:
            return True
        shifted = abs(value) / self.divisor * 10**self.max_decimals
        return math.isclose(shifted, round(shifted), rel_tol=1e-9, abs_tol=1e-9)


@lru_cache(maxsize=4)
def _scales(path: Path) -> dict[tuple[str, str], list[Scale]]:
    table: dict[tuple[str, str], list[Scale]] = {}
    name = paths.display(path)
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            try:
                scale = Scale(
                    float(row["min_abs"]),
                    float(row["divisor"]),
                    row["template"],
                    int(row["max_decimals"]),
                    row.get("only_if_round", "0") == "1",
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
    table = _scales(paths.data_dir(data_dir).resolve() / paths.UNITS)
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


def number(value: float, lang: str = "vi", decimals: int = 2) -> str:
    """A plain number with the locale's grouping and decimal mark, trailing zeros dropped.

    Examples
    --------
    >>> number(24042, "vi"), number(9.65, "vi"), number(9.65, "en")
    ('24.042', '9,65', '9.65')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    text = format_decimal(value, format=pattern, locale=lang)
    return "0" if text in ("-0", "−0") else text


def pick_scale(
    value: float,
    unit: str,
    lang: str,
    data_dir: str | Path | None = None,
    *also: float,
    continuous: bool = False,
) -> Scale:
    """The largest scale of ``unit`` that fits ``value`` (and every value in ``also``).

    ``continuous=True`` skips the ``only_if_round`` scales, for an axis whose ticks and labels
    share one scale whatever their values.

    Examples
    --------
    >>> pick_scale(7.5e13, "VND", "vi").template, pick_scale(2.4042e13, "VND", "vi").template
    ('{n} nghìn tỷ đồng', '{n} tỷ đồng')
    """
    options = scales(unit, lang, data_dir)
    for scale in options:
        if continuous and scale.only_if_round:
            continue
        if all(scale.fits(v) for v in (value, *also)):
            return scale
    return options[-1]


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
    ('24.042 tỷ đồng', 'VND 24.04 trillion')
    >>> fmt(9.65, "percent"), fmt(9.65, "percent", "en"), fmt(6.59e9, "USD")
    ('9,65%', '9.65%', '6,59 tỷ USD')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    scale = pick_scale(value, unit, lang, data_dir)
    scaled = value / scale.divisor
    digits = _decimals(scaled, scale.max_decimals) if decimals is None else decimals
    return scale.template.format(n=number(scaled, lang, digits))


def fmt_range(
    low: float, high: float, unit: str, lang: str = "vi", data_dir: str | Path | None = None
) -> str:
    """A range in one scale, the unit written once after the second number.

    Examples
    --------
    >>> fmt_range(1.8e14, 1.9e14, "VND"), fmt_range(30, 35, "percent", "en")
    ('180 – 190 nghìn tỷ đồng', '30 – 35%')
    """
    scale = pick_scale(max(abs(low), abs(high)), unit, lang, data_dir, min(abs(low), abs(high)))
    lo, hi = low / scale.divisor, high / scale.divisor
    digits = _decimals(max(abs(lo), abs(hi)), scale.max_decimals)
    return scale.template.format(n=f"{number(lo, lang, digits)} – {number(hi, lang, digits)}")


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
