"""HTML pieces every page uses: tables, headings, sections, status marks, quotes.

Everything here escapes its data; the HTML is self-contained (no script, nothing from the
network).
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from ..analysis.status import status_legend
from ..errors import ParameterError
from ..i18n import text
from ..numberstyle import MISSING

__all__ = [
    "details_html",
    "details_section",
    "formula_html",
    "heading_html",
    "html_table",
    "ink",
    "mark_vietnamese",
    "quote_html",
    "section_html",
    "status_badge",
    "status_styles",
    "vi_cells",
]


def is_missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


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


def status_styles(scheme: str, lang: str) -> dict[str, tuple[str, str, str]]:
    """``{code: (colour, mark, label)}`` of a status scheme, from ``statuses.csv``."""
    legend = status_legend(scheme, lang)
    return {r.code: (r.colour, r.mark, r.label) for r in legend.itertuples()}


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
                body = html.escape(MISSING if is_missing(value) else str(value))
                target = links.get(str(key), {}).get(str(column))
                if target:
                    body = f'<a href="{html.escape(target, quote=True)}">{body}</a>'
            row_cells.append(f'<td data-label="{data_label}"><div class="cell">{body}</div></td>')
        out.append(f"<tr{rid}>{''.join(row_cells)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


_POWER = re.compile(r"\^\(([^()]*)\)")


def formula_html(formula: str) -> str:
    """A formula in words as HTML, escaped, an exponent written ``^(…)`` set as a superscript.

    Examples
    --------
    >>> formula_html("(a ÷ b)^(1 ÷ 2) − 1 < 3")
    '(a ÷ b)<sup>1 ÷ 2</sup> − 1 &lt; 3'
    """
    return _POWER.sub(r"<sup>\1</sup>", html.escape(formula))


def details_html(title: str, body: str, *, level: int = 2, opened: bool = False) -> str:
    """A section the reader opens: ``<details>`` whose ``<summary>`` holds the heading (``title``,
    escaped, at ``level``) and ``body`` (HTML already escaped). Printed, it is always open
    (``page.css``)."""
    attr = " open" if opened else ""
    return (
        f'<details class="section"{attr}><summary><h{level}>{html.escape(title)}</h{level}>'
        f"</summary>{body}</details>"
    )


def details_section(
    title_key: str,
    intro_key: str | None,
    body: str,
    lang: str = "vi",
    *,
    opened: bool = False,
    **values: str,
) -> str:
    """:func:`details_html` with the heading and one-line introduction of ``labels.csv`` (as
    :func:`section_html`) above ``body``."""
    intro = ""
    if intro_key:
        words = text(intro_key, lang)
        intro = f"<p>{html.escape(words.format(**values) if values else words)}</p>"
    return details_html(text(title_key, lang), intro + body, opened=opened)


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


def section_html(title_key: str, intro_key: str | None, lang: str = "vi", **values: str) -> str:
    """A section's heading and its one-line introduction, both from ``labels.csv``; ``values``
    fill the introduction's ``{placeholders}`` (``period="quý 1/2023"``)."""
    out = f"<h2>{html.escape(text(title_key, lang))}</h2>"
    if intro_key:
        intro = text(intro_key, lang)
        out += f"<p>{html.escape(intro.format(**values) if values else intro)}</p>"
    return out


def vi_cells(table: pd.DataFrame, columns: list[str], lang: str) -> dict[str, dict[str, str]]:
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
