"""Reading files (data layer, bottom floor): UTF-8 text in NFC, CSV as strings, control characters
refused, and paths confined to a directory. Every loader and validator reads through here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import bounds, paths
from .errors import DataError, Problem
from .numbers import normalize

if TYPE_CHECKING:
    import pandas as pd


def read_text(path: Path) -> str:
    """Read a UTF-8 text file and return it in NFC.

    Raises
    ------
    DataError
        If the file is missing or is not UTF-8 (naming the byte offset).
    """
    name = paths.display(path)
    try:
        raw = bounds.read_bytes(path)  # a regular file only: a pipe or a device never blocks
    except bounds.Refused as error:
        raise DataError([Problem(name, None, None, None, error.strerror)]) from None
    except FileNotFoundError:
        raise DataError([Problem(name, None, None, None, "file not found")]) from None
    except IsADirectoryError:
        raise DataError([Problem(name, None, None, None, "is a directory, not a file")]) from None
    except OSError as error:  # permissions, a symlink loop, a path through a file...
        reason = error.strerror or type(error).__name__
        raise DataError([Problem(name, None, None, None, f"cannot be read ({reason})")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 (byte {error.start} is 0x{raw[error.start]:02x})"
        raise DataError([Problem(name, None, None, None, message)]) from None
    return normalize(text.removeprefix("\ufeff"))


def read_csv(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a CSV file as strings (no type guessing, empty cells as ``""``), NFC-normalised.

    Parameters
    ----------
    path : pathlib.Path
    columns : list of str, optional
        The expected header. A missing or unexpected column raises :class:`DataError`.
    """
    text = read_text(path)
    name = paths.display(path)
    import pandas as pd  # on use: reading text (labels of a no-op render) needs no pandas

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        message = str(error).strip().splitlines()[-1] if str(error).strip() else "empty file"
        raise DataError(
            [Problem(name, None, None, None, f"not a readable CSV: {message}")]
        ) from None
    if columns is not None:
        problems = [
            Problem(name, None, c, None, "missing required column")
            for c in columns
            if c not in frame.columns
        ]
        problems += [
            Problem(name, None, c, None, f"unexpected column (expected: {', '.join(columns)})")
            for c in frame.columns
            if c not in columns
        ]
        if problems:
            raise DataError(problems)
        frame = frame[columns]
    problems = control_problems(name, frame)
    if problems:
        raise DataError(problems)
    return frame.reset_index(drop=True)


#: Characters refused in data: C0 controls but tab, line feed and carriage return; DEL; C1; and
#: the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which
#: make a page or a spreadsheet show text in another order than it is stored ("Trojan source").
CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def control_problems(name: str, frame: pd.DataFrame) -> list[Problem]:
    """A problem for every cell holding a NUL or another control character (they would reach the
    pages and the terminal). One vectorised regular-expression scan per column: linear time.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"note": ["ok", "a\\x00b"]})
    >>> [(p.row, p.column, p.message) for p in control_problems("x.csv", frame)]
    [(2, 'note', 'contains a control character (U+0000)')]
    """
    problems = []
    for column in frame.columns:
        hits = frame[column].str.contains(CONTROL_CHARACTERS, regex=True)
        for index in frame.index[hits.fillna(False).astype(bool)]:
            cell = frame.at[index, column]
            code = re.search(CONTROL_CHARACTERS, cell)
            char = f"U+{ord(code.group()):04X}" if code else "?"
            message = f"contains a control character ({char})"
            problems.append(Problem(name, int(index) + 1, column, cell, message))
    return problems


def inside(directory: Path, relative: str) -> bool:
    """Whether ``relative`` names a path inside ``directory``: not absolute, no ``..`` part, and
    still inside once symbolic links are resolved (a link may not point out of the directory).

    Examples
    --------
    >>> inside(Path("/tmp/data"), "raw/a.txt"), inside(Path("/tmp/data"), "/etc/hostname")
    (True, False)
    >>> inside(Path("/tmp/data"), "raw/../../etc/hostname")
    False
    """
    part = Path(relative)
    if part.is_absolute() or ".." in part.parts or not relative.strip():
        return False
    try:
        return (directory / part).resolve().is_relative_to(directory.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False
