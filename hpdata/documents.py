"""Report files as text: HTML saved from a browser, PDF with a text layer, DOCX and plain text,
each told by its content (magic bytes and structure), never by its name.

:func:`read_document` returns a :class:`Document`: the text that quotes point into, and the
title, publication time and publisher the file's metadata states. The text is derived from the
file's bytes the same way every time (same bytes, same pinned readers, same text), so the raw
file is kept as received and a quote found in the text today is found in it tomorrow:

* **text**: UTF-8 (a BOM removed), NFC.
* **HTML**: the article's text by trafilatura (menu, ticker, related links, comments and footer
  removed; photo captions kept as paragraphs), its title first; title, publication time and
  publisher (the site's name) from the page's metadata (``og:*``, ``article:published_time``,
  JSON-LD, ``<title>``...).
* **PDF** (pypdf): the text of every page, lines joined into paragraphs (a paragraph ends at a
  change of font size, a wider gap between lines, or a short line that ends a sentence); a table
  whose header names the indicator and unit columns ("chỉ tiêu", "đơn vị tính", ..., "so với
  cùng kỳ (%)") is read row by row and written as one sentence per value (see
  :func:`release_lines`); title from the document information.
* **DOCX** (python-docx): paragraphs and tables in document order; title from the core
  properties.

Anything else (a scanned PDF without a text layer, an encrypted or corrupt file, a spreadsheet,
an image, an archive, an old ``.doc``) is a one-line :class:`~hpdata.errors.DataError` saying
what the file is and what to do. The size is checked before the file is read (``[files] article_bytes`` and
``document_bytes`` of ``limits.toml``). The word lists and the sentence templates are in
``data/documents.toml``.

This is a data-layer module: it imports only the core (errors, paths, numbers).
"""

from __future__ import annotations

import io
import os
import re
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from . import bounds, paths
from .errors import DataError, Problem
from .numbers import normalize

PathLike = str | os.PathLike[str]
SETTINGS = "documents.toml"
#: The reports' time zone: a publication time is given in it, without an offset.
LOCAL = timezone(timedelta(hours=7))
FORMATS = ("text", "html", "pdf", "docx")
#: The file name ending of each format in ``raw/``.
SUFFIXES = {"text": ".txt", "html": ".html", "pdf": ".pdf", "docx": ".docx"}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Magic bytes of files that are not reports, with what they are and what to do.
_NOT_REPORTS: list[tuple[bytes, str]] = [
    (b"\x89PNG", "a PNG image: a scan needs OCR first; save the report's text as .txt"),
    (b"\xff\xd8\xff", "a JPEG image: a scan needs OCR first; save the report's text as .txt"),
    (b"GIF8", "a GIF image: save the report's text as .txt"),
    (b"II*\x00", "a TIFF image: a scan needs OCR first; save the report's text as .txt"),
    (b"MM\x00*", "a TIFF image: a scan needs OCR first; save the report's text as .txt"),
    (b"\x1f\x8b", "a gzip archive: unpack it and give the report inside"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: unpack it and give the report inside"),
    (b"Rar!", "a RAR archive: unpack it and give the report inside"),
    (b"{\\rtf", "an RTF document: save it as DOCX or PDF"),
    (
        _OLE2,
        "an old Office file (.doc/.xls) or a password-protected one: save it as DOCX or PDF "
        "without a password",
    ),
]
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Document:
    """A report file read: ``text`` (NFC; what quotes point into), and what the file states of
    itself: ``title``, ``published`` (a naive local time, +07:00), ``publisher`` (each ``None``
    when not stated), ``format`` (one of :data:`FORMATS`) and ``raw``, the file's bytes as
    read (what ``hpdata ingest`` keeps in ``raw/`` and checksums)."""

    text: str
    title: str | None = None
    published: datetime | None = None
    publisher: str | None = None
    format: str = "text"
    raw: bytes = field(default=b"", repr=False)

    @property
    def suffix(self) -> str:
        """The file name ending its format is kept under in ``raw/`` (``.txt``, ``.html``,
        ``.pdf``, ``.docx``)."""
        return SUFFIXES[self.format]


def _fail(path: Path, message: str) -> DataError:
    return DataError([Problem(paths.display(path), None, None, None, message)])


# --- settings ------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _settings(directory: Path, _state: tuple) -> dict:
    path = directory / SETTINGS
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise _fail(path, f"cannot be read ({error.strerror or type(error).__name__})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _fail(path, str(error)) from None
    for section, keys in {
        "release_table": ("indicator", "unit", "same_period", "empty"),
        "release_lines": ("level", "share_only", "share", "end", "cells"),
    }.items():
        for key in keys:
            if key not in settings.get(section, {}):
                raise _fail(path, f"[{section}] {key} is missing")
    return settings


def settings(data_dir: PathLike | None = None) -> dict:
    """``documents.toml`` of the data directory, else the project's (cached until it changes)."""
    directory = paths.data_dir(data_dir)
    if not (directory / SETTINGS).is_file():
        directory = paths.DEFAULT_DATA_DIR
    return _settings(directory, paths.file_state(directory / SETTINGS))


# --- telling the format ---------------------------------------------------------------------


def sniff(raw: bytes) -> str:
    """The format of a file's bytes: one of :data:`FORMATS`, or a sentence saying what the file
    is and what to do (it is not a report this module reads).

    Examples
    --------
    >>> sniff(b"%PDF-1.7 ..."), sniff(b"  <!DOCTYPE html><html>"), sniff("Quý 1".encode())
    ('pdf', 'html', 'text')
    >>> sniff(b"\\x89PNG\\r\\n")
    "a PNG image: a scan needs OCR first; save the report's text as .txt"
    """
    head = raw[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return _sniff_zip(raw)
    for magic, what in _NOT_REPORTS:
        if raw.startswith(magic):
            return what
    if raw[:12].startswith(b"RIFF") and raw[8:12] == b"WEBP":
        return "a WebP image: save the report's text as .txt"
    if _HTML_START.match(raw.removeprefix(b"\xef\xbb\xbf")[:4096]):
        return "html"
    return "text"


def _sniff_zip(raw: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "a damaged zip file (or a damaged DOCX): save it again, or as PDF"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook (xlsx): copy the report's text into a .txt file, or save as PDF"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint file (pptx): save it as PDF"
    if "mimetype" in names:
        return "an OpenDocument file (odt/ods): save it as DOCX or PDF"
    return "a zip archive: unpack it and give the report inside"


# --- reading --------------------------------------------------------------------------------


def read_document(path: PathLike, data_dir: PathLike | None = None) -> Document:
    """Read a report file of any supported format (see the module docstring).

    The file must be a regular file; its first bytes tell the format, and its size is checked
    against ``[files]`` of ``limits.toml`` (``article_bytes`` for text, ``document_bytes`` for
    HTML, PDF and DOCX) before the rest is read.

    Raises
    ------
    hpdata.bounds.Refused
        Not a regular file, or larger than its limit (an :class:`OSError`, one line).
    DataError
        One line naming the file: missing, not a format read here (saying what it is and what to
        do), corrupt, encrypted, a PDF without a text layer, or a text file that is not UTF-8.
    """
    path = Path(path)
    raw = _read_bytes(path, bounds.limits(data_dir))
    kind = sniff(raw)
    readers: dict[str, Callable[[Path, bytes, dict], Document]] = {
        "text": _read_text,
        "html": _read_html,
        "pdf": _read_pdf,
        "docx": _read_docx,
    }
    if kind not in readers:
        raise _fail(path, f"not a report hpdata reads: {kind}")
    return replace(readers[kind](path, raw, settings(data_dir)), raw=raw)


def _read_bytes(path: Path, limits: dict) -> bytes:
    """The file's bytes: a regular file (:func:`hpdata.bounds.check`) whose first bytes say
    text (then at most ``article_bytes``) or another format (at most ``document_bytes``)."""
    try:
        bounds.check(path)  # a regular file: opening it cannot block
        head = _head(path)
        text = sniff(head) == "text" and not head.startswith(b"PK")
        key = "article_bytes" if text else "document_bytes"
        return bounds.read_bytes(path, limits[key], key)
    except bounds.Refused:
        raise
    except FileNotFoundError:
        raise _fail(path, "file not found") from None
    except OSError as error:
        raise _fail(path, f"cannot be read ({error.strerror or type(error).__name__})") from None


def _head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of a regular file (opened without blocking)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def _read_text(path: Path, raw: bytes, _settings: dict) -> Document:
    """UTF-8 text (BOM removed), NFC; a NUL byte means a binary file."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 (byte {error.start} is 0x{raw[error.start]:02x})"
        raise _fail(
            path, message + "; save it as UTF-8 text, or give the HTML, PDF or DOCX"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise _fail(path, f"binary file, not text (NUL character at character {nul})")
    return Document(normalize(text.removeprefix("\ufeff")), format="text")


def _clean(text: str | None) -> str | None:
    """A metadata string in NFC with its runs of spaces as one, ``None`` when empty."""
    if not text:
        return None
    text = normalize(_SPACES.sub(" ", str(text)).strip())
    return text or None


def local_time(value: datetime) -> datetime:
    """A time as a naive local time (+07:00): an aware time converted, a naive one kept.

    Examples
    --------
    >>> local_time(datetime(2026, 7, 4, 1, 15, tzinfo=timezone.utc))
    datetime.datetime(2026, 7, 4, 8, 15)
    """
    return value.astimezone(LOCAL).replace(tzinfo=None) if value.tzinfo else value


def parse_time(value: str | None) -> datetime | None:
    """An ISO date or date-time (``2026-07-04``, ``2026-07-04T08:15:00+0700``) as a naive local
    time, ``None`` when it is not one.

    Examples
    --------
    >>> parse_time("2026-07-04T08:15:00+07:00"), parse_time("2026-07-04"), parse_time("hôm qua")
    (datetime.datetime(2026, 7, 4, 8, 15), datetime.datetime(2026, 7, 4, 0, 0), None)
    """
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r".*[+-]\d{4}", value):
        value = value[:-2] + ":" + value[-2:]
    try:
        return local_time(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


# --- HTML ------------------------------------------------------------------------------------


def _read_html(path: Path, raw: bytes, _settings: dict) -> Document:
    """The article of an HTML page by trafilatura, its title first, and the page's metadata."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError) as error:
        raise _fail(path, f"an HTML page that cannot be parsed ({error})") from None
    for element in tree.iter("figure", "figcaption"):
        # a photo caption is part of the article (it may repeat a figure): read it as a paragraph
        element.tag = "div" if element.tag == "figure" else "p"
    found = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={
            "extensive_search": True,
            "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S%z",
        },
    )
    body = _clean_lines(found.text if found is not None else "")
    if not body:
        raise _fail(
            path,
            "an HTML page with no article text (a page of links, or one built by a script): "
            "save the article's own page, or copy its text into a .txt file",
        )
    title = _clean(found.title)
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return Document(
        text=body,
        title=title,
        published=parse_time(found.date),
        publisher=_clean(found.sitename),
        format="html",
    )


def _clean_lines(text: str) -> str:
    """Text in NFC, each line's runs of spaces as one, blank lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in normalize(text or "").splitlines())
    return "\n".join(line for line in lines if line)


# --- release tables (PDF and DOCX) ------------------------------------------------------------


def _has(cell: str, words: Iterable[str]) -> bool:
    low = " ".join(normalize(cell).lower().split())
    return any(w.lower() in low for w in words)


def release_columns(header: list[str], table: dict) -> dict[str, object] | None:
    """The roles of a release table's columns, from its header cells: ``indicator`` and
    ``unit`` (indices), ``values`` (indices of the value columns, in order) and ``shares`` (of
    the "so với cùng kỳ" columns); ``None`` when the header names no indicator or unit column.

    Examples
    --------
    >>> t = {"indicator": ["chỉ tiêu"], "unit": ["đơn vị tính"], "same_period": ["cùng kỳ"]}
    >>> release_columns(["Chỉ tiêu", "Đơn vị tính", "6 tháng", "So với cùng kỳ (%)"], t)
    {'indicator': 0, 'unit': 1, 'values': [2], 'shares': [3]}
    """
    roles: dict[str, object] = {"indicator": None, "unit": None, "values": [], "shares": []}
    for i, cell in enumerate(header):
        if roles["indicator"] is None and _has(cell, table["indicator"]):
            roles["indicator"] = i
        elif roles["unit"] is None and _has(cell, table["unit"]):
            roles["unit"] = i
        elif _has(cell, table["same_period"]):
            roles["shares"].append(i)  # type: ignore[union-attr]
        elif cell.strip():
            roles["values"].append(i)  # type: ignore[union-attr]
    if roles["indicator"] is None or roles["unit"] is None:
        return None
    return roles


def release_lines(header: list[str], rows: list[list[str]], settings: dict) -> list[str] | None:
    """A release table as sentences the extractor reads, one per row and value column, or
    ``None`` when ``header`` is not a release table's (see :func:`release_columns`).

    A share column ("so với cùng kỳ") belongs to the value column before it (the last one
    when there is a single share column); a row with no value in any column (a section heading)
    is written as its indicator cell alone.

    Examples
    --------
    >>> s = settings()
    >>> header = ["Chỉ tiêu", "Đơn vị tính", "Thực hiện 6 tháng năm 2026", "So với cùng kỳ (%)"]
    >>> release_lines(header, [["Kim ngạch xuất khẩu", "Triệu USD", "17.800", "108,6"]], s)
    ['Kim ngạch xuất khẩu thực hiện 6 tháng năm 2026 đạt 17.800 Triệu USD, bằng 108,6% so với cùng kỳ.']
    """
    roles = release_columns(header, settings["release_table"])
    if roles is None:
        return None
    lines: list[str] = []
    for row in rows:
        row = [" ".join(c.split()) for c in row] + [""] * (len(header) - len(row))
        sentences = _row_sentences(row, header, roles, settings)
        name = row[roles["indicator"]]  # type: ignore[index]
        lines.extend(sentences or ([name] if name else []))
    return lines


def _share_of(roles: dict, value_col: int) -> int | None:
    """The share column of a value column: the first share column after it and before the
    next value column; with one share column, the last value column's."""
    values, shares = roles["values"], roles["shares"]
    if len(shares) == 1 and values and value_col == values[-1] and shares[0] < value_col:
        return shares[0]
    later = [v for v in values if v > value_col]
    limit = later[0] if later else 10**6
    return next((s for s in shares if value_col < s < limit), None)


def _row_sentences(row: list[str], header: list[str], roles: dict, settings: dict) -> list[str]:
    """One sentence per value column with a value or a share (templates of ``documents.toml``)."""
    empty = {e.lower() for e in settings["release_table"]["empty"]}
    lines = settings["release_lines"]
    name, unit = row[roles["indicator"]], row[roles["unit"]]
    if not name:
        return []
    out = []
    for col in roles["values"]:
        value = row[col] if row[col].lower() not in empty else ""
        share_col = _share_of(roles, col)
        share = row[share_col] if share_col is not None else ""
        share = share if share.lower() not in empty else ""
        column = " ".join(header[col].split())
        column = column[:1].lower() + column[1:]
        fields = {"indicator": name, "column": column, "value": value, "unit": unit}
        if value:
            unit_text = unit if unit != "%" else ""
            fields["unit"] = unit_text
            text = lines["level"].format(**fields).rstrip()
            if unit == "%":
                text += "%"
            if share:
                text += lines["share"].format(share=share)
        elif share:
            text = lines["share_only"].format(**fields, share=share)
        else:
            continue
        out.append(" ".join(text.split()) + lines["end"])
    return out


# --- DOCX ------------------------------------------------------------------------------------


def _read_docx(path: Path, raw: bytes, settings: dict) -> Document:
    """Paragraphs and tables of a DOCX in document order; title from its core properties."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml errors...
        raise _fail(
            path, f"a damaged DOCX ({type(error).__name__}): save it again, or as PDF"
        ) from None
    blocks: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(element, document).text)
        elif tag == "tbl":
            blocks.extend(_docx_table(Table(element, document), settings))
    text = _clean_lines("\n".join(blocks))
    if not text:
        raise _fail(path, "a DOCX with no text (only images?): save the report's text as .txt")
    props = document.core_properties
    return Document(text=text, title=_clean(props.title), format="docx")


def _docx_table(table, settings: dict) -> list[str]:
    """A DOCX table's rows (a merged cell once): a release table as sentences, any other as
    its cells joined by ``[release_lines] cells``."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append(cells)
    if not rows:
        return []
    lines = release_lines(rows[0], rows[1:], settings)
    if lines is not None:
        return lines
    sep = settings["release_lines"]["cells"]
    return [sep.join(c for c in cells if c) for cells in rows]


# --- PDF -------------------------------------------------------------------------------------


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


def _read_pdf(path: Path, raw: bytes, settings: dict) -> Document:
    """Every page's text as paragraphs, release tables as sentences; title from the document
    information. Encrypted, damaged and scanned (no text layer) PDFs are refused."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not _decrypted(reader):
            raise _fail(path, "an encrypted PDF: save or print it again without a password")
        pages = [_page_lines(page) for page in reader.pages]
        info = reader.metadata
    except DataError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise _fail(path, f"a damaged PDF ({error}): save or export it again") from None
    blocks: list[str] = []
    for lines in pages:
        blocks.extend(_page_blocks(lines, settings))
    text = _clean_lines("\n".join(blocks))
    if not text.strip():
        raise _fail(
            path,
            f"a scanned PDF with no text layer ({len(pages)} page(s)): run OCR on it first "
            "(e.g. ocrmypdf), or copy its text into a .txt file",
        )
    title = _clean(info.title) if info is not None else None
    return Document(text=text, title=title, format="pdf")


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
    if release_columns(header, table) is None:
        return None
    body_end = _body_end(lines, k, name_x)
    rows = _rows(lines[k:body_end], starts, name_x)
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


# --- the text of a source file, cached, and the reading speed ----------------------------------


@lru_cache(maxsize=64)
def _document(path: str, _state: tuple, data_dir: str) -> Document:
    return read_document(path, data_dir)


def document(path: PathLike, data_dir: PathLike | None = None) -> Document:
    """:func:`read_document`, cached until the file changes (the loader validates every quote
    of a source against its text, and an HTML or PDF source is derived, not read)."""
    path = Path(path)
    try:
        return _document(str(path), paths.file_state(path), str(paths.data_dir(data_dir)))
    except bounds.Refused as error:  # a data file: refused as invalid data, not as usage
        raise _fail(path, error.strerror) from None


def source_text(path: PathLike, data_dir: PathLike | None = None) -> str:
    """The text of a source file: the text quotes point into (see the module docstring)."""
    return document(path, data_dir).text


def reading_seconds_per_mb(samples: dict[str, bytes], repeat: int = 3) -> dict[str, float]:
    """CPU seconds per MB of file to read each sample (``{format: bytes}``), the best of
    ``repeat`` readings (the readers' imports done before the clock starts)."""
    import tempfile

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="hpdata-formats-") as tmp:
        for name, raw in samples.items():
            file = Path(tmp) / f"sample-{name}"
            file.write_bytes(raw)
            read_document(file)
            best = float("inf")
            for _ in range(repeat):
                start = time.process_time()
                read_document(file)
                best = min(best, time.process_time() - start)
            out[name] = best / (len(raw) / 1_000_000)
    return out
