"""Charts for the reports: matplotlib figures with Vietnamese or English labels.

Every chart is built on a bare :class:`matplotlib.figure.Figure` (never through pyplot, so nothing
is left open in a long-running kernel), in DejaVu Sans, the font matplotlib ships, which covers
Vietnamese diacritics. Colours are the Okabe–Ito palette, safe for colour-blind readers. Each chart
names its unit on an axis (from ``data/units.csv``), formats tick labels with the locale, and carries
a source line built from ``data/sources.csv``.

Artists that tests and readers look for carry a ``gid``: ``title``, ``source-line``, ``basis``,
``result``, ``target``, ``implied-plan``, ``benchmark``, ``observed``, ``required``.
"""

from __future__ import annotations

import io
import math
import os
import re
import textwrap
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..analysis.formatting import BOUND_WORDS, MISSING, Scale, fmt, fmt_bound, number, pick_scale
from ..atomic import atomic_open
from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import label, observations
from ..params import check_indicator
from ..periods import parse_period
from .cite import source_line

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
FONT = "DejaVu Sans"
DPI = 110
WIDTH = 8.0  # inches
#: The environment variable naming the directory where :func:`save_figure` writes.
FIGURES_ENV = "HPDATA_FIGURES_DIR"

STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.fonttype": "path",
    "svg.hashsalt": "hpdata",
}

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
    scale = pick_scale(value, unit, lang, continuous=True)
    words = " ".join(scale.template.replace("{n}", " ").split())
    return words or text(f"unit_{unit}", lang)


def axis_label(quantity: str, unit: str, lang: str = "vi", value: float = 0.0) -> str:
    """An axis label naming the quantity and its unit: ``Mức cả năm (nghìn tỷ đồng)``."""
    return f"{quantity} ({unit_label(unit, lang, value)})"


def fmt_in(value: float, scale: Scale, lang: str = "vi") -> str:
    """A value written in a given scale, so every label of one axis uses the axis's unit.

    Examples
    --------
    >>> from hpdata.analysis.formatting import pick_scale
    >>> fmt_in(4.2509e13, pick_scale(1e14, "VND", "vi"), "vi")
    '42,51 nghìn tỷ đồng'
    """
    if _nan(value):
        return MISSING
    return scale.template.format(n=number_in(value, scale, lang))


def bound_in(bound: str, low: float, high: float | None, scale: Scale, lang: str = "vi") -> str:
    """A target as stated (bound word, figure or range) in a given scale.

    Examples
    --------
    >>> from hpdata.analysis.formatting import pick_scale
    >>> bound_in("range", 1.8e14, 1.9e14, pick_scale(1e14, "VND", "vi"), "vi")
    '180 – 190 nghìn tỷ đồng'
    """
    if bound == "range" and high is not None and not _nan(high):
        digits = _decimals_in(max(abs(low), abs(high)), scale)
        lo = number(low / scale.divisor, lang, digits)
        hi = number(high / scale.divisor, lang, digits)
        return scale.template.format(n=f"{lo} – {hi}")
    return BOUND_WORDS[lang].get(bound, "") + fmt_in(low, scale, lang)


def _decimals_in(value: float, scale: Scale) -> int:
    """About four significant digits in the scale, at most its ``max_decimals``."""
    scaled = abs(value / scale.divisor)
    digits = len(str(int(scaled))) if scaled >= 1 else 1
    return max(0, min(scale.max_decimals, 4 - digits))


def number_in(value: float, scale: Scale, lang: str = "vi") -> str:
    """Just the number of :func:`fmt_in`, without the unit words."""
    return number(value / scale.divisor, lang, _decimals_in(value, scale))


def tick_formatter(scale: Scale, lang: str = "vi") -> FuncFormatter:
    """Tick labels in the scale's unit with the locale's marks (``96,2`` in vi, ``96.2`` in en)."""
    return FuncFormatter(lambda v, _pos: number(v / scale.divisor, lang, 2))


def _style_value_axis(ax: Axes, unit: str, lang: str, biggest: float, quantity: str) -> None:
    """Ticks and the axis label in the scale of the biggest value drawn."""
    scale = pick_scale(biggest, unit, lang, continuous=True)
    ax.xaxis.set_major_formatter(tick_formatter(scale, lang))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.set_xlabel(f"{quantity} ({unit_label(unit, lang, biggest)})")
    ax.tick_params(labelfontfamily=FONT)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _new_figure(height: float) -> Figure:
    with mpl.rc_context(STYLE):
        return Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")


def _finish(fig: Figure, title: str, sources: Iterable[str], lang: str) -> Figure:
    """Add the title on top and the source line at the bottom left (both placed by the layout)."""
    with mpl.rc_context(STYLE):
        fig.suptitle(title, fontsize=11, fontweight="bold", gid="title", fontfamily=FONT)
        line = "\n".join(textwrap.wrap(source_line(sources, lang), 140))
        fig.supxlabel(
            line,
            x=0.01,
            ha="left",
            fontsize=7,
            color="#444444",
            gid="source-line",
            fontfamily=FONT,
        )
    return fig


def _legend_axes(fig: Figure, heights: list[float]) -> tuple[Axes, list[Axes]]:
    """A thin row on top for the legend, then one axes per height ratio."""
    axes = fig.subplots(len(heights) + 1, 1, squeeze=False, height_ratios=[0.45, *heights])[:, 0]
    axes[0].set_axis_off()
    return axes[0], list(axes[1:])


def _legend(ax: Axes, handles: dict[str, object]) -> None:
    if handles:
        ax.legend(
            list(handles.values()),
            list(handles.keys()),
            loc="center",
            ncols=2,
            fontsize=8,
            frameon=False,
        )


def _no_data(ax: Axes, lang: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, text("no_data", lang), ha="center", va="center", transform=ax.transAxes)


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


def _factor(period_code: str) -> str:
    factor = 1.0 / parse_period(period_code).years
    return str(round(factor)) if abs(factor - round(factor)) < 1e-9 else number(factor, "en", 2)


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
        return text("chart_basis_naive", lang).format(period=period, factor=_factor(period))
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


def bullet_chart(progress: pd.DataFrame | pd.Series, lang: str = "vi") -> Figure:
    """A bullet chart per comparable level indicator: the annual level against the target.

    For each row of :func:`comparable_levels`, one panel draws:

    * a wide light bar (``gid="basis"``): the annual basis, the implied annual plan or the naive run
      rate (labelled as naive, with its factor);
    * a narrow dark bar (``gid="result"``): the latest result itself (a quarter, say);
    * the target (``gid="target"``): a thick line, or a shaded band for a range (180–190 nghìn tỷ
      đồng); a cumulative multi-year target is shown per year, as the analytics compares it;
    * the implied annual plan as a second marker (``gid="implied-plan"``, a diamond), or a note
      when no share of the plan was reported.

    Parameters
    ----------
    progress : DataFrame or Series
        :func:`hpdata.progress` in ``lang`` (all rows, or one row).
    lang : {"vi", "en"}
    """
    check_lang(lang)
    rows = comparable_levels(_rows(progress))
    n = max(len(rows), 1)
    fig = _new_figure(1.0 + 1.25 * n)
    with mpl.rc_context(STYLE):
        legend_ax, axes = _legend_axes(fig, [1.0] * n)
        if rows.empty:
            _no_data(axes[0], lang)
        handles: dict[str, object] = {}
        for ax, (_, row) in zip(axes, rows.iterrows(), strict=False):
            handles.update(_bullet_panel(ax, row, lang))
        _legend(legend_ax, handles)
    return _finish(fig, text("bullet_title", lang), _sources(rows), lang)


def _bullet_panel(ax: Axes, row: pd.Series, lang: str) -> dict[str, object]:
    unit = str(row["unit"])
    basis = float(row["annual_basis"])
    level = row["result_level"]
    plan = row["implied_annual_plan"]
    low, high = _target_annual(row)
    biggest = max(v for v in (basis, level, plan, low, high) if not _nan(v))
    scale = pick_scale(biggest, unit, lang, continuous=True)
    handles: dict[str, object] = {}

    naive = row["annual_basis_kind"] == "naive_run_rate"
    bars = ax.barh(
        [0],
        [basis],
        height=0.6,
        color=COLORS["basis"],
        hatch="///" if naive else None,
        edgecolor="white",
        linewidth=0,
    )
    bars.patches[0].set_gid("basis")
    handles[_basis_label(row, lang)] = bars.patches[0]
    ax.annotate(
        fmt_in(basis, scale, lang),
        (basis, 0.3),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize=8,
        va="bottom",
    )
    if not _nan(level):
        inner = ax.barh([0], [float(level)], height=0.22, color=COLORS["result"])
        inner.patches[0].set_gid("result")
        handles[text("chart_result", lang).format(period=row["result_period"])] = inner.patches[0]
        ax.annotate(
            fmt_in(float(level), scale, lang),
            (float(level), -0.11),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=8,
            va="top",
            color=COLORS["result"],
        )

    per_year = not math.isclose(float(row["target_annual"]), float(row["target_value"]))
    key = "chart_target_per_year" if per_year else "chart_target"
    target_label = text(key, lang).format(period=row["target_period"])
    if _nan(high):
        (line,) = ax.plot(
            [low, low], [-0.42, 0.42], color=COLORS["target"], linewidth=3, gid="target"
        )
        handles[target_label] = line
        target_text = bound_in(str(row["target_bound"]), low, None, scale, lang)
    else:
        ax.fill_betweenx(
            [-0.42, 0.42], low, high, color=COLORS["target"], alpha=0.45, gid="target", lw=0
        )
        handles[target_label] = Patch(color=COLORS["target"], alpha=0.45)
        target_text = bound_in("range", low, high, scale, lang)
    ax.annotate(
        target_text,
        (high if not _nan(high) else low, 0.42),
        xytext=(0, 2),
        textcoords="offset points",
        fontsize=8,
        ha="right" if _nan(high) else "center",
        va="bottom",
        color=COLORS["target"],
    )

    if not _nan(plan):
        (marker,) = ax.plot(
            [float(plan)],
            [0],
            marker="D",
            markersize=8,
            linestyle="none",
            markerfacecolor="white",
            markeredgecolor=COLORS["implied_plan"],
            markeredgewidth=1.5,
            gid="implied-plan",
        )
        handles[text("implied_annual_plan", lang)] = marker
    else:
        note = ax.set_title(
            text("chart_no_plan", lang), loc="right", fontsize=7, style="italic", color="#444444"
        )
        note.set_gid("no-plan")
        note.set_fontweight("normal")
    ax.set_title(str(row["name"]), loc="left", fontfamily=FONT)
    right = (high if not _nan(high) else biggest) if _nan(high) else high
    ax.set_xlim(0, max(biggest, right) * 1.12)
    ax.set_ylim(-0.62, 0.8)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    _style_value_axis(ax, unit, lang, biggest, text("level_axis", lang))
    return handles


# --- plan share --------------------------------------------------------------------------------


def plan_share_chart(progress: pd.DataFrame, lang: str = "vi") -> Figure:
    """Share of the annual plan reached, per indicator, against the linear benchmark.

    One horizontal bar per indicator with a reported share of plan (``gid="result"``), its value
    written at its end, and the benchmark from the ``benchmark`` column (25 % for a first quarter,
    from ``data/method.toml``): one dashed line when all rows share it, else a tick per bar
    (``gid="benchmark"``).
    """
    check_lang(lang)
    rows = progress[progress["result_share_of_plan"].notna()].reset_index(drop=True)
    n = max(len(rows), 1)
    fig = _new_figure(1.6 + 0.42 * n)
    periods = sorted({str(p) for p in rows.get("result_period", []) if p})
    title = text("plan_share_title", lang).format(period=", ".join(periods) or MISSING)
    with mpl.rc_context(STYLE):
        legend_ax, (ax,) = _legend_axes(fig, [n * 0.5])
        if rows.empty:
            _no_data(ax, lang)
            return _finish(fig, title, [], lang)
        y = list(range(n))[::-1]
        shares = [float(v) for v in rows["result_share_of_plan"]]
        bars = ax.barh(y, shares, height=0.6, color=COLORS["result"])
        for patch in bars.patches:
            patch.set_gid("result")
        for yi, share in zip(y, shares, strict=True):
            ax.annotate(
                fmt(share, "percent", lang),
                (share, yi),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        benchmarks = [float(b) for b in rows["benchmark"] if not _nan(b)]
        distinct = sorted(set(benchmarks))
        handles: list[object] = [bars.patches[0]]
        labels = [text("share_of_plan", lang)]
        if len(distinct) == 1:
            line = ax.axvline(
                distinct[0], color=COLORS["benchmark"], linestyle="--", lw=1.4, gid="benchmark"
            )
            handles.append(line)
            labels.append(
                text("benchmark_label", lang).format(value=fmt(distinct[0], "percent", lang))
            )
        elif distinct:
            for yi, b in zip(y, rows["benchmark"], strict=True):
                if not _nan(b):
                    ax.plot(
                        [b, b],
                        [yi - 0.4, yi + 0.4],
                        color=COLORS["benchmark"],
                        lw=2,
                        gid="benchmark",
                    )
            handles.append(Line2D([], [], color=COLORS["benchmark"], lw=2))
            labels.append(text("benchmark_label", lang).format(value=""))
        ax.set_yticks(y, list(rows["name"]), fontfamily=FONT)
        top = max([*shares, *benchmarks, 1.0]) * 1.15
        ax.set_xlim(0, top)
        _style_value_axis(ax, "percent", lang, top, text("plan_share_axis", lang))
        _legend(legend_ax, dict(zip(labels, handles, strict=True)))
    return _finish(fig, title, _sources(rows), lang)


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


def growth_chart(progress: pd.DataFrame, lang: str = "vi", include_levels: bool = True) -> Figure:
    """Observed growth against the growth required, per indicator.

    Two bars per indicator: the latest result's growth on the same period a year earlier
    (``gid="observed"``), and the growth required (``gid="required"``): the stated growth target
    (GRDP 9,65 % against at least 16 %, IIP 13,12 % against over 23 %) or, hatched and labelled as
    derived, the compound growth per year a level target needs. Stated growth targets come first.
    Values are written at the bars' ends; a zero line marks falls.
    """
    check_lang(lang)
    rows = growth_rows(progress, include_levels)
    n = max(len(rows), 1)
    fig = _new_figure(1.8 + 0.62 * n)
    title = text("growth_title", lang)
    with mpl.rc_context(STYLE):
        legend_ax, (ax,) = _legend_axes(fig, [n * 0.8])
        if rows.empty:
            _no_data(ax, lang)
            return _finish(fig, title, [], lang)
        y = [2 * i for i in range(n)][::-1]
        height = 0.7
        handles: dict[str, object] = {}
        periods = sorted({str(p) for p in rows["result_period"] if p})
        observed_label = text("chart_observed_growth", lang).format(period=", ".join(periods))
        values: list[float] = []
        for yi, (_, row) in zip(y, rows.iterrows(), strict=True):
            observed = float(row["observed_growth"])
            required = float(row["required_growth"])
            values += [observed, required]
            stated = row["target_measure"] == "growth"
            ob = ax.barh([yi + height / 2], [observed], height=height, color=COLORS["observed"])
            ob.patches[0].set_gid("observed")
            handles[observed_label] = ob.patches[0]
            rq = ax.barh(
                [yi - height / 2],
                [required],
                height=height,
                color=COLORS["required"],
                hatch=None if stated else "///",
                edgecolor="white" if stated else "#7a5200",
                linewidth=0,
            )
            rq.patches[0].set_gid("required")
            key = "chart_required_stated" if stated else "chart_required_derived"
            handles[text(key, lang)] = rq.patches[0]
            required_text = (
                fmt_bound(str(row["target_bound"]), required, None, "percent", lang)
                if stated
                else fmt(required, "percent", lang)
            )
            for value, yy, label_text in (
                (observed, yi + height / 2, fmt(observed, "percent", lang)),
                (required, yi - height / 2, required_text),
            ):
                ax.annotate(
                    label_text,
                    (max(value, 0.0), yy),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
        ax.axvline(0, color="#333333", lw=0.8)
        ax.set_yticks(y, list(rows["name"]), fontfamily=FONT)
        low = min([*values, 0.0])
        high = max([*values, 0.0])
        ax.set_xlim(low * 1.15 if low < 0 else 0, high * 1.25 if high > 0 else 1)
        _style_value_axis(ax, "percent", lang, high, text("growth_axis", lang))
        _legend(legend_ax, handles)
    return _finish(fig, title, _sources(rows), lang)


# --- one indicator -----------------------------------------------------------------------------


def _observation_label(row: pd.Series, lang: str) -> str:
    key = "chart_target" if row["kind"] == "target" else "chart_result"
    return text(key, lang).format(period=row["period"])


def indicator_chart(
    indicator: str,
    lang: str = "vi",
    progress: pd.DataFrame | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Figure:
    """One indicator's stated figures: a panel per measure (level, growth, share of plan, …).

    In each panel, one bar per observation: results in blue (``gid="result"``), targets in
    vermillion (``gid="target"``), a range drawn solid to its low end and lighter to its high end;
    each bar's value is written as the tables write it (``trên 1,5 triệu tỷ đồng``). The
    level panel adds, hatched grey (``gid="derived"``), the annual level the analytics compares
    and the target per year of a multi-year total, when :func:`hpdata.progress` has them. An
    indicator with no observation gets one panel saying so.

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
    panels: list[tuple[str, list[dict]]] = []
    for measure in [m for m in MEASURE_ORDER if (obs["measure"] == m).any()]:
        items = [
            {
                "label": _observation_label(row, lang),
                "kind": str(row["kind"]),
                "bound": str(row["bound"]),
                "value": float(row["value"]),
                "high": None if _nan(row["high"]) else float(row["high"]),
                "unit": str(row["unit"]),
            }
            for _, row in obs[obs["measure"] == measure].iterrows()
        ]
        if measure == "level" and prow is not None:
            items += _derived_level_items(prow, lang)
        panels.append((measure, items))
    sizes = [len(items) for _, items in panels] or [1]
    fig = _new_figure(1.5 + 0.75 * len(sizes) + 0.32 * sum(sizes))
    kinds = {it["kind"] for _, items in panels for it in items}
    with mpl.rc_context(STYLE):
        legend_ax, axes = _legend_axes(fig, [0.6 + 0.5 * k for k in sizes])
        if not panels:
            _no_data(axes[0], lang)
            unit = str(prow["unit"]) if prow is not None else "count"
            axes[0].set_title(f"{text('no_data', lang)} ({unit_label(unit, lang)})", loc="left")
        for ax, (measure, items) in zip(axes, panels, strict=False):
            _indicator_panel(ax, measure, items, lang)
        if panels and "result" not in kinds:
            note = axes[0].set_title(
                text("no_result", lang), loc="right", fontsize=8, style="italic", color="#444444"
            )
            note.set_gid("no-result")
            note.set_fontweight("normal")
        handles: dict[str, object] = {}
        for kind, key in (("target", "target"), ("result", "result"), ("derived", "derived")):
            if kind in kinds:
                handles[text(f"chart_kind_{key}", lang)] = Patch(
                    facecolor=_KIND_COLORS[kind],
                    hatch="///" if kind == "derived" else None,
                    edgecolor="white",
                )
        _legend(legend_ax, handles)
    title = f"{name}: {text('indicator_chart_title', lang)}"
    return _finish(fig, title, list(obs["source_id"].astype(str)), lang)


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
            words = text("chart_naive_short", lang).format(period=period, factor=_factor(period))
        else:
            words = text("implied_annual_plan", lang)
        items.append(
            {
                "label": words,
                "kind": "derived",
                "bound": "eq",
                "value": float(prow["annual_basis"]),
                "high": None,
                "unit": unit,
            }
        )
    if not _nan(prow["target_annual"]) and not math.isclose(
        float(prow["target_annual"]), float(prow["target_value"])
    ):
        low, high = _target_annual(prow)
        items.append(
            {
                "label": text("chart_target_per_year", lang).format(period=prow["target_period"]),
                "kind": "derived",
                "bound": "range" if not _nan(high) else str(prow["target_bound"]),
                "value": low,
                "high": None if _nan(high) else high,
                "unit": unit,
            }
        )
    return items


def _indicator_panel(ax: Axes, measure: str, items: list[dict], lang: str) -> None:
    """Draw one measure's bars, each labelled as :func:`hpdata.fmt` writes it (as in the tables)."""
    y = list(range(len(items)))[::-1]
    unit = items[0]["unit"]
    ends = [it["high"] if it["high"] is not None else it["value"] for it in items]
    biggest = max([abs(v) for v in ends] + [abs(it["value"]) for it in items] + [1e-9])
    for yi, it, end in zip(y, items, ends, strict=True):
        kind = it["kind"]
        color = _KIND_COLORS.get(kind, COLORS["derived"])
        hatch = "///" if kind == "derived" else None
        bars = ax.barh(
            [yi], [it["value"]], height=0.6, color=color, hatch=hatch, edgecolor="white", lw=0
        )
        bars.patches[0].set_gid(kind)
        if it["high"] is not None:
            ext = ax.barh(
                [yi],
                [it["high"] - it["value"]],
                left=[it["value"]],
                height=0.6,
                color=color,
                alpha=0.45,
                lw=0,
            )
            ext.patches[0].set_gid(kind)
        ax.annotate(
            fmt_bound(it["bound"], it["value"], it["high"], unit, lang),
            (max(end, 0.0), yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, [it["label"] for it in items], fontfamily=FONT)
    low = min([*ends, *(it["value"] for it in items), 0.0])
    ax.set_xlim(low * 1.25 if low < 0 else 0, max(max(ends), 0.0) * 1.4 or biggest * 0.3)
    ax.set_ylim(-0.6, len(items) - 0.4)
    if low < 0:
        ax.axvline(0, color="#333333", lw=0.8)
    quantity = label("measure", measure, lang)
    ax.set_title(quantity, loc="left", fontfamily=FONT)
    _style_value_axis(ax, unit, lang, biggest, quantity)


# --- output ------------------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def save_figure(
    fig: Figure, name: str, directory: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Write ``<name>.png`` and ``<name>.svg`` into ``$HPDATA_FIGURES_DIR`` (or ``directory``).

    Nothing is written when neither is set (an analyst exploring in JupyterLab). Each file is
    written to a temporary file in the same directory and renamed into place, so a crash never
    leaves half a figure. Neither file records the date or the software version. The PNG is the
    one :func:`show` displayed when the figure has not changed since; the SVG keeps its layout.

    Returns
    -------
    list of pathlib.Path
        The files written (empty when no directory is set).

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
    png = figure_png(fig)  # the PNG just shown, unless the figure has changed since

    def write_png(fh: BinaryIO) -> None:
        fh.write(png)

    def write_svg(fh: BinaryIO) -> None:
        # Keep the layout of the PNG: no second layout pass, and the same SVG for the same chart.
        engine, fresh = fig.get_layout_engine(), not fig.stale
        fig.set_layout_engine("none")
        try:
            with mpl.rc_context(STYLE):
                fig.savefig(fh, format="svg", metadata={"Date": None})
        finally:
            fig.set_layout_engine(engine)
            fig.stale = not fresh  # saving changed nothing that the PNG shows

    def _write_with(final: Path, write: Callable[[BinaryIO], None]) -> Path:
        with atomic_open(final) as fh:
            write(fh)
        return final

    return [
        _write_with(folder / f"{name}.png", write_png),
        _write_with(folder / f"{name}.svg", write_svg),
    ]


#: The last PNG rendered of each figure, reused while the figure is unchanged.
_RENDERED: weakref.WeakKeyDictionary[Figure, bytes] = weakref.WeakKeyDictionary()


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes at the report DPI.

    The bytes are kept with the figure and returned again while it is unchanged: saving leaves a
    figure marked stale only because it restores its own DPI and colours, so it is marked fresh
    here, and any later change to an artist marks it stale again (matplotlib's ``stale`` flag).
    """
    cached = _RENDERED.get(fig)
    if cached is not None and not fig.stale:
        return cached
    buffer = io.BytesIO()
    with mpl.rc_context(STYLE):
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    data = buffer.getvalue()
    fig.stale = False
    _RENDERED[fig] = data
    return data


def show(fig: Figure) -> None:
    """Display the figure in a notebook as an embedded PNG, whatever matplotlib backend is set.

    The figure is built without pyplot, so it is shown explicitly, once, and never left open.
    """
    from IPython.display import Image, display

    display(Image(data=figure_png(fig), format="png"))
