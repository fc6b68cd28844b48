"""Citations for readers: a source's short name and date, and the source line under a chart."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd
from babel.dates import format_date

from ..i18n import check_lang, text
from ..load import sources

PathLike = str | os.PathLike[str] | None


def source_name(row: pd.Series | dict, lang: str = "vi") -> str:
    """A source's short name in ``lang``: its publisher, else its title up to the first colon
    (``publisher_en``/``title_en`` on English pages, falling back to the Vietnamese ones).

    Examples
    --------
    >>> source_name({"publisher": "", "title": "Hội nghị Thành ủy lần thứ 11: Khẩn trương"})
    'Hội nghị Thành ủy lần thứ 11'
    >>> source_name({"publisher": "", "title": "Hội nghị: X", "title_en": "Conference: X"}, "en")
    'Conference'
    """
    suffix = "_en" if lang == "en" else ""
    publisher = str(row.get(f"publisher{suffix}") or "").strip()
    if not publisher and not (row.get(f"title{suffix}") or "") and suffix:
        publisher = str(row.get("publisher") or "").strip()
    if publisher:
        return publisher
    title = str(row.get(f"title{suffix}") or row.get("title") or "")
    return title.split(":", 1)[0].strip()


def source_title(row: pd.Series | dict, lang: str = "vi") -> str:
    """A source's full title in ``lang`` (``title_en`` on English pages when stated)."""
    if lang == "en" and str(row.get("title_en") or "").strip():
        return str(row["title_en"])
    return str(row.get("title") or "")


def source_date(published: pd.Timestamp, lang: str = "vi") -> str:
    """A publication date the way readers write it: ``11/07/2019`` (vi), ``Jul 11, 2019`` (en)."""
    check_lang(lang)
    pattern = "dd/MM/yyyy" if lang == "vi" else "medium"
    return format_date(pd.Timestamp(published).date(), pattern, locale=lang)


def source_label(source_id: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """One source as cited in a chart: short name and date.

    Examples
    --------
    >>> source_label("hp-2019-07-11-nq45")
    'Cổng thông tin điện tử Thành phố Hải Phòng, 11/07/2019'
    >>> source_label("hp-2019-07-11-nq45", "en")
    'Hai Phong City Electronic Portal, Jul 11, 2019'
    """
    frame = sources(data_dir)
    hit = frame[frame["source_id"] == source_id]
    if hit.empty:
        return source_id
    row = hit.iloc[0]
    return f"{source_name(row, lang)}, {source_date(row['published'], lang)}"


#: A chart's source line names at most this many sources; more are counted, with the years they
#: were published, and listed in full in the page's sources section.
SOURCE_LINE_MAX = 3


def source_line(
    source_ids: Iterable[str], lang: str = "vi", data_dir: PathLike = None, *, calc: bool = True
) -> str:
    """The line under a chart: ``Nguồn: <source>; <source>. <calc_note>.``

    Sources are listed once each, oldest first by id order of ``sources.csv``; empty ids are skipped.
    More than :data:`SOURCE_LINE_MAX` are counted instead (``Source: 17 sources published
    2019–2026, listed under the page's sources``).
    ``calc`` adds the note that derived figures are hpdata's calculations.
    """
    wanted = {s for s in source_ids if s}
    frame = sources(data_dir)
    order = [s for s in frame["source_id"] if s in wanted]
    order += sorted(wanted - set(order))
    if len(order) > SOURCE_LINE_MAX:  # the full list is the page's sources section
        years = sorted(
            {pd.Timestamp(p).year for p in frame[frame["source_id"].isin(order)]["published"]}
        )
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        line = text("source_line_many", lang).format(n=len(order), years=span)
    else:
        labels = "; ".join(source_label(s, lang, data_dir) for s in order)
        line = f"{text('source', lang)}: {labels}"
    if calc:
        line += f". {text('calc_note', lang)}."
    return line
