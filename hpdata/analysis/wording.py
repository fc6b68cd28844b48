"""Words for readers built from the progress table: a target as stated (with its qualifiers), the
plan pace with its shortfall in points, and the headline that answers "is the city on track?".

Every word comes from ``data/labels.csv`` (templates) and ``data/vocabularies.csv`` (status
labels); numbers from :mod:`hpdata.numberstyle`; periods from
:func:`hpdata.periods.period_text`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..i18n import check_lang, text
from ..load import label, method
from ..numberstyle import MISSING, fmt, fmt_bound, number
from ..periods import parse_period, period_text
from .progress import progress
from .status import urgency

PathLike = str | os.PathLike[str] | None


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _field(row: Mapping[str, Any], name: str) -> Any:
    """``target_<name>`` of a progress row, else ``<name>`` of an observation row."""
    if "target_measure" in row:
        return row.get(f"target_{name}")
    return row.get(name)


def _unit(row: Mapping[str, Any]) -> str:
    """The unit a target's figure is written in: percent unless it is a level."""
    if "target_measure" in row:
        return str(row["unit"]) if row["target_measure"] == "level" else "percent"
    return str(row["unit"])


def _sentence_case(name: str) -> str:
    """A name inside a sentence: the first letter lowered unless it starts an acronym (GRDP)."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def join_words(items: list[str], lang: str = "vi", data_dir: PathLike = None) -> str:
    """``a, b and c`` (``a, b và c``): the last two joined by the ``list_and`` label.

    Examples
    --------
    >>> join_words(["a", "b", "c"], "en"), join_words(["a"], "vi")
    ('a, b and c', 'a')
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {text('list_and', lang, data_dir)} " + items[-1]


def target_text(row: Mapping[str, Any], lang: str = "vi", data_dir: PathLike = None) -> str:
    """A target in the words a reader sees, qualifiers kept, with its period.

    The bound and figure (:func:`~hpdata.numberstyle.fmt_bound`); a count gets its noun
    (the ``unit_noun_<indicator>`` label); a range whose quote says *khoảng* reads "about" (the
    words are ``[target_words] approx`` of ``method.toml``); an average annual growth reads
    "a year on average", a growth per year "a year", a multi-year total of a flow "in total";
    then the period (:func:`~hpdata.periods.period_text`).

    Parameters
    ----------
    row : mapping
        A row of :func:`hpdata.progress` (``target_*`` columns) or a target row of
        :func:`hpdata.observations`.
    lang : {"vi", "en"}

    Returns
    -------
    str
        ``"–"`` when the row has no target.

    Examples
    --------
    >>> import hpdata
    >>> t = hpdata.progress(lang="en").set_index("indicator", drop=False)
    >>> target_text(t.loc["grdp"], "en")
    'at least 16% a year on average (2019–2025)'
    >>> target_text(t.loc["logistics_services"], "vi")
    'khoảng 30 – 35%/năm (năm 2025)'
    """
    check_lang(lang)
    measure = _field(row, "measure")
    if _nan(measure) or not measure:
        return MISSING
    bound, value, high = str(_field(row, "bound")), float(_field(row, "value")), _field(row, "high")
    unit = _unit(row)
    figure = fmt_bound(bound, value, None if _nan(high) else float(high), unit, lang, data_dir)
    if unit == "count":
        noun = f"unit_noun_{row['indicator']}"
        word = text(noun, lang, data_dir)
        figure = f"{figure} {word}" if word != noun else figure
    quote = str(_field(row, "quote") or "").lower()
    approx_words = method(data_dir).get("target_words", {}).get("approx", [])
    if bound == "range" and any(w.lower() in quote for w in approx_words):
        figure = text("target_approx", lang, data_dir).format(figure=figure)
    comparison = str(_field(row, "comparison") or "")
    period = parse_period(str(_field(row, "period")))
    if measure == "growth" and comparison == "annual_average":
        figure = text("target_annual_average", lang, data_dir).format(figure=figure)
    elif measure == "growth" and comparison == "per_year":
        figure = text("target_per_year", lang, data_dir).format(figure=figure)
    elif measure == "level" and period.is_span and unit != "count":
        figure = text("target_span_total", lang, data_dir).format(figure=figure)
    words = text("target_words", lang, data_dir)
    return words.format(figure=figure, period=period_text(period.code, lang, data_dir))


def plan_pace_text(row: Mapping[str, Any], lang: str = "vi", data_dir: PathLike = None) -> str:
    """The plan pace in words: the share of the plan and how far it is from the benchmark.

    ``18% of the annual plan, 7 points behind the 25% benchmark`` for a row whose
    ``plan_status`` is ``behind_benchmark``; ``"–"`` when no share of the plan is reported.

    Examples
    --------
    >>> import hpdata
    >>> t = hpdata.progress(lang="en").set_index("indicator", drop=False)
    >>> plan_pace_text(t.loc["port_cargo"], "en")
    '18% of the annual plan, 7 points behind the 25% benchmark'
    >>> plan_pace_text(t.loc["port_cargo"], "vi")
    '18% kế hoạch năm, thấp hơn 7 điểm % so với mốc 25%'
    """
    check_lang(lang)
    status = str(row["plan_status"])
    share = row["result_share_of_plan"]
    if _nan(share) or status == "not_available":
        return MISSING
    parts = {
        "share": fmt(float(share), "percent", lang, data_dir=data_dir),
        "benchmark": fmt(float(row["benchmark"]), "percent", lang, data_dir=data_dir),
        "gap": number(abs(float(row["plan_gap"])), lang, 2) if not _nan(row["plan_gap"]) else "",
    }
    key = {"behind_benchmark": "plan_behind_text", "on_pace": "plan_on_text"}.get(
        status, "plan_met_text"
    )
    return text(key, lang, data_dir).format(**parts)


def _status_counts(rows: pd.DataFrame, lang: str, data_dir: PathLike) -> str:
    """``2 deterioration, 1 moderate progress``: counts of target statuses, most urgent first."""
    counts = rows["status"].astype(str).value_counts()
    order = sorted(counts.index, key=lambda c: int(urgency([c], "status", data_dir).iloc[0]))
    words = [f"{counts[c]} {_sentence_case(label('status', c, lang, data_dir))}" for c in order]
    return ", ".join(words)


def _target_part(n_rows: int, n_indicators: int, statuses: str, lang: str, data_dir) -> str:
    """``5 against their targets (…)``, or ``11 targets of 7 indicators (…)`` when some
    indicators have several targets (the statuses count targets)."""
    if n_rows == n_indicators:
        key, parts = "headline_part_target", {"n": n_indicators}
    else:
        key, parts = "headline_part_targets", {"n": n_indicators, "n_targets": n_rows}
    return text(key, lang, data_dir).format(statuses=statuses, **parts)


def _behind_sentence(table: pd.DataFrame, n_plan: int, lang: str, data_dir: PathLike) -> str:
    """The sentence naming the indicators behind the linear benchmark (most behind first)."""
    behind = table[table["plan_status"].astype(str) == "behind_benchmark"]
    behind = behind.drop_duplicates("indicator").sort_values("pace", kind="stable")
    if behind.empty:
        return text("headline_none_behind", lang, data_dir)
    names = [
        f"{_sentence_case(str(r['name']))} ({fmt(float(r['result_share_of_plan']), 'percent', lang, data_dir=data_dir)})"
        for _, r in behind.iterrows()
    ]
    benchmarks = dict.fromkeys(
        fmt(float(b), "percent", lang, data_dir=data_dir) for b in behind["benchmark"]
    )
    periods = dict.fromkeys(period_text(p, lang, data_dir) for p in behind["result_period"])
    key = "headline_all_behind" if len(behind) == n_plan else "headline_behind"
    return text(key, lang, data_dir).format(
        n=len(behind),
        n_plan=n_plan,
        benchmark=join_words(list(benchmarks), lang, data_dir),
        period=join_words(list(periods), lang, data_dir),
        names=join_words(names, lang, data_dir),
    )


def headline(
    lang: str = "vi",
    data_dir: PathLike = None,
    as_of: str | None = None,
    area: str | None = None,
) -> str:
    """One or two sentences, from the data, answering "is the city on track?".

    How many indicators can be assessed (against a target: a status other than
    ``not_available``; against the annual plan: a share of the plan reported), how the targets
    stand (counts of each status, most urgent first), and which indicators lag the linear
    benchmark (``plan_status == "behind_benchmark"``), named, most behind first.

    Parameters
    ----------
    lang : {"vi", "en"}
    data_dir : path, optional
    as_of : str, optional
        As :func:`hpdata.progress`'s ``as_of``.
    area : str, optional
        As :func:`hpdata.progress`'s ``area``.

    Returns
    -------
    str

    Examples
    --------
    >>> print(headline("en"))  # doctest: +ELLIPSIS
    9 of the 16 indicators can be assessed: 5 against their targets (2 deterioration, ...
    """
    check_lang(lang)
    table = progress(data_dir, lang=lang, as_of=as_of, area=area)
    total = table["indicator"].nunique()
    judged = table[table["status"].astype(str) != "not_available"]
    planned = table[table["plan_status"].astype(str) != "not_available"]
    n_target, n_plan = judged["indicator"].nunique(), planned["indicator"].nunique()
    n = len(set(judged["indicator"]) | set(planned["indicator"]))
    if n == 0:
        return text("headline_none", lang, data_dir).format(total=total)
    parts = []
    if n_target:
        statuses = _status_counts(judged, lang, data_dir)
        parts.append(_target_part(len(judged), n_target, statuses, lang, data_dir))
    if n_plan:
        parts.append(text("headline_part_plan", lang, data_dir).format(n=n_plan))
    first = text("headline_assessed", lang, data_dir).format(
        n=n, total=total, parts=join_words(parts, lang, data_dir)
    )
    if not n_plan:
        return first
    return f"{first} {_behind_sentence(planned, n_plan, lang, data_dir)}"


def change_text(row: Mapping[str, Any], lang: str = "vi", data_dir: PathLike = None) -> str:
    """One row of :func:`hpdata.changes` in words, for "what changed since the previous report".

    Examples
    --------
    >>> row = {"change": "status", "name": "GRDP", "target_period": "2024", "period": "2024-H1",
    ...        "before_label": "Moderate progress", "after_label": "Substantial progress"}
    >>> change_text(row, "en")
    'GRDP, target 2024: moderate progress → substantial progress (first half of 2024)'
    """
    check_lang(lang)
    kind = str(row["change"])
    target = period_text(str(row["target_period"]), lang, data_dir) if row["target_period"] else ""
    period = period_text(str(row["period"]), lang, data_dir) if row.get("period") else ""
    if kind == "revision":
        unit = str(row.get("unit") or "percent")
        return text("change_revision", lang, data_dir).format(
            name=row["name"],
            measure=str(row["after_label"]).lower(),
            period=period,
            before=fmt(float(row["before"]), unit, lang, data_dir=data_dir),
            after=fmt(float(row["after"]), unit, lang, data_dir=data_dir),
        )
    if kind == "new_target":
        return text("change_new_target", lang, data_dir).format(name=row["name"], target=target)
    return text("change_status", lang, data_dir).format(
        name=row["name"],
        target=target,
        before=_sentence_case(str(row["before_label"])),
        after=_sentence_case(str(row["after_label"])),
        period=period,
    )
