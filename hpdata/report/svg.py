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
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# --- sizes (viewBox units; the chart is WIDTH units wide) ----------------------------------------

#: The viewBox width. At 390 CSS px a page shows the chart about 358 px wide (scale 0.85), so
#: text of :data:`TEXT_SIZE` units is 12.4 px there; at most :data:`MAX_WIDTH_PX` wide (scale
#: 1.14, text 16.6 px, about the page's 16 px).
WIDTH = 420.0
#: How wide a chart is shown at most, in CSS pixels (it shrinks with a narrower page).
MAX_WIDTH_PX = 480
#: The title's font size; the largest text of a chart.
TITLE_SIZE = 16.0
#: Panel titles (bold).
PANEL_TITLE_SIZE = 15.0
#: Every other text: labels, ticks, legend, source line.
TEXT_SIZE = 14.5
#: Line height as a multiple of the font size.
LINE_HEIGHT = 1.3
#: The empty border around the whole chart.
MARGIN = 8.0
#: Between a mark and its label, and between a tick and its label.
GAP = 4.0
#: Vertical space between panels, and between the header (title, legend) and the first panel.
PANEL_GAP = 16.0
#: Thickness of a bar lane.
BAR_THICKNESS = 20.0
#: Vertical padding inside a bar row (split above and below).
ROW_PAD = 8.0
#: Category labels take at most this share of the width (longer ones wrap).
LABEL_COLUMN = 0.38
#: The plot height of a time panel.
TIME_PLOT_HEIGHT = 170.0
#: A crowded time panel grows: at least this many text lines of plot height per label.
TIME_LINES_PER_LABEL = 1.6
#: Legend swatch width and the space after an entry.
SWATCH = 18.0
LEGEND_SPACING = 14.0
#: Side of a hatch pattern's tile (its lines are drawn at 45 degrees) and the lines' width.
HATCH_TILE, HATCH_WIDTH = 6, 2
#: Height of a legend swatch for a bar.
SWATCH_HEIGHT = 12.0
#: Dashes of a reference line (benchmark, 100 %), in units: dash, gap.
REFERENCE_DASH = "5 3"
#: Font family asked for: the page's (``page.css``); the widths below are DejaVu Sans's, the
#: widest of them, so a label measured here never needs more room than it gets.
FONT_FAMILY = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', Arial, sans-serif"

TEXT_COLOR = "#222222"
MUTED_COLOR = "#444444"
GRID_COLOR = "#dddddd"
AXIS_COLOR = "#333333"
HATCH_COLOR = "#ffffff"
#: White outline drawn under value labels, so they stay legible over a line or a band.
HALO = "#ffffff"

# --- text width --------------------------------------------------------------------------------

_CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz"
    "{|}~–−×÷…≥≤đĐơƠưƯ’“”·°"
)
#: Advance widths of DejaVu Sans (per 1000 em), read from the font's hmtx table.
_REGULAR = (
    "318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,"
    "636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,"
    "748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,"
    "615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,"
    "337,636,838,500,838,838,838,1000,838,838,635,775,612,913,634,858,318,518,518,318,500"
)
#: The same for DejaVu Sans Bold.
_BOLD = (
    "348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,"
    "696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,"
    "837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,"
    "678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,"
    "365,712,838,500,838,838,838,1000,838,838,716,838,687,874,712,835,380,657,657,380,500"
)
_WIDTHS = {
    False: dict(zip(_CHARS, (int(w) for w in _REGULAR.split(",")), strict=True)),
    True: dict(zip(_CHARS, (int(w) for w in _BOLD.split(",")), strict=True)),
}
#: Width of a character the table lacks (per 1000 em): as wide as the widest letters.
_UNKNOWN = 1000


def text_width(text: str, size: float = TEXT_SIZE, bold: bool = False) -> float:
    """The width of ``text`` set in DejaVu Sans at ``size``: the sum of its advance widths.

    A letter with diacritics (``ế``, ``ợ``) is as wide as its base letter (``e``, ``ơ``).

    Examples
    --------
    >>> round(text_width("2023", 10), 2), text_width("ế", 10) == text_width("e", 10)
    (25.44, True)
    """
    table = _WIDTHS[bold]
    total = 0
    for ch in text:
        width = table.get(ch)
        if width is None:
            width = table.get(unicodedata.normalize("NFD", ch)[0], _UNKNOWN)
        total += width
    return total * size / 1000


def line_height(size: float = TEXT_SIZE) -> float:
    """The height of one line of text at ``size``."""
    return size * LINE_HEIGHT


def wrap(text: str, width: float, size: float = TEXT_SIZE, bold: bool = False) -> list[str]:
    """Break ``text`` at spaces (and at its own newlines) into lines at most ``width`` wide.

    A single word wider than ``width`` stays whole on its own line.

    Examples
    --------
    >>> wrap("one two three", text_width("one two", 10), 10)
    ['one two', 'three']
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate, size, bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


# --- ticks -------------------------------------------------------------------------------------


def nice_step(span: float, count: int = 5, integer: bool = False) -> float:
    """The tick step for ``span``: the smallest of 1, 2, 5 × 10^k giving at most ``count``
    intervals (at least 1 when ``integer``).

    Examples
    --------
    >>> nice_step(96, 5), nice_step(3, 5, integer=True), nice_step(0.9, 5)
    (20, 1, 0.2)
    """
    if not span > 0:
        return 1.0
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        step = multiple * magnitude
        if step >= raw * (1 - 1e-9):
            break
    if integer:
        step = max(1, round(step))
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return round(step, digits) if digits else round(step)


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[float]:
    """Ticks at a 1-2-5 step covering ``[low, high]``: the first at or below ``low``, the last at
    or above ``high``, at most about ``count`` intervals; integers when ``integer``.

    Examples
    --------
    >>> nice_ticks(0, 96.17)
    [0, 20, 40, 60, 80, 100]
    >>> nice_ticks(-9.46, 16)
    [-10, 0, 10, 20]
    >>> nice_ticks(0, 3, integer=True)
    [0, 1, 2, 3]
    """
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1.0)
    step = nice_step(high - low, count, integer)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return [round(i * step, digits) if digits else round(i * step) for i in range(first, last + 1)]


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
    the drawer gives it its row's label and value label (see :func:`_titled`).
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

    def _repr_svg_(self) -> str:
        return self.svg()


# --- drawing -----------------------------------------------------------------------------------

_PREFIX = "\x00id"  # replaced by the content-hashed id prefix once the markup is complete


def _num(value: float) -> str:
    """A coordinate, to 0.01 unit."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Canvas:
    """Collects SVG elements and the boxes of placed texts."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.boxes: list[Box] = []
        self.mark_boxes: list[Box] = []
        self.hatches: dict[str, str] = {}

    def text(
        self,
        words: str,
        x: float,
        y_top: float,
        size: float = TEXT_SIZE,
        *,
        anchor: str = "start",
        bold: bool = False,
        italic: bool = False,
        color: str = TEXT_COLOR,
        gid: str = "text",
        halo: bool = False,
        backdrop: bool = False,
    ) -> Box:
        """A line of text whose box's top is at ``y_top``; returns (and records) its box."""
        width = text_width(words, size, bold)
        x0 = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        box = Box(words, gid, x0, y_top, x0 + width, y_top + line_height(size))
        baseline = y_top + line_height(size) / 2 + size * 0.35
        attrs = [f'x="{_num(x)}"', f'y="{_num(baseline)}"', f'font-size="{_num(size)}"']
        if anchor != "start":
            attrs.append(f'text-anchor="{anchor}"')
        if bold:
            attrs.append('font-weight="bold"')
        if italic:
            attrs.append('font-style="italic"')
        if color != TEXT_COLOR:
            attrs.append(f'fill="{color}"')
        if halo:
            attrs.append(f'stroke="{HALO}" stroke-width="3" paint-order="stroke"')
        attrs.append(f'class="hc-{gid}"')
        if backdrop:  # a white box behind the text, interrupting a line it would cross
            self.parts.append(
                f'<rect x="{_num(box.x0 - 1)}" y="{_num(box.y0 + 1)}" width="{_num(width + 2)}"'
                f' height="{_num(box.y1 - box.y0 - 2)}" fill="{HALO}"/>'
            )
        self.parts.append(f"<text {' '.join(attrs)}>{html.escape(words, quote=False)}</text>")
        self.boxes.append(box)
        return box

    def fill_of(self, color: str, hatch: bool) -> str:
        """A fill: the colour, or a pattern of white diagonal lines over it."""
        if not hatch:
            return color
        if color not in self.hatches:
            self.hatches[color] = f"{_PREFIX}-hatch-{len(self.hatches)}"
        return f"url(#{self.hatches[color]})"

    def rect(self, x: float, y: float, w: float, h: float, mark: Mark | None = None, **kw) -> None:
        """A rectangle, styled by ``mark`` (or by keyword attributes)."""
        attrs = {"x": _num(x), "y": _num(y), "width": _num(max(w, 0.0)), "height": _num(h)}
        self.parts.append(_element("rect", _attrs({**attrs, **_style(self, mark), **kw}), mark))

    def line(self, x0: float, y0: float, x1: float, y1: float, mark: Mark | None = None, **kw):
        """A straight line, styled by ``mark`` (or by keyword attributes)."""
        attrs = {"x1": _num(x0), "y1": _num(y0), "x2": _num(x1), "y2": _num(y1)}
        self.parts.append(_element("line", _attrs({**attrs, **_style(self, mark), **kw}), mark))

    def defs(self) -> str:
        """The hatch patterns used."""
        out = []
        for color, pid in self.hatches.items():
            out.append(
                f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{HATCH_TILE}"'
                f' height="{HATCH_TILE}" patternTransform="rotate(45)"><rect width="{HATCH_TILE}"'
                f' height="{HATCH_TILE}" fill="{color}"/><line x1="0" y1="0" x2="0"'
                f' y2="{HATCH_TILE}" stroke="{HATCH_COLOR}" stroke-width="{HATCH_WIDTH}"/>'
                "</pattern>"
            )
        return f"<defs>{''.join(out)}</defs>" if out else ""


def _element(tag: str, attrs: str, mark: Mark | None) -> str:
    """An empty element, or one holding its mark's ``<title>`` (shown on pointing at it)."""
    if mark is None or not mark.title:
        return f"<{tag} {attrs}/>"
    return f"<{tag} {attrs}><title>{html.escape(mark.title, quote=False)}</title></{tag}>"


def _titled(mark: Mark, labels: list[Label], fallback: str, prefix: str = "") -> Mark:
    """``mark`` with a title: its own, else ``prefix`` and the text of the label tied to it (at
    its end, its start or its middle, in data coordinates), else ``fallback``."""
    if mark.title:
        return mark
    spots = [mark.x1, mark.x0, (mark.x0 + mark.x1) / 2]
    tied = [lb for x in spots for lb in labels if _same(lb.x, x)]
    words = tied[0].text if tied else ""
    lead = f"{prefix}: " if prefix and words else prefix
    mark.title = f"{lead}{words}" if words else (prefix or fallback)
    return mark


def _same(a: float, b: float) -> bool:
    return not (math.isnan(a) or math.isnan(b)) and abs(a - b) <= 1e-9 * max(1.0, abs(a))


def _attrs(attrs: dict[str, object]) -> str:
    return " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items() if v not in ("", None))


def _style(canvas: _Canvas, mark: Mark | None) -> dict[str, object]:
    if mark is None:
        return {}
    out: dict[str, object] = {"class": f"hc-{mark.gid}"}
    if mark.shape in ("bar", "band", "diamond", "point"):
        out["fill"] = canvas.fill_of(mark.fill, mark.hatch) if mark.fill != "none" else "none"
    if mark.stroke != "none":
        out["stroke"] = mark.stroke
        out["stroke_width"] = _num(mark.width)
    if mark.opacity != 1.0:
        out["opacity"] = _num(mark.opacity)
    if mark.dash:
        out["stroke_dasharray"] = mark.dash
    return out


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


def boxes_overlap(boxes: Iterable[Box]) -> list[tuple[Box, Box]]:
    """Every pair of boxes that share area (an empty list when no text overlaps another)."""
    items = list(boxes)
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :] if a.overlaps(b)]


# --- layout ------------------------------------------------------------------------------------

#: The plot's right edge stays this far inside the margin (room for the last tick label).
PLOT_RIGHT_PAD = 16.0
#: A label beside a bar is pushed to the next line when the bar and it would need more than
#: this share of the plot's width.
LABEL_ROOM = 0.5


def draw_legend(canvas: _Canvas, entries: list[LegendEntry], y: float) -> float:
    """Legend entries flowing left to right in rows, each a swatch then its (wrapped) words;
    returns the y below the legend."""
    if not entries:
        return y
    inner = WIDTH - 2 * MARGIN
    step = line_height()
    x, row_lines = MARGIN, 1
    for entry in entries:
        lines = wrap(entry.label, inner - SWATCH - GAP)
        width = SWATCH + GAP + max(text_width(line) for line in lines)
        if x > MARGIN and x + width > MARGIN + inner:
            x, y, row_lines = MARGIN, y + row_lines * step, 1
        _swatch(canvas, entry, x, y + step / 2)
        for i, line in enumerate(lines):
            canvas.text(line, x + SWATCH + GAP, y + i * step, gid="legend")
        row_lines = max(row_lines, len(lines))
        x += width + LEGEND_SPACING
    return y + row_lines * step


def _swatch(canvas: _Canvas, entry: LegendEntry, x: float, cy: float) -> None:
    """A legend swatch of ``SWATCH`` width centred vertically on ``cy``."""
    mark = Mark("bar", "legend-swatch", 0, fill=entry.color, stroke=entry.color,
                opacity=entry.opacity, hatch=entry.hatch, dash=entry.dash)  # fmt: skip
    if entry.swatch == "bar":
        mark.stroke = "none"
        canvas.rect(x, cy - SWATCH_HEIGHT / 2, SWATCH, SWATCH_HEIGHT, mark)
    elif entry.swatch == "line":
        mark.shape, mark.width = "segment", 3.0 if not entry.dash else 1.5
        canvas.line(x, cy, x + SWATCH, cy, mark)
    else:
        mark.shape, mark.width = entry.swatch, 1.6
        mark.fill = "#ffffff" if entry.hollow else entry.color
        _marker(canvas, mark, x + SWATCH / 2, cy, 5.0 if entry.swatch == "point" else 6.0)


def _marker(canvas: _Canvas, mark: Mark, cx: float, cy: float, r: float) -> None:
    """A circle (``point``) or a diamond of half-size ``r`` at ``(cx, cy)``."""
    style = _attrs(_style(canvas, mark))
    if mark.shape == "point":
        attrs = f'cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" {style}'
        canvas.parts.append(_element("circle", attrs, mark))
    else:
        points = f"{_num(cx)},{_num(cy - r)} {_num(cx + r)},{_num(cy)} {_num(cx)},{_num(cy + r)} {_num(cx - r)},{_num(cy)}"
        canvas.parts.append(_element("polygon", f'points="{points}" {style}', mark))


def draw_panel(canvas: _Canvas, panel: BarPanel | TimePanel, y: float) -> float:
    """Draw one panel from ``y`` down; returns the y below it."""
    if isinstance(panel, TimePanel):
        return _draw_time_panel(canvas, panel, y)
    return _draw_bar_panel(canvas, panel, y)


def _header(canvas: _Canvas, title: str, note: str, note_gid: str, y: float) -> float:
    """A panel's bold title on the left and its note on the right (on the title's last line when
    both fit, else on a line of its own); returns the y below."""
    inner = WIDTH - 2 * MARGIN
    step = line_height(PANEL_TITLE_SIZE)
    last = 0.0
    for line in wrap(title, inner, PANEL_TITLE_SIZE, bold=True) if title else []:
        box = canvas.text(line, MARGIN, y, PANEL_TITLE_SIZE, bold=True, gid="panel-title")
        last, y = box.x1, y + step
    if note:
        if title and last + 2 * GAP + text_width(note) <= WIDTH - MARGIN:
            top = y - step  # on the title's last line
        else:
            top, y = y, y + line_height()
        canvas.text(note, WIDTH - MARGIN, top, anchor="end", italic=True, color=MUTED_COLOR,
                    gid=note_gid)  # fmt: skip
    return y


def _message(canvas: _Canvas, words: str, y: float) -> float:
    """A panel that only says ``words`` (no data), centred."""
    canvas.text(words, WIDTH / 2, y + GAP, anchor="middle", color=MUTED_COLOR, gid="message")
    return y + GAP + 2 * line_height()


def _value_domain(panel: BarPanel, plot_w: float) -> tuple[float, float, list[float]]:
    """The value axis of a bar panel: nice ticks covering the marks, the references and 0, and
    a domain stretched past the last tick when a label beside a bar needs the room."""
    values = [0.0, *(r.value for r in panel.refs)]
    for m in panel.marks():
        values += [v for v in (m.x0, m.x1) if not math.isnan(v)]
    ticks = nice_ticks(min(values), max(values), 5, panel.integer)
    low, high = ticks[0], ticks[-1]
    for lb in panel.labels():
        room = plot_w - text_width(lb.text) - lb.dx
        if lb.line == 0 and lb.anchor == "start" and room > plot_w * LABEL_ROOM and lb.x > low:
            high = max(high, low + (lb.x - low) * plot_w / room)
    step = ticks[1] - ticks[0]
    while ticks[-1] + step <= high + 1e-9 * abs(step):
        ticks.append(round(ticks[-1] + step, 12))
    return low, high, ticks


def _place_lane(lane: Lane, sx: Callable[[float], float], plot: tuple[float, float]) -> list:
    """Where each label of a lane goes: ``(label, line, x0, width)``, moving a label a line
    further from the bar while it overlaps one placed before, and a label beside the bar below
    it when it would cross a mark of the lane (a target line, a band) or need more room than
    the plot has. (A label over a reference line is drawn on a white backdrop that interrupts
    the line: see :func:`_draw_row`.)"""
    placed: list[tuple[Label, int, float, float]] = []
    crossed = _obstacles(lane, sx)
    for lb in lane.labels:
        width = text_width(lb.text)
        x = sx(lb.x)
        x0 = {"start": x + lb.dx, "end": x - lb.dx - width, "middle": x - width / 2}[lb.anchor]
        line = lb.line
        if line == 0 and (
            x0 + width > plot[1] + PLOT_RIGHT_PAD
            or any(x0 < b + GAP and a - GAP < x0 + width for a, b in crossed)
        ):
            line = 1
        x0 = min(max(x0, plot[0]), WIDTH - MARGIN - width)
        step = -1 if line < 0 else 1
        while any(n == line and x0 < a + w and a < x0 + width for _, n, a, w in placed):
            line += step
        placed.append((lb, line, x0, width))
    return placed


def _obstacles(lane: Lane, sx: Callable[[float], float]) -> list[tuple[float, float]]:
    """The horizontal extents of a lane's marks that a label beside a bar must not cross: ticks,
    diamonds and bars that do not start at zero (a target band, a range's upper part)."""
    out = []
    for m in lane.marks:
        if m.shape in ("tick", "diamond"):
            half = m.size / 2 if m.shape == "diamond" else m.width / 2
            out.append((sx(m.x0) - half, sx(m.x0) + half))
        elif m.shape == "bar" and m.x0 != 0:
            a, b = sorted((sx(m.x0), sx(m.x1)))
            out.append((a, b))
    return out


def _lane_extent(placed: list, thickness: float) -> tuple[int, int, float]:
    """Lines above and below a lane's bar, and the lane's height."""
    above = -min([n for _, n, _, _ in placed if n < 0], default=0)
    below = max([n for _, n, _, _ in placed if n > 0], default=0)
    middle = max(thickness, line_height())
    return above, below, (above + below) * line_height() + middle


def _draw_bar_panel(canvas: _Canvas, panel: BarPanel, y: float) -> float:
    """Title, reference labels, rows of bars with their labels, ticks and the axis label."""
    y = _header(canvas, panel.title, panel.note, panel.note_gid, y)
    if panel.message or not panel.rows:
        return _message(canvas, panel.message, y)
    inner = WIDTH - 2 * MARGIN
    label_w = min(max(text_width(r.label) for r in panel.rows), LABEL_COLUMN * inner)
    x0 = MARGIN + label_w + 2 * GAP
    plot_w = WIDTH - MARGIN - PLOT_RIGHT_PAD - x0
    low, high, ticks = _value_domain(panel, plot_w)

    def sx(v: float) -> float:
        return x0 + (v - low) / (high - low) * plot_w

    y = _reference_labels(canvas, panel.refs, sx, y + GAP)
    top, grid_at = y, len(canvas.parts)
    refs = [sx(r.value) for r in panel.refs]
    for row in panel.rows:
        y = _draw_row(canvas, row, sx, (x0, x0 + plot_w, label_w), refs, y)
    bottom = y
    drawn = canvas.parts[grid_at:]  # the rows go over the grid and the reference lines
    del canvas.parts[grid_at:]
    for t in ticks:
        canvas.line(sx(t), top, sx(t), bottom, stroke=GRID_COLOR, stroke_width="1")
    for ref in panel.refs:
        mark = Mark("segment", ref.gid, ref.value, stroke=AXIS_COLOR, width=1.4,
                    dash=REFERENCE_DASH, title=ref.label or panel.fmt(ref.value))  # fmt: skip
        canvas.line(sx(ref.value), top - GAP, sx(ref.value), bottom, mark)
    canvas.parts += drawn
    if low < 0:
        canvas.line(sx(0), top, sx(0), bottom, stroke=AXIS_COLOR, stroke_width="1")
    canvas.line(x0, bottom, x0 + plot_w, bottom, stroke=AXIS_COLOR, stroke_width="1")
    y = _ticks_below(canvas, [(sx(t), panel.fmt(t)) for t in ticks], bottom + GAP)
    for line in wrap(panel.axis_label, inner):
        centre = min(max(x0 + plot_w / 2, MARGIN + text_width(line) / 2),
                     WIDTH - MARGIN - text_width(line) / 2)  # fmt: skip
        canvas.text(line, centre, y, anchor="middle", gid="axis-label")
        y += line_height()
    return y


def _reference_labels(canvas: _Canvas, refs: list[Reference], sx, y: float) -> float:
    """Reference labels above the plot, at their line (right of it, or left when it would leave
    the canvas), a line lower while one would overlap another; returns the y below them."""
    placed: list[tuple[int, float, float]] = []
    lines = 0
    for ref in (r for r in refs if r.label):
        width = text_width(ref.label)
        x0 = sx(ref.value) + GAP
        if x0 + width > WIDTH - MARGIN:
            x0 = sx(ref.value) - GAP - width
        line = 0
        while any(n == line and x0 < a + w and a < x0 + width for n, a, w in placed):
            line += 1
        placed.append((line, x0, width))
        canvas.text(ref.label, x0, y + line * line_height(), gid=f"{ref.gid}-label")
        lines = max(lines, line + 1)
    return y + lines * line_height()


def _draw_row(canvas: _Canvas, row: Row, sx, plot: tuple[float, float, float],
              refs: list[float], y: float) -> float:  # fmt: skip
    """One category: its label wrapped to the label column (``plot`` is the plot's left and
    right edges and the column's width) on the left, its lanes stacked; returns the y below."""
    label_w = plot[2]
    laid = [(lane, _place_lane(lane, sx, plot[:2])) for lane in row.lanes]
    extents = [_lane_extent(placed, lane.thickness) for lane, placed in laid]
    lanes_h = sum(e[2] for e in extents)
    words = wrap(row.label, label_w) if row.label else []
    height = max(lanes_h, len(words) * line_height()) + ROW_PAD
    text_top = y + (height - len(words) * line_height()) / 2
    for i, line in enumerate(words):
        canvas.text(line, plot[0] - 2 * GAP, text_top + i * line_height(), anchor="end",
                    gid="category")  # fmt: skip
    lane_top = y + (height - lanes_h) / 2
    for (lane, placed), (above, _below, lane_h) in zip(laid, extents, strict=True):
        middle = max(lane.thickness, line_height())
        cy = lane_top + above * line_height() + middle / 2
        for mark in lane.marks:
            _draw_lane_mark(canvas, _titled(mark, lane.labels, row.label, row.label), sx, cy)
        for lb, line, x0, width in placed:
            if line == 0:
                top = cy - line_height() / 2
            elif line < 0:
                top = cy - middle / 2 + line * line_height()
            else:
                top = cy + middle / 2 + (line - 1) * line_height()
            backdrop = any(x0 - GAP < r < x0 + width + GAP for r in refs)
            canvas.text(lb.text, x0, top, color=lb.color, gid=lb.gid, halo=True,
                        backdrop=backdrop)  # fmt: skip
        lane_top += lane_h
    return y + height


def _draw_lane_mark(canvas: _Canvas, mark: Mark, sx, cy: float) -> None:
    """A bar, tick or diamond of a lane whose centre line is at ``cy``."""
    if mark.shape == "bar":
        a, b = sx(mark.x0), sx(mark.x1)
        canvas.rect(min(a, b), cy - mark.size / 2, abs(b - a), mark.size, mark)
    elif mark.shape == "tick":
        canvas.line(sx(mark.x0), cy - mark.size / 2, sx(mark.x0), cy + mark.size / 2, mark)
    else:
        _marker(canvas, mark, sx(mark.x0), cy, mark.size / 2)


def _ticks_below(canvas: _Canvas, ticks: list[tuple[float, str]], y: float) -> float:
    """Tick labels centred under their ticks, skipping one that would touch the one before or
    leave the canvas; returns the y below them."""
    last = -math.inf
    for x, words in ticks:
        width = text_width(words)
        if x - width / 2 < last + GAP or x + width / 2 > WIDTH - MARGIN / 2:
            continue
        canvas.text(words, x, y, anchor="middle", color=MUTED_COLOR, gid="tick")
        last = x + width / 2
    return y + line_height()


def _time_domain(panel: TimePanel) -> list[float]:
    """The value axis of a time panel: from 0 (or below the lowest value) to a fifth of the range
    past the highest, in nice ticks."""
    values = [0.0, *(r.value for r in panel.refs)]
    for m in panel.marks():
        values += [v for v in (m.y0, m.y1) if not math.isnan(v)]
    low, high = min(values), max(values)
    pad = (high - low) * 0.2 or 1.0
    return nice_ticks(low - (pad if low < 0 else 0), high + pad, 4, panel.integer)


def _draw_time_panel(canvas: _Canvas, panel: TimePanel, y: float) -> float:
    """Title, the unit line, grid and value ticks, year ticks, marks, labels placed clear of
    each other; returns the y below the year labels."""
    y = _header(canvas, panel.title, "", "", y)
    if panel.message:
        return _message(canvas, panel.message, y)
    canvas.text(panel.axis_label, MARGIN, y, color=MUTED_COLOR, gid="axis-label")
    y += line_height()
    ticks = _time_domain(panel)
    low, high = ticks[0], ticks[-1]
    words = [panel.fmt(t) for t in ticks]
    x0 = MARGIN + max(text_width(w) for w in words) + 2 * GAP
    plot_w = WIDTH - MARGIN - PLOT_RIGHT_PAD - x0
    top = y + line_height() / 2
    plot_h = max(TIME_PLOT_HEIGHT, TIME_LINES_PER_LABEL * line_height() * len(panel.labels()))
    bottom = top + plot_h
    span0, span1 = panel.span

    def sx(v: float) -> float:
        return x0 + (v - span0) / (span1 - span0) * plot_w

    def sy(v: float) -> float:
        return bottom - (v - low) / (high - low) * plot_h

    for t, w in zip(ticks, words, strict=True):
        canvas.line(x0, sy(t), x0 + plot_w, sy(t), stroke=GRID_COLOR, stroke_width="1")
        canvas.text(w, x0 - GAP, sy(t) - line_height() / 2, anchor="end", color=MUTED_COLOR,
                    gid="tick")  # fmt: skip
    if low < 0:
        canvas.line(x0, sy(0), x0 + plot_w, sy(0), stroke=AXIS_COLOR, stroke_width="1")
    canvas.line(x0, bottom, x0 + plot_w, bottom, stroke=AXIS_COLOR, stroke_width="1")
    placed = [b for b in canvas.boxes if b.y1 > top - line_height() and b.y0 < bottom]
    for ref in panel.refs:
        mark = Mark("segment", ref.gid, span0, span1, ref.value, ref.value, stroke=AXIS_COLOR,
                    width=1.0, dash=REFERENCE_DASH, title=ref.label)  # fmt: skip
        canvas.line(x0, sy(ref.value), x0 + plot_w, sy(ref.value), mark)
        placed.append(canvas.text(ref.label, x0 + GAP, sy(ref.value) - line_height(),
                                  gid=f"{ref.gid}-label"))  # fmt: skip
    for mark in panel.marks():
        _draw_time_mark(canvas, _titled(mark, panel.labels(), panel.title), sx, sy)
    obstacles = _mark_boxes(panel.marks(), sx, sy)
    canvas.mark_boxes += obstacles
    for lb in panel.labels():
        _place_time_label(canvas, lb, sx, sy, (x0, x0 + plot_w, top, bottom), placed, obstacles)
    return _year_axis(canvas, panel.span, sx, bottom)


def _draw_time_mark(canvas: _Canvas, mark: Mark, sx, sy) -> None:
    """A segment, band or point of a time panel."""
    if mark.shape == "segment":
        canvas.line(sx(mark.x0), sy(mark.y0), sx(mark.x1), sy(mark.y1), mark)
    elif mark.shape == "band":
        x, top = sx(mark.x0), sy(mark.y1)
        canvas.rect(x, top, sx(mark.x1) - x, sy(mark.y0) - top, mark)
    else:
        _marker(canvas, mark, sx(mark.x0), sy(mark.y0), mark.size)


def _mark_boxes(marks: list[Mark], sx, sy) -> list[Box]:
    """The boxes of a time panel's marks, which a label should not cover."""
    out = []
    for m in marks:
        if m.shape == "point":
            x, y, r = sx(m.x0), sy(m.y0), m.size + 1
            out.append(Box("", m.gid, x - r, y - r, x + r, y + r))
        elif m.shape == "band" or (m.shape == "segment" and m.y0 != m.y1):
            xs, ys = sorted((sx(m.x0), sx(m.x1))), sorted((sy(m.y0), sy(m.y1)))
            out.append(Box("", m.gid, xs[0] - 1, ys[0], xs[1] + 1, ys[1]))
        elif m.shape == "segment":
            half = m.width / 2 + 1
            out.append(Box("", m.gid, sx(m.x0), sy(m.y0) - half, sx(m.x1), sy(m.y0) + half))
    return out


def _time_label_spots(lb: Label, x: float, y: float, width: float) -> list[tuple[float, float]]:
    """Where a label may go, nearest first, as (left edge, vertical centre): a point's label
    right of it, then left, then diagonally, then further up or down; a target's label above
    its line, then below, then further up or down."""
    height = line_height()
    if lb.anchor == "middle":
        above = y + lb.dy
        spots = [(x - width / 2, above), (x - width / 2, 2 * y - above)]
        return spots + [(x - width / 2, above - k * height) for k in range(1, 6)]
    right, left = x + lb.dx, x - lb.dx - width
    near = 0.85 * height
    spots = [(right, y), (left, y), (x + lb.dx / 2, y - near), (x + lb.dx / 2, y + near),
             (x - lb.dx / 2 - width, y - near), (x - lb.dx / 2 - width, y + near)]  # fmt: skip
    for k in (1.8, 2.8, 3.8, 4.8, 5.8, 6.8, 7.8):
        spots += [(right, y - k * height), (right, y + k * height)]
        spots += [(left, y - k * height), (left, y + k * height)]
        spots += [(x - width / 2, y - k * height), (x - width / 2, y + k * height)]
    return spots


def _place_time_label(
    canvas: _Canvas, lb: Label, sx, sy, plot: tuple, placed: list, marks: list[Box]
) -> None:
    """A label at the first of :func:`_time_label_spots` that stays in the plot and covers
    neither a text already placed nor a mark; failing that, the first that covers no text. A
    label that ends up more than a line from its point is tied to it by a thin leader line."""
    left, _right, top, bottom = plot
    width, height = text_width(lb.text), line_height()
    x, y = sx(lb.x), sy(lb.y)
    boxes = []
    for x0, cy in _time_label_spots(lb, x, y, width):
        x0 = min(max(x0, left), WIDTH - MARGIN - width)
        box = Box(lb.text, lb.gid, x0, cy - height / 2, x0 + width, cy + height / 2)
        if box.y0 >= top - height and box.y1 <= bottom:
            boxes.append(box)
    free = [b for b in boxes if not any(b.overlaps(o) for o in placed)]
    clear = [b for b in free if not any(b.overlaps(o) for o in marks)]
    box = (clear or free or boxes or [Box(lb.text, lb.gid, x, y, x + width, y + height)])[0]
    centre = (box.y0 + box.y1) / 2
    if abs(centre - y) > 1.2 * height:
        tx = min(max(x, box.x0), box.x1)
        ty = box.y1 if centre < y else box.y0
        canvas.line(x, y, tx, ty, stroke=lb.color, stroke_width="0.8", opacity="0.7")
    placed.append(canvas.text(lb.text, box.x0, box.y0, color=lb.color, gid=lb.gid, halo=True))


def _year_axis(canvas: _Canvas, span: tuple[float, float], sx, bottom: float) -> float:
    """Year boundaries ticked on the axis, each year named under its middle (every 2nd, 5th or
    10th year when the names would touch); returns the y below them."""
    first, last = math.floor(span[0]), math.ceil(span[1])
    for year in range(first, last + 1):
        if span[0] <= year <= span[1]:
            canvas.line(sx(year), bottom, sx(year), bottom + GAP, stroke=AXIS_COLOR,
                        stroke_width="1")  # fmt: skip
    years = [y for y in range(first, last) if span[0] <= y + 0.5 <= span[1]]
    room = sx(1.0) - sx(0.0)
    every = next((n for n in (1, 2, 5, 10) if text_width("2000") + 2 * GAP <= room * n), 10)
    for year in years[::every]:
        canvas.text(str(year), sx(year + 0.5), bottom + GAP, anchor="middle", color=MUTED_COLOR,
                    gid="year")  # fmt: skip
    return bottom + GAP + line_height()
