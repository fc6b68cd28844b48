"""The failure classes of the second unseen set (issue 17), one rule each, on sentences written
for this project (made-up figures): comparison bases, forecasts of the period under review,
indicators wrongly dropped, part-year periods no code holds, the year under review, parts of a
total, two price bases, plan columns, and the confidence each rule gives."""

from __future__ import annotations

import pytest
from conftest import figure_row
from conftest import row_key as key

from hpdata.extract.extractor import extract


def rows(text: str, published: str = "2024-07-12", area: str = "quang-ninh"):
    return extract(text, published=published, area=area)


def row_of(text: str, figure: str, published: str = "2024-07-12", area: str = "quang-ninh"):
    return figure_row(rows(text, published, area), figure)


# -- 1. a comparison base is never the period -------------------------------------------------


def test_a_part_year_compared_with_is_no_period():
    text = (
        "6 tháng đầu năm 2024, GRDP của tỉnh ước tăng 10,3% so với 6 tháng đầu năm 2023; "
        "kim ngạch xuất khẩu đạt 2,7 tỷ USD."
    )
    assert row_of(text, "2,7 tỷ")["period"] == "2024-H1"


def test_a_quarter_compared_with_is_no_period():
    text = "Quý II/2024, GRDP tăng 9,1% so với quý II/2023, thu ngân sách đạt 14.200 tỷ đồng."
    assert row_of(text, "14.200")["period"] == "2024-Q2"


def test_a_year_in_brackets_governs_only_inside_them():
    text = (
        "Năm 2023, tăng trưởng GRDP đạt 10,2% (năm 2022 tăng 9,8%). "
        "Thu ngân sách nhà nước đạt 51.300 tỷ đồng."
    )
    inside = row_of(text, "9,8%", "2024-01-20")
    assert inside["period"] == "2022" and inside["confidence"] == "medium"
    assert row_of(text, "51.300", "2024-01-20")["period"] == "2023"


def test_a_figure_in_brackets_after_a_comparison_is_the_bases():
    text = "6 tháng đầu năm 2024, GRDP tăng 7,7%, thấp hơn cùng kỳ năm 2023 (tăng 8,9%)."
    row = row_of(text, "8,9%")
    assert row["period"] == "2023-H1" and row["confidence"] == "medium"
    assert row_of(text, "7,7%")["period"] == "2024-H1"


def test_a_period_after_the_figure_with_cua_dates_it():
    text = "6 tháng đầu năm 2024, GRDP tăng 7,2%, cao hơn mức tăng 5,1% của 6 tháng đầu năm 2023."
    assert row_of(text, "5,1%")["period"] == "2023-H1"
    assert row_of(text, "7,2%")["period"] == "2024-H1"


# -- 2. a forecast of the period under review is an estimate, a result ------------------------

FORECASTS = [
    # December, the current year: a result
    ("Năm 2024, kim ngạch xuất khẩu dự kiến đạt 3,4 tỷ USD.", "2024-12-06", "3,4 tỷ", "result"),
    ("Dự kiến cả năm 2024, thu hút FDI đạt 640 triệu USD.", "2024-11-20", "640", "result"),
    # late June, the half under review
    ("6 tháng đầu năm 2024, thu nội địa dự kiến đạt 9.300 tỷ đồng.", "2024-06-24", "9.300",
     "result"),
    # the next year: a target
    ("Năm 2025, thu ngân sách dự kiến đạt 56.000 tỷ đồng.", "2024-12-06", "56.000", "target"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "published", "figure", "kind"), FORECASTS)
def test_a_forecast_of_the_period_under_review(text, published, figure, kind):
    row = row_of(text, figure, published)
    assert row["kind"] == kind
    if kind == "result":
        assert "ước" in row["note"] and row["confidence"] == "medium"


def test_a_forecast_far_ahead_in_the_period_is_a_target_for_review():
    row = row_of("Cả năm, kim ngạch xuất khẩu dự kiến đạt 3,4 tỷ USD.", "3,4 tỷ", "2024-08-15")
    assert (row["kind"], row["confidence"]) == ("target", "medium")


def test_du_uoc_is_an_estimate():
    row = row_of("Năm 2024, thu ngân sách dự ước đạt 54.100 tỷ đồng.", "54.100", "2024-12-06")
    assert row["kind"] == "result" and "ước" in row["note"]


# -- 3. indicators wrongly dropped ------------------------------------------------------------


def test_a_rank_in_the_country_is_not_another_place():
    text = "6 tháng đầu năm 2024, Quảng Ninh đứng thứ 3 cả nước về thu hút FDI với 1,4 tỷ USD."
    row = row_of(text, "1,4 tỷ")
    assert key(row) == ("fdi", "result", "level", "2024-H1", 1.4e9)
    assert row["area"] == "quang-ninh"


def test_the_countrys_own_figure_is_still_another_place():
    text = "6 tháng đầu năm 2024, kim ngạch xuất khẩu của cả nước đạt 190 tỷ USD."
    assert row_of(text, "190 tỷ")["indicator"] == ""


def test_tourist_arrivals_as_du_khach():
    text = "6 tháng đầu năm 2024, ngành du lịch đón hơn 9,6 triệu lượt du khách, tăng 11%."
    level = row_of(text, "9,6 triệu")
    assert key(level) == ("tourist_arrivals", "result", "level", "2024-H1", 9.6e6)
    assert row_of(text, "11%")["indicator"] == "tourist_arrivals"


def test_the_whole_sector_is_not_a_sub_item():
    text = "6 tháng đầu năm 2024, chỉ số sản xuất công nghiệp (IIP) toàn ngành tăng 12,4%."
    assert row_of(text, "12,4%")["indicator"] == "iip"


def test_revenue_of_logistics_is_the_indicators_own():
    text = "6 tháng đầu năm 2024, dịch vụ logistics có doanh thu đạt 8.600 tỷ đồng."
    assert row_of(text, "8.600")["indicator"] == "logistics_services"


def test_a_real_sub_item_still_gets_no_indicator():
    text = "6 tháng đầu năm 2024, đón 9,6 triệu lượt khách du lịch; trong đó khách quốc tế đạt 1,1 triệu lượt."
    assert row_of(text, "1,1 triệu")["indicator"] == ""


# -- 4. part-year periods no code holds give no row -------------------------------------------

NO_ROW = [
    ("8 tháng đầu năm 2024, kim ngạch xuất khẩu đạt 3,1 tỷ USD.", "2024-09-06"),
    ("Lũy kế 11 tháng năm 2024, thu ngân sách đạt 47.000 tỷ đồng.", "2024-12-03"),
    ("02 tháng đầu năm 2024, thu nội địa đạt 7.800 tỷ đồng.", "2024-03-04"),
    ("Tính đến hết tháng 8/2024, thu hút FDI đạt 880 triệu USD.", "2024-09-06"),
    ("Từ đầu năm đến nay, tỉnh thu hút 880 triệu USD vốn FDI.", "2024-09-06"),
    ("Kim ngạch xuất khẩu 8T/2024 đạt 3,1 tỷ USD.", "2024-09-06"),
]


@pytest.mark.parametrize(("text", "published"), NO_ROW)
def test_a_period_no_code_holds_gives_no_row(text, published):
    assert rows(text, published).empty


HELD = [
    ("12 tháng năm 2023, kim ngạch xuất khẩu đạt 4,9 tỷ USD.", "2024-01-10", "2023"),
    ("Tính đến hết tháng 9/2024, thu hút FDI đạt 990 triệu USD.", "2024-10-04", "2024-9M"),
    ("Từ đầu năm đến nay, tỉnh thu hút 760 triệu USD vốn FDI.", "2024-07-04", "2024-H1"),
    ("06 tháng đầu năm 2024, thu nội địa đạt 20.100 tỷ đồng.", "2024-07-04", "2024-H1"),
    ("3 tháng cuối năm 2024, thu nội địa phấn đấu đạt 12.000 tỷ đồng.", "2024-10-04", "2024-Q4"),
]


@pytest.mark.parametrize(("text", "published", "period"), HELD)
def test_a_count_of_months_the_codes_hold(text, published, period):
    frame = rows(text, published)
    assert list(frame["period"]) == [period]


def test_a_duration_in_months_is_no_period():
    text = "Năm 2023, sau 8 tháng thi công, kim ngạch xuất khẩu đạt 4,9 tỷ USD."
    assert row_of(text, "4,9 tỷ", "2024-01-10")["period"] == "2023"


def test_a_title_of_eight_months_leaves_no_whole_year_row():
    text = "Kinh tế 8 tháng năm 2024 của tỉnh\nNăm 2024 là năm tăng tốc. Kim ngạch xuất khẩu đạt 3,1 tỷ USD."
    assert rows(text, "2024-09-06").empty


# -- 5. the year under review -----------------------------------------------------------------


def test_a_year_less_part_year_is_the_one_under_review():
    text = "Năm 2023, tỉnh thu hút FDI 2,4 tỷ USD. Trong 6 tháng, thu hút FDI đạt 1,2 tỷ USD."
    row = row_of(text, "1,2 tỷ")
    assert row["period"] == "2024-H1" and row["confidence"] == "medium"
    assert row_of(text, "2,4 tỷ")["period"] == "2023"


def test_a_quarter_of_the_year_reviewed_keeps_its_year():
    text = "Năm 2023, GRDP tăng 10,2%. Quý IV, GRDP tăng 11,4%."
    assert row_of(text, "11,4%", "2024-01-20")["period"] == "2023-Q4"


def test_the_titles_year_for_a_bare_part_year():
    text = "Quảng Ninh: kinh tế 6 tháng đầu năm 2024\n6 tháng, GRDP của tỉnh tăng 10,3%."
    row = row_of(text, "10,3%")
    assert row["period"] == "2024-H1" and row["confidence"] == "high"


# -- 6. a part of a total ---------------------------------------------------------------------


def test_a_part_named_by_the_totals_indicator_gets_none():
    text = (
        "6 tháng đầu năm 2024, kim ngạch xuất khẩu đạt 2,7 tỷ USD, tăng 9%, "
        "trong đó xuất khẩu than đạt 800 triệu USD, tăng 4%."
    )
    assert row_of(text, "800 triệu")["indicator"] == ""
    assert row_of(text, "4%")["indicator"] == ""
    assert row_of(text, "9%")["indicator"] == "exports"


def test_a_part_inheriting_the_total_gets_none():
    text = "6 tháng đầu năm 2024, thu hút FDI đạt 1,2 tỷ USD, trong đó cấp mới 700 triệu USD."
    assert row_of(text, "700 triệu")["indicator"] == ""


def test_a_part_with_an_indicator_of_its_own_keeps_it():
    text = "6 tháng đầu năm 2024, thu ngân sách đạt 26.000 tỷ đồng, trong đó thu nội địa đạt 15.500 tỷ đồng."
    assert row_of(text, "15.500")["indicator"] == "domestic_revenue"


def test_a_list_of_periods_keeps_the_totals_indicator():
    text = "6 tháng đầu năm 2024, GRDP tăng 10,3%, trong đó quý II tăng 11,1%."
    assert key(row_of(text, "11,1%")) == ("grdp", "result", "growth", "2024-Q2", 11.1)


# -- 7. current and constant prices -----------------------------------------------------------


def test_current_and_constant_prices_one_row_each():
    text = (
        "6 tháng đầu năm 2024, GRDP theo giá hiện hành ước đạt 152.000 tỷ đồng, "
        "theo giá so sánh đạt 91.000 tỷ đồng, tăng 10,3%."
    )
    frame = rows(text)
    current = row_of(text, "152.000")
    constant = row_of(text, "91.000")
    assert key(current) == ("grdp", "result", "level", "2024-H1", 1.52e14)
    assert constant["indicator"] == "" and "constant prices" in constant["note"]
    assert key(row_of(text, "10,3%")) == ("grdp", "result", "growth", "2024-H1", 10.3)
    assert len(frame) == 3


def test_constant_prices_first_then_current():
    text = (
        "Năm 2023, GRDP theo giá so sánh đạt 170.000 tỷ đồng; "
        "GRDP theo giá hiện hành đạt 280.000 tỷ đồng."
    )
    assert row_of(text, "170.000", "2024-01-20")["indicator"] == ""
    assert row_of(text, "280.000", "2024-01-20")["indicator"] == "grdp"


def test_a_lone_constant_price_level_keeps_the_indicator_for_review():
    row = row_of("Năm 2023, GRDP theo giá so sánh đạt 170.000 tỷ đồng.", "170.000", "2024-01-20")
    assert row["indicator"] == "grdp" and row["confidence"] == "medium"


# -- 8. plan columns ----------------------------------------------------------------------------


def test_a_plan_stated_before_the_figure_is_the_annual_target():
    text = (
        "Báo cáo kinh tế 9 tháng năm 2024\n"
        "Thu ngân sách nhà nước kế hoạch năm 2024 đạt 56.000 Tỷ đồng.\n"
        "Thu ngân sách nhà nước ước thực hiện 9 tháng đạt 41.500 Tỷ đồng.\n"
        "Kim ngạch xuất khẩu kH năm đạt 4.200 Triệu USD."
    )
    plan = row_of(text, "56.000", "2024-10-05")
    assert key(plan) == ("budget_revenue", "target", "level", "2024", 5.6e13)
    assert key(row_of(text, "4.200", "2024-10-05"))[:4] == ("exports", "target", "level", "2024")
    assert key(row_of(text, "41.500", "2024-10-05"))[1:4] == ("result", "level", "2024-9M")


def test_a_result_beside_the_plan_word_stays_a_result():
    text = "9 tháng năm 2024, thu ngân sách vượt kế hoạch năm, đạt 57.000 tỷ đồng."
    assert row_of(text, "57.000", "2024-10-05")["kind"] == "result"


def test_a_plan_column_without_a_year_is_the_tables_year():
    text = (
        "Chỉ tiêu | Đơn vị tính | KH năm | Thực hiện 9 tháng | So cùng kỳ (%)\n"
        "Thu nội địa | Tỷ đồng | 34.000 | 25.100 | 108,2\n"
        "Kim ngạch xuất khẩu | Triệu USD | 4.200 | 3.050 | 111,6\n"
    )
    done = rows(text, "2024-10-05")
    plans = done[done["kind"] == "target"]
    assert [key(r) for r in plans.to_dict("records")] == [
        ("domestic_revenue", "target", "level", "2024", 3.4e13),
        ("exports", "target", "level", "2024", 4.2e9),
    ]
    result = done[(done["indicator"] == "exports") & (done["kind"] == "result")]
    assert set(result["period"]) == {"2024-9M"}


# -- 9. calibration: every rule that guesses is medium --------------------------------------

GUESSES = [
    # a year carried from an earlier sentence
    ("Năm 2023 tỉnh tăng trưởng khá. Quý IV, kim ngạch xuất khẩu đạt 1,3 tỷ USD.", "2024-01-20"),
    # the year to date read from the publication date
    ("Từ đầu năm đến nay, tỉnh thu hút 760 triệu USD vốn FDI.", "2024-07-04"),
    # a forecast read as an estimate
    ("Năm 2024, kim ngạch xuất khẩu dự kiến đạt 3,4 tỷ USD.", "2024-12-06"),
    # the plan's year from the period in force
    ("9 tháng năm 2024, kim ngạch xuất khẩu KH năm đạt 4.200 triệu USD.", "2024-10-05"),
]


@pytest.mark.parametrize(("text", "published"), GUESSES)
def test_a_guess_is_never_high(text, published):
    frame = rows(text, published)
    assert len(frame) and (frame["confidence"] != "high").all()


# -- the corpus format: a figure that must give no row ------------------------------------------


def test_evaluate_scores_a_figure_that_must_give_no_row(tmp_path):
    from hpdata.extract import evaluate as ev

    (tmp_path / "a.txt").write_text(
        "08:00 06/09/2024\n8 tháng năm 2024, thu nội địa đạt 6.100 tỷ đồng. "
        "Năm 2023, xuất khẩu đạt 3 tỷ USD.\n",
        encoding="utf-8",
    )
    (tmp_path / "a.toml").write_text(
        '[[row]]\nfigure = "6.100 tỷ đồng"\nclass = "x"\nexpect = "no_row"\n'
        '[[row]]\nfigure = "3 tỷ USD"\nclass = "y"\nexpect = "no_row"\n',
        encoding="utf-8",
    )
    scores = ev.evaluate(tmp_path)
    assert (scores["x"].right, scores["x"].wrong) == (1, 0)
    assert (scores["y"].right, scores["y"].wrong) == (0, 1)
    assert "gave a row (expected none)" in ev.report(scores, verbose=True)
