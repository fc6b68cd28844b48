"""Repeats of one figure (headline, lead, photo caption, body) give one row (hpdata.extract.repeats).

The article is written for this test; its figures and names are made up.
"""

from __future__ import annotations

import math

from hpdata.extract import extract
from hpdata.extract.repeats import merge_repeats, repeat_key

ARTICLE = """\
Cảng Lạch Mới: 6 tháng đầu năm 2026, sản lượng hàng hóa qua cảng đạt 48,6 triệu tấn

6 tháng đầu năm 2026, sản lượng hàng hóa qua cảng đạt 48,6 triệu tấn, tăng 4,2% so với cùng kỳ.

Ảnh: Sản lượng hàng hóa qua cảng đạt 48,6 triệu tấn. (Ảnh: Thu Hà)

Theo Cảng vụ, sản lượng hàng hóa qua cảng 6 tháng đầu năm 2026 đạt 48,6 triệu tấn, tăng 4,2% \
so với cùng kỳ năm 2025; khách du lịch đạt 2,1 triệu lượt.
"""


def _rows(text: str = ARTICLE):
    return extract(text, published="2026-07-05")


def test_a_figure_stated_four_times_is_one_row_with_the_fullest_quote():
    rows = _rows()
    cargo = rows[(rows.indicator == "port_cargo") & (rows.measure == "level")]
    assert len(cargo) == 1
    row = cargo.iloc[0]
    assert row.quote == "sản lượng hàng hóa qua cảng 6 tháng đầu năm 2026 đạt 48,6 triệu tấn"
    assert ARTICLE[row.offset : row.offset + len(row.quote)] == row.quote
    assert row.note.count("«") == 3  # the headline, the lead and the caption
    assert "Sản lượng hàng hóa qua cảng đạt 48,6 triệu tấn" in row.note


def test_the_growth_stated_twice_is_one_row_and_every_key_is_unique():
    rows = _rows()
    growth = rows[(rows.indicator == "port_cargo") & (rows.measure == "growth")]
    assert len(growth) == 1 and growth.iloc[0].value == 4.2
    key = ["indicator", "kind", "measure", "period"]
    assert not rows[rows.indicator != ""].duplicated(key).any()
    assert set(rows.indicator) == {"port_cargo", "tourist_arrivals"}


def _row(**changes) -> dict:
    row = {
        "source_id": "s",
        "indicator": "grdp",
        "kind": "result",
        "measure": "growth",
        "period": "2026-H1",
        "bound": "eq",
        "value": 9.4,
        "high": math.nan,
        "unit": "percent",
        "quote": "GRDP tăng 9,4%",
        "comparison": "",
        "note": "",
        "offset": 0,
    }
    return {**row, **changes}


def test_different_values_periods_or_no_indicator_are_not_repeats():
    rows = [
        _row(),
        _row(value=9.5, offset=30),  # a conflict, not a repeat: ingest shows it
        _row(period="2026-Q2", offset=60),
        _row(indicator="", offset=90),
        _row(indicator="", offset=120),  # two unnamed figures may be about different things
    ]
    assert merge_repeats(rows) == rows
    assert repeat_key(_row(period="")) is None


def test_the_kept_row_stays_in_place_takes_a_comparison_and_keeps_its_note():
    first = _row(quote="GRDP tăng 9,4%", comparison="same_period_prior_year")
    other = _row(indicator="iip", value=11.0, offset=20)
    fuller = _row(quote="tổng sản phẩm (GRDP) tăng 9,4%", note="ước: an estimate", offset=50)
    merged = merge_repeats([first, other, fuller])
    assert [r["offset"] for r in merged] == [20, 50]
    kept = merged[1]
    assert kept["comparison"] == "same_period_prior_year"
    assert kept["note"] == "ước: an estimate; also stated as «GRDP tăng 9,4%» (offset 0): merged"


def test_a_figure_repeated_many_times_quotes_three_and_counts_the_rest():
    rows = extract("GRDP quý 1/2026 tăng 7%. " * 6, published="2026-05-01")
    assert len(rows) == 1
    assert rows.iloc[0].note.count("«") == 3 and rows.iloc[0].note.endswith("and 2 more: merged")
    assert len(extract("GRDP quý 1/2026 tăng 7%. " * 6, keep_repeats=True)) == 6
