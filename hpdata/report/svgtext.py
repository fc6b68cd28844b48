"""Sizes, colours and text metrics of hpdata's SVG charts: every constant of the layout, the
width of a text set in DejaVu Sans (the widest font the chart asks for), line breaking and 1-2-5
ticks. The lowest layer of the chart drawer: it imports nothing of hpdata.
"""

from __future__ import annotations

import math
import unicodedata

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
