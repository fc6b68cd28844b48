"""What ``hpdata ingest`` tells a person: the review's figures written as the reports write them,
and with ``--rows``, every stored row counted as added and every refused row named, once, with
why (issue 21, command-line manners)."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest

import hpdata
from hpdata.cli import main
from hpdata.extract.ingest import review_line
from hpdata.load import observations

# Our own sentences: a target range, a level in thousands of billions, a fall, a figure elsewhere.
REPORT = """Cổng thông tin điện tử tỉnh

09:10 12/07/2025

Sáu tháng đầu năm 2025 kinh tế tăng khá

6 tháng đầu năm 2025, GRDP của tỉnh tăng 8,15%; thu ngân sách nhà nước đạt 21.345 tỷ đồng. \
Năm 2025 phấn đấu thu ngân sách đạt 120 - 135 nghìn tỷ đồng. Tổng kim ngạch xuất khẩu đạt \
7,25 tỷ USD, giảm 4,75% so với cùng kỳ. Cả nước GRDP tăng 6,9%.
"""

ARGS = ["ingest", "--area", "hai-phong", "--source-id", "t-manners"]


@pytest.fixture
def report(write_report) -> Path:
    return write_report(REPORT, "sau-thang-2025.txt")


def review(report: Path, data: Path, capsys, *extra: str) -> list[str]:
    """The review lines ``hpdata ingest`` prints without an accept."""
    assert main([*ARGS, str(report), "--data-dir", str(data), *extra]) == 0
    return [line.strip() for line in capsys.readouterr().out.splitlines() if line[:3] == "  ["]


def test_the_review_writes_a_range_whole_in_the_reports_style(report, data, capsys) -> None:
    vi = review(report, data, capsys)
    en = review(report, data, capsys, "--lang", "en")
    target = [line for line in vi if " · target · " in line]
    assert len(target) == 1 and "· 120 – 135 nghìn tỷ đồng ·" in target[0]
    assert any("· VND 120 – 135 trillion ·" in line for line in en)
    # Every digit read is shown (not rounded to four significant ones), with the locale's marks.
    assert any("· 21,345 nghìn tỷ đồng ·" in line for line in vi)
    assert any("· VND 21.345 trillion ·" in line for line in en)
    assert any("· 7,25 tỷ USD ·" in line for line in vi)
    assert any("· −4,75% ·" in line for line in vi) and any("· −4.75% ·" in line for line in en)
    for line in vi + en:
        assert "000,000" not in line and "percent" not in line and " -4" not in line


def test_a_unit_without_a_format_is_still_shown_in_full() -> None:
    row = {"confidence": "high", "indicator": "x", "kind": "result", "measure": "level"}
    row |= {"period": "2025", "value": 1250.5, "unit": "widgets", "sentence": "s"}
    assert "· 1250.5 widgets ·" in review_line(row)


def test_the_review_refuses_an_unknown_language(report, data, capsys) -> None:
    with pytest.raises(hpdata.ParameterError, match="lang 'fr'"):
        hpdata.extract.ingest.plan(report, data_dir=data, area="hai-phong", lang="fr")


def test_extract_imports_no_higher_floor_and_the_number_style_is_core() -> None:
    """The review uses the reports' number style without importing analysis or report: the
    style lives in the core, which imports nothing above it."""
    root = Path(hpdata.__file__).parent
    floors = ("analysis", "report", "extract", "exports", "cli")
    checks = [(p, ("analysis", "report")) for p in (root / "extract").rglob("*.py")]
    checks.append((root / "numberstyle.py", floors))
    for path, above in checks:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                name = node.module or ""
                assert not set(name.split(".")) & set(above), f"{path.name} imports {name}"


def extracted(report: Path, capsys) -> list[dict[str, str]]:
    assert main(["extract", str(report)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def give_back(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_rows_given_back_edited_are_added_and_each_refused_row_is_named(
    report, data, tmp_path, capsys
) -> None:
    table = extracted(report, capsys)
    by_quote = {row["quote"]: row for row in table}
    level = next(r for r in table if r["indicator"] == "budget_revenue" and r["kind"] == "result")
    level["period"] = "2025-M06"  # edited: stored as edited, so not "not accepted"
    growth = next(r for r in table if r["indicator"] == "grdp")
    growth["value"] = "8.2"  # edited value
    exports = next(r for r in table if r["indicator"] == "exports" and r["measure"] == "level")
    exports["period"] = ""  # made unusable: refused, naming the row
    removed = next(r for r in table if r["indicator"] == "exports" and r["measure"] == "growth")
    given = [r for r in table if r is not removed]
    rows = give_back(given, tmp_path / "rows.csv")

    assert main([*ARGS, str(report), "--data-dir", str(data), "--rows", str(rows)]) == 0
    captured = capsys.readouterr()
    stored = observations(data).query("source_id == 't-manners'")
    refused = [line for line in captured.err.splitlines() if "not added" in line]
    usable = [r for r in given if r["indicator"] and r["period"]]
    assert len(stored) == len(usable)
    assert f"with {len(stored)} observation(s) (from {len(given)} row(s) of rows.csv)" in (
        captured.out
    )
    assert "2025-M06" in set(stored["period"]) and 8.2 in set(stored["value"])
    # One line per row left out: the two unusable rows of the table by number, the removed one.
    assert len(refused) == len(given) - len(usable) + 1
    number = given.index(exports) + 1
    assert any(f"rows.csv, row {number}: {exports['quote']!r}: no period" in x for x in refused)
    nobody = next(i for i, r in enumerate(given, 1) if not r["indicator"])
    assert any(f"rows.csv, row {nobody}: " in x and "no indicator" in x for x in refused)
    assert any(repr(removed["quote"]) in x and "not in rows.csv" in x for x in refused)
    for quote in (level["quote"], growth["quote"]):  # stored rows are never "not added"
        assert not any(repr(quote) in line for line in refused), by_quote[quote]
