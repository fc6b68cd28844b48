"""The text of a PDF with a text layer, as :mod:`hpdata.documents` gives it (pypdf).

Every page's text runs are grouped into lines by their baseline, then into paragraphs (a
paragraph ends at a change of font size, a wider gap between lines, or a short line that ends a
sentence); a table whose header names the indicator and unit columns is read row by row, each
row's cells by the columns of its header band, and written as sentences
(:func:`hpdata.releases.release_lines`); one with an indicator column but no unit column is
written row by row, its cells between " | " (``[release_lines] cells``), empty cells kept.

Data layer: imports only the core and :mod:`hpdata.releases`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from .releases import _has, release_columns, release_lines

_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass
class _Piece:
    """A run of text on a PDF page: its left edge, baseline and font size."""

    x: float
    y: float
    size: float
    text: str


@dataclass
class _Line:
    y: float
    size: float
    pieces: list[_Piece]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in sorted(self.pieces, key=lambda p: p.x))

    @property
    def left(self) -> float:
        return min(p.x for p in self.pieces)


class PdfError(ValueError):
    """A PDF that cannot be read: its message says what it is and what to do."""


def read_pdf(raw: bytes, settings: dict) -> tuple[list[str], str | None, int]:
    """A PDF's blocks of text (every page's paragraphs, release tables as sentences), the
    title of its document information and its number of pages.

    Raises
    ------
    PdfError
        An encrypted PDF (with a user password) or a damaged one.
    """
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not _decrypted(reader):
            raise PdfError("an encrypted PDF: save or print it again without a password")
        pages = [_page_lines(page) for page in reader.pages]
        info = reader.metadata
    except PdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise PdfError(f"a damaged PDF ({error}): save or export it again") from None
    blocks: list[str] = []
    for lines in pages:
        blocks.extend(_page_blocks(lines, settings))
    title = info.title if info is not None else None
    return blocks, title, len(pages)


def _decrypted(reader) -> bool:
    """Open a PDF encrypted with an empty user password (restrictions only)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # pypdf: a missing crypto dependency or an unknown algorithm
        return False


def _page_lines(page) -> list[_Line]:
    """A page's text runs grouped into lines (same baseline, within a third of the font size),
    top to bottom."""
    pieces: list[_Piece] = []

    def visit(text, cm, tm, _font, size):
        text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
        if text:
            scale = abs(cm[3] * tm[3]) or 1.0
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            pieces.append(_Piece(x, y, size * scale, text))

    page.extract_text(visitor_text=visit)
    lines: list[_Line] = []
    for piece in sorted(pieces, key=lambda p: (-p.y, p.x)):
        if lines and abs(lines[-1].y - piece.y) <= max(piece.size, 1.0) / 3:
            lines[-1].pieces.append(piece)
        else:
            lines.append(_Line(piece.y, piece.size, [piece]))
    return lines


def _page_blocks(lines: list[_Line], settings: dict) -> list[str]:
    """A page's paragraphs and release-table sentences, in reading order."""
    blocks: list[str] = []
    longest = max((len(line.text) for line in lines), default=0)
    i = 0
    while i < len(lines):
        table = _table_at(lines, i, settings)
        if table is not None:
            end, sentences = table
            blocks.extend(sentences)
            i = end
            continue
        j = _paragraph_end(lines, i, longest)
        blocks.append(" ".join(line.text for line in lines[i:j]))
        i = j
    return blocks


def _paragraph_end(lines: list[_Line], start: int, longest: int) -> int:
    """The index after the last line of the paragraph that starts at ``start``: the next line
    continues it unless its font size differs, the gap to it is wider than 1.3 times the
    paragraph's first gap (or 1.9 font sizes), or this line is short (under 80 % of the
    page's ``longest``) and ends a sentence."""
    first_gap = None
    i = start
    while i + 1 < len(lines):
        line, nxt = lines[i], lines[i + 1]
        gap = line.y - nxt.y
        if abs(nxt.size - line.size) > 0.5 or gap <= 0:
            break
        limit = 1.3 * first_gap if first_gap else 1.9 * line.size
        if gap > limit:
            break
        if line.text.endswith((".", ":", "!", "?", "…")) and len(line.text) < 0.8 * longest:
            break
        first_gap = first_gap or gap
        i += 1
    return i + 1


def _table_at(lines: list[_Line], i: int, settings: dict) -> tuple[int, list[str]] | None:
    """A release table whose header band starts at line ``i``: the index after it and its
    sentences, else ``None``. The header band is the line naming the indicator column and the
    lines around it with no text in that column; body rows run until a gap wider than three
    font sizes or a line of running text."""
    table = settings["release_table"]
    band_end = i
    while band_end < len(lines) and band_end < i + 4:
        if _has(lines[band_end].text, table["indicator"]):
            break
        band_end += 1
    else:
        return None
    if band_end >= len(lines):
        return None
    head = lines[band_end]
    name_piece = next(p for p in head.pieces if _has(p.text, table["indicator"]))
    name_x = name_piece.x
    band = [ln for ln in lines[i:band_end] if ln.left > name_x + 2]
    if len(band) != band_end - i:
        return None  # running text before the header line: not this table's band
    k = band_end + 1
    while k < len(lines) and lines[k].left > name_x + 2 and head.y - lines[k].y < 3 * head.size:
        band.append(lines[k])
        k += 1
    band.append(head)
    starts = _column_starts([p for ln in band for p in ln.pieces])
    header = _cells(band, starts)
    release = release_columns(header, table) is not None
    if not release and sum(1 for c in header if c.strip()) < 3:
        return None  # a line of running text that names "chỉ tiêu": no table
    body_end = _body_end(lines, k, name_x)
    rows = _rows(lines[k:body_end], starts, name_x)
    if not release:
        # no unit column: the rows cell by cell, every cell kept so the columns stay aligned
        # (the extractor reads their units from the header: hpdata.extract.tables)
        sep = settings["release_lines"]["cells"]
        return body_end, [sep.join(cells) for cells in [header, *rows]]
    return body_end, release_lines(header, rows, settings) or []


def _column_starts(pieces: list[_Piece]) -> list[float]:
    """The left edges of a header band's columns (pieces within 4 pt are one column)."""
    starts: list[float] = []
    for x in sorted(p.x for p in pieces):
        if not starts or x - starts[-1] > 4:
            starts.append(x)
    return starts


def _column(x: float, starts: list[float]) -> int:
    """The column a piece starting at ``x`` is in: the last column starting at or left of it
    (with 6 pt of slack: a right-aligned number may start before its header)."""
    index = 0
    for j, start in enumerate(starts):
        if x + 6 >= start:
            index = j
    return index


def _cells(lines: list[_Line], starts: list[float]) -> list[str]:
    """The text of each column over ``lines`` (top to bottom)."""
    cells = [""] * len(starts)
    for line in sorted(lines, key=lambda ln: -ln.y):
        for piece in sorted(line.pieces, key=lambda p: p.x):
            j = _column(piece.x, starts)
            cells[j] = f"{cells[j]} {piece.text}".strip()
    return cells


def _body_end(lines: list[_Line], k: int, name_x: float) -> int:
    """Where a table's body ends: at a gap wider than three font sizes, or a line of running
    text (one piece in the indicator column, ending a sentence, of 12 words or more)."""
    end = k
    while end < len(lines):
        line = lines[end]
        if end > k and lines[end - 1].y - line.y > 3 * line.size:
            break
        if len(line.pieces) == 1 and line.text.endswith(".") and len(line.text.split()) >= 12:
            break
        end += 1
    return end


def _rows(lines: list[_Line], starts: list[float], name_x: float) -> list[list[str]]:
    """A table body's rows. A line with text right of the indicator column carries a row; a
    line with text only in the indicator column (a wrapped name) joins the nearest such line
    within 1.3 font sizes, else it is a row of its own (a section heading)."""
    carriers = [ln for ln in lines if any(_column(p.x, starts) > 0 for p in ln.pieces)]
    groups: dict[int, list[_Line]] = {id(c): [c] for c in carriers}
    order: list[tuple[float, list[_Line]]] = [(c.y, groups[id(c)]) for c in carriers]
    for line in lines:
        if id(line) in groups:
            continue
        near = min(carriers, key=lambda c: (abs(c.y - line.y), -c.y), default=None)
        if near is not None and abs(near.y - line.y) <= 1.3 * line.size:
            groups[id(near)].append(line)
        else:
            order.append((line.y, [line]))
    order.sort(key=lambda item: -item[0])
    return [_cells(group, starts) for _y, group in order]
