"""The areas compared: one indicator's latest result in every area against that area's own target
and the linear benchmark (the comparison page, ``notebooks/compare.ipynb``), and the index's
areas × indicators table of status marks.

Each area's figures are :func:`hpdata.progress` on that area's own data
(:func:`hpdata.report.areapages.area_dir`), so an area is judged only against its own targets.
"""

from __future__ import annotations

import html
import os
from datetime import date, timedelta

import pandas as pd

from ..analysis.progress import progress
from ..areas import area_name, areas
from ..i18n import check_lang, text
from ..load import indicators
from ..numberstyle import MISSING
from ..periods import parse_period
from .areapages import area_dir
from .cells import result_cell, target_cell
from .markup import html_table, is_missing, status_badge, status_styles
from .pages import report_name
from .plan import DataView, data_areas

PathLike = str | os.PathLike[str] | None


def areas_of(data_dir: PathLike = None) -> list[str]:
    """The areas the data report on (:func:`hpdata.report.plan.data_areas`)."""
    from .. import paths

    return data_areas(DataView(paths.data_dir(data_dir).resolve()))


def area_page(kind: str, lang: str, area: str, key: str | None = None) -> str:
    """The file of one area's overview or indicator page (``indicator.grdp.quang-ninh.vi.html``)."""
    stem = f"overview.{area}.{lang}" if kind == "overview" else f"{kind}.{key}.{area}.{lang}"
    return f"{stem}.html"


def main_row(table: pd.DataFrame) -> pd.Series | None:
    """The row that stands for an indicator in one area: among its rows with a target, those of
    the soonest target period still running (``verdict`` ``pending``), else of the latest period
    that has ended (by the period's end, then the narrowest period: ``2025`` before
    ``2019-2025``); of several targets for that period, the last (the later source, as
    :func:`hpdata.progress` orders them); with no target, its first row; ``None`` for no row."""
    if table.empty:
        return None
    targets = table[table["target_measure"].astype(str) != ""]
    if targets.empty:
        return table.iloc[0]
    pending = targets[targets["verdict"].astype(str) == "pending"]
    chosen = pending if not pending.empty else targets
    spans = [parse_period(str(p)) for p in chosen["target_period"]]
    # soonest end (latest for ended targets), then the narrowest span, then the later row
    order = [((p.end if not pending.empty else -p.end), -p.start, -i) for i, p in enumerate(spans)]
    return chosen.iloc[min(range(len(order)), key=order.__getitem__)]


def area_rows(indicator: str, lang: str, data_dir: PathLike = None) -> list[tuple[str, pd.Series]]:
    """``(area, row)`` for every area with a row for ``indicator`` (:func:`main_row`)."""
    out = []
    for area in areas_of(data_dir):
        table = progress(area_dir(area, data_dir), lang=lang)
        row = main_row(table[table["indicator"] == indicator])
        if row is not None:
            out.append((area, row))
    return out


def merged_note(area: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """For a unit that has since merged (``valid_to`` and ``successor`` in ``areas.csv``), the
    words saying so: ``Merged into Hai Phong on 1 July 2025: its figures are the former
    unit's.``; ``""`` for a unit still valid."""
    row = areas(data_dir).set_index("area").loc[area]
    successor, until = str(row.get("successor") or ""), str(row.get("valid_to") or "")
    if not successor or not until:
        return ""
    day = (date.fromisoformat(until) + timedelta(days=1)).isoformat()
    return text("compare_merged", lang, data_dir).format(
        successor=area_name(successor, lang, data_dir), date=_day_text(day, lang)
    )


def _day_text(day: str, lang: str) -> str:
    """``2025-07-01`` -> ``1/7/2025`` (vi) or ``1 July 2025`` (en)."""
    d = date.fromisoformat(day)
    if lang == "vi":
        return f"{d.day}/{d.month}/{d.year}"
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _sort_key(row: pd.Series) -> tuple[int, float]:
    """Highest share of the target first, then the highest progress ratio, then the rest."""
    for rank, column in enumerate(("share_of_target", "progress_ratio")):
        value = row.get(column)
        if not is_missing(value) and value is not None:
            return rank, -float(value)
    return 2, 0.0


def _percent(value: object, lang: str) -> str:
    if value is None or is_missing(value):
        return MISSING
    body = f"{float(value):.1f}"
    return (body.replace(".", ",") if lang == "vi" else body) + "%"


def comparison_table(indicator: str, lang: str = "vi", data_dir: PathLike = None) -> pd.DataFrame:
    """One row per area: its name, latest result, its own target, the share of that target
    reached, the linear benchmark, the status and the caveat, sorted by :func:`_sort_key`; the
    index is the area id."""
    check_lang(lang)
    rows = sorted(area_rows(indicator, lang, data_dir), key=lambda pair: _sort_key(pair[1]))
    records = {}
    for area, row in rows:
        records[area] = {
            text("compare_area", lang, data_dir): area_name(area, lang, data_dir),
            text("compare_result", lang, data_dir): result_cell(row, lang),
            text("compare_target", lang, data_dir): target_cell(row, lang)
            if row["target_measure"]
            else text("compare_no_target", lang, data_dir),
            text("compare_share", lang, data_dir): _percent(row.get("share_of_target"), lang),
            text("compare_benchmark", lang, data_dir): _percent(row.get("benchmark"), lang),
            text("status", lang, data_dir): str(row["status_label"]),
            text("caveat", lang, data_dir): " ".join(
                w for w in (merged_note(area, lang, data_dir), str(row["caveat"] or "")) if w
            ),
        }
    table = pd.DataFrame.from_dict(records, orient="index")
    return table


def comparison_html(indicator: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """The comparison page's table (:func:`comparison_table`): each area's name links to its
    indicator page, each status is shown as colour, mark and word."""
    table = comparison_table(indicator, lang, data_dir)
    if table.empty:
        return f"<p>{html.escape(text('compare_none', lang, data_dir))}</p>"
    styles = status_styles("status", lang)
    by_area = dict(area_rows(indicator, lang, data_dir))
    area_col, status_col = text("compare_area", lang, data_dir), text("status", lang, data_dir)
    links = {a: {area_col: area_page("indicator", lang, a, indicator)} for a in table.index}
    cells = {a: {status_col: status_badge(*styles[str(by_area[a]["status"])])} for a in table.index}
    return html_table(table, row_ids=True, links=links, cells=cells)


def compare_title(indicator: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """The comparison page's title: ``GRDP: the areas compared``."""
    names = indicators(data_dir).set_index("indicator")[f"name_{lang}"]
    return text("compare_title", lang, data_dir).format(name=names.get(indicator, indicator))


def matrix_html(lang: str = "vi", data_dir: PathLike = None) -> str:
    """The index's answer with several areas: one row per indicator (its name links to its
    comparison page), one column per area (its name links to the area's overview), each cell
    the status of :func:`main_row` as colour, mark and word; empty where the area has none."""
    check_lang(lang)
    areas = areas_of(data_dir)
    styles = status_styles("status", lang)
    names = indicators(data_dir).set_index("indicator")[f"name_{lang}"]
    cells: dict[str, dict[str, str]] = {i: {} for i in names.index}
    for area in areas:
        table = progress(area_dir(area, data_dir), lang=lang)
        for indicator in names.index:
            row = main_row(table[table["indicator"] == indicator])
            if row is not None and str(row["result_period"]):
                cells[indicator][area] = status_badge(*styles[str(row["status"])])
    ind_col = text("indicator", lang, data_dir)
    headers = {a: area_name(a, lang, data_dir) for a in areas}
    frame = pd.DataFrame(
        [{ind_col: names[i], **{headers[a]: "" for a in areas}} for i in names.index],
        index=list(names.index),
    )
    shown = {i: {headers[a]: html_cell for a, html_cell in row.items()} for i, row in cells.items()}
    links = {i: {ind_col: f"{report_name('compare', lang, i)}.html"} for i in names.index}
    title = html.escape(text("index_matrix_title", lang, data_dir))
    intro = html.escape(text("index_matrix_intro", lang, data_dir))
    overviews = " · ".join(
        f'<a href="{area_page("overview", lang, a)}">{html.escape(headers[a])}</a>' for a in areas
    )
    return f"<h2>{title}</h2>\n<p>{intro}</p>\n<p>{overviews}</p>\n" + html_table(
        frame, row_ids=True, links=links, cells=shown
    )
