"""``hpdata ingest`` on a copy of data/ (never the real one)."""

from __future__ import annotations

import pytest

from hpdata.atomic import write_bytes as write_atomic
from hpdata.cli import main
from hpdata.errors import ParameterError
from hpdata.extract.ingest import plan
from hpdata.load import observations, sources

REPORT = """Cổng thông tin điện tử tỉnh

08:15 12/10/2024

Kinh tế - xã hội 9 tháng năm 2024 của tỉnh tiếp tục tăng trưởng khá

9 tháng năm 2024, GRDP của tỉnh tăng 8,7%; thu ngân sách nhà nước đạt 21.350 tỷ đồng, bằng 71,2% \
dự toán, tăng 5,1% so với cùng kỳ. Kim ngạch xuất khẩu ước đạt 3,25 tỷ USD. Tỷ lệ hộ nghèo còn 1,9%.
"""


@pytest.fixture
def report(write_report):
    return write_report(REPORT, "bao-cao-9-thang.txt")


def test_ingest_adds_source_raw_text_and_rows(data, report, capsys):
    code = main(
        ["ingest", "--area", "hai-phong", str(report), "--data-dir", str(data), "--accept", "all"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("new file raw/002_")
    assert "+++ observations.csv" in out
    src = sources(data)
    new = src[src["source_id"] == "2024-10-12-bao-cao-9-thang"].iloc[0]
    assert new["title"].startswith("Kinh tế - xã hội 9 tháng")
    assert (data / new["file"]).read_bytes() == report.read_bytes()
    obs = observations(data)
    added = obs[obs["source_id"] == "2024-10-12-bao-cao-9-thang"]
    assert len(added) == 5
    assert set(added["period"]) == {"2024-9M"}
    assert "Tỷ lệ hộ nghèo" in err and "no indicator matches" in err  # reported, not silent
    assert len(obs) == 34 + 5


def test_dry_run_changes_nothing(data_snapshot, data, report, capsys):
    before = data_snapshot(data)
    code = main(
        [
            "ingest",
            "--area",
            "hai-phong",
            str(report),
            "--data-dir",
            str(data),
            "--accept",
            "all",
            "--dry-run",
            "--source-id",
            "x-1",
        ]
    )
    out, _ = capsys.readouterr()
    assert code == 0
    assert "dry run: nothing written" in out
    assert "+x-1," in out
    assert data_snapshot(data) == before


def test_ingesting_the_same_file_twice_is_refused(data_snapshot, data, report, capsys):
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
    before = data_snapshot(data)
    capsys.readouterr()
    code = main(
        [
            "ingest",
            "--area",
            "hai-phong",
            str(report),
            "--data-dir",
            str(data),
            "--accept",
            "all",
            "--source-id",
            "other",
        ]
    )
    _, err = capsys.readouterr()
    assert code == 2
    assert "already ingested" in err
    assert data_snapshot(data) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x00\x01binary", "binary file"), (b"ok \xc3", "not UTF-8"), (None, "file not found")],
)
def test_bad_input_writes_nothing(data_snapshot, data, tmp_path, capsys, content, message):
    path = tmp_path / "in.txt"
    if content is not None:
        path.write_bytes(content)
    before = data_snapshot(data)
    code = main(
        ["ingest", "--area", "hai-phong", str(path), "--data-dir", str(data), "--accept", "all"]
    )
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert data_snapshot(data) == before


def test_bad_source_id_and_taken_source_id(data, report):
    with pytest.raises(ParameterError, match="lower-case"):
        plan(report, source_id="Bad Id", data_dir=data)
    with pytest.raises(ParameterError, match="already a source"):
        plan(report, source_id="hp-2023-04-27-q1", data_dir=data)


def test_no_date_anywhere_asks_for_date(data, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Năm 2023, thu nội địa đạt 900 tỷ đồng.\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="--date"):
        plan(path, data_dir=data)
    result = plan(
        path, published="2024-02-01", title="Báo cáo", data_dir=data, accept="all", area="hai-phong"
    )
    assert result.added == 1


def test_validation_failure_writes_nothing(data_snapshot, data, report, capsys):
    # Break the copy: an observation row naming an unknown source. Ingest must refuse (exit 1).
    with (data / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "nobody,hai-phong,grdp,result,growth,2023,eq,1,,percent,x,same_period_prior_year,\n"
        )
    before = data_snapshot(data)
    code = main(
        ["ingest", "--area", "hai-phong", str(report), "--data-dir", str(data), "--accept", "all"]
    )
    _, err = capsys.readouterr()
    assert code == 1
    assert "not ingested" in err
    assert data_snapshot(data) == before


def test_repeated_key_is_reported_not_duplicated(data, tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(
        "10:00 02/02/2024\nNăm 2023, thu nội địa đạt 900 tỷ đồng. "
        "Thu nội địa năm 2023 đạt 905 tỷ đồng.\n",
        encoding="utf-8",
    )
    assert (
        main(
            [
                "ingest",
                "--area",
                "hai-phong",
                str(path),
                "--data-dir",
                str(data),
                "--accept",
                "all",
                "--title",
                "Báo cáo năm",
            ]
        )
        == 0
    )
    _, err = capsys.readouterr()
    assert "same indicator, kind, measure and period" in err
    assert len(observations(data)) == 35


def test_write_atomic_replaces_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "f.csv"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]
