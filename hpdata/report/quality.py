"""The quality page: the extractor's rows against the curated ones, per source and in total.

This module never imports :mod:`hpdata.extract` (nor does the extractor import the reports): the
page's notebook computes the comparison with :mod:`hpdata.extract.reconcile` and hands the frames
here, which only words and formats them.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..i18n import check_lang, text
from ..load import indicators, label, sources
from ..numberstyle import MISSING, fmt
from ..periods import period_text
from .cells import PathLike, indicator_names
from .cite import source_label
from .markup import details_html, html_table, vi_cells

__all__ = ["comparison_html", "comparison_table", "per_source_html", "source_ids", "summary_table"]


def summary_table(
    summary: pd.DataFrame, lang: str = "vi", data_dir: PathLike = None
) -> pd.DataFrame:
    """Per source, how many of the extractor's rows match the curated ones, headers in ``lang``.

    ``summary`` is :func:`hpdata.extract.reconcile.reconciliation_summary`: a ``source_id``
    column and one count column per outcome (``match``, ``differs``, ...).
    """
    check_lang(lang)
    known = set(sources(data_dir)["source_id"].astype(str))
    out = summary.copy()
    out["source_id"] = [
        source_label(str(i), lang, data_dir) if str(i) in known else str(i)
        for i in out["source_id"]
    ]
    outcomes = [c for c in out.columns if c != "source_id"]
    return out.rename(
        columns={"source_id": text("source", lang)}
        | {o: text(f"outcome_{o}", lang) for o in outcomes}
    )


def comparison_table(
    table: pd.DataFrame, lang: str = "vi", data_dir: PathLike = None
) -> pd.DataFrame:
    """One source's extracted rows paired with its curated rows, for readers: indicator names,
    labelled kinds, measures, periods and outcomes, values formatted in the indicator's unit
    (percent for the percent measures).

    ``table`` is :func:`hpdata.extract.reconcile.compare_with_curated` of the source.
    """
    check_lang(lang)
    units = indicators(data_dir).set_index("indicator")["unit"].astype(str).to_dict()
    names = indicator_names(lang, data_dir)

    def figure(value: float, indicator: str, measure: str) -> str:
        unit = units.get(indicator, "count") if measure == "level" else "percent"
        return fmt(value, unit, lang)

    rows = [
        {
            text("indicator", lang): names.get(r.indicator, MISSING) if r.indicator else MISSING,
            text("kind", lang): label("kind", r.kind, lang, data_dir),
            text("measure", lang): label("measure", r.measure, lang, data_dir),
            text("period", lang): period_text(r.period, lang, data_dir) if r.period else MISSING,
            text("outcome", lang): text(f"outcome_{r.outcome}", lang),
            text("differing_fields", lang): r.fields or MISSING,
            text("curated_value", lang): figure(r.curated_value, r.indicator, r.measure),
            text("extracted_value", lang): figure(r.extracted_value, r.indicator, r.measure),
            text("extracted_quote", lang): r.extracted_quote or MISSING,
        }
        for r in table.itertuples()
    ]
    return pd.DataFrame(rows)


def comparison_html(
    table: pd.DataFrame, lang: str = "vi", data_dir: PathLike = None, label: str | None = None
) -> str:
    """:func:`comparison_table` as HTML, each extracted quote marked Vietnamese; ``label`` names
    the table for screen readers (the source's name where a page has one table per source)."""
    shown = comparison_table(table, lang, data_dir)
    if shown.empty:
        return html_table(shown, empty=text("none_listed", lang))
    cells = vi_cells(shown, [text("extracted_quote", lang)], lang)
    return html_table(shown, cells=cells, label=label)


def source_ids(data_dir: PathLike = None) -> list[str]:
    """Every source of the data, in ``sources.csv`` order (the quality page's sections)."""
    return [str(s) for s in sources(data_dir)["source_id"]]


def per_source_html(
    compare: Callable[[str], pd.DataFrame], lang: str = "vi", data_dir: PathLike = None
) -> str:
    """One section per source that the reader opens (``<details>``, titled with the source's name
    and date), holding :func:`comparison_html` of ``compare(source_id)``
    (:func:`hpdata.extract.reconcile.compare_with_curated`, handed in by the page's notebook)."""
    parts = []
    for source in source_ids(data_dir):
        name = source_label(source, lang, data_dir)
        body = comparison_html(compare(source), lang, data_dir, label=name)
        parts.append(details_html(name, body, level=3))
    return "".join(parts)
