"""Charts for the reports, drawn as SVG by :mod:`hpdata.report.svg`, in Vietnamese or English.

Each function returns a :class:`~hpdata.report.svg.Chart`: panels of horizontal bars or of years
with their marks, value labels, reference lines and legend, in the Okabe–Ito palette (safe for
colour-blind readers). Each chart names its unit on an axis (from ``data/units.csv``), in one scale
per axis shared with the tables (:mod:`hpdata.numberstyle`), writes numbers with the
locale's marks and the minus sign U+2212, and carries a source line built from
``data/sources.csv``. Every word comes from ``data/labels.csv``.

Marks that tests and readers look for carry a ``gid``: ``basis``, ``result``, ``target``,
``implied-plan``, ``benchmark``, ``reference``, ``observed``, ``required``, ``derived``,
``estimate``, ``revised``.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from ..atomic import atomic_open
from ..errors import ParameterError
from ..i18n import text
from ..numberstyle import bound_in, fmt_in
from .chartpng import chart_png
from .chartstyle import (
    BOUNDARY_DASH,
    COLORS,
    FIGURES_ENV,
    OKABE_ITO,
    alt_text,
    axis_label,
    set_alt,
    unit_label,
)
from .indicatorchart import indicator_chart
from .overviewcharts import (
    bullet_chart,
    comparable_levels,
    growth_chart,
    growth_rows,
    plan_share_chart,
)
from .pages import figure_href
from .svg import MAX_WIDTH_PX, Chart
from .trajectory import TRAJECTORY_COLUMNS, boundary_year, trajectory_chart, trajectory_frame

__all__ = [
    "BOUNDARY_DASH", "COLORS", "FIGURES_ENV", "MAX_WIDTH_PX", "OKABE_ITO", "TRAJECTORY_COLUMNS",
    "Chart", "alt_text", "axis_label", "bound_in", "boundary_year", "bullet_chart",
    "comparable_levels", "downloads_html", "figure_html", "figure_svg", "fmt_in", "growth_chart", "growth_rows",
    "indicator_chart", "is_series", "plan_share_chart", "save_figure", "set_alt", "show",
    "trajectory_chart", "trajectory_frame", "unit_label",
]  # fmt: skip

# --- output ------------------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def save_figure(
    chart: Chart, name: str, directory: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Write ``<name>.svg`` and ``<name>.png`` into ``$HPDATA_FIGURES_DIR`` (or ``directory``).

    The SVG is the very one :func:`show` embeds in the page (drawn once); the PNG is painted
    from it (:func:`hpdata.report.chartpng.chart_png`), so both are downloads of the chart the
    reader sees. Nothing is written when neither is set (an analyst exploring in JupyterLab).
    Each file is written to a temporary file in the same directory and renamed into place, so a
    crash never leaves half a figure; neither records the date nor the software version.

    Returns
    -------
    list of pathlib.Path
        The files written, SVG then PNG (empty when no directory is set).

    Raises
    ------
    ParameterError
        If ``name`` is not a plain file stem (letters, digits, ``.``, ``_``, ``-``).
    """
    if not _NAME.match(name):
        raise ParameterError(f"figure name {name!r} must be letters, digits, '.', '_' or '-'")
    target = directory if directory is not None else os.environ.get(FIGURES_ENV)
    if not target:
        return []
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    markup = figure_svg(chart)
    written = []
    for suffix, data in ((".svg", markup.encode("utf-8")), (".png", chart_png(markup))):
        final = folder / f"{name}{suffix}"
        with atomic_open(final) as fh:
            fh.write(data)
        written.append(final)
    return written


def downloads_html(files: list[Path], lang: str = "vi") -> str:
    """The links that download a chart's files (:func:`save_figure`), relative to the page
    (``figures/<report>/<name>.svg``, :func:`hpdata.report.pages.figure_href`): ``Download this chart: SVG · PNG``; ``""`` for none."""
    if not files:
        return ""
    links = " · ".join(
        f'<a href="{html.escape(figure_href(f.name), quote=True)}" download>'
        f"{html.escape(f.suffix.lstrip('.').upper())}</a>"
        for f in files
    )
    return f'<p class="chart-downloads">{html.escape(text("chart_download", lang))} {links}</p>'


def figure_html(chart: Chart, name: str, lang: str = "vi") -> str:
    """The chart's SVG for the page followed by the links to download it as SVG and PNG (the
    files :func:`save_figure` writes; no links when nothing is written)."""
    return figure_svg(chart) + downloads_html(save_figure(chart, name), lang)


def figure_svg(chart: Chart) -> str:
    """The chart as accessible inline SVG markup (:meth:`~hpdata.report.svg.Chart.svg`): root
    ``<svg>`` with ``role="img"``, an ``aria-label`` and a ``<title>`` holding :func:`alt_text`,
    the ``hpdata-chart`` class, a width following the page up to :data:`MAX_WIDTH_PX`, and ids
    unique to the chart. Drawn once and kept with the chart."""
    return chart.svg()


def is_series(chart: Chart) -> bool:
    """Whether a trajectory shows a series: a panel with two results or more (one result alone
    adds nothing to the stated-figures chart above it, so its section starts closed)."""
    kinds = ("result", "estimate", "revised")
    return any(sum(len(p.marks(k)) for k in kinds) >= 2 for p in chart.panels)


def show(chart: Chart, name: str = "", lang: str = "vi") -> None:
    """Display the chart in a notebook as inline SVG (:func:`figure_svg`); with ``name``, also
    save it (:func:`save_figure`) and link its SVG and PNG files under it (:func:`figure_html`).

    The output is HTML (the page embeds the ``<svg>`` element itself, with its alt text), with the
    alt text as its plain-text form.
    """
    from IPython.display import display

    markup = figure_html(chart, name, lang) if name else figure_svg(chart)
    display({"text/html": markup, "text/plain": alt_text(chart)}, raw=True)
