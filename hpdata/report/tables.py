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
from dataclasses import dataclass

import pandas as pd

from .. import paths
from ..analysis.formatting import MISSING, fmt, fmt_bound, number, ratio
from ..analysis.progress import DEFAULT_THRESHOLDS
from ..errors import ParameterError
from ..i18n import check_lang, text
from ..load import indicators, label, method, observations, source_text, sources
from ..params import check_indicator, check_source_id
from ..periods import parse_period
from .cite import source_date, source_label

STATUS_COLUMNS = [
    "indicator", "target", "result", "observed_growth", "required_growth",
    "progress_ratio", "status", "share_of_plan", "plan_status", "caveat",
]  # fmt: skip


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def target_cell(row: pd.Series | dict, lang: str) -> str:
    """A target as stated, with its period: ``trên 75 nghìn tỷ đồng (2025)``."""
    if not row["target_measure"]:
        return MISSING
    unit = row["unit"] if row["target_measure"] == "level" else "percent"
    high = None if _nan(row["target_high"]) else row["target_high"]
    figure = fmt_bound(row["target_bound"], row["target_value"], high, unit, lang)
    return f"{figure} ({row['target_period']})"


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
    return f"{figure} ({row['result_period']})"


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
                "period": str(row["period"]),
                "figure": fmt_bound(
                    str(row["bound"]), float(row["value"]), high, str(row["unit"]), lang
                ),
                "quote": str(row["quote"]),
                "source": source_label(str(row["source_id"]), lang, data_dir),
                "note": str(row["note"]),
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
) -> str:
    """A DataFrame as a self-contained HTML table, every cell HTML-escaped.

    With ``empty``, an empty ``table`` gives that text (escaped, in a paragraph) instead.

    Parameters
    ----------
    table : DataFrame
        Shown without its index; with ``row_ids`` the index gives each ``<tr>`` its ``id``.
    links : dict, optional
        ``{row_id: {column: href}}``: wrap that cell's (escaped) text in a link.
    caption : str, optional
    """
    if empty is not None and table.empty:
        return f"<p>{html.escape(empty)}</p>"
    links = links or {}
    out = ['<table class="hpdata-table" style="border-collapse:collapse;font-size:90%">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    cell = 'style="border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top"'
    head = "".join(f"<th {cell}>{html.escape(str(c))}</th>" for c in table.columns)
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for key, row in table.iterrows():
        rid = f' id="{html.escape(str(key), quote=True)}"' if row_ids else ""
        cells = []
        for column in table.columns:
            value = row[column]
            body = html.escape(MISSING if _nan(value) else str(value))
            href = links.get(str(key), {}).get(str(column))
            if href:
                body = f'<a href="{html.escape(href, quote=True)}">{body}</a>'
            cells.append(f"<td {cell}>{body}</td>")
        out.append(f"<tr{rid}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def observations_html(
    indicator: str | None = None,
    lang: str = "vi",
    *,
    source_id: str | None = None,
    link_quotes: bool = False,
    data_dir: PathLike = None,
) -> str:
    """:func:`observations_table` as HTML, each row with the id ``obs-<n>``.

    With ``link_quotes`` (the source audit), each row's # links back to its highlighted quote
    (``#quote-<n>``) in :func:`highlight_source`'s text.
    """
    table = observations_table(indicator, lang, source_id=source_id, data_dir=data_dir)
    links = {}
    if link_quotes:
        number_column = text("obs_id", lang)
        links = {rid: {number_column: f"#{rid.replace('obs-', 'quote-')}"} for rid in table.index}
    return html_table(table, row_ids=True, links=links)


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
            period=period,
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
            period=period,
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
                period=tperiod.code,
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
        add("plan_status", str(row["plan_status_label"]), "formula_plan_status",
            pace=ratio(row["pace"], lang), thresholds=thresholds)  # fmt: skip
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


SOURCE_TABLE_COLUMNS = ["source_id", "title", "publisher", "published", "language", "sha256"]


def sources_table(
    lang: str = "vi", source_ids: list[str] | None = None, data_dir: PathLike = None
) -> pd.DataFrame:
    """The sources cited (all, or ``source_ids``): id, title, publisher, date, language, SHA-256.

    The checksums are verified on load (:func:`hpdata.sources` refuses a file that does not match).
    """
    check_lang(lang)
    frame = sources(data_dir)
    if source_ids is not None:
        for source_id in source_ids:
            check_source_id(source_id, data_dir)
        frame = frame[frame["source_id"].isin(source_ids)]
    table = pd.DataFrame(
        {
            "source_id": list(frame["source_id"]),
            "title": list(frame["title"]),
            "publisher": [p or MISSING for p in frame["publisher"]],
            "published": [source_date(p, lang) for p in frame["published"]],
            "language": [str(v) for v in frame["language"]],
            "sha256": list(frame["sha256"]),
        },
        columns=SOURCE_TABLE_COLUMNS,
    )
    return table.rename(columns={c: text(c, lang) for c in SOURCE_TABLE_COLUMNS})


def cited_sources(progress: pd.DataFrame) -> list[str]:
    """The ids of the sources a progress table cites (targets and results), in sources.csv order."""
    used = {s for s in (*progress["target_source"], *progress["result_source"]) if s}
    return [s for s in sources()["source_id"] if s in used]


def source_metadata(source_id: str, lang: str = "vi", data_dir: PathLike = None) -> pd.DataFrame:
    """One source's metadata and checksum as a two-column table (field, value).

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
    items = [
        ("source_id", source_id),
        ("title", str(row["title"])),
        ("publisher", str(row["publisher"]) or MISSING),
        ("published", source_date(row["published"], lang)),
        ("language", str(row["language"])),
        ("file", str(row["file"])),
        ("size", text("bytes", lang).format(n=number(len(raw), lang, 0))),
        ("sha256", str(row["sha256"])),
        ("checksum_ok", yes_no),
        ("n_observations", number(count, lang, 0)),
        ("note", str(row["note"]) or MISSING),
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
    return (
        '<div class="hpdata-source" style="white-space:pre-wrap;font-family:DejaVu Sans,'
        'sans-serif;line-height:1.5;border:1px solid #ccc;padding:8px;max-width:60em">'
        f"{body}</div>"
    )


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
            f"{label('measure', str(row['measure']), lang, data_dir)} {row['period']}",
        )
        for index, row in obs.iterrows()
    ]
    bench = method(data_dir).get("linear_benchmark", {})
    footnote = ""
    if bench.get("source_id") == source_id and bench.get("quote"):
        words = text("benchmark_quote", lang)
        marks.append(Mark("quote-benchmark", str(bench["quote"]), "#benchmark", "B", words))
        values = ", ".join(
            f"{key} {fmt(float(v), 'percent', lang)}"
            for key, v in bench.items()
            if isinstance(v, int | float)
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
    parts = [
        f"<strong>{html.escape(text('status', lang))}:</strong> {html.escape(row['status_label'])}"
    ]
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
    return summary.rename(
        columns={"source_id": text("source_id", lang)}
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
            text("period", lang): r.period,
            text("outcome", lang): text(f"outcome_{r.outcome}", lang),
            text("differing_fields", lang): r.fields or MISSING,
            text("curated_value", lang): figure(r.curated_value, r.indicator, r.measure),
            text("extracted_value", lang): figure(r.extracted_value, r.indicator, r.measure),
            text("extracted_quote", lang): r.extracted_quote or MISSING,
        }
        for r in table.itertuples()
    ]
    return pd.DataFrame(rows)
