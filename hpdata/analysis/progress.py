"""Progress analytics: derived figures and a status per indicator, after Open SDG's method.

Each derived figure is a small function whose docstring states its formula. :func:`progress`
puts them together into one row per indicator. Percentages are in percent (9.65 means 9.65 %).

The status follows Open SDG's progress measure (sdg-build ``ProgressMeasure``): the ratio of the
observed growth to the growth required to reach the target, against thresholds (``high`` 0.95,
``med`` 0.6, ``low`` 0 by default, set in ``data/method.toml``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import indicators, label, method, observations
from ..periods import Period, parse_period, period_text

NAN = float("nan")
STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
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
]  # fmt: skip


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
    # a single month is not cumulative: its own benchmark, never the quarter its end falls in
    value = table.get("M" if period.kind == "month" else period.benchmark_key)
    return float(value) if isinstance(value, int | float) else NAN


def _latest_results(obs: pd.DataFrame, as_of: Period | None) -> pd.DataFrame:
    res = obs[obs["kind"] == "result"].copy()
    res["_end"] = [parse_period(p).end for p in res["period"]]
    if as_of is not None:
        res = res[res["_end"] <= as_of.end + 1e-9]
    return res


def progress_row(
    indicator: Mapping[str, Any],
    target: Mapping[str, Any] | None,
    results: pd.DataFrame,
    *,
    lang: str = "vi",
    settings: Mapping[str, Any] | None = None,
    thresholds: Mapping[str, float] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """One indicator's progress: its target, latest result, derived figures, status and caveat.

    Parameters
    ----------
    indicator : mapping
        A row of :func:`hpdata.indicators` (``indicator``, ``unit``, ``higher_is_better``,
        ``flow_or_stock``, names).
    target : mapping or None
        A target row of :func:`hpdata.observations`, or None when there is none.
    results : DataFrame
        The indicator's result rows of the latest result period (any measures).
    settings : mapping, optional
        The progress method's settings (``method.toml``); the defaults when omitted.
    data_dir : path, optional
        Where ``labels.csv`` (the caveats' wording in both languages) is read from.

    Returns
    -------
    dict
        Keyed by :data:`PROGRESS_COLUMNS`, with ``status`` as a code (labels are added by
        :func:`progress`).
    """
    settings = settings or {}
    thresholds = {
        **DEFAULT_THRESHOLDS,
        **settings.get("status_thresholds", {}),
        **(thresholds or {}),
    }

    def words(key: str, **parts: object) -> str:
        return text(f"caveat_{key}", lang, data_dir).format(**parts)

    caveats: list[str] = []
    higher = bool(indicator.get("higher_is_better", True))
    row: dict[str, Any] = {c: NAN for c in PROGRESS_COLUMNS}
    row.update(
        indicator=indicator["indicator"],
        name=indicator.get("name_en" if lang == "en" else "name_vi", indicator["indicator"]),
        unit=str(indicator.get("unit", "")),
        higher_is_better=higher,
        annual_basis_kind="",
        caveat="",
    )
    for key in ("target_source", "target_period", "target_measure", "target_bound"):
        row[key] = ""
    row.update(target_comparison="", target_quote="", result_source="", result_period="")

    period = None
    if len(results):
        first = results.iloc[0]
        period = parse_period(str(first["period"]))
        # the first row of each measure
        values = dict(
            zip(results["measure"].astype(str)[::-1], results["value"][::-1], strict=True)
        )
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
        row["naive_run_rate"] = naive_run_rate(level, period) if period.is_part_of_year else NAN
        if not _missing(row["implied_annual_plan"]):
            row["annual_basis"], row["annual_basis_kind"] = (
                row["implied_annual_plan"],
                "implied_plan",
            )
        elif not _missing(row["naive_run_rate"]):
            row["annual_basis"], row["annual_basis_kind"] = row["naive_run_rate"], "naive_run_rate"
        elif not _missing(level) and not period.is_part_of_year:
            row["annual_basis"], row["annual_basis_kind"] = level, "result"
        row["plan_gap"] = plan_gap(share_of_plan, row["benchmark"])
        row["plan_status"] = plan_pace_status(
            share_of_plan, row["pace"], settings.get("plan_pace", {})
        )
    else:
        row["plan_status"] = "not_available"

    if target is None:
        row["status"] = "not_available"
        caveats.append(words("no_target") if len(results) else words("no_result"))
        row["caveat"] = " ".join(caveats)
        return row

    tperiod = parse_period(str(target["period"]))
    bound, tvalue = str(target["bound"]), float(target["value"])
    thigh = target.get("high")
    thigh = NAN if _missing(thigh) else float(thigh)
    row.update(
        target_source=str(target["source_id"]),
        target_period=tperiod.code,
        target_measure=str(target["measure"]),
        target_bound=bound,
        target_value=tvalue,
        target_high=thigh,
        target_comparison=str(target.get("comparison", "") or ""),
        target_quote=str(target["quote"]),
    )
    fmt_args = {
        "result_period": period_text(row["result_period"], lang, data_dir)
        if row["result_period"]
        else "",
        "target_period": period_text(tperiod.code, lang, data_dir),
    }
    if period is None:
        row["status"] = "not_available"
        row["caveat"] = words("no_result")
        return row

    measure = row["target_measure"]
    achieved = False
    ratio = NAN
    row["years_left"] = tperiod.year - period.year
    if measure == "growth":
        observed = row["observed_growth"]
        row["required_growth"] = tvalue
        achieved = target_met(observed, bound, tvalue, thigh, higher)
        ratio = growth_ratio(observed, tvalue)
        if _missing(observed):
            caveats.append(words("no_result"))
        elif period.is_part_of_year or tperiod.is_span or row["target_comparison"]:
            caveats.append(words("growth_vs_average", **fmt_args))
    elif measure == "level":
        basis = row["annual_basis"]
        target_annual = tvalue
        if tperiod.is_span and indicator.get("flow_or_stock") == "flow":
            years = round(tperiod.years)
            target_annual = tvalue / years
            caveats.append(words("span_total", years=years, **fmt_args))
        row["target_annual"] = target_annual
        if row["annual_basis_kind"] == "naive_run_rate":
            caveats.append(words("naive_basis", factor=_factor_text(period), **fmt_args))
        elif row["annual_basis_kind"] == "implied_plan":
            caveats.append(words("plan_basis"))
        achieved = target_met(basis, bound, target_annual, thigh, higher)
        if row["years_left"] <= 0:
            caveats.append(words("after_deadline", **fmt_args))
            observed = row["observed_growth"]
            # No time left: the required growth is unbounded, so the ratio tends to 0 from the
            # side of the observed growth's sign.
            ratio = NAN if _missing(observed) else (0.0 if observed >= 0 else -math.inf)
        else:
            row["required_growth"] = required_annual_growth(basis, target_annual, row["years_left"])
            ratio = growth_ratio(row["observed_growth"], row["required_growth"])
            observed, required = row["observed_growth"], row["required_growth"]
            if period.is_part_of_year and not _missing(observed) and not _missing(required):
                caveats.append(words("part_year_growth", **fmt_args))
            if not achieved and not _missing(observed) and not _missing(required) and required <= 0:
                # Already at the target's level (short only of a strict "over"): on track while
                # growth keeps it there, moving away otherwise.
                ratio = math.inf if observed > required else -math.inf
            if _missing(row["observed_growth"]):
                caveats.append(words("no_growth"))
    else:  # share: compare the reported share directly
        current = row["result_share"]
        achieved = target_met(current, bound, tvalue, thigh, higher)
        if not achieved:
            caveats.append(words("share_no_growth"))
    row["progress_ratio"] = ratio
    row["status"] = classify(ratio, achieved=achieved, thresholds=thresholds)
    row["caveat"] = " ".join(caveats)
    return row


def progress(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    lang: str = "vi",
    as_of: str | None = None,
    thresholds: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One row per indicator: target, latest result, derived figures, status and caveat.

    For each indicator, the first target in ``observations.csv`` is compared with the latest
    result period (at or before ``as_of``). Derived figures: the implied annual plan, the implied
    prior-period level, the pace against the linear benchmark, the naive run rate, the growth
    still required per year and the progress ratio (see the functions of this module). The
    ``status`` is Open SDG's (:func:`classify`); ``plan_status`` judges the pace against the
    linear benchmark (:func:`plan_pace_status`), with ``plan_gap`` the shortfall in points.

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
    as_of_period = None
    if as_of is not None:
        try:
            as_of_period = parse_period(as_of)
        except ParameterError as error:
            raise ParameterError(f"as_of: {error}") from None
    obs = observations(data_dir)
    ind = indicators(data_dir)
    settings = method(data_dir)
    res = _latest_results(obs, as_of_period)
    rows = []
    for indicator in ind.to_dict("records"):
        code = indicator["indicator"]
        tgt = obs[(obs["indicator"] == code) & (obs["kind"] == "target")]
        mine = res[res["indicator"] == code]
        if len(mine):
            mine = mine[mine["_end"] == mine["_end"].max()]
        target = tgt.iloc[0].to_dict() if len(tgt) else None
        rows.append(
            progress_row(
                indicator,
                target,
                mine,
                lang=lang,
                settings=settings,
                thresholds=thresholds,
                data_dir=data_dir,
            )
        )
    table = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    table["status_label"] = [label("status", s, lang, data_dir) for s in table["status"]]
    table["plan_status_label"] = [
        label("plan_status", s, lang, data_dir) for s in table["plan_status"]
    ]
    table["status"] = pd.Categorical(table["status"], categories=list(STATUSES))
    table["plan_status"] = pd.Categorical(table["plan_status"], categories=list(PLAN_STATUSES))
    return table
