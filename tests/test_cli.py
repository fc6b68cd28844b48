"""The hpdata command: one-line errors, exit codes, --data-dir and the progress table."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hpdata import cli


def test_progress_prints_the_table(capsys):
    assert cli.main(["progress", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Progress towards the targets" in out
    assert "9.65%" in out and "at least 16% a year on average (2019–2025)" in out
    assert "VND 180 – 190 trillion (2025)" in out


def test_progress_vietnamese(capsys):
    assert cli.main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "9,65%" in out and "tối thiểu 16%" in out and "24,04 nghìn tỷ đồng" in out


def test_bad_as_of_is_one_line_exit_2(capsys):
    assert cli.main(["progress", "--as-of", "Q1/2023"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "as_of" in err[0] and "Q1/2023" in err[0]


def test_broken_data_is_one_line_exit_1(data_copy, edit_csv, capsys):
    edit_csv(data_copy / "observations.csv", lambda rows: [{**rows[0], "value": "x"}, *rows[1:]])
    assert cli.main(["progress", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "observations.csv, row 1 (line 2), column 'value': not a number: 'x'" in err[0]


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "validate" in capsys.readouterr().out


def test_global_data_dir_before_the_command(data_copy, capsys):
    assert cli.main(["--data-dir", str(data_copy), "validate"]) == 0
    assert str(data_copy.name) in capsys.readouterr().out


def test_console_script_starts_without_pandas():
    """`hpdata --help` must not import pandas (start-up stays fast)."""
    code = "import sys; from hpdata import cli; cli.build_parser(); print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_python_m_hpdata_validate():
    env = {**os.environ, "HPDATA_DATA_DIR": ""}
    out = subprocess.run(
        [sys.executable, "-m", "hpdata", "validate"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr
    assert "is valid" in out.stdout
