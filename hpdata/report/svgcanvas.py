"""SVG drawing primitives of the charts: a canvas collecting elements (texts with their boxes,
rectangles, lines, circles and diamonds, hatch patterns), every mark's ``<title>``, and the panel
header and message every panel kind shares.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

from .chartparts import Box, Label, Mark
from .svgtext import (
    GAP,
    HALO,
    HATCH_COLOR,
    HATCH_TILE,
    HATCH_WIDTH,
    MARGIN,
    MUTED_COLOR,
    PANEL_TITLE_SIZE,
    TEXT_COLOR,
    TEXT_SIZE,
    WIDTH,
    line_height,
    text_width,
    wrap,
)

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


def boxes_overlap(boxes: Iterable[Box]) -> list[tuple[Box, Box]]:
    """Every pair of boxes that share area (an empty list when no text overlaps another)."""
    items = list(boxes)
    return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :] if a.overlaps(b)]


def _marker(canvas: _Canvas, mark: Mark, cx: float, cy: float, r: float) -> None:
    """A circle (``point``) or a diamond of half-size ``r`` at ``(cx, cy)``."""
    style = _attrs(_style(canvas, mark))
    if mark.shape == "point":
        attrs = f'cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" {style}'
        canvas.parts.append(_element("circle", attrs, mark))
    else:
        points = f"{_num(cx)},{_num(cy - r)} {_num(cx + r)},{_num(cy)} {_num(cx)},{_num(cy + r)} {_num(cx - r)},{_num(cy)}"
        canvas.parts.append(_element("polygon", f'points="{points}" {style}', mark))


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
