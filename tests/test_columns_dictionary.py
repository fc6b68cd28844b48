"""The data dictionary ``data/columns.csv`` (issue 21): every column of every exported table
described, none described that no table has; and ``validate`` refuses a damaged dictionary in
one line per problem, naming the file, row and column (it was read unchecked, so a flipped byte
or a missing column crashed the render's index and ``export``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import replace_in

from hpdata import cli, schema
from hpdata.exports.tables import collect


def test_every_column_of_every_table_is_described_and_nothing_else() -> None:
    dataset = collect()
    words = schema.column_words()
    tables = {(t, c) for t, frame in dataset.frames.items() for c in frame.columns}
    assert sorted(tables - set(words)) == []  # 50 of the 63 progress columns were missing
    assert sorted(set(words) - tables) == []
    assert all(w["description"].strip() for w in words.values())


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / "columns.csv"
        path.write_bytes(change(path.read_bytes()))

    return apply


def _twice(data: Path) -> None:
    path = data / "columns.csv"
    body = path.read_text(encoding="utf-8")
    path.write_text(body + body.splitlines()[3] + "\n", encoding="utf-8")


CASES = {
    "not UTF-8": (
        _bytes(
            lambda b: (
                b.replace("Đ".encode(), b"\xd0", 1)
                if "Đ".encode() in b
                else b.replace(b"The", b"Th\xe9", 1)
            )
        ),
        "columns.csv",
    ),
    "a flipped byte": (_bytes(lambda b: b[:40] + bytes([b[40] ^ 0xC0]) + b[41:]), "columns.csv"),
    "a column missing": (
        replace_in("columns.csv", "table,column,description,unit", "table,column,unit"),
        "description",
    ),
    "a column described twice": (_twice, "described twice (first at row 3)"),
    "an unknown table": (
        replace_in("columns.csv", "\nsources,title,", "\nsourcez,title,"),
        "column 'table': not one of observations",
    ),
    "an unknown column": (
        replace_in("columns.csv", "\nsources,title,", "\nsources,titel,"),
        "column 'column': not a column of sources: 'titel'",
    ),
    "an empty description": (
        replace_in("columns.csv", "The id of the source", ""),
        "column 'description': must not be empty",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_damaged_dictionary_is_refused_in_one_line(data: Path, capsys, case: str) -> None:
    change, expected = CASES[case]
    change(data)
    assert cli.main(["validate", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if "columns.csv" in line]
    assert problems and any(expected in line for line in problems), err
    assert "Traceback" not in err and all(len(line) < 400 for line in problems), err
