"""Formatting for readers with Babel's locale data and the scales of data/units.csv."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpdata import fmt
from hpdata.errors import ParameterError
from hpdata.i18n import text
from hpdata.numbers import parse_number, scale_of
from hpdata.numberstyle import (
    bound_in,
    fmt_bound,
    fmt_in,
    fmt_range,
    number,
    pick_scale,
    ratio,
    shared_scale,
)


@pytest.mark.parametrize(
    ("value", "unit", "vi", "en"),
    [
        (2.4042e13, "VND", "24,04 nghìn tỷ đồng", "VND 24.04 trillion"),
        (8.132e12, "VND", "8,132 nghìn tỷ đồng", "VND 8.132 trillion"),
        (8.0e11, "VND", "800 tỷ đồng", "VND 800 billion"),
        (1.8e14, "VND", "180 nghìn tỷ đồng", "VND 180 trillion"),
        (1.5e15, "VND", "1,5 triệu tỷ đồng", "VND 1,500 trillion"),
        (6.59e9, "USD", "6,59 tỷ USD", "USD 6.59 billion"),
        (4.65e8, "USD", "465 triệu USD", "USD 465 million"),
        (14740, "USD", "14.740 USD", "USD 14,740"),
        (3.33e7, "t", "33,3 triệu tấn", "33.3 million tonnes"),
        (1.387e6, "arrivals", "1,387 triệu lượt", "1.387 million arrivals"),
        (9.65, "percent", "9,65%", "9.65%"),
        (-9.46, "percent", "−9,46%", "−9.46%"),
        (0.603, "ratio", "0,60", "0.60"),
        (1.0, "ratio", "1,00", "1.00"),
        (3, "count", "3", "3"),
    ],
)
def test_fmt(value, unit, vi, en):
    assert fmt(value, unit) == vi
    assert fmt(value, unit, "en") == en


def test_fmt_missing_and_infinite():
    assert fmt(None, "VND") == "–"
    assert fmt(float("nan"), "percent", "en") == "–"
    assert fmt(float("inf"), "ratio") == "∞"


def test_fmt_decimals_parameter():
    assert fmt(9.6519, "percent", decimals=1) == "9,7%"
    assert number(1234.5, "en", 0) == "1,234"


def test_bad_parameters_are_named():
    with pytest.raises(ParameterError, match="lang 'fr'"):
        fmt(1.0, "VND", "fr")
    with pytest.raises(ParameterError, match=r"unit 'EUR'.*valid: .*VND"):
        fmt(1.0, "EUR")
    with pytest.raises(ParameterError, match="lang"):
        fmt_bound("eq", 1.0, None, "VND", "de")
    with pytest.raises(ParameterError, match="lang"):
        text("status", "fr")


def test_range_and_bound():
    assert fmt_range(1.8e14, 1.9e14, "VND") == "180 – 190 nghìn tỷ đồng"
    assert fmt_range(1.8e14, 1.9e14, "VND", "en") == "VND 180 – 190 trillion"
    assert fmt_bound("range", 30, 35, "percent") == "30 – 35%"
    assert fmt_bound("over", 1.5e15, None, "VND") == "trên 1,5 triệu tỷ đồng"
    assert fmt_bound("approx", 6.4, None, "percent", "en") == "about 6.4%"
    assert fmt_bound("min", 16, None, "percent") == "tối thiểu 16%"
    assert fmt_bound("max", 2, float("nan"), "count", "en") == "at most 2"


def test_labels():
    assert text("status", "en") == "Status"
    assert text("no-such-key", "vi") == "no-such-key"


@given(
    st.sampled_from(["VND", "USD", "t", "arrivals"]),
    st.floats(min_value=1.0, max_value=9.99e17, allow_nan=False),
)
def test_vietnamese_output_reads_back_within_rounding(unit, value):
    """Parsing fmt's Vietnamese output with the extractor's number rules gives the value back."""
    out = fmt(value, unit, "vi")
    figure, _, words = out.partition(" ")
    scale = pick_scale(value, unit, "vi")
    parsed = parse_number(figure) * scale_of(words)
    assert scale_of(words) == scale.divisor
    # about four significant digits: the relative error of the rounding is below 1e-3 (or 0.5 %
    # of one unit of the last place for small integers)
    assert parsed == pytest.approx(value, rel=1e-3, abs=0.5 * scale.divisor)


def test_negative_numbers_take_the_true_minus_sign_and_zero_has_none():
    assert number(-4.74, "vi") == "\u22124,74" and "-" not in fmt(-1.5e13, "VND", "en")
    assert fmt(-14.55, "percent") == "\u221214,55%"
    assert number(-0.001, "en", 2) == "0" and number(-0.0, "vi") == "0"
    assert fmt(float("-inf"), "ratio") == "\u2212∞"


def test_ratios_keep_two_decimals():
    assert ratio(0.603, "vi") == "0,60" and ratio(0.603, "en") == "0.60"
    assert ratio(0.6, "en") == "0.60" and ratio(0.956, "vi") == "0,96"
    assert ratio(float("nan")) == "–"


def test_one_scale_for_figures_shown_together():
    """An axis takes the scale of its largest figure and writes every figure in it."""
    scale = shared_scale([2.4042e13, 9.6168e13, float("nan"), 1.8e14], "VND", "vi")
    assert [fmt_in(v, scale, "vi") for v in (2.4042e13, 1.8e14)] == [
        "24,04 nghìn tỷ đồng",
        "180 nghìn tỷ đồng",
    ]
    # a figure in the band of the axis's scale reads the same as fmt writes it in a table
    assert fmt_in(2.4042e13, scale, "vi") == fmt(2.4042e13, "VND", "vi")
    assert shared_scale([], "percent", "en").template == "{n}%"
    assert bound_in("max", -2.5, None, pick_scale(2.5, "percent", "vi"), "vi") == "tối đa −2,5%"


def test_min_decimals_are_read_from_the_units_file(data_copy, edit_csv):
    def two_decimals(rows):
        for r in rows:
            if r["unit"] == "index":
                r["min_decimals"] = "2"
        return rows

    edit_csv(data_copy / "units.csv", two_decimals)
    assert fmt(101.5, "index", "en", data_dir=data_copy) == "101.50"
    assert fmt(101.5, "index", "en") == "101.5"
