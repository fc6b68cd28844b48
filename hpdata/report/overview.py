"""The overview and the index: the answer first (headline, status table by urgency, legend),
what changed, the targets with no result, the sources cited, the downloads and titles.
"""

from __future__ import annotations

import html

import pandas as pd

from ..analysis.progress import latest_period
from ..analysis.status import legend_note, sort_by_urgency, status_legend
from ..analysis.wording import headline, plan_pace_text
from ..i18n import check_lang, text
from ..load import results, sources
from ..numberstyle import MISSING
from ..periods import parse_period, period_text
from .cells import (
    PathLike,
    row_keys,
    status_table,
    target_cell,
)
from .cite import source_label
from .markup import (
    html_table,
    status_badge,
    status_styles,
    vi_cells,
)
from .pages import href

__all__ = [
    "caveat_notes_html",
    "changes_html",
    "cited_sources",
    "headline_html",
    "latest_result_text",
    "lead_html",
    "legend_html",
    "no_result_html",
    "no_result_targets",
    "overview_title",
    "progress_csv",
    "progress_text",
    "status_html",
]


def lead_html(lang: str = "vi", as_of: str | None = None) -> str:
    """The overview's lead: the index gives the verdicts, this page the figures behind them (with
    the latest result period), and a link to the index."""
    words = text("overview_lead", lang).format(period=latest_result_text(lang, as_of))
    link = f'<a href="{href("index", lang)}">{html.escape(text("overview_lead_link", lang))}</a>'
    return f'<p class="lead">{html.escape(words)} {link}</p>'


def headline_html(lang: str = "vi", as_of: str | None = None) -> str:
    """The answer first: :func:`hpdata.analysis.wording.headline` as the page's lead paragraph."""
    return f'<p class="lead">{html.escape(headline(lang, as_of=as_of))}</p>'


def status_html(
    progress: pd.DataFrame, lang: str = "vi", *, link: bool = True, level: int = 3
) -> str:
    """The status table for a page, most urgent first: the indicators that can be assessed
    (against a target or the annual plan), each status as colour, mark and word; below them,
    under their own heading, the indicators with nothing to compare. With ``link`` each
    indicator's name links to its page. ``level``: the level of its headings (``h3``; its
    caveat notes' one level below)."""
    check_lang(lang)
    ordered = sort_by_urgency(progress)
    table = status_table(ordered, lang)
    keys = row_keys(ordered)
    table.index = keys
    name_col, status_col = text("indicator", lang), text("status", lang)
    plan_col = text("plan_status", lang)
    styles, plans = status_styles("status", lang), status_styles("plan_status", lang)
    cells: dict[str, dict[str, str]] = {}
    for key, (_, row) in zip(keys, ordered.iterrows(), strict=True):
        colour, mark, words = styles[str(row["status"])]
        plan = plans[str(row["plan_status"])]
        pace_words = ""
        if str(row["plan_status"]) != "not_available":
            pace_words = f'<span class="gloss">{html.escape(plan_pace_text(row, lang))}</span>'
        cells[key] = {
            status_col: status_badge(colour, mark, words),
            plan_col: status_badge(*plan) + pace_words,
        }
        if link:
            name = html.escape(str(row["name"]))
            page = href("indicator", lang, str(row["indicator"]))
            cells[key][name_col] = f'<a href="{page}">{name}</a>'
    caveat_col = text("caveat", lang)
    notes = []
    for key, (_, row) in zip(keys, ordered.iterrows(), strict=True):
        if row["caveat"]:
            notes.append((key, str(row["name"]), str(row["caveat"])))
            cells[key][caveat_col] = f'<a href="#caveat-{key}">[{len(notes)}]</a>'
    nothing = (ordered["status"].astype(str) == "not_available") & (
        ordered["plan_status"].astype(str) == "not_available"
    )
    assessed = table[~nothing.to_numpy()]
    rest = table[nothing.to_numpy()][
        [name_col, text("target", lang), text("result", lang), text("caveat", lang)]
    ]
    return "".join(
        [
            f"<h{level}>{html.escape(text('status_assessed_title', lang))}</h{level}>",
            html_table(assessed, cells=cells, label=text("status_assessed_title", lang),
                       empty=text("none_listed", lang)),
            f"<h{level}>{html.escape(text('status_unassessed_title', lang))}</h{level}>",
            html_table(rest, cells=cells, label=text("status_unassessed_title", lang),
                       empty=text("none_listed", lang)),
            caveat_notes_html(notes, lang, level + 1),
        ]
    )  # fmt: skip


def caveat_notes_html(notes: list[tuple[str, str, str]], lang: str = "vi", level: int = 4) -> str:
    """The caveats of a status table as numbered notes below it (``id="caveat-<indicator>"``),
    so the table's rows stay short: ``notes`` is ``(indicator, name, caveat)`` in table order,
    under a heading of ``level``."""
    if not notes:
        return ""
    items = "".join(
        f'<li id="caveat-{html.escape(key, quote=True)}"><strong>{html.escape(name)}:</strong> '
        f"{html.escape(caveat)}</li>"
        for key, name, caveat in notes
    )
    heading = f"<h{level}>{html.escape(text('caveat', lang))}</h{level}>"
    return f'{heading}<ol class="notes">{items}</ol>'


def legend_html(lang: str = "vi", data_dir: PathLike = None, level: int = 2) -> str:
    """What each status means, with its threshold, most urgent first: the status against the
    target and the annual plan pace (:func:`hpdata.analysis.status.status_legend`), under a
    heading of ``level`` (``h2``; each scheme's one level below)."""
    check_lang(lang)
    sub = level + 1
    parts = [
        '<section class="legend-box" aria-labelledby="legend">'
        f'<h{level} id="legend">{html.escape(text("legend_title", lang, data_dir))}</h{level}>'
    ]
    for scheme in ("status", "plan_status"):
        legend = status_legend(scheme, lang, data_dir)
        items = "".join(
            f"<li>{status_badge(r.colour, r.mark, r.label)}: {html.escape(r.rule)}</li>"
            for r in legend.itertuples()
        )
        title = text(f"legend_{'status' if scheme == 'status' else 'plan'}_title", lang, data_dir)
        parts.append(
            f"<h{sub}>{html.escape(title)}</h{sub}>"
            f"<p>{html.escape(legend_note(scheme, lang, data_dir))}</p>"
            f'<ul class="legend">{items}</ul>'
        )
    parts.append("</section>")
    return "".join(parts)


#: The columns of the text table by importance: the last ones are left out first when the
#: terminal is too narrow (label keys; ``#`` is the caveat's number).
TEXT_KEEP = (
    "indicator", "status", "target", "result", "progress_ratio", "plan_status",
    "share_of_plan", "observed_growth", "required_growth",
)  # fmt: skip


def progress_text(
    progress: pd.DataFrame, lang: str = "vi", width: int = 48, columns: int | None = None
) -> str:
    """The status table as plain text for a terminal (caveats listed below it, numbered).

    With ``columns`` (the terminal's width) no line is wider: indicator names are shortened,
    then the least important columns left out (:data:`TEXT_KEEP`), and a last line names them
    and says how to get every column (``text_table_hidden`` of ``labels.csv``)."""
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
    hidden: list[str] = []
    if columns is None:
        body = table.to_string(index=False)
    else:
        from ..texttable import fit

        keep = ["#", *(text(key, lang) for key in TEXT_KEEP)]
        body, hidden = fit(table, columns, keep, shorten=text("indicator", lang))
    out = f"{text('progress_title', lang)}\n\n{body}\n\n{caveat}:\n" + "\n".join(lines)
    if hidden:
        out += "\n\n" + text("text_table_hidden", lang).format(columns=", ".join(hidden))
    if columns is None:
        return out
    from ..texttable import wrap

    return wrap(out, columns)


def progress_csv(progress: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The overview's status table for download: every column of :func:`hpdata.progress` (base
    units) and the formatted cells of :func:`status_table` beside them."""
    shown = status_table(progress, lang)
    shown.columns = [f"{c} ({text('shown_as', lang)})" for c in shown.columns]
    return pd.concat([progress.reset_index(drop=True), shown.reset_index(drop=True)], axis=1)


def no_result_targets(progress: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The targets that have no result yet: indicator, target as stated, quote and source."""
    check_lang(lang)
    rows = progress[(progress["target_measure"] != "") & (progress["result_period"] == "")]
    columns = ["indicator", "target", "quote", "source"]
    table = pd.DataFrame(
        {
            "indicator": list(rows["name"]),
            "target": [target_cell(r, lang) for _, r in rows.iterrows()],
            "quote": list(rows["target_quote"]),
            "source": [source_label(s, lang) for s in rows["target_source"]],
        },
        columns=columns,
    )
    return table.rename(columns={c: text(c, lang) for c in columns})


def no_result_html(progress: pd.DataFrame, lang: str = "vi") -> str:
    """:func:`no_result_targets` as HTML: each indicator linked to its page, each quote marked
    Vietnamese."""
    table = no_result_targets(progress, lang)
    rows = progress[(progress["target_measure"] != "") & (progress["result_period"] == "")]
    table.index = list(rows["indicator"])
    cells = vi_cells(table, [text("quote", lang)], lang)
    name = text("indicator", lang)
    for key, row in table.iterrows():
        link = href("indicator", lang, str(key))
        cells[str(key)][name] = f'<a href="{link}">{html.escape(str(row[name]))}</a>'
    return html_table(table, cells=cells, empty=text("none_listed", lang))


def changes_html(lang: str = "vi", data_dir: PathLike = None) -> str:
    """What changed with the latest report (:func:`hpdata.changes`), one sentence per change
    (statuses that moved, new targets, revisions), or a line saying there is no change."""
    from ..analysis.tracker import changes
    from ..analysis.wording import change_text

    rows = changes(data_dir, lang=lang)
    if rows.empty:
        return f"<p>{html.escape(text('no_changes', lang))}</p>"
    items = "".join(
        f"<li>{html.escape(change_text(row, lang, data_dir))}</li>"
        for row in rows.to_dict("records")
    )
    return f'<ul class="changes">{items}</ul>'


def latest_result_text(
    lang: str = "vi", as_of: str | None = None, data_dir: PathLike = None
) -> str:
    """The latest result period of the data (at or before ``as_of``), in words: the period the
    overview compares with (``quý 1/2023``), chosen as :func:`hpdata.analysis.progress.latest_period`
    chooses it; ``–`` when there is no result."""
    res = results(data_dir)
    if as_of:
        limit = parse_period(as_of).end + 1e-9
        res = res[[parse_period(str(p)).end <= limit for p in res["period"]]]
    rows = latest_period(res)
    return period_text(str(rows["period"].iloc[0]), lang, data_dir) if len(rows) else MISSING


def overview_title(lang: str = "vi", as_of: str | None = None, data_dir: PathLike = None) -> str:
    """The overview's title: ``overview_title`` of ``labels.csv`` with the latest result period
    (:func:`latest_result_text`), so it stays true when a new report is added."""
    period = latest_result_text(lang, as_of, data_dir)
    return text("overview_title", lang, data_dir).format(period=period)


def cited_sources(progress: pd.DataFrame) -> list[str]:
    """The ids of the sources a progress table cites (targets and results), in sources.csv order."""
    used = {s for s in (*progress["target_source"], *progress["result_source"]) if s}
    return [s for s in sources()["source_id"] if s in used]
