"""Command-line manners: strict JSON (``null``, never ``NaN``), ``--quiet`` and ``--verbose`` on
every command, text tables that fit the terminal."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from hpdata import jsonout
from hpdata.cli import build_parser, main

#: A report of our own (made-up figures): a level and a growth in one sentence.
REPORT = "10:15 12/11/2024\nChín tháng, kim ngạch xuất khẩu đạt 1.234 triệu USD, tăng 7,5%.\n"


def strict_loads(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"not strict JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)


# --- strict JSON ------------------------------------------------------------------------------


def test_strict_json_writes_null_for_every_missing_number() -> None:
    import numpy as np
    import pandas as pd

    value = {"a": math.nan, "b": [np.float64("inf"), np.int64(3)], "c": pd.NA, "d": pd.NaT}
    assert strict_loads(jsonout.dumps(value)) == {"a": None, "b": [None, 3], "c": None, "d": None}
    with pytest.raises(ValueError, match="NaN"):
        jsonout.loads("[NaN]")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_progress_json_is_strict(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["progress", "--format", "json", "--lang", lang], capsys)
    assert code == 0
    rows = strict_loads(out)
    assert len(rows) == 16 and any(r["progress_ratio"] is None for r in rows)


def test_extract_json_is_strict(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["extract", str(report), "--format", "json"], capsys)
    assert code == 0 and "NaN" not in out
    rows = strict_loads(out)
    assert rows and all(r["high"] is None for r in rows)


def test_export_datapackage_json_is_strict(tmp_path: Path) -> None:
    assert main(["export", "--format", "datapackage", "--out", str(tmp_path), "-q"]) == 0
    assert strict_loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))


# --- --quiet and --verbose --------------------------------------------------------------------


@pytest.mark.parametrize("command", commands())
def test_every_command_takes_quiet_and_verbose(command: str) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    options = {o for a in sub._actions for o in a.option_strings}
    assert {"-q", "--quiet", "-v", "--verbose"} <= options


def test_quiet_and_verbose_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["validate", "--quiet", "--verbose"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def _both(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[tuple, tuple]:
    return run([*argv, "--quiet"], capsys), run([*argv, "--verbose"], capsys)


def _verbose(err: str, command: str) -> None:
    assert f"hpdata {command}: data directory" in err
    assert f"hpdata {command}: done in" in err and "(exit 0)" in err


def test_validate_quiet_and_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, err), (vcode, vout, verr) = _both(["validate"], capsys)
    assert code == 0 and out == "" and err == ""
    assert vcode == 0 and "is valid" in vout
    _verbose(verr, "validate")


def test_progress_quiet_keeps_the_data(capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, err), (_, vout, verr) = _both(["progress", "--format", "csv"], capsys)
    assert code == 0 and out.startswith("indicator,") and err == ""
    assert vout == out
    _verbose(verr, "progress")


def test_extract_quiet_and_verbose(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, err), (_, vout, verr) = _both(["extract", str(report)], capsys)
    assert code == 0 and out.startswith("source_id,") and err == ""
    assert vout == out
    _verbose(verr, "extract")


def test_ingest_quiet_and_verbose(report: Path, data_copy: Path, capsys) -> None:
    argv = ["ingest", str(report), "--data-dir", str(data_copy), "--area", "hai-phong"]
    (code, out, _), (_, vout, verr) = _both(argv, capsys)
    assert code == 0 and out == ""
    assert "to review" in vout
    _verbose(verr, "ingest")


def test_migrate_quiet_and_verbose(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (code, out, err), (_, vout, verr) = _both(["migrate", "--data-dir", str(data_copy)], capsys)
    assert code == 0 and out == "" and err == ""
    assert "up to date" in vout
    _verbose(verr, "migrate")


def test_export_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["export", "--format", "parquet", "--out", str(tmp_path)]
    (code, out, err), (_, vout, verr) = _both(argv, capsys)
    assert code == 0 and out == "" and err == ""
    assert "wrote 5 parquet file(s)" in vout
    assert verr.count("hpdata export: wrote ") == 5
    _verbose(verr, "export")


@pytest.mark.slow
def test_render_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "render",
        "--out",
        str(tmp_path),
        "--only",
        "sources.hp-2023-04-27-q1.en",
        "--lang",
        "en",
    ]
    code, out, _ = run([*argv, "--quiet"], capsys)
    assert code == 0 and out == ""
    assert (tmp_path / "sources.hp-2023-04-27-q1.en.html").is_file()
    code, out, err = run([*argv, "--verbose"], capsys)
    assert code == 0 and "0 rendered, 1 cached, 0 failed" in out
    _verbose(err, "render")


# --- text tables that fit ---------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_progress_text_fits_the_terminal(columns: int, monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = run(["progress", "--lang", "en"], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= columns
    assert "hpdata progress --format csv" in out
    assert "Status" in out and "Gross regional" in out


def test_a_narrow_table_keeps_the_most_important_columns() -> None:
    import pandas as pd

    from hpdata.texttable import fit

    frame = pd.DataFrame({"name": ["x" * 40, "y"], "a": ["1", "2"], "b": ["3", "4"]})
    body, hidden = fit(frame, 18, ["name", "b"], shorten="name")
    assert hidden == ["a"] and max(map(len, body.splitlines())) <= 18 and "…" in body
    body, hidden = fit(frame, 10, ["name"], shorten="name")
    assert hidden == ["a", "b"] and max(map(len, body.splitlines())) <= 10


def test_a_wide_terminal_shows_every_column(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    code, out, _ = run(["progress", "--lang", "en"], capsys)
    assert code == 0 and "--format csv" not in out and "Annual plan pace" in out


def test_a_pipe_without_columns_gets_every_column(monkeypatch) -> None:
    import io

    from hpdata.texttable import terminal_width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width(io.StringIO()) is None
    monkeypatch.setenv("COLUMNS", "66")
    assert terminal_width(io.StringIO()) == 66
