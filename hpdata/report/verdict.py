"""An indicator page's headline block, in the order a reader asks: the verdict (status word and
mark), the figure that decides it against its target or benchmark, one plain sentence.

Where the sources set no target but state a share of the annual plan, the verdict is the plan
pace ("Behind the benchmark: 18% of the annual plan by Q1 2023"), never "Not available". Every
word comes from ``data/labels.csv`` (``verdict_*``) and ``data/vocabularies.csv``.
"""

from __future__ import annotations

import html

import pandas as pd

from ..analysis.status import sort_by_urgency
from ..analysis.wording import plan_pace_text
from ..i18n import check_lang, text
from ..numberstyle import fmt, ratio
from ..periods import period_text
from .cells import result_cell, target_cell
from .markup import html_table, is_missing, status_badge, status_styles
from .pages import href

__all__ = ["deciding_row", "verdict", "verdict_html", "verdict_table_html"]

NONE = "not_available"


def deciding_row(progress: pd.DataFrame, indicator: str) -> pd.Series | None:
    """The row of :func:`hpdata.progress` that decides an indicator's verdict: its most urgent
    target judged against a result, else its first row with a share of the annual plan, else its
    first row; ``None`` when the indicator has no row."""
    rows = progress[progress["indicator"] == indicator]
    if rows.empty:
        return None
    judged = rows[rows["status"].astype(str) != NONE]
    if len(judged):
        return sort_by_urgency(judged).iloc[0]
    planned = rows[rows["plan_status"].astype(str) != NONE]
    return (planned if len(planned) else rows).iloc[0]


def _figure(row: pd.Series, scheme: str, lang: str) -> str:
    """The deciding figure in words: the plan pace, the growth against the growth needed, the
    result against the target, or the target with no result yet."""
    period = str(row["result_period"] or "")
    when = period_text(period, lang) if period else ""
    if scheme == "plan_status":
        return text("verdict_figure_plan", lang).format(period=when, pace=plan_pace_text(row, lang))
    if str(row["status"]) == NONE:
        return text("verdict_figure_none", lang).format(target=target_cell(row, lang))
    if not is_missing(row["progress_ratio"]):
        return text("verdict_figure_growth", lang).format(
            observed=fmt(row["observed_growth"], "percent", lang),
            required=fmt(row["required_growth"], "percent", lang),
            ratio=ratio(row["progress_ratio"], lang),
            period=when,
        )
    return text("verdict_figure_result", lang).format(
        result=result_cell(row, lang), target=target_cell(row, lang)
    )


def verdict(progress: pd.DataFrame, indicator: str, lang: str = "vi") -> dict[str, str] | None:
    """An indicator's verdict as ``{scheme, code, colour, mark, word, figure, sentence,
    caveat}``: the status against its target when a result can be judged, else the annual plan
    pace when the sources state a share of the plan, else "not available" with the target."""
    check_lang(lang)
    row = deciding_row(progress, indicator)
    if row is None:
        return None
    scheme = "status"
    if str(row["status"]) == NONE and str(row["plan_status"]) != NONE:
        scheme = "plan_status"
    code = str(row[scheme])
    colour, mark, word = status_styles(scheme, lang)[code]
    benchmark = row["benchmark"]
    sentence = text(f"verdict_{scheme}_{code}", lang).format(
        name=str(row["name"]),
        benchmark=fmt(benchmark, "percent", lang) if not is_missing(benchmark) else "",
        period=period_text(str(row["result_period"]), lang) if row["result_period"] else "",
    )
    return {
        "scheme": scheme,
        "code": code,
        "colour": colour,
        "mark": mark,
        "word": word,
        "figure": _figure(row, scheme, lang),
        "sentence": sentence,
        "caveat": str(row["caveat"] or ""),
    }


def verdict_html(progress: pd.DataFrame, indicator: str, lang: str = "vi") -> str:
    """The headline block of an indicator page (:func:`verdict`), escaped: the status word and
    mark (``.verdict-status``), the deciding figure (``.verdict-figure``), the sentence and the
    caveat."""
    found = verdict(progress, indicator, lang)
    if found is None:
        return ""
    esc = html.escape
    parts = [
        f'<section class="verdict" aria-label="{esc(text("status", lang), quote=True)}"'
        f' style="border-left-color:{esc(found["colour"], quote=True)}">',
        f'<p class="verdict-status">{status_badge(found["colour"], found["mark"], found["word"])}'
        "</p>",
        f'<p class="verdict-figure">{esc(found["figure"])}</p>',
        f'<p class="verdict-sentence">{esc(found["sentence"])}</p>',
    ]
    if found["caveat"]:
        parts.append(
            f'<p class="note"><strong>{esc(text("caveat", lang))}:</strong> '
            f"{esc(found['caveat'])}</p>"
        )
    return "".join(parts) + "</section>"


def verdict_table_html(progress: pd.DataFrame, lang: str = "vi", *, level: int = 2) -> str:
    """One verdict per indicator (:func:`verdict`), most urgent first: its name (a link to its
    page), the status word and mark, the figure that decides it and a numbered caveat; then,
    under their own heading, the indicators with nothing to judge yet and their targets.
    ``level``: the headings' level (the caveat notes' one below)."""
    from .overview import caveat_notes_html

    check_lang(lang)
    chosen = [deciding_row(progress, i) for i in dict.fromkeys(progress["indicator"])]
    ordered = sort_by_urgency(
        pd.DataFrame([r for r in chosen if r is not None]).reset_index(drop=True)
    )
    name, word, figure = (
        text("indicator", lang),
        text("status", lang),
        text("deciding_figure", lang),
    )
    caveat, target = text("caveat", lang), text("target", lang)
    judged, waiting, cells, notes = [], [], {}, []
    for row in ordered.itertuples(index=False):
        found = verdict(progress, row.indicator, lang)
        key = str(row.indicator)
        link = f'<a href="{href("indicator", lang, key)}">{html.escape(str(row.name))}</a>'
        cells[key] = {name: link, word: status_badge(found["colour"], found["mark"], found["word"])}
        if found["code"] == NONE:
            waiting.append(
                {"key": key, name: row.name, target: target_cell(pd.Series(row._asdict()), lang)}
            )
            continue
        mark = ""
        if found["caveat"]:
            notes.append((key, str(row.name), found["caveat"]))
            mark = f"[{len(notes)}]"
            cells[key][caveat] = f'<a href="#caveat-{html.escape(key, quote=True)}">{mark}</a>'
        judged.append({"key": key, name: row.name, word: found["word"], figure: found["figure"],
                       caveat: mark})  # fmt: skip
    parts = [f"<h{level}>{html.escape(text('status_assessed_title', lang))}</h{level}>"]
    parts.append(_table(judged, [name, word, figure, caveat], cells, lang,
                        text("status_assessed_title", lang)))  # fmt: skip
    parts.append(f"<h{level}>{html.escape(text('status_unassessed_title', lang))}</h{level}>")
    parts.append(
        _table(waiting, [name, target], cells, lang, text("status_unassessed_title", lang))
    )
    return "".join(parts) + caveat_notes_html(notes, lang, level + 1)


def _table(rows: list[dict], columns: list[str], cells: dict, lang: str, label: str) -> str:
    frame = pd.DataFrame(rows, columns=["key", *columns]).set_index("key")
    return html_table(frame, cells=cells, label=label, empty=text("none_listed", lang))
