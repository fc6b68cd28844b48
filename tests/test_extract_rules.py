"""Rules for the failure classes found on real provincial pages (issue 17), each on sentences of
our own (invented figures): the report's own area and other areas, missing phrasings, comparison
years, bounds after the figure, plans "so dự toán", abbreviated periods and old-style tone marks."""

from __future__ import annotations

import pytest
from conftest import figure_row

from hpdata.extract.extractor import extract


def row_of(text: str, figure: str, published: str = "2024-07-10", area: str | None = None):
    """The row whose quote holds ``figure``."""
    return figure_row(extract(text, published=published, area=area), figure)


# -- own area and other areas -----------------------------------------------------------------


def test_the_reports_own_province_is_not_another_place():
    text = "Kinh tế Nghệ An quý II\nTăng trưởng GRDP của Nghệ An 6 tháng đầu năm đạt 7,3%."
    row = row_of(text, "7,3%", area="nghe-an")
    assert row["indicator"] == "grdp" and row["measure"] == "growth"
    assert row["area"] == "nghe-an" and row["confidence"] == "high"


def test_the_own_area_is_found_in_the_title_when_not_given():
    text = "Tuyên Quang: 9 tháng năm 2024 thu ngân sách tăng khá\nThu ngân sách của Tuyên Quang đạt 4.100 tỷ đồng."
    row = row_of(text, "4.100", published="2024-10-05")
    assert row["indicator"] == "budget_revenue" and row["area"] in ("", "tuyen-quang")
    assert "another area" not in row["review"]


@pytest.mark.parametrize(
    ("text", "figure", "area"),
    [
        ("Tỉnh Bắc Ninh tăng trưởng GRDP 9,9%.", "9,9", "bac-ninh"),
        ("Tăng trưởng GRDP của Quảng Ninh đạt 10,1%.", "10,1", "quang-ninh"),
        ("GRDP tăng 8,5%, đứng sau tỉnh Khánh Hoà (tăng 11,2%).", "11,2", "khanh-hoa"),
    ],
)
def test_a_figure_naming_another_province_is_filed_under_it(text, figure, area):
    row = row_of(text, figure, area="hai-phong")
    assert row["area"] == area and row["indicator"] == "grdp"
    assert row["confidence"] == "medium" and area in row["review"]


@pytest.mark.parametrize(
    "text",
    [
        "GRDP tăng 8,2%, cao hơn vùng Đồng bằng sông Hồng tăng 6,9%.",
        "Tăng trưởng của Đông Nam Bộ đạt 6,1%.",
    ],
)
def test_a_figure_of_a_region_gets_no_indicator(text):
    figure = "6,9%" if "6,9" in text else "6,1%"
    row = row_of(text, figure, area="hai-phong")
    assert row["indicator"] == "" and row["confidence"] == "low" and "another place" in row["note"]


def test_the_other_places_list_holds_no_province():
    from hpdata.lexicon import load_lexicon

    words = set(load_lexicon().other_places)
    assert not {"Bắc Giang", "Hải Dương", "Quảng Ninh", "Hà Nội"} & words


# -- missing phrasings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "indicator"),
    [
        ("Quý I, chỉ số phát triển sản xuất toàn ngành công nghiệp tăng 12,4%.", "12,4", "iip"),
        ("Quý I, sản xuất công nghiệp tăng 8,8% so với cùng kỳ.", "8,8", "iip"),
        ("Quý I, chỉ số sản xuất toàn ngành tăng 6,6%.", "6,6", "iip"),
        (
            "Quý I, vốn đầu tư thực hiện trên địa bàn đạt 9.100 tỷ đồng.",
            "9.100",
            "total_investment",
        ),
        ("Quý I, tổng vốn đầu tư thực hiện đạt 9.300 tỷ đồng.", "9.300", "total_investment"),
        ("Quý I, ngân sách trên địa bàn đạt 2.700 tỷ đồng.", "2.700", "budget_revenue"),
        ("Quý I, tổng sản phẩm trong tỉnh (GRDP) tăng 6,2%.", "6,2", "grdp"),
        ("Quý I, GDP của tỉnh tăng 6,4%.", "6,4", "grdp"),
        # a longer phrase that is no indicator
        ("Quý I, giá trị sản xuất công nghiệp tăng 5,9%.", "5,9", ""),
        ("Quý I, thu ngân sách địa phương đạt 1.900 tỷ đồng.", "1.900", ""),
    ],
)
def test_phrasings(text, figure, indicator):
    assert row_of(text, figure, published="2024-04-12", area="hai-phong")["indicator"] == indicator


# -- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "period"),
    [
        # a comparison year is not the period
        ("Năm 2024, GRDP tăng 7,7% so với năm 2020, thu ngân sách đạt 900 tỷ đồng.", "900", "2024"),
        (
            "Năm 2024, tỷ trọng công nghiệp tăng 2,1% so với năm 2020; GRDP tăng 7,1%.",
            "7,1",
            "2024",
        ),
        ("Năm 2023, thu ngân sách đạt 1.200 tỷ đồng, kể từ năm 2019 tăng 5%.", "1.200", "2023"),
        # abbreviations
        ("6T/2024, thu ngân sách đạt 3.000 tỷ đồng.", "3.000", "2024-H1"),
        ("Kết quả 9T/2023: GRDP tăng 6,5%.", "6,5", "2023-9M"),
        ("Trong 9T, GRDP tăng 6,1%.", "6,1", "2024-9M"),
        # "từ năm A đến năm B" is a span
        ("Từ năm 2021 đến năm 2025, GRDP tăng bình quân 7%/năm.", "7%", "2021-2025"),
    ],
)
def test_periods(text, figure, period):
    row = row_of(text, figure, published="2024-10-20", area="hai-phong")
    assert row["period"] == period


# -- bounds and plans -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Giai đoạn 2026 – 2030, GRDP tăng bình quân 10%/năm trở lên.",
        "Mục tiêu năm 2026: GRDP tăng từ 10% trở lên.",
    ],
)
def test_from_x_upwards_is_a_minimum(text):
    row = row_of(text, "10%", published="2025-12-10", area="hai-phong")
    assert row["bound"] == "min" and row["value"] == 10 and row["kind"] == "target"


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2024, thu ngân sách đạt 5.000 tỷ đồng, vượt 4,8% so dự toán.",
        "Năm 2024, thu ngân sách đạt 5.000 tỷ đồng, vượt 4,8% so với dự toán.",
        "Năm 2024, thu ngân sách đạt 5.000 tỷ đồng, vượt 4,8% dự toán Trung ương giao.",
    ],
)
def test_over_x_percent_of_the_plan(text):
    row = row_of(text, "4,8", published="2025-01-15", area="hai-phong")
    assert row["measure"] == "share_of_plan" and row["value"] == pytest.approx(104.8)
    assert row["bound"] == "eq"


# -- spelling ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        ("Năm 2023, kim ngạch xuất khẩu hàng hoá đạt 2,1 tỷ USD.", "exports"),
        ("Năm 2023, kim ngạch xuất khẩu hàng hóa đạt 2,1 tỷ USD.", "exports"),
    ],
)
def test_old_and_new_tone_marks_read_alike(text, indicator):
    assert row_of(text, "2,1", published="2024-01-20", area="hai-phong")["indicator"] == indicator
