"""The progress method's formulas: derived figures, the Open SDG status and the plan pace.

Each derived figure is a small function whose docstring states its formula; percentages are in
percent (9.65 means 9.65 %). The status follows Open SDG's progress measure (sdg-build
``ProgressMeasure``): the ratio of the observed growth to the growth required to reach the
target, against thresholds (``high`` 0.95, ``med`` 0.6, ``low`` 0 by default, set in
``data/method.toml``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..errors import ParameterError
from ..periods import Period, parse_period  # noqa: F401  (parse_period: doctests)

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
