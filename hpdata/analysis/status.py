"""How statuses are shown: order of urgency, a colour-blind-safe colour, a mark, the word and the
rule with its threshold, for the target status and the plan-pace judgement of
:func:`hpdata.progress`.

The display metadata live in ``data/statuses.csv`` (one row per scheme and code: ``urgency``,
``colour`` from the Okabe–Ito palette, ``mark``, and the rule in both languages with
``{placeholders}`` for the thresholds of ``data/method.toml``); the words are the labels of
``data/vocabularies.csv`` (fields ``status`` and ``plan_status``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import data_state, label, method
from ..numberstyle import MISSING, fmt
from ..statustable import statuses_table
from .progress import DEFAULT_PLAN_PACE, DEFAULT_THRESHOLDS, PLAN_STATUSES, STATUSES

PathLike = str | os.PathLike[str] | None
STATUSES_FILE = paths.STATUSES
SCHEMES = {"status": STATUSES, "plan_status": PLAN_STATUSES}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
LEGEND_COLUMNS = ["code", "label", "mark", "colour", "rule", "urgency"]


def _table(data_dir: PathLike) -> dict[tuple[str, str], dict[str, str]]:
    """``statuses.csv``, read and checked by the data layer against this module's codes."""
    return statuses_table(data_dir, SCHEMES)


def _check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ParameterError(f"scheme {scheme!r} is not one of {', '.join(SCHEMES)}")


def rule_values(lang: str = "vi", data_dir: PathLike = None) -> dict[str, str]:
    """The thresholds of ``method.toml`` written for readers, to fill the rules' placeholders.

    ``high``, ``med``, ``low`` (progress ratio), ``on_pace`` (pace), ``plan_met`` and the linear
    benchmarks ``q1``, ``h1``, ``m9`` (percent).

    Examples
    --------
    >>> v = rule_values("en"); v["med"], v["q1"], v["plan_met"]
    ('0.60', '25%', '100%')
    """
    check_lang(lang)
    settings = method(data_dir)
    ratio = {**DEFAULT_THRESHOLDS, **settings.get("status_thresholds", {})}
    pace = {**DEFAULT_PLAN_PACE, **settings.get("plan_pace", {})}
    bench = settings.get("linear_benchmark", {})
    out = {
        k: fmt(float(v), "ratio", lang, data_dir=data_dir)
        for k, v in ratio.items()
        if k in DEFAULT_THRESHOLDS
    }
    out["on_pace"] = fmt(float(pace["on_pace"]), "ratio", lang, data_dir=data_dir)
    out["plan_met"] = fmt(float(pace["plan_met"]), "percent", lang, data_dir=data_dir)
    for key, name in (("Q1", "q1"), ("H1", "h1"), ("9M", "m9")):
        value = bench.get(key)
        out[name] = (
            MISSING if value is None else fmt(float(value), "percent", lang, data_dir=data_dir)
        )
    return out


def status_legend(
    scheme: str = "status", lang: str = "vi", data_dir: PathLike = None
) -> pd.DataFrame:
    """The legend of a status scheme, most urgent first.

    Parameters
    ----------
    scheme : {"status", "plan_status"}
        The target status (Open SDG's progress measure) or the plan-pace judgement.
    lang : {"vi", "en"}
    data_dir : path, optional

    Returns
    -------
    pandas.DataFrame
        Columns ``code``, ``label`` (the word), ``mark``, ``colour`` (``#RRGGBB``, Okabe–Ito),
        ``rule`` (what the status means, with its threshold from ``method.toml``) and ``urgency``
        (1 is the most urgent), sorted by urgency.

    Examples
    --------
    >>> legend = status_legend("plan_status", "en")
    >>> legend.iloc[0][["code", "label", "mark"]].tolist()
    ['behind_benchmark', 'Behind the benchmark', '◀']
    """
    check_lang(lang)
    _check_scheme(scheme)
    directory, state = data_state(data_dir)
    return _status_legend(scheme, lang, directory, state).copy()


@lru_cache(maxsize=16)
def _status_legend(scheme: str, lang: str, data_dir: Path, _state: tuple) -> pd.DataFrame:
    """:func:`status_legend`, built once per data state."""
    table = _table(data_dir)
    values = rule_values(lang, data_dir)
    rows = []
    for code in SCHEMES[scheme]:
        meta = table[(scheme, code)]
        rows.append(
            {
                "code": code,
                "label": label(scheme, code, lang, data_dir),
                "mark": meta["mark"],
                "colour": meta["colour"],
                "rule": meta[f"rule_{lang}"].format(**values),
                "urgency": int(meta["urgency"]),
            }
        )
    frame = pd.DataFrame(rows, columns=LEGEND_COLUMNS)
    return frame.sort_values("urgency", kind="stable").reset_index(drop=True)


def legend_note(scheme: str = "status", lang: str = "vi", data_dir: PathLike = None) -> str:
    """The sentence above a legend: what the ratio or the pace is (from ``labels.csv``).

    Examples
    --------
    >>> legend_note("plan_status", "en").startswith("Pace = share of the annual plan")
    True
    """
    _check_scheme(scheme)
    key = "legend_status_note" if scheme == "status" else "legend_plan_note"
    return text(key, lang, data_dir).format(**rule_values(lang, data_dir))


def urgency(codes: pd.Series | list[str], scheme: str = "status", data_dir: PathLike = None):
    """The urgency of each status code (1 is the most urgent), as a sort key.

    Examples
    --------
    >>> urgency(["target_achieved", "deterioration"]).tolist()
    [8, 1]
    """
    _check_scheme(scheme)
    table = _table(data_dir)
    return pd.Series(
        [int(table[(scheme, str(c))]["urgency"]) for c in codes],
        index=codes.index if isinstance(codes, pd.Series) else None,
        dtype="int64",
    )


def urgency_key(progress: pd.DataFrame, data_dir: PathLike = None) -> pd.Series:
    """A sort key for rows of :func:`hpdata.progress`: the most urgent first, then groups.

    Rows judged against a target come first (by the urgency of ``status``, then of
    ``plan_status``), then rows judged only on the plan pace (by ``plan_status``), then rows with
    nothing to compare, grouped at the end. ``key = group × 100 + urgency × 10 + plan urgency``.

    Examples
    --------
    >>> import hpdata
    >>> table = hpdata.progress(lang="en")
    >>> ordered = table.sort_values("indicator", key=lambda _: urgency_key(table), kind="stable")
    >>> ordered["indicator"].iloc[0]
    'domestic_revenue'
    """
    status = urgency(progress["status"].astype(str), "status", data_dir)
    plan = urgency(progress["plan_status"].astype(str), "plan_status", data_dir)
    has_target = progress["status"].astype(str) != "not_available"
    has_plan = progress["plan_status"].astype(str) != "not_available"
    group = pd.Series(2, index=progress.index)
    group[has_plan] = 1
    group[has_target] = 0
    return group * 100 + status * 10 + plan


def sort_by_urgency(progress: pd.DataFrame, data_dir: PathLike = None) -> pd.DataFrame:
    """The rows of :func:`hpdata.progress` in the order of :func:`urgency_key` (stable).

    Examples
    --------
    >>> import hpdata
    >>> sort_by_urgency(hpdata.progress())["indicator"].iloc[-1]
    'national_logistics_zones'
    """
    order = urgency_key(progress, data_dir).sort_values(kind="stable").index
    return progress.loc[order].reset_index(drop=True)
