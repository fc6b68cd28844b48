"""Extract the figures of a Vietnamese report: :func:`extract` and the files around it.

:mod:`.walker` decides each figure's row (its rules are in its docstring), :mod:`.grammar` compiles
the word lists, :mod:`.output` builds the table and writes it as CSV or JSON; this module
compiles the indicator aliases, normalises the text and reads report files.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import bounds, paths
from ..areas import areas as area_table
from ..areas import check_area, default_area, name_pattern
from ..documents import read_document
from ..errors import ParameterError
from ..numbers import fold_tones, normalize
from .aliases import Aliases
from .grammar import LEXICON, first_chars, grammar, header_date, load_lexicon, phrase_trie
from .heading import own_area
from .output import COLUMNS, _frame, empty_table, format_table
from .periodcodes import period_dates
from .places import Places
from .repeats import merge_repeats
from .tables import with_tables
from .walker import Walker

__all__ = [
    "COLUMNS",
    "empty_table",
    "extract",
    "extract_file",
    "extract_files",
    "format_table",
    "period_dates",
    "read_report",
]

#: Extra indicator phrasings (read in addition to ``aliases_vi`` of indicators.csv).
ALIAS_FILE = paths.ALIASES
#: Extra units an indicator may be stated in (besides its unit in indicators.csv).
UNIT_FILE = paths.INDICATOR_UNITS

PathLike = str | os.PathLike[str] | None


def _optional_csv(path: Path, columns: list[str], known: set[str]) -> list[dict]:
    """Rows of an optional data file (none when it is absent); an unknown indicator raises
    :class:`DataError` naming the file and row."""
    from ..errors import DataError, Problem
    from ..load import read_csv

    if not path.exists():
        return []
    frame = read_csv(path, columns)
    problems = [
        Problem(paths.display(path), i, "indicator", row["indicator"], "unknown indicator")
        for i, row in enumerate(frame.to_dict("records"), start=1)
        if row["indicator"] not in known
    ]
    if problems:
        raise DataError(problems)
    return frame.to_dict("records")


@lru_cache(maxsize=8)
def _aliases(directory: Path, _state: tuple) -> Aliases:
    from ..load import indicators

    frame = indicators(directory)
    known = set(frame["indicator"])
    phrases = []
    for row in frame.itertuples(index=False):
        phrases += [(row.indicator, a) for a in [row.name_vi, *str(row.aliases_vi).split("|")]]
    extra = _optional_csv(directory / ALIAS_FILE, ["indicator", "phrase", "note"], known)
    phrases += [(r["indicator"], r["phrase"]) for r in extra]
    # Longer phrases that are no indicator ("giá trị sản xuất công nghiệp"): indicator "".
    phrases += [("", w) for w in load_lexicon(directory).not_indicators]
    indicator_of: dict[str, str] = {}
    for indicator, alias in phrases:
        key = fold_tones(" ".join(normalize(alias).lower().split()))
        if key:
            indicator_of.setdefault(key, indicator)
    body = phrase_trie(list(indicator_of))
    pattern = re.compile(rf"{first_chars(list(indicator_of))}(?<!\w){body}(?!\w)")
    unit_of = dict(zip(frame["indicator"], frame["unit"].astype(str), strict=True))
    units: dict[str, set[str]] = {k: {v} for k, v in unit_of.items()}
    for row in _optional_csv(directory / UNIT_FILE, ["indicator", "unit", "note"], known):
        units[row["indicator"]].add(row["unit"])
    units_of = {k: frozenset(v) for k, v in units.items()}
    return Aliases(pattern, indicator_of, unit_of, units_of)


def aliases(data_dir: PathLike = None) -> Aliases:
    """The compiled indicator aliases of a data directory, cached until its files change."""
    directory = paths.data_dir(data_dir).resolve()
    state = []
    for name in (paths.INDICATORS, paths.VOCABULARIES, LEXICON, ALIAS_FILE, UNIT_FILE):
        try:
            st = (directory / name).stat()
            state.append((st.st_mtime_ns, st.st_size))
        except OSError:
            state.append(None)
    return _aliases(directory, tuple(state))


def _area_kinds(data_dir: PathLike) -> dict[str, str]:
    """``{area: kind}`` of ``areas.csv``."""
    frame = area_table(data_dir)
    return dict(zip(frame["area"], frame["kind"], strict=True))


def as_date(published: object, name: str = "published") -> date | None:
    """A publication date from a ``date``, ``datetime``, ``pandas.Timestamp`` or ISO string.

    Raises
    ------
    ParameterError
        If ``published`` is not a date.

    Examples
    --------
    >>> as_date("2023-04-27"), as_date(None)
    (datetime.date(2023, 4, 27), None)
    """
    if published is None:
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    if isinstance(published, str):
        try:
            return datetime.fromisoformat(published.strip()).date()
        except ValueError:
            pass
    raise ParameterError(f"{name} {published!r} is not a date (expected YYYY-MM-DD)")


def extract(
    text: str,
    *,
    source_id: str | None = None,
    published: date | datetime | str | None = None,
    data_dir: PathLike = None,
    area: str | None = None,
    keep_repeats: bool = False,
) -> pd.DataFrame:
    """Extract every stated figure of a report as rows of the observations table.

    Parameters
    ----------
    text : str
        The report, in any Unicode normal form (it is normalised to NFC first).
    source_id : str, optional
        Written into the ``source_id`` column (empty when not given).
    published : date, datetime or ``YYYY-MM-DD``, optional
        The publication date: it resolves a period without a year ("Quý 1") and tells targets
        from results. When not given it is read from the header (``11/07/2019 12:01``).
    data_dir : path, optional
        The data directory whose ``indicators.csv`` (aliases) and ``extract_lexicon.toml`` are used.
    area : str, optional
        The report's own area (an id of ``areas.csv``), written into the ``area`` column of its
        rows (empty when not given).
    keep_repeats : bool
        Keep a row for every statement of a figure; by default repeats (the headline, the lead,
        a caption and the body stating one figure) are one row (:mod:`hpdata.extract.repeats`).

    Returns
    -------
    pandas.DataFrame
        The observations columns plus ``offset``: ``quote == nfc_text[offset:offset+len(quote)]``.
        Values are in base units (24.042 tỷ đồng is 24042000000000); ``high`` is NaN unless the
        bound is ``range``; ``indicator`` is empty for a figure no alias names.

    Raises
    ------
    ParameterError
        If ``text`` is not a string or ``published`` not a date.
    DataError
        If the data directory's indicators or lexicon are broken.

    Examples
    --------
    >>> rows = extract("Quý 1, thu ngân sách đạt 1.200 tỷ đồng, tăng 5,5%.", published="2024-04-20")
    >>> rows[["indicator", "kind", "measure", "period", "value"]].values.tolist()
    [['budget_revenue', 'result', 'level', '2024-Q1', 1200000000000.0], \
['budget_revenue', 'result', 'growth', '2024-Q1', 5.5]]
    """
    if not isinstance(text, str):
        raise ParameterError(f"text must be a str, not {type(text).__name__}")
    day = as_date(published)
    text = normalize(text)
    g = grammar(data_dir)
    al = aliases(data_dir)
    if day is None:
        found = header_date(text)
        day = found.date() if found else None
    own = area or own_area(text, data_dir=data_dir) or default_area(data_dir)
    pattern, area_of = name_pattern(data_dir)
    places = Places(pattern, area_of, _area_kinds(data_dir), own)
    walker = Walker(text, g, al, day, source_id or "", places)
    rows = with_tables(list(walker.rows()), walker)
    for row in rows:
        row.setdefault("area", area or "")
    return _frame(rows if keep_repeats else merge_repeats(rows))


def extract_file(
    path: str | os.PathLike[str],
    *,
    source_id: str | None = None,
    published: date | datetime | str | None = None,
    data_dir: PathLike = None,
) -> pd.DataFrame:
    """Read a report file (HTML, PDF, DOCX or text, told by its content:
    :func:`hpdata.documents.read_document`) and :func:`extract` it; with no ``published``, the
    publication time its metadata states is used, else its header's.

    Raises
    ------
    DataError
        If the file is missing, not a format that is read, corrupt, or text that is not UTF-8.
    """
    document = read_document(Path(path), data_dir)
    if published is None and document.published is not None:
        published = document.published.date()
    return extract(document.text, source_id=source_id, published=published, data_dir=data_dir)


def read_report(path: Path, data_dir: PathLike = None) -> str:
    """The text of a report file, HTML, PDF, DOCX or UTF-8 text, told by its content
    (:func:`hpdata.documents.read_document`); anything else raises
    :class:`~hpdata.errors.DataError` with a one-line message naming the file."""
    return read_document(path, data_dir).text


def slug(name: str) -> str:
    """A source id made from a file name: lower-case ASCII letters, digits and hyphens.

    Examples
    --------
    >>> slug("Báo cáo Quý 1_2024.txt")
    'bao-cao-quy-1-2024-txt'
    """
    ascii_name = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "source"


def known_sources(data_dir: PathLike = None) -> dict[str, tuple[str, date, str]]:
    """The sources of the data directory by the sha256 of their file: ``{sha: (id, date, area)}``.

    Empty when ``sources.csv`` cannot be read (extracting a file does not need it).
    """
    from ..errors import DataError
    from ..load import sources

    try:
        frame = sources(data_dir)
    except DataError:
        return {}
    return {
        row.sha256: (row.source_id, row.published.date(), row.area)
        for row in frame.itertuples(index=False)
    }


def extract_files(
    files: list[str | os.PathLike[str]],
    *,
    published: date | datetime | str | None = None,
    data_dir: PathLike = None,
    area: str | None = None,
) -> pd.DataFrame:
    """:func:`extract` several files into one table, reading every file before extracting any.

    Files are read by :func:`hpdata.documents.read_document` (HTML, PDF, DOCX or text, told by
    content). A file that is a source of the data directory (same sha256) gets its
    ``source_id`` and publication date; another gets a ``source_id`` made from its name
    (:func:`slug`) and its date from ``published``, else its metadata (an HTML page's
    publication time), else its header.

    Raises
    ------
    ParameterError
        If a file is missing, binary or not UTF-8 (one line naming the file), or
        ``published`` is not a date.
    """
    from ..errors import DataError

    day = as_date(published, "--date")
    bounds.check_date(day, "--date", data_dir)
    if area is not None:
        area = check_area(area, data_dir)
    texts = []
    for name in files:
        path = Path(name)
        try:
            document = read_document(path, data_dir)
        except DataError as error:
            raise ParameterError(str(error)) from None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        stated = document.published.date() if document.published else None
        texts.append((path, document.text, digest, stated))
    known = known_sources(data_dir) if texts else {}
    frames = []
    for path, text, digest, stated in texts:
        source_id, when, own = known.get(digest, (slug(path.stem), None, None))
        own = area or own or own_area(text, data_dir=data_dir)
        on = day or when or stated
        frames.append(extract(text, source_id=source_id, published=on, data_dir=data_dir, area=own))
    if not frames:
        return empty_table()
    return _frame([r for f in frames for r in f.to_dict("records")])
