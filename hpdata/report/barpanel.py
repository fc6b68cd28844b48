"""The layout of a bar panel: horizontal bars in rows, labels beside their bars and clear of each
other and of target marks, reference lines and their labels, the value axis and its ticks.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .chartparts import BarPanel, Label, Lane, Mark, Reference, Row
from .svgcanvas import _Canvas, _header, _marker, _message, _titled
from .svgtext import (
    AXIS_COLOR,
    GAP,
    GRID_COLOR,
    LABEL_COLUMN,
    MARGIN,
    MUTED_COLOR,
    REFERENCE_DASH,
    ROW_PAD,
    WIDTH,
    line_height,
    nice_ticks,
    text_width,
    wrap,
)

# --- layout ------------------------------------------------------------------------------------

#: The plot's right edge stays this far inside the margin (room for the last tick label).
PLOT_RIGHT_PAD = 16.0
#: A label beside a bar is pushed to the next line when the bar and it would need more than
#: this share of the plot's width.
LABEL_ROOM = 0.5


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
