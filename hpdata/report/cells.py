"""Cells shared by the pages: a target and a result in words, the status table of
:func:`hpdata.progress` for readers, and small look-ups (indicator names, an indicator's or
source's rows, the thresholds and units in words).
"""

from __future__ import annotations

import os

import pandas as pd

from ..analysis.progress import DEFAULT_THRESHOLDS
from ..analysis.wording import target_text
from ..i18n import check_lang, text
from ..load import indicators, label, method, observations
from ..numberstyle import MISSING, fmt, ratio
from ..params import check_indicator, check_source_id
from ..periods import period_text
from .markup import is_missing

__all__ = [
    "indicator_names",
    "observation_rows",
    "result_cell",
    "row_keys",
    "status_table",
    "target_cell",
    "thresholds_text",
    "unit_words",
]

PathLike = str | os.PathLike[str] | None


STATUS_COLUMNS = [
    "indicator", "target", "result", "observed_growth", "required_growth",
    "progress_ratio", "status", "share_of_plan", "plan_status", "caveat",
]  # fmt: skip


def target_cell(row: pd.Series | dict, lang: str) -> str:
    """A target as stated, qualifiers kept, with its period as readers write it (``trên 75 nghìn
    tỷ đồng (năm 2025)``, ``tối thiểu 16% bình quân mỗi năm (2019–2025)``): see
    :func:`hpdata.analysis.wording.target_text`."""
    if not row["target_measure"]:
        return MISSING
    return target_text(row, lang)


def result_cell(row: pd.Series | dict, lang: str) -> str:
    """The latest result with its period: the level if stated, else the growth."""
    if not row["result_period"]:
        return MISSING
    if not is_missing(row["result_level"]):
        figure = fmt(row["result_level"], row["unit"], lang)
    elif not is_missing(row["result_growth"]):
        figure = fmt(row["result_growth"], "percent", lang)
    elif not is_missing(row["result_share"]):
        figure = fmt(row["result_share"], "percent", lang)
    else:
        return MISSING
    return f"{figure} ({period_text(str(row['result_period']), lang)})"


def status_table(progress: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The progress table for readers: formatted strings and headers in ``lang``.

    Parameters
    ----------
    progress : DataFrame
        The output of :func:`hpdata.progress` (in the same ``lang``).
    lang : {"vi", "en"}

    Returns
    -------
    pandas.DataFrame
        One row per indicator; columns are labels from ``data/labels.csv``.

    Examples
    --------
    >>> import hpdata
    >>> t = status_table(hpdata.progress(lang="en"), "en").set_index("Indicator")
    >>> t.loc["Gross regional domestic product (GRDP)", "Observed growth"]
    '9.65%'
    """
    check_lang(lang)
    out = pd.DataFrame(
        {
            "indicator": progress["name"],
            "target": [target_cell(r, lang) for _, r in progress.iterrows()],
            "result": [result_cell(r, lang) for _, r in progress.iterrows()],
            "observed_growth": [fmt(v, "percent", lang) for v in progress["observed_growth"]],
            "required_growth": [fmt(v, "percent", lang) for v in progress["required_growth"]],
            "progress_ratio": [ratio(v, lang) for v in progress["progress_ratio"]],
            "status": progress["status_label"],
            "share_of_plan": [fmt(v, "percent", lang) for v in progress["result_share_of_plan"]],
            "plan_status": [
                label if not is_missing(p) else MISSING
                for label, p in zip(progress["plan_status_label"], progress["pace"], strict=True)
            ],
            "caveat": progress["caveat"],
        }
    )
    return out.rename(columns={c: text(c, lang) for c in STATUS_COLUMNS})


def row_keys(progress: pd.DataFrame) -> list[str]:
    """A key per row of a progress table, unique when an indicator has several targets: the
    indicator id, then ``-2``, ``-3``... for its second and later rows (``grdp``, ``grdp-2``).
    The keys name the table's cells and the anchors of its caveat notes."""
    seen: dict[str, int] = {}
    keys = []
    for indicator in progress["indicator"].astype(str):
        seen[indicator] = seen.get(indicator, 0) + 1
        keys.append(indicator if seen[indicator] == 1 else f"{indicator}-{seen[indicator]}")
    return keys


def observation_rows(
    indicator: str | None, source_id: str | None, data_dir: PathLike
) -> pd.DataFrame:
    obs = observations(data_dir)
    if indicator is not None:
        check_indicator(indicator, data_dir)
        obs = obs[obs["indicator"] == indicator]
    if source_id is not None:
        check_source_id(source_id, data_dir)
        obs = obs[obs["source_id"] == source_id]
    return obs


def indicator_names(lang: str, data_dir: PathLike) -> dict[str, str]:
    ind = indicators(data_dir)
    column = "name_en" if lang == "en" else "name_vi"
    return dict(zip(ind["indicator"], ind[column], strict=True))


def thresholds_text(lang: str, data_dir: PathLike = None) -> str:
    settings = {**DEFAULT_THRESHOLDS, **method(data_dir).get("status_thresholds", {})}
    return text("thresholds_text", lang).format(
        **{k: ratio(float(v), lang) for k, v in settings.items() if k in DEFAULT_THRESHOLDS}
    )


def unit_words(unit: str, lang: str, data_dir: PathLike = None) -> str:
    """A unit in words: its vocabulary label, else the ``unit_<code>`` label (count, index)."""
    words = label("unit", unit, lang, data_dir)
    spelled = text(f"unit_{unit}", lang, data_dir)
    return spelled if words == unit and spelled != f"unit_{unit}" else words
