"""The extractor's grammar, one rule at a time, on hand-written sentences in the style of
provincial reports (none is copied from the two articles in data/raw/)."""

from __future__ import annotations

import math
import shutil
import unicodedata
from datetime import date

import pytest

from hpdata.errors import DataError, ParameterError
from hpdata.extract.extractor import COLUMNS, as_date, extract
from hpdata.extract.grammar import Lexicon, default_grammar, header_date, resolve_year
from hpdata.numbers import parse_decimal, parse_number, scale_exponent, scale_of

PUBLISHED = "2024-07-20"  # a mid-year report: H1 2024 is past, the year 2024 is still ahead


def rows(text: str, published: str | None = PUBLISHED, **kwargs) -> list[dict]:
    frame = extract(text, published=published, **kwargs)
    return frame.to_dict("records")


def one(text: str, published: str | None = PUBLISHED, **kwargs) -> dict:
    found = rows(text, published, **kwargs)
    assert len(found) == 1, found
    return found[0]


# -- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("24.042", 24042.0),
        ("9,65", 9.65),
        ("1,387", 1.387),
        ("8132", 8132.0),
        ("1.500", 1500.0),
        ("1.500.000,25", 1500000.25),
        ("\u22123,5", -3.5),
        ("12\u00a0345", 12345.0),
        ("6.5", 6.5),
    ],
)
def test_parse_number_vietnamese_notation(token, value):
    assert parse_number(token) == value
    assert float(parse_decimal(token)) == value


@pytest.mark.parametrize("token", ["", "abc", "1,2,3", "1.2.3", "1.23,4", "1,2.3", "٣"])
def test_parse_number_rejects_malformed(token):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(token)


def test_scale_words_and_compounds():
    assert scale_exponent("nghìn tỷ đồng") == 12
    assert scale_exponent("triệu tỷ") == 15
    assert scale_exponent("ngàn tấn") == 3
    assert scale_of("tỉ USD") == 1e9
    assert scale_exponent("đồng") == 0


def test_thousands_dot_and_decimal_comma_in_a_sentence():
    row = one("Năm 2023, kim ngạch xuất khẩu của tỉnh đạt 2.315,6 triệu USD.")
    assert row["value"] == 2315.6e6
    assert row["unit"] == "USD"
    assert row["indicator"] == "exports"


def test_no_break_space_groups_thousands_and_separates_the_unit():
    row = one("Năm 2023, thu nội địa đạt 12\u00a0480\u00a0tỷ đồng.")
    assert row["value"] == 12480e9


def test_unicode_minus_before_a_percent():
    row = one("Năm 2023, chỉ số sản xuất công nghiệp tăng \u22121,2%.")
    assert row["value"] == -1.2
    assert row["measure"] == "growth"


def test_values_are_exact_in_base_units():
    row = one("Năm 2023, khách du lịch đạt 2,731 triệu lượt.")
    assert row["value"] == 2731000.0  # not 2730999.9999999995
    assert row["unit"] == "arrivals"


# -- scale words and units -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("3,2 nghìn tỷ đồng", 3.2e12, "VND"),
        ("3,2 ngàn tỷ đồng", 3.2e12, "VND"),
        ("850 tỉ đồng", 850e9, "VND"),
        ("1,1 triệu tỷ đồng", 1.1e15, "VND"),
        ("415 triệu USD", 415e6, "USD"),
        ("27 triệu tấn", 27e6, "t"),
        ("640 nghìn lượt khách", 640e3, "arrivals"),
    ],
)
def test_scale_and_unit(phrase, value, unit):
    row = one(f"Năm 2023, toàn tỉnh đạt {phrase}.")
    assert row["value"] == pytest.approx(value, rel=1e-15)
    assert row["unit"] == unit
    assert row["measure"] == "level"


def test_percent_per_year_is_percent_with_per_year_comparison():
    row = one("Đến năm 2030, dịch vụ logistics tăng trưởng 18%/năm.")
    assert (row["unit"], row["measure"], row["comparison"]) == ("percent", "growth", "per_year")


def test_a_number_without_a_unit_is_not_a_figure():
    text = "Tỉnh đề ra 12 nhiệm vụ trọng tâm; Số 25 Lý Thường Kiệt; điện thoại 0225.3821.099."
    assert rows(text) == []


def test_dates_and_times_are_not_figures():
    assert rows("Ngày 15/3/2024 lúc 08:45, Hội nghị lần thứ 7 khai mạc.") == []


# -- ranges ---------------------------------------------------------------------------------


def test_range_with_en_dash_unit_only_after_second_number():
    row = one("Năm 2025, thu ngân sách đạt 62 – 65 nghìn tỷ đồng.")
    assert row["bound"] == "range"
    assert (row["value"], row["high"]) == (62e12, 65e12)
    assert row["unit"] == "VND"


def test_range_with_den_and_tu():
    row = one("Năm 2025, kim ngạch xuất khẩu từ 4,5 đến 5 tỷ USD.")
    assert (row["bound"], row["value"], row["high"]) == ("range", 4.5e9, 5e9)


def test_range_with_hyphen_of_percent_per_year():
    row = one("Giai đoạn 2021-2025, tăng trưởng GRDP đạt 8-8,5%/năm.")
    assert (row["value"], row["high"], row["unit"]) == (8.0, 8.5, "percent")
    assert row["period"] == "2021-2025"


def test_range_of_a_count_with_an_unknown_counted_noun():
    row = one("Đến năm 2030, tỉnh thu hút 2-4 khu công nghiệp mới.")
    assert (row["bound"], row["value"], row["high"], row["unit"]) == ("range", 2.0, 4.0, "count")
    assert row["indicator"] == ""


def test_qualifier_before_a_range_is_kept_in_the_note():
    row = one("Năm 2025, thu nội địa khoảng 40 – 42 nghìn tỷ đồng.")
    assert row["bound"] == "range"
    assert "khoảng" in row["note"]


# -- qualifiers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "bound"),
    [
        ("khoảng", "approx"),
        ("gần", "approx"),
        ("trên", "over"),
        ("hơn", "over"),
        ("vượt", "over"),
        ("tối thiểu", "min"),
        ("ít nhất", "min"),
        ("tối đa", "max"),
        ("dưới", "max"),
    ],
)
def test_qualifier_sets_the_bound(word, bound):
    row = one(f"Năm 2023, tổng vốn đầu tư toàn xã hội đạt {word} 95 nghìn tỷ đồng.")
    assert row["bound"] == bound


def test_qualifier_then_filler_word():
    row = one("Năm 2025, tổng vốn đầu tư toàn xã hội tối thiểu là 300 nghìn tỷ đồng.")
    assert row["bound"] == "min"


def test_tren_dia_ban_is_a_place_not_over():
    row = one("Năm 2023, thu ngân sách trên địa bàn đạt 18.600 tỷ đồng.")
    assert row["bound"] == "eq"
    assert row["indicator"] == "budget_revenue"


def test_tren_dia_ban_just_before_a_figure_is_not_over():
    row = one("Năm 2023, khách du lịch trên địa bàn 3,1 triệu lượt.")
    assert row["bound"] == "eq"


@pytest.mark.parametrize("word", ["ước đạt", "ước tính", "ước"])
def test_estimate_is_noted(word):
    row = one(f"Năm 2023, thu nội địa {word} 21.700 tỷ đồng.", published="2023-12-20")
    assert "estimate" in row["note"]
    assert row["kind"] == "result"


def test_an_unqualified_figure_has_no_estimate_note():
    assert "estimate" not in one("Năm 2023, thu nội địa đạt 21.700 tỷ đồng.")["note"]


# -- measures -------------------------------------------------------------------------------


def test_tang_is_positive_growth():
    row = one("Sáu tháng đầu năm, sản lượng hàng hóa qua cảng tăng 7,3%.")
    assert (row["measure"], row["value"]) == ("growth", 7.3)
    assert row["comparison"] == "same_period_prior_year"


def test_giam_is_negative_growth():
    row = one("Sáu tháng đầu năm, kim ngạch xuất khẩu giảm 4,15% so với cùng kỳ.")
    assert (row["measure"], row["value"]) == ("growth", -4.15)
    assert row["comparison"] == "same_period_prior_year"
    assert "giảm" in row["note"]


def test_giam_of_a_range_keeps_low_below_high():
    row = one("Năm 2023, thu nội địa giảm 3 – 5%.")
    assert (row["value"], row["high"]) == (-5.0, -3.0)


def test_tang_cuong_is_not_growth():
    row = one("Năm 2023, tăng cường thu hút FDI; tỷ trọng công nghiệp trong GRDP đạt 38%.")
    assert row["measure"] == "share"


def test_share_of_plan_with_bang_ke_hoach():
    found = rows("Quý II, thu hút FDI đạt 310 triệu USD, bằng 31% kế hoạch năm.")
    assert [r["measure"] for r in found] == ["level", "share_of_plan"]
    assert found[1]["indicator"] == "fdi"
    assert found[1]["comparison"] == ""


def test_share_of_plan_with_du_toan():
    row = rows("Năm 2023, thu nội địa đạt 9.900 tỷ đồng, đạt 104,2% dự toán.")[1]
    assert (row["measure"], row["value"], row["indicator"]) == (
        "share_of_plan",
        104.2,
        "domestic_revenue",
    )


def test_share_of_prior_without_a_growth_verb():
    row = rows("Quý I, khách du lịch đạt 780 nghìn lượt, bằng 112,4% so với cùng kỳ.")[1]
    assert (row["measure"], row["comparison"]) == ("share_of_prior", "same_period_prior_year")


def test_growth_against_the_previous_period():
    row = one("Quý III, chỉ số sản xuất công nghiệp tăng 2,2% so với quý trước.")
    assert row["comparison"] == "prior_period"


def test_ty_trong_is_a_share():
    row = one("Đến năm 2030, tỷ trọng công nghiệp trong GRDP đạt 45%.")
    assert (row["measure"], row["unit"], row["indicator"]) == (
        "share",
        "percent",
        "industry_share_grdp",
    )


def test_binh_quan_growth_is_an_annual_average():
    row = one("Giai đoạn 2026 – 2030, GRDP tăng bình quân 11%/năm.")
    assert row["comparison"] == "annual_average"
    assert row["period"] == "2026-2030"


def test_change_in_a_unit_is_noted_not_read_as_a_level():
    row = one("Năm 2023, thu nội địa tăng 1.200 tỷ đồng.")
    assert "change" in row["note"]
    assert row["indicator"] == ""  # so ingest never stores a change as a level


# -- periods --------------------------------------------------------------------------------


def test_horizon_carries_over_a_list_until_another_is_stated():
    text = (
        "Đến năm 2030, tỷ trọng công nghiệp trong GRDP đạt 44%; kim ngạch xuất khẩu đạt 12 tỷ USD; "
        "khách du lịch đạt 9 triệu lượt. Đến năm 2035, thu nội địa đạt 90 nghìn tỷ đồng."
    )
    found = rows(text)
    assert [r["period"] for r in found] == ["2030", "2030", "2030", "2035"]
    assert all(r["kind"] == "target" for r in found)


def test_a_span_holds_for_its_clause_then_the_list_falls_back_to_the_horizon():
    text = (
        "Đến năm 2030, tăng trưởng GRDP bình quân giai đoạn 2026 – 2030 tối thiểu là 10%; "
        "GRDP bình quân đầu người đạt 9.000 USD."
    )
    found = rows(text)
    assert [r["period"] for r in found] == ["2026-2030", "2030"]
    assert [r["indicator"] for r in found] == ["grdp", "grdp_per_capita"]


def test_year_less_quarter_takes_the_publication_year():
    row = one("Trong quý 2, thu ngân sách đạt 5.100 tỷ đồng.")
    assert row["period"] == "2024-Q2"
    assert row["kind"] == "result"


@pytest.mark.parametrize(
    ("phrase", "period"),
    [
        ("Quý I", "2024-Q1"),
        ("Quý một", "2024-Q1"),
        ("Quý IV năm 2023", "2023-Q4"),
        ("Quý III/2023", "2023-Q3"),
        ("6 tháng đầu năm", "2024-H1"),
        ("Sáu tháng cuối năm 2023", "2023-H2"),
        ("9 tháng năm 2023", "2023-9M"),
        ("Cả năm 2023", "2023"),
        ("Năm 2022", "2022"),
    ],
)
def test_period_phrases(phrase, period):
    row = one(f"{phrase}, kim ngạch xuất khẩu đạt 1,2 tỷ USD.")
    assert row["period"] == period


def test_comparison_year_is_not_a_period():
    row = rows("Quý I, thu nội địa đạt 3.000 tỷ đồng, tăng 6% so với cùng kỳ năm 2023.")[1]
    assert row["period"] == "2024-Q1"


def test_no_period_falls_back_to_the_publication_year_with_a_note():
    row = one("Thu nội địa đạt 3.000 tỷ đồng.")
    assert row["period"] == "2024"
    assert "no period" in row["note"]


def test_no_period_and_no_date_leaves_period_empty():
    row = one("Thu nội địa đạt 3.000 tỷ đồng trong quý 3.", published=None)
    assert row["period"] == ""


def test_header_date_resolves_the_year_when_published_is_not_given():
    text = "Cổng thông tin\n\n14:20 18/10/2024\n\nQuý III, thu nội địa đạt 4.400 tỷ đồng."
    row = one(text, published=None)
    assert row["period"] == "2024-Q3"
    assert row["kind"] == "result"


# -- kind -----------------------------------------------------------------------------------


def test_future_period_is_a_target_past_period_a_result():
    found = rows(
        "Năm 2023, thu nội địa đạt 8.000 tỷ đồng. Năm 2025, thu nội địa đạt 10.000 tỷ đồng."
    )
    assert [r["kind"] for r in found] == ["result", "target"]


@pytest.mark.parametrize("word", ["Mục tiêu", "Phấn đấu", "Chỉ tiêu"])
def test_target_words_make_targets(word):
    row = one(f"{word} năm 2023, kim ngạch xuất khẩu đạt 3 tỷ USD.", published="2024-02-01")
    assert row["kind"] == "target"


def test_the_targets_of_a_year_under_chi_tieu():
    text = "Các chỉ tiêu năm 2025: thu nội địa trên 12.000 tỷ đồng; khách du lịch 4,5 triệu lượt."
    found = rows(text, published="2024-12-28")
    assert [(r["period"], r["kind"], r["bound"]) for r in found] == [
        ("2025", "target", "over"),
        ("2025", "target", "eq"),
    ]


# -- indicators -----------------------------------------------------------------------------


def test_unknown_indicator_gives_a_row_with_an_empty_indicator():
    row = one("Năm 2023, tỷ lệ hộ nghèo còn 1,2%.")
    assert row["indicator"] == ""
    assert row["value"] == 1.2


def test_a_figure_inherits_the_indicator_within_its_clause_only():
    text = "Năm 2023, thu hút FDI đạt 500 triệu USD, tăng 12%; 3,5% là tỷ lệ thất nghiệp."
    found = rows(text)
    assert [r["indicator"] for r in found] == ["fdi", "fdi", ""]


def test_an_alias_of_the_wrong_unit_is_not_guessed():
    row = one("Năm 2023, thu hút FDI đạt 2,1 triệu tấn.")
    assert row["indicator"] == ""
    assert "indicator left empty" in row["note"]


def test_an_alias_added_in_indicators_csv_is_matched(tmp_path, data_copy):
    text = "Năm 2023, giá trị hàng xuất khẩu đạt 1,9 tỷ USD."
    assert one(text, data_dir=data_copy)["indicator"] == "exports"  # via "xuất khẩu"
    text = "Năm 2023, doanh thu bán lẻ đạt 70 nghìn tỷ đồng."
    assert one(text, data_dir=data_copy)["indicator"] == ""
    path = data_copy / "indicators.csv"
    content = path.read_text(encoding="utf-8").replace(
        "|tổng vốn đầu tư\n", "|tổng vốn đầu tư|doanh thu bán lẻ\n"
    )
    path.write_text(content, encoding="utf-8")
    assert one(text, data_dir=data_copy)["indicator"] == "total_investment"


# -- negation, normal forms, empty input ---------------------------------------------------------


def test_a_negated_threshold_gives_no_row():
    assert rows("Một số chỉ tiêu chưa đạt tỷ lệ 50% kế hoạch năm.") == []


def test_khong_qua_is_a_maximum_not_a_negation():
    row = one("Năm 2025, tỷ lệ thất nghiệp không quá 3%.")
    assert row["bound"] == "max"


def test_nfd_input_gives_the_same_rows():
    text = "Quý I, thu ngân sách trên địa bàn đạt 6.210 tỷ đồng, giảm 2,4% so với cùng kỳ."
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert extract(nfd, published=PUBLISHED).equals(extract(text, published=PUBLISHED))


def test_empty_text_gives_an_empty_table_with_the_columns():
    frame = extract("")
    assert list(frame.columns) == COLUMNS
    assert frame.empty


def test_text_without_figures_gives_an_empty_table():
    assert extract("Hội nghị tổng kết công tác năm, đồng chí Bí thư phát biểu.").empty


def test_quote_is_at_offset_and_holds_the_figure():
    text = "Tóm tắt.\nNăm 2023, thu nội địa đạt 9.900 tỷ đồng, đạt 104,2% dự toán."
    for row in rows(text):
        assert text[row["offset"] : row["offset"] + len(row["quote"])] == row["quote"]
    assert rows(text)[0]["quote"] == "thu nội địa đạt 9.900 tỷ đồng"


def test_source_id_is_written():
    assert one("Năm 2023, thu nội địa đạt 1 tỷ đồng.", source_id="abc")["source_id"] == "abc"


def test_range_high_is_nan_without_a_range():
    assert math.isnan(one("Năm 2023, thu nội địa đạt 1 tỷ đồng.")["high"])


# -- parameters and lexicon -----------------------------------------------------------------


def test_published_must_be_a_date():
    with pytest.raises(ParameterError, match="published"):
        extract("x", published="27/04/2023")
    assert as_date(date(2020, 1, 2)) == date(2020, 1, 2)


def test_text_must_be_a_string():
    with pytest.raises(ParameterError, match="str"):
        extract(b"bytes")  # type: ignore[arg-type]


def test_header_date_forms():
    assert header_date("09:30 27/04/2023\nx").date() == date(2023, 4, 27)
    assert header_date("Ngày 05/01/2022\nkhông có giờ").date() == date(2022, 1, 5)
    assert header_date("x" * 700 + "05/01/2022") is None
    assert header_date("31/02/2022 10:00") is None
    assert resolve_year("????-H1", date(2021, 1, 1)) == "2021-H1"


def test_broken_lexicon_raises_data_error():
    with pytest.raises(DataError, match="malformed"):
        Lexicon.from_toml("[units]\n")
    with pytest.raises(DataError):
        Lexicon.from_toml("not toml = = =")


def test_grammar_units():
    g = default_grammar()
    assert g.unit_code("lượt khách") == "arrivals"
    assert g.qualifier("trên địa bàn 5", 13, 0) is None


@pytest.fixture
def data_copy(tmp_path):
    from hpdata import paths

    target = tmp_path / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, target)
    return target


def test_a_range_written_high_to_low_is_stored_low_to_high():
    row = one("Năm 2023, thu nội địa đạt 50 – 40 tỷ đồng.")
    assert (row["value"], row["high"]) == (40e9, 50e9)


def test_the_extract_package_exposes_the_extractor_function():
    import hpdata.extract
    import hpdata.extract.extractor

    assert hpdata.extract.extract is hpdata.extract.extractor.extract
    assert callable(hpdata.extract.extract)


def test_missing_lexicon_is_a_data_error_naming_the_file(data_copy):
    (data_copy / "extract_lexicon.toml").unlink()
    with pytest.raises(DataError, match=r"extract_lexicon\.toml"):
        extract("Năm 2023, thu nội địa đạt 1 tỷ đồng.", data_dir=data_copy)


def test_a_count_after_a_non_count_indicator_is_not_guessed():
    row = one("Năm 2023, thu hút FDI được 14 dự án mới.")
    assert (row["unit"], row["indicator"]) == ("count", "")
    assert "not a count" in row["note"]


def test_no_year_and_no_date_leaves_period_empty_with_a_note():
    row = one("Quý 3, thu nội địa đạt 3.000 tỷ đồng.", published=None)
    assert row["period"] == ""
    assert "year is not stated" in row["note"]


# -- case and signs (the grammar matches the text folded to lower case) -------------------------


def test_fold_keeps_every_position():
    from hpdata.extract.grammar import fold

    text = "QUÝ I/2024, Thu Ngân Sách ĐẠT 1.200 TỶ ĐỒNG; İ là một chữ"
    assert len(fold(text)) == len(text)
    assert fold(text).startswith("quý i/2024, thu ngân sách đạt 1.200 tỷ đồng")


def test_capitals_give_the_same_rows_and_quotes_keep_them():
    text = "Quý I năm 2024, thu ngân sách đạt 1.200 tỷ đồng, tăng 5,5% so với cùng kỳ."
    lower, upper = rows(text), rows(text.upper())
    keys = ("indicator", "kind", "measure", "period", "bound", "value", "unit", "offset")
    assert [[r[k] for k in keys] for r in upper] == [[r[k] for k in keys] for r in lower]
    assert len(upper) == 2 and upper[0]["quote"] == upper[0]["quote"].upper()
    assert upper[0]["quote"].startswith("THU NGÂN SÁCH")


def test_a_note_cites_the_words_as_written():
    row = one("Năm 2023, chỉ số sản xuất công nghiệp GIẢM 1,2%.", published="2024-01-10")
    assert row["value"] == -1.2 and "'GIẢM' (down)" in row["note"]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Năm 2023, GRDP tăng -1,5%.", [(-1.5, None)]),  # a hyphen as a sign
        ("Năm 2023, GRDP tăng (\u22121,5%).", [(-1.5, None)]),  # a minus after a bracket
        ("Năm 2023, GRDP tăng 2-3%.", [(2.0, 3.0)]),  # a range, not 2 and -3
        ("Năm 2023, mã A-5% là mã số, GRDP tăng 4%.", [(4.0, None)]),  # a code, not -5
        ("Năm 2023, GRDP tăng 5--3%.", []),  # a sign after a sign: no figure at 3
    ],
)
def test_a_sign_counts_only_where_no_word_or_mark_stands_before_it(text, figures):
    found = rows(text, published="2024-01-10")
    got = [(r["value"], None if math.isnan(r["high"]) else r["high"]) for r in found]
    assert got == figures, found
