"""Fault suite for the data files: every loaded file is validated in one pass, and whatever
``validate`` accepts, ``progress`` can show. Each test works on a private copy of data/."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import replace_in as _replace

from hpdata import cli, validators
from hpdata.analysis.progress import progress
from hpdata.errors import DataError
from hpdata.report.overview import progress_text
from hpdata.schema import OBSERVATION_KEY, observation_problems
from hpdata.validation import validate


def _bytes(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / name
        path.write_bytes(change(path.read_bytes()))

    return apply


def _cell(name: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields, rows = list(reader.fieldnames or []), list(reader)
        rows[row][column] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    return apply


def _drop_column(name: str, column: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        at = rows[0].index(column)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([r[:at] + r[at + 1 :] for r in rows])

    return apply


def _remove(name: str) -> Callable[[Path], None]:
    return lambda data: (data / name).unlink()


def _directory_instead(name: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / name).unlink()
        (data / name).mkdir()

    return apply


def _first_value(data: Path, new: str) -> None:
    """Set the first observation's value (a level of a VND amount) to ``new``."""
    path = data / "observations.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split(",")
    cells[7] = new
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def _level_row(data: Path) -> int:
    lines = (data / "observations.csv").read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines[1:], 1) if ",level," in line)


def _set_level(new: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / "observations.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        i = _level_row(data)
        cells = lines[i].split(",")
        cells[7] = new
        lines[i] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")

    return apply


def _resign(data: Path, name: str) -> None:
    """Point sources.csv's first row at ``name`` with that file's real checksum."""
    digest = hashlib.sha256((data / name).read_bytes()).hexdigest()
    path = data / "sources.csv"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"raw/000_[0-9a-f]+\.txt,[0-9a-f]{64}", f"{name},{digest}", text, count=1)
    path.write_text(text, encoding="utf-8")


#: Every case of issue 10's "Why" about data, with the text the refusal must contain.
REFUSED = {
    "units.csv missing": (_remove("units.csv"), "units.csv: file not found"),
    "labels.csv without en": (
        _drop_column("labels.csv", "en"),
        "labels.csv, column 'en': missing required column",
    ),
    'method high = "very"': (
        _replace("method.toml", "high = 0.95", 'high = "very"'),
        "status_thresholds.high': must be a number: 'very'",
    ),
    "method without Q1": (
        _replace("method.toml", "Q1 = 25.0", ""),
        "linear_benchmark.Q1': missing",
    ),
    "value 1e308": (lambda d: _first_value(d, "1e308"), "beyond max_abs = 1e+18 of limits.toml"),
    "value 1e-320": (lambda d: _first_value(d, "1e-320"), "below min_abs = 1e-06 of limits.toml"),
    "negative level": (_set_level("-5"), "a level cannot be negative"),
    "NaN value": (
        lambda d: _first_value(d, "NaN"),
        "column 'value': must be a finite number: 'NaN'",
    ),
    "NUL in a note": (_cell("observations.csv", 0, "note", "a\x00b"), "control character (U+0000)"),
    "ESC in a title": (
        _replace("sources.csv", "Hội nghị", "Hội\x1b[2J nghị"),
        "control character (U+001B)",
    ),
    "file outside the data directory": (
        lambda d: _resign(d, "/etc/hostname"),
        "column 'file': must be a path inside the data directory",
    ),
    "file through ..": (
        lambda d: _resign(d, "raw/../raw/000_0896a40e59bf8f5a.txt"),
        "must be a path inside the data directory",
    ),
    "indicator id with ../": (
        _replace("indicators.csv", "\ngrdp,", "\n../grdp,"),
        "column 'indicator': does not have the expected form",
    ),
    "indicators.csv is a directory": (
        _directory_instead("indicators.csv"),
        "indicators.csv: is a directory, not a file",
    ),
    "units template without {n}": (
        _replace("units.csv", "{n} tỷ đồng", "tỷ đồng"),
        "column 'template': must contain {n}",
    ),
    "lexicon list as a string": (
        _replace("extract_lexicon.toml", 'words = ["khu"', 'words = "khu"\nx = ["khu"'),
        "extract_lexicon.toml",
    ),
    "duplicate label key": (
        _bytes("labels.csv", lambda b: b + b.split(b"\n")[1] + b"\n"),
        "duplicate key (first at row 1)",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_validate_refuses_in_one_line_per_problem(data_copy, capsys, case):
    change, expected = REFUSED[case]
    if case == "file outside the data directory" and not Path("/etc/hostname").is_file():
        pytest.skip("no /etc/hostname on this machine")
    change(data_copy)
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert expected in err, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[-1].startswith("hpdata validate:") and "problem(s) found" in lines[-1]


#: Changes a user may make that validation tolerates; progress must still work after them.
TOLERATED = {
    "BOM on labels.csv": _bytes("labels.csv", lambda b: b"\xef\xbb\xbf" + b),
    "BOM on units.csv": _bytes("units.csv", lambda b: b"\xef\xbb\xbf" + b),
    "BOM on statuses.csv": _bytes("statuses.csv", lambda b: b"\xef\xbb\xbf" + b),
    "BOM on every CSV and TOML": lambda d: [
        (d / n).write_bytes(b"\xef\xbb\xbf" + (d / n).read_bytes())
        for n in [p.name for p in d.iterdir() if p.suffix in (".csv", ".toml")]
    ],
    "CRLF everywhere": lambda d: [
        (d / n).write_bytes((d / n).read_bytes().replace(b"\n", b"\r\n"))
        for n in [p.name for p in d.iterdir() if p.suffix in (".csv", ".toml")]
    ],
    "zero value": lambda d: _first_value(d, "0"),
    "large but allowed value": lambda d: _first_value(d, "9e17"),
}


def _works_or_refused(data: Path) -> str:
    try:
        validate(data)
    except DataError:
        return "refused"
    for lang in ("vi", "en"):
        table = progress(data, lang=lang)
        assert len(table) == 16
        assert progress_text(table, lang=lang)
    return "works"


@pytest.mark.parametrize("case", sorted(TOLERATED))
def test_tolerated_changes_validate_and_progress_works(data_copy, case):
    TOLERATED[case](data_copy)
    assert _works_or_refused(data_copy) == "works"


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_after_each_refused_change_progress_fails_in_one_line_not_a_traceback(
    data_copy, capsys, case
):
    if case == "file outside the data directory" and not Path("/etc/hostname").is_file():
        pytest.skip("no /etc/hostname on this machine")
    REFUSED[case][0](data_copy)
    code = cli.main(["progress", "--data-dir", str(data_copy)])
    err = capsys.readouterr().err
    assert code == 0 or (code in (1, 2) and err.count("\n") == 1), err


def test_one_pass_reports_the_problems_of_every_file(data_copy, capsys):
    for case in ("units template without {n}", 'method high = "very"', "NaN value"):
        REFUSED[case][0](data_copy)
    _bytes("labels.csv", lambda b: b + b"dup_key,,\n")(data_copy)
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    for file in ("units.csv", "method.toml", "observations.csv", "labels.csv"):
        assert file in err, file
    assert "4 problem(s) found" in err or "problem(s) found" in err.splitlines()[-1]


def test_duplicate_keys_are_all_reported_with_their_first_row():
    import pandas as pd

    rows = 8000
    frame = pd.DataFrame(
        {
            "source_id": ["s"] * rows,
            "indicator": ["grdp"] * rows,
            "area": ["hai-phong"] * rows,
            "kind": ["result"] * rows,
            "measure": ["level"] * rows,
            "period": ["2023"] * (rows // 2) + ["2024"] * (rows // 2),
            "bound": ["eq"] * rows,
            "value": [1.0] * rows,
            "high": [float("nan")] * rows,
            "unit": ["VND"] * rows,
            "quote": ["q"] * rows,
            "comparison": [""] * rows,
            "note": [""] * rows,
        }
    )
    problems = observation_problems("o.csv", frame)
    assert len(problems) == rows - 2
    assert problems[0].row == 2 and "first at row 1" in problems[0].message
    assert problems[-1].row == rows and f"first at row {rows // 2 + 1}" in problems[-1].message
    assert all(p.column == "period" for p in problems) and OBSERVATION_KEY[0] == "source_id"


def test_duplicates_helper_is_by_value():
    assert validators.duplicates([1, 2, 1, 3, 2]) == {3: 1, 5: 2}
