"""What every report page shares: its name, title, header (site name, where the reader is, the
switch to the other language) and its data download.

A report notebook starts with :func:`start`, which displays the page's heading and hands the
title, language and header to the HTML template through the output's ``hpdata_page`` metadata
(:func:`hpdata.report.export.page_meta`). All links are relative, so the ``reports/`` folder can be
zipped and mailed. Every word comes from ``data/labels.csv``.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import csvfile
from ..atomic import write_bytes
from ..i18n import LANGS, check_lang, count_text, text
from ..periods import period_text
from .plan import FIGURES_ENV

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PathLike = str | os.PathLike[str] | None
#: The output metadata key that hands a page's title, language and header to the template
#: (the same as :data:`hpdata.report.export.PAGE_META`; this module does not import nbconvert).
PAGE_META = "hpdata_page"
#: The folder of the project's nbconvert templates (``hpdata/index.html.j2`` and ``page.css``).
TEMPLATES_DIR = Path(__file__).with_name("templates")
TEMPLATE_NAME = "hpdata"
KINDS = ("overview", "indicator", "sources", "compare", "plan", "quality", "index", "method")
#: The environment variable naming the area of the page being rendered when the data hold
#: several areas (set by :func:`hpdata.report.areapages.use_area`): the names of that area's
#: overview and indicator pages carry it (``indicator.grdp.quang-ninh.vi``).
AREA_ENV = "HPDATA_PAGE_AREA"


def other_lang(lang: str) -> str:
    """The other language of the two (``vi`` <-> ``en``)."""
    check_lang(lang)
    return LANGS[1] if lang == LANGS[0] else LANGS[0]


def report_name(kind: str, lang: str, key: str | None = None) -> str:
    """The file stem of a page: ``overview.vi``, ``indicator.grdp.en``, ``index``/``index.en``.

    The index and the method page of the first language have no suffix (``index.html``).

    Examples
    --------
    >>> report_name("indicator", "en", "grdp"), report_name("index", "vi"), report_name("index", "en")
    ('indicator.grdp.en', 'index', 'index.en')
    """
    check_lang(lang)
    if kind in ("index", "method"):
        return kind if lang == LANGS[0] else f"{kind}.{lang}"
    if kind == "quality":
        return f"quality.{lang}"
    area = os.environ.get(AREA_ENV, "")
    if kind == "overview":
        return f"overview.{area}.{lang}" if area else f"overview.{lang}"
    if kind == "indicator" and key and area:
        return f"indicator.{key}.{area}.{lang}"
    if kind in ("indicator", "sources", "compare", "plan") and key:
        return f"{kind}.{key}.{lang}"
    raise ValueError(f"unknown page kind {kind!r} (valid: {', '.join(KINDS)}) or missing key")


def href(kind: str, lang: str, key: str | None = None, anchor: str = "") -> str:
    """The relative link to a page (and an anchor on it): ``sources.x.vi.html#quote-3``."""
    return f"{report_name(kind, lang, key)}.html" + (f"#{anchor}" if anchor else "")


def indicator_title(name: str, period: str, lang: str, data_dir: PathLike = None) -> str:
    """An indicator page's title: ``Thu nội địa — Hải Phòng, quý 1/2023``.

    ``period`` is a period code (the latest stated figure's) or empty."""
    city = text("city", lang, data_dir)
    if not period:
        return f"{name} — {city}"
    return f"{name} — {city}, {period_text(period, lang, data_dir)}"


def header_html(
    kind: str,
    lang: str,
    key: str | None,
    title: str,
    data_dir: PathLike = None,
    *,
    site: str = "site_name",
) -> str:
    """The header of a page: the site name (the label ``site``, a link to the index), where the
    reader is (the index, the kind of page, this page) and a link to the same page in the other
    language."""
    other = other_lang(lang)
    esc = html.escape
    site = "site_name_areas" if kind == "compare" else site  # only a site of several areas has one
    crumbs = [
        f'<li><a href="{href("index", lang)}">{esc(text("site_home", lang, data_dir))}</a></li>'
    ]
    if kind not in ("index",):
        section = text(f"section_{kind}", lang, data_dir)
        if kind in ("indicator", "sources", "compare", "plan"):
            crumbs.append(f"<li>{esc(section)}</li>")
        crumbs.append(f'<li aria-current="page">{esc(title)}</li>')
    switch = text("language_name", other, data_dir)
    return (
        '<header class="site-header"><div>'
        f'<a class="site-name" href="{href("index", lang)}">{esc(text(site, lang, data_dir))}</a>'
        f'<nav class="crumbs" aria-label="{esc(text("you_are_here", lang, data_dir))}">'
        f"<ol>{''.join(crumbs)}</ol></nav>"
        f'<a class="lang-switch" href="{href(kind, other, key)}" hreflang="{other}" lang="{other}">'
        f"{esc(switch)}</a></div></header>"
    )


def start(kind: str, lang: str, key: str | None = None, title: str | None = None) -> None:
    """Begin a report page: display its header (for the template) and its ``<h1>``.

    The header output carries ``{"title", "lang", "header"}`` in its ``hpdata_page`` metadata;
    the template puts the header above the page and the title in the browser's title bar.
    ``title`` defaults to the page's label (``overview_title`` for the overview). Returns nothing,
    so a notebook cell that ends with it leaves no stray value.
    """
    from IPython.display import HTML, display

    check_lang(lang)
    _PAGE["name"] = report_name(kind, lang, key)
    title = title or text(f"{kind}_title", lang)
    meta = {"title": title, "lang": lang, "header": header_html(kind, lang, key, title)}
    display(HTML(meta["header"]), metadata={PAGE_META: meta})
    display(HTML(f"<h1>{html.escape(title)}</h1>"))


#: The page being built (set by :func:`start`): its report name, which names its files' folder.
_PAGE: dict[str, str] = {}


def figure_href(filename: str) -> str:
    """The link from the page begun by :func:`start` to one of its files: ``figures/<report>/
    <filename>`` (where the render moves the files written to ``$HPDATA_FIGURES_DIR``); the
    folder's own name before any page was begun (a notebook run by hand)."""
    folder = figures_dir()
    name = _PAGE.get("name") or (folder.name if folder else "")
    return f"figures/{name}/{filename}"


def figures_dir() -> Path | None:
    """The folder of this report's files (``$HPDATA_FIGURES_DIR``), or ``None`` when unset."""
    value = os.environ.get(FIGURES_ENV)
    return Path(value) if value else None


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` as UTF-8 CSV (with a byte-order mark, so spreadsheets read Vietnamese
    letters) to ``path`` atomically, text cells spreadsheet-safe (:mod:`hpdata.csvfile`)."""
    return csvfile.write_frame(frame, path)


def download_html(
    frame: pd.DataFrame, kind: str, lang: str, key: str | None = None, *, stem: str = "data"
) -> str:
    """Write ``frame`` as ``<stem>.csv`` beside the page's charts and return the link to it.

    The link carries the file itself (a ``data:`` URI, base64), so a page mailed alone keeps
    its data; it downloads as ``<report>.csv``. The file also goes to ``$HPDATA_FIGURES_DIR``
    (``reports/figures/<report>/`` when rendered); with the variable unset (a notebook opened in
    JupyterLab, which shows the DataFrame) nothing is written and ``""`` returned.
    """
    folder = figures_dir()
    if folder is None:
        return ""
    name = report_name(kind, lang, key)
    data = csvfile.frame_bytes(frame)
    write_bytes(folder / f"{stem}.csv", data)
    words = text("download_csv", lang)
    rows = count_text("n_rows", len(frame), lang)
    return (
        f'<p class="downloads"><a href="{data_uri(data, CSV_TYPE)}"'
        f' download="{html.escape(name, quote=True)}.csv">'
        f"{html.escape(words)}</a> ({html.escape(rows)})</p>"
    )


#: The media type of the pages' CSV downloads.
CSV_TYPE = "text/csv;charset=utf-8"


def data_uri(data: bytes, media_type: str) -> str:
    """``data`` as a ``data:`` URI (base64), which a link carries in the page itself.

    Examples
    --------
    >>> data_uri(b"a,b", "text/csv")
    'data:text/csv;base64,YSxi'
    """
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


#: The tag of an output that is for JupyterLab only: the HTML page leaves it out
#: (:func:`hpdata.report.export.make_exporter`).
DATA_TAG = "hpdata-data"


def show_frame(frame: pd.DataFrame) -> None:
    """Display ``frame`` itself, a plain DataFrame to sort, filter and re-plot in JupyterLab,
    tagged :data:`DATA_TAG` so that the HTML page (which shows the formatted table) leaves it
    out."""
    from IPython.display import display

    display(frame, metadata={"tags": [DATA_TAG]})


def show_download(frame: pd.DataFrame, kind: str, lang: str, key: str | None = None) -> None:
    """Display the page's data as a DataFrame for JupyterLab (:func:`show_frame`) and the
    :func:`download_html` link (nothing when there is no folder to write to)."""
    from IPython.display import HTML, display

    show_frame(frame)
    link = download_html(frame, kind, lang, key)
    if link:
        display(HTML(link))


def meta_list(items: list[tuple[str, Any]]) -> str:
    """``(term, value)`` pairs as an escaped definition list (``<dl class="meta">``)."""
    body = "".join(
        f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>" for k, v in items
    )
    return f'<dl class="meta">{body}</dl>'
