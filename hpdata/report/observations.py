"""The stated figures of an indicator or a source, each with its quote (and an English gist on
English pages), its source and the curator's note; as a table, as HTML and for download.
"""

from __future__ import annotations

import pandas as pd

from ..i18n import check_lang, text
from ..load import label, sources
from ..numberstyle import MISSING, fmt_bound
from ..periods import period_text
from .cells import (
    PathLike,
    indicator_names,
    observation_rows,
)
from .cite import source_date, source_label, source_title
from .markup import (
    html_table,
    is_missing,
    mark_vietnamese,
    quote_html,
)
from .pages import href

__all__ = [
    "observation_id",
    "observations_csv",
    "observations_html",
    "observations_table",
    "quote_gloss",
    "quote_id",
]

OBSERVATION_TABLE_COLUMNS = [
    "obs_id", "indicator", "kind", "measure", "period", "figure", "quote", "source", "note",
]  # fmt: skip


def observation_id(index: int) -> str:
    """The anchor id of an observation: ``obs-<n>``, ``n`` its 1-based row in observations.csv."""
    return f"obs-{int(index) + 1}"


def quote_id(index: int) -> str:
    """The anchor id of an observation's quote in the highlighted source text: ``quote-<n>``."""
    return f"quote-{int(index) + 1}"


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
    obs = observation_rows(indicator, source_id, data_dir)
    names = indicator_names(lang, data_dir)
    rows = []
    for index, row in obs.iterrows():
        high = None if is_missing(row["high"]) else float(row["high"])
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


def quote_gloss(row: pd.Series | dict, lang: str, data_dir: PathLike = None) -> str:
    """An English gist of one observation's quote, generated from the row: indicator, measure,
    period and figure (``Gist: Export turnover, level, Q1 2023: USD 5.96 billion``)."""
    high = None if is_missing(row["high"]) else float(row["high"])
    figure = fmt_bound(str(row["bound"]), float(row["value"]), high, str(row["unit"]), lang)
    return text("quote_gloss", lang, data_dir).format(
        indicator=indicator_names(lang, data_dir).get(str(row["indicator"]), ""),
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

    Shown without the row number (and, on an indicator's page, without the indicator): each
    quote is marked ``lang="vi"``, the row's own columns saying in the page's language what it
    states. On an indicator page each figure links to its quote on its source's page
    (``sources.<id>.<lang>.html#quote-<n>``). With ``link_quotes`` (the source audit), each
    figure links to its highlighted quote (``#quote-<n>``) in :func:`highlight_source`'s text and
    its indicator to the indicator's page.
    """
    table = observations_table(indicator, lang, source_id=source_id, data_dir=data_dir)
    obs = observation_rows(indicator, source_id, data_dir)
    figure_column = text("figure", lang)
    indicator_column, quote_column = text("indicator", lang), text("quote", lang)
    hidden = [text("obs_id", lang)]  # a reader needs no row number
    if indicator is not None:
        hidden.append(indicator_column)  # the page's own indicator, on every row
    table = table.drop(columns=hidden)
    links: dict[str, dict[str, str]] = {}
    cells: dict[str, dict[str, str]] = {}
    for index, row in obs.iterrows():
        rid = observation_id(index)
        src, qid = str(row["source_id"]), quote_id(index)
        note = str(row["note_vi"] if lang == "vi" else row["note"])
        cells[rid] = {
            quote_column: quote_html(str(row["quote"]), lang),
            text("note", lang): mark_vietnamese(note) if note else MISSING,
        }
        if link_quotes:
            links[rid] = {
                figure_column: f"#{qid}",
                indicator_column: href("indicator", lang, str(row["indicator"])),
            }
        else:
            links[rid] = {figure_column: href("sources", lang, src, qid)}
    return html_table(table, row_ids=True, links=links, cells=cells,
                      label=text("observations_title", lang))  # fmt: skip


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
    obs = observation_rows(indicator, source_id, data_dir).copy()
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
                    None if is_missing(r.high) else float(r.high),
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
