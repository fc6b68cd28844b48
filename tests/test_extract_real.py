"""The failure classes of real pages the extractor had not seen (issue 17), one rule each, on
sentences written for this project (made-up figures, other places): price bases and
comparisons, sub-items, areas in a list, bare percents, periods after the figure or in the
title, targets and plans, abbreviations and bounds, and the confidence of each."""

from __future__ import annotations

import pytest
from conftest import figure_row
from conftest import row_key as key

from hpdata.extract.extractor import extract


def rows(text: str, published: str | None = "2024-10-08", area: str = "hai-phong"):
    return extract(text, published=published, area=area)


def row_of(text: str, figure: str, published: str | None = "2024-10-08", area: str = "hai-phong"):
    return figure_row(rows(text, published, area), figure)


# -- 2. a price base or a comparison year is never the period ---------------------------------

PRICE_BASES = [
    ("Quý III/2024, GRDP (giá so sánh năm 2010) tăng 6,6% so với cùng kỳ.", "6,6%", "2024-Q3"),
    ("9 tháng, tổng sản phẩm trên địa bàn tỉnh theo giá so sánh 2010 ước tăng 7,3%.", "7,3%",
     "2024-9M"),
    ("6 tháng đầu năm 2024, GRDP (theo giá cố định năm 2010) đạt 41.200 tỷ đồng.", "41.200",
     "2024-H1"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "figure", "period"), PRICE_BASES)
def test_a_price_base_is_not_the_period(text, figure, period):
    assert row_of(text, figure)["period"] == period


def test_a_price_base_does_not_govern_what_follows():
    text = "Quý III/2024, GRDP (giá so sánh năm 2010) tăng 6,6%; kim ngạch xuất khẩu đạt 900 triệu USD."
    assert row_of(text, "900 triệu USD")["period"] == "2024-Q3"


def test_the_end_of_an_earlier_year_is_a_comparison():
    text = "9 tháng năm 2024, tổng vốn đầu tư thực hiện đạt 31.000 tỷ đồng. Thu nội địa tăng 9% so với thời điểm cuối năm 2023."
    assert row_of(text, "9%")["period"] == "2024-9M"


# -- 3. sub-items: joined to the indicator, or in brackets ------------------------------------


def test_a_sub_item_joined_by_va_keeps_the_indicator_for_review():
    text = "Kim ngạch xuất khẩu hàng hóa và doanh thu ngoại tệ từ dịch vụ 9 tháng đạt 1.730 triệu USD; đón 3,4 triệu lượt khách du lịch."
    row = row_of(text, "1.730")
    assert key(row) == ("exports", "result", "level", "2024-9M", 1.73e9)
    assert row["confidence"] == "medium"
    assert row_of(text, "3,4 triệu")["indicator"] == "tourist_arrivals"


def test_a_sub_item_in_brackets_does_not_wipe_the_total():
    text = "9 tháng, thu ngân sách nhà nước trên địa bàn (không kể thu tiền sử dụng đất) đạt 18.400 tỷ đồng; trong đó thu thuế đạt 9.100 tỷ đồng."
    assert row_of(text, "18.400")["indicator"] == "budget_revenue"
    assert row_of(text, "9.100")["indicator"] == ""


# -- 4. an area named in a list without its indicator ----------------------------------------


def test_an_area_in_a_list_inherits_the_lists_indicator():
    text = "Tăng trưởng GRDP 6 tháng đầu năm 2024 của các địa phương: tỉnh Nghệ An tăng 8,83%; Thanh Hóa tăng 11,2%; vùng Bắc Trung Bộ tăng 7,4%."
    first = row_of(text, "8,83%", "2024-07-12")
    assert key(first) == ("grdp", "result", "growth", "2024-H1", 8.83)
    assert first["area"] == "nghe-an" and first["confidence"] == "medium"
    second = row_of(text, "11,2%", "2024-07-12")
    assert (second["indicator"], second["area"]) == ("grdp", "thanh-hoa")
    assert row_of(text, "7,4%", "2024-07-12")["indicator"] == ""


# -- 5. a bare percent of a growth indicator -------------------------------------------------

BARE = [
    ("GRDP quý II/2024 đạt 6,4%.", "6,4%", ("grdp", "result", "growth", "2024-Q2", 6.4)),
    ("Chỉ số sản xuất công nghiệp 9 tháng đạt 108,7%.", "108,7%",
     ("iip", "result", "share_of_prior", "2024-9M", 108.7)),
    ("Quý III, khu vực dịch vụ chiếm 38% GRDP.", "38%", ("", "result", "share", "2024-Q3", 38)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "figure", "want"), BARE)
def test_a_bare_percent_of_a_growth_indicator(text, figure, want):
    row = row_of(text, figure)
    assert key(row) == want
    if row["indicator"]:
        assert row["confidence"] == "medium"


# -- 6. a period stated after the figure, or only in the title ------------------------------


def test_a_period_stated_after_the_figure():
    text = (
        "Thu ngân sách nhà nước trên địa bàn đạt 27.300 tỷ đồng trong 6 tháng đầu năm, tăng 4,1%."
    )
    assert row_of(text, "27.300", "2024-07-09")["period"] == "2024-H1"


def test_the_titles_part_year_dates_a_whole_year_result():
    text = "Kinh tế 9 tháng năm 2024 khởi sắc\nNăm 2024 là năm tăng tốc. Kim ngạch xuất khẩu đạt 2.640 triệu USD, tăng 13%."
    row = row_of(text, "2.640")
    assert row["period"] == "2024-9M" and row["confidence"] == "medium"


def test_a_year_less_period_without_a_date_takes_the_first_year_stated():
    text = "9 tháng, GRDP tăng 7,05%, cao hơn mục tiêu năm 2024."
    assert row_of(text, "7,05%", published=None)["period"] == "2024-9M"


# -- 7. targets and plans ---------------------------------------------------------------------


def test_a_target_word_in_a_result_phrase_makes_no_target():
    text = "9 tháng, thu ngân sách đạt 21.500 tỷ đồng, vượt chỉ tiêu đề ra; kim ngạch xuất khẩu đạt 1,9 tỷ USD."
    assert row_of(text, "1,9 tỷ")["kind"] == "result"


def test_an_estimate_after_the_target_word_is_a_result():
    text = "Năm 2024, chỉ tiêu thu ngân sách là 12.000 tỷ đồng, ước thực hiện đạt 12.800 tỷ đồng."
    assert row_of(text, "12.000", "2024-12-18")["kind"] == "target"
    assert row_of(text, "12.800", "2024-12-18")["kind"] == "result"


def test_a_list_under_a_target_heading_is_targets():
    text = "Năm 2024, các chỉ tiêu chủ yếu:\n- Tốc độ tăng trưởng GRDP 9,5%;\n- Kim ngạch xuất khẩu 2,5 tỷ USD.\nQuý I/2024, GRDP tăng 6,2%."
    assert row_of(text, "9,5%", "2024-04-20")["kind"] == "target"
    assert row_of(text, "2,5 tỷ", "2024-04-20")["kind"] == "target"
    assert row_of(text, "6,2%", "2024-04-20")["kind"] == "result"


def test_an_annual_plan_in_brackets_is_a_plan():
    text = "9 tháng, thu ngân sách đạt 22.100 tỷ đồng (kế hoạch năm 29.000 tỷ đồng); xuất khẩu đạt 1,7 tỷ USD (KH: 2,4 tỷ USD)."
    plan = row_of(text, "29.000")
    assert key(plan) == ("budget_revenue", "target", "level", "2024", 2.9e13)
    assert key(row_of(text, "2,4 tỷ"))[:3] == ("exports", "target", "level")
    assert row_of(text, "22.100")["kind"] == "result"


# -- 8. bounds and abbreviations --------------------------------------------------------------

EIGHT = [
    ("Thu nội địa 9 tháng vượt dự toán 14%.", "14%",
     ("domestic_revenue", "result", "share_of_plan", "2024-9M", 114)),
    ("Thu nội địa 9 tháng vượt 6,5% so với dự toán.", "6,5%",
     ("domestic_revenue", "result", "share_of_plan", "2024-9M", 106.5)),
    ("Kim ngạch xuất khẩu 6T/2024 đạt 1,1 tỷ USD.", "1,1 tỷ",
     ("exports", "result", "level", "2024-H1", 1.1e9)),
    ("9T, GRDP tăng 7,7%.", "7,7%", ("grdp", "result", "growth", "2024-9M", 7.7)),
]  # fmt: skip


@pytest.mark.parametrize(("text", "figure", "want"), EIGHT)
def test_bounds_and_abbreviations(text, figure, want):
    assert key(row_of(text, figure)) == want


def test_from_x_percent_upwards_is_a_minimum():
    row = row_of("Năm 2025, phấn đấu GRDP tăng từ 10,5% trở lên.", "10,5%", "2024-12-10")
    assert (row["kind"], row["bound"]) == ("target", "min")


# -- 9. confidence --------------------------------------------------------------------------

UNSURE = [
    # a bare percent of a level indicator
    ("Năm 2023, thu ngân sách đạt 30%.", "2024-02-01"),
    # a target word for a year over at publication
    ("Năm 2023, chỉ tiêu thu ngân sách là 11.000 tỷ đồng.", "2024-02-01"),
]


@pytest.mark.parametrize(("text", "published"), UNSURE)
def test_a_guess_is_never_high(text, published):
    frame = rows(text, published)
    assert len(frame) and (frame["confidence"] != "high").all()


def test_a_target_word_for_a_part_year_over_is_a_result_for_review():
    row = row_of("9 tháng năm 2024, chỉ tiêu kim ngạch xuất khẩu đạt 2,1 tỷ USD.", "2,1 tỷ")
    assert (row["kind"], row["confidence"]) == ("result", "medium")
