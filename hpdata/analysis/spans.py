"""Targets over a span of years, judged over the span.

Two kinds of span target are judged on the annual results inside the span (never on a quarter):

- an **average annual growth** (``growth`` with a comparison of ``[span] average_comparisons``,
  "tăng bình quân 16%/năm giai đoạn 2019–2025") against the realised average, the compound mean
  of the annual growth results (:func:`compound_mean`);
- a **cumulative level** of a flow indicator ("vốn đầu tư giai đoạn 2021–2025 đạt trên 1,5 triệu
  tỷ đồng") against the sum of the annual levels (:func:`cumulative`).

The years of the span without an annual result are named (``span_missing``). When the span has
ended, the verdict is final if every year has its result; with at most ``[span]
max_missing_years`` missing, an average-growth verdict is given on the years present and marked
``qualified``, with the growth the missing years would have needed (:func:`required_remaining_growth`);
a cumulative target already met by the years present is met whatever the missing years were (a
level is never negative); otherwise the target is not assessable (``verdict_reason``
``missing_years``). While the span runs, the row carries the average (or sum) so far and what the
years left require. Percentages are in percent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from ..periods import Period, parse_period

NAN = float("nan")
DEFAULT_SPAN = {"max_missing_years": 1, "average_comparisons": ["annual_average", "per_year"]}


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def compound_mean(growths: Iterable[float]) -> float:
    """The realised average annual growth of a run of annual growth rates (percent).

    ``mean = ((Π (1 + gᵢ/100)) ^ (1/n) − 1) × 100``; NaN for no rates or a fall of 100 % or more.

    Examples
    --------
    >>> round(compound_mean([10.0, 21.0]), 3)
    15.369
    >>> round(compound_mean([8.0, 8.0, 8.0]), 6)
    8.0
    """
    rates = [float(g) for g in growths]
    if not rates or any(g <= -100.0 for g in rates):
        return NAN
    product = math.prod(1.0 + g / 100.0 for g in rates)
    return (product ** (1.0 / len(rates)) - 1.0) * 100.0


def required_remaining_growth(target: float, growths: Sequence[float], years: int) -> float:
    """The growth each remaining year needs for the span's average to reach ``target``.

    With ``k`` annual rates known of a span of ``years`` years:
    ``required = ((1 + T/100)^years ÷ Π (1 + gᵢ/100)) ^ (1 / (years − k)) − 1``, in percent. NaN
    when no year is left or a rate is −100 % or less. Used while the span runs (the years left)
    and after it ended (what the missing years would have needed).

    Examples
    --------
    >>> round(required_remaining_growth(10.0, [5.0, 5.0], 4), 4)
    15.2381
    """
    left = years - len(growths)
    if left <= 0 or _missing(target) or target <= -100 or any(g <= -100.0 for g in growths):
        return NAN
    known = math.prod(1.0 + g / 100.0 for g in growths)
    return (((1.0 + target / 100.0) ** years / known) ** (1.0 / left) - 1.0) * 100.0


def cumulative(levels: Iterable[float]) -> float:
    """A cumulative level over the years present: ``sum = Σ levelᵢ`` (NaN for none).

    Examples
    --------
    >>> cumulative([3.0e14, 3.2e14]) / 1e12
    620.0
    """
    values = [float(v) for v in levels]
    return math.fsum(values) if values else NAN


def span_years(period: Period) -> list[int]:
    """The calendar years of a span: ``2021-2025`` -> 2021, ..., 2025.

    Examples
    --------
    >>> span_years(parse_period("2021-2025"))
    [2021, 2022, 2023, 2024, 2025]
    """
    return list(range(int(period.start), int(period.end)))


def span_kind(
    target: Mapping[str, Any], flow_or_stock: str, settings: Mapping[str, Any] | None = None
) -> str:
    """How a target over a span is judged: ``average`` (an average annual growth), ``cumulative``
    (a flow's level summed over the span) or ``""`` (not a span target, or neither).

    Examples
    --------
    >>> span_kind({"period": "2019-2025", "measure": "growth", "comparison": "annual_average"}, "flow")
    'average'
    >>> span_kind({"period": "2021-2025", "measure": "level", "comparison": ""}, "flow")
    'cumulative'
    >>> span_kind({"period": "2025", "measure": "level", "comparison": ""}, "flow")
    ''
    """
    if not parse_period(str(target["period"])).is_span:
        return ""
    rule = {**DEFAULT_SPAN, **((settings or {}).get("span", {}))}
    measure = str(target["measure"])
    comparison = str(target.get("comparison", "") or "")
    if measure == "growth" and comparison in rule["average_comparisons"]:
        return "average"
    if measure == "level" and flow_or_stock == "flow":
        return "cumulative"
    return ""


def annual_values(results: pd.DataFrame, period: Period, kind: str) -> dict[int, float]:
    """The annual results inside a span, by year: growth rates (``share_of_prior`` − 100 where no
    growth is stated) for ``average``, levels for ``cumulative``. Projections are left out."""
    rows = results
    if "is_projection" in rows:
        rows = rows[~rows["is_projection"].astype(bool)]
    codes = rows["period"].astype(str)
    years = set(span_years(period))
    out: dict[int, float] = {}
    wanted = ("growth", "share_of_prior") if kind == "average" else ("level",)
    for measure in wanted:
        for code, value in zip(
            codes[rows["measure"] == measure],
            rows.loc[rows["measure"] == measure, "value"],
            strict=True,
        ):
            if len(code) == 4 and int(code) in years and int(code) not in out:
                out[int(code)] = (
                    float(value) - 100.0 if measure == "share_of_prior" else float(value)
                )
    return dict(sorted(out.items()))


def _fill(
    row: dict[str, Any], kind: str, years: list[int], values: dict[int, float], missing: list[int]
) -> None:
    row.update(
        span_kind=kind,
        span_years=len(years),
        span_results=len(values),
        span_missing="|".join(str(y) for y in missing),
    )


def _considered(period: Period, now: float) -> tuple[list[int], bool]:
    """The span's years that have ended by ``now``, and whether the whole span has."""
    ended = period.end <= now + 1e-9
    years = span_years(period)
    return (years if ended else [y for y in years if y + 1 <= now + 1e-9]), ended


def judge_average(
    row: dict[str, Any],
    values: dict[int, float],
    now: float,
    settings: Mapping[str, Any],
    met: Any,
    words: Any,
) -> str:
    """An average annual growth target over a span, on the compound mean of its annual growth.

    Ended span: ``final``; every year present: met or missed on the realised average, ``target_gap
    = average − target``; at most ``max_missing_years`` missing: the same, ``qualified``, with
    ``span_needed`` the growth a missing year would have needed (:func:`required_remaining_growth`);
    more missing: ``not_available`` (``not_assessable``, ``missing_years``). Span still running:
    ``span``; ``observed_growth`` the average so far, ``required_growth`` what each year left needs,
    ``progress_ratio = average so far ÷ target`` (Open SDG's thresholds).
    """
    period = parse_period(row["target_period"])
    years = span_years(period)
    considered, ended = _considered(period, now)
    present = {y: v for y, v in values.items() if y in considered}
    missing = [y for y in considered if y not in present]
    _fill(row, "average", years, present, missing)
    average = compound_mean(present.values())
    row["span_value"] = row["observed_growth"] = average
    rule = {**DEFAULT_SPAN, **settings.get("span", {})}
    if present:
        row["caveat_parts"].append(words("span_average", n=len(present), of=len(years)))
    if missing:
        row["caveat_parts"].append(words("span_missing", years=", ".join(map(str, missing))))
    target = row["target_value"]
    if not ended:
        row["basis"], row["verdict"] = "span", "pending"
        row["years_left"] = len(years) - len(present)
        row["required_growth"] = row["span_needed"] = required_remaining_growth(
            target, list(present.values()), len(years)
        )
        row["progress_ratio"] = average / target if target else NAN
        return ""  # the caller classifies the ratio
    row["basis"] = "final"
    if not present or len(missing) > int(rule["max_missing_years"]):
        row["verdict"], row["verdict_reason"] = "not_assessable", "missing_years"
        return "not_available"
    row["target_gap"] = average - target
    if missing:
        row["qualified"] = True
        row["verdict_reason"] = "missing_years"
        row["span_needed"] = required_remaining_growth(target, list(present.values()), len(years))
        row["caveat_parts"].append(words("span_qualified"))
    ok = met(average)
    row["verdict"] = "met" if ok else "missed"
    return "target_achieved" if ok else "target_missed"


def judge_cumulative(
    row: dict[str, Any],
    values: dict[int, float],
    now: float,
    settings: Mapping[str, Any],
    met: Any,
    words: Any,
) -> str:
    """A cumulative level over a span, on the sum of its annual levels.

    Ended span: ``final``; every year present: met or missed on the sum, ``target_gap = sum −
    target``; a year missing: met when the years present already meet the target (levels are
    never negative, so the missing years can only add), else ``not_available`` (``not_assessable``,
    ``missing_years``) with ``span_needed = (target − sum) ÷ missing years``. Span still running:
    ``span``; ``share_of_target = sum ÷ target × 100`` against the benchmark ``years present ÷
    span years × 100`` (the linear benchmark of a span), ``span_needed = (target − sum) ÷ years
    left``; the status as the plan pace (:func:`hpdata.analysis.progress.plan_pace_status`).
    """
    period = parse_period(row["target_period"])
    years = span_years(period)
    considered, ended = _considered(period, now)
    present = {y: v for y, v in values.items() if y in considered}
    missing = [y for y in considered if y not in present]
    _fill(row, "cumulative", years, present, missing)
    total = cumulative(present.values())
    row["span_value"] = total
    target = row["target_value"]
    if present:
        row["caveat_parts"].append(words("span_sum", n=len(present), of=len(years)))
    if missing:
        row["caveat_parts"].append(words("span_missing", years=", ".join(map(str, missing))))
    left = len(years) - len(present)
    if not _missing(total) and left > 0:
        row["span_needed"] = (target - total) / left
    if not ended:
        row["basis"], row["verdict"] = "span", "pending"
        row["years_left"] = left
        row["share_of_target"] = total / target * 100.0 if target > 0 else NAN
        row["benchmark"] = len(present) / len(years) * 100.0
        return ""  # the caller judges the pace
    row["basis"] = "final"
    sure = not missing or (row["higher_is_better"] and row["target_bound"] != "max")
    if present and sure and met(total):
        row["target_gap"] = total - target
        row["verdict"] = "met"
        return "target_achieved"
    if missing or not present:
        row["verdict"], row["verdict_reason"] = "not_assessable", "missing_years"
        return "not_available"
    row["target_gap"] = total - target
    row["verdict"] = "missed"
    return "target_missed"
