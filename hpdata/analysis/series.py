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

from ..errors import ParameterError
from ..load import data_state, method, observations, sources
from ..params import check_indicator
from ..periods import parse_period

PathLike = str | os.PathLike[str] | None
KEY = ["indicator", "kind", "measure", "period"]
SERIES_COLUMNS = [
    "indicator", "kind", "period", "start", "end", "measure", "value", "high", "unit", "bound",
    "comparison", "source_id", "published", "is_estimate", "revised_by", "revision",
    "revises", "quote",
]  # fmt: skip
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


def with_revisions(
    obs: pd.DataFrame,
    published: Mapping[str, object],
    words: tuple[str, ...] = DEFAULT_ESTIMATE_WORDS,
) -> pd.DataFrame:
    """Every row of ``obs`` with its place in time, its source's date and its revision, if any.

    ``published`` maps a source id to its publication time. Within each (indicator, kind,
    measure, period), rows are ordered by publication; each row but the last gets ``revised_by``
    (the next source's id) and ``revision`` (``next value − value``, in base units or points),
    and each row but the first gets ``revises`` (the previous source's id) and ``revised_from``
    (its value). ``is_latest`` marks the
    row analyses use.

    Returns
    -------
    pandas.DataFrame
        ``obs``'s columns plus ``start``, ``end`` (decimal years), ``published``,
        ``is_estimate``, ``revised_by``, ``revision``, ``revises``, ``revised_from``,
        ``is_latest``.
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
    out = out.sort_values([*KEY, "published", "source_id"], kind="stable")
    grouped = out.groupby(KEY, sort=False, observed=True)
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
    return with_revisions(observations(data_dir), published, words)


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows analyses use: for each (indicator, kind, measure, period), the latest source's."""
    return frame[frame["is_latest"]]


def series(
    indicator: str,
    data_dir: PathLike = None,
    *,
    kind: str | None = "result",
    as_of: str | None = None,
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

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SERIES_COLUMNS`, sorted by measure, then time (``start``, ``end``), then
        publication. Both rows of a revision are kept: the earlier has ``revised_by`` (the later
        source) and ``revision`` (the later value minus this one); the later has ``revises``.
        ``measure`` is the basis: ``level`` (base units), ``growth`` (percent on the comparison
        base), ``share_of_plan``, ``share_of_prior`` or ``share`` (percent).

    Examples
    --------
    >>> s = series("port_cargo")
    >>> s[["period", "measure", "source_id", "revised_by"]].iloc[0].tolist()
    ['2023-Q1', 'growth', 'hp-2023-04-27-q1', '']
    """
    check_indicator(indicator, data_dir)
    frame = annotated(data_dir)
    frame = frame[frame["indicator"] == indicator]
    if kind is not None:
        frame = frame[frame["kind"] == kind]
    if as_of is not None:
        try:
            end = parse_period(as_of).end
        except ParameterError as error:
            raise ParameterError(f"as_of: {error}") from None
        frame = frame[frame["end"] <= end + 1e-9]
    frame = frame.sort_values(["measure", "start", "end", "published"], kind="stable")
    return frame[SERIES_COLUMNS].reset_index(drop=True)
