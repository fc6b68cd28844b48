"""What every chart of the reports shares: the palette and mark sizes, unit and axis labels, tick
formats, the source line and alt text, and the small helpers the chart builders use."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import pandas as pd

from ..i18n import text
from ..load import method
from ..numberstyle import (
    MISSING,
    Scale,
    fmt,
    number,
    pick_scale,
)
from ..periods import parse_period, period_text
from .cite import source_line
from .svg import (
    BarPanel,
    Chart,
    LegendEntry,
    Mark,
)

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


def _target_annual(row: pd.Series) -> tuple[float, float]:
    """The annual target as (low, high); high is NaN unless the target is a range."""
    low = float(row["target_annual"])
    high = row["target_high"]
    if _nan(high):
        return low, math.nan
    ratio = low / float(row["target_value"]) if row["target_value"] else 1.0
    return low, float(high) * ratio


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


def set_alt(chart: Chart, title: str, items: Iterable[str], lang: str) -> Chart:
    """Record what the chart shows, with its numbers, as its alt text (``chart_alt`` template)."""
    listed = "; ".join(i for i in items if i) or text("no_data", lang)
    chart.alt = text("chart_alt", lang).format(title=title, items=listed)
    chart._svg = None  # drawn again with the new alt text
    return chart


def alt_text(chart: Chart) -> str:
    """The chart's alt text: what it shows, with the numbers (its title when none was set)."""
    return chart.alt or chart.title or " "


def _dated(marks: Iterable[Mark], period: object, **by_gid: object) -> None:
    """Give each mark the period code it shows (:attr:`Mark.period`, for the chart's data):
    ``by_gid[gid]`` for its kind (``target=...``, ``required=...``), else ``period``."""
    for mark in marks:
        code = by_gid.get(mark.gid.replace("-", "_"), period)
        mark.period = str(code) if isinstance(code, str) else ""
