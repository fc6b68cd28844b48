"""Add a report to the data directory: its text to ``raw/``, a row to ``sources.csv`` and its
figures to ``observations.csv``.

The order of work makes a failure harmless:

1. read the file (HTML, PDF, DOCX or text, told by its content: :mod:`hpdata.documents`; a
   missing, corrupt, scanned or unsupported file is a one-line :class:`ParameterError`);
2. extract its rows and keep only those a person accepted (``accept="all"`` or
   ``"confident"``, or an edited table given back as ``rows``; see
   :func:`hpdata.extract.review.accepted`): with no acceptance nothing is stored and the rows are
   shown for review, those needing a person first, each with its sentence. Rows not accepted and
   rows the dataset cannot hold (no indicator, no period, a repeated key) are listed on standard
   error, never dropped silently;
3. stage the new files in a temporary copy of the data directory and validate it with
   :func:`hpdata.load.validate` (a :class:`DataError` stops here, nothing written);
4. print the diff;
5. unless ``dry_run``, commit the raw text, ``sources.csv`` and ``observations.csv`` together as
   one :class:`hpdata.journal.Transaction`.

Steps 1 to 5 of a real ingest run under the data directory's writer lock (:func:`hpdata.journal.lock`),
so two ingests at once are serialised and the second sees the first's source; a killed ingest is
finished or undone by the next command (:func:`hpdata.journal.recover`). Whether an article is
already there is decided on its text normalised (NFC, no BOM, ``\n`` line ends), so the same article
saved with a BOM, in NFD or with CRLF is not added twice.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import io
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from .. import bounds, csvfile, journal, paths
from ..areas import check_area
from ..documents import read_document, source_text
from ..errors import DataError, ParameterError, Problem
from ..i18n import check_lang
from ..numberstyle import fmt_stated
from ..schema import OBSERVATION_COLUMNS, OBSERVATION_KEY, SOURCE_COLUMNS, SOURCE_ID
from .extractor import as_date, slug
from .grammar import header_date
from .heading import guess_title, own_area
from .review import accepted, review_rows

#: The time zone written with a publication time (the reports are Vietnamese).
TIMEZONE = "+07:00"
_RAW = re.compile(r"^(\d+)_")


@dataclass
class Plan:
    """What an ingest adds: the new files' texts and the rows left out, with the reason."""

    source_id: str
    raw_name: str
    raw_bytes: bytes
    files: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (old, new)
    skipped: list[str] = field(default_factory=list)
    added: int = 0
    review: list[str] = field(default_factory=list)
    accepted: bool = False
    data_dir: Path | None = None
    given: tuple[int, str] | None = None  # rows of a --rows table and its name

    def diff(self) -> str:
        """A unified diff of the changed files and a line for the new raw file."""
        out = [f"new file {self.raw_name} ({len(self.raw_bytes)} bytes)\n"]
        for name, (old, new) in self.files.items():
            out += difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), name, name
            )
        return "".join(out)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return str(value)


def _lines(rows: list[list[str]]) -> str:
    return csvfile.text(None, rows)


def _append(old: str, lines: str) -> str:
    if old and not old.endswith("\n"):
        old += "\n"
    return old + lines


def text_key(text: str) -> str:
    """The identity of an article's text: the sha256 of its NFC text without a BOM and with
    LF line ends (:func:`hpdata.load.read_text` has already applied NFC and removed the BOM).

    Examples
    --------
    >>> text_key("a\\r\\nb") == text_key("a\\nb")
    True
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _already_there(directory: Path, known, text: str) -> str:
    """The id of the source whose normalised text is ``text``'s, else ``""``."""
    key = text_key(text)
    for row in known.itertuples(index=False):
        if text_key(source_text(directory / row.file, directory)) == key:
            return str(row.source_id)
    return ""


def _next_raw_name(raw_dir: Path, digest: str, suffix: str = ".txt") -> str:
    """``raw/NNN_<sha256 prefix><suffix>``: the next number of ``raw/``, the file as received."""
    numbers = [int(m.group(1)) for p in raw_dir.glob("*") if (m := _RAW.match(p.name))]
    return f"raw/{(max(numbers) + 1) if numbers else 0:03d}_{digest[:16]}{suffix}"


def plan(
    file: str | os.PathLike[str],
    *,
    source_id: str | None = None,
    published: date | datetime | str | None = None,
    title: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    accept: str | None = None,
    rows: str | os.PathLike[str] | None = None,
    area: str | None = None,
    lang: str = "vi",
) -> Plan:
    """Work out an ingest without writing anything (see the module's docstring).

    The source's ``area`` is ``area`` (``--area``), else the province-level unit its title and
    first paragraph name (:func:`hpdata.extract.heading.own_area`); a report that names none is
    refused with a request for ``--area``. Each row keeps the area the extractor gave it (another
    place's figure is filed under that place), else gets the source's.

    ``accept`` (``"all"`` or ``"confident"``) or ``rows`` (the path of an edited CSV of the
    extracted rows) says which rows a person accepted; with neither, the plan adds nothing and
    :attr:`Plan.review` lists every row for review, its figures written in ``lang``.

    Raises
    ------
    ParameterError
        Bad input: the file is missing, binary or not UTF-8, already ingested; the id is taken
        or malformed; no publication date is given or found in the header.
    DataError
        The data directory, or the data directory with the new source, does not validate.
    """
    from ..load import read_csv, sources

    check_lang(lang)
    directory = paths.data_dir(data_dir)
    path = Path(file)
    try:
        document = read_document(path, directory)
    except DataError as error:
        raise ParameterError(str(error)) from None
    text, raw_bytes = document.text, document.raw
    digest = hashlib.sha256(raw_bytes).hexdigest()

    known = sources(directory)
    same = _already_there(directory, known, text)
    if same:
        raise ParameterError(f"{path}: already ingested as source {same!r}")

    when = _publication(path, text, published, directory, document.published)
    sid = _source_id(path, when, source_id, set(known["source_id"]), directory)
    name = _title(path, text, title, document.title)

    own = _own_area(path, text, name, area, directory)

    raw_name = _next_raw_name(directory / "raw", digest, document.suffix)
    result = Plan(sid, raw_name, raw_bytes, data_dir=directory)
    stamp = f"{when:%Y-%m-%dT%H:%M:%S}{TIMEZONE}"
    note = f"Ingested by hpdata ingest from {path.name}."
    cells = {"source_id": sid, "title": name, "published": stamp, "language": "vi"}
    cells["publisher"] = no_formula(document.publisher or "")
    cells.update({"file": raw_name, "sha256": digest, "note": note, "area": own})
    source_row = [cells.get(column, "") for column in SOURCE_COLUMNS]
    src_path = directory / paths.SOURCES
    old_sources = src_path.read_text(encoding="utf-8")
    result.files[paths.SOURCES] = (old_sources, _append(old_sources, _lines([source_row])))

    found = review_rows(text, when.date(), data_dir=directory).assign(source_id=sid)
    edited = read_rows(rows, sid, directory) if rows is not None else None
    _area_rows(found, edited, own)
    result.review = [review_line(row, lang, directory) for row in found.to_dict("records")]
    result.accepted = accept is not None or rows is not None
    chosen = accepted(found, accept, edited)
    if rows is not None:
        check_given_rows(chosen, text, rows)
        _list_given_rows(found, edited, chosen, path, Path(rows), result)
    else:
        _list_refused(found, chosen, path, result)
    read_csv(directory / paths.OBSERVATIONS, OBSERVATION_COLUMNS)  # its header, before appending
    seen: dict[tuple, str] = {}
    keep: list[list[str]] = []
    for row in chosen.to_dict("records"):
        where = f"{path.name}, offset {row['offset']}: {row['quote']!r}"
        key = tuple(row[c] for c in OBSERVATION_KEY)
        if not row["indicator"]:
            result.skipped.append(f"{where}: no indicator matches (add an alias in indicators.csv)")
        elif not row["period"]:
            result.skipped.append(f"{where}: no period could be resolved")
        elif key in seen:
            result.skipped.append(
                f"{where}: same indicator, kind, measure and period as {seen[key]!r}"
            )
        else:
            seen[key] = row["quote"]
            row["quote"] = no_formula(row["quote"])
            keep.append([_cell(row[c]) for c in OBSERVATION_COLUMNS])
    obs_path = directory / paths.OBSERVATIONS
    old_obs = obs_path.read_text(encoding="utf-8")
    result.files[paths.OBSERVATIONS] = (old_obs, _append(old_obs, _lines(keep)))
    result.added = len(keep)
    _validate_staged(directory, result)
    return result


def _own_area(path: Path, text: str, title: str, area: str | None, directory: Path) -> str:
    """The source's area: ``area`` (``--area``) if it is known, else the province-level unit its
    title and first paragraph name; else a one-line request for ``--area``."""
    own = check_area(area, directory) if area else own_area(text, title, directory)
    if own is None:
        raise ParameterError(
            f"{path}: no province or city named in its title or first paragraph; pass --area ID"
            " (ids in data/areas.csv)"
        )
    return own


def _area_rows(found, edited, own: str):
    """Rows without an area (the report's own figures) get the source's area ``own``."""
    found["area"] = [a or own for a in found["area"]]
    if edited is not None and "area" in edited:
        edited["area"] = [a or own for a in edited["area"]]


def _publication(
    path: Path, text: str, published, directory: Path, stated: datetime | None = None
) -> datetime:
    """The publication time: ``published`` (``--date``), else the one the file's metadata
    ``stated`` (an HTML page's), else the article's header; within ``[parameters]`` of
    ``limits.toml``."""
    day = as_date(published, "--date")
    when = datetime(day.year, day.month, day.day) if day else stated or header_date(text)
    if when is None:
        raise ParameterError(f"{path}: no publication date in its header; pass --date YYYY-MM-DD")
    where = "--date" if day else f"{path}: the date {'it states' if stated else 'of its header'}"
    bounds.check_date(when.date(), where, directory)
    return when


def _source_id(
    path: Path, when: datetime, source_id: str | None, taken: set, directory: Path
) -> str:
    """The new source's id: ``source_id`` (at most ``[parameters] id_chars`` long), else the
    date and the file's name; of the allowed letters and not taken."""
    if source_id is not None:
        bounds.check_id(source_id, "--source-id", directory)
    sid = source_id or f"{when:%Y-%m-%d}-{slug(path.stem)}"[:60].rstrip("-")
    if not re.match(SOURCE_ID, sid):
        raise ParameterError(f"--source-id {sid!r} must be lower-case letters, digits and '-'")
    if sid in taken:
        raise ParameterError(f"--source-id {sid!r} is already a source")
    return sid


def _title(path: Path, text: str, title: str | None, stated: str | None = None) -> str:
    """``title`` (refused when it would start a spreadsheet formula), else the one the file's
    metadata states, else the guessed one, without the characters that would start one."""
    if title and csvfile.starts_formula(title):
        raise ParameterError(f"--title {title[:40]!r} would start a spreadsheet formula; reword it")
    name = title or no_formula(stated or guess_title(text))
    if not name:
        raise ParameterError(f"{path}: no title found; pass --title")
    return name


def review_line(row: dict, lang: str = "vi", data_dir: str | os.PathLike[str] | None = None) -> str:
    """One extracted row for a person: confidence, what was read, why to look, and its sentence.
    The figure is written as the reports write it, in ``lang`` (bound word, a range in one
    scale: :func:`hpdata.numberstyle.fmt_stated`), with every digit read.

    Examples
    --------
    >>> review_line({"confidence": "low", "indicator": "", "kind": "result", "measure": "growth",
    ...              "period": "2024-Q1", "value": -5.25, "unit": "percent", "review": "other place",
    ...              "note": "", "sentence": "Cả nước giảm 5,25%."})
    '[low] — · result · growth · 2024-Q1 · −5,25% · why: other place · «Cả nước giảm 5,25%.»'
    """
    why = row.get("review") or row.get("note") or ""
    parts = [
        f"[{row['confidence']}] {row['indicator'] or '—'}",
        str(row["kind"]),
        str(row["measure"]),
        str(row["period"] or "—"),
        _figure(row, lang, data_dir),
    ]
    return " · ".join(parts) + (f" · why: {why}" if why else "") + f" · «{row['sentence']}»"


def _figure(row: dict, lang: str, data_dir) -> str:
    """The row's bound, value (and high end) and unit in the reports' style; a unit without a
    format in ``units.csv`` gets the number in full and the unit's code."""
    high = row.get("high")
    high = None if high is None or high == "" else float(high)
    try:
        return fmt_stated(row.get("bound") or "eq", row["value"], high, row["unit"], lang, data_dir)
    except ParameterError:
        return f"{row['value']:g} {row['unit']}"


def read_rows(file: str | os.PathLike[str], source_id: str, data_dir=None):
    """The edited rows given back with ``--rows``: a CSV in the columns of ``hpdata extract``
    (spreadsheet-safe ``'`` prefixes removed), every row given ``source_id``. A missing or
    unreadable file, one that is not a regular file or is over ``[files] rows_bytes`` of
    ``limits.toml``, is a one-line :class:`ParameterError` naming it."""
    import pandas as pd

    limit = bounds.limits(data_dir)["rows_bytes"]
    try:
        content = bounds.read_bytes(file, limit, "rows_bytes").decode("utf-8-sig")
        frame = pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False)
    except bounds.Refused as error:
        raise ParameterError(f"--rows: {file}: {error.strerror}") from None
    except (OSError, ValueError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ParameterError(f"--rows: {file}: cannot be read ({reason})") from None
    frame = frame.apply(lambda col: col.map(_uninert))
    for column in ("value", "high"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    _refuse_formulas(frame, file)
    return frame.assign(source_id=source_id)


#: The columns of a ``--rows`` file a person writes freely (the others are codes, validated).
FREE_TEXT = ("note",)


def _refuse_formulas(frame, file: str | os.PathLike[str]) -> None:
    """Refuse a ``--rows`` note that a spreadsheet would run (``=HYPERLINK(...)``, ``@SUM``): it
    would be stored in ``observations.csv`` and leave hpdata in every download."""
    for column in FREE_TEXT:
        if column not in frame:
            continue
        for i, value in enumerate(frame[column], 1):
            if isinstance(value, str) and csvfile.starts_formula(value):
                raise ParameterError(
                    f"--rows: {file}, row {i}, column {column!r}: {value[:40]!r} would start a "
                    "spreadsheet formula; reword it"
                )


def no_formula(text: str) -> str:
    """``text`` without the characters before its first that a spreadsheet would read as the
    start of a formula (a title or quote is still the article's words, and a quote is still
    found verbatim in it).

    Examples
    --------
    >>> no_formula("=HYPERLINK(x)"), no_formula("- Thu nội địa đạt 5 tỷ"), no_formula("Năm 2023")
    ('HYPERLINK(x)', 'Thu nội địa đạt 5 tỷ', 'Năm 2023')
    """
    while text and csvfile.starts_formula(text):
        text = text[1:].lstrip()
    return text


def _uninert(cell: str) -> str:
    """Undo :func:`hpdata.extract.extractor.format_table`'s ``'`` before a formula-like cell."""
    return csvfile.plain(cell)


def check_given_rows(chosen, text: str, file: str | os.PathLike[str]) -> None:
    """Refuse a ``--rows`` table that stores nothing (only a header, or no row with an indicator
    and a period), has the same figure twice (same indicator, kind, measure and period), or a
    row whose quote is not in this article (a row of another report): one line naming the row
    (rows numbered from 1 after the header)."""
    from ..numbers import normalize

    if chosen.empty:
        raise ParameterError(
            f"--rows: {file}: no row with an indicator and a period: nothing to store"
        )
    seen: dict[tuple, int] = {}
    for index, row in zip(chosen.index, chosen.to_dict("records"), strict=True):
        number = int(index) + 1
        key = tuple(str(row.get(c, "")) for c in OBSERVATION_KEY)
        if key in seen:
            raise ParameterError(
                f"--rows: {file}, rows {seen[key]} and {number}: the same indicator, kind, "
                "measure and period (keep one)"
            )
        seen[key] = number
        quote = normalize(str(row.get("quote", "")))
        if not quote or quote not in text:
            raise ParameterError(
                f"--rows: {file}, row {number}, column 'quote': {quote[:60]!r} is not in this "
                "article (a row of another report?)"
            )


def _list_refused(found, chosen, path: Path, result: Plan) -> None:
    """Add to ``result.skipped`` the extracted rows that were not accepted (``--accept``), each
    with its confidence and reason."""
    if not result.accepted:
        return
    kept = {(r["quote"], r["period"], r["measure"]) for r in chosen.to_dict("records")}
    for row in found.to_dict("records"):
        if (row["quote"], row["period"], row["measure"]) in kept:
            continue
        why = row.get("review") or row.get("note") or "not accepted"
        where = f"{path.name}, offset {row['offset']}: {row['quote']!r}"
        if not row["indicator"]:
            result.skipped.append(f"{where}: no indicator matches ({why})")
        elif not row["period"]:
            result.skipped.append(f"{where}: no period could be resolved ({why})")
        else:
            result.skipped.append(f"{where}: not accepted (confidence {row['confidence']}: {why})")


def _list_given_rows(found, edited, chosen, path: Path, rows: Path, result: Plan) -> None:
    """With a table given back (``--rows``), the table is what a person accepted: every row of it
    that is stored counts as added, edited or not; each row it has that cannot be stored is left
    out in one line naming the row (numbered from 1 after the header) and why; each extracted row
    it no longer has (matched by offset or quote) is left out as not accepted."""
    result.given = (len(edited), rows.name)
    for index, row in zip(edited.index, edited.to_dict("records"), strict=True):
        if index in chosen.index:
            continue
        where = f"{rows.name}, row {int(index) + 1}: {str(row.get('quote', ''))!r}"
        if not str(row.get("indicator", "")):
            result.skipped.append(
                f"{where}: no indicator (fill in an indicator id of indicators.csv, or delete "
                "the row)"
            )
        else:
            result.skipped.append(f"{where}: no period (fill in one, e.g. 2025 or 2025-H1)")
    offsets = {str(o) for o in edited.get("offset", ())}
    quotes = {str(q) for q in edited.get("quote", ())}
    for row in found.to_dict("records"):
        if str(row["offset"]) in offsets or row["quote"] in quotes:
            continue
        where = f"{path.name}, offset {row['offset']}: {row['quote']!r}"
        result.skipped.append(f"{where}: not accepted (not in {rows.name})")


def _validate_staged(directory: Path, result: Plan) -> None:
    """Validate a temporary copy of the data directory with the plan applied."""
    from ..validation import validate

    with journal.scratch() as tmp:
        staged = tmp / "data"
        shutil.copytree(
            directory,
            staged,
            ignore=shutil.ignore_patterns(journal.LOCK_NAME, journal.STAGING_NAME, ".*.tmp"),
        )
        (staged / result.raw_name).write_bytes(result.raw_bytes)
        for name, (_old, new) in result.files.items():
            (staged / name).write_text(new, encoding="utf-8")
        try:
            validate(staged)
        except DataError as error:
            raise DataError([_unstaged(p, staged, directory) for p in error.problems]) from None


def _unstaged(problem: Problem, staged: Path, directory: Path) -> Problem:
    """``problem`` naming the user's file in ``directory`` instead of its staged copy."""
    for prefix in (paths.display(staged), str(staged), str(staged.resolve())):
        if problem.file.startswith(prefix):
            real = paths.display(directory / problem.file[len(prefix) :].lstrip("/"))
            return dataclasses.replace(problem, file=real)
    return problem


def ingest(
    file: str | os.PathLike[str],
    *,
    source_id: str | None = None,
    published: date | datetime | str | None = None,
    title: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    dry_run: bool = False,
    accept: str | None = None,
    rows: str | os.PathLike[str] | None = None,
    area: str | None = None,
    lang: str = "vi",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Plan:
    """Ingest a report: plan it, print the rows for review, the diff and the rows left out, then
    write the accepted rows and the source atomically, as one transaction.

    Parameters
    ----------
    file : path
        The report: HTML, PDF, DOCX or UTF-8 text (:func:`hpdata.documents.read_document`); it
        is copied byte for byte into ``raw/``, and its quotes point into the text derived from it.
    source_id, published, title : optional
        The new source's id (default: date and file name), publication date (default: the one
        the file's metadata states, else its header's) and title (default: the metadata's, else
        :func:`guess_title`).
    dry_run : bool
        Print what would change and write nothing.
    accept : {"all", "confident"}, optional
        Store every row with an indicator and a period, or only the ``high``-confidence ones.
    rows : path, optional
        An edited CSV of the rows (from ``hpdata extract FILE > rows.csv``): store these instead.
        With neither ``accept`` nor ``rows`` nothing is written: the rows are shown for review.
    lang : {"vi", "en"}
        How the rows for review write their figures (``13,12 nghìn tỷ đồng`` or
        ``VND 13.12 trillion``).

    Examples
    --------
    Review, then store the confident rows of a new report in a copy of the data::

        ingest("report.txt", data_dir="/tmp/data")                      # review only
        ingest("report.txt", data_dir="/tmp/data", accept="confident")  # store
    """
    out = out or sys.stdout
    err = err or sys.stderr
    directory = paths.data_dir(data_dir)
    options = {
        "source_id": source_id,
        "published": published,
        "title": title,
        "accept": accept,
        "rows": rows,
        "area": area,
        "lang": lang,
    }
    if dry_run or (accept is None and rows is None):
        result = plan(file, data_dir=directory, **options)
        _print_plan(result, dry_run, out, err)
        return result
    with journal.lock(directory):
        journal.recover(directory, locked=True)
        result = plan(file, data_dir=directory, **options)
        with journal.Transaction(directory) as txn:
            txn.stage(result.raw_name, result.raw_bytes)
            for name in (paths.SOURCES, paths.OBSERVATIONS):
                txn.stage(name, result.files[name][1].encode("utf-8"))
            txn.commit()
    _print_plan(result, dry_run, out, err)
    return result


_SKIP_KINDS = re.compile(r": (no indicator|no period|same indicator|not accepted)")


def _skip_kind(line: str) -> str:
    """The kind of a row left out (its reason), to print a screenful of each."""
    found = _SKIP_KINDS.findall(line)
    return found[-1] if found else "other"


def _print_plan(result: Plan, dry_run: bool, out: TextIO, err: TextIO) -> None:
    """Print the rows for review (with no acceptance), else the diff and the rows left out (on
    ``err``), and the one-line summary."""
    if not result.accepted:
        print(
            f"hpdata ingest: {len(result.review)} row(s) to review, first those to check:", file=out
        )
        for line in result.review:
            print(f"  {line}", file=out)
        print(
            "hpdata ingest: nothing stored; accept with --accept confident|all, or edit the rows "
            "(hpdata extract FILE > rows.csv) and give them back with --rows rows.csv",
            file=out,
        )
        return
    out.write(result.diff())
    per_kind = bounds.limits(result.data_dir)["messages_per_kind"]
    for line in bounds.capped(result.skipped, _skip_kind, per_kind):
        print(f"hpdata ingest: not added: {line}", file=err)
    verb = "would add" if dry_run else "added"
    given = f" (from {result.given[0]} row(s) of {result.given[1]})" if result.given else ""
    print(
        f"hpdata ingest: {verb} source {result.source_id!r} with {result.added} observation(s)"
        + given
        + (" (dry run: nothing written)" if dry_run else ""),
        file=out,
    )
