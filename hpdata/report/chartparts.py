"""What a chart holds, in data coordinates: marks, labels, lanes, rows, reference lines, bar and
time panels, legend entries, and the boxes of placed texts (:mod:`hpdata.report.svg` draws them).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .svgtext import BAR_THICKNESS, GAP, TEXT_COLOR

# --- what a chart holds ------------------------------------------------------------------------


@dataclass
class Mark:
    """One shape in data coordinates.

    ``shape`` is one of ``bar`` (from ``x0`` to ``x1`` across a lane, ``size`` thick), ``tick``
    (a line across a lane at ``x0``, ``size`` long), ``diamond`` (at ``x0``, ``size`` wide),
    ``segment`` (``(x0, y0)`` to ``(x1, y1)``), ``band`` (the box ``x0``–``x1`` × ``y0``–``y1``)
    or ``point`` (a circle at ``(x0, y0)`` of radius ``size``). ``gid`` names what it shows
    (``result``, ``target``, ``basis``…) and becomes its ``class`` (``hc-<gid>``). ``title`` is
    what a pointer over it shows (its SVG ``<title>``: what it is and its value); left empty,
    the drawer gives it its row's label and value label (see :func:`_titled`). ``series`` and
    ``period`` say what it shows (a result of ``2023-Q1``; ``series`` defaults to ``gid``) and
    ``value`` its figure in base units when not its end (:func:`mark_value`), for
    :attr:`~hpdata.report.svg.Chart.data`.
    """

    shape: str
    gid: str
    x0: float
    x1: float = math.nan
    y0: float = math.nan
    y1: float = math.nan
    fill: str = "none"
    stroke: str = "none"
    width: float = 0.0
    opacity: float = 1.0
    hatch: bool = False
    dash: str = ""
    size: float = BAR_THICKNESS
    title: str = ""
    series: str = ""
    period: str = ""
    value: float = math.nan


@dataclass
class Label:
    """A text tied to a data position.

    In a bar lane, ``x`` is where it starts (``anchor`` ``start``), ends or is centred, and
    ``line`` where it sits: 0 beside the bar, −1 the line above, 1 the line below; a label that
    would overlap one already placed moves a line further out. In a time panel, ``(x, y)`` is
    the data point and ``dx``/``dy`` an offset in units; a colliding label moves up or down.
    """

    text: str
    x: float
    y: float = math.nan
    line: int = 0
    anchor: str = "start"
    color: str = TEXT_COLOR
    gid: str = "value"
    dx: float = GAP
    dy: float = 0.0


@dataclass
class Lane:
    """One bar's worth of height in a row: its marks and their labels."""

    marks: list[Mark] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    thickness: float = BAR_THICKNESS


@dataclass
class Row:
    """A category of a bar panel: its label on the left and its lanes, top to bottom."""

    label: str
    lanes: list[Lane] = field(default_factory=list)


@dataclass
class Reference:
    """A dashed line across the plot at a value, with its label (``gid`` ``benchmark`` …)."""

    value: float
    label: str
    gid: str = "reference"


@dataclass
class BarPanel:
    """Horizontal bars: rows top to bottom, a value axis at the bottom that always includes 0.

    ``fmt`` writes a tick value; ``axis_label`` names the quantity and unit under the ticks;
    ``note`` is a remark at the right of the title (``note_gid`` names it); ``message``, when
    set, is all the panel shows (no data).
    """

    title: str
    axis_label: str
    fmt: Callable[[float], str]
    rows: list[Row] = field(default_factory=list)
    refs: list[Reference] = field(default_factory=list)
    integer: bool = False
    note: str = ""
    note_gid: str = "note"
    message: str = ""

    def marks(self, gid: str | None = None) -> list[Mark]:
        """Every mark of the panel (with ``gid`` only, when given), top row first."""
        found = [m for row in self.rows for lane in row.lanes for m in lane.marks]
        return [m for m in found if gid is None or m.gid == gid]

    def labels(self) -> list[Label]:
        """Every value label of the panel, top row first."""
        return [lb for row in self.rows for lane in row.lanes for lb in lane.labels]


@dataclass
class TimePanel:
    """Years on x (``span`` in decimal years), values on y from 0 (or below) past the largest."""

    title: str
    axis_label: str
    fmt: Callable[[float], str]
    span: tuple[float, float]
    marks_: list[Mark] = field(default_factory=list)
    labels_: list[Label] = field(default_factory=list)
    refs: list[Reference] = field(default_factory=list)
    integer: bool = False
    message: str = ""

    def marks(self, gid: str | None = None) -> list[Mark]:
        """Every mark of the panel (with ``gid`` only, when given), in drawing order."""
        return [m for m in self.marks_ if gid is None or m.gid == gid]

    def labels(self) -> list[Label]:
        """Every value label of the panel."""
        return list(self.labels_)


@dataclass
class LegendEntry:
    """A legend item: a swatch (``bar``, ``line``, ``point`` or ``diamond``) and its words."""

    label: str
    swatch: str
    color: str
    hatch: bool = False
    opacity: float = 1.0
    hollow: bool = False
    dash: str = ""


@dataclass
class Box:
    """A placed text: its words, what it is (``gid``) and its box in viewBox units."""

    text: str
    gid: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area."""
        return (
            self.x0 < other.x1 - 0.01
            and other.x0 < self.x1 - 0.01
            and self.y0 < other.y1 - 0.01
            and other.y0 < self.y1 - 0.01
        )


def mark_value(mark: Mark) -> float:
    """The figure a mark shows: its ``value`` when set, else the end of a bar or a band (``x1``
    or ``y1``; a range's upper part ends at its high end), a point's or a line's height on a time
    panel (``y0``), a tick's or a diamond's position (``x0``)."""
    if not math.isnan(mark.value):
        return mark.value
    if mark.shape == "bar":
        return mark.x1
    if mark.shape == "band":
        return mark.y1
    if mark.shape in ("point", "segment") and not math.isnan(mark.y0):
        return mark.y0
    return mark.x0
