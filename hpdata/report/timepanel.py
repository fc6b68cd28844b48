"""The layout of a time panel: years on x, values on y, marks (points, period lines, target
lines and bands), labels placed clear of texts and marks, tied to their point by a leader line when
far from it, and the year axis.
"""

from __future__ import annotations

import math

from .barpanel import PLOT_RIGHT_PAD
from .chartparts import Box, Label, Mark, TimePanel
from .svgcanvas import _Canvas, _header, _marker, _message, _titled
from .svgtext import (
    AXIS_COLOR,
    GAP,
    GRID_COLOR,
    MARGIN,
    MUTED_COLOR,
    REFERENCE_DASH,
    TIME_LINES_PER_LABEL,
    TIME_PLOT_HEIGHT,
    WIDTH,
    line_height,
    nice_ticks,
    text_width,
)


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
