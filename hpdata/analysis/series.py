"""Figures over time: each stated figure placed on a time axis, with its source, whether it is an
estimate, and whether a later source revised it.

A revision is the same (indicator, kind, measure, period) stated by two sources: both rows are
kept; the later-published source is the one analyses use (:func:`latest`), and the earlier row
says which source revised it and by how much (``revised_by``, ``revision``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..areas import check_area, default_area
from ..errors import ParameterError
from ..load import data_state, method, observations, sources
from ..params import check_indicator
from ..periods import parse_period

PathLike = str | os.PathLike[str] | None
#: A figure's identity across sources: a later source stating it again revises it. A target's
#: ``plan`` is part of it (two plans' targets for the same year are two targets); a result's
#: ``plan`` is empty. ``area`` is added where the observations have it.
KEY = ["plan", "indicator", "kind", "measure", "period"]
SERIES_COLUMNS = [
    "indicator", "kind", "period", "start", "end", "measure", "value", "high", "unit", "bound",
    "comparison", "source_id", "published", "is_estimate", "revised_by", "revision",
    "revises", "quote", "area", "plan", "is_projection", "length", "segment", "line",
]  # fmt: skip
#: The period lengths a line may join (``series``'s ``length``), longest first.
LENGTHS = ("span", "year", "nine_months", "half", "quarter", "month")
DEFAULT_ESTIMATE_WORDS = ("ước",)


@lru_cache(maxsize=8)
def _estimate_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def is_estimate(
    quote: str, note: str = "", words: tuple[str, ...] = DEFAULT_ESTIMATE_WORDS
) -> bool:
    """Whether a figure is an estimate: its quote or its note has an estimate word as a whole word.

    The words are ``[series] estimate_words`` of ``method.toml`` (*ước*: "ước đạt", "ước thực
    hiện"); "nước" does not count, as the word must stand alone.

    Examples
    --------
    >>> is_estimate("GRDP ước tăng 8,1%"), is_estimate("thu ngân sách Nhà nước đạt 24.042 tỷ đồng")
    (True, False)
    """
    pattern = _estimate_pattern(tuple(words))
    return bool(pattern.search(quote or "") or pattern.search(note or ""))


def decimal_year(when: object) -> float:
    """A publication time as a decimal year, on its own clock (the +07:00 of the sources):
    ``year + (day of year − 1 + time of day) ÷ days in the year``; NaN when missing.

    Examples
    --------
    >>> decimal_year(pd.Timestamp("2024-07-02T00:00:00+07:00"))
    2024.5
    """
    if when is None or (isinstance(when, float) and when != when) or pd.isna(when):
        return float("nan")
    ts = pd.Timestamp(when)
    days = 366 if ts.is_leap_year else 365
    seconds = ts.hour * 3600 + ts.minute * 60 + ts.second
    return ts.year + (ts.day_of_year - 1 + seconds / 86400) / days


def is_projection(published: object, period_end: float) -> bool:
    """A result is a projection when its source was published before its period ended
    (``decimal_year(published) < end``): a full-year figure in a July article, a December
    estimate of the year. A projection is never the basis of a final verdict, and never the
    latest result ahead of a figure for an ended period.

    Examples
    --------
    >>> is_projection(pd.Timestamp("2025-07-10T09:00+07:00"), 2026.0)
    True
    >>> is_projection(pd.Timestamp("2026-01-05T09:00+07:00"), 2026.0)
    False
    """
    when = decimal_year(published)
    return bool(when == when and when < period_end - 1e-9)


def key_columns(frame: pd.DataFrame) -> list[str]:
    """:data:`KEY`, with ``area`` first where ``frame`` has it."""
    return ["area", *KEY] if "area" in frame else list(KEY)


def with_revisions(
    obs: pd.DataFrame,
    published: Mapping[str, object],
    words: tuple[str, ...] = DEFAULT_ESTIMATE_WORDS,
    plans: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every row of ``obs`` with its place in time, its source's date and its revision, if any.

    ``published`` maps a source id to its publication time, ``plans`` to the plan its targets
    belong to (by default, and where empty, the source itself). Within each (area, plan,
    indicator, kind, measure, period) (:data:`KEY`), rows are ordered projections first (a
    result published before its period ended, :func:`is_projection`), then by publication; each row but the last gets ``revised_by``
    (the next source's id) and ``revision`` (``next value − value``, in base units or points),
    and each row but the first gets ``revises`` (the previous source's id) and ``revised_from``
    (its value). ``is_latest`` marks the
    row analyses use.

    Returns
    -------
    pandas.DataFrame
        ``obs``'s columns plus ``start``, ``end`` (decimal years), ``published``,
        ``is_estimate``, ``is_projection``, ``plan``, ``revised_by``, ``revision``,
        ``revises``, ``revised_from``, ``is_latest``.
    """
    out = obs.copy()
    for column in ("indicator", "kind", "measure", "bound", "unit", "comparison", "source_id"):
        if column in out:
            out[column] = out[column].astype(str).replace("nan", "")
    periods = [parse_period(str(p)) for p in out["period"]]
    out["start"] = [p.start for p in periods]
    out["end"] = [p.end for p in periods]
    out["published"] = out["source_id"].map(published)
    notes = out["note"] if "note" in out else pd.Series("", index=out.index)
    out["is_estimate"] = [
        is_estimate(str(q), str(n), words) for q, n in zip(out["quote"], notes, strict=True)
    ]
    source = out["source_id"].astype(str)
    plan = source.map(lambda s: (plans or {}).get(s) or s)
    out["plan"] = plan.where(out["kind"] == "target", "")
    out["is_projection"] = [
        k == "result" and is_projection(p, e)
        for k, p, e in zip(out["kind"], out["published"], out["end"], strict=True)
    ]
    out["_actual"] = ~out["is_projection"]
    key = key_columns(out)
    out = out.sort_values([*key, "_actual", "published", "source_id"], kind="stable")
    out = out.drop(columns="_actual")
    grouped = out.groupby(key, sort=False, observed=True)
    out["revised_by"] = grouped["source_id"].shift(-1).fillna("")
    out["revision"] = grouped["value"].shift(-1) - out["value"]
    out["revises"] = grouped["source_id"].shift(1).fillna("")
    out["revised_from"] = grouped["value"].shift(1)
    out["is_latest"] = out["revised_by"] == ""
    return out.sort_index(kind="stable")


def annotated(data_dir: PathLike = None) -> pd.DataFrame:
    """:func:`hpdata.observations` with :func:`with_revisions`'s columns, in file order
    (computed once per data state, :func:`hpdata.load.data_state`; callers get a copy)."""
    directory, state = data_state(data_dir)
    return _annotated(directory, state).copy()


@lru_cache(maxsize=8)
def _annotated(data_dir: Path, _state: tuple) -> pd.DataFrame:
    src = sources(data_dir)
    published = dict(zip(src["source_id"].astype(str), src["published"], strict=True))
    words = tuple(method(data_dir).get("series", {}).get("estimate_words", DEFAULT_ESTIMATE_WORDS))
    return with_revisions(observations(data_dir), published, words, source_plans(src))


def source_plans(src: pd.DataFrame) -> dict[str, str]:
    """Each source's plan (``sources.csv``'s ``plan``; empty, or no such column: the source
    itself). Two sources with the same plan state the same plan: the later revises it."""
    ids = src["source_id"].astype(str)
    if "plan" not in src:
        return dict(zip(ids, ids, strict=True))
    plans = src["plan"].astype(str).replace({"nan": "", "None": "", "<NA>": ""})
    return {s: (p or s) for s, p in zip(ids, plans, strict=True)}


def area_rows(frame: pd.DataFrame, area: str | None, data_dir: PathLike = None) -> pd.DataFrame:
    """The rows an analysis of ``area`` reads: that area's (an unknown id refused naming the
    parameter). ``None``: with rows of several areas, the dataset's default area
    (``default_area`` of ``data/dataset.toml``); with one area (or none), every row."""
    if "area" not in frame:
        return frame
    if area is None:
        held = set(frame["area"].astype(str)) - {""}
        if len(held) <= 1:
            return frame
        area = default_area(data_dir)
        if area is None:
            raise ParameterError(
                f"area: the data hold several areas ({', '.join(sorted(held))}) and "
                "dataset.toml names no default_area: give one"
            )
    check_area(area, data_dir)  # an unknown id: one line naming --area
    return frame[frame["area"].astype(str) == area]


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows analyses use: for each (indicator, kind, measure, period), the latest source's."""
    return frame[frame["is_latest"]]


def series(
    indicator: str,
    data_dir: PathLike = None,
    *,
    kind: str | None = "result",
    as_of: str | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    """One indicator's figures over time: every result period, on every basis stated.

    Parameters
    ----------
    indicator : str
        An indicator id of ``indicators.csv``.
    data_dir : path, optional
    kind : {"result", "target", None}
        Results (default), targets, or both (None).
    as_of : str, optional
        Keep only periods ending at or before this period's end.
    area : str, optional
        The area's rows (default: the dataset's default area when the data hold several;
        :func:`area_rows`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SERIES_COLUMNS`, sorted by measure, then time (``start``, ``end``), then
        publication. Both rows of a revision are kept: the earlier has ``revised_by`` (the later
        source) and ``revision`` (the later value minus this one); the later has ``revises``.
        ``measure`` is the basis: ``level`` (base units), ``growth`` (percent on the comparison
        base), ``share_of_plan``, ``share_of_prior`` or ``share`` (percent). ``is_projection``
        marks a result published before its period ended. ``length`` is the period's length
        (:data:`LENGTHS`: a year, nine months, a half, a quarter, a month), ``segment`` the
        territory it covers (0 before the area's boundary change, 1 after it, see
        :func:`segments`), and ``line`` joins like with like: one line per (measure, length,
        segment), never a quarter on a line of years, never across a boundary change.

    Examples
    --------
    >>> s = series("port_cargo")
    >>> s[["period", "measure", "source_id", "revised_by"]].iloc[0].tolist()
    ['2023-Q1', 'growth', 'hp-2023-04-27-q1', '']
    """
    check_indicator(indicator, data_dir)
    frame = area_rows(annotated(data_dir), area, data_dir)
    frame = frame[frame["indicator"] == indicator]
    if kind is not None:
        frame = frame[frame["kind"] == kind]
    if as_of is not None:
        try:
            end = parse_period(as_of).end
        except ParameterError as error:
            raise ParameterError(f"as_of: {error}") from None
        frame = frame[frame["end"] <= end + 1e-9]
    frame = frame.sort_values(["measure", "start", "end", "published"], kind="stable").copy()
    return with_lines(frame, data_dir)[SERIES_COLUMNS].reset_index(drop=True)


def period_length(code: str) -> str:
    """The length of a period, for joining like with like: one of :data:`LENGTHS`.

    Examples
    --------
    >>> [period_length(p) for p in ("2024", "2024-9M", "2024-H1", "2024-Q2", "2024-M03")]
    ['year', 'nine_months', 'half', 'quarter', 'month']
    """
    return parse_period(code).kind


def segments(starts: pd.Series, ends: pd.Series, change: float | None) -> list[int]:
    """The territory segment of each period: 0 before the boundary change (a decimal year), 1
    for a period that ends after it (a year that straddles the change is on the new side: the
    reorganised unit reports it). No change: all 0.

    Examples
    --------
    >>> segments(pd.Series([2024.0, 2025.0]), pd.Series([2025.0, 2026.0]), 2025.5)
    [0, 1]
    """
    if change is None:
        return [0] * len(ends)
    return [int(end > change + 1e-9) for end in ends]


def with_lines(frame: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """``frame`` (rows of one area) with ``length``, ``segment`` and ``line`` (see
    :func:`series`)."""
    out = frame.copy()
    if "area" not in out:
        out["area"] = ""
    out["length"] = [period_length(str(p)) for p in out["period"]]
    areas = set(out["area"].astype(str)) - {""}
    change = _change(areas.pop(), data_dir) if len(areas) == 1 else None
    out["segment"] = segments(out["start"], out["end"], change)
    out["line"] = [
        f"{m}|{n}|{g}"
        for m, n, g in zip(out["measure"], out["length"], out["segment"], strict=True)
    ]
    return out


def _change(area: str, data_dir: PathLike) -> float | None:
    """The decimal year an area's territory changed (``hpdata.areas.boundary_change``), if any."""
    try:
        from .. import areas
    except ImportError:  # pragma: no cover - before the data layer has areas
        return None
    when = areas.boundary_change(area, data_dir)
    return None if when is None else change_year(when)


def change_year(day: object) -> float:
    """A day as the decimal year periods are measured in (months of a twelfth): ``year +
    (month − 1) / 12 + (day − 1) / 365.25``, so 1 July 2025 is 2025.5, the end of the first half.

    Examples
    --------
    >>> change_year("2025-07-01"), round(change_year("2025-07-16"), 4)
    (2025.5, 2025.5411)
    """
    d = pd.Timestamp(day)
    return d.year + (d.month - 1) / 12 + (d.day - 1) / 365.25
