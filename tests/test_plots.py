"""Charts: the expected artists, values, labels, unit, source line and font, in both languages."""

from __future__ import annotations

import csv
import html
import re
import warnings
from pathlib import Path

import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text

import hpdata
from hpdata.analysis.progress import PROGRESS_COLUMNS
from hpdata.report import plots

NAN = float("nan")
PALETTE = {mcolors.to_hex(c) for c in plots.OKABE_ITO.values()}


def frame(*rows: dict) -> pd.DataFrame:
    """A hand-made progress frame: every column of hpdata.progress, NaN or '' unless given."""
    base = dict.fromkeys(PROGRESS_COLUMNS, NAN)
    for key in ("indicator", "name", "unit", "target_source", "target_period", "target_measure",
                "target_bound", "result_source", "result_period", "annual_basis_kind", "caveat"):  # fmt: skip
        base[key] = ""
    return pd.DataFrame([{**base, **row} for row in rows], columns=PROGRESS_COLUMNS)


def drawn(fig: Figure) -> Figure:
    """Draw the figure (outside any rc_context, as a notebook does) so tick labels exist."""
    fig.canvas.draw()
    return fig


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def by_gid(fig: Figure, gid: str, kind: type = object) -> list:
    return [a for a in fig.findobj(lambda a: a.get_gid() == gid) if isinstance(a, kind)]


def data_axes(fig: Figure) -> list:
    return [ax for ax in fig.axes if ax.axison]


def source_line(fig: Figure) -> str:
    (line,) = by_gid(fig, "source-line", Text)
    return line.get_text().replace("\n", " ")


# --- shared rules ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def all_charts(progress_vi: pd.DataFrame) -> dict[str, Figure]:
    return {
        "bullet": plots.bullet_chart(progress_vi, "vi"),
        "plan_share": plots.plan_share_chart(progress_vi, "vi"),
        "growth": plots.growth_chart(progress_vi, "vi"),
        "indicator": plots.indicator_chart("budget_revenue", "vi", progress_vi),
    }


@pytest.mark.parametrize("name", ["bullet", "plan_share", "growth", "indicator"])
def test_every_chart_names_its_unit_cites_its_sources_and_uses_dejavu(
    all_charts: dict[str, Figure], name: str
) -> None:
    fig = all_charts[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font is a UserWarning
        drawn(fig)
    for t in fig.findobj(Text):
        if t.get_text():
            assert t.get_fontname() == "DejaVu Sans", (name, t.get_text())
    for ax in data_axes(fig):
        label = ax.get_xlabel()
        assert label.endswith(")") and "(" in label, (name, label)
        assert any(u in label for u in ("nghìn tỷ đồng", "tỷ đồng", "%")), (name, label)
    line = source_line(fig)
    assert line.startswith("Nguồn: ")
    assert "27/04/2023" in line and line.endswith("Số liệu suy ra được tính từ số liệu nguồn.")
    assert by_gid(fig, "title", Text)[0].get_text()


@pytest.mark.parametrize("name", ["bullet", "plan_share", "growth", "indicator"])
def test_every_filled_colour_is_from_the_okabe_ito_palette(
    all_charts: dict[str, Figure], name: str
) -> None:
    fig = all_charts[name]
    colours = set()
    for patch in fig.findobj(Rectangle):
        if patch.get_gid() in {"basis", "result", "target", "derived", "observed", "required"}:
            colours.add(mcolors.to_hex(patch.get_facecolor(), keep_alpha=False))
    assert colours, name
    assert colours <= PALETTE, colours - PALETTE


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
    scale = hpdata.analysis.formatting.pick_scale(1.9e14, "VND", "vi")
    assert plots.fmt_in(2.4042e13, scale, "vi") == "24,04 nghìn tỷ đồng"
    assert plots.fmt_in(NAN, scale, "vi") == "–"
    assert plots.bound_in("over", 7.5e13, None, scale, "vi") == "trên 75 nghìn tỷ đồng"
    assert plots.bound_in("range", 1.8e14, 1.9e14, scale, "en") == "180 – 190 nghìn tỷ đồng"
    en = hpdata.analysis.formatting.pick_scale(1.9e14, "VND", "en")
    assert plots.bound_in("range", 1.8e14, 1.9e14, en, "en") == "VND 180 – 190 trillion"


# --- bullet chart ---------------------------------------------------------------------------


def test_bullet_chart_draws_the_three_comparable_level_indicators(
    all_charts: dict[str, Figure], progress_vi: pd.DataFrame
) -> None:
    fig = all_charts["bullet"]
    axes = data_axes(fig)
    names = progress_vi.set_index("indicator")["name"]
    assert [ax.get_title(loc="left") for ax in axes] == [
        names["budget_revenue"],
        names["domestic_revenue"],
        names["total_investment"],
    ]
    assert axes[0].get_title(loc="left") == "Thu ngân sách nhà nước trên địa bàn"
    basis = [p.get_width() for ax in axes for p in ax.patches if p.get_gid() == "basis"]
    expected = progress_vi.set_index("indicator").loc[
        ["budget_revenue", "domestic_revenue", "total_investment"], "annual_basis"
    ]
    assert basis == pytest.approx(list(expected))
    results = [p.get_width() for ax in axes for p in ax.patches if p.get_gid() == "result"]
    assert results == pytest.approx([2.4042e13, 8.132e12, 3.5137e13])


def test_bullet_chart_labels_the_naive_run_rate_and_hatches_it(all_charts: dict) -> None:
    fig = all_charts["bullet"]
    budget, domestic, _ = data_axes(fig)
    (naive,) = [p for p in budget.patches if p.get_gid() == "basis"]
    (plan,) = [p for p in domestic.patches if p.get_gid() == "basis"]
    assert naive.get_hatch() and not plan.get_hatch()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Mức cả năm: ước thô quý 1/2023 × 4 (không tính mùa vụ)" in legend
    assert "Mức cả năm: kế hoạch năm suy ra" in legend
    assert "Kế hoạch năm suy ra" in legend
    assert "Mục tiêu bình quân/năm (2021–2025)" in legend


def test_bullet_chart_targets_a_range_as_a_band_and_a_span_per_year(all_charts: dict) -> None:
    fig = all_charts["bullet"]
    budget, _, investment = data_axes(fig)
    (band,) = [c for c in budget.collections if c.get_gid() == "target"]
    assert isinstance(band, PolyCollection)
    xs = band.get_paths()[0].vertices[:, 0]
    assert (xs.min(), xs.max()) == pytest.approx((1.8e14, 1.9e14))
    (line,) = [ln for ln in investment.lines if ln.get_gid() == "target"]
    assert list(line.get_xdata()) == pytest.approx([3e14, 3e14])  # 1,5 triệu tỷ over five years
    assert "180 – 190 nghìn tỷ đồng" in texts(fig)
    assert "trên 300 nghìn tỷ đồng" in texts(fig)
    assert "trên 75 nghìn tỷ đồng" in texts(fig)  # the axis scale, as the table writes it


def test_bullet_chart_marks_the_implied_plan_or_says_there_is_none(all_charts: dict) -> None:
    budget, domestic, _ = data_axes(all_charts["bullet"])
    assert not [ln for ln in budget.lines if ln.get_gid() == "implied-plan"]
    assert budget.get_title(loc="right") == "Không có tỷ lệ kế hoạch năm"
    (marker,) = [ln for ln in domestic.lines if ln.get_gid() == "implied-plan"]
    assert marker.get_xdata()[0] == pytest.approx(8.132e12 / 0.1913)
    assert marker.get_marker() == "D"


def test_bullet_chart_ticks_follow_the_locale(progress_vi, progress_en) -> None:
    vi = drawn(plots.bullet_chart(progress_vi, "vi"))
    en = drawn(plots.bullet_chart(progress_en, "en"))
    vi_ticks = [t.get_text() for t in data_axes(vi)[1].get_xticklabels()]
    en_ticks = [t.get_text() for t in data_axes(en)[1].get_xticklabels()]
    assert vi_ticks[:6] == en_ticks[:6] == ["0", "15", "30", "45", "60", "75"]  # 75 nghìn tỷ
    assert data_axes(vi)[1].get_xlabel() == "Mức cả năm (nghìn tỷ đồng)"
    assert data_axes(en)[1].get_xlabel() == "Annual level (VND trillion)"
    growth = {
        lang: drawn(plots.indicator_chart("total_investment", lang, table)).axes[3]
        for lang, table in (("vi", progress_vi), ("en", progress_en))
    }
    assert "2,5" in [t.get_text() for t in growth["vi"].get_xticklabels()]
    assert "2.5" in [t.get_text() for t in growth["en"].get_xticklabels()]
    assert data_axes(en)[0].get_xlabel() == "Annual level (VND trillion)"
    assert data_axes(en)[0].get_title(loc="left") == "State budget revenue"
    assert source_line(en).startswith("Source: Hai Phong City Electronic Portal, Jul 11, 2019")


def test_bullet_chart_takes_one_row_and_draws_an_empty_frame_as_no_data(progress_vi) -> None:
    row = progress_vi.set_index("indicator").loc["domestic_revenue"].reset_index()
    one = progress_vi[progress_vi["indicator"] == "domestic_revenue"].iloc[0]
    fig = plots.bullet_chart(one, "vi")
    assert [ax.get_title(loc="left") for ax in data_axes(fig)] == ["Thu nội địa"]
    assert len(row)  # the Series path above is the one under test
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
    fig = plots.bullet_chart(made, "vi")
    (ax,) = data_axes(fig)
    (band,) = [c for c in ax.collections if c.get_gid() == "target"]
    xs = band.get_paths()[0].vertices[:, 0]
    assert (xs.min(), xs.max()) == pytest.approx((2e9, 4e9))  # the range per year
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Mức cả năm: kết quả" in legend
    assert ax.get_xlabel() == "Mức cả năm (tỷ USD)"
    assert "Hội nghị Thành ủy lần thứ 11, 27/04/2023" in source_line(fig)


# --- plan share -----------------------------------------------------------------------------


def test_plan_share_chart_draws_each_share_against_the_25_percent_benchmark(
    all_charts: dict, progress_vi: pd.DataFrame
) -> None:
    fig = all_charts["plan_share"]
    (ax,) = data_axes(fig)
    bars = [p for p in ax.patches if p.get_gid() == "result"]
    with_share = progress_vi[progress_vi["result_share_of_plan"].notna()]
    assert [b.get_width() for b in bars] == pytest.approx(list(with_share["result_share_of_plan"]))
    assert [t.get_text() for t in ax.get_yticklabels()] == list(with_share["name"])
    assert [b.get_y() for b in bars] == sorted((b.get_y() for b in bars), reverse=True)
    (benchmark,) = [ln for ln in ax.lines if ln.get_gid() == "benchmark"]
    assert list(benchmark.get_xdata()) == [25.0, 25.0]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Mốc tuyến tính 25%" in legend
    assert {"19,13%", "23,25%", "18%"} <= set(texts(fig))
    assert "(quý 1/2023)" in by_gid(fig, "title", Text)[0].get_text()
    assert ax.get_xlabel() == "Tỷ lệ so với kế hoạch năm (%)"


def test_plan_share_chart_takes_the_benchmark_from_the_data() -> None:
    made = frame(
        {"name": "A", "result_share_of_plan": 40.0, "benchmark": 50.0, "result_period": "2023-H1"},
        {"name": "B", "result_share_of_plan": 60.0, "benchmark": 50.0, "result_period": "2023-H1"},
    )
    fig = plots.plan_share_chart(made, "en")
    (ax,) = data_axes(fig)
    (line,) = [ln for ln in ax.lines if ln.get_gid() == "benchmark"]
    assert list(line.get_xdata()) == [50.0, 50.0]
    assert "Linear benchmark 50%" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    mixed = made.copy()
    mixed.loc[1, "benchmark"] = 75.0
    (ax,) = data_axes(plots.plan_share_chart(mixed, "en"))
    ticks = [ln for ln in ax.lines if ln.get_gid() == "benchmark"]
    assert sorted(ln.get_xdata()[0] for ln in ticks) == [50.0, 75.0]


def test_plan_share_chart_without_shares_says_no_data() -> None:
    fig = plots.plan_share_chart(frame({"name": "A"}), "en")
    assert "No data yet" in texts(fig)


# --- growth ---------------------------------------------------------------------------------


def test_growth_chart_sets_observed_against_required_growth(all_charts: dict, progress_vi) -> None:
    fig = all_charts["growth"]
    (ax,) = data_axes(fig)
    observed = [p.get_width() for p in ax.patches if p.get_gid() == "observed"]
    required = [p.get_width() for p in ax.patches if p.get_gid() == "required"]
    rows = plots.growth_rows(progress_vi)
    assert list(rows["indicator"][:2]) == ["grdp", "iip"]  # stated growth targets first
    assert observed[:2] == pytest.approx([9.65, 13.12])
    assert required[:2] == pytest.approx([16.0, 23.0])
    assert len(observed) == len(required) == len(rows) == 5
    words = set(texts(fig))
    assert {"9,65%", "tối thiểu 16%", "13,12%", "trên 23%", "−9,46%"} <= words
    hatched = [p.get_hatch() for p in ax.patches if p.get_gid() == "required"]
    assert hatched[:2] == [None, None] and all(hatched[2:])
    assert ax.get_xlabel() == "Tăng trưởng (%)"


def test_growth_chart_can_leave_out_level_targets(progress_en) -> None:
    fig = plots.growth_chart(progress_en, "en", include_levels=False)
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Gross regional domestic product (GRDP)",
        "Index of industrial production (IIP)",
    ]
    assert {"9.65%", "at least 16%", "over 23%"} <= set(texts(fig))
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Growth Q1 2023, year on year", "Growth required by the target"]


def test_growth_chart_without_rows_says_no_data() -> None:
    assert "Chưa có số liệu" in texts(plots.growth_chart(frame({"name": "A"}), "vi"))


# --- one indicator --------------------------------------------------------------------------


def test_indicator_chart_draws_every_stated_figure_and_the_derived_ones(
    all_charts: dict,
) -> None:
    fig = all_charts["indicator"]
    level, growth = data_axes(fig)
    assert level.get_title(loc="left") == "Mức" and growth.get_title(loc="left") == "Tăng trưởng"
    labels = [t.get_text() for t in level.get_yticklabels()]
    assert labels == [
        "Mục tiêu năm 2025",
        "Kết quả quý 1/2023",
        "Ước cả năm thô (quý 1/2023 × 4)",
    ]
    widths = {p.get_gid(): p.get_width() for p in level.patches}
    assert widths["result"] == pytest.approx(2.4042e13)
    assert widths["derived"] == pytest.approx(4 * 2.4042e13)
    target = sorted(p.get_x() + p.get_width() for p in level.patches if p.get_gid() == "target")
    assert target == pytest.approx([1.8e14, 1.9e14])  # solid to the low end, lighter to the high
    assert "180 – 190 nghìn tỷ đồng" in texts(fig) and "−9,46%" in texts(fig)
    assert "Thu ngân sách nhà nước trên địa bàn" in by_gid(fig, "title", Text)[0].get_text()


def test_indicator_chart_with_a_target_only_says_no_result_yet(progress_en) -> None:
    fig = plots.indicator_chart("gdp_share_national", "en", progress_en)
    (ax,) = data_axes(fig)
    assert ax.get_title(loc="right") == "No result yet"
    assert "about 6.4%" in texts(fig)
    assert source_line(fig) == (
        "Source: Hai Phong City Electronic Portal, Jul 11, 2019. "
        "Derived figures are calculated from the stated ones."
    )


def test_indicator_chart_never_sets_a_cumulative_target_beside_a_quarter(progress_vi) -> None:
    fig = plots.indicator_chart("total_investment", "vi", progress_vi)
    level, total = data_axes(fig)[:2]
    labels = [t.get_text() for t in level.get_yticklabels()]
    assert labels == [
        "Kết quả quý 1/2023",
        "Kế hoạch năm suy ra",
        "Mục tiêu bình quân/năm (2021–2025)",
    ]
    assert max(p.get_x() + p.get_width() for p in level.patches) == pytest.approx(3e14)
    assert total.get_title(loc="left") == "Mức: Tổng cả giai đoạn"
    assert [t.get_text() for t in total.get_yticklabels()] == ["Mục tiêu 2021–2025"]
    assert [p.get_width() for p in total.patches] == pytest.approx([1.5e15])
    assert "trên 300 nghìn tỷ đồng" in texts(fig) and "trên 1,5 triệu tỷ đồng" in texts(fig)
    assert "(nghìn tỷ đồng)" in level.get_xlabel() and "(triệu tỷ đồng)" in total.get_xlabel()


def test_indicator_chart_draws_every_indicator(progress_vi) -> None:
    for code in hpdata.indicators()["indicator"]:
        fig = plots.indicator_chart(code, "vi", progress_vi)
        assert data_axes(fig), code
        assert source_line(fig).startswith("Nguồn: ")


def test_indicator_chart_with_no_observation_says_no_data(data_copy: Path, edit_csv) -> None:
    edit_csv(
        data_copy / "observations.csv", lambda rows: [r for r in rows if r["indicator"] != "fdi"]
    )
    fig = plots.indicator_chart("fdi", "vi", data_dir=data_copy)
    assert "Chưa có số liệu" in texts(fig)
    assert any("triệu USD" in t or "USD" in t for t in texts(fig))


def test_indicator_chart_refuses_an_unknown_indicator_listing_the_valid_ones() -> None:
    with pytest.raises(
        hpdata.ParameterError, match=r"unknown indicator 'gdp'.*grdp.*tourist_arrivals"
    ):
        plots.indicator_chart("gdp", "vi")
    with pytest.raises(hpdata.ParameterError, match="lang 'fr'"):
        plots.indicator_chart("grdp", "fr")


# --- output ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_figure(progress_vi) -> Figure:
    return plots.plan_share_chart(progress_vi, "vi")


def test_save_figure_does_nothing_without_a_directory(small_figure, monkeypatch) -> None:
    monkeypatch.delenv(plots.FIGURES_ENV, raising=False)
    assert plots.save_figure(small_figure, "plan_share") == []


def test_save_figure_writes_the_svg_the_page_embeds(
    small_figure, monkeypatch, tmp_path: Path
) -> None:
    out = tmp_path / "figures" / "overview-vi"
    monkeypatch.setenv(plots.FIGURES_ENV, str(out))
    written = plots.save_figure(small_figure, "plan_share")
    assert written == [out / "plan_share.svg"]  # one file, one format per chart
    svg = written[0].read_text(encoding="utf-8")
    assert svg == plots.figure_svg(small_figure)
    assert svg.startswith("<svg ") and "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert sorted(p.name for p in out.iterdir()) == ["plan_share.svg"]
    assert written[0].stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    again = plots.save_figure(small_figure, "plan_share")
    assert again[0].read_text(encoding="utf-8") == svg  # no date, same layout: the same file


def test_save_figure_keeps_the_previous_file_when_saving_fails(
    progress_vi, monkeypatch, tmp_path: Path
) -> None:
    fig = plots.plan_share_chart(progress_vi, "vi")
    plots.save_figure(fig, "chart", tmp_path)
    before = (tmp_path / "chart.svg").read_bytes()

    def broken(fh, **kwargs):
        fh.write("<svg half a chart")
        raise KeyboardInterrupt

    fig.axes[1].set_title("changed")  # stale: the next save draws again
    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(KeyboardInterrupt):
        plots.save_figure(fig, "chart", tmp_path)
    assert (tmp_path / "chart.svg").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.svg"]


@pytest.mark.parametrize("name", ["../x", "a/b", "", ".hidden", "a b"])
def test_save_figure_refuses_a_name_that_is_not_a_plain_stem(small_figure, tmp_path, name) -> None:
    with pytest.raises(hpdata.ParameterError, match="figure name"):
        plots.save_figure(small_figure, name, tmp_path)


def test_show_displays_inline_svg_with_its_alt_text(small_figure, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append((obj, raw)))
    plots.show(small_figure)
    ((bundle, raw),) = shown
    assert raw is True and set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/html"] == plots.figure_svg(small_figure)
    assert bundle["text/plain"] == plots.alt_text(small_figure)


def test_the_svg_shown_is_reused_until_the_figure_changes(
    progress_en, monkeypatch, tmp_path
) -> None:
    fig = plots.growth_chart(progress_en, "en")
    calls = []
    original = fig.savefig

    def counting(*args, **kwargs):
        calls.append(kwargs.get("format"))
        return original(*args, **kwargs)

    monkeypatch.setattr(fig, "savefig", counting)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: None)
    plots.show(fig)
    first = plots.save_figure(fig, "growth", tmp_path)[0].read_text(encoding="utf-8")
    assert calls == ["svg"]  # drawn once, for the page and the file
    assert first == plots.figure_svg(fig)
    fig.axes[1].set_title("changed")
    assert plots.figure_svg(fig) != first
    assert calls == ["svg", "svg"]
    assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"


# --- rules a reader can trust (issue 8 item 6) ----------------------------------------------

PERIOD_CODE = re.compile(r"\b\d{4}-(?:Q\d|H\d|9M|M\d\d|\d{4})\b")
VIETNAMESE = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)


def every_chart(lang: str, progress: pd.DataFrame) -> dict[str, Figure]:
    charts = {
        "bullet": plots.bullet_chart(progress, lang),
        "plan_share": plots.plan_share_chart(progress, lang),
        "growth": plots.growth_chart(progress, lang),
    }
    for code in hpdata.indicators()["indicator"]:
        charts[code] = plots.indicator_chart(code, lang, progress)
    return charts


@pytest.fixture(scope="module")
def charts_vi(progress_vi) -> dict[str, Figure]:
    return {k: drawn(f) for k, f in every_chart("vi", progress_vi).items()}


@pytest.fixture(scope="module")
def charts_en(progress_en) -> dict[str, Figure]:
    return {k: drawn(f) for k, f in every_chart("en", progress_en).items()}


def chart_words(fig: Figure) -> list[str]:
    """Every text of a chart but its source line (publisher names stay as published)."""
    line = by_gid(fig, "source-line", Text)
    return [t for t in texts(fig) if not line or t != line[0].get_text()]


def test_no_chart_shows_a_period_code_or_a_hyphen_minus(charts_vi, charts_en) -> None:
    for name, fig in [*charts_vi.items(), *charts_en.items()]:
        words = [*texts(fig), plots.alt_text(fig)]
        assert not [w for w in words if PERIOD_CODE.search(w)], name
        numbers = [w for w in words if re.search(r"-\d", w)]
        assert not numbers, (name, numbers)  # minus signs are U+2212


def test_english_charts_have_no_vietnamese_and_vietnamese_ones_no_english_labels(
    charts_vi, charts_en
) -> None:
    for name, fig in charts_en.items():
        assert not [w for w in chart_words(fig) if VIETNAMESE.search(w)], name
    with open(Path(hpdata.__file__).parent.parent / "data" / "labels.csv", encoding="utf-8") as fh:
        english = {r["en"] for r in csv.DictReader(fh) if r["en"] != r["vi"] and len(r["en"]) > 3}
    for name, fig in charts_vi.items():
        assert not set(chart_words(fig)) & english, name


def test_share_of_plan_panels_carry_the_benchmark_and_share_of_prior_panels_100(charts_vi) -> None:
    exports = {ax.get_title(loc="left"): ax for ax in data_axes(charts_vi["exports"])}
    (line,) = [ln for ln in exports["Tỷ lệ so với kế hoạch"].lines if ln.get_gid() == "benchmark"]
    assert list(line.get_xdata()) == [25.0, 25.0]  # Q1, from data/method.toml
    fdi = {ax.get_title(loc="left"): ax for ax in data_axes(charts_vi["fdi"])}
    (line,) = [ln for ln in fdi["So với cùng kỳ"].lines if ln.get_gid() == "reference"]
    assert list(line.get_xdata()) == [100.0, 100.0]
    assert "100% = cùng kỳ năm trước" in texts(charts_vi["fdi"])
    for panel in fdi.values():
        assert (
            panel.get_xlim()[1] > max(ln.get_xdata()[0] for ln in panel.lines)
            if panel.lines
            else True
        )


def test_count_axes_tick_integers(charts_en) -> None:
    (ax,) = data_axes(charts_en["national_logistics_zones"])
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    assert [t.get_text() for t in ax.get_xticklabels()][:4] == ["0", "1", "2", "3"]


def test_tick_labels_of_falls_take_the_minus_sign(charts_vi) -> None:
    growth = {ax.get_title(loc="left"): ax for ax in data_axes(charts_vi["budget_revenue"])}
    ticks = [t.get_text() for t in growth["Tăng trưởng"].get_xticklabels()]
    assert "\u22125" in ticks and not [t for t in ticks if "-" in t]


def test_a_bar_label_reads_as_the_table_writes_the_figure(charts_vi) -> None:
    from hpdata.analysis.formatting import fmt

    words = texts(charts_vi["budget_revenue"])
    assert fmt(2.4042e13, "VND", "vi") in words  # 24,04 nghìn tỷ đồng, in the table and chart
    assert fmt(4 * 2.4042e13, "VND", "vi") in words
    for ax in data_axes(charts_vi["budget_revenue"]):
        unit = re.search(r"\((.*)\)$", ax.get_xlabel()).group(1)
        ends = [re.search(r"\d\s*(\D*)$", w) for w in (t.get_text() for t in ax.texts)]
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
    for name, fig in [*charts_vi.items(), *charts_en.items()]:
        assert re.search(r"\d", plots.alt_text(fig)), name


def test_the_svg_is_accessible_small_and_can_share_a_page(charts_vi) -> None:
    svgs = {name: plots.figure_svg(charts_vi[name]) for name in ("plan_share", "exports")}
    ids: list[set[str]] = []
    for name, svg in svgs.items():
        alt = html.escape(plots.alt_text(charts_vi[name]), quote=True)
        root = re.match(r"<svg\b[^>]*>", svg).group(0)
        assert 'role="img"' in root and f'aria-label="{alt}"' in root
        assert 'viewBox="' in root and "max-width" in root and ' width="' not in root
        assert re.search(r"<title>[^<]*\d[^<]*</title>", svg)
        assert "<text" in svg and "<path d" in svg and "glyph" not in svg  # text stays text
        assert "font-family: 'DejaVu Sans', sans-serif" in svg
        assert len(svg.encode()) < 60_000, len(svg.encode())
        found = re.findall(r' id="([^"]+)"', svg)
        assert len(found) == len(set(found))
        refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
        assert {a or b for a, b in refs} <= set(found)
        ids.append(set(found))
    assert not ids[0] & ids[1]


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
def trajectory() -> Figure:
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
    return drawn(plots.trajectory_chart("budget_revenue", "en", frame))


def test_trajectory_draws_official_solid_estimates_hollow_and_revisions_marked(trajectory) -> None:
    level, growth = data_axes(trajectory)
    points = {ln.get_gid(): [] for ln in level.lines if ln.get_gid()}
    for ln in level.lines:
        if ln.get_marker() == "o":
            points[ln.get_gid()].append(
                (ln.get_xdata()[0], ln.get_ydata()[0], ln.get_markerfacecolor())
            )
    assert [(x, y) for x, y, _ in points["result"]] == [(2023.5, 5.2e13), (2025.0, 1.3e14)]
    assert {mcolors.to_hex(face) for *_, face in points["result"]} == {
        plots.COLORS["result"].lower()
    }
    assert [(x, y) for x, y, _ in points["estimate"]] == [(2024.0, 1.1e14)]
    assert all(mcolors.to_hex(face) == "#ffffff" for *_, face in points["estimate"])
    ((x, y, face),) = points["revised"]
    assert (x, y) == (2023.5, 5.0e13) and mcolors.to_hex(face) == "#ffffff"
    dotted = [ln for ln in level.lines if ln.get_linestyle() == ":"]
    assert [list(ln.get_ydata()) for ln in dotted] == [[5.0e13, 5.2e13]]  # revised to the later
    assert "Revised by a later source" in [
        t.get_text() for t in trajectory.axes[0].get_legend().get_texts()
    ]
    assert any(t.get_text() == "\u22122.5%" for t in growth.texts)


def test_trajectory_draws_each_target_at_its_period(trajectory) -> None:
    level = data_axes(trajectory)[0]
    lines = {(ln.get_xdata()[0], ln.get_xdata()[-1]): ln.get_ydata()[0]
             for ln in level.lines if ln.get_gid() == "target"}  # fmt: skip
    assert lines == {(2030.0, 2031.0): 2.0e14, (2021.0, 2026.0): pytest.approx(1.5e14)}  # per year
    (band,) = [c for c in level.collections if c.get_gid() == "target"]
    xs, ys = band.get_paths()[0].vertices.T
    assert (xs.min(), xs.max()) == (2024.0, 2025.0) and (ys.min(), ys.max()) == (1.2e14, 1.25e14)
    words = texts(trajectory)
    assert {"VND 120 – 125 trillion", "over VND 200 trillion", "at least VND 150 trillion"} <= set(
        words
    )
    assert level.get_xlim() == (2020.75, 2031.25)
    named = [t.get_text() for t in level.get_xticklabels(minor=True)]
    assert named[0] == "2021" and named[-1] == "2030"
    alt = plots.alt_text(trajectory)
    assert "Target 2030 over VND 200 trillion" in alt and "Target per year (2021–2025)" in alt
    assert "Result first half of 2023 VND 50 trillion (Revised by a later source)" in alt
    assert "(Estimate)" in alt and not PERIOD_CODE.search(alt)


def test_trajectory_of_one_point_shows_its_year(progress_vi) -> None:
    fig = drawn(plots.trajectory_chart("fdi", "vi"))
    level = data_axes(fig)[0]
    assert level.get_xlim() == (2022.75, 2024.25)
    ((x, y),) = [
        (ln.get_xdata()[0], ln.get_ydata()[0]) for ln in level.lines if ln.get_gid() == "result"
    ]
    assert (x, y) == (2023.25, 4.65e8)
    assert level.get_ylim()[0] == 0 and level.get_ylim()[1] > y
    assert "465 triệu USD" in texts(fig)
    assert [t.get_text() for t in level.get_xticklabels(minor=True)] == ["2023"]


def test_trajectory_of_every_indicator_in_both_languages() -> None:
    for lang in ("vi", "en"):
        for code in hpdata.indicators()["indicator"]:
            fig = plots.trajectory_chart(code, lang)
            assert data_axes(fig), code
            assert re.search(r"\d", plots.alt_text(fig)), code
            words = chart_words(drawn(fig))
            assert not [w for w in words if PERIOD_CODE.search(w)], code
            if lang == "en":
                assert not [w for w in words if VIETNAMESE.search(w)], code
