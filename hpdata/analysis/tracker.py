"""The tracker over time: the status of every target as it stood after each report
(:func:`history`), and what changed since the previous report (:func:`changes`).

A *report* is a source that states results. The data as known after a report are the rows of
the sources published at or before it; revisions among them are resolved as
:func:`hpdata.analysis.series.with_revisions` does (the latest source is used).
"""

from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import csvfile
from ..errors import ParameterError
from ..i18n import check_lang
from ..load import data_state, indicators, label, method, observations, sources
from ..params import check_source_id
from .progress import PROGRESS_COLUMNS, progress, progress_table
from .series import DEFAULT_ESTIMATE_WORDS, area_rows, source_plans, with_revisions

PathLike = str | os.PathLike[str] | None
HISTORY_COLUMNS = ["report_source", "report_published", *PROGRESS_COLUMNS]
CHANGE_COLUMNS = [
    "change", "indicator", "name", "target_period", "target_measure", "period", "measure",
    "before", "after", "before_label", "after_label", "source_id", "unit",
]  # fmt: skip
#: A target's identity across reports.
TARGET_KEY = ["indicator", "target_measure", "target_period"]


def _reports(data_dir: PathLike, area: str | None = None) -> list[tuple[str, pd.Timestamp]]:
    """The sources that state results (of ``area``: :func:`hpdata.analysis.series.area_rows`),
    in order of publication: ``(source_id, published)``."""
    obs = area_rows(observations(data_dir), area, data_dir)
    with_results = set(obs.loc[obs["kind"] == "result", "source_id"].astype(str))
    src = sources(data_dir).sort_values("published", kind="stable")
    return [
        (str(s), p)
        for s, p in zip(src["source_id"], src["published"], strict=True)
        if str(s) in with_results
    ]


def _published(data_dir: PathLike) -> dict[str, pd.Timestamp]:
    src = sources(data_dir)
    return dict(zip(src["source_id"].astype(str), src["published"], strict=True))


def snapshot(
    published: pd.Timestamp,
    data_dir: PathLike = None,
    *,
    lang: str = "vi",
    before: bool = False,
    area: str | None = None,
) -> pd.DataFrame:
    """:func:`hpdata.progress` on the data as known at ``published``: the rows of the sources
    published at or before it (strictly before it with ``before=True``), revisions resolved
    among them."""
    pubs = _published(data_dir)
    obs = area_rows(observations(data_dir), area, data_dir)
    known = obs[
        [
            pubs[str(s)] < published if before else pubs[str(s)] <= published
            for s in obs["source_id"]
        ]
    ]
    if len(known) == len(obs):  # everything is known then: the same table as progress()
        return progress(data_dir, lang=lang, area=area)
    words = tuple(method(data_dir).get("series", {}).get("estimate_words", DEFAULT_ESTIMATE_WORDS))
    frame = with_revisions(known, pubs, words, source_plans(sources(data_dir)))
    return progress_table(
        frame, indicators(data_dir), method(data_dir), lang=lang, data_dir=data_dir
    )


def history(
    data_dir: PathLike = None, *, lang: str = "vi", area: str | None = None
) -> pd.DataFrame:
    """One row per (indicator, target, result period): the status as it stood after each report.

    For each report (a source with results, in order of publication), :func:`hpdata.progress`
    is computed on the data known after it; the rows are stacked with the report's id and date
    (``report_source``, ``report_published``). A pair seen again in a later report (an ended
    target judged on the same period, or a revised figure) keeps the later report's row. Rows
    with no result to compare are left out.

    Parameters
    ----------
    data_dir : path, optional
    lang : {"vi", "en"}
    area : str, optional
        As :func:`hpdata.progress`'s ``area``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HISTORY_COLUMNS`, in order of report, then indicator as in
        ``indicators.csv``.

    Examples
    --------
    >>> h = history(lang="en")
    >>> h[["report_source", "indicator", "result_period", "status"]].iloc[0].tolist()
    ['hp-2023-04-27-q1', 'grdp', '2023-Q1', 'moderate_progress']
    """
    check_lang(lang)
    directory, state = data_state(data_dir)
    return _cached_history(directory, state, lang, area).copy()


@lru_cache(maxsize=8)
def _cached_history(
    directory: Path, _state: tuple, lang: str, area: str | None = None
) -> pd.DataFrame:
    """:func:`history`, computed once per data state (:func:`hpdata.load.data_state`): every
    indicator page shows its part of the same table."""
    data_dir = directory
    frames = []
    for source_id, published in _reports(data_dir, area):
        table = snapshot(published, data_dir, lang=lang, area=area)
        table = table[table["result_period"] != ""].copy()
        table.insert(0, "report_published", published)
        table.insert(0, "report_source", source_id)
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out = out.drop_duplicates([*TARGET_KEY, "result_period"], keep="last")
    return out[HISTORY_COLUMNS].reset_index(drop=True)


def _key(row: pd.Series) -> tuple[str, str, str]:
    return tuple(str(row[k]) for k in TARGET_KEY)  # type: ignore[return-value]


def _status_changes(before: pd.DataFrame, after: pd.DataFrame, source_id: str) -> list[dict]:
    """Targets whose status moved, and targets that are new, between two snapshots."""
    old = {_key(r): r for _, r in before.iterrows()}
    out = []
    for _, row in after.iterrows():
        base = {
            "indicator": row["indicator"],
            "name": row["name"],
            "target_period": row["target_period"],
            "target_measure": row["target_measure"],
            "period": row["result_period"],
            "measure": "",
            "after": str(row["status"]),
            "after_label": row["status_label"],
            "source_id": source_id,
            "unit": "",
        }
        prior = old.get(_key(row))
        if prior is None and row["target_period"]:
            out.append({**base, "change": "new_target", "before": "", "before_label": ""})
        elif prior is not None and str(prior["status"]) != str(row["status"]):
            out.append(
                {
                    **base,
                    "change": "status",
                    "before": str(prior["status"]),
                    "before_label": prior["status_label"],
                }
            )
    return out


def _revision_changes(data_dir: PathLike, source_id: str, lang: str) -> list[dict]:
    """The figures ``source_id`` states again with another value: one row per revision."""
    pubs = _published(data_dir)
    frame = with_revisions(observations(data_dir), pubs)
    mine = frame[(frame["source_id"] == source_id) & (frame["revises"] != "")]
    names = indicators(data_dir).set_index("indicator")["name_en" if lang == "en" else "name_vi"]
    out = []
    for _, row in mine.iterrows():
        before = float(row["revised_from"])
        if math.isclose(before, float(row["value"])):
            continue
        out.append(
            {
                "change": "revision",
                "indicator": row["indicator"],
                "name": names.get(row["indicator"], row["indicator"]),
                "target_period": row["period"] if row["kind"] == "target" else "",
                "target_measure": row["measure"] if row["kind"] == "target" else "",
                "period": row["period"],
                "measure": row["measure"],
                "before": before,
                "after": float(row["value"]),
                "before_label": str(row["revises"]),
                "after_label": label("measure", str(row["measure"]), lang, data_dir),
                "source_id": source_id,
                "unit": str(row["unit"]),
            }
        )
    return out


def changes(
    data_dir: PathLike = None,
    *,
    lang: str = "vi",
    report: str | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    """What changed with a report (by default the latest) since the data published before it.

    Three kinds of ``change``: ``status`` (a target's status moved: ``before`` → ``after``, as
    codes, with labels), ``new_target`` (a target the earlier data did not have) and
    ``revision`` (a figure the report states again with another value: ``before`` and
    ``after`` in base units, ``before_label`` the revised source). With a single report,
    the targets published earlier move from ``not_available`` to their first status.

    Parameters
    ----------
    data_dir : path, optional
    lang : {"vi", "en"}
    report : str, optional
        A source id of a report (a source with results); default the latest.
    area : str, optional
        As :func:`hpdata.progress`'s ``area``: that area's reports and targets.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`.

    Examples
    --------
    >>> changes(lang="en")["change"].value_counts().to_dict()
    {'status': 5}
    """
    check_lang(lang)
    if report is not None:
        check_source_id(report, data_dir)
    directory, state = data_state(data_dir)
    return _cached_changes(directory, state, lang, report, area).copy()


@lru_cache(maxsize=8)
def _cached_changes(
    directory: Path, _state: tuple, lang: str, report: str | None, area: str | None
) -> pd.DataFrame:
    """:func:`changes`, computed once per data state (:func:`hpdata.load.data_state`): the
    overview pages of a render share it."""
    data_dir = directory
    reports = _reports(data_dir, area)
    ids = [s for s, _ in reports]
    if not reports or (report is not None and report not in ids):
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    index = ids.index(report) if report is not None else len(reports) - 1
    source_id, published = reports[index]
    after = snapshot(published, data_dir, lang=lang, area=area)
    before = snapshot(published, data_dir, lang=lang, before=True, area=area)
    rows = _status_changes(before, after, source_id)
    rows += _revision_changes(data_dir, source_id, lang)
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def progress_as(table: pd.DataFrame, form: str) -> str:
    """:func:`hpdata.progress` as CSV or JSON text: one row (record) per target, every column.

    Missing figures are empty in CSV and ``null`` in JSON; text stays UTF-8 (no escapes).

    Examples
    --------
    >>> import hpdata
    >>> progress_as(hpdata.progress(lang="en"), "csv").splitlines()[0][:30]
    'indicator,name,unit,higher_is_'
    """
    if form == "csv":
        return csvfile.frame_text(table)
    if form == "json":
        from ..jsonout import dumps

        return dumps(table.to_dict("records"), indent=1) + "\n"  # strict: null, never NaN
    raise ParameterError(f"format {form!r} is not csv or json")
