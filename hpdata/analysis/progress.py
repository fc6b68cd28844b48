"""Progress analytics: derived figures and a status per indicator, after Open SDG's method.

Each derived figure is a small function whose docstring states its formula
(:mod:`hpdata.analysis.formulas`, re-exported here); each way of judging a target is in
:mod:`hpdata.analysis.judges`. :func:`progress` puts them together into one row per (indicator, target), plus one per indicator with results but
no target. Percentages are in percent (9.65 means 9.65 %).

The status follows Open SDG's progress measure (sdg-build ``ProgressMeasure``): the ratio of the
observed growth to the growth required to reach the target, against thresholds (``high`` 0.95,
``med`` 0.6, ``low`` 0 by default, set in ``data/method.toml``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..areas import absorbed, area_name, boundary_change
from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import data_state, indicators, label, method
from ..numberstyle import fmt
from ..periods import Period, parse_period, period_text
from . import store
from .formulas import (  # noqa: F401  (re-exported: the method's formulas, as before)
    DEFAULT_PLAN_PACE,
    DEFAULT_THRESHOLDS,
    NAN,
    PLAN_STATUSES,
    STATUSES,
    _missing,
    classify,
    growth_from_share_of_prior,
    growth_ratio,
    implied_annual_plan,
    implied_prior_level_from_growth,
    implied_prior_level_from_share,
    naive_run_rate,
    pace,
    plan_gap,
    plan_pace_status,
    required_annual_growth,
    target_met,
)
from .judges import (
    Caveat,
    fill_projection,
    fill_target,
    finish,
    judge_final,
    judge_no_result,
    judge_span,
    judge_trend,
    judge_within_year,
)
from .series import annotated, area_rows, change_year, decimal_year, latest
from .spans import annual_values, span_kind

# --- putting it together ---------------------------------------------------------------------

PROGRESS_COLUMNS = [
    "indicator", "name", "unit", "higher_is_better",
    "target_source", "target_period", "target_measure", "target_bound", "target_value",
    "target_high", "target_comparison", "target_quote",
    "result_source", "result_period", "result_level", "result_growth", "result_share_of_plan",
    "result_share_of_prior", "result_share",
    "implied_annual_plan", "implied_prior_level", "benchmark", "pace", "plan_gap", "naive_run_rate",
    "annual_basis", "annual_basis_kind", "target_annual", "years_left",
    "observed_growth", "required_growth", "progress_ratio",
    "status", "status_label", "plan_status", "plan_status_label", "caveat",
    "basis", "share_of_target", "target_gap", "result_is_estimate", "result_revises",
    "result_revised_from",
    "area", "plan", "target_revises", "target_revised_from", "verdict", "verdict_reason", "qualified", "result_is_projection",
    "projection_source", "projection_period", "projection_value",
    "span_kind", "span_years", "span_results", "span_missing", "span_value", "span_needed",
    "boundary_change", "boundary_absorbed", "caveat_codes",
]  # fmt: skip
#: A target's verdict (the ``verdict`` column): ``met`` or ``missed`` when its period has ended
#: and the result for it is known (``qualified`` when a year of a span is missing),
#: ``not_assessable`` when it has ended without one (``verdict_reason`` says why), ``pending``
#: while the period runs; empty for a row without a target.
VERDICTS = ("met", "missed", "not_assessable", "pending")
#: Why a verdict is not assessable or qualified (``verdict_reason``).
VERDICT_REASONS = ("no_result", "projection_only", "missing_years")

#: How a target row is judged (the ``basis`` column): against the trend of an earlier result
#: (Open SDG's ratio), within the target's own year (share of the target against the linear
#: benchmark), or finally, on the result for the target's own period; ``plan`` for an indicator
#: with no target (its plan pace), ``none`` when nothing can be compared.
BASES = ("trend", "within_year", "span", "final", "plan", "none")
#: Measures that can answer a target of each measure.
COMPARABLE = {
    "growth": ("growth", "share_of_prior"),
    "level": ("level", "share_of_plan"),
    "share": ("share",),
}


def _benchmark(period: Period | None, settings: Mapping[str, Any]) -> float:
    if period is None:
        return NAN
    table = settings.get("linear_benchmark", {})
    # a single month or a quarter alone is not cumulative: its own benchmark (a twelfth, a
    # quarter), never the cumulative share due by its end (Q2 is not the first half)
    key = {"month": "M", "quarter": "Q"}.get(period.kind, period.benchmark_key)
    value = table.get(key, table.get("Q1") if key == "Q" else None)
    return float(value) if isinstance(value, int | float) else NAN


def latest_period(results: pd.DataFrame) -> pd.DataFrame:
    """The rows of the latest result period: the latest end, and of those the longest period
    (a year before its fourth quarter, nine months before the third quarter)."""
    if results.empty:
        return results
    ends = [parse_period(str(p)) for p in results["period"]]
    best = max(ends, key=lambda p: (round(p.end, 9), -p.start))
    return results[results["period"] == best.code]


def _actual(results: pd.DataFrame) -> pd.DataFrame:
    """The results that are not projections (:func:`hpdata.analysis.series.is_projection`)."""
    if "is_projection" not in results:
        return results
    return results[~results["is_projection"].astype(bool)]


def _projections(results: pd.DataFrame) -> pd.DataFrame:
    if "is_projection" not in results:
        return results.iloc[0:0]
    return results[results["is_projection"].astype(bool)]


def comparable_results(
    results: pd.DataFrame, target: Mapping[str, Any], now: float
) -> tuple[pd.DataFrame, str]:
    """The results a target is judged on, and the basis (see :data:`BASES`).

    A target whose period has ended by ``now`` (the end of ``as_of``, or of the latest result
    period that is not a projection) is judged only on a result for its own period (``final``),
    never extrapolated and never on a projection (a figure published before its period ended).
    Else the latest period with a comparable measure (:data:`COMPARABLE`), projections only when
    no other figure is comparable; a level target for one year compared with a part of that
    year is judged ``within_year``.
    """
    tperiod = parse_period(str(target["period"]))
    if tperiod.end <= now + 1e-9:
        own = _actual(results[results["period"] == tperiod.code])
        return own, ("final" if len(own) else "none")
    measures = COMPARABLE.get(str(target["measure"]), ())
    usable = results[results["measure"].astype(str).isin(measures)]
    period_rows = latest_period(_actual(usable))
    if period_rows.empty:
        period_rows = latest_period(usable)
    if period_rows.empty:
        return period_rows, "none"
    rows = results[results["period"] == period_rows["period"].iloc[0]]
    if "is_projection" in rows:
        rows = rows[rows["is_projection"] == bool(period_rows["is_projection"].iloc[0])]
    period = parse_period(str(rows["period"].iloc[0]))
    same_year = tperiod.kind == "year" and period.is_part_of_year and period.year == tperiod.year
    within = same_year and str(target["measure"]) == "level"
    return rows, ("within_year" if within else "trend")


def span_results(
    results: pd.DataFrame, target: Mapping[str, Any], now: float, kind: str
) -> tuple[pd.DataFrame, dict[int, float]]:
    """A span target's annual results: the rows of the latest year of the span with one (ended
    by ``now``, not a projection), and every year's value (:func:`annual_values`)."""
    tperiod = parse_period(str(target["period"]))
    actual = _actual(results)
    ended = actual[actual["end"] <= now + 1e-9] if "end" in actual else actual
    values = annual_values(ended, tperiod, kind)
    if not values:
        return results.iloc[0:0], values
    return ended[ended["period"] == str(max(values))], values


def _empty_row(indicator: Mapping[str, Any], lang: str) -> dict[str, Any]:
    row: dict[str, Any] = {c: NAN for c in PROGRESS_COLUMNS}
    row.update(
        indicator=indicator["indicator"],
        name=indicator.get("name_en" if lang == "en" else "name_vi", indicator["indicator"]),
        unit=str(indicator.get("unit", "")),
        higher_is_better=bool(indicator.get("higher_is_better", True)),
        annual_basis_kind="",
        caveat="",
        basis="none",
        result_is_estimate=False,
        result_revises="",
        result_is_projection=False,
        qualified=False,
    )
    for key in ("area", "plan", "target_revises", "verdict", "verdict_reason", "projection_source",
                "projection_period", "span_kind", "span_missing", "boundary_change",
                "boundary_absorbed", "caveat_codes"):  # fmt: skip
        row[key] = ""
    for key in ("target_source", "target_period", "target_measure", "target_bound"):
        row[key] = ""
    row.update(target_comparison="", target_quote="", result_source="", result_period="")
    return row


def _result_figures(
    row: dict[str, Any], results: pd.DataFrame, settings: Mapping[str, Any]
) -> Period:
    """Fill the result columns and the figures derived from them; return the result's period.

    The level, growth and shares of the period (the first row of each measure); the implied
    annual plan and prior level; the benchmark, pace, plan gap and plan status; the naive run
    rate; and the annual basis (implied plan, else naive run rate, else a full year's level).
    """
    first = results.iloc[0]
    period = parse_period(str(first["period"]))
    values = dict(zip(results["measure"].astype(str)[::-1], results["value"][::-1], strict=True))
    level, growth = values.get("level", NAN), values.get("growth", NAN)
    share_of_plan = values.get("share_of_plan", NAN)
    share_of_prior = values.get("share_of_prior", NAN)
    row.update(
        result_source=str(first["source_id"]),
        result_period=period.code,
        result_level=level,
        result_growth=growth,
        result_share_of_plan=share_of_plan,
        result_share_of_prior=share_of_prior,
        result_share=values.get("share", NAN),
    )
    if "is_estimate" in results:
        row["result_is_estimate"] = bool(results["is_estimate"].any())
    if "is_projection" in results:
        row["result_is_projection"] = bool(results["is_projection"].any())
    row["implied_annual_plan"] = implied_annual_plan(level, share_of_plan)
    prior = implied_prior_level_from_growth(level, growth)
    if _missing(prior):
        prior = implied_prior_level_from_share(level, share_of_prior)
    row["implied_prior_level"] = prior
    row["observed_growth"] = (
        growth if not _missing(growth) else growth_from_share_of_prior(share_of_prior)
    )
    row["benchmark"] = _benchmark(period, settings)
    row["pace"] = pace(share_of_plan, row["benchmark"])
    row["plan_gap"] = plan_gap(share_of_plan, row["benchmark"])
    row["plan_status"] = plan_pace_status(share_of_plan, row["pace"], settings.get("plan_pace", {}))
    row["naive_run_rate"] = naive_run_rate(level, period) if period.is_part_of_year else NAN
    if not _missing(row["implied_annual_plan"]):
        row["annual_basis"], row["annual_basis_kind"] = row["implied_annual_plan"], "implied_plan"
    elif not _missing(row["naive_run_rate"]):
        row["annual_basis"], row["annual_basis_kind"] = row["naive_run_rate"], "naive_run_rate"
    elif not _missing(level) and not period.is_part_of_year:
        row["annual_basis"], row["annual_basis_kind"] = level, "result"
    return period


def _revision_caveat(
    row: dict[str, Any], results: pd.DataFrame, words: Any, lang: str, data_dir: Any = None
) -> None:
    """Say that the result revises an earlier figure, and by how much (the first revised row)."""
    if "revises" not in results or "revised_from" not in results:
        return
    revised = results[results["revises"].astype(str) != ""]
    if revised.empty:
        return
    first = revised.iloc[0]
    unit = "percent" if str(first["unit"]) == "percent" else str(first["unit"])
    before, after = float(first["revised_from"]), float(first["value"])
    row["result_revises"] = str(first["revises"])
    row["result_revised_from"] = before
    measure = label("measure", str(first["measure"]), lang, data_dir).lower()
    row["caveat_parts"].append(
        words(
            "revised",
            measure=measure,
            before=fmt(before, unit, lang, data_dir=data_dir),
            after=fmt(after, unit, lang, data_dir=data_dir),
            change=fmt(after - before, unit, lang, data_dir=data_dir),
        )
    )


def progress_row(
    indicator: Mapping[str, Any],
    target: Mapping[str, Any] | None,
    results: pd.DataFrame,
    *,
    lang: str = "vi",
    settings: Mapping[str, Any] | None = None,
    thresholds: Mapping[str, float] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    basis: str | None = None,
    now: float = -math.inf,
    span: Mapping[int, float] | None = None,
    projection: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One (indicator, target) pair: the target, the result it is judged on, derived figures,
    status, verdict and caveat.

    Parameters
    ----------
    indicator : mapping
        A row of :func:`hpdata.indicators` (``indicator``, ``unit``, ``higher_is_better``,
        ``flow_or_stock``, names).
    target : mapping or None
        A target row of :func:`hpdata.observations`, or None when there is none.
    results : DataFrame
        The indicator's result rows of one result period (any measures).
    settings, data_dir : optional
        The method's settings (``method.toml``; defaults when omitted); where ``labels.csv`` is.
    basis : str, optional
        How the target is judged (:data:`BASES`); by default ``trend`` when there are results.
    now : float
        The end of the data as known (decimal years): a target period ending by then has ended.
    span : mapping, optional
        A span target's annual results by year (:func:`span_results`): judged over the span
        (:mod:`hpdata.analysis.spans`).
    projection : mapping, optional
        The latest projection for the target's own period (shown, never judged on).

    Returns a dict keyed by :data:`PROGRESS_COLUMNS`, ``status`` a code (:func:`progress` adds
    the labels).
    """
    settings = settings or {}
    row = _empty_row(indicator, lang)
    row["caveat_parts"] = []
    period = _result_figures(row, results, settings) if len(results) else None
    if period is None:
        row["plan_status"] = "not_available"
    fmt_args = {
        "result_period": period_text(period.code, lang, data_dir) if period else "",
        "target_period": period_text(str(target["period"]), lang, data_dir) if target else "",
    }

    def words(key: str, **parts: object) -> str:
        return Caveat(key, text(f"caveat_{key}", lang, data_dir).format(**{**fmt_args, **parts}))

    if period is not None:
        _revision_caveat(row, results, words, lang, data_dir)
    if target is None:
        row["status"] = "not_available"
        row["basis"] = "plan" if period is not None else "none"
        row["caveat_parts"].insert(0, words("no_target") if period else words("no_result"))
        return finish(row)
    fill_target(row, target)
    fill_projection(row, projection, words, lambda code: period_text(code, lang, data_dir))
    kind = span_kind(target, str(indicator.get("flow_or_stock", "")), settings)
    ended = parse_period(str(target["period"])).end <= now + 1e-9
    if kind and span is not None and (span or ended):
        row["status"] = judge_span(row, kind, span, now, settings, thresholds, words)
        return finish(row)
    basis = basis or ("trend" if period is not None else "none")
    row["basis"] = basis if period is not None else "none"
    if period is None:
        row["status"] = judge_no_result(row, basis, ended, words)
    elif basis == "final":
        row["status"] = judge_final(row, target, words)
    elif basis == "within_year":
        row["status"] = judge_within_year(row, target, settings, words)
    else:
        row["status"] = judge_trend(row, indicator, target, period, words, settings, thresholds)
    return finish(row)


def progress_table(
    frame: pd.DataFrame,
    ind: pd.DataFrame,
    settings: Mapping[str, Any],
    *,
    lang: str = "vi",
    as_of: Period | None = None,
    thresholds: Mapping[str, float] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """:func:`progress` on given frames: ``frame`` is the observations with the columns of
    :func:`hpdata.analysis.series.with_revisions` (only the latest source of each figure is
    used)."""
    used = latest(frame)
    res = used[used["kind"] == "result"]
    if as_of is not None:
        res = res[res["end"] <= as_of.end + 1e-9]
    now = as_of.end if as_of is not None else _now(res)
    tgts = used[used["kind"] == "target"].sort_values(["end", "start"], kind="stable")
    rows = []
    for indicator in ind.to_dict("records"):
        code = indicator["indicator"]
        mine = res[res["indicator"] == code]
        own = tgts[tgts["indicator"] == code]
        kw = {"lang": lang, "settings": settings, "thresholds": thresholds, "data_dir": data_dir}
        if own.empty:
            chosen = latest_period(_actual(mine))
            rows.append(
                progress_row(indicator, None, chosen if len(chosen) else latest_period(mine), **kw)
            )
        for target in own.to_dict("records"):
            rows.append(_target_row(indicator, target, mine, now, kw))
    held = sorted(set(frame["area"].astype(str)) - {""}) if "area" in frame else []
    change = boundary_of(frame, data_dir)
    for row in rows:
        row["area"] = held[0] if len(held) == 1 else ""
        target = row.pop("_published", None)
        if change and crosses_boundary(target, str(row["result_period"]), change[1]):
            boundary_caveat(row, change, lang, data_dir)
    table = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    table["status_label"] = [label("status", s, lang, data_dir) for s in table["status"]]
    table["plan_status_label"] = [
        label("plan_status", s, lang, data_dir) for s in table["plan_status"]
    ]
    table["status"] = pd.Categorical(table["status"], categories=list(STATUSES))
    table["plan_status"] = pd.Categorical(table["plan_status"], categories=list(PLAN_STATUSES))
    return table


def _now(results: pd.DataFrame) -> float:
    """The end of the data as known: the end of the latest result period that is not a
    projection (a projection's period has not ended)."""
    actual = _actual(results)
    return float(actual["end"].max()) if len(actual) else -math.inf


def _target_row(
    indicator: Mapping[str, Any],
    target: Mapping[str, Any],
    mine: pd.DataFrame,
    now: float,
    kw: Mapping[str, Any],
) -> dict[str, Any]:
    """One target's row: a span target on the span's annual results, any other on the results
    :func:`comparable_results` picks; with the latest projection for the target's own period."""
    own_period = mine[mine["period"] == str(target["period"])]
    measures = COMPARABLE.get(str(target["measure"]), ())
    projections = _projections(own_period[own_period["measure"].astype(str).isin(measures)])
    projection = None
    if len(projections):
        projection = projections.sort_values("published", kind="stable").iloc[-1].to_dict()
    kind = span_kind(target, str(indicator.get("flow_or_stock", "")), kw["settings"])
    if kind:
        chosen, values = span_results(mine, target, now, kind)
        ended = parse_period(str(target["period"])).end <= now + 1e-9
        if values or ended:
            row = progress_row(
                indicator, target, chosen, basis="final", now=now, span=values,
                projection=projection, **kw,
            )  # fmt: skip
            row["_published"] = target.get("published")
            return row
    chosen, basis = comparable_results(mine, target, now)
    row = progress_row(indicator, target, chosen, basis=basis, now=now, projection=projection, **kw)
    row["_published"] = target.get("published")
    return row


def boundary_of(frame: pd.DataFrame, data_dir=None) -> tuple[str, float, str] | None:
    """For the rows of one area whose territory changed (:func:`hpdata.areas.boundary_change`):
    the day (ISO), the same as a decimal year, and the ids of the units it absorbed
    (``|``-separated); ``None`` otherwise."""
    held = set(frame["area"].astype(str)) - {""} if "area" in frame else set()
    if len(held) != 1:
        return None
    area = held.pop()
    day = boundary_change(area, data_dir)
    if day is None:
        return None
    when = change_year(day)
    return day.isoformat(), when, "|".join(absorbed(area, data_dir))


def crosses_boundary(published: object, result_period: str, when: float) -> bool:
    """Whether a target stated before the boundary change (``published`` earlier than ``when``,
    a decimal year) is judged on a result whose period ends after it (the enlarged unit's)."""
    if not result_period or published is None or pd.isna(published):
        return False
    return decimal_year(published) < when and parse_period(result_period).end > when + 1e-9


def boundary_caveat(
    row: dict[str, Any], change: tuple[str, float, str], lang: str, data_dir=None
) -> None:
    """Fill ``boundary_change``/``boundary_absorbed`` and add the caveat naming the change:
    the result covers the enlarged unit, the target was set for the former one."""
    day, _, merged = change
    row["boundary_change"], row["boundary_absorbed"] = day, merged
    names = [area_name(a, lang, data_dir) for a in merged.split("|") if a]
    words = text("caveat_boundary_change", lang, data_dir).format(
        area=area_name(str(row["area"]), lang, data_dir),
        date=day_text(day, lang),
        absorbed=", ".join(names),
        result_period=period_text(str(row["result_period"]), lang, data_dir),
    )
    row["caveat"] = f"{row['caveat']} {words}".strip()
    row["caveat_codes"] = "|".join(c for c in (row["caveat_codes"], "boundary_change") if c)


def day_text(day: str, lang: str) -> str:
    """``2025-07-01`` as readers write a day: ``1/7/2025`` (vi), ``1 July 2025`` (en)."""
    d = pd.Timestamp(day)
    return f"{d.day}/{d.month}/{d.year}" if lang == "vi" else f"{d.day} {d.month_name()} {d.year}"


def _as_of(as_of: str | None) -> Period | None:
    if as_of is None:
        return None
    try:
        return parse_period(as_of)
    except ParameterError as error:
        raise ParameterError(f"as_of: {error}") from None


def progress(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    lang: str = "vi",
    as_of: str | None = None,
    thresholds: Mapping[str, float] | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    """One row per (plan, indicator, target), plus one per indicator without a target.

    Every target of the data (the latest source's, where a target is restated) is compared with
    the latest comparable result at or before ``as_of`` (:func:`comparable_results`): a target
    whose period has ended only with the result for its own period (``basis`` ``final``:
    ``target_achieved`` or ``target_missed``, ``target_gap`` by how much); a one-year level
    target with part of that year through its share of the target and pace (``within_year``);
    any other through Open SDG's progress ratio, observed ÷ required growth (``trend``,
    :func:`classify`). An indicator with no target gets one row with its plan pace (``plan``).
    ``plan_status`` judges the pace against the linear benchmark (:func:`plan_pace_status`),
    ``plan_gap`` the shortfall in points. A revised result (a later source restating a figure)
    is used and said so in the caveat, with the size of the revision.

    Parameters
    ----------
    data_dir : path, optional
        The data directory (default: ``$HPDATA_DATA_DIR`` or the project's ``data/``).
    lang : {"vi", "en"}
        Language of ``name``, the status labels and the caveat.
    as_of : str, optional
        The latest result period to use (e.g. ``"2023-Q1"``); by default the latest in the data.
    thresholds : mapping, optional
        Override ``high``, ``med``, ``low`` from ``method.toml``.
    area : str, optional
        The area whose rows are judged (an id of ``areas.csv``); by default the dataset's
        default area when the data hold several, else the data's one area
        (:func:`area_rows`). A target stated before the area's boundary change and judged on a
        result of a period ending after it carries the caveat ``boundary_change``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PROGRESS_COLUMNS`; ``status`` and ``plan_status`` are categoricals.

    Examples
    --------
    >>> table = progress(lang="en").set_index("indicator")
    >>> grdp = table.loc["grdp"]
    >>> float(grdp.observed_growth), float(grdp.required_growth), grdp.status
    (9.65, 16.0, 'moderate_progress')
    """
    check_lang(lang)
    period = _as_of(as_of)
    if thresholds is not None:
        return _progress(data_dir, lang, period, thresholds, area)
    directory, state = data_state(data_dir)
    return _cached_progress(directory, state, lang, as_of, area).copy()


def _progress(
    data_dir: str | os.PathLike[str] | None,
    lang: str,
    period: Period | None,
    thresholds: Mapping[str, float] | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    return progress_table(
        area_rows(annotated(data_dir), area, data_dir),
        indicators(data_dir),
        method(data_dir),
        lang=lang,
        as_of=period,
        thresholds=thresholds,
        data_dir=data_dir,
    )


#: Progress tables kept (a few kB each): every (area, language) of a 34-unit site fits.
PROGRESS_CACHE = 256


@lru_cache(maxsize=PROGRESS_CACHE)
def _cached_progress(
    directory: Path, _state: tuple, lang: str, as_of: str | None, area: str | None = None
) -> pd.DataFrame:
    """:func:`progress` with the default thresholds, once per data state; callers get a copy.
    A table an earlier process computed from the same data is read back (:mod:`.store`)."""
    return store.through(
        "progress", directory, (lang, as_of, area), PROGRESS_COLUMNS,
        lambda: _progress(directory, lang, _as_of(as_of), None, area),
    )  # fmt: skip
