"""The review step of ``hpdata ingest``: nothing is stored without an accept; only accepted rows
are written, together with their source, as one transaction."""

from __future__ import annotations

import csv
import io

import pytest

from hpdata import journal
from hpdata.cli import main
from hpdata.extract.ingest import ingest
from hpdata.load import observations, sources

# Our own sentences: one row the extractor is sure of (GRDP growth), one whose indicator it
# inherits from the figure before (share of plan: medium), one about the whole country (low).
REPORT = """Cổng thông tin điện tử tỉnh

07:45 08/07/2024

Kinh tế 6 tháng đầu năm 2024 giữ đà tăng

6 tháng đầu năm 2024, GRDP của tỉnh tăng 7,4%; thu ngân sách nhà nước đạt 13.120 tỷ đồng, bằng \
52,6% dự toán. Cả nước GRDP tăng 6,4%.
"""


@pytest.fixture
def report(write_report):
    return write_report(REPORT, "bao-cao-6-thang.txt")


def new_rows(data):
    obs = observations(data)
    return obs[obs["source_id"] == "t-review"]


def test_without_an_accept_nothing_is_stored_and_the_rows_are_shown_uncertain_first(
    data_snapshot, data, report, capsys
):
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
                "--source-id",
                "t-review",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert data_snapshot(data) == before
    lines = [line.strip() for line in out.splitlines() if line.startswith("  [")]
    confidences = [line[1 : line.index("]")] for line in lines]
    assert confidences == sorted(confidences, key=["low", "medium", "high"].index)
    assert confidences[0] == "low" and confidences[-1] == "high"
    assert "«Cả nước GRDP tăng 6,4%.»" in out  # each row with its sentence
    assert "nothing stored" in out and "--accept" in out


def test_accept_confident_writes_the_sure_rows_and_lists_the_refused_ones(data, report, capsys):
    args = [
        "ingest",
        "--area",
        "hai-phong",
        str(report),
        "--data-dir",
        str(data),
        "--source-id",
        "t-review",
    ]
    assert main([*args, "--accept", "confident"]) == 0
    err = capsys.readouterr().err
    rows = new_rows(data)
    assert set(zip(rows["indicator"], rows["measure"], strict=True)) == {
        ("grdp", "growth"),
        ("budget_revenue", "level"),
    }
    assert "'bằng 52,6% dự toán': not accepted (confidence medium" in err
    assert "t-review" in set(sources(data)["source_id"])
    # Committed as one transaction: no staging folder or temporary file is left.
    assert not (data / journal.STAGING_NAME).exists()
    assert not list(data.rglob(".*.tmp"))


def test_accept_all_also_writes_the_inherited_row_but_never_one_without_indicator(data, report):
    args = [
        "ingest",
        "--area",
        "hai-phong",
        str(report),
        "--data-dir",
        str(data),
        "--source-id",
        "t-review",
    ]
    assert main([*args, "--accept", "all"]) == 0
    rows = new_rows(data)
    assert ("budget_revenue", "share_of_plan") in set(
        zip(rows["indicator"], rows["measure"], strict=True)
    )
    assert (rows["indicator"] != "").all() and len(rows) == 3


def test_an_edited_table_given_back_is_stored_as_edited(data, report, tmp_path, capsys):
    assert main(["extract", str(report)]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    kept = [r for r in table if r["measure"] != "share_of_plan" and r["indicator"]]
    kept[0]["note"] = "checked by hand"
    edited = tmp_path / "rows.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(kept)
    args = [
        "ingest",
        "--area",
        "hai-phong",
        str(report),
        "--data-dir",
        str(data),
        "--source-id",
        "t-review",
    ]
    assert main([*args, "--rows", str(edited)]) == 0
    rows = new_rows(data)
    assert len(rows) == len(kept) == 2
    assert "share_of_plan" not in set(rows["measure"])
    assert "checked by hand" in set(rows["note"])


def test_rows_file_that_cannot_be_read_is_one_line(data_snapshot, data, report, tmp_path, capsys):
    args = [
        "ingest",
        "--area",
        "hai-phong",
        str(report),
        "--data-dir",
        str(data),
        "--rows",
        str(tmp_path / "no.csv"),
    ]
    before = data_snapshot(data)
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no.csv" in err
    assert data_snapshot(data) == before


def test_the_python_api_stores_nothing_by_default(data_snapshot, data, report):
    before = data_snapshot(data)
    result = ingest(report, data_dir=data, area="hai-phong", out=io.StringIO(), err=io.StringIO())
    assert not result.accepted and result.review
    assert data_snapshot(data) == before
