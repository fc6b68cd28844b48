"""No spreadsheet formula leaves hpdata: every CSV it writes goes through :mod:`hpdata.csvfile`,
and text that would start a formula is neutralised or refused at ingest."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from hpdata import csvfile
from hpdata.cli import main
from hpdata.load import observations, sources

#: Formula-like texts of the kinds the issue found kept byte for byte.
ATTACKS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+cmd", "-2+3"]


def _poison(data: Path, edit_csv) -> None:
    """Put a formula-like text in every free-text column of the data that validation accepts
    with any text (quotes must stay verbatim, so they are left)."""

    def sources_(rows):
        for i, row in enumerate(rows):
            for j, column in enumerate(("title", "title_en", "publisher", "publisher_en", "note")):
                row[column] = ATTACKS[(i + j) % len(ATTACKS)] + " " + row[column]
        return rows

    def indicators_(rows):
        for i, row in enumerate(rows):
            for j, column in enumerate(("name_vi", "name_en", "definition_vi", "definition_en")):
                row[column] = ATTACKS[(i + j) % len(ATTACKS)] + " " + row[column]
        return rows

    def observations_(rows):
        for i, row in enumerate(rows):
            row["note"] = ATTACKS[i % len(ATTACKS)] + " " + row["note"]
            row["note_vi"] = ATTACKS[(i + 1) % len(ATTACKS)] + " " + row["note_vi"]
        return rows

    edit_csv(data / "sources.csv", sources_)
    edit_csv(data / "indicators.csv", indicators_)
    edit_csv(data / "observations.csv", observations_)


def _audit(files: list[Path]) -> dict[str, list]:
    return {str(f): csvfile.formula_cells(f.read_bytes()) for f in files}


def test_the_writer_neutralises_text_and_keeps_numbers():
    import pandas as pd

    frame = pd.DataFrame(
        {"value": [-9.46, 24042000000000.0], "text": ["=HYPERLINK(1)", "-9,46"], "n": [1, 2]}
    )
    out = csvfile.frame_text(frame)
    assert csvfile.formula_cells(out) == []
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1] == ["-9.46", "'=HYPERLINK(1)", "1"]
    assert rows[2][1] == "-9,46"  # a number in the Vietnamese convention stays a number
    for attack in [*ATTACKS, "\tx", "\r=1"]:
        assert csvfile.starts_formula(attack) and not csvfile.starts_formula(csvfile.inert(attack))
        assert csvfile.plain(csvfile.inert(attack)) == attack


def test_progress_csv_is_spreadsheet_safe(data, edit_csv, capsys):
    _poison(data, edit_csv)
    assert main(["progress", "--data-dir", str(data), "--format", "csv", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert csvfile.formula_cells(out) == []
    assert "'=HYPERLINK" in out or "'@SUM" in out  # the names were poisoned, and neutralised


def _article(tmp_path: Path, first_line: str) -> Path:
    report = tmp_path / "r.txt"
    report.write_text(
        f"09:00 05/03/2024\n{first_line}\nNăm 2023, thu nội địa đạt 901 tỷ đồng.\n",
        encoding="utf-8",
    )
    return report


def test_a_formula_title_from_the_article_is_neutralised_at_ingest(data, tmp_path):
    title = '=HYPERLINK("http://x") báo cáo tình hình kinh tế xã hội của tỉnh năm qua'
    report = _article(tmp_path, title)
    assert (
        main(
            [
                "ingest",
                "--area",
                "hai-phong",
                str(report),
                "--data-dir",
                str(data),
                "--accept",
                "all",
            ]
        )
        == 0
    )
    stored = sources(data)["title"].iloc[-1]
    assert stored.startswith("HYPERLINK") and not csvfile.starts_formula(stored)
    assert csvfile.formula_cells((data / "sources.csv").read_bytes()) == []


def test_a_formula_title_given_is_refused(data, tmp_path, capsys, data_snapshot):
    report = _article(tmp_path, "Báo cáo tình hình kinh tế xã hội của tỉnh trong năm vừa qua")
    before = data_snapshot(data)
    args = [
        "ingest",
        "--area",
        "hai-phong",
        str(report),
        "--data-dir",
        str(data),
        "--accept",
        "all",
    ]
    assert main([*args, "--title", "@SUM(A1)"]) == 2
    assert "would start a spreadsheet formula" in capsys.readouterr().err
    assert data_snapshot(data) == before


def test_a_formula_note_in_rows_is_refused(data, tmp_path, capsys, data_snapshot):
    report = _article(tmp_path, "Báo cáo tình hình kinh tế xã hội của tỉnh trong năm vừa qua")
    assert main(["extract", str(report), "--data-dir", str(data)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    rows[0]["note"] = "=cmd|' /C calc'!A0"
    edited = tmp_path / "rows.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = data_snapshot(data)
    assert (
        main(
            [
                "ingest",
                "--area",
                "hai-phong",
                str(report),
                "--data-dir",
                str(data),
                "--rows",
                str(edited),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "row 1, column 'note'" in err and "spreadsheet formula" in err
    assert data_snapshot(data) == before
    assert len(observations(data)) == 34


@pytest.mark.slow
def test_every_csv_the_render_writes_is_spreadsheet_safe(data, edit_csv, tmp_path):
    """The issue's case: the reports' CSV downloads and ``reports/data/`` kept ``=HYPERLINK``,
    ``=cmd|``, ``@SUM`` and ``+`` cells byte for byte. Every CSV file under the output folder is
    audited, and negative figures stay numbers."""
    _poison(data, edit_csv)
    out = tmp_path / "out"
    only = "overview.*,indicator.budget_revenue.*,sources.hp-2023-04-27-q1.*"
    command = [sys.executable, "-m", "hpdata", "render", "--data-dir", str(data), "--out"]
    command += [str(out), "--lang", "en", "--only", only, "--jobs", "1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    files = sorted(out.rglob("*.csv"))
    names = {f.relative_to(out).as_posix() for f in files}
    assert {"data/sources.csv", "data/indicators.csv", "data/observations.csv"} <= names
    assert sum(1 for n in names if n.startswith("figures/")) >= 3  # a download per page
    assert _audit(files) == {str(f): [] for f in files}
    copy = list(csv.DictReader(io.StringIO((out / "data/observations.csv").read_text("utf-8"))))
    assert "-9.46" in {row["value"] for row in copy}
    assert any(row["note"].startswith("'=HYPERLINK") for row in copy)
