"""Errors raised for bad input: each names the file, row, column or parameter at fault."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file.

    ``row`` is the 1-based data row (the header is not counted), so it is the file's
    line number minus one for a CSV file; ``None`` when the problem is with the whole file.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.row + 1})"
        if self.column:
            where += f", column {self.column!r}"
        value = "" if self.value is None else f": {self.value!r}"
        return f"{where}: {self.message}{value}"


class HpdataError(Exception):
    """Base class of the errors hpdata raises for a user's mistake (the CLI prints them on one line)."""


class DataError(HpdataError):
    """A data file is broken. ``problems`` lists every :class:`Problem` found, each with its file,
    row, column and bad value; ``str()`` gives the first and the count."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid data"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))


class ParameterError(HpdataError, ValueError):
    """A parameter (a function argument or a command-line option) has a value that is not allowed."""
