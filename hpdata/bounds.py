"""Bounds on what hpdata reads and prints: regular files only, sizes, lengths and ranges from the
``[files]`` and ``[parameters]`` tables of ``limits.toml``, and at most a screenful of messages of
one kind (core: standard library only).

A named pipe, a device or a directory given as an article, a ``--rows`` file or standing as a data
file would make a plain ``read()`` wait forever (a pipe) or read without end (``/dev/zero``): every
read here checks the file with :func:`os.stat` first and opens it with ``O_NONBLOCK``, so such a
file is refused in one line before anything is read.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import tomllib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import paths
from .errors import ParameterError

#: The file of limits in a data directory; its ``[files]`` and ``[parameters]`` tables are read
#: here (``[values]`` by validation). Missing keys come from the project's ``data/limits.toml``.
LIMITS = "limits.toml"
#: What each key must be: (table, key, type).
KEYS = {
    "article_bytes": ("files", int),
    "rows_bytes": ("files", int),
    "document_bytes": ("files", int),
    "messages_per_kind": ("files", int),
    "id_chars": ("parameters", int),
    "title_chars": ("parameters", int),
    "earliest_date": ("parameters", dt.date),
    "latest_date": ("parameters", dt.date),
}
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


class Refused(OSError):
    """A file refused before it is read: not a regular file, or larger than its limit. Its
    ``strerror`` is the reason in words; the CLI prints it as ``<file>: <reason>``."""

    def __init__(self, path: str | os.PathLike[str], reason: str, code: int = errno.EINVAL):
        super().__init__(code, reason, str(path))


def kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words (``""`` for a regular file).

    Examples
    --------
    >>> kind(stat.S_IFIFO | 0o644), kind(stat.S_IFREG | 0o644)
    ('a named pipe', '')
    """
    return "" if stat.S_ISREG(mode) else _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _refuse_special(path: str | os.PathLike[str], mode: int) -> None:
    what = kind(mode)
    if what == "a directory":
        raise Refused(path, "is a directory, not a file", errno.EISDIR)
    if what:
        raise Refused(path, f"is {what}, not a regular file (refused before reading)")


def _size_text(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


def check(path: str | os.PathLike[str], limit: int | None = None, key: str = "") -> int:
    """Refuse ``path`` unless it is a regular file of at most ``limit`` bytes; return its size.

    The rule: :func:`os.stat` (which never blocks, even on a pipe) must say a regular file, and
    its size be at most ``limit`` (``key`` names the limit of ``limits.toml`` in the message).

    Raises
    ------
    Refused
        An :class:`OSError` whose reason says what the file is, or how large it is.
    """
    st = os.stat(path)
    _refuse_special(path, st.st_mode)
    if limit is not None and st.st_size > limit:
        where = f" ([files] {key} of {LIMITS})" if key else ""
        raise Refused(
            path,
            f"is {_size_text(st.st_size)}, more than the limit of {_size_text(limit)}{where}",
            errno.EFBIG,
        )
    return st.st_size


def read_bytes(path: str | os.PathLike[str], limit: int | None = None, key: str = "") -> bytes:
    """The bytes of a regular file (see :func:`check`), opened with ``O_NONBLOCK`` so a file
    swapped for a pipe between the check and the open cannot block, and read up to ``limit``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = f.write_bytes(b"abc")
    >>> read_bytes(f)
    b'abc'
    """
    check(path, limit, key)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        _refuse_special(path, st.st_mode)
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            total += len(chunk)
            if limit is not None and total > limit:
                check(path, limit, key)  # grew while being read: refuse as too large
                raise Refused(path, f"grew beyond the limit of {_size_text(limit)}", errno.EFBIG)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_article(path: str | os.PathLike[str], data_dir: str | os.PathLike[str] | None) -> None:
    """Refuse an article (``hpdata extract``, ``hpdata ingest``) that is not a regular file or is
    larger than ``[files] article_bytes`` of ``limits.toml``, before reading it; a missing or
    unreadable file is left to the reader, which says so."""
    try:
        check(path, limits(data_dir)["article_bytes"], "article_bytes")
    except Refused:
        raise
    except OSError:
        pass


def special_files(
    directory: str | os.PathLike[str], folders: Iterable[str] = (".", "raw")
) -> list[str]:
    """The entries of the data directory (and ``raw/``) that are neither regular files nor
    folders once links are followed (a named pipe, a device, a socket), by name.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp(); os.mkfifo(os.path.join(d, "observations.csv"))
    >>> special_files(d)
    ['observations.csv (a named pipe)']
    """
    found = []
    root = Path(directory)
    for folder in folders:
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            try:
                mode = entry.stat().st_mode  # follows a link; never opens the file
            except OSError:  # a broken link: its reader says "not found"
                continue
            what = kind(mode)
            if what and what != "a directory":
                name = entry.name if folder == "." else f"{folder}/{entry.name}"
                found.append(f"{name} ({what})")
    return found


def _table(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_bytes(path).decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # validation reports a broken limits.toml; here the project's values serve


@lru_cache(maxsize=16)
def _limits(directory: str, state: tuple[int | None, int | None]) -> dict[str, Any]:
    own = _table(Path(directory) / LIMITS)
    default = _table(paths.DEFAULT_DATA_DIR / LIMITS)
    values: dict[str, Any] = {}
    for key, (table, kind_) in KEYS.items():
        value = own.get(table, {}).get(key, default.get(table, {}).get(key))
        if not isinstance(value, kind_) or isinstance(value, (bool, dt.datetime)):
            value = default.get(table, {}).get(key)
        values[key] = value
    return values


def limits(data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The bounds of ``limits.toml`` (``[files]``: ``article_bytes``, ``rows_bytes``,
    ``document_bytes``, ``messages_per_kind``; ``[parameters]``: ``id_chars``, ``title_chars``,
    ``earliest_date``, ``latest_date``),
    each from the data directory's file, else from the project's.

    Examples
    --------
    >>> limits()["id_chars"]
    60
    """
    where = paths.data_dir(data_dir) / LIMITS
    return _limits(str(where.parent), paths.file_state(where))


def check_date(
    day: dt.date | None, name: str, data_dir: str | os.PathLike[str] | None = None
) -> None:
    """Refuse a date outside ``[parameters] earliest_date`` .. ``latest_date`` of limits.toml
    (the periods, quarters and years that follow from it must stay computable).

    Examples
    --------
    >>> check_date(dt.date(9999, 12, 31), "--date")
    Traceback (most recent call last):
    ...
    hpdata.errors.ParameterError: --date 9999-12-31 is outside 1900-01-01 .. 2099-12-31 (limits.toml)
    """
    if day is None:
        return
    bounds = limits(data_dir)
    low, high = bounds["earliest_date"], bounds["latest_date"]
    if not low <= day <= high:
        raise ParameterError(f"{name} {day.isoformat()} is outside {low} .. {high} ({LIMITS})")


def check_id(value: str, name: str, data_dir: str | os.PathLike[str] | None = None) -> None:
    """Refuse an id longer than ``[parameters] id_chars`` (an id becomes a file name).

    Examples
    --------
    >>> check_id("x" * 5000, "--source-id")
    Traceback (most recent call last):
    ...
    hpdata.errors.ParameterError: --source-id 'xxxxxxxxxxxxxxxxxxxx...' is 5000 characters long, more than 60 (limits.toml)
    """
    top = limits(data_dir)["id_chars"]
    if len(value) > top:
        shown = value[:20] + "..."
        raise ParameterError(
            f"{name} {shown!r} is {len(value)} characters long, more than {top} ({LIMITS})"
        )


def check_text(value: str, name: str, key: str, data_dir: str | os.PathLike[str] | None = None):
    """Refuse a free-text parameter (``--title``) longer than ``[parameters] <key>``.

    Examples
    --------
    >>> check_text("x" * 100_000, "--title", "title_chars")
    Traceback (most recent call last):
    ...
    hpdata.errors.ParameterError: --title 'xxxxxxxxxxxxxxxxxxxx...' is 100000 characters long, more than 1000 (limits.toml)
    """
    top = limits(data_dir)[key]
    if len(value) > top:
        shown = value[:20] + "..."
        raise ParameterError(
            f"{name} {shown!r} is {len(value)} characters long, more than {top} ({LIMITS})"
        )


def check_period_years(
    code: str | None, name: str, data_dir: str | os.PathLike[str] | None = None
) -> None:
    """Refuse a period (``--as-of``) whose years fall outside the years of ``[parameters]
    earliest_date`` .. ``latest_date`` (a form that is not a period is the parser's to refuse).

    Examples
    --------
    >>> check_period_years("9999-Q1", "--as-of")
    Traceback (most recent call last):
    ...
    hpdata.errors.ParameterError: --as-of 9999-Q1 is outside the years 1900 .. 2099 (limits.toml)
    """
    import re

    if not code:
        return
    bounds = limits(data_dir)
    low, high = bounds["earliest_date"].year, bounds["latest_date"].year
    years = [int(y) for y in re.findall(r"(?<![0-9])[0-9]{4}(?![0-9])", code)]
    if any(not low <= y <= high for y in years):
        raise ParameterError(f"{name} {code} is outside the years {low} .. {high} ({LIMITS})")


def capped(lines: Iterable[str], kind_of: Callable[[str], str], per_kind: int) -> list[str]:
    """At most ``per_kind`` lines of each kind (in their order), then one line per kind with the
    count of the rest, so one problem repeated a million times is a screenful, not a flood.

    Examples
    --------
    >>> capped([f"row {i}: bad" for i in range(5)] + ["x: other"], lambda s: s.split(": ")[1], 2)
    ['row 0: bad', 'row 1: bad', 'x: other', '... and 3 more like the above (bad)']
    """
    shown: list[str] = []
    rest: dict[str, int] = {}
    seen: dict[str, int] = {}
    for line in lines:
        key = kind_of(line)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= per_kind:
            shown.append(line)
        else:
            rest[key] = rest.get(key, 0) + 1
    shown += [f"... and {n} more like the above ({key})" for key, n in rest.items()]
    return shown
