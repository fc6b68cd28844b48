"""A small SVG chart drawer of hpdata's own: panels stacked under a title and a legend.

A :class:`Chart` is a title, a legend, a list of panels and a source line. A panel is either a
:class:`BarPanel` (horizontal bars, one :class:`Row` per category with its label on the left; a
row has one or more :class:`Lane` of marks) or a :class:`TimePanel` (years on x, values on y).
Marks (:class:`Mark`) and their value labels (:class:`Label`) are given in data coordinates; the
layout is computed here, exactly, from an estimate of each text's width (the advance widths of
DejaVu Sans, the font the chart asks for first, which is wider than the usual fall-backs), so
labels are placed where they neither overlap nor leave the canvas.

The output (:meth:`Chart.svg`) is one ``<svg role="img">`` element with a ``<title>`` and an
``aria-label`` holding the chart's alt text, a viewBox :data:`WIDTH` units wide shown at most
:data:`MAX_WIDTH_PX` CSS pixels wide, and ids prefixed with a hash of its content so that several
charts can share a page. Every size and colour of the layout is a named constant below.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .barpanel import LABEL_ROOM, PLOT_RIGHT_PAD, _draw_bar_panel
from .chartdata import chart_frame
from .chartlegend import draw_legend
from .chartparts import BarPanel, Box, Label, Lane, LegendEntry, Mark, Reference, Row, TimePanel
from .svgcanvas import _PREFIX, _Canvas, _num, boxes_overlap
from .svgtext import (
    AXIS_COLOR,
    FONT_FAMILY,
    GAP,
    LABEL_COLUMN,
    MARGIN,
    MAX_WIDTH_PX,
    MUTED_COLOR,
    PANEL_GAP,
    PANEL_TITLE_SIZE,
    REFERENCE_DASH,
    TEXT_COLOR,
    TEXT_SIZE,
    TITLE_SIZE,
    WIDTH,
    line_height,
    nice_ticks,
    text_width,
    wrap,
)
from .timepanel import _draw_time_panel, _time_label_spots

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: What the drawer's users import from here (the parts, sizes and metrics live in the modules below).
__all__ = [
    "AXIS_COLOR", "LABEL_COLUMN", "LABEL_ROOM", "MARGIN", "MAX_WIDTH_PX", "PANEL_TITLE_SIZE",
    "PLOT_RIGHT_PAD", "REFERENCE_DASH", "TEXT_SIZE", "TITLE_SIZE", "WIDTH", "BarPanel", "Box",
    "Chart", "Label", "Lane", "LegendEntry", "Mark", "Reference", "Row", "TimePanel",
    "_time_label_spots", "boxes_overlap", "draw_panel", "line_height", "nice_ticks",
    "text_width", "wrap",
]  # fmt: skip


@dataclass
class Chart:
    """A chart: ``title``, ``legend``, ``panels`` stacked vertically, ``source`` line, ``alt``
    text. :meth:`svg` draws it (once: the markup is kept); it shows itself in JupyterLab."""

    title: str
    panels: list[BarPanel | TimePanel] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    source: str = ""
    alt: str = ""
    _svg: str | None = field(default=None, repr=False, compare=False)
    _boxes: list[Box] = field(default_factory=list, repr=False, compare=False)
    _mark_boxes: list[Box] = field(default_factory=list, repr=False, compare=False)

    def svg(self) -> str:
        """The chart as one accessible ``<svg>`` element (drawn on first use, then kept)."""
        if self._svg is None:
            self._svg, self._boxes, self._mark_boxes = _draw(self)
        return self._svg

    def boxes(self) -> list[Box]:
        """Every text placed on the chart, with its box (after drawing)."""
        self.svg()
        return list(self._boxes)

    def mark_boxes(self) -> list[Box]:
        """The boxes of the time panels' marks (points, lines, bands) as drawn, which their
        labels avoid."""
        self.svg()
        return list(self._mark_boxes)

    def texts(self) -> list[str]:
        """Every text of the chart as drawn, in drawing order."""
        return [b.text for b in self.boxes()]

    def marks(self, gid: str | None = None) -> list[Mark]:
        """Every mark of every panel (with ``gid`` only, when given)."""
        return [m for p in self.panels for m in p.marks(gid)]

    @property
    def data(self) -> pd.DataFrame:
        """What the chart draws, one row per mark and per reference line: its panel, row,
        series, shape, period, value (base units) and label, the words its ``<title>`` shows
        (:func:`hpdata.report.chartdata.chart_frame`)."""
        self.svg()  # the marks get their titles as they are drawn
        return chart_frame(self.panels)

    def _repr_svg_(self) -> str:
        return self.svg()


def _draw(chart: Chart) -> tuple[str, list[Box], list[Box]]:
    """Lay the chart out top to bottom; return its markup, its text boxes and the boxes of its
    time panels' marks."""
    canvas = _Canvas()
    inner = WIDTH - 2 * MARGIN
    y = MARGIN
    for line in wrap(chart.title, inner, TITLE_SIZE, bold=True):
        canvas.text(line, MARGIN, y, TITLE_SIZE, bold=True, gid="title")
        y += line_height(TITLE_SIZE)
    y = draw_legend(canvas, chart.legend, y + GAP)
    for panel in chart.panels:
        y = draw_panel(canvas, panel, y + PANEL_GAP)
    y += PANEL_GAP / 2
    for line in wrap(chart.source, inner, TEXT_SIZE):
        canvas.text(line, MARGIN, y, TEXT_SIZE, color=MUTED_COLOR, gid="source-line")
        y += line_height(TEXT_SIZE)
    height = y + MARGIN
    body = canvas.defs() + "".join(canvas.parts)
    return _wrap_svg(body, height, chart.alt or chart.title), canvas.boxes, canvas.mark_boxes


def _wrap_svg(body: str, height: float, alt: str) -> str:
    """The root element around ``body``: role, alt text, viewBox, width, ids made unique."""
    prefix = "chart-" + hashlib.sha1((alt + body).encode("utf-8")).hexdigest()[:10]
    body = body.replace(_PREFIX, prefix)
    label = html.escape(alt, quote=True)
    style = f"width: 100%; max-width: {MAX_WIDTH_PX}px; height: auto"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{prefix}" class="hpdata-chart" role="img"'
        f' aria-label="{label}" viewBox="0 0 {_num(WIDTH)} {_num(height)}" style="{style}">'
        f"<title>{html.escape(alt, quote=False)}</title>"
        f"<style>#{prefix} text {{ font-family: {FONT_FAMILY} }}</style>"
        f'<rect width="{_num(WIDTH)}" height="{_num(height)}" fill="#ffffff"/>'
        f'<g fill="{TEXT_COLOR}">{body}</g></svg>'
    )


def draw_panel(canvas: _Canvas, panel: BarPanel | TimePanel, y: float) -> float:
    """Draw one panel from ``y`` down; returns the y below it."""
    if isinstance(panel, TimePanel):
        return _draw_time_panel(canvas, panel, y)
    return _draw_bar_panel(canvas, panel, y)
