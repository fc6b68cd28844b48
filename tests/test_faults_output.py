"""Safe output of ``hpdata extract``: no spreadsheet formulas in CSV, no control codes on a terminal."""

from __future__ import annotations

import csv
import io

from hpdata import cli
from hpdata.extract.extractor import extract, format_table


def _extract_article(tmp_path, text: str):
    path = tmp_path / "a.txt"
    path.write_text("09:00 01/02/2024\n" + text, encoding="utf-8")
    return path


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path, capsys):
    # A figure at the start of a line gives a quote that begins with the sign before it.
    path = _extract_article(tmp_path, "Năm 2023, thu nội địa\n=900 tỷ đồng.\n-Năm 2023.\n")
    assert cli.main(["extract", str(path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["quote"] for r in rows] == ["'=900 tỷ đồng"]
    assert rows[0]["value"] == "900000000000"


def test_every_formula_prefix_is_neutralised_but_numbers_are_not():
    frame = extract("Năm 2023, thu nội địa giảm 5,5% so với cùng kỳ.", published="2024-01-01")
    for prefix in ("=", "+", "-", "@", "\t"):
        frame["note"] = prefix + "SUM(A1)"
        row = next(csv.DictReader(io.StringIO(format_table(frame), newline="")))
        assert row["note"] == "'" + prefix + "SUM(A1)"
        assert row["value"] == "-5.5"  # a negative number is a number, not a formula


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_control_characters_are_escaped_on_a_terminal(tmp_path, monkeypatch):
    path = _extract_article(tmp_path, "Năm 2023, thu \x1b]0;owned\x07nội địa đạt 900 tỷ đồng.\n")
    screen = _Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert cli.main(["extract", str(path)]) == 0
    out = screen.getvalue()
    assert "\x1b" not in out and "\x07" not in out
    assert "owned\\x07nội địa" in out


def test_control_characters_pass_through_to_a_pipe(tmp_path, capsys):
    path = _extract_article(tmp_path, "Năm 2023, thu \x1b[1mnội địa đạt 900 tỷ đồng.\n")
    assert cli.main(["extract", str(path)]) == 0
    assert "\x1b[1m" in capsys.readouterr().out  # a file gets the text as it is
