"""``hpdata extract``: output formats, base units, and bad input (exit 2, one line, no output)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hpdata import paths
from hpdata.cli import main
from hpdata.extract.bench import corpus
from hpdata.extract.bench import main as bench_main
from hpdata.extract.extractor import COLUMNS, extract_files, format_table, slug
from hpdata.load import observations

RAW = sorted((paths.DEFAULT_DATA_DIR / "raw").glob("*.txt"))
REPORT = "09:30 05/10/2024\nQuý III, thu nội địa đạt 4.250 tỷ đồng, tăng 3,5%.\n"


def run(argv, capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_extract_csv_of_both_articles_has_the_curated_count_and_base_units(capsys):
    code, out, err = run(["extract", *map(str, RAW)], capsys)
    assert code == 0, err
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == COLUMNS
    assert len(table) == len(observations())
    revenue = [r for r in table if r["quote"].startswith("Thu ngân sách Nhà nước đạt")]
    assert revenue[0]["value"] == "24042000000000"
    assert revenue[0]["source_id"] == "hp-2023-04-27-q1"  # known file: its source id


def test_extract_json(capsys, tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT, encoding="utf-8")
    code, out, _ = run(["extract", str(path), "--format", "json"], capsys)
    assert code == 0
    records = json.loads(out)
    assert [r["measure"] for r in records] == ["level", "growth"]
    assert records[0]["value"] == 4250000000000
    assert records[0]["high"] is None
    assert records[0]["source_id"] == "bao-cao"
    assert records[0]["period"] == "2024-Q3"


def test_extract_date_option_overrides_the_header(capsys, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    code, out, _ = run(["extract", str(path), "--date", "2025-01-10"], capsys)
    assert code == 0
    assert ",2025-Q3," in out


def test_empty_file_gives_a_header_and_exit_0(capsys, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, err = run(["extract", str(path)], capsys)
    assert (code, err) == (0, "")
    assert out == ",".join(COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"thu \xff\xfe ng\xc3\xa2n", "not UTF-8 (byte 4 is 0xff)"),
        (b"GIF89a\x00\x01\x00", "a GIF image"),
        (b"thu \x00\x01 ng\xc3\xa2n", "binary file"),
        (None, "file not found"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_output(capsys, tmp_path, content, message):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    code, out, err = run(["extract", str(good), str(bad)], capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert "bad.txt" in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_bad_date_is_exit_2(capsys, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    code, out, err = run(["extract", str(path), "--date", "05/10/2024"], capsys)
    assert (code, out) == (2, "")
    assert "--date" in err


def test_format_table_rejects_an_unknown_format():
    from hpdata.errors import ParameterError

    with pytest.raises(ParameterError, match="xml"):
        format_table(extract_files([]), "xml")


def test_extract_files_of_nothing_is_empty():
    assert extract_files([]).empty


def test_slug_is_a_valid_source_id():
    assert slug("Đề án Quý I.txt") == "de-an-quy-i-txt"
    assert slug("***") == "source"


def test_corpus_repeats_the_articles_to_the_size():
    text = corpus(0.1)
    assert 50_000 < len(text.encode("utf-8")) < 150_000


def test_bench_entry_prints_the_figure(capsys):
    assert bench_main(["--megabytes", "0.05", "--sizes", "0.01,0.02"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("extract throughput (hpdata.extract)")
    assert "MB/s" in lines[0]
    scaling = [line for line in lines if line.startswith("extract s/MB, ")]
    assert len(scaling) == 3
    assert all("0.01 MB " in line and "| 0.02 MB " in line for line in scaling)
