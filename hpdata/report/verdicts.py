"""The verdict page of one plan (``notebooks/plan.ipynb``): each of the plan's targets, its
verdict (met, missed, not assessable with the reason, pending), the figure that decides it, the
source of that figure and the caveats; the counts of each verdict; and the other plans with
targets for the same years.

The figures are :func:`hpdata.progress`'s (one row per plan, indicator and target); the plan's
rows are picked by :mod:`hpdata.analysis.plans`. Every word comes from ``data/labels.csv``.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from ..analysis.plans import (
    VERDICT_ORDER,
    overlapping_plans,
    plan_names,
    plan_rows,
    target_years,
    verdict_counts,
)
from ..i18n import check_lang, text
from ..load import sources
from ..numberstyle import MISSING, fmt, number
from .cells import result_cell, target_cell
from .markup import html_table, status_badge, status_styles
from .pages import href

#: The status whose colour and mark show each verdict (a pending target shows its own status).
VERDICT_STYLE = {"met": "target_achieved", "missed": "target_missed",
                 "not_assessable": "not_available"}  # fmt: skip
#: The page's table columns: their labels in ``labels.csv``.
COLUMNS = (
    "indicator",
    "target",
    "plan_verdict",
    "plan_figure",
    "plan_gap_to_target",
    "source",
    "caveat",
)


def _nan(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def years_text(rows: pd.DataFrame) -> str:
    """The years the targets end in: ``2025``, or ``2025–2030`` (an en dash)."""
    first, last = target_years(rows)
    return str(last) if first == last else f"{first}–{last}"


def plan_title(plan: str, lang: str = "vi", table: pd.DataFrame | None = None) -> str:
    """``Resolution 45 action programme (2019): 12 targets for 2025``."""
    check_lang(lang)
    rows = plan_rows(table, plan)
    name = plan_names(lang=lang).get(plan, plan)
    return text("plan_title", lang).format(name=name, n=len(rows), years=years_text(rows))


def verdict_words(row: pd.Series | dict, lang: str) -> str:
    """The verdict in words: ``Missed (qualified)``; ``Not assessable: no result for the target's
    period``; a pending target, its status (``Pending: moderate progress``)."""
    verdict = str(row["verdict"])
    words = text(f"verdict_{verdict}", lang)
    reason = str(row.get("verdict_reason") or "")
    if verdict == "pending":
        return f"{words}: {str(row['status_label']).lower()}"
    if verdict == "not_assessable" and reason:
        return f"{words}: {text(f'verdict_reason_{reason}', lang)}"
    if bool(row.get("qualified")):
        return f"{words} ({text('verdict_qualified', lang)})"
    return words


def verdict_badge(row: pd.Series | dict, lang: str) -> str:
    """:func:`verdict_words` as colour, mark and word (:func:`hpdata.report.markup.status_badge`)."""
    styles = status_styles("status", lang)
    code = VERDICT_STYLE.get(str(row["verdict"]), str(row["status"]))
    colour, mark, _ = styles[code]
    return status_badge(colour, mark, verdict_words(row, lang))


def deciding_figure(row: pd.Series | dict, lang: str) -> str:
    """The figure a target is judged on: for a span, the realised average (the compound mean of
    the annual growth) or total (the sum of the annual levels) with the years it covers; else the
    result with its period (:func:`hpdata.report.cells.result_cell`)."""
    kind = str(row.get("span_kind") or "")
    if kind and not _nan(row.get("span_value")):
        unit = "percent" if kind == "average" else str(row["unit"])
        return text(f"plan_figure_{kind}", lang).format(
            figure=fmt(float(row["span_value"]), unit, lang),
            n=int(row["span_results"]),
            of=int(row["span_years"]),
        )
    return result_cell(row, lang)


def gap_text(row: pd.Series | dict, lang: str) -> str:
    """How far the deciding figure is above (+) or below (−) the target: points for a growth or
    a share, the indicator's unit for a level; ``–`` when there is none."""
    gap = row.get("target_gap")
    if _nan(gap):
        return MISSING
    gap = float(gap)
    sign = "+" if gap > 0 else ""
    if str(row["target_measure"]) in ("growth", "share"):
        body = number(gap, lang, 2).replace("-", "−")
        return text("plan_gap_points", lang).format(n=sign + body)
    if gap > 0:  # the sign where the minus of a negative figure stands: "VND +3.2 trillion"
        return fmt(-gap, str(row["unit"]), lang).replace("−", "+", 1)
    return fmt(gap, str(row["unit"]), lang)


def target_words(row: pd.Series | dict, lang: str) -> str:
    """The target as stated (:func:`hpdata.report.cells.target_cell`), and the value it
    replaced when a later source of the same plan revised it: ``13% (2025), revised from
    12.5%``."""
    stated = target_cell(row, lang)
    before = row.get("target_revised_from")
    if not str(row.get("target_revises") or "") or _nan(before):
        return stated
    unit = "percent" if str(row["target_measure"]) in ("growth", "share") else str(row["unit"])
    return text("plan_target_revised", lang).format(
        target=stated, before=fmt(float(before), unit, lang)
    )


def _source_names(lang: str) -> dict[str, str]:
    src = sources()
    column = "title_en" if lang == "en" and "title_en" in src else "title"
    names = src[column].where(src[column].astype(str).str.strip() != "", src["title"])
    return dict(zip(src["source_id"].astype(str), names.astype(str), strict=True))


def targets_table(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """One row per target, indexed by the row's position: its indicator, the target as stated,
    the verdict in words, the deciding figure, the gap, the source of that figure, the caveat."""
    names = _source_names(lang)
    records = {}
    for key, row in rows.iterrows():
        source = str(row["result_source"])
        records[f"target-{key}"] = {
            "indicator": str(row["name"]),
            "target": target_words(row, lang),
            "plan_verdict": verdict_words(row, lang),
            "plan_figure": deciding_figure(row, lang) if source else MISSING,
            "plan_gap_to_target": gap_text(row, lang),
            "source": names.get(source, MISSING) if source else MISSING,
            "caveat": str(row["caveat"] or ""),
        }
    table = pd.DataFrame.from_dict(records, orient="index", columns=list(COLUMNS))
    return table.rename(columns={c: text(c, lang) for c in COLUMNS})


def targets_html(rows: pd.DataFrame, lang: str = "vi") -> str:
    """:func:`targets_table` as HTML: the indicator links to its page, the source to its page,
    the verdict shown as colour, mark and word."""
    check_lang(lang)
    table = targets_table(rows, lang)
    ind, verdict, source = (text(c, lang) for c in ("indicator", "plan_verdict", "source"))
    links: dict[str, dict[str, str]] = {}
    cells: dict[str, dict[str, str]] = {}
    for key, row in rows.iterrows():
        rid = f"target-{key}"
        links[rid] = {ind: href("indicator", lang, str(row["indicator"]))}
        if str(row["result_source"]):
            links[rid][source] = href("sources", lang, str(row["result_source"]))
        cells[rid] = {verdict: verdict_badge(row, lang)}
    return html_table(table, row_ids=True, links=links, cells=cells, empty=text("plan_none", lang))


def summary_html(rows: pd.DataFrame, lang: str = "vi") -> str:
    """The answer first: how many targets are met, missed, not assessable and pending, each
    count with its verdict's colour and mark; the counts that are zero left out."""
    styles = status_styles("status", lang)
    counts = verdict_counts(rows)
    items = []
    for verdict in VERDICT_ORDER:
        if counts[verdict]:
            colour, mark, _ = styles[VERDICT_STYLE.get(verdict, "not_available")]
            words = text("plan_count", lang).format(
                verdict=text(f"verdict_{verdict}", lang), n=counts[verdict]
            )
            items.append(f"<li>{status_badge(colour, mark, words)}</li>")
    intro = html.escape(text("plan_intro", lang).format(years=years_text(rows)))
    return f'<p class="lead">{intro}</p>\n<ul class="verdicts">{"".join(items)}</ul>'


def others_html(table: pd.DataFrame, plan: str, lang: str = "vi") -> str:
    """The other plans with targets ending in the same years, each linked to its verdict page
    with its counts; ``""`` when there is none."""
    others = overlapping_plans(table, plan)
    if not others:
        return ""
    names = plan_names(lang=lang)
    items = []
    for other in others:
        rows = plan_rows(table, other)
        counts = verdict_counts(rows)
        said = ", ".join(
            text("plan_count", lang).format(verdict=text(f"verdict_{v}", lang).lower(), n=n)
            for v, n in counts.items()
            if n
        )
        link = html.escape(href("plan", lang, other), quote=True)
        items.append(f'<li><a href="{link}">{html.escape(names.get(other, other))}</a>: '
                     f"{html.escape(said)}</li>")  # fmt: skip
    title = html.escape(text("plan_others_title", lang))
    intro = html.escape(text("plan_others_intro", lang))
    return f"<h2>{title}</h2>\n<p>{intro}</p>\n<ul>{''.join(items)}</ul>"


def plan_csv(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The plan's rows for download: every column of :func:`hpdata.progress` (base units) and
    the page's cells beside them."""
    shown = targets_table(rows, lang)
    shown.columns = [f"{c} ({text('shown_as', lang)})" for c in shown.columns]
    return pd.concat([rows.reset_index(drop=True), shown.reset_index(drop=True)], axis=1)
