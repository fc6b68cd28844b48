"""Charts for the reports, drawn as SVG by :mod:`hpdata.report.svg`, in Vietnamese or English.

Each function returns a :class:`~hpdata.report.svg.Chart`: panels of horizontal bars or of years
with their marks, value labels, reference lines and legend, in the Okabe–Ito palette (safe for
colour-blind readers). Each chart names its unit on an axis (from ``data/units.csv``), in one scale
per axis shared with the tables (:mod:`hpdata.analysis.formatting`), writes numbers with the
locale's marks and the minus sign U+2212, and carries a source line built from
``data/sources.csv``. Every word comes from ``data/labels.csv``.

Marks that tests and readers look for carry a ``gid``: ``basis``, ``result``, ``target``,
``implied-plan``, ``benchmark``, ``reference``, ``observed``, ``required``, ``derived``,
``estimate``, ``revised``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from ..analysis.formatting import (
    MISSING,
    Scale,
    bound_in,
    fmt,
    fmt_bound,
    fmt_in,
    number,
    pick_scale,
    shared_scale,
)
from ..analysis.progress import day_text
from ..atomic import atomic_open
from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import label, method, observations
from ..params import check_indicator
from ..periods import parse_period, period_text
from .cite import source_line
from .svg import (
    MAX_WIDTH_PX,
    REFERENCE_DASH,
    BarPanel,
    Chart,
    Label,
    Lane,
    LegendEntry,
    Mark,
    Reference,
    Row,
    TimePanel,
)

__all__ = ["MAX_WIDTH_PX", "Chart"]

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
COLORS = {
    "basis": OKABE_ITO["sky_blue"],
    "result": OKABE_ITO["blue"],
    "target": OKABE_ITO["vermillion"],
    "implied_plan": OKABE_ITO["black"],
    "benchmark": OKABE_ITO["black"],
    "observed": OKABE_ITO["blue"],
    "required": OKABE_ITO["orange"],
    "derived": OKABE_ITO["grey"],
}
#: The environment variable naming the directory where :func:`save_figure` writes.
FIGURES_ENV = "HPDATA_FIGURES_DIR"
#: Opacity of a range's upper part and of a target band.
RANGE_OPACITY = 0.45
#: Thickness of the bullet's basis bar, the result bar inside it, and the target mark across it.
BULLET_BASIS, BULLET_RESULT, BULLET_TARGET = 20.0, 7.0, 28.0
#: Thickness of each of the growth chart's two bars per indicator.
GROWTH_BAR = 16.0
#: Size of the implied plan's diamond, of a benchmark tick across a bar, and the dots of the
#: line from a revised figure to the figure revising it.
DIAMOND, BENCHMARK_TICK, REVISION_DASH = 12.0, 28.0, "2 2"
#: The dashes of the vertical line marking an area's boundary change on a time panel.
BOUNDARY_DASH = "5 3"
#: Radius of a result's point on a time panel, and the space between it and its label.
POINT_RADIUS, POINT_GAP = 4.5, 8.0

LEVEL_MEASURES = ("level",)
MEASURE_ORDER = ("level", "growth", "share_of_plan", "share_of_prior", "share")


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


# --- units and axes ----------------------------------------------------------------------------


def unit_label(unit: str, lang: str = "vi", value: float = 0.0) -> str:
    """The unit as an axis names it, in the scale ``value`` would be written in.

    Examples
    --------
    >>> unit_label("VND", "vi", 1.9e14), unit_label("VND", "en", 1.9e14), unit_label("percent")
    ('nghìn tỷ đồng', 'VND trillion', '%')
    >>> unit_label("count", "en")
    'count'
    """
    scale = pick_scale(value, unit, lang)
    words = " ".join(scale.template.replace("{n}", " ").split())
    return words or text(f"unit_{unit}", lang)


def axis_label(quantity: str, unit: str, lang: str = "vi", value: float = 0.0) -> str:
    """An axis label naming the quantity and its unit: ``Mức cả năm (nghìn tỷ đồng)``."""
    return f"{quantity} ({unit_label(unit, lang, value)})"


def tick_formatter(scale: Scale, lang: str = "vi") -> Callable[[float], str]:
    """Tick labels in the scale's unit with the locale's marks (``96,2`` in vi, ``96.2`` in en),
    at most 2 decimals, negative ones with U+2212."""
    return lambda v: number(v / scale.divisor, lang, 2)


def _value_axis(unit: str, lang: str, biggest: float, quantity: str) -> dict:
    """The ``axis_label``, ``fmt`` and ``integer`` of a value axis in the scale of the biggest
    value drawn (integer ticks for counts)."""
    scale = pick_scale(biggest, unit, lang)
    return {
        "axis_label": axis_label(quantity, unit, lang, biggest),
        "fmt": tick_formatter(scale, lang),
        "integer": unit == "count",
    }


def _finish(chart: Chart, sources: Iterable[str], lang: str, said: Iterable[str] = ()) -> Chart:
    """Add the source line and record the alt text: the title and what the chart ``said`` (its
    figures, in words)."""
    chart.source = source_line(sources, lang)
    return set_alt(chart, chart.title, said, lang)


def _no_data(lang: str, title: str = "") -> BarPanel:
    return BarPanel(title, "", tick_formatter(pick_scale(0, "count", lang), lang),
                    message=text("no_data", lang))  # fmt: skip


def _rows(frame_or_row: pd.DataFrame | pd.Series) -> pd.DataFrame:
    if isinstance(frame_or_row, pd.Series):
        return frame_or_row.to_frame().T.reset_index(drop=True)
    return frame_or_row.reset_index(drop=True)


def _sources(frame: pd.DataFrame) -> list[str]:
    out: list[str] = []
    for column in ("target_source", "result_source", "source_id"):
        if column in frame:
            out += [str(s) for s in frame[column] if isinstance(s, str) and s]
    return out


def _period(code: object, lang: str) -> str:
    """A period code as readers write it (``quý 1/2023``), or ``–`` when there is none."""
    return period_text(str(code), lang) if isinstance(code, str) and code else MISSING


def _factor(period_code: str, lang: str = "vi") -> str:
    """The naive run rate's multiplier for a part-year period: ``4`` for a quarter."""
    factor = 1.0 / parse_period(period_code).years
    return str(round(factor)) if abs(factor - round(factor)) < 1e-9 else number(factor, lang, 2)


def _bar_entry(words: str, color: str, hatch: bool = False, opacity: float = 1.0) -> LegendEntry:
    return LegendEntry(words, "bar", color, hatch=hatch, opacity=opacity)


def _add(legend: list[LegendEntry], entry: LegendEntry) -> None:
    """Append ``entry`` unless an entry with the same words is there already."""
    if all(e.label != entry.label for e in legend):
        legend.append(entry)


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


def _target_annual(row: pd.Series) -> tuple[float, float]:
    """The annual target as (low, high); high is NaN unless the target is a range."""
    low = float(row["target_annual"])
    high = row["target_high"]
    if _nan(high):
        return low, math.nan
    ratio = low / float(row["target_value"]) if row["target_value"] else 1.0
    return low, float(high) * ratio


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
    for name, share, b in zip(rows["name"], shares, rows["benchmark"], strict=True):
        lane = Lane([Mark("bar", "result", 0.0, share, fill=COLORS["result"])],
                    [Label(fmt(share, "percent", lang), share)])  # fmt: skip
        if len(distinct) > 1 and not _nan(b):
            lane.marks.append(Mark("tick", "benchmark", float(b), stroke=COLORS["benchmark"],
                                   width=2.0, size=BENCHMARK_TICK))  # fmt: skip
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
        panel.rows.append(Row(str(row["name"]), lanes))
        said.append(
            f"{row['name']}: {observed_label} {fmt(observed, 'percent', lang)}, "
            f"{text(key, lang)} {required_text}"
        )
    chart.panels.append(panel)
    return _finish(chart, _sources(rows), lang, said)


# --- one indicator -----------------------------------------------------------------------------


def _observation_label(row: pd.Series, lang: str) -> str:
    key = "chart_target" if row["kind"] == "target" else "chart_result"
    return text(key, lang).format(period=_period(row["period"], lang))


def indicator_chart(
    indicator: str,
    lang: str = "vi",
    progress: pd.DataFrame | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Chart:
    """One indicator's stated figures: a panel per measure (level, growth, share of plan, …).

    In each panel, one bar per observation: results in blue (``gid="result"``), targets in
    vermillion (``gid="target"``), a range drawn solid to its low end and lighter to its high end;
    each bar's value is written as the tables write it (``trên 1,5 triệu tỷ đồng``). The
    level panel adds, hatched grey (``gid="derived"``), the annual level the analytics compares
    and the target per year of a multi-year total, when :func:`hpdata.progress` has them. A level
    stated for a span of years gets its own panel. An indicator with no observation gets one
    panel saying so.

    Parameters
    ----------
    indicator : str
        An id of ``data/indicators.csv``.
    lang : {"vi", "en"}
    progress : DataFrame, optional
        :func:`hpdata.progress` in ``lang``, to avoid computing it again.

    Raises
    ------
    ParameterError
        If ``indicator`` is not in ``data/indicators.csv`` (the valid ids are listed).
    """
    check_lang(lang)
    check_indicator(indicator, data_dir)
    obs = observations(data_dir)
    obs = obs[obs["indicator"] == indicator].reset_index(drop=True)
    if progress is None:
        from ..analysis.progress import progress as compute_progress

        progress = compute_progress(data_dir, lang=lang)
    hit = progress[progress["indicator"] == indicator]
    prow = hit.iloc[0] if len(hit) else None
    name = str(prow["name"]) if prow is not None else indicator
    chart = Chart(f"{name}: {text('indicator_chart_title', lang)}")
    panels = _indicator_panels(obs, prow, lang, data_dir)
    said = [_indicator_panel(chart, panel, lang) for panel in panels]
    if not panels:
        unit = str(prow["unit"]) if prow is not None else "count"
        chart.panels.append(_no_data(lang, f"{text('no_data', lang)} ({unit_label(unit, lang)})"))
    kinds = {it["kind"] for panel in panels for it in panel["items"]}
    if panels and "result" not in kinds:
        chart.panels[0].note, chart.panels[0].note_gid = text("no_result", lang), "no-result"
        said.append(text("no_result", lang))
    for kind in ("target", "result", "derived"):
        if kind in kinds:
            words = text(f"chart_kind_{kind}", lang)
            chart.legend.append(_bar_entry(words, _KIND_COLORS[kind], hatch=kind == "derived"))
    return _finish(chart, list(obs["source_id"].astype(str)), lang, said)


def _indicator_panels(
    obs: pd.DataFrame, prow: pd.Series | None, lang: str, data_dir: object = None
) -> list[dict]:
    """The panels of :func:`indicator_chart`, one per measure, each with its bars and references.

    A level stated for a span of years (a cumulative total, 1,5 triệu tỷ đồng over 2019–2025) gets
    a panel of its own, so it never shares an axis with a quarter; the level panel shows it per
    year (derived) beside the annual level it is compared with. A share-of-plan panel carries the
    linear benchmark of its results' periods (``data/method.toml``), a share-of-prior panel 100 %.
    """
    panels: list[dict] = []
    for measure in [m for m in MEASURE_ORDER if (obs["measure"] == m).any()]:
        rows = obs[obs["measure"] == measure]
        spans = [parse_period(str(p)).years > 1 for p in rows["period"]]
        cumulative = rows[spans] if measure == "level" else rows.iloc[0:0]
        items = [_observation_item(r, lang) for _, r in rows.drop(cumulative.index).iterrows()]
        if measure == "level" and prow is not None:
            items += _derived_level_items(prow, lang)
        title = label("measure", measure, lang)
        if items:
            results = rows.loc[rows["kind"] == "result", "period"]
            refs = _references(measure, results, lang, data_dir)
            panels.append({"measure": measure, "title": title, "items": items, "refs": refs})
        if len(cumulative):
            total = f"{title}: {text('chart_panel_cumulative', lang)}"
            items = [_observation_item(r, lang) for _, r in cumulative.iterrows()]
            panels.append({"measure": measure, "title": total, "items": items, "refs": []})
    return panels


def _observation_item(row: pd.Series, lang: str) -> dict:
    """One stated figure as a bar of :func:`indicator_chart`."""
    return {
        "label": _observation_label(row, lang),
        "kind": str(row["kind"]),
        "bound": str(row["bound"]),
        "value": float(row["value"]),
        "high": None if _nan(row["high"]) else float(row["high"]),
        "unit": str(row["unit"]),
    }


def _references(
    measure: str, result_periods: Iterable[str], lang: str, data_dir: object
) -> list[dict]:
    """Reference lines of a panel: the linear benchmark of its results' periods for a share of
    plan, 100 % for a share of the same period a year earlier."""
    if measure == "share_of_prior":
        return [{"value": 100.0, "label": text("chart_reference_prior", lang), "gid": "reference"}]
    if measure != "share_of_plan":
        return []
    table = method(data_dir).get("linear_benchmark", {})
    periods = sorted({str(p) for p in result_periods})
    values = sorted({float(table[k]) for k in _benchmark_keys(periods) if k in table})
    words = text("benchmark_label", lang)
    return [
        {"value": v, "label": words.format(value=fmt(v, "percent", lang)), "gid": "benchmark"}
        for v in values
    ]


def _benchmark_keys(periods: Iterable[str]) -> list[str]:
    return [parse_period(p).benchmark_key for p in periods]


_KIND_COLORS = {
    "target": COLORS["target"],
    "result": COLORS["result"],
    "derived": COLORS["derived"],
}


def _derived_level_items(prow: pd.Series, lang: str) -> list[dict]:
    """The derived annual level and the target per year, as bars for the level panel."""
    items = []
    unit = str(prow["unit"])
    kind = prow["annual_basis_kind"]
    if not _nan(prow["annual_basis"]) and kind in ("naive_run_rate", "implied_plan"):
        if kind == "naive_run_rate":
            period = str(prow["result_period"])
            words = text("chart_naive_short", lang).format(
                period=period_text(period, lang), factor=_factor(period, lang)
            )
        else:
            words = text("implied_annual_plan", lang)
        items.append({"label": words, "kind": "derived", "bound": "eq",
                      "value": float(prow["annual_basis"]), "high": None, "unit": unit})  # fmt: skip
    if not _nan(prow["target_annual"]) and not math.isclose(
        float(prow["target_annual"]), float(prow["target_value"])
    ):
        low, high = _target_annual(prow)
        items.append(
            {
                "label": text("chart_target_per_year", lang).format(
                    period=_period(prow["target_period"], lang)
                ),
                "kind": "derived",
                "bound": "range" if not _nan(high) else str(prow["target_bound"]),
                "value": low,
                "high": None if _nan(high) else high,
                "unit": unit,
            }
        )
    return items


def _indicator_panel(chart: Chart, panel: dict, lang: str) -> str:
    """Add one panel's bars and reference lines, every value in the axis's one scale.

    Returns what the panel shows, in words, for the alt text.
    """
    items = panel["items"]
    unit = items[0]["unit"]
    ends = [it["high"] if it["high"] is not None else it["value"] for it in items]
    biggest = max([abs(v) for v in ends] + [abs(it["value"]) for it in items] + [1e-9])
    scale = shared_scale([*ends, *(it["value"] for it in items)], unit, lang)
    axis = _value_axis(unit, lang, biggest, label("measure", panel["measure"], lang))
    out = BarPanel(panel["title"], **axis)
    said = []
    for it, end in zip(items, ends, strict=True):
        words = bound_in(it["bound"], it["value"], it["high"], scale, lang)
        said.append(f"{it['label']} {words}")
        out.rows.append(Row(it["label"], [Lane(_indicator_bar(it), [Label(words, max(end, 0.0))])]))
    for ref in panel["refs"]:
        out.refs.append(Reference(ref["value"], ref["label"], ref["gid"]))
        said.append(ref["label"])
    chart.panels.append(out)
    return f"{panel['title']}: {', '.join(said)}"


def _indicator_bar(it: dict) -> list[Mark]:
    """One bar: solid to the value, lighter from there to the high end of a range."""
    kind = it["kind"]
    color = _KIND_COLORS.get(kind, COLORS["derived"])
    hatch = kind == "derived"
    marks = [Mark("bar", kind, 0.0, it["value"], fill=color, hatch=hatch)]
    if it["high"] is not None:
        marks.append(Mark("bar", kind, it["value"], it["high"], fill=color, hatch=hatch,
                          opacity=RANGE_OPACITY))  # fmt: skip
    return marks


# --- trajectory (issue 12) ----------------------------------------------------------------------

#: The columns :func:`trajectory_chart` reads (those of :func:`hpdata.series` with ``kind=None``).
TRAJECTORY_COLUMNS = [
    "indicator", "kind", "period", "start", "end", "measure", "value", "high", "unit", "bound",
    "source_id", "published", "is_estimate", "revised_by",
]  # fmt: skip


def trajectory_frame(
    indicator: str, data_dir: str | os.PathLike[str] | None = None
) -> pd.DataFrame:
    """Every result and target of one indicator placed in time, for :func:`trajectory_chart`.

    From :func:`hpdata.series` (``kind=None``) when the package has it; otherwise straight from
    :func:`hpdata.observations`, with ``start`` and ``end`` in decimal years, no estimate and no
    revision.
    """
    check_indicator(indicator, data_dir)
    try:
        from ..analysis.series import series
    except ImportError:  # pragma: no cover - series() lands with the tracker
        series = None
    if series is not None:
        return series(indicator, data_dir, kind=None)
    obs = observations(data_dir)
    obs = obs[obs["indicator"] == indicator].copy()
    periods = [parse_period(str(p)) for p in obs["period"]]
    obs["start"] = [p.start for p in periods]
    obs["end"] = [p.end for p in periods]
    obs["published"] = ""
    obs["is_estimate"] = False
    obs["revised_by"] = ""
    return obs.reset_index(drop=True)


def trajectory_chart(
    indicator: str,
    lang: str = "vi",
    frame: pd.DataFrame | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Chart:
    """One indicator over time: a panel per measure, results as points, targets as lines or bands.

    On a time axis in years, each result is a point at the end of its period with a thin line over
    the period it covers (a quarter is a quarter wide); official figures are solid
    (``gid="result"``), estimates hollow (``gid="estimate"``), and a figure a later source revised
    is drawn grey with a dotted line to the revising figure (``gid="revised"``). Each target is a
    line over its period (``gid="target"``), a band for a range; a cumulative level target over a
    span of years is drawn per year. Every point and target carries its value in the axis's
    scale. The benchmark of share-of-plan panels and 100 % of share-of-prior panels are drawn as
    on :func:`indicator_chart`. One point is one point: the axis is padded around it.

    Parameters
    ----------
    indicator : str
        An id of ``data/indicators.csv``.
    lang : {"vi", "en"}
    frame : DataFrame, optional
        The figures to draw (:data:`TRAJECTORY_COLUMNS`); :func:`trajectory_frame` by default.
    """
    check_lang(lang)
    frame = trajectory_frame(indicator, data_dir) if frame is None else frame
    name = str(_indicator_name(indicator, lang, data_dir))
    records = frame.to_dict("records")  # plain dicts: a few rows, no pandas indexing per mark
    measures = [m for m in MEASURE_ORDER if any(r["measure"] == m for r in records)]
    chart = Chart(f"{name}: {text('trajectory_title', lang)}")
    said: list[str] = []
    kinds: set[str] = set()
    span = _time_span(frame)
    change = boundary_year(frame, data_dir)
    for measure in measures:
        rows = [r for r in records if r["measure"] == measure]
        said.append(_trajectory_panel(chart, measure, rows, span, lang, kinds, data_dir, change))
    if not measures:
        chart.panels.append(_no_data(lang))
    chart.legend = _trajectory_legend(kinds, lang)
    return _finish(chart, list(frame["source_id"].astype(str)), lang, said)


def boundary_year(frame: pd.DataFrame, data_dir: object = None) -> tuple[float, str] | None:
    """When the figures of one area lie on both sides of its boundary change (``segment`` 0
    and 1, :func:`hpdata.series`): the change as a decimal year and as a day (ISO)."""
    if "segment" not in frame or "area" not in frame or frame.empty:
        return None
    areas_held = set(frame["area"].astype(str)) - {""}
    if len(areas_held) != 1 or set(frame["segment"]) != {0, 1}:
        return None
    from ..analysis.series import change_year
    from ..areas import boundary_change

    day = boundary_change(areas_held.pop(), data_dir)
    return None if day is None else (change_year(day), day.isoformat())


def _indicator_name(indicator: str, lang: str, data_dir: object) -> str:
    from ..load import indicators

    table = indicators(data_dir).set_index("indicator")
    column = f"name_{lang}"
    return str(table.loc[indicator, column]) if column in table else indicator


def _time_span(frame: pd.DataFrame) -> tuple[float, float]:
    """The years the axis covers: every whole year a period of the frame touches, padded by a
    quarter of a year (a lone first quarter still shows its whole year)."""
    if frame.empty:
        return 0.0, 1.0
    first = math.floor(float(frame["start"].min()) + 1e-9)
    last = math.ceil(float(frame["end"].max()) - 1e-9)
    return first - 0.25, max(last, first + 1) + 0.25


def _trajectory_panel(
    chart: Chart,
    measure: str,
    rows: list[dict],
    span: tuple[float, float],
    lang: str,
    kinds: set[str],
    data_dir: object,
    change: tuple[float, str] | None = None,
) -> str:
    """Add one measure's targets and results over time; return what it shows, in words. With
    ``change`` (:func:`boundary_year`) and results on both sides of it, a dashed vertical line
    marks the boundary change: the figures after it are the enlarged unit's."""
    unit = str(rows[0]["unit"])
    targets = [_target_item(r, lang) for r in rows if r["kind"] == "target"]
    results = [r for r in rows if r["kind"] == "result"]
    values = [*(r["value"] for r in results), *(t["low"] for t in targets)]
    values += [t["high"] for t in targets]
    refs = _references(measure, [r["period"] for r in results], lang, data_dir)
    finite = [float(v) for v in [*values, *(r["value"] for r in refs)] if not _nan(v)] or [0.0]
    scale = shared_scale(values, unit, lang)
    quantity = label("measure", measure, lang)
    panel = TimePanel(
        quantity,
        axis_label(quantity, unit, lang, max(abs(v) for v in finite)),
        tick_formatter(shared_scale(finite, unit, lang), lang),
        span,
        integer=unit == "count",
    )
    said = [_draw_target(panel, t, scale, lang) for t in targets]
    kinds.update("target" for _ in targets)
    for row in results:
        said.append(_draw_result(panel, row, results, scale, lang, kinds))
    for ref in refs:
        panel.refs.append(Reference(ref["value"], ref["label"], ref["gid"]))
        said.append(ref["label"])
    if change is not None and {r["segment"] for r in results} == {0, 1}:
        low, high = min(0.0, *finite), max(finite)
        words = text("chart_boundary", lang).format(date=day_text(change[1], lang))
        panel.marks_.append(Mark("segment", "boundary", change[0], change[0], low, high,
                                 stroke=COLORS["benchmark"], width=1.0, dash=BOUNDARY_DASH,
                                 title=words))  # fmt: skip
        kinds.add("boundary")
        said.append(words)
    chart.panels.append(panel)
    return f"{quantity}: {', '.join(said)}"


def _target_item(row: dict, lang: str) -> dict:
    """A target as drawn: a cumulative level over a span of years is shown per year."""
    period = parse_period(str(row["period"]))
    years = period.years
    per_year = row["measure"] == "level" and years > 1
    factor = 1.0 / years if per_year else 1.0
    high = None if _nan(row["high"]) else float(row["high"]) * factor
    key = "chart_target_per_year" if per_year else "chart_target"
    return {
        "label": text(key, lang).format(period=period_text(str(row["period"]), lang)),
        "bound": str(row["bound"]),
        "low": float(row["value"]) * factor,
        "high": high,
        "start": float(row["start"]),
        "end": float(row["end"]),
    }


def _draw_target(panel: TimePanel, t: dict, scale: Scale, lang: str) -> str:
    """A target as a thick line over its period, or a band for a range; labelled above."""
    color = COLORS["target"]
    words = bound_in(t["bound"], t["low"], t["high"], scale, lang)
    said = f"{t['label']} {words}"
    if t["high"] is None:
        panel.marks_.append(Mark("segment", "target", t["start"], t["end"], t["low"], t["low"],
                                 stroke=color, width=3.0, title=said))  # fmt: skip
        top = t["low"]
    else:
        panel.marks_.append(Mark("band", "target", t["start"], t["end"], t["low"], t["high"],
                                 fill=color, opacity=RANGE_OPACITY, title=said))  # fmt: skip
        top = t["high"]
    panel.labels_.append(Label(words, (t["start"] + t["end"]) / 2, top, anchor="middle",
                               color=color, gid="target-label", dx=0.0, dy=-12.0))  # fmt: skip
    return said


def _draw_result(
    panel: TimePanel,
    row: dict,
    results: list[dict],
    scale: Scale,
    lang: str,
    kinds: set[str],
) -> str:
    """A result: a point at its period's end over a thin line covering the period."""
    start, end, value = float(row["start"]), float(row["end"]), float(row["value"])
    revised = bool(row["revised_by"])
    estimate = bool(row["is_estimate"])
    kind = "revised" if revised else "estimate" if estimate else "result"
    kinds.add(kind)
    color = COLORS["derived"] if revised else COLORS["result"]
    words = fmt_in(value, scale, lang)
    period = period_text(str(row["period"]), lang)
    status = {"estimate": text("chart_estimate", lang), "revised": text("chart_revised", lang)}
    extra = f" ({status[kind]})" if kind in status else ""
    said = f"{text('chart_result', lang).format(period=period)} {words}{extra}"
    panel.marks_.append(Mark("segment", "period", start, end, value, value, stroke=color,
                             width=1.2, opacity=0.6, title=said))  # fmt: skip
    if revised:
        later = [r["value"] for r in results
                 if r["period"] == row["period"] and r["source_id"] == row["revised_by"]]  # fmt: skip
        if later:
            panel.marks_.append(Mark("segment", "revision", end, end, value, float(later[0]),
                                     stroke=color, width=1.0, dash=REVISION_DASH, title=said))  # fmt: skip
    fill = "#ffffff" if estimate or revised else color
    panel.marks_.append(Mark("point", kind, end, y0=value, fill=fill, stroke=color, width=1.6,
                             size=POINT_RADIUS, title=said))  # fmt: skip
    panel.labels_.append(Label(words, end, value, color=color, dx=POINT_GAP))
    return said


def _trajectory_legend(kinds: set[str], lang: str) -> list[LegendEntry]:
    """Legend entries for what was drawn: official, estimate, revised, target."""
    entries = []
    if "result" in kinds:
        entries.append(LegendEntry(text("chart_official", lang), "point", COLORS["result"]))
    if "estimate" in kinds:
        entries.append(
            LegendEntry(text("chart_estimate", lang), "point", COLORS["result"], hollow=True)
        )
    if "revised" in kinds:
        entries.append(
            LegendEntry(text("chart_revised", lang), "point", COLORS["derived"], hollow=True)
        )
    if "target" in kinds:
        entries.append(LegendEntry(text("chart_kind_target", lang), "line", COLORS["target"]))
    if "boundary" in kinds:
        entries.append(LegendEntry(text("chart_boundary_legend", lang), "line",
                                   COLORS["benchmark"], dash=BOUNDARY_DASH))  # fmt: skip
    return entries


# --- output ------------------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def set_alt(chart: Chart, title: str, items: Iterable[str], lang: str) -> Chart:
    """Record what the chart shows, with its numbers, as its alt text (``chart_alt`` template)."""
    listed = "; ".join(i for i in items if i) or text("no_data", lang)
    chart.alt = text("chart_alt", lang).format(title=title, items=listed)
    chart._svg = None  # drawn again with the new alt text
    return chart


def alt_text(chart: Chart) -> str:
    """The chart's alt text: what it shows, with the numbers (its title when none was set)."""
    return chart.alt or chart.title or " "


def save_figure(
    chart: Chart, name: str, directory: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Write ``<name>.svg`` into ``$HPDATA_FIGURES_DIR`` (or ``directory``).

    The file is the very SVG :func:`show` embeds in the page (drawn once), so the page and
    ``reports/figures/`` hold one format. Nothing is written when neither is set (an analyst
    exploring in JupyterLab). The file is written to a temporary file in the same directory and
    renamed into place, so a crash never leaves half a figure; it records neither the date nor
    the software version.

    Returns
    -------
    list of pathlib.Path
        The file written (empty when no directory is set).

    Raises
    ------
    ParameterError
        If ``name`` is not a plain file stem (letters, digits, ``.``, ``_``, ``-``).
    """
    if not _NAME.match(name):
        raise ParameterError(f"figure name {name!r} must be letters, digits, '.', '_' or '-'")
    target = directory if directory is not None else os.environ.get(FIGURES_ENV)
    if not target:
        return []
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{name}.svg"
    with atomic_open(final) as fh:
        fh.write(figure_svg(chart).encode("utf-8"))
    return [final]


def figure_svg(chart: Chart) -> str:
    """The chart as accessible inline SVG markup (:meth:`~hpdata.report.svg.Chart.svg`): root
    ``<svg>`` with ``role="img"``, an ``aria-label`` and a ``<title>`` holding :func:`alt_text`,
    the ``hpdata-chart`` class, a width following the page up to :data:`MAX_WIDTH_PX`, and ids
    unique to the chart. Drawn once and kept with the chart."""
    return chart.svg()


def show(chart: Chart) -> None:
    """Display the chart in a notebook as inline SVG (:func:`figure_svg`).

    The output is HTML (the page embeds the ``<svg>`` element itself, with its alt text), with the
    alt text as its plain-text form.
    """
    from IPython.display import display

    display({"text/html": figure_svg(chart), "text/plain": alt_text(chart)}, raw=True)
