"""One indicator over time: results as points over the period they cover, targets as lines or
bands, estimates hollow, revised figures grey, an area's boundary change marked."""

from __future__ import annotations

import math
import os

import pandas as pd

from ..analysis.progress import day_text
from ..i18n import check_lang, text
from ..load import label, observations
from ..numberstyle import (
    Scale,
    bound_in,
    fmt_in,
    shared_scale,
)
from ..params import check_indicator
from ..periods import parse_period, period_text
from .chartstyle import (
    BOUNDARY_DASH,
    COLORS,
    MEASURE_ORDER,
    POINT_GAP,
    POINT_RADIUS,
    RANGE_OPACITY,
    REVISION_DASH,
    _finish,
    _nan,
    _no_data,
    _references,
    axis_label,
    tick_formatter,
)
from .svg import (
    Chart,
    Label,
    LegendEntry,
    Mark,
    Reference,
    TimePanel,
)

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
        "period": str(row["period"]),
    }


def _draw_target(panel: TimePanel, t: dict, scale: Scale, lang: str) -> str:
    """A target as a thick line over its period, or a band for a range; labelled above."""
    color = COLORS["target"]
    words = bound_in(t["bound"], t["low"], t["high"], scale, lang)
    said = f"{t['label']} {words}"
    if t["high"] is None:
        panel.marks_.append(Mark("segment", "target", t["start"], t["end"], t["low"], t["low"],
                                 stroke=color, width=3.0, title=said, period=t["period"]))  # fmt: skip
        top = t["low"]
    else:
        panel.marks_.append(Mark("band", "target", t["start"], t["end"], t["low"], t["high"],
                                 fill=color, opacity=RANGE_OPACITY, title=said,
                                 period=t["period"]))  # fmt: skip
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
    code = str(row["period"])
    period = period_text(code, lang)
    status = {"estimate": text("chart_estimate", lang), "revised": text("chart_revised", lang)}
    extra = f" ({status[kind]})" if kind in status else ""
    said = f"{text('chart_result', lang).format(period=period)} {words}{extra}"
    panel.marks_.append(Mark("segment", "period", start, end, value, value, stroke=color,
                             width=1.2, opacity=0.6, title=said, period=code))  # fmt: skip
    if revised:
        later = [r["value"] for r in results
                 if r["period"] == row["period"] and r["source_id"] == row["revised_by"]]  # fmt: skip
        if later:
            panel.marks_.append(Mark("segment", "revision", end, end, value, float(later[0]),
                                     stroke=color, width=1.0, dash=REVISION_DASH, title=said,
                                     period=code))  # fmt: skip
    fill = "#ffffff" if estimate or revised else color
    panel.marks_.append(Mark("point", kind, end, y0=value, fill=fill, stroke=color, width=1.6,
                             size=POINT_RADIUS, title=said, period=code))  # fmt: skip
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
