"""Tables for readers, in one language: the progress table, an indicator's stated and derived
figures, the targets with no result, the sources, and a source's text with its figures highlighted.

HTML built here is self-contained (inline styles, no script, nothing loaded from the network) and
escapes every piece of data.
"""

from __future__ import annotations

import hashlib
import html
import math
import os
import re
from dataclasses import dataclass

import pandas as pd

from .. import paths
from ..analysis.formatting import MISSING, fmt, fmt_bound, number, ratio
from ..analysis.progress import DEFAULT_THRESHOLDS, latest_period
from ..analysis.status import legend_note, sort_by_urgency, status_legend
from ..analysis.wording import headline, plan_pace_text, target_text
from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import indicators, label, method, observations, results, source_text, sources
from ..params import check_indicator, check_source_id
from ..periods import parse_period, period_text
from .cite import source_date, source_label, source_title
from .pages import href

STATUS_COLUMNS = [
    "indicator", "target", "result", "observed_growth", "required_growth",
    "progress_ratio", "status", "share_of_plan", "plan_status", "caveat",
]  # fmt: skip


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


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
    if not _nan(row["result_level"]):
        figure = fmt(row["result_level"], row["unit"], lang)
    elif not _nan(row["result_growth"]):
        figure = fmt(row["result_growth"], "percent", lang)
    elif not _nan(row["result_share"]):
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
                label if not _nan(p) else MISSING
                for label, p in zip(progress["plan_status_label"], progress["pace"], strict=True)
            ],
            "caveat": progress["caveat"],
        }
    )
    return out.rename(columns={c: text(c, lang) for c in STATUS_COLUMNS})


# --- the answer first: headline, status marks, legend -------------------------------------


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (``#RRGGBB``): black when its WCAG
    contrast ratio, (L + 0.05) / 0.05 with L the relative luminance, is at least 4.5.

    Examples
    --------
    >>> ink("#F0E442"), ink("#0072B2")
    ('#000', '#fff')
    """

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return "#000" if (lum + 0.05) / 0.05 >= 4.5 else "#fff"


def status_badge(colour: str, mark: str, words: str) -> str:
    """A status as colour, mark and word: ``<span class="status-mark" style="background:…">✓
    </span>Đã đạt mục tiêu`` (the mark is hidden from screen readers; the word says it)."""
    style = f"background:{colour};color:{ink(colour)}"
    return (
        f'<span class="status-mark" style="{html.escape(style, quote=True)}" '
        f'aria-hidden="true">{html.escape(mark)}</span>{html.escape(words)}'
    )


def _styles(scheme: str, lang: str) -> dict[str, tuple[str, str, str]]:
    """``{code: (colour, mark, label)}`` of a status scheme, from ``statuses.csv``."""
    legend = status_legend(scheme, lang)
    return {r.code: (r.colour, r.mark, r.label) for r in legend.itertuples()}


def headline_html(lang: str = "vi", as_of: str | None = None) -> str:
    """The answer first: :func:`hpdata.analysis.wording.headline` as the page's lead paragraph."""
    return f'<p class="lead">{html.escape(headline(lang, as_of=as_of))}</p>'


def status_html(progress: pd.DataFrame, lang: str = "vi", *, link: bool = True) -> str:
    """The status table for a page, most urgent first: the indicators that can be assessed
    (against a target or the annual plan), each status as colour, mark and word; below them,
    under their own heading, the indicators with nothing to compare. With ``link`` each
    indicator's name links to its page."""
    check_lang(lang)
    ordered = sort_by_urgency(progress)
    table = status_table(ordered, lang)
    keys = _row_keys(ordered)
    table.index = keys
    name_col, status_col = text("indicator", lang), text("status", lang)
    plan_col = text("plan_status", lang)
    styles, plans = _styles("status", lang), _styles("plan_status", lang)
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
            f"<h3>{html.escape(text('status_assessed_title', lang))}</h3>",
            html_table(assessed, cells=cells, label=text("status_assessed_title", lang),
                       empty=text("none_listed", lang)),
            f"<h3>{html.escape(text('status_unassessed_title', lang))}</h3>",
            html_table(rest, cells=cells, label=text("status_unassessed_title", lang),
                       empty=text("none_listed", lang)),
            caveat_notes_html(notes, lang),
        ]
    )  # fmt: skip


def _row_keys(progress: pd.DataFrame) -> list[str]:
    """A key per row of a progress table, unique when an indicator has several targets: the
    indicator id, then ``-2``, ``-3``... for its second and later rows (``grdp``, ``grdp-2``).
    The keys name the table's cells and the anchors of its caveat notes."""
    seen: dict[str, int] = {}
    keys = []
    for indicator in progress["indicator"].astype(str):
        seen[indicator] = seen.get(indicator, 0) + 1
        keys.append(indicator if seen[indicator] == 1 else f"{indicator}-{seen[indicator]}")
    return keys


def caveat_notes_html(notes: list[tuple[str, str, str]], lang: str = "vi") -> str:
    """The caveats of a status table as numbered notes below it (``id="caveat-<indicator>"``),
    so the table's rows stay short: ``notes`` is ``(indicator, name, caveat)`` in table order."""
    if not notes:
        return ""
    items = "".join(
        f'<li id="caveat-{html.escape(key, quote=True)}"><strong>{html.escape(name)}:</strong> '
        f"{html.escape(caveat)}</li>"
        for key, name, caveat in notes
    )
    return f'<h4>{html.escape(text("caveat", lang))}</h4><ol class="notes">{items}</ol>'


def legend_html(lang: str = "vi", data_dir: PathLike = None) -> str:
    """What each status means, with its threshold, most urgent first: the status against the
    target and the annual plan pace (:func:`hpdata.analysis.status.status_legend`)."""
    check_lang(lang)
    parts = [
        '<section class="legend-box" aria-labelledby="legend">'
        f'<h3 id="legend">{html.escape(text("legend_title", lang, data_dir))}</h3>'
    ]
    for scheme in ("status", "plan_status"):
        legend = status_legend(scheme, lang, data_dir)
        items = "".join(
            f"<li>{status_badge(r.colour, r.mark, r.label)}: {html.escape(r.rule)}</li>"
            for r in legend.itertuples()
        )
        title = text(f"legend_{'status' if scheme == 'status' else 'plan'}_title", lang, data_dir)
        parts.append(
            f"<h4>{html.escape(title)}</h4>"
            f"<p>{html.escape(legend_note(scheme, lang, data_dir))}</p>"
            f'<ul class="legend">{items}</ul>'
        )
    parts.append("</section>")
    return "".join(parts)


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


# --- profiles and audits: observations, derived figures, sources -----------------------------

PathLike = str | os.PathLike[str] | None

OBSERVATION_TABLE_COLUMNS = [
    "obs_id", "indicator", "kind", "measure", "period", "figure", "quote", "source", "note",
]  # fmt: skip


def observation_id(index: int) -> str:
    """The anchor id of an observation: ``obs-<n>``, ``n`` its 1-based row in observations.csv."""
    return f"obs-{int(index) + 1}"


def quote_id(index: int) -> str:
    """The anchor id of an observation's quote in the highlighted source text: ``quote-<n>``."""
    return f"quote-{int(index) + 1}"


def _observation_rows(
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


def observations_table(
    indicator: str | None = None,
    lang: str = "vi",
    *,
    source_id: str | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Every stated figure of an indicator (or a source, or all), with its quote and source.

    Parameters
    ----------
    indicator : str, optional
        An id of ``data/indicators.csv``; all indicators when None.
    lang : {"vi", "en"}
    source_id : str, optional
        Keep only the figures of this source.

    Returns
    -------
    pandas.DataFrame
        One row per observation, indexed by its anchor id (``obs-<n>``), with columns labelled in
        ``lang``: #, indicator, kind, measure, period, figure (as stated: ``trên 75 nghìn tỷ
        đồng``), quote, source (name and date) and the curator's note.

    Raises
    ------
    ParameterError
        For an unknown indicator, source id or language (the valid values are listed).
    """
    check_lang(lang)
    obs = _observation_rows(indicator, source_id, data_dir)
    names = _indicator_names(lang, data_dir)
    rows = []
    for index, row in obs.iterrows():
        high = None if _nan(row["high"]) else float(row["high"])
        rows.append(
            {
                "obs_id": str(int(index) + 1),
                "indicator": names.get(str(row["indicator"]), str(row["indicator"])),
                "kind": label("kind", str(row["kind"]), lang, data_dir),
                "measure": label("measure", str(row["measure"]), lang, data_dir),
                "period": period_text(str(row["period"]), lang, data_dir),
                "figure": fmt_bound(
                    str(row["bound"]), float(row["value"]), high, str(row["unit"]), lang
                ),
                "quote": str(row["quote"]),
                "source": source_label(str(row["source_id"]), lang, data_dir),
                "note": str(row["note_vi"] if lang == "vi" else row["note"]),
            }
        )
    table = pd.DataFrame(rows, columns=OBSERVATION_TABLE_COLUMNS)
    table.index = pd.Index([observation_id(i) for i in obs.index], name=None)
    return table.rename(columns={c: text(c, lang) for c in OBSERVATION_TABLE_COLUMNS})


def _indicator_names(lang: str, data_dir: PathLike) -> dict[str, str]:
    ind = indicators(data_dir)
    column = "name_en" if lang == "en" else "name_vi"
    return dict(zip(ind["indicator"], ind[column], strict=True))


def html_table(
    table: pd.DataFrame,
    *,
    row_ids: bool = False,
    links: dict[str, dict[str, str]] | None = None,
    caption: str | None = None,
    empty: str | None = None,
    cells: dict[str, dict[str, str]] | None = None,
    label: str | None = None,
) -> str:
    """A DataFrame as a self-contained HTML table, every cell HTML-escaped, in a box that
    scrolls sideways on its own if it must (its first column stays in view); each cell carries
    its column's name (``data-label``), so a phone shows each row as a stack of labelled cells.

    With ``empty``, an empty ``table`` gives that text (escaped, in a paragraph) instead.

    Parameters
    ----------
    table : DataFrame
        Shown without its index; with ``row_ids`` the index gives each ``<tr>`` its ``id``.
    links : dict, optional
        ``{row_id: {column: href}}``: wrap that cell's (escaped) text in a link.
    caption : str, optional
    cells : dict, optional
        ``{row_id: {column: html}}``: HTML already built (and escaped) by the caller, used as is.
    label : str, optional
        The accessible name of the scrolling box (default: the caption, else the first header).
    """
    if empty is not None and table.empty:
        return f"<p>{html.escape(empty)}</p>"
    links = links or {}
    cells = cells or {}
    name = label or caption or (str(table.columns[0]) if len(table.columns) else "")
    out = [
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{html.escape(name)}">'
        '<table class="hpdata-table">'
    ]
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    labels = [html.escape(str(c), quote=True) for c in table.columns]
    head = "".join(f'<th scope="col">{c}</th>' for c in labels)
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for key, row in table.iterrows():
        rid = f' id="{html.escape(str(key), quote=True)}"' if row_ids else ""
        row_cells = []
        for column, data_label in zip(table.columns, labels, strict=True):
            value = row[column]
            body = cells.get(str(key), {}).get(str(column))
            if body is None:
                body = html.escape(MISSING if _nan(value) else str(value))
                target = links.get(str(key), {}).get(str(column))
                if target:
                    body = f'<a href="{html.escape(target, quote=True)}">{body}</a>'
            row_cells.append(f'<td data-label="{data_label}"><div class="cell">{body}</div></td>')
        out.append(f"<tr{rid}>{''.join(row_cells)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


_QUOTED = re.compile(r'"[^"]*"')


def mark_vietnamese(note: str) -> str:
    """A curator's note as HTML: escaped, each quoted Vietnamese phrase in it (``"giảm"``)
    marked ``lang="vi"`` so that an English page says which words are Vietnamese.

    Examples
    --------
    >>> mark_vietnamese('"giảm" (down) & more')
    '<span lang="vi">&quot;giảm&quot;</span> (down) &amp; more'
    """
    out, pos = [], 0
    for m in _QUOTED.finditer(note):
        out.append(html.escape(note[pos : m.start()]))
        out.append(f'<span lang="vi">{html.escape(m.group(0))}</span>')
        pos = m.end()
    out.append(html.escape(note[pos:]))
    return "".join(out)


def quote_html(quote: str, lang: str, gloss: str = "") -> str:
    """A quote as it stands in its (Vietnamese) source, marked ``lang="vi"``; on an English page
    followed by ``gloss``, an English gist of what it states."""
    body = f'<q lang="vi">{html.escape(quote)}</q>'
    if lang != "vi" and gloss:
        body += f'<span class="gloss">{html.escape(gloss)}</span>'
    return body


def quote_gloss(row: pd.Series | dict, lang: str, data_dir: PathLike = None) -> str:
    """An English gist of one observation's quote, generated from the row: indicator, measure,
    period and figure (``Gist: Export turnover, level, Q1 2023: USD 5.96 billion``)."""
    high = None if _nan(row["high"]) else float(row["high"])
    figure = fmt_bound(str(row["bound"]), float(row["value"]), high, str(row["unit"]), lang)
    return text("quote_gloss", lang, data_dir).format(
        indicator=_indicator_names(lang, data_dir).get(str(row["indicator"]), ""),
        measure=label("measure", str(row["measure"]), lang, data_dir).lower(),
        period=period_text(str(row["period"]), lang, data_dir),
        figure=figure,
    )


def observations_html(
    indicator: str | None = None,
    lang: str = "vi",
    *,
    source_id: str | None = None,
    link_quotes: bool = False,
    data_dir: PathLike = None,
) -> str:
    """:func:`observations_table` as HTML, each row with the id ``obs-<n>``.

    Each quote is marked ``lang="vi"`` (with an English gist on English pages). On an indicator
    page each figure links to its quote on its source's page
    (``sources.<id>.<lang>.html#quote-<n>``). With ``link_quotes`` (the source audit), each row's
    # links back to its highlighted quote (``#quote-<n>``) in :func:`highlight_source`'s text and
    its indicator to the indicator's page.
    """
    table = observations_table(indicator, lang, source_id=source_id, data_dir=data_dir)
    obs = _observation_rows(indicator, source_id, data_dir)
    number_column, figure_column = text("obs_id", lang), text("figure", lang)
    indicator_column, quote_column = text("indicator", lang), text("quote", lang)
    links: dict[str, dict[str, str]] = {}
    cells: dict[str, dict[str, str]] = {}
    for index, row in obs.iterrows():
        rid = observation_id(index)
        src, qid = str(row["source_id"]), quote_id(index)
        gloss = quote_gloss(row, lang, data_dir)
        note = str(row["note_vi"] if lang == "vi" else row["note"])
        cells[rid] = {
            quote_column: quote_html(str(row["quote"]), lang, gloss),
            text("note", lang): mark_vietnamese(note) if note else MISSING,
        }
        if link_quotes:
            links[rid] = {
                number_column: f"#{qid}",
                indicator_column: href("indicator", lang, str(row["indicator"])),
            }
        else:
            links[rid] = {figure_column: href("sources", lang, src, qid)}
    return html_table(table, row_ids=True, links=links, cells=cells)


def observations_csv(
    indicator: str | None = None,
    lang: str = "vi",
    *,
    source_id: str | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """The rows an indicator or source page shows, for download: the data file's columns (values
    in base units) plus the figure as formatted, the period as written and the source's title
    and date in ``lang``."""
    check_lang(lang)
    obs = _observation_rows(indicator, source_id, data_dir).copy()
    src = sources(data_dir).set_index("source_id")
    out = pd.DataFrame(
        {
            "row": [int(i) + 1 for i in obs.index],
            **{c: obs[c].astype(str) for c in ["source_id", "indicator", "kind", "measure"]},
            "period": obs["period"].astype(str),
            "period_text": [period_text(str(p), lang, data_dir) for p in obs["period"]],
            "bound": obs["bound"].astype(str),
            "value": obs["value"],
            "high": obs["high"],
            "unit": obs["unit"].astype(str),
            "figure": [
                fmt_bound(
                    str(r.bound),
                    float(r.value),
                    None if _nan(r.high) else float(r.high),
                    str(r.unit),
                    lang,
                )
                for r in obs.itertuples()
            ],
            "quote": obs["quote"].astype(str),
            "source_title": [source_title(src.loc[str(i)], lang) for i in obs["source_id"]],
            "published": [
                source_date(src.loc[str(i), "published"], lang) for i in obs["source_id"]
            ],
            "note": [str(r.note_vi if lang == "vi" else r.note) for r in obs.itertuples()],
        }
    )
    return out


def progress_csv(progress: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The overview's status table for download: every column of :func:`hpdata.progress` (base
    units) and the formatted cells of :func:`status_table` beside them."""
    shown = status_table(progress, lang)
    shown.columns = [f"{c} ({text('shown_as', lang)})" for c in shown.columns]
    return pd.concat([progress.reset_index(drop=True), shown.reset_index(drop=True)], axis=1)


# --- derived figures with their formulas in words ------------------------------------------


def _pct(value: float, lang: str) -> str:
    return fmt(value, "percent", lang)


def _signed(value: float, lang: str) -> str:
    """A growth after ``1``: ``+ 9,65%`` or ``− 14,55%``."""
    return ("− " if value < 0 else "+ ") + _pct(abs(value), lang)


def derived_rows(row: pd.Series | dict, lang: str = "vi") -> list[dict[str, str]]:
    """The derived figures of one row of :func:`hpdata.progress`, each with its formula in words.

    Only the figures that could be computed are listed, with the numbers put into the formula
    (``Kết quả 2023-Q1 ÷ tỷ lệ kế hoạch năm: 8.132 tỷ đồng ÷ 19,13% = 42.509 tỷ đồng``).

    Returns
    -------
    list of dict
        Keys ``key`` (the PROGRESS_COLUMNS name), ``name``, ``value`` and ``formula``.
    """
    check_lang(lang)
    unit = str(row["unit"])
    period = str(row["result_period"])
    period_words = period_text(period, lang) if period else ""
    out: list[dict[str, str]] = []

    def add(key: str, value: str, formula_key: str, **parts: object) -> None:
        formula = text(formula_key, lang).format(value=value, **parts)
        out.append({"key": key, "name": text(key, lang), "value": value, "formula": formula})

    level = row["result_level"]

    def money(value: float) -> str:
        return fmt(value, unit, lang)

    if not _nan(row["implied_annual_plan"]):
        add(
            "implied_annual_plan",
            money(row["implied_annual_plan"]),
            "formula_implied_annual_plan",
            period=period_words,
            level=money(level),
            share=_pct(row["result_share_of_plan"], lang),
        )
    if not _nan(row["implied_prior_level"]):
        if not _nan(row["result_growth"]):
            add(
                "implied_prior_level",
                money(row["implied_prior_level"]),
                "formula_prior_from_growth",
                level=money(level),
                growth=_signed(row["result_growth"], lang),
            )
        else:
            add(
                "implied_prior_level",
                money(row["implied_prior_level"]),
                "formula_prior_from_share",
                level=money(level),
                share=_pct(row["result_share_of_prior"], lang),
            )
    if _nan(row["result_growth"]) and not _nan(row["observed_growth"]):
        add(
            "observed_growth",
            _pct(row["observed_growth"], lang),
            "formula_growth_from_share",
            share=_pct(row["result_share_of_prior"], lang),
        )
    if not _nan(row["pace"]):
        add(
            "pace",
            ratio(row["pace"], lang),
            "formula_pace",
            share=_pct(row["result_share_of_plan"], lang),
            benchmark=_pct(row["benchmark"], lang),
        )
    if not _nan(row["naive_run_rate"]):
        factor = 1.0 / parse_period(period).years
        add(
            "naive_run_rate",
            money(row["naive_run_rate"]),
            "formula_naive_run_rate",
            period=period_words,
            level=money(level),
            factor=number(factor, lang, 2),
        )
    measure = row["target_measure"]
    if measure == "level" and not _nan(row["annual_basis"]):
        kind = row["annual_basis_kind"] or "result"
        add("annual_basis", money(row["annual_basis"]), f"formula_basis_{kind}")
    if measure == "level" and not _nan(row["target_annual"]):
        target = float(row["target_value"])
        if not math.isclose(float(row["target_annual"]), target):
            tperiod = parse_period(str(row["target_period"]))
            add(
                "target_annual",
                money(row["target_annual"]),
                "formula_target_annual",
                period=period_text(tperiod.code, lang),
                years=round(tperiod.years),
                target=money(target),
            )
    if not _nan(row["years_left"]):
        add(
            "years_left",
            number(row["years_left"], lang, 0),
            "formula_years_left",
            target_year=parse_period(str(row["target_period"])).year,
            result_year=parse_period(period).year,
        )
    if not _nan(row["required_growth"]):
        if measure == "growth":
            add(
                "required_growth",
                _pct(row["required_growth"], lang),
                "formula_required_growth_stated",
            )
        else:
            add(
                "required_growth",
                _pct(row["required_growth"], lang),
                "formula_required_growth_level",
                target=money(row["target_annual"]),
                basis=money(row["annual_basis"]),
                years=number(row["years_left"], lang, 0),
            )
    thresholds = _thresholds_text(lang)
    status = str(row["status"])
    if status == "target_achieved":
        add("status", str(row["status_label"]), "formula_status_achieved")
    elif not _nan(row["progress_ratio"]):
        add("progress_ratio", ratio(row["progress_ratio"], lang), "formula_progress_ratio",
            observed=_pct(row["observed_growth"], lang),
            required=_pct(row["required_growth"], lang))  # fmt: skip
        add("status", str(row["status_label"]), "formula_status",
            ratio=ratio(row["progress_ratio"], lang), thresholds=thresholds)  # fmt: skip
    if not _nan(row["pace"]):
        pace_rule = {"on_pace": 1.0, "plan_met": 100.0, **method().get("plan_pace", {})}
        add("plan_status", str(row["plan_status_label"]), "formula_plan_status",
            pace=ratio(row["pace"], lang), on_pace=ratio(pace_rule["on_pace"], lang),
            plan_met=fmt(pace_rule["plan_met"], "percent", lang))  # fmt: skip
    return out


def _thresholds_text(lang: str, data_dir: PathLike = None) -> str:
    settings = {**DEFAULT_THRESHOLDS, **method(data_dir).get("status_thresholds", {})}
    return text("thresholds_text", lang).format(
        **{k: ratio(float(v), lang) for k, v in settings.items() if k in DEFAULT_THRESHOLDS}
    )


def derived_table(
    indicator: str,
    lang: str = "vi",
    progress: pd.DataFrame | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """One indicator's derived figures with their formulas in words (see :func:`derived_rows`).

    Columns (labelled in ``lang``): derived figure, value, formula. Empty (with those columns)
    when nothing can be derived, e.g. a target with no result.
    """
    check_lang(lang)
    check_indicator(indicator, data_dir)
    if progress is None:
        from ..analysis.progress import progress as compute_progress

        progress = compute_progress(data_dir, lang=lang)
    hit = progress[progress["indicator"] == indicator]
    rows = derived_rows(hit.iloc[0], lang) if len(hit) else []
    columns = ["derived_figure", "value", "formula"]
    table = pd.DataFrame(
        [[r["name"], r["value"], r["formula"]] for r in rows], columns=columns, dtype=object
    )
    return table.rename(columns={c: text(c, lang) for c in columns})


# --- overview lists -----------------------------------------------------------------------


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


SOURCE_TABLE_COLUMNS = ["title", "publisher", "published", "n_observations"]


def sources_table(
    lang: str = "vi", source_ids: list[str] | None = None, data_dir: PathLike = None
) -> pd.DataFrame:
    """The sources cited (all, or ``source_ids``): title (in ``lang``), publisher, date and how
    many figures were taken from each, indexed by source id (see :func:`sources_html`).

    The checksums are verified on load (:func:`hpdata.sources` refuses a file that does not match)
    and shown on each source's page.
    """
    check_lang(lang)
    frame = sources(data_dir)
    if source_ids is not None:
        for source_id in source_ids:
            check_source_id(source_id, data_dir)
        frame = frame[frame["source_id"].isin(source_ids)]
    counts = observations(data_dir)["source_id"].astype(str).value_counts()
    publisher = "publisher_en" if lang == "en" else "publisher"
    table = pd.DataFrame(
        {
            "title": [source_title(r, lang) for _, r in frame.iterrows()],
            "publisher": [r[publisher] or r["publisher"] or MISSING for _, r in frame.iterrows()],
            "published": [source_date(p, lang) for p in frame["published"]],
            "n_observations": [number(counts.get(i, 0), lang, 0) for i in frame["source_id"]],
        },
        columns=SOURCE_TABLE_COLUMNS,
    )
    table.index = list(frame["source_id"])
    return table.rename(columns={c: text(c, lang) for c in SOURCE_TABLE_COLUMNS})


def sources_html(lang: str = "vi", source_ids: list[str] | None = None) -> str:
    """:func:`sources_table` as HTML, each title linking to the source's page."""
    table = sources_table(lang, source_ids)
    column = text("title", lang)
    links = {str(i): {column: href("sources", lang, str(i))} for i in table.index}
    return html_table(table, links=links)


def cited_sources(progress: pd.DataFrame) -> list[str]:
    """The ids of the sources a progress table cites (targets and results), in sources.csv order."""
    used = {s for s in (*progress["target_source"], *progress["result_source"]) if s}
    return [s for s in sources()["source_id"] if s in used]


def source_metadata(source_id: str, lang: str = "vi", data_dir: PathLike = None) -> pd.DataFrame:
    """One source's metadata and checksum as a two-column table (field, value), in ``lang``.

    The SHA-256 is recomputed from the file here and compared with ``sources.csv``.
    """
    check_lang(lang)
    check_source_id(source_id, data_dir)
    frame = sources(data_dir)
    row = frame[frame["source_id"] == source_id].iloc[0]
    path = paths.data_dir(data_dir) / str(row["file"])
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    count = int((observations(data_dir)["source_id"] == source_id).sum())
    yes_no = text("yes", lang) if digest == row["sha256"] else f"✗ ({digest})"
    publisher = str(row["publisher_en"] if lang == "en" else "") or str(row["publisher"])
    items = [
        ("title", source_title(row, lang)),
        ("publisher", publisher or MISSING),
        ("published", source_date(row["published"], lang)),
        ("size", text("bytes", lang).format(n=number(len(raw), lang, 0))),
        ("sha256", str(row["sha256"])),
        ("checksum_ok", yes_no),
        ("n_observations", number(count, lang, 0)),
        ("note", str(row["note_vi"] if lang == "vi" else row["note"]) or MISSING),
    ]
    return pd.DataFrame(
        [(text(k, lang), v) for k, v in items], columns=[text("field", lang), text("value", lang)]
    )


# --- the source text with each figure highlighted ------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A quote to highlight: its anchor ``id``, the ``href`` of its row, the ``tag`` written in the
    link (``[15]``) and a ``title`` shown on hover."""

    id: str
    quote: str
    href: str
    tag: str
    title: str = ""


def _spans(text_: str, marks: list[Mark]) -> list[tuple[int, int, Mark, int]]:
    """Every occurrence of every quote as (start, end, mark, occurrence number)."""
    spans = []
    for mark in marks:
        if not mark.quote:
            continue
        start = text_.find(mark.quote)
        n = 0
        while start >= 0:
            n += 1
            spans.append((start, start + len(mark.quote), mark, n))
            start = text_.find(mark.quote, start + 1)
    # Outer spans first at the same start, so nested quotes open inside their container.
    spans.sort(key=lambda s: (s[0], -s[1]))
    return spans


def highlight_text(text_: str, marks: list[Mark]) -> str:
    """HTML of ``text_`` with every occurrence of each quote in a ``<mark>`` linked to its row.

    Each mark's first occurrence gets ``id=mark.id`` (later ones ``<id>-2``, ``<id>-3``) and a
    superscript link to ``mark.href``. A quote inside another is nested inside it; a quote that
    overlaps another partly is cut at the other's end, so the HTML stays well formed. Everything
    else is HTML-escaped; line breaks are kept by ``white-space: pre-wrap``.
    """
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the open marks

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(html.escape(text_[pos:end]))
            out.append("</mark>")
            pos = end

    for start, end, mark, n in _spans(text_, marks):
        close_until(start)  # spans come sorted by start, so ``pos <= start`` here
        if stack and end > stack[-1]:  # partial overlap with the open mark: cut at its end
            end = stack[-1]
        out.append(html.escape(text_[pos:start]))
        pos = start
        anchor = mark.id if n == 1 else f"{mark.id}-{n}"
        out.append(
            f'<sup><a href="{html.escape(mark.href, quote=True)}" '
            f'title="{html.escape(mark.title, quote=True)}">[{html.escape(mark.tag)}]</a></sup>'
            f'<mark id="{html.escape(anchor, quote=True)}" '
            f'title="{html.escape(mark.title, quote=True)}">'
        )
        stack.append(end)
    close_until(len(text_))
    out.append(html.escape(text_[pos:]))
    body = "".join(out)
    return f'<div class="hpdata-source source-text" lang="vi">{body}</div>'


def highlight_source(source_id: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """HTML of a source's text with each extracted figure's quote highlighted and linked.

    Each quote of ``observations.csv`` from this source is wrapped in ``<mark id="quote-<n>">``
    with a link to ``#obs-<n>``, its row in :func:`observations_html` (shown next to it with
    ``link_quotes=True``, which links back). The benchmark quote of ``data/method.toml`` is
    highlighted too when it comes from this source.

    Raises
    ------
    ParameterError
        For an unknown source id (the valid ids are listed) or language.
    """
    check_lang(lang)
    check_source_id(source_id, data_dir)
    raw = source_text(source_id, data_dir)
    obs = _observation_rows(None, source_id, data_dir)
    names = _indicator_names(lang, data_dir)
    marks = [
        Mark(
            id=quote_id(index),
            quote=str(row["quote"]),
            href=f"#{observation_id(index)}",
            tag=str(int(index) + 1),
            title=f"{names.get(str(row['indicator']), '')}: "
            f"{label('measure', str(row['measure']), lang, data_dir)} "
            f"{period_text(str(row['period']), lang, data_dir)}",
        )
        for index, row in obs.iterrows()
    ]
    bench = method(data_dir).get("linear_benchmark", {})
    footnote = ""
    if bench.get("source_id") == source_id and bench.get("quote"):
        words = text("benchmark_quote", lang)
        marks.append(Mark("quote-benchmark", str(bench["quote"]), "#benchmark", "B", words))
        values = text("benchmark_values", lang).format(
            **{k: fmt(float(bench.get(k, 0)), "percent", lang) for k in ("Q1", "H1", "9M")}
        )
        footnote = (
            f'<p id="benchmark"><a href="#quote-benchmark">[B]</a> '
            f"{html.escape(words)}: {html.escape(values)}</p>"
        )
    return highlight_text(raw, marks) + footnote


def heading_html(title: str, level: int = 2) -> str:
    """An HTML heading for a notebook's output, its text escaped (titles come from the data).

    Examples
    --------
    >>> heading_html("Thu <nội địa>", 3)
    '<h3>Thu &lt;nội địa&gt;</h3>'
    """
    if level not in range(1, 7):
        raise ParameterError(f"heading level must be 1 to 6, got {level!r}")
    return f"<h{level}>{html.escape(title)}</h{level}>"


def caveat_html(progress: pd.DataFrame, indicator: str, lang: str = "vi") -> str:
    """An indicator's status and caveat from :func:`hpdata.progress`, as an escaped paragraph."""
    check_lang(lang)
    hit = progress[progress["indicator"] == indicator]
    if hit.empty:
        return ""
    row = hit.iloc[0]
    colour, mark, words = _styles("status", lang)[str(row["status"])]
    parts = [f"<strong>{html.escape(text('status', lang))}:</strong> "
             f"{status_badge(colour, mark, words)}"]  # fmt: skip
    if row["caveat"]:
        parts.append(
            f"<strong>{html.escape(text('caveat', lang))}:</strong> {html.escape(row['caveat'])}"
        )
    return "<p>" + "<br>".join(parts) + "</p>"


def reconciliation_summary_table(lang: str = "vi") -> pd.DataFrame:
    """Per source, how many of the extractor's rows match the curated ones (headers in ``lang``).

    Counts come from :func:`hpdata.extract.reconcile.reconciliation_summary`.
    """
    from ..extract.reconcile import OUTCOMES, reconciliation_summary

    check_lang(lang)
    summary = reconciliation_summary()
    frame = sources().set_index("source_id")
    summary["source_id"] = [
        source_label(str(i), lang) if i in frame.index else str(i) for i in summary["source_id"]
    ]
    return summary.rename(
        columns={"source_id": text("source", lang)}
        | {o: text(f"outcome_{o}", lang) for o in OUTCOMES}
    )


def reconciliation_table(source_id: str, lang: str = "vi") -> pd.DataFrame:
    """One source's extracted rows paired with its curated rows, for readers.

    Rows come from :func:`hpdata.extract.reconcile.compare_with_curated`; values are formatted in the
    indicator's unit (percent for the percent measures) and outcomes labelled in ``lang``.
    """
    from ..extract.reconcile import compare_with_curated

    check_lang(lang)
    table = compare_with_curated(source_id)
    units = indicators().set_index("indicator")["unit"].astype(str).to_dict()

    def figure(value: float, indicator: str, measure: str) -> str:
        unit = units.get(indicator, "count") if measure == "level" else "percent"
        return fmt(value, unit, lang)

    rows = [
        {
            text("indicator", lang): r.indicator or MISSING,
            text("kind", lang): label("kind", r.kind, lang),
            text("measure", lang): label("measure", r.measure, lang),
            text("period", lang): period_text(r.period, lang) if r.period else MISSING,
            text("outcome", lang): text(f"outcome_{r.outcome}", lang),
            text("differing_fields", lang): r.fields or MISSING,
            text("curated_value", lang): figure(r.curated_value, r.indicator, r.measure),
            text("extracted_value", lang): figure(r.extracted_value, r.indicator, r.measure),
            text("extracted_quote", lang): r.extracted_quote or MISSING,
        }
        for r in table.itertuples()
    ]
    return pd.DataFrame(rows)


# --- page parts: sections, titles, metadata --------------------------------------------------


def section_html(title_key: str, intro_key: str | None, lang: str = "vi", **values: str) -> str:
    """A section's heading and its one-line introduction, both from ``labels.csv``; ``values``
    fill the introduction's ``{placeholders}`` (``period="quý 1/2023"``)."""
    out = f"<h2>{html.escape(text(title_key, lang))}</h2>"
    if intro_key:
        intro = text(intro_key, lang)
        out += f"<p>{html.escape(intro.format(**values) if values else intro)}</p>"
    return out


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


def indicator_page_title(indicator: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """An indicator page's title: its name, the city and its latest period (the latest result's,
    else its first target's): ``Thu nội địa — Hải Phòng, quý 1/2023``."""
    from .pages import indicator_title

    check_indicator(indicator, data_dir)
    obs = _observation_rows(indicator, None, data_dir)
    results = obs[obs["kind"] == "result"]
    rows = results if len(results) else obs
    period = ""
    if len(rows):
        period = max((str(p) for p in rows["period"]), key=lambda c: parse_period(c).end)
    name = _indicator_names(lang, data_dir)[indicator]
    return indicator_title(name, period, lang, data_dir)


def source_page_title(source_id: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """A source page's title: the source's title in ``lang``."""
    check_source_id(source_id, data_dir)
    row = sources(data_dir).set_index("source_id").loc[source_id]
    return source_title(row, lang)


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
    used = set(_observation_rows(indicator, None, data_dir)["source_id"].astype(str))
    src = sources(data_dir)
    cited = [source_label(s, lang, data_dir) for s in src["source_id"] if s in used]
    dates = src.loc[src["source_id"].astype(str).isin(used), "published"]
    latest = format_date(dates.max().date(), "long", locale=lang) if len(dates) else MISSING
    updated = str(row["updated"])
    when = format_date(pd.Timestamp(updated).date(), "long", locale=lang) if updated else MISSING
    return [
        (text("definition", lang), str(row[f"definition_{lang}"]) or MISSING),
        (text("unit", lang), _unit_words(str(row["unit"]), lang, data_dir)),
        (text("direction", lang), text(better, lang)),
        (text("sources_dated", lang), "; ".join(cited) or MISSING),
        (text("method", lang), f"{text('legend_rule', lang)} ({_thresholds_text(lang, data_dir)})"),
        (text("latest_published", lang), latest),
        (text("last_changed", lang), when),
    ]


def _unit_words(unit: str, lang: str, data_dir: PathLike = None) -> str:
    """A unit in words: its vocabulary label, else the ``unit_<code>`` label (count, index)."""
    words = label("unit", unit, lang, data_dir)
    spelled = text(f"unit_{unit}", lang, data_dir)
    return spelled if words == unit and spelled != f"unit_{unit}" else words


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
    return section_html("metadata_title", None, lang) + meta_list(items) + method_link


def _vi_cells(table: pd.DataFrame, columns: list[str], lang: str) -> dict[str, dict[str, str]]:
    """Cells of ``columns`` as HTML: a quote marked ``lang="vi"``, a note with its Vietnamese
    phrases marked (see :func:`mark_vietnamese`)."""
    cells: dict[str, dict[str, str]] = {}
    for key, row in table.iterrows():
        for column in columns:
            value = str(row[column])
            if column == text("quote", lang) or column == text("extracted_quote", lang):
                body = quote_html(value, lang) if value != MISSING else MISSING
            else:
                body = mark_vietnamese(value)
            cells.setdefault(str(key), {})[column] = body
    return cells


def no_result_html(progress: pd.DataFrame, lang: str = "vi") -> str:
    """:func:`no_result_targets` as HTML: each indicator linked to its page, each quote marked
    Vietnamese."""
    table = no_result_targets(progress, lang)
    rows = progress[(progress["target_measure"] != "") & (progress["result_period"] == "")]
    table.index = list(rows["indicator"])
    cells = _vi_cells(table, [text("quote", lang)], lang)
    name = text("indicator", lang)
    for key, row in table.iterrows():
        link = href("indicator", lang, str(key))
        cells[str(key)][name] = f'<a href="{link}">{html.escape(str(row[name]))}</a>'
    return html_table(table, cells=cells, empty=text("none_listed", lang))


def source_metadata_html(source_id: str, lang: str = "vi") -> str:
    """:func:`source_metadata` as HTML, the curator's note with its Vietnamese phrases marked."""
    table = source_metadata(source_id, lang)
    value = text("value", lang)
    cells = {str(k): {value: mark_vietnamese(str(v))} for k, v in table[value].items()}
    return html_table(table, cells=cells)


def reconciliation_html(source_id: str, lang: str = "vi") -> str:
    """:func:`reconciliation_table` as HTML, each extracted quote marked Vietnamese."""
    table = reconciliation_table(source_id, lang)
    if table.empty:
        return html_table(table, empty=text("none_listed", lang))
    return html_table(table, cells=_vi_cells(table, [text("extracted_quote", lang)], lang))


# --- the tracker on the pages: targets, status history, what changed (issue 12) -------------


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
    styles, plans = _styles("status", lang), _styles("plan_status", lang)
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
    styles, status_col = _styles("status", lang), text("status", lang)
    cells = {
        key: {status_col: status_badge(*styles[str(code)])}
        for key, code in zip(table.index, rows["status"], strict=True)
    }
    return html_table(table, cells=cells, label=text("history_title", lang),
                      empty=text("no_history", lang))  # fmt: skip


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
