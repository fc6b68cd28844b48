"""One indicator's stated figures as bars: a panel per measure (level, growth, share of plan, ...),
targets and results, a range solid then lighter, the derived annual level and target per year."""

from __future__ import annotations

import math
import os

import pandas as pd

from ..i18n import check_lang, text
from ..load import label, observations
from ..numberstyle import (
    bound_in,
    shared_scale,
)
from ..params import check_indicator
from ..periods import parse_period, period_text
from .chartstyle import (
    COLORS,
    MEASURE_ORDER,
    RANGE_OPACITY,
    _bar_entry,
    _factor,
    _finish,
    _nan,
    _no_data,
    _period,
    _references,
    _target_annual,
    _value_axis,
    unit_label,
)
from .svg import (
    BarPanel,
    Chart,
    Label,
    Lane,
    Mark,
    Reference,
    Row,
)

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
        "period": str(row["period"]),
    }


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
                      "value": float(prow["annual_basis"]), "high": None, "unit": unit,
                      "period": str(prow["result_period"])})  # fmt: skip
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
                "period": str(prow["target_period"]),
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
    period = it.get("period", "")
    marks = [Mark("bar", kind, 0.0, it["value"], fill=color, hatch=hatch, period=period)]
    if it["high"] is not None:
        marks.append(Mark("bar", kind, it["value"], it["high"], fill=color, hatch=hatch,
                          opacity=RANGE_OPACITY, period=period))  # fmt: skip
    return marks
