"""The legend of a chart: entries flowing left to right, each a swatch (bar, line, point or
diamond) drawn as the chart draws that mark, then its words.
"""

from __future__ import annotations

from .chartparts import LegendEntry, Mark
from .svgcanvas import _Canvas, _marker
from .svgtext import (
    GAP,
    LEGEND_SPACING,
    MARGIN,
    SWATCH,
    SWATCH_HEIGHT,
    WIDTH,
    line_height,
    text_width,
    wrap,
)


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
