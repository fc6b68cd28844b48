"""Progress analytics: derived figures and a status per indicator, after Open SDG's method.

Each derived figure is a small function whose docstring states its formula. :func:`progress`
puts them together into one row per (indicator, target), plus one per indicator with results but
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

from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import data_state, indicators, label, method
from ..periods import Period, parse_period, period_text
from .formatting import fmt
from .series import annotated, latest
from .spans import annual_values, judge_average, judge_cumulative, span_kind

NAN = float("nan")
STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
    "on_pace",
    "behind_benchmark",
    "target_missed",
)
DEFAULT_THRESHOLDS = {"high": 0.95, "med": 0.6, "low": 0.0}
PLAN_STATUSES = ("behind_benchmark", "on_pace", "plan_met", "not_available")
DEFAULT_PLAN_PACE = {"plan_met": 100.0, "on_pace": 1.0}


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def implied_annual_plan(level: float, share_of_plan: float) -> float:
    """The annual plan implied by a result and its share of the plan.

    ``plan = level ÷ (share_of_plan / 100)``; NaN when the share is missing, zero or negative.

    Examples
    --------
    >>> round(implied_annual_plan(6.59e9, 21.25) / 1e9, 2)
    31.01
    """
    if _missing(level) or _missing(share_of_plan) or share_of_plan <= 0:
        return NAN
    return level / (share_of_plan / 100.0)


def implied_prior_level_from_growth(level: float, growth: float) -> float:
    """The comparison period's level implied by a level and its growth.

    ``prior = level ÷ (1 + growth / 100)``; NaN when growth is missing or at or below −100 %
    (no finite, positive prior level can give such a fall).

    Examples
    --------
    >>> round(implied_prior_level_from_growth(2.4042e13, -9.46) / 1e9)
    26554
    """
    if _missing(level) or _missing(growth) or growth <= -100.0:
        return NAN
    return level / (1.0 + growth / 100.0)


def implied_prior_level_from_share(level: float, share_of_prior: float) -> float:
    """The comparison period's level implied by a level stated as a share of it.

    ``prior = level ÷ (share_of_prior / 100)``; NaN when the share is missing, zero or negative.

    Examples
    --------
    >>> round(implied_prior_level_from_share(4.65e8, 95.26) / 1e6, 1)
    488.1
    """
    if _missing(level) or _missing(share_of_prior) or share_of_prior <= 0:
        return NAN
    return level / (share_of_prior / 100.0)


def growth_from_share_of_prior(share_of_prior: float) -> float:
    """Growth implied by a share of the comparison period: ``growth = share_of_prior − 100``.

    Examples
    --------
    >>> round(growth_from_share_of_prior(95.26), 2)
    -4.74
    """
    return NAN if _missing(share_of_prior) else share_of_prior - 100.0


def pace(share_of_plan: float, benchmark: float) -> float:
    """Pace against the linear benchmark: ``share_of_plan ÷ benchmark``.

    The benchmark is the share of the annual plan an even year reaches by the period's end
    (25 % for a first quarter, as the 2023 article itself says). 1.0 is on pace; NaN when either
    is missing or the benchmark is not positive.

    Examples
    --------
    >>> round(pace(21.25, 25.0), 2)
    0.85
    """
    if _missing(share_of_plan) or _missing(benchmark) or benchmark <= 0:
        return NAN
    return share_of_plan / benchmark


def naive_run_rate(level: float, period: Period) -> float:
    """A naive annualised run rate: ``level ÷ (length of the period in years)``.

    A first quarter is multiplied by 4, a half by 2, nine months by 4/3; a full year is left as
    is. Naive: it ignores seasonality, so it is always labelled as such. NaN for a multi-year span.

    Examples
    --------
    >>> naive_run_rate(2.4042e13, parse_period("2023-Q1")) / 1e9
    96168.0
    """
    if _missing(level) or period.is_span:
        return NAN
    return level / period.years


def required_annual_growth(current: float, target: float, years: float) -> float:
    """The compound growth per year that takes ``current`` to ``target`` in ``years`` years.

    ``required = ((target ÷ current) ^ (1 / years) − 1) × 100``; NaN when a level is missing or not
    positive, or ``years`` is not positive.

    Examples
    --------
    >>> round(required_annual_growth(100.0, 121.0, 2), 6)
    10.0
    """
    if _missing(current) or _missing(target) or _missing(years):
        return NAN
    if current <= 0 or target <= 0 or years <= 0:
        return NAN
    return ((target / current) ** (1.0 / years) - 1.0) * 100.0


def growth_ratio(observed: float, required: float) -> float:
    """Open SDG's progress ratio: ``observed growth ÷ required growth``.

    NaN when either is missing or the required growth is zero.

    Examples
    --------
    >>> round(growth_ratio(9.65, 16.0), 3)
    0.603
    """
    if _missing(observed) or _missing(required) or required == 0:
        return NAN
    return observed / required


def target_met(
    result: float,
    bound: str,
    value: float,
    high: float | None = None,
    higher_is_better: bool = True,
) -> bool:
    """Whether ``result`` meets a target stated as ``bound`` ``value`` (``high``).

    Higher is better: ``over`` needs ``result > value``; ``eq``, ``approx``, ``min`` and ``range``
    need ``result >= value`` (the low end of a range); ``max`` needs ``result <= value``. When lower
    is better the comparison turns round: ``result <= value`` (the high end of a range), strictly
    below for ``over``. A missing result meets nothing.

    Examples
    --------
    >>> target_met(16.0, "min", 16.0), target_met(16.0, "over", 16.0)
    (True, False)
    """
    if _missing(result) or _missing(value):
        return False
    if bound == "max":
        return result <= value
    if not higher_is_better:
        limit = high if bound == "range" and not _missing(high) else value
        return result < limit if bound == "over" else result <= limit
    return result > value if bound == "over" else result >= value


def classify(
    ratio: float,
    *,
    achieved: bool = False,
    thresholds: Mapping[str, float] | None = None,
) -> str:
    """The status for a progress ratio, after Open SDG's progress measure.

    ``target_achieved`` if achieved; else ``substantial_progress`` if ratio >= high,
    ``moderate_progress`` if >= med, ``limited_progress`` if >= low, ``deterioration`` below low,
    and ``not_available`` when the ratio is NaN.

    Examples
    --------
    >>> classify(0.603), classify(0.57), classify(-0.2), classify(1.2), classify(float("nan"))
    ('moderate_progress', 'limited_progress', 'deterioration', 'substantial_progress', 'not_available')
    """
    t = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    if not t["high"] >= t["med"] >= t["low"]:
        raise ParameterError(f"thresholds must satisfy high >= med >= low, got {dict(t)}")
    if achieved:
        return "target_achieved"
    if _missing(ratio):
        return "not_available"
    if ratio >= t["high"]:
        return "substantial_progress"
    if ratio >= t["med"]:
        return "moderate_progress"
    if ratio >= t["low"]:
        return "limited_progress"
    return "deterioration"


def plan_gap(share_of_plan: float, benchmark: float) -> float:
    """How far a share of the annual plan is from the linear benchmark, in percentage points.

    ``gap = share_of_plan − benchmark``: negative when behind (port cargo at 18 % of plan by Q1 is
    −7 points against 25 %), NaN when either is missing.

    Examples
    --------
    >>> plan_gap(18.0, 25.0)
    -7.0
    """
    if _missing(share_of_plan) or _missing(benchmark):
        return NAN
    return share_of_plan - benchmark


def plan_pace_status(
    share_of_plan: float, pace_value: float, rule: Mapping[str, float] | None = None
) -> str:
    """The plan-pace judgement: is the share of the annual plan where an even year would be?

    ``plan_met`` if ``share_of_plan >= plan_met`` (100 %); else ``on_pace`` if
    ``pace >= on_pace`` (1.0: at or ahead of the linear benchmark); else ``behind_benchmark``
    (below it, as the 2023 article says of port cargo at 18 % of plan by Q1); ``not_available``
    when no share of the plan is reported. The thresholds are ``[plan_pace]`` in ``method.toml``.

    Examples
    --------
    >>> plan_pace_status(18.0, 0.72), plan_pace_status(25.0, 1.0), plan_pace_status(104.0, 4.16)
    ('behind_benchmark', 'on_pace', 'plan_met')
    >>> plan_pace_status(float("nan"), float("nan"))
    'not_available'
    """
    r = {**DEFAULT_PLAN_PACE, **(rule or {})}
    if _missing(share_of_plan):
        return "not_available"
    if share_of_plan >= r["plan_met"]:
        return "plan_met"
    if _missing(pace_value):
        return "not_available"
    return "on_pace" if pace_value >= r["on_pace"] else "behind_benchmark"


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
    "area", "plan", "verdict", "verdict_reason", "qualified", "result_is_projection",
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


def _factor_text(period: Period) -> str:
    """The naive run rate's multiplier as readers write it: 4, 2 or 4/3."""
    factor = 1.0 / period.years
    if abs(factor - round(factor)) < 1e-9:
        return str(round(factor))
    return "4/3" if abs(factor - 4 / 3) < 1e-9 else f"{factor:.2f}"


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


def _settings_thresholds(
    settings: Mapping[str, Any], thresholds: Mapping[str, float] | None
) -> dict[str, float]:
    return {
        **DEFAULT_THRESHOLDS,
        **settings.get("status_thresholds", {}),
        **(thresholds or {}),
    }


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
    for key in ("area", "plan", "verdict", "verdict_reason", "projection_source",
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


def _revision_caveat(row: dict[str, Any], results: pd.DataFrame, words: Any, lang: str) -> None:
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
    measure = label("measure", str(first["measure"]), lang).lower()
    row["caveat_parts"].append(
        words(
            "revised",
            measure=measure,
            before=fmt(before, unit, lang),
            after=fmt(after, unit, lang),
            change=fmt(after - before, unit, lang),
        )
    )


def _judge_growth(row: dict[str, Any], target: Mapping[str, Any], period: Period, words) -> tuple:
    """A growth target: observed growth ÷ target growth (Open SDG's ratio)."""
    tperiod = parse_period(str(target["period"]))
    observed, tvalue = row["observed_growth"], row["target_value"]
    row["required_growth"] = tvalue
    achieved = target_met(
        observed, row["target_bound"], tvalue, row["target_high"], row["higher_is_better"]
    )
    if _missing(observed):
        row["caveat_parts"].append(words("no_result"))
    elif tperiod.is_span or row["target_comparison"] in ("annual_average", "per_year"):
        row["caveat_parts"].append(words("growth_vs_average"))
    elif period.is_part_of_year:
        row["caveat_parts"].append(words("growth_part_year"))
    return achieved, growth_ratio(observed, tvalue)


def _judge_level_trend(
    row: dict[str, Any], target: Mapping[str, Any], period: Period, indicator, words
) -> tuple:
    """A level target judged on the trend: the growth required from the annual basis."""
    tperiod = parse_period(str(target["period"]))
    basis, target_annual = row["annual_basis"], row["target_value"]
    if tperiod.is_span and indicator.get("flow_or_stock") == "flow":
        years = round(tperiod.years)
        target_annual = row["target_value"] / years
        row["caveat_parts"].append(words("span_total", years=years))
    row["target_annual"] = target_annual
    if row["annual_basis_kind"] == "naive_run_rate":
        row["caveat_parts"].append(words("naive_basis", factor=_factor_text(period)))
    elif row["annual_basis_kind"] == "implied_plan":
        row["caveat_parts"].append(words("plan_basis"))
    achieved = target_met(
        basis, row["target_bound"], target_annual, row["target_high"], row["higher_is_better"]
    )
    if row["years_left"] <= 0:  # a span target whose last year has the result: no time left
        row["caveat_parts"].append(words("after_deadline"))
        observed = row["observed_growth"]
        return achieved, NAN if _missing(observed) else (0.0 if observed >= 0 else -math.inf)
    row["required_growth"] = required_annual_growth(basis, target_annual, row["years_left"])
    observed, required = row["observed_growth"], row["required_growth"]
    ratio = growth_ratio(observed, required)
    if not achieved and not _missing(observed) and not _missing(required) and required <= 0:
        # Already at the target's level (short only of a strict "over"): on track while growth
        # keeps it there, moving away otherwise.
        ratio = math.inf if observed > required else -math.inf
    if _missing(observed):
        row["caveat_parts"].append(words("no_growth"))
    elif period.is_part_of_year and not _missing(required):
        row["caveat_parts"].append(words("part_year_growth"))
    return achieved, ratio


def _judge_within_year(
    row: dict[str, Any], target: Mapping[str, Any], settings: Mapping[str, Any], words
) -> str:
    """A one-year level target against part of that year: share of the target ÷ benchmark.

    ``share_of_target = level ÷ target × 100`` (the stated share of the plan when no level is
    stated); its pace against the period's linear benchmark gives ``target_achieved``,
    ``on_pace`` or ``behind_benchmark`` (:func:`plan_pace_status`).
    """
    level = row["result_level"]
    share = (
        level / row["target_value"] * 100.0
        if not _missing(level) and row["target_value"] > 0
        else row["result_share_of_plan"]
    )
    row["share_of_target"] = share
    pace_value = pace(share, row["benchmark"])
    row["progress_ratio"] = pace_value
    row["caveat_parts"].append(words("within_year"))
    verdict = plan_pace_status(share, pace_value, settings.get("plan_pace", {}))
    return {"plan_met": "target_achieved"}.get(verdict, verdict)


def _judge_final(row: dict[str, Any], target: Mapping[str, Any], words) -> str:
    """A target whose period has ended, on the result for that period: met or missed, by how
    much (``target_gap = result − target``, the low end of a range)."""
    measure = str(target["measure"])
    value = {
        "growth": row["observed_growth"],
        "level": row["result_level"],
        "share": row["result_share"],
    }.get(measure, NAN)
    if _missing(value):
        row["caveat_parts"].append(words("no_result"))
        row["verdict"], row["verdict_reason"] = "not_assessable", "no_result"
        return "not_available"
    row["target_gap"] = value - row["target_value"]
    met = target_met(
        value, row["target_bound"], row["target_value"], row["target_high"], row["higher_is_better"]
    )
    row["caveat_parts"].append(words("final"))
    return "target_achieved" if met else "target_missed"


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
    settings : mapping, optional
        The progress method's settings (``method.toml``); the defaults when omitted.
    data_dir : path, optional
        Where ``labels.csv`` (the caveats' wording in both languages) is read from.
    basis : str, optional
        How the target is judged (:data:`BASES`); by default ``trend`` when there are results.
    now : float
        The end of the data as known (decimal years): a target period ending by then has ended.
    span : mapping, optional
        A span target's annual results by year (:func:`span_results`): judged over the span
        (:mod:`hpdata.analysis.spans`).
    projection : mapping, optional
        The latest projection for the target's own period (shown, never judged on).

    Returns
    -------
    dict
        Keyed by :data:`PROGRESS_COLUMNS`, with ``status`` as a code (labels are added by
        :func:`progress`).
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
        _revision_caveat(row, results, words, lang)
    if target is None:
        row["status"] = "not_available"
        row["basis"] = "plan" if period is not None else "none"
        row["caveat_parts"].insert(0, words("no_target") if period else words("no_result"))
        return _finish(row)
    _fill_target(row, target)
    _fill_projection(row, projection)
    if projection:
        row["caveat_parts"].append(
            words("projection", period=period_text(str(projection["period"]), lang, data_dir))
        )
    kind = span_kind(target, str(indicator.get("flow_or_stock", "")), settings)
    ended = parse_period(str(target["period"])).end <= now + 1e-9
    if kind and span is not None and (span or ended):
        row["status"] = _judge_span(row, kind, span, now, settings, thresholds, words)
        return _finish(row)
    basis = basis or ("trend" if period is not None else "none")
    row["basis"] = basis if period is not None else "none"
    if period is None:
        row["status"] = "not_available"
        row["caveat_parts"] = [words("no_final" if basis == "final" else "no_result")]
        if ended:
            row["verdict"] = "not_assessable"
            row["verdict_reason"] = "projection_only" if projection else "no_result"
    elif basis == "final":
        row["status"] = _judge_final(row, target, words)
    elif basis == "within_year":
        row["status"] = _judge_within_year(row, target, settings, words)
    else:
        row["status"] = _judge_trend(row, indicator, target, period, words, settings, thresholds)
    return _finish(row)


class Caveat(str):
    """A caveat's sentence that knows its code (``caveat_<code>`` of ``labels.csv``), so the
    table carries the codes (``caveat_codes``) beside the words."""

    code: str

    def __new__(cls, code: str, sentence: str) -> Caveat:
        made = super().__new__(cls, sentence)
        made.code = code
        return made


def _fill_projection(row: dict[str, Any], projection: Mapping[str, Any] | None) -> None:
    if not projection:
        return
    row.update(
        projection_source=str(projection["source_id"]),
        projection_period=str(projection["period"]),
        projection_value=float(projection["value"]),
    )


def _judge_span(
    row: dict[str, Any],
    kind: str,
    values: Mapping[int, float],
    now: float,
    settings: Mapping[str, Any],
    thresholds: Mapping[str, float] | None,
    words: Any,
) -> str:
    """A target over a span, on the span's annual results (:mod:`hpdata.analysis.spans`); a
    span still running is classified on its ratio (average) or its pace (cumulative)."""

    def met(value: float) -> bool:
        return target_met(
            value, row["target_bound"], row["target_value"], row["target_high"],
            row["higher_is_better"],
        )  # fmt: skip

    judge = judge_average if kind == "average" else judge_cumulative
    status = judge(row, dict(values), now, settings, met, words)
    if status:
        row["caveat_parts"].append(words("span_final"))
        return status
    if kind == "average":
        return classify(
            row["progress_ratio"], thresholds=_settings_thresholds(settings, thresholds)
        )
    row["progress_ratio"] = pace(row["share_of_target"], row["benchmark"])
    verdict = plan_pace_status(
        row["share_of_target"], row["progress_ratio"], settings.get("plan_pace", {})
    )
    return {"plan_met": "target_achieved"}.get(verdict, verdict)


def _judge_trend(
    row: dict[str, Any],
    indicator: Mapping[str, Any],
    target: Mapping[str, Any],
    period: Period,
    words: Any,
    settings: Mapping[str, Any],
    thresholds: Mapping[str, float] | None,
) -> str:
    """Open SDG's status: observed growth ÷ the growth the target requires, by target measure."""
    row["years_left"] = parse_period(str(target["period"])).year - period.year
    measure = row["target_measure"]
    if measure == "growth":
        achieved, ratio = _judge_growth(row, target, period, words)
    elif measure == "level":
        achieved, ratio = _judge_level_trend(row, target, period, indicator, words)
    else:  # share: compare the reported share directly
        achieved = target_met(
            row["result_share"],
            row["target_bound"],
            row["target_value"],
            row["target_high"],
            row["higher_is_better"],
        )
        ratio = NAN
        if not achieved:
            row["caveat_parts"].append(words("share_no_growth"))
    row["progress_ratio"] = ratio
    return classify(ratio, achieved=achieved, thresholds=_settings_thresholds(settings, thresholds))


def _fill_target(row: dict[str, Any], target: Mapping[str, Any]) -> None:
    high = target.get("high")
    row.update(
        target_source=str(target["source_id"]),
        target_period=parse_period(str(target["period"])).code,
        target_measure=str(target["measure"]),
        target_bound=str(target["bound"]),
        target_value=float(target["value"]),
        target_high=NAN if _missing(high) else float(high),
        target_comparison=str(target.get("comparison", "") or ""),
        target_quote=str(target["quote"]),
        plan=str(target.get("plan", "") or target["source_id"]),
    )
    if row["target_comparison"] == "nan":
        row["target_comparison"] = ""


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    parts = row.pop("caveat_parts")
    row["caveat"] = " ".join(parts)
    row["caveat_codes"] = "|".join(getattr(p, "code", "") for p in parts)
    if row["target_period"] and not row["verdict"]:
        if row["basis"] == "final":
            row["verdict"] = {"target_achieved": "met", "target_missed": "missed"}.get(
                row["status"], "not_assessable"
            )
            if row["verdict"] == "not_assessable" and not row["verdict_reason"]:
                row["verdict_reason"] = "no_result"
        else:
            row["verdict"] = "pending"
    return row


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
    table = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    if "area" in frame and len(table):
        areas = sorted(set(frame["area"].astype(str)) - {""})
        table["area"] = areas[0] if len(areas) == 1 else ""
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
            return progress_row(
                indicator, target, chosen, basis="final", now=now, span=values,
                projection=projection, **kw,
            )  # fmt: skip
    chosen, basis = comparable_results(mine, target, now)
    return progress_row(
        indicator, target, chosen, basis=basis, now=now, projection=projection, **kw
    )


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
) -> pd.DataFrame:
    """One row per (indicator, target), plus one per indicator without a target.

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
        return _progress(data_dir, lang, period, thresholds)
    directory, state = data_state(data_dir)
    return _cached_progress(directory, state, lang, as_of).copy()


def _progress(
    data_dir: str | os.PathLike[str] | None,
    lang: str,
    period: Period | None,
    thresholds: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    return progress_table(
        annotated(data_dir),
        indicators(data_dir),
        method(data_dir),
        lang=lang,
        as_of=period,
        thresholds=thresholds,
        data_dir=data_dir,
    )


@lru_cache(maxsize=16)
def _cached_progress(directory: Path, _state: tuple, lang: str, as_of: str | None) -> pd.DataFrame:
    """:func:`progress` with the default thresholds, once per data state (see
    :func:`hpdata.load.data_state`); callers get a copy."""
    return _progress(directory, lang, _as_of(as_of))
