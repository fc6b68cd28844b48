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

This is a data-layer module: it imports only the core (errors, paths, numbers, bounds) and its
two helpers, :mod:`hpdata.pdftext` (PDF) and :mod:`hpdata.releases` (release tables).
"""

from __future__ import annotations

import io
import os
import re
import time
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from . import bounds, paths, pdftext
from .errors import DataError, Problem
from .numbers import normalize
from .releases import _has, release_lines

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
#: How far into a PDF's or DOCX's text its dated line is looked for (see :func:`dated_line`).
DATED_CHARS = 1000
_DATED = re.compile(r"\bngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.I)


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


def dated_line(text: str, within: int = DATED_CHARS) -> datetime | None:
    """The date a document states of itself in its first ``within`` characters, as official
    documents and releases write it ("Quảng Ninh, ngày 05 tháng 7 năm 2026"), else ``None``.
    A metadata creation date is not used: it is when the file was made, not published.

    Examples
    --------
    >>> dated_line("UBND TỈNH\\nQuảng Ninh, ngày 05 tháng 7 năm 2026\\nBÁO CÁO")
    datetime.datetime(2026, 7, 5, 0, 0)
    >>> dated_line("ngày 31 tháng 2 năm 2026") is None
    True
    """
    found = _DATED.search(normalize(text[:within]))
    if found is None:
        return None
    try:
        return datetime(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return None


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
    title = _clean(props.title)
    return Document(text=text, title=title, published=dated_line(text), format="docx")


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
    if len(rows[0]) >= 3 and _has(rows[0][0], settings["release_table"]["indicator"]):
        # a table of indicators without a unit column: every cell kept, so the columns stay
        # aligned for the extractor (hpdata.extract.tables reads the units from the header)
        return [sep.join(cells) for cells in rows]
    return [sep.join(c for c in cells if c) for cells in rows]


# --- PDF -------------------------------------------------------------------------------------


def _read_pdf(path: Path, raw: bytes, settings: dict) -> Document:
    """Every page's text as paragraphs, release tables as sentences (:mod:`hpdata.pdftext`);
    title from the document information. Encrypted, damaged and scanned (no text layer) PDFs
    are refused."""
    try:
        blocks, title, pages = pdftext.read_pdf(raw, settings)
    except pdftext.PdfError as error:
        raise _fail(path, str(error)) from None
    text = _clean_lines("\n".join(blocks))
    if not text.strip():
        raise _fail(
            path,
            f"a scanned PDF with no text layer ({pages} page(s)): run OCR on it first "
            "(e.g. ocrmypdf), or copy its text into a .txt file",
        )
    return Document(text=text, title=_clean(title), published=dated_line(text), format="pdf")


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
