"""Charts: hpdata's own SVG charts carry the expected marks, values, labels, units, source line and
alt text in both languages, are laid out without overlap, and never load matplotlib."""

from __future__ import annotations

import csv
import html
import io
import itertools
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

import hpdata
from hpdata.analysis.progress import PROGRESS_COLUMNS
from hpdata.report import chartpng, pages, plots, svg
from hpdata.report.svg import BarPanel, Chart, TimePanel

NAN = float("nan")
PALETTE = {c.lower() for c in plots.OKABE_ITO.values()}
NS = "{http://www.w3.org/2000/svg}"


def frame(*rows: dict) -> pd.DataFrame:
    """A hand-made progress frame: every column of hpdata.progress, NaN or '' unless given."""
    base = dict.fromkeys(PROGRESS_COLUMNS, NAN)
    for key in ("indicator", "name", "unit", "target_source", "target_period", "target_measure",
                "target_bound", "result_source", "result_period", "annual_basis_kind", "caveat"):  # fmt: skip
        base[key] = ""
    return pd.DataFrame([{**base, **row} for row in rows], columns=PROGRESS_COLUMNS)


def texts(chart: Chart) -> list[str]:
    return chart.texts()


def legend(chart: Chart) -> list[str]:
    return [e.label for e in chart.legend]


def gid_texts(chart: Chart, gid: str) -> list[str]:
    return [b.text for b in chart.boxes() if b.gid == gid]


def tree(chart: Chart) -> ET.Element:
    return ET.fromstring(chart.svg())


def value_labels(panel: BarPanel | TimePanel) -> list[str]:
    return [lb.text for lb in panel.labels()]


# --- shared rules ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def all_charts(progress_vi: pd.DataFrame) -> dict[str, Chart]:
    return {
        "bullet": plots.bullet_chart(progress_vi, "vi"),
        "plan_share": plots.plan_share_chart(progress_vi, "vi"),
        "growth": plots.growth_chart(progress_vi, "vi"),
        "indicator": plots.indicator_chart("budget_revenue", "vi", progress_vi),
        "trajectory": plots.trajectory_chart("total_investment", "vi"),
    }


@pytest.mark.parametrize("name", ["bullet", "plan_share", "growth", "indicator", "trajectory"])
def test_every_chart_names_its_unit_cites_its_sources_and_asks_for_the_page_font(
    all_charts: dict[str, Chart], name: str
) -> None:
    chart = all_charts[name]
    for panel in chart.panels:
        assert panel.axis_label.endswith(")") and "(" in panel.axis_label, (name, panel)
        assert any(u in panel.axis_label for u in ("nghìn tỷ đồng", "tỷ đồng", "%")), name
        assert panel.axis_label in texts(chart)
    line = chart.source
    assert line.startswith("Nguồn: ")
    assert "27/04/2023" in line and line.endswith("Số liệu suy ra được tính từ số liệu nguồn.")
    assert " ".join(gid_texts(chart, "source-line")) == line  # wrapped, every word drawn
    assert gid_texts(chart, "title") and chart.title.startswith(gid_texts(chart, "title")[0])
    assert "font-family: 'Noto Sans', 'DejaVu Sans'," in chart.svg()  # page.css's fonts


@pytest.mark.parametrize("name", ["bullet", "plan_share", "growth", "indicator", "trajectory"])
def test_every_filled_colour_is_from_the_okabe_ito_palette(
    all_charts: dict[str, Chart], name: str
) -> None:
    chart = all_charts[name]
    coloured = [m for m in chart.marks() if m.fill not in ("none", "#ffffff")]
    assert coloured, name
    assert {m.fill.lower() for m in coloured} <= PALETTE
    root = tree(chart)
    fills = {e.get("fill").lower() for e in root.iter(f"{NS}rect") if e.get("class")}
    fills |= {e.get("fill").lower() for e in root.iter(f"{NS}pattern/{NS}rect")}
    assert {f for f in fills if not f.startswith("url(")} <= PALETTE | {"#ffffff"}


def test_unit_labels_come_from_the_units_file() -> None:
    assert plots.unit_label("VND", "vi", 1.9e14) == "nghìn tỷ đồng"
    assert plots.unit_label("VND", "vi", 4e13) == "nghìn tỷ đồng"  # one rule: as fmt writes it
    assert plots.unit_label("VND", "vi", 8e11) == "tỷ đồng"
    assert plots.unit_label("VND", "en", 1.9e14) == "VND trillion"
    assert plots.unit_label("USD", "en", 6.59e9) == "USD billion"
    assert plots.unit_label("percent", "en") == "%"
    assert plots.unit_label("count", "vi") == "số lượng"
    assert plots.axis_label("Mức", "t", "vi", 3.3e7) == "Mức (triệu tấn)"


def test_values_are_written_in_one_scale_per_axis() -> None:
    scale = hpdata.numberstyle.pick_scale(1.9e14, "VND", "vi")
    assert plots.fmt_in(2.4042e13, scale, "vi") == "24,04 nghìn tỷ đồng"
    assert plots.fmt_in(NAN, scale, "vi") == "–"
    assert plots.bound_in("over", 7.5e13, None, scale, "vi") == "trên 75 nghìn tỷ đồng"
    assert plots.bound_in("range", 1.8e14, 1.9e14, scale, "en") == "180 – 190 nghìn tỷ đồng"
    en = hpdata.numberstyle.pick_scale(1.9e14, "VND", "en")
    assert plots.bound_in("range", 1.8e14, 1.9e14, en, "en") == "VND 180 – 190 trillion"


# --- the drawing module ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "integer", "expected"),
    [
        (0, 96.17, False, [0, 20, 40, 60, 80, 100]),
        (0, 190, False, [0, 50, 100, 150, 200]),
        (-9.46, 0, False, [-10, -8, -6, -4, -2, 0]),
        (0, 3, True, [0, 1, 2, 3]),
        (0, 2, True, [0, 1, 2]),  # counts: never 0.5
        (0, 0.465, False, [0, 0.1, 0.2, 0.3, 0.4, 0.5]),
        (0, 0, False, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ],
)
def test_ticks_are_nice_and_cover_the_data(low, high, integer, expected) -> None:
    ticks = svg.nice_ticks(low, high, 5, integer)
    assert ticks == pytest.approx(expected)
    assert ticks[0] <= low and ticks[-1] >= high
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 9) in (1, 2, 5)
    if integer:
        assert all(float(t).is_integer() for t in ticks)


def test_text_width_follows_dejavu_sans_and_wrapping_respects_it() -> None:
    assert svg.text_width("iiii") < svg.text_width("mmmm")  # proportional, not per character
    assert svg.text_width("Mức", bold=True) > svg.text_width("Mức")
    assert svg.text_width("Thành ủy") == svg.text_width("Thanh uy")  # diacritics: base width
    assert svg.text_width("2023", 10) == pytest.approx(4 * 6.36)  # DejaVu digits: 0.636 em
    long = "Tăng trưởng cần đạt/năm (suy ra từ mục tiêu mức) " * 3
    lines = svg.wrap(long, 200)
    assert len(lines) > 1 and all(svg.text_width(line) <= 200 for line in lines)
    assert " ".join(lines) == " ".join(long.split())


def test_text_is_escaped_for_xml() -> None:
    panel = BarPanel("A < B & C", "x (%)", str)
    chart = Chart('Title "<&>"', [panel], source="S & T")
    chart.alt = 'Alt <b> & "q"'
    root = tree(chart)
    assert root.find(f"{NS}title").text == 'Alt <b> & "q"'
    assert root.get("aria-label") == 'Alt <b> & "q"'
    words = [t.text for t in root.iter(f"{NS}text")]
    assert 'Title "<&>"' in words and "S & T" in words


# --- every chart in both languages ----------------------------------------------------------

PERIOD_CODE = re.compile(r"\b\d{4}-(?:Q\d|H\d|9M|M\d\d|\d{4})\b")
VIETNAMESE = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)


def every_chart(lang: str, progress: pd.DataFrame) -> dict[str, Chart]:
    charts = {
        "bullet": plots.bullet_chart(progress, lang),
        "plan_share": plots.plan_share_chart(progress, lang),
        "growth": plots.growth_chart(progress, lang),
    }
    for code in hpdata.indicators()["indicator"]:
        charts[code] = plots.indicator_chart(code, lang, progress)
        charts[f"trajectory.{code}"] = plots.trajectory_chart(code, lang)
    return charts


@pytest.fixture(scope="module")
def charts_vi(progress_vi) -> dict[str, Chart]:
    return every_chart("vi", progress_vi)


@pytest.fixture(scope="module")
def charts_en(progress_en) -> dict[str, Chart]:
    return every_chart("en", progress_en)


def chart_words(chart: Chart) -> list[str]:
    """Every text of a chart but its source line (publisher names stay as published)."""
    return [b.text for b in chart.boxes() if b.gid != "source-line"]


def test_no_text_overlaps_another_or_leaves_the_canvas(charts_vi, charts_en) -> None:
    for name, chart in [*charts_vi.items(), *charts_en.items()]:
        boxes = chart.boxes()
        assert not svg.boxes_overlap(boxes), (name, svg.boxes_overlap(boxes)[:2])
        height = float(tree(chart).get("viewBox").split()[3])
        for box in boxes:
            assert box.x0 >= 0 and box.x1 <= svg.WIDTH, (name, box)
            assert box.y0 >= 0 and box.y1 <= height, (name, box)


def test_the_overlap_check_can_fail() -> None:
    a = svg.Box("a", "x", 0, 0, 10, 10)
    assert svg.boxes_overlap([a, svg.Box("b", "x", 5, 5, 15, 15)])
    assert not svg.boxes_overlap([a, svg.Box("b", "x", 10, 0, 20, 10)])  # touching is fine


def test_the_longest_labels_wrap_inside_their_column(charts_vi, charts_en) -> None:
    for chart in (charts_vi["growth"], charts_en["growth"], charts_en["plan_share"]):
        (panel,) = chart.panels
        longest = max((row.label for row in panel.rows), key=svg.text_width)
        assert svg.text_width(longest) > svg.LABEL_COLUMN * svg.WIDTH * 0.5
        drawn = [b for b in chart.boxes() if b.gid == "category"]
        assert " ".join(b.text for b in drawn).count(longest.split()[0]) >= 1
        assert max(b.x1 - b.x0 for b in drawn) <= svg.LABEL_COLUMN * (svg.WIDTH - 2 * svg.MARGIN)


def test_every_svg_is_well_formed_and_accessible(charts_vi, charts_en) -> None:
    for name, chart in [*charts_vi.items(), *charts_en.items()]:
        root = tree(chart)  # raises on malformed XML
        assert root.tag == f"{NS}svg" and root.get("role") == "img", name
        assert root.get("class") == "hpdata-chart"
        assert root.get("aria-label") == plots.alt_text(chart)
        assert root.find(f"{NS}title").text == plots.alt_text(chart)
        assert re.search(r"\d", plots.alt_text(chart)), name


def test_no_chart_shows_a_period_code_or_a_hyphen_minus(charts_vi, charts_en) -> None:
    for name, chart in [*charts_vi.items(), *charts_en.items()]:
        words = [*texts(chart), plots.alt_text(chart)]
        assert not [w for w in words if PERIOD_CODE.search(w)], name
        numbers = [w for w in words if re.search(r"-\d", w)]
        assert not numbers, (name, numbers)  # minus signs are U+2212


def test_english_charts_have_no_vietnamese_and_vietnamese_ones_no_english_labels(
    charts_vi, charts_en
) -> None:
    for name, chart in charts_en.items():
        assert not [w for w in chart_words(chart) if VIETNAMESE.search(w)], name
    with open(Path(hpdata.__file__).parent.parent / "data" / "labels.csv", encoding="utf-8") as fh:
        english = {r["en"] for r in csv.DictReader(fh) if r["en"] != r["vi"] and len(r["en"]) > 3}
    for name, chart in charts_vi.items():
        assert not set(chart_words(chart)) & english, name


def test_text_is_readable_on_a_phone_and_not_large_on_a_desktop() -> None:
    phone = (390 - 32) / svg.WIDTH  # the page's side padding is 1rem each side
    desktop = svg.MAX_WIDTH_PX / svg.WIDTH
    smallest = min(svg.TEXT_SIZE, svg.PANEL_TITLE_SIZE, svg.TITLE_SIZE)
    largest = max(svg.TEXT_SIZE, svg.PANEL_TITLE_SIZE, svg.TITLE_SIZE)
    assert smallest * phone >= 12 and largest * desktop <= 19
    sizes = set(
        re.findall(r'font-size="([\d.]+)"', plots.figure_svg(plots.trajectory_chart("fdi")))
    )
    assert {float(s) for s in sizes} <= {svg.TEXT_SIZE, svg.PANEL_TITLE_SIZE, svg.TITLE_SIZE}


def test_building_and_drawing_every_chart_never_imports_matplotlib() -> None:
    code = (
        "import sys, hpdata\n"
        "from hpdata.report import plots\n"
        "for lang in ('vi', 'en'):\n"
        "    p = hpdata.progress(lang=lang)\n"
        "    charts = [plots.bullet_chart(p, lang), plots.plan_share_chart(p, lang),\n"
        "              plots.growth_chart(p, lang)]\n"
        "    for code in hpdata.indicators()['indicator']:\n"
        "        charts += [plots.indicator_chart(code, lang, p), plots.trajectory_chart(code, lang)]\n"
        "    assert all(c.svg().startswith('<svg') for c in charts)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- bullet chart ---------------------------------------------------------------------------


def test_bullet_chart_draws_the_three_comparable_level_indicators(
    all_charts: dict[str, Chart], progress_vi: pd.DataFrame
) -> None:
    chart = all_charts["bullet"]
    names = progress_vi.set_index("indicator")["name"]
    assert [p.title for p in chart.panels] == [
        names["budget_revenue"],
        names["domestic_revenue"],
        names["total_investment"],
    ]
    assert chart.panels[0].title == "Thu ngân sách nhà nước trên địa bàn"
    assert gid_texts(chart, "panel-title") == [p.title for p in chart.panels]
    basis = [m.x1 for m in chart.marks("basis")]
    expected = progress_vi.set_index("indicator").loc[
        ["budget_revenue", "domestic_revenue", "total_investment"], "annual_basis"
    ]
    assert basis == pytest.approx(list(expected))
    assert [m.x1 for m in chart.marks("result")] == pytest.approx([2.4042e13, 8.132e12, 3.5137e13])
    root = tree(chart)
    assert len(root.findall(f".//{NS}rect[@class='hc-basis']")) == 3


def test_bullet_chart_labels_the_naive_run_rate_and_hatches_it(all_charts: dict) -> None:
    chart = all_charts["bullet"]
    budget, domestic, _ = chart.panels
    (naive,) = budget.marks("basis")
    (plan,) = domestic.marks("basis")
    assert naive.hatch and not plan.hatch
    hatched = tree(chart).findall(f".//{NS}rect[@class='hc-basis']")[0]
    assert hatched.get("fill").startswith("url(#chart-") and "-hatch-" in hatched.get("fill")
    words = legend(chart)
    assert "Mức cả năm: ước thô quý 1/2023 × 4 (không tính mùa vụ)" in words
    assert "Mức cả năm: kế hoạch năm suy ra" in words
    assert "Kế hoạch năm suy ra" in words
    assert "Mục tiêu bình quân/năm (2021–2025)" in words
    drawn = " ".join(gid_texts(chart, "legend"))  # a long entry wraps
    assert all(w in drawn for w in words)


def test_bullet_chart_targets_a_range_as_a_band_and_a_span_per_year(all_charts: dict) -> None:
    chart = all_charts["bullet"]
    budget, _, investment = chart.panels
    (band,) = budget.marks("target")
    assert band.shape == "bar" and band.opacity < 1
    assert (band.x0, band.x1) == pytest.approx((1.8e14, 1.9e14))
    (line,) = investment.marks("target")
    assert line.shape == "tick" and line.x0 == pytest.approx(3e14)  # 1,5 triệu tỷ over 5 years
    words = texts(chart)
    assert "180 – 190 nghìn tỷ đồng" in words
    assert "trên 300 nghìn tỷ đồng" in words
    assert "trên 75 nghìn tỷ đồng" in words  # the axis scale, as the table writes it


def test_bullet_chart_marks_the_implied_plan_or_says_there_is_none(all_charts: dict) -> None:
    budget, domestic, _ = all_charts["bullet"].panels
    assert not budget.marks("implied-plan")
    assert budget.note == "Không có tỷ lệ kế hoạch năm" and budget.note_gid == "no-plan"
    assert "Không có tỷ lệ kế hoạch năm" in gid_texts(all_charts["bullet"], "no-plan")
    (marker,) = domestic.marks("implied-plan")
    assert marker.x0 == pytest.approx(8.132e12 / 0.1913)
    assert marker.shape == "diamond"


def test_bullet_chart_ticks_follow_the_locale(progress_vi, progress_en) -> None:
    vi = plots.bullet_chart(progress_vi, "vi")
    en = plots.bullet_chart(progress_en, "en")
    assert vi.panels[1].axis_label == "Mức cả năm (nghìn tỷ đồng)"
    assert en.panels[1].axis_label == "Annual level (VND trillion)"
    ticks = [b.text for b in vi.boxes() if b.gid == "tick"]
    assert {"0", "20", "40", "60", "80"} <= set(ticks)  # 75 nghìn tỷ: the target is covered
    growth = {
        lang: plots.indicator_chart("total_investment", lang, table)
        for lang, table in (("vi", progress_vi), ("en", progress_en))
    }
    assert {"0,5", "1,5"} <= set(gid_texts(growth["vi"], "tick"))  # triệu tỷ đồng
    assert {"500", "1,000"} <= set(gid_texts(growth["en"], "tick"))  # VND trillion
    assert en.panels[0].title == "State budget revenue"
    assert en.source.startswith("Source: Hai Phong City Electronic Portal, Jul 11, 2019")


def test_bullet_chart_takes_one_row_and_draws_an_empty_frame_as_no_data(progress_vi) -> None:
    one = progress_vi[progress_vi["indicator"] == "domestic_revenue"].iloc[0]
    chart = plots.bullet_chart(one, "vi")
    assert [p.title for p in chart.panels] == ["Thu nội địa"]
    empty = plots.bullet_chart(progress_vi.iloc[0:0], "vi")
    assert "Chưa có số liệu" in texts(empty)


def test_bullet_chart_with_a_full_year_result_and_a_range_over_a_span() -> None:
    made = frame(
        {
            "indicator": "x",
            "name": "Chỉ tiêu thử",
            "unit": "USD",
            "target_measure": "level",
            "target_bound": "range",
            "target_value": 1e10,
            "target_high": 2e10,
            "target_period": "2021-2025",
            "target_annual": 2e9,
            "result_period": "2023",
            "result_level": 1.5e9,
            "annual_basis": 1.5e9,
            "annual_basis_kind": "result",
            "result_source": "hp-2023-04-27-q1",
        }
    )
    chart = plots.bullet_chart(made, "vi")
    (panel,) = chart.panels
    (band,) = panel.marks("target")
    assert (band.x0, band.x1) == pytest.approx((2e9, 4e9))  # the range per year
    assert "Mức cả năm: kết quả" in legend(chart)
    assert panel.axis_label == "Mức cả năm (tỷ USD)"
    assert "Hội nghị Thành ủy lần thứ 11, 27/04/2023" in chart.source


# --- plan share -----------------------------------------------------------------------------


def test_plan_share_chart_draws_each_share_against_the_25_percent_benchmark(
    all_charts: dict, progress_vi: pd.DataFrame
) -> None:
    chart = all_charts["plan_share"]
    (panel,) = chart.panels
    with_share = progress_vi[progress_vi["result_share_of_plan"].notna()]
    assert [m.x1 for m in panel.marks("result")] == pytest.approx(
        list(with_share["result_share_of_plan"])
    )
    assert [row.label for row in panel.rows] == list(with_share["name"])
    (benchmark,) = panel.refs
    assert (benchmark.value, benchmark.gid) == (25.0, "benchmark")
    assert tree(chart).findall(f".//{NS}line[@class='hc-benchmark']")
    assert "Mốc tuyến tính 25%" in legend(chart)
    assert {"19,13%", "23,25%", "18%"} <= set(texts(chart))
    assert "(quý 1/2023)" in chart.title
    assert panel.axis_label == "Tỷ lệ so với kế hoạch năm (%)"


def test_plan_share_chart_takes_the_benchmark_from_the_data() -> None:
    made = frame(
        {"name": "A", "result_share_of_plan": 40.0, "benchmark": 50.0, "result_period": "2023-H1"},
        {"name": "B", "result_share_of_plan": 60.0, "benchmark": 50.0, "result_period": "2023-H1"},
    )
    chart = plots.plan_share_chart(made, "en")
    assert [r.value for r in chart.panels[0].refs] == [50.0]
    assert "Linear benchmark 50%" in legend(chart)
    mixed = made.copy()
    mixed.loc[1, "benchmark"] = 75.0
    (panel,) = plots.plan_share_chart(mixed, "en").panels
    assert not panel.refs
    assert sorted(m.x0 for m in panel.marks("benchmark")) == [50.0, 75.0]


def test_plan_share_chart_without_shares_says_no_data() -> None:
    chart = plots.plan_share_chart(frame({"name": "A"}), "en")
    assert "No data yet" in texts(chart)


# --- growth ---------------------------------------------------------------------------------


def test_growth_chart_sets_observed_against_required_growth(all_charts: dict, progress_vi) -> None:
    chart = all_charts["growth"]
    (panel,) = chart.panels
    observed = [m.x1 for m in panel.marks("observed")]
    required = [m.x1 for m in panel.marks("required")]
    rows = plots.growth_rows(progress_vi)
    assert list(rows["indicator"][:2]) == ["grdp", "iip"]  # stated growth targets first
    assert observed[:2] == pytest.approx([9.65, 13.12])
    assert required[:2] == pytest.approx([16.0, 23.0])
    assert len(observed) == len(required) == len(rows) == 5
    assert {"9,65%", "tối thiểu 16%", "13,12%", "trên 23%", "−9,46%"} <= set(texts(chart))
    assert [m.hatch for m in panel.marks("required")] == [False, False, True, True, True]
    assert panel.axis_label == "Tăng trưởng (%)"
    ticks = gid_texts(chart, "tick")
    assert "0" in ticks and any(t.startswith("\u2212") for t in ticks)  # falls: a zero line
    assert tree(chart).findall(f".//{NS}line[@stroke='{svg.AXIS_COLOR}']")


def test_growth_chart_can_leave_out_level_targets(progress_en) -> None:
    chart = plots.growth_chart(progress_en, "en", include_levels=False)
    (panel,) = chart.panels
    assert [row.label for row in panel.rows] == [
        "Gross regional domestic product (GRDP)",
        "Index of industrial production (IIP)",
    ]
    assert {"9.65%", "at least 16%", "over 23%"} <= set(texts(chart))
    assert legend(chart) == ["Growth Q1 2023, year on year", "Growth required by the target"]


def test_growth_chart_without_rows_says_no_data() -> None:
    assert "Chưa có số liệu" in texts(plots.growth_chart(frame({"name": "A"}), "vi"))


# --- one indicator --------------------------------------------------------------------------


def test_indicator_chart_draws_a_panel_per_measure_with_every_stated_and_derived_figure(
    all_charts: dict,
) -> None:
    chart = all_charts["indicator"]
    level, growth = chart.panels
    assert (level.title, growth.title) == ("Mức", "Tăng trưởng")
    assert [row.label for row in level.rows] == [
        "Mục tiêu năm 2025",
        "Kết quả quý 1/2023",
        "Ước cả năm thô (quý 1/2023 × 4)",
    ]
    (result,) = level.marks("result")
    (derived,) = level.marks("derived")
    assert result.x1 == pytest.approx(2.4042e13) and derived.x1 == pytest.approx(4 * 2.4042e13)
    assert derived.hatch
    solid, lighter = level.marks("target")
    assert (solid.x1, lighter.x0, lighter.x1) == pytest.approx((1.8e14, 1.8e14, 1.9e14))
    assert solid.opacity == 1 and lighter.opacity < 1  # solid to the low end, lighter above
    assert "180 – 190 nghìn tỷ đồng" in texts(chart) and "−9,46%" in texts(chart)
    assert "Thu ngân sách nhà nước trên địa bàn" in chart.title


def test_indicator_chart_with_a_target_only_says_no_result_yet(progress_en) -> None:
    chart = plots.indicator_chart("gdp_share_national", "en", progress_en)
    (panel,) = chart.panels
    assert panel.note == "No result yet" and gid_texts(chart, "no-result") == ["No result yet"]
    assert "about 6.4%" in texts(chart)
    assert chart.source == (
        "Source: Hai Phong City Electronic Portal, Jul 11, 2019. "
        "Derived figures are calculated from the stated ones."
    )


def test_indicator_chart_puts_a_cumulative_target_in_its_own_panel(progress_vi) -> None:
    chart = plots.indicator_chart("total_investment", "vi", progress_vi)
    level, total = chart.panels[:2]
    assert [row.label for row in level.rows] == [
        "Kết quả quý 1/2023",
        "Kế hoạch năm suy ra",
        "Mục tiêu bình quân/năm (2021–2025)",
    ]
    assert max(m.x1 for m in level.marks()) == pytest.approx(3e14)
    assert total.title == "Mức: Tổng cả giai đoạn"
    assert [row.label for row in total.rows] == ["Mục tiêu 2021–2025"]
    assert [m.x1 for m in total.marks()] == pytest.approx([1.5e15])
    assert "trên 300 nghìn tỷ đồng" in texts(chart) and "trên 1,5 triệu tỷ đồng" in texts(chart)
    assert "(nghìn tỷ đồng)" in level.axis_label and "(triệu tỷ đồng)" in total.axis_label


def test_indicator_chart_draws_every_indicator(charts_vi) -> None:
    for code in hpdata.indicators()["indicator"]:
        chart = charts_vi[code]
        assert chart.panels and chart.marks(), code
        assert chart.source.startswith("Nguồn: ")
        measures = set(hpdata.observations().query("indicator == @code")["measure"])
        titles = {p.title.split(":")[0] for p in chart.panels}
        assert len(titles) == len(measures), code  # one panel per measure (+ cumulative)


def test_indicator_chart_with_no_observation_says_no_data(data_copy: Path, edit_csv) -> None:
    edit_csv(
        data_copy / "observations.csv", lambda rows: [r for r in rows if r["indicator"] != "fdi"]
    )
    chart = plots.indicator_chart("fdi", "vi", data_dir=data_copy)
    assert "Chưa có số liệu" in texts(chart)
    assert any("USD" in t for t in texts(chart))


def test_indicator_chart_refuses_an_unknown_indicator_listing_the_valid_ones() -> None:
    with pytest.raises(
        hpdata.ParameterError, match=r"unknown indicator 'gdp'.*grdp.*tourist_arrivals"
    ):
        plots.indicator_chart("gdp", "vi")
    with pytest.raises(hpdata.ParameterError, match="lang 'fr'"):
        plots.indicator_chart("grdp", "fr")


def test_share_of_plan_panels_carry_the_benchmark_and_share_of_prior_panels_100(charts_vi) -> None:
    exports = {p.title: p for p in charts_vi["exports"].panels}
    assert [(r.value, r.gid) for r in exports["Tỷ lệ so với kế hoạch"].refs] == [
        (25.0, "benchmark")
    ]  # Q1, from data/method.toml
    fdi = {p.title: p for p in charts_vi["fdi"].panels}
    assert [(r.value, r.gid) for r in fdi["So với cùng kỳ"].refs] == [(100.0, "reference")]
    assert "100% = cùng kỳ năm trước" in texts(charts_vi["fdi"])
    assert "Mốc tuyến tính 25%" in gid_texts(charts_vi["exports"], "benchmark-label")


def test_count_axes_tick_integers(charts_en) -> None:
    ticks = gid_texts(charts_en["national_logistics_zones"], "tick")
    assert ticks[:4] == ["0", "1", "2", "3"] and all(t.isdigit() for t in ticks)


def test_tick_labels_of_falls_take_the_minus_sign(charts_vi) -> None:
    ticks = gid_texts(charts_vi["budget_revenue"], "tick")
    assert "\u22124" in ticks and not [t for t in ticks if "-" in t]


def test_a_bar_label_reads_as_the_table_writes_the_figure(charts_vi) -> None:
    from hpdata.numberstyle import fmt

    words = texts(charts_vi["budget_revenue"])
    assert fmt(2.4042e13, "VND", "vi") in words  # 24,04 nghìn tỷ đồng, in the table and chart
    assert fmt(4 * 2.4042e13, "VND", "vi") in words
    for panel in charts_vi["budget_revenue"].panels:
        unit = re.search(r"\((.*)\)$", panel.axis_label).group(1)
        ends = [re.search(r"\d\s*(\D*)$", w) for w in value_labels(panel)]
        scale_words = {m.group(1) for m in ends if m and m.group(1)}
        assert scale_words <= {unit}, (scale_words, unit)  # one scale word per axis


def test_alt_text_states_what_the_chart_shows_with_the_numbers(charts_vi, charts_en) -> None:
    alt = plots.alt_text(charts_vi["plan_share"])
    assert alt.startswith("Biểu đồ: Tỷ lệ kế hoạch năm đạt được (quý 1/2023)")
    assert "Sản lượng hàng hóa qua cảng: 18%" in alt and "Mốc tuyến tính 25%" in alt
    alt = plots.alt_text(charts_en["budget_revenue"])
    assert (
        "Result Q1 2023 VND 24.04 trillion" in alt and "Target 2025 VND 180 – 190 trillion" in alt
    )
    assert "\u22129.46%" in alt


# --- output ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_chart(progress_vi) -> Chart:
    return plots.plan_share_chart(progress_vi, "vi")


def test_save_figure_does_nothing_without_a_directory(small_chart, monkeypatch) -> None:
    monkeypatch.delenv(plots.FIGURES_ENV, raising=False)
    assert plots.save_figure(small_chart, "plan_share") == []


def test_save_figure_writes_the_svg_the_page_embeds(
    small_chart, monkeypatch, tmp_path: Path
) -> None:
    out = tmp_path / "figures" / "overview-vi"
    monkeypatch.setenv(plots.FIGURES_ENV, str(out))
    written = plots.save_figure(small_chart, "plan_share")
    assert written == [out / "plan_share.svg", out / "plan_share.png"]  # the page's, painted
    text = written[0].read_text(encoding="utf-8")
    assert text == plots.figure_svg(small_chart)
    assert text.startswith("<svg ") and "<metadata" not in text and "Matplotlib" not in text
    assert sorted(p.name for p in out.iterdir()) == ["plan_share.png", "plan_share.svg"]
    assert written[1].read_bytes() == chartpng.chart_png(text)
    assert written[0].stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    again = plots.save_figure(small_chart, "plan_share")
    assert again[0].read_text(encoding="utf-8") == text  # no date: the same file


def test_save_figure_keeps_the_previous_file_when_saving_fails(
    progress_vi, monkeypatch, tmp_path: Path
) -> None:
    chart = plots.plan_share_chart(progress_vi, "vi")
    plots.save_figure(chart, "chart", tmp_path)
    before = (tmp_path / "chart.svg").read_bytes()

    def broken(_chart):
        raise KeyboardInterrupt

    monkeypatch.setattr(plots, "figure_svg", broken)
    with pytest.raises(KeyboardInterrupt):
        plots.save_figure(chart, "chart", tmp_path)
    assert (tmp_path / "chart.svg").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png", "chart.svg"]


@pytest.mark.parametrize("name", ["../x", "a/b", "", ".hidden", "a b"])
def test_save_figure_refuses_a_name_that_is_not_a_plain_stem(small_chart, tmp_path, name) -> None:
    with pytest.raises(hpdata.ParameterError, match="figure name"):
        plots.save_figure(small_chart, name, tmp_path)


def test_show_displays_inline_svg_with_its_alt_text(small_chart, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append((obj, raw)))
    plots.show(small_chart)
    ((bundle, raw),) = shown
    assert raw is True and set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/html"] == plots.figure_svg(small_chart)
    assert bundle["text/plain"] == plots.alt_text(small_chart)
    assert small_chart._repr_svg_() == plots.figure_svg(small_chart)  # JupyterLab shows it


def test_a_chart_is_drawn_once_for_the_page_and_the_file(progress_en, monkeypatch, tmp_path):
    chart = plots.growth_chart(progress_en, "en")
    calls = []
    original = svg._draw

    def counting(c):
        calls.append(c.title)
        return original(c)

    monkeypatch.setattr(svg, "_draw", counting)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: None)
    plots.show(chart)
    first = plots.save_figure(chart, "growth", tmp_path)[0].read_text(encoding="utf-8")
    assert calls == [chart.title] and first == plots.figure_svg(chart)
    plots.set_alt(chart, chart.title, ["changed 1"], "en")
    assert plots.figure_svg(chart) != first and len(calls) == 2  # a new alt text: drawn again


def test_the_svg_is_small_and_two_charts_can_share_a_page(charts_vi) -> None:
    svgs = [plots.figure_svg(charts_vi[name]) for name in ("plan_share", "exports", "fdi")]
    page = ET.fromstring("<div>" + "".join(svgs) + "</div>")
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) >= 3  # unique on the page
    for markup in svgs:
        root = ET.fromstring(markup)
        assert 'viewBox="' in markup and f"max-width: {svg.MAX_WIDTH_PX}px" in root.get("style")
        assert root.get("width") is None  # scales with the page
        own = {e.get("id") for e in root.iter() if e.get("id")}
        refs = set(re.findall(r"url\(#([^)]+)\)", markup))
        assert refs <= own  # every reference points inside the chart
        assert len(markup.encode()) < 20_000, len(markup.encode())
    hatched = plots.figure_svg(charts_vi["budget_revenue"])
    assert re.search(r'<pattern id="chart-[0-9a-f]{10}-hatch-0"', hatched)


# --- trajectory (issue 12) --------------------------------------------------------------------


def series_frame(*rows: dict) -> pd.DataFrame:
    """A hand-made frame in the shape of hpdata.series(kind=None)."""
    base = {"indicator": "budget_revenue", "unit": "VND", "bound": "eq", "high": NAN,
            "source_id": "hp-2023-04-27-q1", "published": "", "is_estimate": False,
            "revised_by": "", "measure": "level"}  # fmt: skip
    out = []
    for row in rows:
        period = hpdata.periods.parse_period(row["period"])
        out.append({**base, "start": period.start, "end": period.end, **row})
    return pd.DataFrame(out, columns=plots.TRAJECTORY_COLUMNS)


@pytest.fixture(scope="module")
def trajectory() -> Chart:
    frame = series_frame(
        {"kind": "result", "period": "2023-H1", "value": 5.0e13, "is_estimate": True,
         "revised_by": "later", "source_id": "early"},
        {"kind": "result", "period": "2023-H1", "value": 5.2e13, "source_id": "later"},
        {"kind": "result", "period": "2023", "value": 1.1e14, "is_estimate": True},
        {"kind": "result", "period": "2024", "value": 1.3e14},
        {"kind": "target", "period": "2024", "value": 1.2e14, "high": 1.25e14, "bound": "range"},
        {"kind": "target", "period": "2021-2025", "value": 7.5e14, "bound": "min"},
        {"kind": "target", "period": "2030", "value": 2.0e14, "bound": "over"},
        {"kind": "result", "period": "2023", "value": -2.5, "measure": "growth", "unit": "percent"},
    )  # fmt: skip
    return plots.trajectory_chart("budget_revenue", "en", frame)


def test_trajectory_draws_official_solid_estimates_hollow_and_revisions_marked(trajectory) -> None:
    level, growth = trajectory.panels
    assert isinstance(level, TimePanel) and (level.title, growth.title) == ("Level", "Growth")
    official = level.marks("result")
    assert [(m.x0, m.y0) for m in official] == [(2023.5, 5.2e13), (2025.0, 1.3e14)]
    assert {m.fill for m in official} == {plots.COLORS["result"]}
    assert [(m.x0, m.y0, m.fill) for m in level.marks("estimate")] == [(2024.0, 1.1e14, "#ffffff")]
    ((x, y, face),) = [(m.x0, m.y0, m.fill) for m in level.marks("revised")]
    assert (x, y) == (2023.5, 5.0e13) and face == "#ffffff"
    (dotted,) = level.marks("revision")
    assert (dotted.y0, dotted.y1) == (5.0e13, 5.2e13) and dotted.dash  # revised to the later
    assert "Revised by a later source" in legend(trajectory)
    assert "\u22122.5%" in value_labels(growth)
    assert len(tree(trajectory).findall(f".//{NS}circle")) == 5 + 3  # points and legend swatches


def test_trajectory_draws_each_target_at_its_period(trajectory) -> None:
    level = trajectory.panels[0]
    lines = {(m.x0, m.x1): m.y0 for m in level.marks("target") if m.shape == "segment"}
    assert lines == {(2030.0, 2031.0): 2.0e14, (2021.0, 2026.0): pytest.approx(1.5e14)}  # per year
    (band,) = [m for m in level.marks("target") if m.shape == "band"]
    assert (band.x0, band.x1, band.y0, band.y1) == (2024.0, 2025.0, 1.2e14, 1.25e14)
    words = set(texts(trajectory))
    assert {"VND 120 – 125 trillion", "over VND 200 trillion", "at least VND 150 trillion"} <= words
    assert level.span == (2020.75, 2031.25)
    years = gid_texts(trajectory, "year")
    assert years[0] == "2021" and years[-1] in ("2029", "2030")
    alt = plots.alt_text(trajectory)
    assert "Target 2030 over VND 200 trillion" in alt and "Target per year (2021–2025)" in alt
    assert "Result first half of 2023 VND 50 trillion (Revised by a later source)" in alt
    assert "(Estimate)" in alt and not PERIOD_CODE.search(alt)


def test_trajectory_of_one_point_shows_its_year() -> None:
    chart = plots.trajectory_chart("fdi", "vi")
    level = chart.panels[0]
    assert level.span == (2022.75, 2024.25)
    ((x, y),) = [(m.x0, m.y0) for m in level.marks("result")]
    assert (x, y) == (2023.25, 4.65e8)
    assert "465 triệu USD" in texts(chart)
    assert gid_texts(chart, "year") == ["2023"] * len(chart.panels)
    ticks = [t for t in gid_texts(chart, "tick")[:6]]
    assert ticks[0] == "0"  # the value axis starts at zero


def test_trajectory_of_every_indicator_in_both_languages(charts_vi, charts_en) -> None:
    for charts in (charts_vi, charts_en):
        for code in hpdata.indicators()["indicator"]:
            chart = charts[f"trajectory.{code}"]
            assert chart.panels and all(isinstance(p, TimePanel) for p in chart.panels), code
            assert chart.marks(), code


def test_html_escaping_of_the_alt_text_matches_the_page(small_chart) -> None:
    markup = plots.figure_svg(small_chart)
    assert f'aria-label="{html.escape(plots.alt_text(small_chart), quote=True)}"' in markup


def test_a_label_over_a_reference_line_interrupts_it_and_one_beside_a_target_moves_below(
    charts_vi,
) -> None:
    markup = plots.figure_svg(charts_vi["fdi"])
    assert re.search(r'<rect [^>]*fill="#ffffff"/><text [^>]*>23,25%</text>', markup)
    assert not re.search(r'<rect [^>]*fill="#ffffff"/><text [^>]*>0,465 tỷ USD</text>', markup)

    def value_top(marks: list) -> float:
        lane = svg.Lane([svg.Mark("bar", "basis", 0, 50), *marks], [svg.Label("a label", 50)])
        chart = Chart("t", [BarPanel("", "x (%)", str, [svg.Row("a", [lane])])])
        return next(b.y0 for b in chart.boxes() if b.gid == "value")

    beside = value_top([])
    below = value_top([svg.Mark("tick", "target", 55, width=3)])  # the label would cross it
    assert below - beside >= svg.line_height() * 0.9


def test_a_time_label_covers_no_mark_and_a_far_one_is_tied_to_its_point(
    charts_vi, charts_en, trajectory
) -> None:
    for name, chart in [*charts_vi.items(), *charts_en.items()]:
        if name.startswith("trajectory."):
            labels = [b for b in chart.boxes() if b.gid in ("value", "target-label")]
            unlabelled = len(chart.marks("period")) + len(chart.marks("revision"))
            assert len(labels) == len(chart.marks()) - unlabelled, name
            marks = chart.mark_boxes()
            assert marks and not [(a, b) for a in labels for b in marks if a.overlaps(b)], name
    # crowded: labels around 2023-2025 move away from their points, and say whose they are
    labels = [b for b in trajectory.boxes() if b.gid in ("value", "target-label")]
    assert not [(a, b) for a in labels for b in trajectory.mark_boxes() if a.overlaps(b)]
    markup = plots.figure_svg(trajectory)
    assert re.findall(r'<line [^>]*stroke-width="0.8" opacity="0.7"/>', markup)  # leaders
    spots = svg._time_label_spots(svg.Label("x", 0, 0, dx=8), 100, 100, 40)
    assert spots[0] == (108, 100) and spots[1] == (52, 100)  # right of the point, then left


def test_every_mark_has_a_title_with_its_value(charts_vi, charts_en) -> None:
    """A pointer over any bar, point, line or band shows what it is and its figure (its SVG
    ``<title>``), with no script; legend swatches are not marks."""
    for name, chart in [*charts_vi.items(), *charts_en.items()]:
        root = tree(chart)
        for element in root.iter():
            kind = element.get("class") or ""
            if not kind.startswith("hc-") or kind == "hc-legend-swatch":
                continue
            if element.tag.split("}")[-1] not in ("rect", "circle", "polygon", "line"):
                continue
            title = element.find(f"{NS}title")
            assert title is not None and re.search(r"\d", title.text or ""), (name, kind)


def test_a_chart_carries_its_data_one_row_per_mark_with_its_title(charts_vi, charts_en) -> None:
    """``chart.data``: a row per drawn mark and reference line (the same count and the same
    titles as the SVG's titled elements), with the figure and period it shows."""
    for name, chart in [*charts_vi.items(), *charts_en.items()]:
        data = chart.data
        assert list(data.columns) == ["panel", "row", "series", "shape", "period", "value", "label"]
        drawn = [
            e.find(f"{NS}title").text
            for e in tree(chart).iter()
            if (e.get("class") or "").startswith("hc-")
            and e.get("class") != "hc-legend-swatch"
            and e.tag.split("}")[-1] in ("rect", "circle", "polygon", "line")
        ]
        assert sorted(drawn) == sorted(data["label"]), name
        assert data["value"].notna().all(), name
    obs = hpdata.observations()
    stated = obs[(obs["indicator"] == "grdp") & (obs["measure"] == "growth")]
    data = charts_en["grdp"].data
    for _, row in stated.iterrows():
        hit = data[(data["series"] == row["kind"]) & (data["period"] == row["period"])]
        assert hit["value"].tolist() == [row["value"]], row["period"]
        assert hit["label"].str.contains(f"{row['value']:g}").all()


def test_the_png_paints_the_chart_the_page_shows(progress_en) -> None:
    """The PNG download is the SVG painted at 2 px a unit: its size is the viewBox's, and the
    middle of every result bar and target band is painted in that mark's colour."""
    from PIL import Image

    chart = plots.bullet_chart(progress_en, "en")
    root = tree(chart)
    image = Image.open(io.BytesIO(chartpng.chart_png(chart.svg()))).convert("RGB")
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert image.size == (math.ceil(width * 2), math.ceil(height * 2))
    painted = 0
    for rect in root.iter(f"{NS}rect"):
        if rect.get("class") not in ("hc-result", "hc-target") or rect.get("opacity"):
            continue
        x = (float(rect.get("x")) + float(rect.get("width")) / 2) * 2
        y = (float(rect.get("y")) + float(rect.get("height")) / 2) * 2
        want = tuple(int(rect.get("fill")[i : i + 2], 16) for i in (1, 3, 5))
        assert all(abs(a - b) <= 12 for a, b in zip(image.getpixel((x, y)), want, strict=True)), (
            rect.attrib
        )
        painted += 1
    assert painted >= 3
    assert min(image.getpixel((1, 1))) >= 250  # the white ground (a 64-colour palette)
    with pytest.raises(hpdata.DataError, match="<image>"):
        chartpng.chart_png(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><image/></svg>'
        )


def test_a_chart_on_a_page_links_its_svg_and_png(small_chart, monkeypatch, tmp_path) -> None:
    """Under the chart, links download its two files from the page's folder (where the render
    moves them), relative, so the reports folder stands alone."""
    monkeypatch.setenv(plots.FIGURES_ENV, str(tmp_path / ".staging"))
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: None)
    pages.start("indicator", "en", "grdp", "GRDP")
    markup = plots.figure_html(small_chart, "indicator", "en")
    assert markup.startswith(plots.figure_svg(small_chart))
    assert re.findall(r'href="([^"]+)" download>(\w+)<', markup) == [
        ("figures/indicator.grdp.en/indicator.svg", "SVG"),
        ("figures/indicator.grdp.en/indicator.png", "PNG"),
    ]
    assert "Download this chart:" in markup and "Tải biểu đồ:" in plots.downloads_html(
        [tmp_path / "x.svg"], "vi"
    )
    monkeypatch.delenv(plots.FIGURES_ENV)
    assert plots.figure_html(small_chart, "indicator", "en") == plots.figure_svg(small_chart)
