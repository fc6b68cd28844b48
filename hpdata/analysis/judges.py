"""How one target row is judged: on the trend (Open SDG's ratio), within its year (share of the
target against the linear benchmark), over a span (:mod:`hpdata.analysis.spans`) or finally, on
the result for its own period. Each judge fills the row's figures and caveats and returns the
status code; :func:`hpdata.analysis.progress.progress_row` picks the judge.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..periods import Period, parse_period
from .formulas import (
    DEFAULT_THRESHOLDS,
    NAN,
    _missing,
    classify,
    growth_ratio,
    pace,
    plan_pace_status,
    required_annual_growth,
    target_met,
)
from .spans import judge_average, judge_cumulative


def _factor_text(period: Period) -> str:
    """The naive run rate's multiplier as readers write it: 4, 2 or 4/3."""
    factor = 1.0 / period.years
    if abs(factor - round(factor)) < 1e-9:
        return str(round(factor))
    return "4/3" if abs(factor - 4 / 3) < 1e-9 else f"{factor:.2f}"


def settings_thresholds(
    settings: Mapping[str, Any], thresholds: Mapping[str, float] | None
) -> dict[str, float]:
    """The status thresholds: the defaults, then ``method.toml``'s, then the caller's."""
    return {
        **DEFAULT_THRESHOLDS,
        **settings.get("status_thresholds", {}),
        **(thresholds or {}),
    }


def judge_growth(row: dict[str, Any], target: Mapping[str, Any], period: Period, words) -> tuple:
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


def judge_level_trend(
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


def judge_within_year(
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


def judge_final(row: dict[str, Any], target: Mapping[str, Any], words) -> str:
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


def judge_no_result(row: dict[str, Any], basis: str, ended: bool, words: Any) -> str:
    """A target with no result to compare: ``not_available``; when its period has ended, judged
    for good (``final``) as ``not_assessable``, because there is no result (``no_result``) or only a projection
    (``projection_only``)."""
    kept = [p for p in row["caveat_parts"] if getattr(p, "code", "") == "projection"]
    row["caveat_parts"] = [words("no_final" if basis == "final" else "no_result"), *kept]
    if ended:
        row["basis"] = "final"
        row["verdict"] = "not_assessable"
        row["verdict_reason"] = "projection_only" if kept else "no_result"
    return "not_available"


class Caveat(str):
    """A caveat's sentence that knows its code (``caveat_<code>`` of ``labels.csv``), so the
    table carries the codes (``caveat_codes``) beside the words."""

    code: str

    def __new__(cls, code: str, sentence: str) -> Caveat:
        made = super().__new__(cls, sentence)
        made.code = code
        return made


def fill_projection(
    row: dict[str, Any], projection: Mapping[str, Any] | None, words: Any, period_text: Any
) -> None:
    """The latest projection for the target's own period: shown (``projection_*``), with its
    caveat, never judged on."""
    if not projection:
        return
    row["caveat_parts"].append(words("projection", period=period_text(str(projection["period"]))))
    row.update(
        projection_source=str(projection["source_id"]),
        projection_period=str(projection["period"]),
        projection_value=float(projection["value"]),
    )


def judge_span(
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
        return classify(row["progress_ratio"], thresholds=settings_thresholds(settings, thresholds))
    row["progress_ratio"] = pace(row["share_of_target"], row["benchmark"])
    verdict = plan_pace_status(
        row["share_of_target"], row["progress_ratio"], settings.get("plan_pace", {})
    )
    return {"plan_met": "target_achieved"}.get(verdict, verdict)


def judge_trend(
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
        achieved, ratio = judge_growth(row, target, period, words)
    elif measure == "level":
        achieved, ratio = judge_level_trend(row, target, period, indicator, words)
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
    return classify(ratio, achieved=achieved, thresholds=settings_thresholds(settings, thresholds))


def fill_target(row: dict[str, Any], target: Mapping[str, Any]) -> None:
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
        target_revises=str(target.get("revises", "") or ""),
        target_revised_from=NAN
        if _missing(target.get("revised_from"))
        else float(target["revised_from"]),
    )
    if row["target_comparison"] == "nan":
        row["target_comparison"] = ""


def finish(row: dict[str, Any]) -> dict[str, Any]:
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
