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

import hashlib
import html
import io
import math
import os
import re
import textwrap
import weakref
from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory

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
from ..atomic import atomic_open
from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import label, method, observations
from ..params import check_indicator
from ..periods import parse_period, period_text
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
    "svg.fonttype": "none",
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
    scale = pick_scale(value, unit, lang)
    words = " ".join(scale.template.replace("{n}", " ").split())
    return words or text(f"unit_{unit}", lang)


def axis_label(quantity: str, unit: str, lang: str = "vi", value: float = 0.0) -> str:
    """An axis label naming the quantity and its unit: ``Mức cả năm (nghìn tỷ đồng)``."""
    return f"{quantity} ({unit_label(unit, lang, value)})"


def tick_formatter(scale: Scale, lang: str = "vi") -> FuncFormatter:
    """Tick labels in the scale's unit with the locale's marks (``96,2`` in vi, ``96.2`` in en)."""
    return FuncFormatter(lambda v, _pos: number(v / scale.divisor, lang, 2))


def _style_value_axis(ax: Axes, unit: str, lang: str, biggest: float, quantity: str) -> None:
    """Ticks and the axis label in the scale of the biggest value drawn."""
    scale = pick_scale(biggest, unit, lang)
    ax.xaxis.set_major_formatter(tick_formatter(scale, lang))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=unit == "count"))
    ax.set_xlabel(f"{quantity} ({unit_label(unit, lang, biggest)})")
    ax.tick_params(labelfontfamily=FONT)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _new_figure(height: float) -> Figure:
    with mpl.rc_context(STYLE):
        return Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")


def _finish(
    fig: Figure, title: str, sources: Iterable[str], lang: str, said: Iterable[str] = ()
) -> Figure:
    """Add the title on top and the source line at the bottom left (both placed by the layout),
    and record the alt text: the title and what the chart ``said`` (its figures, in words)."""
    set_alt(fig, title, said, lang)
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


#: Two legend labels longer than this together (in characters) go in one column, not two.
LEGEND_TWO_COLUMNS = 100


def _legend(ax: Axes, handles: dict[str, object]) -> None:
    """The legend in the thin top row, centred on the figure (not on the plot area, which long
    tick labels push right), in two columns unless two long labels would not fit side by side."""
    if handles:
        longest = sorted((len(k) for k in handles), reverse=True)[:2]
        ax.legend(
            list(handles.values()),
            list(handles.keys()),
            loc="center",
            bbox_to_anchor=(0.5, 0.5),
            bbox_transform=blended_transform_factory(ax.figure.transFigure, ax.transAxes),
            ncols=2 if sum(longest) <= LEGEND_TWO_COLUMNS else 1,
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


def _period(code: object, lang: str) -> str:
    """A period code as readers write it (``quý 1/2023``), or ``–`` when there is none."""
    return period_text(str(code), lang) if isinstance(code, str) and code else MISSING


def _factor(period_code: str, lang: str = "vi") -> str:
    """The naive run rate's multiplier for a part-year period: ``4`` for a quarter."""
    factor = 1.0 / parse_period(period_code).years
    return str(round(factor)) if abs(factor - round(factor)) < 1e-9 else number(factor, lang, 2)


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
        said: list[str] = []
        for ax, (_, row) in zip(axes, rows.iterrows(), strict=False):
            figures: list[str] = []
            handles.update(_bullet_panel(ax, row, lang, figures))
            said.append(f"{row['name']}: {', '.join(figures)}")
        _legend(legend_ax, handles)
    return _finish(fig, text("bullet_title", lang), _sources(rows), lang, said)


def _bullet_panel(ax: Axes, row: pd.Series, lang: str, said: list[str]) -> dict[str, object]:
    """One indicator's bullet; each drawn figure is also appended to ``said`` in words."""
    unit = str(row["unit"])
    basis = float(row["annual_basis"])
    level = row["result_level"]
    plan = row["implied_annual_plan"]
    low, high = _target_annual(row)
    biggest = max(v for v in (basis, level, plan, low, high) if not _nan(v))
    scale = pick_scale(biggest, unit, lang)
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
    said.append(f"{_basis_label(row, lang)} {fmt_in(basis, scale, lang)}")
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
        result_label = text("chart_result", lang).format(period=_period(row["result_period"], lang))
        handles[result_label] = inner.patches[0]
        said.append(f"{result_label} {fmt_in(float(level), scale, lang)}")
        ax.annotate(
            fmt_in(float(level), scale, lang),
            (float(level), -0.31),  # below the basis bar, not over it
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=8,
            va="top",
            color=COLORS["result"],
        )

    per_year = not math.isclose(float(row["target_annual"]), float(row["target_value"]))
    key = "chart_target_per_year" if per_year else "chart_target"
    target_label = text(key, lang).format(period=_period(row["target_period"], lang))
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
    said.append(f"{target_label} {target_text}")
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
        said.append(f"{text('implied_annual_plan', lang)} {fmt_in(float(plan), scale, lang)}")
    else:
        note = ax.set_title(
            text("chart_no_plan", lang), loc="right", fontsize=7, style="italic", color="#444444"
        )
        note.set_gid("no-plan")
        note.set_fontweight("normal")
        said.append(text("chart_no_plan", lang))
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
    rows = progress[progress["result_share_of_plan"].notna()]
    # one bar per indicator and result, however many targets it is compared with
    rows = rows.drop_duplicates(["indicator", "result_period", "result_share_of_plan"])
    rows = rows.reset_index(drop=True)
    n = max(len(rows), 1)
    fig = _new_figure(1.6 + 0.42 * n)
    periods = sorted({str(p) for p in rows.get("result_period", []) if p})
    words = ", ".join(period_text(p, lang) for p in periods)
    title = text("plan_share_title", lang).format(period=words or MISSING)
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
            labels.append(text("benchmark_label", lang).format(value="").strip())
        said = [
            f"{name}: {fmt(v, 'percent', lang)}"
            for name, v in zip(rows["name"], shares, strict=True)
        ]
        said += [
            text("benchmark_label", lang).format(value=fmt(b, "percent", lang)) for b in distinct
        ]
        ax.set_yticks(y, list(rows["name"]), fontfamily=FONT)
        top = max([*shares, *benchmarks, 1.0]) * 1.15
        ax.set_xlim(0, top)
        _style_value_axis(ax, "percent", lang, top, text("plan_share_axis", lang))
        _legend(legend_ax, dict(zip(labels, handles, strict=True)))
    return _finish(fig, title, _sources(rows), lang, said)


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
        words = ", ".join(period_text(p, lang) for p in periods)
        observed_label = text("chart_observed_growth", lang).format(period=words)
        values: list[float] = []
        said: list[str] = []
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
            said.append(
                f"{row['name']}: {observed_label} {fmt(observed, 'percent', lang)}, "
                f"{text(key, lang)} {required_text}"
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
    return _finish(fig, title, _sources(rows), lang, said)


# --- one indicator -----------------------------------------------------------------------------


def _observation_label(row: pd.Series, lang: str) -> str:
    key = "chart_target" if row["kind"] == "target" else "chart_result"
    return text(key, lang).format(period=_period(row["period"], lang))


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
    panels = _indicator_panels(obs, prow, lang, data_dir)
    sizes = [len(panel["items"]) for panel in panels] or [1]
    fig = _new_figure(1.5 + 0.75 * len(sizes) + 0.32 * sum(sizes))
    kinds = {it["kind"] for panel in panels for it in panel["items"]}
    said: list[str] = []
    with mpl.rc_context(STYLE):
        legend_ax, axes = _legend_axes(fig, [0.6 + 0.5 * k for k in sizes])
        if not panels:
            _no_data(axes[0], lang)
            unit = str(prow["unit"]) if prow is not None else "count"
            axes[0].set_title(f"{text('no_data', lang)} ({unit_label(unit, lang)})", loc="left")
        for ax, panel in zip(axes, panels, strict=False):
            said.append(_indicator_panel(ax, panel, lang))
        if panels and "result" not in kinds:
            note = axes[0].set_title(
                text("no_result", lang), loc="right", fontsize=8, style="italic", color="#444444"
            )
            note.set_gid("no-result")
            note.set_fontweight("normal")
            said.append(text("no_result", lang))
        _legend(legend_ax, _kind_handles(kinds, lang))
    title = f"{name}: {text('indicator_chart_title', lang)}"
    return _finish(fig, title, list(obs["source_id"].astype(str)), lang, said)


def _kind_handles(kinds: set[str], lang: str) -> dict[str, object]:
    """Legend entries for the kinds of bar drawn: target, result, derived."""
    handles: dict[str, object] = {}
    for kind in ("target", "result", "derived"):
        if kind in kinds:
            handles[text(f"chart_kind_{kind}", lang)] = Patch(
                facecolor=_KIND_COLORS[kind],
                hatch="///" if kind == "derived" else None,
                edgecolor="white",
            )
    return handles


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
            refs = _references(measure, rows, lang, data_dir)
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


def _references(measure: str, rows: pd.DataFrame, lang: str, data_dir: object) -> list[dict]:
    """Reference lines of a panel: the linear benchmark for a share of plan, 100 % for a share
    of the same period a year earlier."""
    if measure == "share_of_prior":
        return [{"value": 100.0, "label": text("chart_reference_prior", lang), "gid": "reference"}]
    if measure != "share_of_plan":
        return []
    table = method(data_dir).get("linear_benchmark", {})
    periods = sorted({str(p) for p in rows.loc[rows["kind"] == "result", "period"]})
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


def _indicator_panel(ax: Axes, panel: dict, lang: str) -> str:
    """Draw one panel's bars and reference lines, every value in the axis's one scale.

    Returns what the panel shows, in words, for the alt text.
    """
    items = panel["items"]
    y = list(range(len(items)))[::-1]
    unit = items[0]["unit"]
    ends = [it["high"] if it["high"] is not None else it["value"] for it in items]
    refs = [r["value"] for r in panel["refs"]]
    biggest = max([abs(v) for v in ends] + [abs(it["value"]) for it in items] + [1e-9])
    scale = shared_scale([*ends, *(it["value"] for it in items)], unit, lang)
    said = []
    for yi, it, end in zip(y, items, ends, strict=True):
        _indicator_bar(ax, yi, it)
        words = bound_in(it["bound"], it["value"], it["high"], scale, lang)
        said.append(f"{it['label']} {words}")
        ax.annotate(
            words,
            (max(end, 0.0), yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, [it["label"] for it in items], fontfamily=FONT)
    low = min([*ends, *(it["value"] for it in items), 0.0])
    high = max([*ends, *refs, 0.0])
    ax.set_xlim(low * 1.25 if low < 0 else 0, high * 1.4 or biggest * 0.3)
    ax.set_ylim(-0.6, len(items) - 0.4)
    if low < 0:
        ax.axvline(0, color="#333333", lw=0.8)
    for ref in panel["refs"]:
        _reference_line(ax, ref)
        said.append(ref["label"])
    ax.set_title(panel["title"], loc="left", fontfamily=FONT)
    _style_value_axis(ax, unit, lang, biggest, label("measure", panel["measure"], lang))
    return f"{panel['title']}: {', '.join(said)}"


def _indicator_bar(ax: Axes, yi: float, it: dict) -> None:
    """One bar: solid to the value, lighter from there to the high end of a range."""
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


def _reference_line(ax: Axes, ref: dict) -> None:
    """A dashed vertical line at a reference value, labelled at its top."""
    ax.axvline(ref["value"], color=COLORS["benchmark"], linestyle="--", lw=1.2, gid=ref["gid"])
    ax.annotate(
        ref["label"],
        (ref["value"], 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(3, -2),
        textcoords="offset points",
        va="top",
        fontsize=7,
        color=COLORS["benchmark"],
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
) -> Figure:
    """One indicator over time: a panel per measure, results as points, targets as lines or bands.

    On a time axis in years, each result is a point at the end of its period with a thin bar over
    the period it covers (a quarter is a quarter wide); official figures are solid
    (``gid="result"``), estimates hollow (``gid="estimate"``), and a figure a later source revised
    is drawn grey with a dotted line to the revising figure (``gid="revised"``). Each target is a
    line over its period (``gid="target"``), a band for a range; a cumulative level target over a
    span of years is drawn per year. Every point and target carries its value in the axis's
    scale. The benchmark of share-of-plan panels and 100 % of share-of-prior panels are drawn as
    on :func:`indicator_chart`. One point is one point: the axes are padded around it.

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
    measures = [m for m in MEASURE_ORDER if (frame["measure"] == m).any()]
    fig = _new_figure(1.5 + 2.1 * max(len(measures), 1))
    title = f"{name}: {text('trajectory_title', lang)}"
    said: list[str] = []
    kinds: set[str] = set()
    with mpl.rc_context(STYLE):
        legend_ax, axes = _legend_axes(fig, [1.0] * max(len(measures), 1))
        if not measures:
            _no_data(axes[0], lang)
        span = _time_span(frame)
        for ax, measure in zip(axes, measures, strict=False):
            rows = frame[frame["measure"] == measure]
            said.append(_trajectory_panel(ax, measure, rows, span, lang, kinds, data_dir))
        _legend(legend_ax, _trajectory_handles(kinds, lang))
    return _finish(fig, title, list(frame["source_id"].astype(str)), lang, said)


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
    ax: Axes,
    measure: str,
    rows: pd.DataFrame,
    span: tuple[float, float],
    lang: str,
    kinds: set[str],
    data_dir: object,
) -> str:
    """Draw one measure's targets and results over time; return what it shows, in words."""
    unit = str(rows["unit"].iloc[0])
    targets = [_target_item(r, lang) for _, r in rows[rows["kind"] == "target"].iterrows()]
    results = rows[rows["kind"] == "result"]
    values = [*results["value"], *(t["low"] for t in targets), *(t["high"] for t in targets)]
    scale = shared_scale(values, unit, lang)
    said = [_draw_target(ax, t, scale, lang) for t in targets]
    kinds.update("target" for _ in targets)
    for _, row in results.iterrows():
        said.append(_draw_result(ax, row, results, scale, lang, kinds))
    refs = _references(measure, results, lang, data_dir)
    for ref in refs:
        ax.axhline(ref["value"], color=COLORS["benchmark"], linestyle="--", lw=1.0, gid=ref["gid"])
        ax.annotate(ref["label"], (0.0, ref["value"]), xycoords=("axes fraction", "data"),
                    xytext=(3, 2), textcoords="offset points", fontsize=7)  # fmt: skip
        said.append(ref["label"])
    _style_time_axes(ax, span, [*values, *(r["value"] for r in refs)], unit, measure, lang)
    return f"{label('measure', measure, lang)}: {', '.join(said)}"


def _target_item(row: pd.Series, lang: str) -> dict:
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


def _draw_target(ax: Axes, t: dict, scale: Scale, lang: str) -> str:
    """A target as a thick line over its period, or a band for a range; labelled above."""
    if t["high"] is None:
        ax.plot([t["start"], t["end"]], [t["low"], t["low"]], color=COLORS["target"], lw=3,
                solid_capstyle="butt", gid="target")  # fmt: skip
        top = t["low"]
    else:
        ax.fill_between([t["start"], t["end"]], t["low"], t["high"], color=COLORS["target"],
                        alpha=0.45, lw=0, gid="target")  # fmt: skip
        top = t["high"]
    words = bound_in(t["bound"], t["low"], t["high"], scale, lang)
    ax.annotate(words, ((t["start"] + t["end"]) / 2, top), xytext=(0, 3),
                textcoords="offset points", ha="center", va="bottom", fontsize=8,
                color=COLORS["target"])  # fmt: skip
    return f"{t['label']} {words}"


def _draw_result(
    ax: Axes, row: pd.Series, results: pd.DataFrame, scale: Scale, lang: str, kinds: set[str]
) -> str:
    """A result: a point at its period's end over a thin bar covering the period."""
    start, end, value = float(row["start"]), float(row["end"]), float(row["value"])
    revised = bool(row["revised_by"])
    estimate = bool(row["is_estimate"])
    kind = "revised" if revised else "estimate" if estimate else "result"
    kinds.add(kind)
    color = COLORS["derived"] if revised else COLORS["result"]
    ax.plot([start, end], [value, value], color=color, lw=1.2, alpha=0.6)
    ax.plot([end], [value], marker="o", markersize=7, linestyle="none", color=color,
            markerfacecolor="white" if estimate or revised else color,
            markeredgewidth=1.6, gid=kind)  # fmt: skip
    if revised:
        later = results[
            (results["period"] == row["period"]) & (results["source_id"] == row["revised_by"])
        ]
        if len(later):
            ax.plot([end, end], [value, float(later["value"].iloc[0])], color=color, lw=1,
                    linestyle=":")  # fmt: skip
    words = fmt_in(value, scale, lang)
    ax.annotate(words, (end, value), xytext=(5, 0), textcoords="offset points", va="center",
                fontsize=8, color=color)  # fmt: skip
    period = period_text(str(row["period"]), lang)
    status = {"estimate": text("chart_estimate", lang), "revised": text("chart_revised", lang)}
    extra = f" ({status[kind]})" if kind in status else ""
    return f"{text('chart_result', lang).format(period=period)} {words}{extra}"


def _style_time_axes(
    ax: Axes, span: tuple[float, float], values: list[float], unit: str, measure: str, lang: str
) -> None:
    """Years on the time axis (named mid-year, ticked at their boundaries); the value axis from
    zero (or below it) to past the largest value, in one scale, with integer ticks for counts."""
    ax.set_xlim(*span)
    years = range(math.floor(span[0]), math.ceil(span[1]))
    ax.set_xticks([y for y in years if span[0] <= y <= span[1]], [])  # year boundaries
    middles = [y + 0.5 for y in years if span[0] <= y + 0.5 <= span[1]]
    ax.set_xticks(middles, [str(math.floor(m)) for m in middles], minor=True)  # years named
    ax.tick_params(axis="x", which="minor", length=0)
    finite = [float(v) for v in values if not _nan(v)] or [0.0]
    low, high = min([*finite, 0.0]), max([*finite, 0.0])
    pad = (high - low) * 0.2 or 1.0
    ax.set_ylim(low - (pad if low < 0 else 0), high + pad)
    if low < 0:
        ax.axhline(0, color="#333333", lw=0.8)
    scale = shared_scale(finite, unit, lang)
    ax.yaxis.set_major_formatter(tick_formatter(scale, lang))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=unit == "count"))
    quantity = label("measure", measure, lang)
    ax.set_ylabel(f"{quantity}\n({unit_label(unit, lang, max(abs(v) for v in finite))})")
    ax.set_title(quantity, loc="left", fontfamily=FONT)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _trajectory_handles(kinds: set[str], lang: str) -> dict[str, object]:
    """Legend entries for what was drawn: official, estimate, revised, target."""
    handles: dict[str, object] = {}
    marker = {"marker": "o", "markersize": 7, "linestyle": "none", "markeredgewidth": 1.6}
    if "result" in kinds:
        handles[text("chart_official", lang)] = Line2D([], [], color=COLORS["result"], **marker)
    if "estimate" in kinds:
        handles[text("chart_estimate", lang)] = Line2D(
            [], [], color=COLORS["result"], markerfacecolor="white", **marker
        )
    if "revised" in kinds:
        handles[text("chart_revised", lang)] = Line2D(
            [], [], color=COLORS["derived"], markerfacecolor="white", **marker
        )
    if "target" in kinds:
        handles[text("chart_kind_target", lang)] = Line2D([], [], color=COLORS["target"], lw=3)
    return handles


# --- output ------------------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: How wide a chart is drawn on a page at most, in CSS pixels (it shrinks with a narrower page).
MAX_WIDTH_PX = round(WIDTH * 96)
#: The alt text of each chart, set by the function that drew it.
_ALT: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()
#: The last SVG rendered of each figure, reused while the figure is unchanged.
_RENDERED: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()


def set_alt(fig: Figure, title: str, items: Iterable[str], lang: str) -> Figure:
    """Record what the chart shows, with its numbers, as its alt text (``chart_alt`` template)."""
    listed = "; ".join(i for i in items if i) or text("no_data", lang)
    _ALT[fig] = text("chart_alt", lang).format(title=title, items=listed)
    return fig


def alt_text(fig: Figure) -> str:
    """The chart's alt text: what it shows, with the numbers (its title when none was set)."""
    if fig in _ALT:
        return _ALT[fig]
    title = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    return title or " "


def save_figure(
    fig: Figure, name: str, directory: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Write ``<name>.svg`` into ``$HPDATA_FIGURES_DIR`` (or ``directory``).

    The file is the very SVG :func:`show` embeds in the page (drawn once, text kept as text), so
    the page and ``reports/figures/`` hold one format. Nothing is written when neither is set (an
    analyst exploring in JupyterLab). The file is written to a temporary file in the same
    directory and renamed into place, so a crash never leaves half a figure; it records neither
    the date nor the software version.

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
        fh.write(figure_svg(fig).encode("utf-8"))
    return [final]


def figure_svg(fig: Figure) -> str:
    """The figure as accessible inline SVG markup, kept with the figure while it is unchanged.

    Text stays text in DejaVu Sans with a ``sans-serif`` fallback (``svg.fonttype`` ``none``: no
    glyph outlines, so the file stays small); the root ``<svg>`` has ``role="img"``, an
    ``aria-label`` and a ``<title>`` with :func:`alt_text`, scales to the page width (at most
    :data:`MAX_WIDTH_PX`), and its ids are prefixed so that several charts can share a page.
    Saving leaves a figure marked stale only because it restores its own state, so it is marked
    fresh here, and any later change to an artist marks it stale again.
    """
    cached = _RENDERED.get(fig)
    if cached is not None and not fig.stale:
        return cached
    buffer = io.StringIO()
    with mpl.rc_context(STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    fig.stale = False
    markup = accessible_svg(buffer.getvalue(), alt_text(fig))
    _RENDERED[fig] = markup
    return markup


def accessible_svg(raw: str, alt: str) -> str:
    """Matplotlib's SVG made fit to inline in a page (see :func:`figure_svg`).

    Drops the XML prolog and the RDF metadata, prefixes every ``id`` (and the references to it)
    with a prefix made from the content, scopes the ``*`` stylesheet to this chart, and adds
    ``role``, ``aria-label``, ``<title>`` and a width that follows the page.
    """
    body = raw[raw.index("<svg") :]
    body = re.sub(r"\s*<metadata>.*?</metadata>", "", body, flags=re.S)
    prefix = "chart-" + hashlib.sha1(body.encode("utf-8")).hexdigest()[:10]
    body = _prefix_ids(body, prefix)
    body = body.replace('<style type="text/css">*{', f'<style type="text/css">#{prefix} *{{', 1)
    label = html.escape(alt, quote=True)
    root = re.match(r"<svg\b[^>]*>", body)
    assert root is not None  # matplotlib always writes one root element
    attrs = re.sub(r'\s(?:width|height)="[^"]*"', "", root.group(0)[len("<svg") : -1])
    style = f"width: 100%; max-width: {MAX_WIDTH_PX}px; height: auto"
    head = (
        f'<svg id="{prefix}" class="hpdata-chart" role="img" aria-label="{label}"{attrs}'
        f' style="{style}">\n <title>{html.escape(alt, quote=False)}</title>'
    )
    return head + body[root.end() :]


def _prefix_ids(body: str, prefix: str) -> str:
    """Give every ``id`` a page-unique name, and point ``url(#…)`` and ``href="#…"`` at it."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}

    def rename(match: re.Match[str]) -> str:
        old = match.group(1)
        counts[old] = counts.get(old, 0) + 1
        new = f"{prefix}-{old}" if counts[old] == 1 else f"{prefix}-{old}-{counts[old]}"
        names.setdefault(old, new)
        return f' id="{new}"'

    body = re.sub(r' id="([^"]+)"', rename, body)
    body = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{names.get(m.group(1), m.group(1))})", body)
    return re.sub(
        r'href="#([^"]+)"', lambda m: f'href="#{names.get(m.group(1), m.group(1))}"', body
    )


def show(fig: Figure) -> None:
    """Display the figure in a notebook as inline SVG (:func:`figure_svg`), whatever the backend.

    The figure is built without pyplot, so it is shown explicitly, once, and never left open. The
    output is HTML (the page embeds the ``<svg>`` element itself, with its alt text), with the alt
    text as its plain-text form.
    """
    from IPython.display import display

    display({"text/html": figure_svg(fig), "text/plain": alt_text(fig)}, raw=True)
