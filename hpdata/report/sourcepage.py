"""The sources: the list of sources cited, a source's metadata and checksum, and its text with
each figure highlighted and linked to its row.
"""

from __future__ import annotations

import hashlib
import html

import pandas as pd

from .. import paths
from ..i18n import check_lang, text
from ..load import label, method, observations, source_text, sources
from ..numberstyle import MISSING, fmt, number
from ..params import check_source_id
from ..periods import period_text
from .cells import (
    PathLike,
    indicator_names,
    observation_rows,
)
from .cite import source_date, source_title
from .highlight import Mark, highlight_text
from .markup import (
    html_table,
    mark_vietnamese,
)
from .observations import (
    observation_id,
    quote_id,
)
from .pages import href

__all__ = [
    "highlight_source",
    "source_metadata",
    "source_metadata_html",
    "source_page_title",
    "sources_html",
    "sources_table",
]

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


def source_metadata_html(source_id: str, lang: str = "vi") -> str:
    """:func:`source_metadata` as HTML, the curator's note with its Vietnamese phrases marked."""
    table = source_metadata(source_id, lang)
    value = text("value", lang)
    cells = {str(k): {value: mark_vietnamese(str(v))} for k, v in table[value].items()}
    return html_table(table, cells=cells)


def source_page_title(source_id: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """A source page's title: the source's title in ``lang``."""
    check_source_id(source_id, data_dir)
    row = sources(data_dir).set_index("source_id").loc[source_id]
    return source_title(row, lang)


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
    obs = observation_rows(None, source_id, data_dir)
    names = indicator_names(lang, data_dir)
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
