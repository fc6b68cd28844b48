"""``reports/index.html``: the headline status table and a link to every report, per language.

A plain, self-contained page (inline CSS, no script, nothing loaded from the network) written
in-process. The table is :func:`hpdata.report.tables.status_table` of :func:`hpdata.progress`; the
indicator names and source titles come from the data files.
"""

from __future__ import annotations

import csv
from html import escape
from typing import TYPE_CHECKING

from .. import paths
from ..i18n import text

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Plan, Report

#: Words of the index page that ``data/labels.csv`` does not have.
WORDS = {
    "vi": {
        "title": "Báo cáo hpdata",
        "reports": "Báo cáo",
        "overview": "Tổng quan",
        "indicators": "Hồ sơ chỉ tiêu",
        "sources": "Kiểm tra nguồn",
        "missing": "chưa có báo cáo",
        "language": "Tiếng Việt",
    },
    "en": {
        "title": "hpdata reports",
        "reports": "Reports",
        "overview": "Overview",
        "indicators": "Indicator profiles",
        "sources": "Source audits",
        "missing": "not rendered",
        "language": "English",
    },
}

CSS = """
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
tbody tr:nth-child(even) { background: #fafafa; }
ul { margin-top: .2rem; } .missing { color: #666; }
"""


def _names(path: str, key: str, column: str) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {row[key]: row.get(column) or row[key] for row in csv.DictReader(fh)}


def _link(plan: Plan, report: Report, label: str, lang: str) -> str:
    href = plan.html_path(report).relative_to(plan.out_dir).as_posix()
    if plan.html_path(report).is_file():
        return f'<li><a href="{escape(href)}">{escape(label)}</a></li>'
    return f'<li class="missing">{escape(label)} ({escape(WORDS[lang]["missing"])})</li>'


def status_tables(data_dir: str, langs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The headline status table in each of ``langs`` as an HTML ``<table>`` (cells escaped).

    This is the one part of the page that needs pandas; ``hpdata render`` runs it in a warm
    kernel and caches the result."""
    from ..analysis.progress import progress
    from .tables import status_table

    out = {}
    for lang in langs:
        table = status_table(progress(data_dir, lang=lang), lang)
        out[lang] = table.to_html(index=False, border=0, escape=True, na_rep="–", classes="status")
    return out


def section(plan: Plan, lang: str, table: str) -> str:
    """One language's part of the page: the status table, then the links to its reports."""
    words = WORDS[lang]
    ind_names = _names(str(plan.data_dir / paths.INDICATORS), "indicator", f"name_{lang}")
    src_names = _names(str(plan.data_dir / paths.SOURCES), "source_id", "title")
    reports = [r for r in plan.all_reports if r.lang == lang]
    parts = [
        f'<section lang="{lang}" id="{lang}">',
        f"<h2>{escape(words['language'])}: {escape(text('progress_title', lang, plan.data_dir))}"
        "</h2>",
        table,
        f"<h3>{escape(words['reports'])}</h3>",
        "<ul>",
    ]
    parts += [
        _link(plan, r, text("overview_title", lang, plan.data_dir), lang)
        for r in reports
        if r.notebook == "overview"
    ]
    parts += ["</ul>", f"<h3>{escape(words['indicators'])}</h3>", "<ul>"]
    for r in reports:
        if r.notebook == "indicator":
            ind = r.parameters["indicator"]
            parts.append(_link(plan, r, ind_names.get(ind, ind), lang))
    parts += ["</ul>", f"<h3>{escape(words['sources'])}</h3>", "<ul>"]
    for r in reports:
        if r.notebook == "sources":
            src = r.parameters["source_id"]
            parts.append(_link(plan, r, f"{src}: {src_names.get(src, src)}", lang))
    parts += ["</ul>", "</section>"]
    return "\n".join(parts)


def index_html(plan: Plan, tables: dict[str, str]) -> str:
    """The whole index page for the plan's languages (the first one is the page's language), with
    the status ``tables`` from :func:`status_tables`. Standard library only."""
    first = plan.langs[0]
    nav = " ".join(
        f'<a href="#{lang}">{escape(WORDS[lang]["language"])}</a>' for lang in plan.langs
    )
    body = "\n".join(section(plan, lang, tables.get(lang, "")) for lang in plan.langs)
    return (
        f'<!DOCTYPE html>\n<html lang="{first}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(WORDS[first]['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(WORDS[first]['title'])}</h1>\n<nav>{nav}</nav>\n{body}\n</body>\n</html>\n"
    )
