"""An indicator page's parts: its title, status, targets with their status, the status after
each report and its metadata.
"""

from __future__ import annotations

import html

import pandas as pd

from ..i18n import check_lang, text
from ..load import indicators, sources
from ..numberstyle import MISSING
from ..params import check_indicator
from ..periods import parse_period, period_text
from .cells import (
    PathLike,
    indicator_names,
    observation_rows,
    status_table,
    target_cell,
    thresholds_text,
    unit_words,
)
from .cite import source_date, source_label
from .markup import (
    details_section,
    html_table,
    status_badge,
    status_styles,
)
from .pages import href

__all__ = [
    "caveat_html",
    "history_html",
    "history_table",
    "indicator_metadata",
    "indicator_metadata_html",
    "indicator_page_title",
    "targets_status_html",
]


def caveat_html(progress: pd.DataFrame, indicator: str, lang: str = "vi") -> str:
    """An indicator's status and caveat from :func:`hpdata.progress`, as an escaped paragraph."""
    check_lang(lang)
    hit = progress[progress["indicator"] == indicator]
    if hit.empty:
        return ""
    row = hit.iloc[0]
    colour, mark, words = status_styles("status", lang)[str(row["status"])]
    parts = [f"<strong>{html.escape(text('status', lang))}:</strong> "
             f"{status_badge(colour, mark, words)}"]  # fmt: skip
    if row["caveat"]:
        parts.append(
            f"<strong>{html.escape(text('caveat', lang))}:</strong> {html.escape(row['caveat'])}"
        )
    return "<p>" + "<br>".join(parts) + "</p>"


def indicator_page_title(indicator: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """An indicator page's title: its name, the city and its latest period (the latest result's,
    else its first target's): ``Thu nội địa — Hải Phòng, quý 1/2023``."""
    from .pages import indicator_title

    check_indicator(indicator, data_dir)
    obs = observation_rows(indicator, None, data_dir)
    results = obs[obs["kind"] == "result"]
    rows = results if len(results) else obs
    period = ""
    if len(rows):
        period = max((str(p) for p in rows["period"]), key=lambda c: parse_period(c).end)
    name = indicator_names(lang, data_dir)[indicator]
    return indicator_title(name, period, lang, data_dir)


def indicator_metadata(
    indicator: str, lang: str = "vi", data_dir: PathLike = None
) -> list[tuple[str, str]]:
    """An indicator's metadata as ``(field, value)`` pairs in ``lang``: definition, unit, the
    better direction, its sources with their dates, the method's thresholds, the publication
    date of its latest source (from the data) and when its metadata last changed (the curator's
    ``updated`` column of ``indicators.csv``)."""
    from babel.dates import format_date

    check_lang(lang)
    check_indicator(indicator, data_dir)
    row = indicators(data_dir).set_index("indicator").loc[indicator]
    better = "direction_up" if str(row["higher_is_better"]).lower() == "true" else "direction_down"
    used = set(observation_rows(indicator, None, data_dir)["source_id"].astype(str))
    src = sources(data_dir)
    cited = [source_label(s, lang, data_dir) for s in src["source_id"] if s in used]
    dates = src.loc[src["source_id"].astype(str).isin(used), "published"]
    latest = format_date(dates.max().date(), "long", locale=lang) if len(dates) else MISSING
    updated = str(row["updated"])
    when = format_date(pd.Timestamp(updated).date(), "long", locale=lang) if updated else MISSING
    return [
        (text("definition", lang), str(row[f"definition_{lang}"]) or MISSING),
        (text("unit", lang), unit_words(str(row["unit"]), lang, data_dir)),
        (text("direction", lang), text(better, lang)),
        (text("sources_dated", lang), "; ".join(cited) or MISSING),
        (text("method", lang), f"{text('legend_rule', lang)} ({thresholds_text(lang, data_dir)})"),
        (text("latest_published", lang), latest),
        (text("last_changed", lang), when),
    ]


def indicator_metadata_html(
    indicator: str, lang: str = "vi", progress: pd.DataFrame | None = None
) -> str:
    """The metadata section of an indicator page (see :func:`indicator_metadata`), with a link
    to the page describing the method."""
    from .pages import meta_list

    items = indicator_metadata(indicator, lang)
    method_link = (
        f'<p><a href="{href("method", lang)}">{html.escape(text("method_title", lang))}</a></p>'
    )
    return details_section("metadata_title", None, meta_list(items) + method_link, lang)


def targets_status_html(indicator: str, progress: pd.DataFrame, lang: str = "vi") -> str:
    """An indicator's targets, one row each with its status: the target in words, the result it
    is judged on, the status (colour, mark, word) and the plan pace, from ``progress`` (the
    rows of :func:`hpdata.progress` for every target)."""
    check_lang(lang)
    rows = progress[progress["indicator"] == indicator]
    table = status_table(rows, lang)[
        [text(c, lang) for c in ("target", "result", "status", "plan_status")]
    ]
    table.index = [f"t{i}" for i in range(len(table))]
    styles, plans = status_styles("status", lang), status_styles("plan_status", lang)
    status_col, plan_col = text("status", lang), text("plan_status", lang)
    cells = {
        key: {
            status_col: status_badge(*styles[str(row["status"])]),
            plan_col: status_badge(*plans[str(row["plan_status"])]),
        }
        for key, (_, row) in zip(table.index, rows.iterrows(), strict=True)
    }
    return html_table(table, cells=cells, label=text("targets_title", lang),
                      empty=text("none_listed", lang))  # fmt: skip


def _history_rows(indicator: str, lang: str, data_dir: PathLike) -> pd.DataFrame:
    from ..analysis.tracker import history

    rows = history(data_dir, lang=lang)
    return rows[rows["indicator"] == indicator]


def history_table(
    indicator: str, lang: str = "vi", data_dir: PathLike = None, rows: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The status of each of ``indicator``'s targets as it stood after each report
    (:func:`hpdata.history`, or its ``rows`` for the indicator), for readers: the report's date,
    the target, the result period, the status."""
    rows = _history_rows(indicator, lang, data_dir) if rows is None else rows
    return pd.DataFrame(
        {
            text("history_report", lang): [source_date(p, lang) for p in rows["report_published"]],
            text("target", lang): [target_cell(r, lang) for _, r in rows.iterrows()],
            text("result_period", lang): [
                period_text(str(p), lang, data_dir) for p in rows["result_period"]
            ],
            text("status", lang): list(rows["status_label"]),
        }
    )


def history_html(indicator: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """:func:`history_table` as HTML, each status with its colour and mark."""
    rows = _history_rows(indicator, lang, data_dir)
    table = history_table(indicator, lang, data_dir, rows)
    table.index = [f"h{i}" for i in range(len(table))]
    styles, status_col = status_styles("status", lang), text("status", lang)
    cells = {
        key: {status_col: status_badge(*styles[str(code)])}
        for key, code in zip(table.index, rows["status"], strict=True)
    }
    return html_table(table, cells=cells, label=text("history_title", lang),
                      empty=text("no_history", lang))  # fmt: skip
