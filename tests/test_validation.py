"""Validation on every load: a broken file raises DataError naming file, row, column and value."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import hpdata
from hpdata import cli
from hpdata.errors import DataError


def _error(data_dir: Path, loader=hpdata.observations) -> DataError:
    with pytest.raises(DataError) as info:
        loader(data_dir)
    return info.value


def _set(rows, index, **changes):
    rows[index].update(changes)
    return rows


def test_valid_copy_loads(data_copy):
    assert len(hpdata.observations(data_copy)) == len(hpdata.observations())


def test_wrong_type_names_file_row_column_value(data_copy, edit_csv):
    edit_csv(data_copy / "observations.csv", lambda rows: _set(rows, 4, value="24,042"))
    message = str(_error(data_copy))
    assert "observations.csv" in message
    assert "row 5" in message
    assert "'value'" in message
    assert "24,042" in message
    assert "not a number" in message


def test_unknown_indicator(data_copy, edit_csv):
    edit_csv(data_copy / "observations.csv", lambda rows: _set(rows, 2, indicator="gdp"))
    error = _error(data_copy)
    [problem] = error.problems
    assert (problem.row, problem.column, problem.value) == (3, "indicator", "gdp")
    assert problem.file.endswith("observations.csv")


def test_duplicate_key(data_copy, edit_csv):
    def duplicate(rows):
        return [*rows, dict(rows[10])]

    edit_csv(data_copy / "observations.csv", duplicate)
    error = _error(data_copy)
    [problem] = error.problems
    assert problem.row == 35
    assert problem.column == "period"
    assert "duplicate key" in problem.message
    assert "first at row 11" in problem.message


def test_edited_raw_text_fails_the_checksum(data_copy):
    raw = data_copy / "raw" / "001_6abee4320151bafc.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("9,65%", "9,56%"), encoding="utf-8")
    error = _error(data_copy)
    [problem] = error.problems
    assert problem.file.endswith("sources.csv")
    assert (problem.row, problem.column) == (2, "sha256")
    assert "does not match raw/001_6abee4320151bafc.txt" in problem.message


def test_quote_not_in_source(data_copy, edit_csv):
    # Edit the text and re-sign it: the checksum passes, the quote no longer matches.
    raw = data_copy / "raw" / "001_6abee4320151bafc.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("9,65%", "9,56%"), encoding="utf-8")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    edit_csv(data_copy / "sources.csv", lambda rows: _set(rows, 1, sha256=digest))
    error = _error(data_copy)
    [problem] = error.problems
    assert (problem.row, problem.column) == (13, "quote")
    assert problem.value == "GRDP thành phố tăng 9,65%"


@pytest.mark.parametrize(
    ("row", "changes", "column", "message"),
    [
        (0, {"high": "7"}, "high", "not 'range'"),
        (4, {"high": "1"}, "high", "is below value"),
        (4, {"high": ""}, "high", "a range needs its high end"),
        (2, {"comparison": ""}, "comparison", "needs a comparison"),
        (0, {"unit": "VND"}, "unit", "is in 'percent'"),
        (3, {"unit": "percent"}, "unit", "a level is not in 'percent'"),
        (0, {"kind": "goal"}, "kind", "not an allowed value"),
        (0, {"period": "2025Q1"}, "period", "expected form"),
        (0, {"bound": "around"}, "bound", "not an allowed value"),
        (0, {"source_id": "elsewhere"}, "source_id", "not an allowed value"),
        (0, {"quote": ""}, "quote", "must not be empty"),
        (0, {"value": "inf"}, "value", "finite"),
        (5, {"comparison": "annual_average"}, "comparison", "not used with 'level'"),
    ],
)
def test_rules(data_copy, edit_csv, row, changes, column, message):
    edit_csv(data_copy / "observations.csv", lambda rows: _set(rows, row, **changes))
    problems = _error(data_copy).problems
    assert any(p.row == row + 1 and p.column == column and message in str(p) for p in problems), [
        str(p) for p in problems
    ]


def test_indicators_file_is_validated(data_copy, edit_csv):
    edit_csv(data_copy / "indicators.csv", lambda rows: _set(rows, 3, unit="dollars"))
    [problem] = _error(data_copy, hpdata.indicators).problems
    assert (problem.row, problem.column, problem.value) == (4, "unit", "dollars")


def test_sources_file_is_validated(data_copy, edit_csv):
    edit_csv(data_copy / "sources.csv", lambda rows: _set(rows, 0, published="11/07/2019"))
    [problem] = _error(data_copy, hpdata.sources).problems
    assert (problem.row, problem.column, problem.value) == (1, "published", "11/07/2019")


def test_missing_raw_file(data_copy):
    (data_copy / "raw" / "000_0896a40e59bf8f5a.txt").unlink()
    [problem] = _error(data_copy, hpdata.sources).problems
    assert (problem.row, problem.column) == (1, "file")


def test_missing_column_and_unexpected_column(data_copy):
    path = data_copy / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(",note,", ",notes,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = _error(data_copy).problems
    assert {(p.column, p.message.split(" (")[0]) for p in problems} == {
        ("note", "missing required column"),
        ("notes", "unexpected column"),
    }


def test_not_utf8_names_the_byte(data_copy):
    path = data_copy / "indicators.csv"
    data = path.read_bytes()
    path.write_bytes(data[:50] + b"\xff" + data[50:])
    [problem] = _error(data_copy, hpdata.indicators).problems
    assert "not UTF-8 (byte 50 is 0xff)" in str(problem)


def test_not_a_csv(data_copy):
    (data_copy / "observations.csv").write_text('a,b\n"unterminated\n', encoding="utf-8")
    assert "not a readable CSV" in str(_error(data_copy))


def test_nfd_input_is_normalised(data_copy):
    import unicodedata

    path = data_copy / "observations.csv"
    path.write_text(unicodedata.normalize("NFD", path.read_text("utf-8")), encoding="utf-8")
    obs = hpdata.observations(data_copy)
    assert unicodedata.is_normalized("NFC", "".join(obs.quote))
    assert len(obs) == len(hpdata.observations())


def test_env_var_points_at_another_dataset(data_copy, edit_csv, monkeypatch):
    edit_csv(data_copy / "observations.csv", lambda rows: rows[:20])
    monkeypatch.setenv("HPDATA_DATA_DIR", str(data_copy))
    assert len(hpdata.observations()) == 20
    monkeypatch.delenv("HPDATA_DATA_DIR")
    assert len(hpdata.observations()) == 34


def test_cache_sees_edits(data_copy, edit_csv):
    assert len(hpdata.observations(data_copy)) == 34
    edit_csv(data_copy / "observations.csv", lambda rows: rows[:-1])
    assert len(hpdata.observations(data_copy)) == 33


def test_loads_never_write_to_data():
    data = hpdata.paths.DEFAULT_DATA_DIR

    def snapshot():
        return {
            p: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(data.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    hpdata.validate()
    hpdata.progress()
    hpdata.progress(lang="en")
    assert snapshot() == before


def test_validate_lists_problems_without_cascading(data_copy, edit_csv, capsys):
    edit_csv(data_copy / "observations.csv", lambda rows: _set(rows, 0, value="x"))
    edit_csv(data_copy / "indicators.csv", lambda rows: _set(rows, 1, higher_is_better="yes"))
    code = cli.main(["validate", "--data-dir", str(data_copy)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert any("indicators.csv, row 2" in line and "'higher_is_better'" in line for line in err)
    assert any("observations.csv" in line for line in err) is False  # stopped at indicators
    assert err[-1] == "hpdata validate: 1 problem(s) found"


def test_validate_ok(capsys):
    assert cli.main(["validate"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "34 observations" in out[0]
