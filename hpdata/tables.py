"""Tables for readers: the progress table with formatted figures and labels in one language."""

from __future__ import annotations

import math

import pandas as pd

from .formatting import MISSING, fmt, fmt_bound, number
from .i18n import check_lang, text

STATUS_COLUMNS = [
    "indicator", "target", "result", "observed_growth", "required_growth",
    "progress_ratio", "status", "share_of_plan", "plan_status", "caveat",
]  # fmt: skip


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def target_cell(row: pd.Series | dict, lang: str) -> str:
    """A target as stated, with its period: ``trên 75 nghìn tỷ đồng (2025)``."""
    if not row["target_measure"]:
        return MISSING
    unit = row["unit"] if row["target_measure"] == "level" else "percent"
    high = None if _nan(row["target_high"]) else row["target_high"]
    figure = fmt_bound(row["target_bound"], row["target_value"], high, unit, lang)
    return f"{figure} ({row['target_period']})"


def result_cell(row: pd.Series | dict, lang: str) -> str:
    """The latest result with its period: the level if stated, else the growth."""
    if not row["result_period"]:
        return MISSING
    if not _nan(row["result_level"]):
        figure = fmt(row["result_level"], row["unit"], lang)
    elif not _nan(row["result_growth"]):
        figure = fmt(row["result_growth"], "percent", lang)
    elif not _nan(row["result_share"]):
        figure = fmt(row["result_share"], "percent", lang)
    else:
        return MISSING
    return f"{figure} ({row['result_period']})"


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
            "progress_ratio": [number(v, lang, 2) for v in progress["progress_ratio"]],
            "status": progress["status_label"],
            "share_of_plan": [fmt(v, "percent", lang) for v in progress["result_share_of_plan"]],
            "plan_status": [
                label if not _nan(p) else MISSING
                for label, p in zip(progress["plan_status_label"], progress["pace"], strict=True)
            ],
            "caveat": progress["caveat"],
        }
    )
    return out.rename(columns={c: text(c, lang) for c in STATUS_COLUMNS})


def progress_text(progress: pd.DataFrame, lang: str = "vi", width: int = 48) -> str:
    """The status table as plain text for a terminal (caveats listed below it, numbered)."""
    table = status_table(progress, lang)
    caveat = text("caveat", lang)
    notes = table.pop(caveat)
    marks = []
    lines = []
    for i, note in enumerate(notes, start=1):
        marks.append(f"[{i}]" if note else "")
        if note:
            lines.append(f"[{i}] {note}")
    table.insert(0, "#", marks)
    table[text("indicator", lang)] = [
        n if len(n) <= width else n[: width - 1] + "…" for n in table[text("indicator", lang)]
    ]
    body = table.to_string(index=False)
    return f"{text('progress_title', lang)}\n\n{body}\n\n{caveat}:\n" + "\n".join(lines)
