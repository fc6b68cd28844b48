"""The site's own pages: ``index.html`` (one per language: ``index.html`` in the first language,
``index.<lang>.html`` for the others), the method page (``method[.<lang>].html``) and the dataset
copies under ``data/`` that the index links, with their Frictionless ``datapackage.json``.

Each index page answers first (the headline sentences, the status table sorted by urgency and
its legend, computed by :func:`status_tables` in a kernel because they need pandas), then links
every report and the whole dataset. The pages use the reports' stylesheet and header, no script
and nothing from the network. Everything but :func:`status_tables` is standard library only.
"""

from __future__ import annotations

import csv
import re
import tomllib
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .. import csvfile, paths
from ..i18n import text
from .pages import TEMPLATE_NAME, TEMPLATES_DIR, header_html, href, report_name

if TYPE_CHECKING:  # pragma: no cover
    from .plan import Plan, Report

#: The data files the index offers for download, copied to ``<out>/data/``, with their labels.
DATASET = (
    (paths.OBSERVATIONS, "dataset_observations"),
    (paths.INDICATORS, "dataset_indicators"),
    (paths.SOURCES, "dataset_sources"),
)
DATA_DIR = "data"
#: The key of :func:`status_tables`' result that holds the dataset's ``datapackage.json``.
DATAPACKAGE = "datapackage.json"


def stylesheet() -> str:
    """The reports' stylesheet (``templates/hpdata/page.css``)."""
    return (Path(TEMPLATES_DIR) / TEMPLATE_NAME / "page.css").read_text(encoding="utf-8")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _link(plan: Plan, report: Report, label: str) -> str:
    target = plan.html_path(report)
    if target.is_file():
        link = target.relative_to(plan.out_dir).as_posix()
        return f'<li><a href="{escape(link)}">{escape(label)}</a></li>'
    return f"<li>{escape(label)}</li>"


def status_tables(data_dir: str, langs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Per language, the index's answer (headline sentences, status table, legend) as HTML; and
    per ``method.<lang>``, the method page's legend; under :data:`DATAPACKAGE`, the dataset's
    ``datapackage.json``. Needs pandas: ``hpdata render`` runs it in a
    warm kernel and caches the result."""
    from ..analysis.progress import progress
    from .overview import headline_html, legend_html
    from .verdict import verdict_table_html

    out = {}
    many = len(_areas(Path(data_dir))) >= 2
    for lang in langs:
        if many:  # several areas: the areas × indicators table (hpdata.report.compare)
            from .compare import matrix_html

            out[lang] = matrix_html(lang, data_dir) + legend_html(lang)
        else:
            table = progress(data_dir, lang=lang)
            out[lang] = headline_html(lang) + verdict_table_html(table, lang) + legend_html(lang)
        out[f"method.{lang}"] = legend_html(lang)
    out[DATAPACKAGE] = datapackage_json(Path(data_dir))
    return out


def datapackage_json(data_dir: Path) -> str:
    """``data/datapackage.json``: the Frictionless descriptor of the dataset copies
    (:func:`hpdata.exports.datapackage.files_descriptor`)."""
    from ..exports.datapackage import dumps, files_descriptor

    return dumps(files_descriptor(data_dir, [name for name, _ in DATASET]))


def _areas(data_dir: Path) -> list[str]:
    """The areas the data report on (:func:`hpdata.report.plan.data_areas`)."""
    from .plan import DataView, data_areas

    return data_areas(DataView(data_dir))


def _area_names(data_dir: Path, lang: str) -> dict[str, str]:
    """``{area: name}`` from ``areas.csv`` (standard library only)."""
    column = f"name_{lang}"
    return {r["area"]: r.get(column) or r["area"] for r in _rows(data_dir / "areas.csv")}


def page(lang: str, kind: str, title: str, body: str, data_dir: Path) -> str:
    """A whole site page: the reports' stylesheet, the header, ``title`` as ``<h1>``, ``body``.
    With several areas in the data the site's name is ``site_name_areas``."""
    site = "site_name_areas" if len(_areas(data_dir)) >= 2 else "site_name"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>\n"
        f"{header_html(kind, lang, None, title, data_dir, site=site)}\n"
        f'<main id="main">\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n'
    )


def reports_html(plan: Plan, lang: str) -> str:
    """The links to every report of ``lang``: the overview, the indicators, the sources."""
    ddir = plan.data_dir
    ind_names = {r["indicator"]: r.get(f"name_{lang}") or r["indicator"]
                 for r in _rows(ddir / paths.INDICATORS)}  # fmt: skip
    title = "title_en" if lang == "en" else "title"
    src_names = {r["source_id"]: r.get(title) or r["title"] for r in _rows(ddir / paths.SOURCES)}
    reports = [r for r in plan.all_reports if r.lang == lang]
    parts = [f"<h2>{escape(text('index_reports', lang, ddir))}</h2>"]
    areas = _areas(ddir)
    if len(areas) < 2:
        return "\n".join(parts + _area_links(plan, reports, lang, ind_names, src_names, 3))
    compared = [r for r in reports if r.notebook == "compare"]
    parts += [f"<h3>{escape(text('section_compare', lang, ddir))}</h3>", "<ul>"]
    parts += [_link(plan, r, ind_names.get(r.parameters["indicator"], "")) for r in compared]
    parts.append("</ul>")
    names = _area_names(ddir, lang)
    for area in areas:
        mine = [r for r in reports if r.parameters.get("area") == area]
        parts.append(f'<h3 id="area-{escape(area)}">{escape(names.get(area, area))}</h3>')
        parts += _area_links(plan, mine, lang, ind_names, src_names, 4)
    return "\n".join(parts)


def _area_links(
    plan: Plan,
    reports: list[Report],
    lang: str,
    ind_names: dict[str, str],
    src_names: dict[str, str],
    level: int,
) -> list[str]:
    """One area's links: its overview, its indicators (under an ``<h{level}>``), its sources."""
    ddir = plan.data_dir
    parts = ["<ul>"]
    parts += [_link(plan, r, text("overview_link", lang, ddir))
              for r in reports if r.notebook == "overview"]  # fmt: skip
    parts += ["</ul>", f"<h{level}>{escape(text('section_indicator', lang, ddir))}</h{level}>"]
    parts.append("<ul>")
    parts += [_link(plan, r, ind_names.get(r.parameters["indicator"], ""))
              for r in reports if r.notebook == "indicator"]  # fmt: skip
    plans = [r for r in reports if r.notebook == "plan"]
    if plans:
        names = _plan_names(ddir, lang, src_names)
        parts += ["</ul>", f"<h{level}>{escape(text('section_plan', lang, ddir))}</h{level}>"]
        parts.append("<ul>")
        parts += [_link(plan, r, names.get(r.parameters["plan"], "")) for r in plans]
    parts += ["</ul>", f"<h{level}>{escape(text('section_sources', lang, ddir))}</h{level}>"]
    parts.append("<ul>")
    parts += [_link(plan, r, src_names.get(r.parameters["source_id"], ""))
              for r in reports if r.notebook == "sources"]  # fmt: skip
    parts.append("</ul>")
    return parts


def _plan_names(ddir: Path, lang: str, src_names: dict[str, str]) -> dict[str, str]:
    """``{plan: name}``: ``plans.csv``'s ``name_<lang>`` where given, else the title of the
    plan's first source (standard library only; see :func:`hpdata.analysis.plans.plan_names`)."""
    names: dict[str, str] = {}
    for row in _rows(ddir / paths.SOURCES):
        source = row["source_id"]
        names.setdefault((row.get("plan") or "").strip() or source, src_names.get(source, ""))
    if (ddir / "plans.csv").is_file():
        for row in _rows(ddir / "plans.csv"):
            if (row.get(f"name_{lang}") or "").strip():
                names[row["plan"].strip()] = row[f"name_{lang}"].strip()
    return names


def dataset_html(lang: str, data_dir: Path) -> str:
    """The links to the whole dataset (``data/*.csv``) and to the method page."""
    items = "".join(
        f'<li><a href="{DATA_DIR}/{escape(name)}" download>{escape(text(key, lang, data_dir))}'
        "</a> (CSV)</li>"
        for name, key in DATASET
    )
    method = f'<a href="{href("method", lang)}">{escape(text("method_title", lang, data_dir))}</a>'
    return (
        f"<h2>{escape(text('dataset_title', lang, data_dir))}</h2>\n<ul>{items}</ul>\n"
        f"<h2>{escape(text('section_method', lang, data_dir))}</h2>\n<p>{method}</p>"
    )


def method_body(lang: str, data_dir: Path, legend: str) -> str:
    """The method page: the progress ratio and its thresholds (``legend``), the linear benchmark
    and the plan-pace rule, the derived figures, all in words from ``labels.csv``."""
    from ..files import read_text  # as every loader reads it: a BOM is tolerated; no pandas

    settings = tomllib.loads(read_text(data_dir / "method.toml"))
    bench = settings.get("linear_benchmark", {})
    values = {k: _percent(bench.get(k, 0.0), lang) for k in ("Q1", "H1", "9M")}
    paragraphs = [text(f"method_{k}", lang, data_dir) for k in ("ratio", "required", "caveats")]
    bench_words = text("benchmark_values", lang, data_dir).format(**values)
    parts = [legend, f"<h2>{escape(text('method_benchmark_title', lang, data_dir))}</h2>"]
    parts.append(
        f"<p>{escape(text('method_benchmark', lang, data_dir))} {escape(bench_words)}.</p>"
    )
    parts.append(f"<h2>{escape(text('derived_title', lang, data_dir))}</h2>")
    parts += ["<p>" + _POWER.sub(SUPERSCRIPT, escape(p)) + "</p>" for p in paragraphs]
    quality = escape(text("quality_link", lang, data_dir))
    parts.append(f"<h2>{escape(text('section_quality', lang, data_dir))}</h2>")
    parts.append(f'<p><a href="{href("quality", lang)}">{quality}</a></p>')
    return "\n".join(parts)


#: An exponent written ``^(…)`` in a formula, set as a superscript (as in
#: :func:`hpdata.report.markup.formula_html`).
_POWER = re.compile(r"\^\(([^()]*)\)")
SUPERSCRIPT = r"<sup>\1</sup>"


def _percent(value: float, lang: str) -> str:
    """``25.0`` -> ``25%``; decimals with the language's separator (standard library only)."""
    body = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return (body.replace(".", ",") if lang == "vi" else body) + "%"


def index_html(plan: Plan, tables: dict[str, str], lang: str | None = None) -> str:
    """The index page of ``lang`` (default: the plan's first language) with the answer from
    :func:`status_tables`. Standard library only."""
    lang = lang or plan.langs[0]
    ddir = plan.data_dir
    body = "\n".join([tables.get(lang, ""), reports_html(plan, lang), dataset_html(lang, ddir)])
    title = "index_title_areas" if len(_areas(ddir)) >= 2 else "index_title"
    return page(lang, "index", text(title, lang, ddir), body, ddir)


def index_files(plan: Plan, tables: dict[str, str]) -> dict[str, bytes]:
    """Every file of the site's own pages, by path relative to the output folder: the index and
    the method page per language (``index.html`` is the first language's, and exists even when
    only English is rendered) and the dataset copies (``data/*.csv``, byte for byte unless a text cell would start a
    spreadsheet formula: see :func:`hpdata.csvfile.inert_bytes`)."""
    files: dict[str, bytes] = {}
    ddir = plan.data_dir
    for lang in plan.langs:
        files[f"{report_name('index', lang)}.html"] = index_html(plan, tables, lang).encode()
        legend = tables.get(f"method.{lang}", "")
        body = method_body(lang, ddir, legend)
        title = text("method_title", lang, ddir)
        files[f"{report_name('method', lang)}.html"] = page(
            lang, "method", title, body, ddir
        ).encode()
    first = plan.langs[0]
    for kind in ("index", "method"):  # ``index.html`` always exists, whatever the languages
        files.setdefault(f"{kind}.html", files[f"{report_name(kind, first)}.html"])
    for name, _ in DATASET:
        files[f"{DATA_DIR}/{name}"] = csvfile.inert_bytes((ddir / name).read_bytes())
    if DATAPACKAGE in tables:  # computed with the tables, in a kernel (it needs the schemas)
        files[f"{DATA_DIR}/{DATAPACKAGE}"] = tables[DATAPACKAGE].encode("utf-8")
    return files
