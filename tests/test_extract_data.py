"""``hpdata validate`` checks the extractor's own data files, ``extract_aliases.csv`` and
``indicator_units.csv``: each mistake is one line naming the file, row and column, and exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpdata import cli
from hpdata.errors import DataError
from hpdata.extract.extractor import extract
from hpdata.validation import validate

ALIASES = "extract_aliases.csv"
UNITS = "indicator_units.csv"


def _append(path: Path, *lines: str) -> int:
    """Append CSV lines; return the data row (1-based, header not counted) of the first."""
    text = path.read_text(encoding="utf-8")
    rows = len(text.splitlines()) - 1
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return rows + 1


def _problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate(data)
    return [str(p) for p in caught.value.problems]


def test_the_project_files_are_valid() -> None:
    assert validate()["indicators"] == 16


#: One mistake per line: the file, the line appended, the column named and the message.
MISTAKES = [
    (ALIASES, "gdp,tổng sản phẩm quốc nội mới,", "indicator", "unknown indicator: 'gdp'"),
    (ALIASES, "grdp,   ,", "phrase", "must not be empty"),
    (
        ALIASES,
        "budget_revenue,Tăng  Trưởng kinh tế,",
        "phrase",
        "duplicate phrase (first at row 3)",
    ),
    (ALIASES, "grdp,tổng thu ngân sách,", "phrase", "already an alias of 'budget_revenue'"),
    (UNITS, "gdp,VND,", "indicator", "unknown indicator: 'gdp'"),
    (UNITS, "grdp,,", "unit", "must not be empty"),
    (UNITS, "grdp,đồng,", "unit", "not a unit of units.csv: 'đồng'"),
    (UNITS, "grdp_per_capita,VND,again", "unit", "duplicate indicator and unit (first at row 1)"),
]


def test_each_mistake_names_file_row_and_column(data_copy) -> None:
    """All the mistakes in one copy: each is listed, at its own row, and nothing else is."""
    expected = []
    for name, line, column, message in MISTAKES:
        row = _append(data_copy / name, line)
        expected.append(f"{name}, row {row} (line {row + 1}), column {column!r}: {message}")
    problems = _problems(data_copy)
    for where in expected:
        assert sum(where in p for p in problems) == 1, (where, problems)
    assert len([p for p in problems if ALIASES in p or UNITS in p]) == len(MISTAKES), problems


def test_another_unit_of_units_csv_is_accepted(data_copy) -> None:
    _append(data_copy / UNITS, "tourist_arrivals,count,stated as a count of visitors")
    assert validate(data_copy)["indicators"] == 16


def test_a_missing_column_is_named(data_copy) -> None:
    (data_copy / UNITS).write_text("indicator,units,note\ngrdp,VND,\n", encoding="utf-8")
    problems = _problems(data_copy)
    assert any(UNITS in p and "'unit': missing required column" in p for p in problems)


def test_the_files_are_optional(data_copy) -> None:
    (data_copy / ALIASES).unlink()
    (data_copy / UNITS).unlink()
    assert validate(data_copy)["observations"] == 34


def test_the_command_prints_one_line_per_problem_and_exits_1(data_copy, capsys) -> None:
    _append(data_copy / ALIASES, "gdp,một cụm từ mới,")
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if ALIASES in line]
    assert len(lines) == 1 and "column 'indicator'" in lines[0] and "'gdp'" in lines[0], err


def test_extraction_names_the_same_row(data_copy) -> None:
    row = _append(data_copy / ALIASES, "gdp,một cụm từ mới,")
    with pytest.raises(DataError, match=rf"{ALIASES}, row {row} \(line {row + 1}\)"):
        extract("Năm 2024, thu nội địa đạt 5 tỷ đồng.", data_dir=data_copy)
