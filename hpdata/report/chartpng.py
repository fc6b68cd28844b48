"""A chart as a PNG image, drawn at build time from its own SVG with Pillow (no browser, no
network, no system library beyond the pinned wheels).

The charts' SVG uses a small subset (:mod:`hpdata.report.svgcanvas` writes it): ``rect``,
``line``, ``circle``, ``polygon`` and ``text`` with fill, stroke, width, dashes, opacity and a
white halo, and hatch patterns. :func:`chart_png` paints exactly that subset at
:data:`PNG_SCALE` pixels per unit in DejaVu Sans, the font whose widths the layout is measured in
(the copy matplotlib ships, found without importing matplotlib), so the image is laid out as the
page's chart. Anything else in the markup is refused with a one-line error naming the element.
"""

from __future__ import annotations

import importlib.util
import io
import math
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from ..errors import DataError

#: Pixels per viewBox unit: a 420-unit chart is 840 px wide, sharp on a slide or a phone.
PNG_SCALE = 2.0
#: The colours of the PNG's palette (ample for flat fills and antialiased text).
PNG_COLOURS = 64
#: zlib's level for the PNG (6: most of level 9's saving in a fraction of its time).
PNG_COMPRESSION = 6
_NS = "{http://www.w3.org/2000/svg}"
#: The font files for regular, bold and italic text (matplotlib's copies of DejaVu Sans).
FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
              "italic": "DejaVuSans-Oblique.ttf"}  # fmt: skip
#: The elements that carry no paint of their own (or are read through their parent).
_SKIPPED = {"title", "style", "defs", "pattern"}


@cache
def font_dir() -> Path:
    """The folder of matplotlib's bundled TrueType fonts (located, never imported)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise DataError(["matplotlib is not installed: its DejaVu Sans fonts draw the PNG charts"])
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@cache
def _font(style: str, size_px: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_dir() / FONT_FILES[style]), size_px)


def _colour(value: str | None, opacity: float = 1.0) -> tuple[int, int, int, int] | None:
    """``#rrggbb`` as RGBA with ``opacity``; ``None`` for no paint (``none``, missing)."""
    if not value or value == "none":
        return None
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return r, g, b, round(255 * opacity)


def _patterns(root: ET.Element) -> dict[str, str]:
    """Each hatch pattern's id and its ground colour (its white lines are drawn over it)."""
    out = {}
    for pattern in root.iter(f"{_NS}pattern"):
        ground = pattern.find(f"{_NS}rect")
        out[pattern.get("id", "")] = ground.get("fill", "#000000") if ground is not None else ""
    return out


def chart_png(svg: str, scale: float = PNG_SCALE) -> bytes:
    """The chart's SVG markup (:meth:`~hpdata.report.svg.Chart.svg`) painted as a PNG.

    Raises
    ------
    DataError
        If the markup holds an element the charts never write (named in the message).
    """
    from PIL import Image

    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox", "0 0 0 0").split())
    image = Image.new("RGBA", (math.ceil(width * scale), math.ceil(height * scale)), "white")
    painter = _Painter(image, scale, _patterns(root))
    painter.paint(root, root.get("fill") or "#000000")
    out = io.BytesIO()
    # a palette of 64 colours: the flat fills and the text's edges, a third of the bytes
    flat = image.convert("RGB").quantize(PNG_COLOURS, method=Image.Quantize.FASTOCTREE)
    flat.save(out, "PNG", compress_level=PNG_COMPRESSION)
    return out.getvalue()


class _Painter:
    """Paints the elements of a chart's SVG onto ``image`` at ``scale`` pixels per unit."""

    def __init__(self, image, scale: float, patterns: dict[str, str]) -> None:
        from PIL import ImageDraw

        self.image, self.scale, self.patterns = image, scale, patterns
        self.draw = ImageDraw.Draw(image)

    def paint(self, element: ET.Element, inherited: str) -> None:
        """``element``'s children in document order (a ``g``'s fill passed down)."""
        for child in element:
            tag = child.tag.removeprefix(_NS)
            if tag in _SKIPPED:
                continue
            if tag == "g":
                self.paint(child, child.get("fill") or inherited)
                continue
            method = getattr(self, f"_{tag}", None)
            if method is None:
                raise DataError([f"chart PNG: the SVG element <{tag}> is not one the charts draw"])
            opacity = float(child.get("opacity", "1"))
            if opacity < 1:
                self._on_layer(method, child, inherited, opacity)
            else:
                method(self.draw, child, inherited, 1.0)

    def _on_layer(self, method, child: ET.Element, inherited: str, opacity: float) -> None:
        """Paint ``child`` on a transparent layer at ``opacity``, then lay it over the image."""
        from PIL import Image, ImageDraw

        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        method(ImageDraw.Draw(layer), child, inherited, opacity)
        self.image.alpha_composite(layer)

    def _n(self, element: ET.Element, name: str) -> float:
        return float(element.get(name, "0")) * self.scale

    def _stroke(self, element: ET.Element, opacity: float) -> tuple[tuple | None, int]:
        colour = _colour(element.get("stroke"), opacity)
        return colour, max(1, round(float(element.get("stroke-width", "1")) * self.scale))

    def _rect(self, draw, element: ET.Element, inherited: str, opacity: float) -> None:
        x, y = self._n(element, "x"), self._n(element, "y")
        box = [x, y, x + self._n(element, "width"), y + self._n(element, "height")]
        fill = element.get("fill", inherited)
        if fill.startswith("url(#"):
            self._hatch(draw, box, self.patterns.get(fill[5:-1], ""), opacity)
        elif (colour := _colour(fill, opacity)) is not None:
            draw.rectangle(box, fill=colour)
        stroke, width = self._stroke(element, opacity)
        if stroke is not None:
            draw.rectangle(box, outline=stroke, width=width)

    def _hatch(self, draw, box: list[float], ground: str, opacity: float) -> None:
        """A hatched fill: the ground colour, white lines at 45 degrees every 6 units."""
        from PIL import Image, ImageDraw

        x0, y0, x1, y1 = (round(v) for v in box)
        if x1 <= x0 or y1 <= y0:
            return
        tile = Image.new("RGBA", (x1 - x0, y1 - y0), _colour(ground or "#999999", opacity))
        pen = ImageDraw.Draw(tile)
        step, height = round(6 * self.scale), y1 - y0
        for start in range(-height, x1 - x0 + step, step):
            pen.line([(start, height), (start + height, 0)], fill=(255, 255, 255, 255),
                     width=round(2 * self.scale))  # fmt: skip
        self.image.alpha_composite(tile, (x0, y0))

    def _line(self, draw, element: ET.Element, inherited: str, opacity: float) -> None:
        stroke, width = self._stroke(element, opacity)
        if stroke is None:
            return
        ends = [(self._n(element, "x1"), self._n(element, "y1")),
                (self._n(element, "x2"), self._n(element, "y2"))]  # fmt: skip
        dashes = [float(d) * self.scale for d in element.get("stroke-dasharray", "").split()]
        for a, b in _dashed(*ends, dashes):
            draw.line([a, b], fill=stroke, width=width)

    def _circle(self, draw, element: ET.Element, inherited: str, opacity: float) -> None:
        cx, cy, r = self._n(element, "cx"), self._n(element, "cy"), self._n(element, "r")
        stroke, width = self._stroke(element, opacity)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_colour(element.get("fill",
                     inherited), opacity), outline=stroke, width=width if stroke else 0)  # fmt: skip

    def _polygon(self, draw, element: ET.Element, inherited: str, opacity: float) -> None:
        pairs = [p.split(",") for p in element.get("points", "").split()]
        points = [(float(x) * self.scale, float(y) * self.scale) for x, y in pairs]
        stroke, width = self._stroke(element, opacity)
        fill = _colour(element.get("fill", inherited), opacity)
        draw.polygon(points, fill=fill, outline=stroke, width=width if stroke else 0)

    def _text(self, draw, element: ET.Element, inherited: str, opacity: float) -> None:
        style = "bold" if element.get("font-weight") == "bold" else "regular"
        style = "italic" if element.get("font-style") == "italic" else style
        font = _font(style, round(float(element.get("font-size", "14.5")) * self.scale))
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[element.get("text-anchor", "start")]
        halo = element.get("stroke")
        draw.text((self._n(element, "x"), self._n(element, "y")), element.text or "",
                  fill=_colour(element.get("fill", inherited), opacity), font=font,
                  anchor=anchor, stroke_width=round(1.5 * self.scale) if halo else 0,
                  stroke_fill=_colour(halo, opacity) if halo else None)  # fmt: skip


def _dashed(a: tuple[float, float], b: tuple[float, float], dashes: list[float]):
    """The pieces of the line ``a``-``b`` drawn with the dash pattern (the whole line when
    there is none)."""
    if not dashes or sum(dashes) <= 0:
        return [(a, b)]
    length = math.dist(a, b)
    if length == 0:
        return [(a, b)]
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    pieces, at, i = [], 0.0, 0
    while at < length:
        end = min(at + dashes[i % len(dashes)], length)
        if i % 2 == 0:
            pieces.append(((a[0] + ux * at, a[1] + uy * at), (a[0] + ux * end, a[1] + uy * end)))
        at, i = end, i + 1
    return pieces
