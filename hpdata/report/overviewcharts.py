"""The overview's charts: the annual level against the target (a bullet per indicator), the share of
the annual plan reached against the linear benchmark, and observed growth against the growth
required."""

from __future__ import annotations

import math

import pandas as pd

from ..i18n import check_lang, text
from ..numberstyle import (
    MISSING,
    Scale,
    bound_in,
    fmt,
    fmt_bound,
    fmt_in,
    pick_scale,
)
from ..periods import period_text
from .chartstyle import (
    BENCHMARK_TICK,
    BULLET_BASIS,
    BULLET_RESULT,
    BULLET_TARGET,
    COLORS,
    DIAMOND,
    GROWTH_BAR,
    RANGE_OPACITY,
    _add,
    _bar_entry,
    _dated,
    _factor,
    _finish,
    _nan,
    _no_data,
    _period,
    _rows,
    _sources,
    _target_annual,
    _value_axis,
)
from .svg import (
    REFERENCE_DASH,
    BarPanel,
    Chart,
    Label,
    Lane,
    LegendEntry,
    Mark,
    Reference,
    Row,
)

# --- bullet chart ------------------------------------------------------------------------------


def comparable_levels(progress: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`hpdata.progress` whose level target can be set against an annual level.

    A row qualifies when its target is a level and both the annual basis (implied plan, naive run
    rate or a full-year result) and the annual target are known.
    """
    mask = (
        (progress["target_measure"] == "level")
        & progress["annual_basis"].notna()
        & progress["target_annual"].notna()
    )
    return progress[mask].reset_index(drop=True)


def _basis_label(row: pd.Series, lang: str) -> str:
    kind = row["annual_basis_kind"]
    if kind == "naive_run_rate":
        period = str(row["result_period"])
        words = period_text(period, lang)
        return text("chart_basis_naive", lang).format(period=words, factor=_factor(period, lang))
    if kind == "implied_plan":
        return text("chart_basis_implied_plan", lang)
    return text("chart_basis_result", lang)


def bullet_chart(progress: pd.DataFrame | pd.Series, lang: str = "vi") -> Chart:
    """A bullet chart per comparable level indicator: the annual level against the target.

    For each row of :func:`comparable_levels`, one panel (titled with the indicator) draws:

    * a wide light bar (``gid="basis"``): the annual basis, the implied annual plan or the naive run
      rate (hatched, labelled as naive, with its factor);
    * a narrow dark bar (``gid="result"``): the latest result itself (a quarter, say);
    * the target (``gid="target"``): a thick line across the bar, or a band for a range (180–190
      nghìn tỷ đồng); a cumulative multi-year target is shown per year, as the analytics compares
      it;
    * the implied annual plan as a diamond (``gid="implied-plan"``), or a note (``no-plan``)
      when no share of the plan was reported.

    Parameters
    ----------
    progress : DataFrame or Series
        :func:`hpdata.progress` in ``lang`` (all rows, or one row).
    lang : {"vi", "en"}
    """
    check_lang(lang)
    rows = comparable_levels(_rows(progress))
    chart = Chart(text("bullet_title", lang))
    said: list[str] = []
    for _, row in rows.iterrows():
        figures: list[str] = []
        chart.panels.append(_bullet_panel(row, lang, figures, chart.legend))
        said.append(f"{row['name']}: {', '.join(figures)}")
    if rows.empty:
        chart.panels.append(_no_data(lang))
    return _finish(chart, _sources(rows), lang, said)


def _bullet_panel(
    row: pd.Series, lang: str, said: list[str], legend: list[LegendEntry]
) -> BarPanel:
    """One indicator's bullet; each drawn figure is also appended to ``said`` in words."""
    unit = str(row["unit"])
    basis = float(row["annual_basis"])
    level, plan = row["result_level"], row["implied_annual_plan"]
    low, high = _target_annual(row)
    biggest = max(v for v in (basis, level, plan, low, high) if not _nan(v))
    scale = pick_scale(biggest, unit, lang)
    lane = Lane(thickness=BULLET_TARGET)
    naive = row["annual_basis_kind"] == "naive_run_rate"
    lane.marks.append(Mark("bar", "basis", 0.0, basis, fill=COLORS["basis"], hatch=naive,
                           size=BULLET_BASIS))  # fmt: skip
    _add(legend, _bar_entry(_basis_label(row, lang), COLORS["basis"], hatch=naive))
    said.append(f"{_basis_label(row, lang)} {fmt_in(basis, scale, lang)}")
    lane.labels.append(
        Label(fmt_in(basis, scale, lang), basis, line=0, dx=10.0)
    )  # past the diamond
    if not _nan(level):
        lane.marks.append(Mark("bar", "result", 0.0, float(level), fill=COLORS["result"],
                               size=BULLET_RESULT))  # fmt: skip
        words = text("chart_result", lang).format(period=_period(row["result_period"], lang))
        _add(legend, _bar_entry(words, COLORS["result"]))
        said.append(f"{words} {fmt_in(float(level), scale, lang)}")
        lane.labels.append(Label(fmt_in(float(level), scale, lang), float(level), line=1,
                                 color=COLORS["result"]))  # fmt: skip
    _bullet_target(row, lane, scale, lang, said, legend)
    note = ""
    if not _nan(plan):
        lane.marks.append(Mark("diamond", "implied-plan", float(plan), fill="#ffffff",
                               stroke=COLORS["implied_plan"], width=1.5, size=DIAMOND))  # fmt: skip
        words = text("implied_annual_plan", lang)
        _add(legend, LegendEntry(words, "diamond", COLORS["implied_plan"], hollow=True))
        said.append(f"{words} {fmt_in(float(plan), scale, lang)}")
    else:
        note = text("chart_no_plan", lang)
        said.append(note)
    _dated(lane.marks, row["result_period"], target=row["target_period"])
    axis = _value_axis(unit, lang, biggest, text("level_axis", lang))
    return BarPanel(str(row["name"]), rows=[Row("", [lane])], note=note, note_gid="no-plan",
                    **axis)  # fmt: skip


def _bullet_target(
    row: pd.Series, lane: Lane, scale: Scale, lang: str, said: list[str], legend: list
) -> None:
    """The bullet's target: a line across the bar, or a band for a range, labelled above."""
    low, high = _target_annual(row)
    per_year = not math.isclose(float(row["target_annual"]), float(row["target_value"]))
    key = "chart_target_per_year" if per_year else "chart_target"
    words = text(key, lang).format(period=_period(row["target_period"], lang))
    color = COLORS["target"]
    if _nan(high):
        lane.marks.append(Mark("tick", "target", low, stroke=color, width=3.0, size=BULLET_TARGET))
        _add(legend, LegendEntry(words, "line", color))
        figure = bound_in(str(row["target_bound"]), low, None, scale, lang)
        lane.labels.append(Label(figure, low, line=-1, anchor="end", color=color, dx=-1.5))
    else:
        lane.marks.append(Mark("bar", "target", low, high, fill=color, opacity=RANGE_OPACITY,
                               size=BULLET_TARGET))  # fmt: skip
        _add(legend, _bar_entry(words, color, opacity=RANGE_OPACITY))
        figure = bound_in("range", low, high, scale, lang)
        lane.labels.append(Label(figure, (low + high) / 2, line=-1, anchor="middle", color=color))
    said.append(f"{words} {figure}")


# --- plan share --------------------------------------------------------------------------------


def plan_share_chart(progress: pd.DataFrame, lang: str = "vi") -> Chart:
    """Share of the annual plan reached, per indicator, against the linear benchmark.

    One horizontal bar per indicator with a reported share of plan (``gid="result"``), its value
    written at its end, and the benchmark from the ``benchmark`` column (25 % for a first quarter,
    from ``data/method.toml``): one dashed line when all rows share it, else a tick per bar
    (``gid="benchmark"``).
    """
    check_lang(lang)
    rows = progress[progress["result_share_of_plan"].notna()]
    # one bar per indicator and result, however many targets it is compared with
    rows = rows.drop_duplicates(["indicator", "result_period", "result_share_of_plan"])
    rows = rows.reset_index(drop=True)
    periods = sorted({str(p) for p in rows.get("result_period", []) if p})
    words = ", ".join(period_text(p, lang) for p in periods)
    chart = Chart(text("plan_share_title", lang).format(period=words or MISSING))
    if rows.empty:
        chart.panels.append(_no_data(lang))
        return _finish(chart, [], lang)
    shares = [float(v) for v in rows["result_share_of_plan"]]
    benchmarks = [float(b) for b in rows["benchmark"] if not _nan(b)]
    distinct = sorted(set(benchmarks))
    chart.legend.append(_bar_entry(text("share_of_plan", lang), COLORS["result"]))
    panel = BarPanel("", **_value_axis("percent", lang, max([*shares, *benchmarks, 1.0]),
                                       text("plan_share_axis", lang)))  # fmt: skip
    bench = text("benchmark_label", lang)
    if len(distinct) == 1:
        panel.refs.append(Reference(distinct[0], "", "benchmark"))
        chart.legend.append(LegendEntry(bench.format(value=fmt(distinct[0], "percent", lang)),
                                        "line", COLORS["benchmark"], dash=REFERENCE_DASH))  # fmt: skip
    elif distinct:
        chart.legend.append(LegendEntry(bench.format(value="").strip(), "line",
                                        COLORS["benchmark"]))  # fmt: skip
    every = zip(rows["name"], shares, rows["benchmark"], rows["result_period"], strict=True)
    for name, share, b, period in every:
        lane = Lane([Mark("bar", "result", 0.0, share, fill=COLORS["result"])],
                    [Label(fmt(share, "percent", lang), share)])  # fmt: skip
        if len(distinct) > 1 and not _nan(b):
            lane.marks.append(Mark("tick", "benchmark", float(b), stroke=COLORS["benchmark"],
                                   width=2.0, size=BENCHMARK_TICK))  # fmt: skip
        _dated(lane.marks, period)
        panel.rows.append(Row(str(name), [lane]))
    chart.panels.append(panel)
    said = [f"{n}: {fmt(v, 'percent', lang)}" for n, v in zip(rows["name"], shares, strict=True)]
    said += [bench.format(value=fmt(b, "percent", lang)) for b in distinct]
    return _finish(chart, _sources(rows), lang, said)


# --- growth ------------------------------------------------------------------------------------


def growth_rows(progress: pd.DataFrame, include_levels: bool = True) -> pd.DataFrame:
    """Rows of :func:`hpdata.progress` with both an observed and a required growth.

    ``include_levels=False`` keeps only growth targets (GRDP, IIP), dropping the required growth
    derived from level targets.
    """
    mask = progress["observed_growth"].notna() & progress["required_growth"].notna()
    if not include_levels:
        mask &= progress["target_measure"] == "growth"
    rows = progress[mask]
    stated = rows[rows["target_measure"] == "growth"]
    return pd.concat([stated, rows.drop(stated.index)]).reset_index(drop=True)


def growth_chart(progress: pd.DataFrame, lang: str = "vi", include_levels: bool = True) -> Chart:
    """Observed growth against the growth required, per indicator.

    Two bars per indicator: the latest result's growth on the same period a year earlier
    (``gid="observed"``), and the growth required (``gid="required"``): the stated growth target
    (GRDP 9,65 % against at least 16 %, IIP 13,12 % against over 23 %) or, hatched and labelled as
    derived, the compound growth per year a level target needs. Stated growth targets come first.
    Values are written at the bars' ends; a zero line marks falls.
    """
    check_lang(lang)
    rows = growth_rows(progress, include_levels)
    chart = Chart(text("growth_title", lang))
    if rows.empty:
        chart.panels.append(_no_data(lang))
        return _finish(chart, [], lang)
    periods = sorted({str(p) for p in rows["result_period"] if p})
    words = ", ".join(period_text(p, lang) for p in periods)
    observed_label = text("chart_observed_growth", lang).format(period=words)
    values = [float(v) for v in (*rows["observed_growth"], *rows["required_growth"])]
    panel = BarPanel("", **_value_axis("percent", lang, max([*values, 0.0]),
                                       text("growth_axis", lang)))  # fmt: skip
    said: list[str] = []
    for _, row in rows.iterrows():
        observed, required = float(row["observed_growth"]), float(row["required_growth"])
        stated = row["target_measure"] == "growth"
        key = "chart_required_stated" if stated else "chart_required_derived"
        required_text = (
            fmt_bound(str(row["target_bound"]), required, None, "percent", lang)
            if stated
            else fmt(required, "percent", lang)
        )
        _add(chart.legend, _bar_entry(observed_label, COLORS["observed"]))
        _add(chart.legend, _bar_entry(text(key, lang), COLORS["required"], hatch=not stated))
        lanes = [
            Lane([Mark("bar", "observed", 0.0, observed, fill=COLORS["observed"],
                       size=GROWTH_BAR)],
                 [Label(fmt(observed, "percent", lang), max(observed, 0.0))], GROWTH_BAR),
            Lane([Mark("bar", "required", 0.0, required, fill=COLORS["required"],
                       hatch=not stated, size=GROWTH_BAR)],
                 [Label(required_text, max(required, 0.0))], GROWTH_BAR),
        ]  # fmt: skip
        for lane in lanes:
            _dated(lane.marks, row["result_period"], required=row["target_period"])
        panel.rows.append(Row(str(row["name"]), lanes))
        said.append(
            f"{row['name']}: {observed_label} {fmt(observed, 'percent', lang)}, "
            f"{text(key, lang)} {required_text}"
        )
    chart.panels.append(panel)
    return _finish(chart, _sources(rows), lang, said)
