"""Confinement: a journal, a staging folder or a temporary file that would make recovery touch
anything outside the data directory is left alone (one line says so), and nothing is moved."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hpdata import journal
from hpdata.cli import main


def _craft(data: Path, files: list[list[str]]) -> Path:
    staging = data / journal.STAGING_NAME
    staging.mkdir()
    (staging / journal.JOURNAL_NAME).write_text(json.dumps({"files": files}), encoding="utf-8")
    return staging


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    secret = tmp_path / "victim" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("not yours", encoding="utf-8")
    return secret


def test_a_crafted_staged_name_does_not_move_a_file_from_outside(data, victim, capsys):
    """The issue's case: a staged name of ``../../../victim/secret.txt`` moved that file into
    ``raw/stolen.txt`` on a plain ``hpdata validate``."""
    rel = os.path.relpath(victim, data / journal.STAGING_NAME)
    staging = _craft(data, [[rel, "raw/stolen.txt"]])
    assert main(["validate", "--data-dir", str(data)]) == 0
    err = capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "not yours"
    assert not (data / "raw" / "stolen.txt").exists()
    assert staging.is_dir()  # left alone for a person to look at
    lines = [line for line in err.splitlines() if "left .hpdata-txn alone" in line]
    assert len(lines) == 1 and "staged name" in lines[0]


def test_a_crafted_target_does_not_write_outside(data, victim, capsys):
    staging = _craft(data, [["000", os.path.relpath(victim, data)]])
    (staging / "000").write_text("overwritten", encoding="utf-8")
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert victim.read_text(encoding="utf-8") == "not yours"
    assert "is outside the data directory" in capsys.readouterr().err
    assert (staging / "000").exists()


def test_a_target_through_a_link_out_is_refused(data, victim, capsys):
    (data / "out").symlink_to(victim.parent)
    staging = _craft(data, [["000", "out/secret.txt"]])
    (staging / "000").write_text("overwritten", encoding="utf-8")
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert victim.read_text(encoding="utf-8") == "not yours"
    assert "'out/secret.txt' is outside" in capsys.readouterr().err


def test_a_staged_link_is_not_moved_in(data, victim, capsys):
    staging = _craft(data, [["000", "raw/stolen.txt"]])
    (staging / "000").symlink_to(victim)
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert not os.path.lexists(data / "raw" / "stolen.txt")
    assert "not a regular file" in capsys.readouterr().err


def test_a_writer_refuses_while_an_untrusted_journal_stands(data, tmp_path, victim, capsys):
    _craft(data, [[os.path.relpath(victim, data / journal.STAGING_NAME), "raw/x.txt"]])
    report = tmp_path / "r.txt"
    report.write_text(
        "09:00 05/03/2024\nBáo cáo về tình hình kinh tế xã hội của tỉnh trong năm vừa qua\n"
        "Năm 2023, thu nội địa đạt 901 tỷ đồng.\n",
        encoding="utf-8",
    )
    code = main(
        ["ingest", "--area", "hai-phong", str(report), "--data-dir", str(data), "--accept", "all"]
    )
    err = capsys.readouterr().err
    assert code == 2 and "left alone by recovery" in err
    assert victim.exists()


def test_a_staging_link_is_left_alone(data, tmp_path, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / journal.JOURNAL_NAME).write_text('{"files": []}', encoding="utf-8")
    (data / journal.STAGING_NAME).symlink_to(outside)
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert "is a symbolic link" in capsys.readouterr().err
    assert (outside / journal.JOURNAL_NAME).exists()


def test_a_staging_name_that_is_a_file_does_not_block(data, capsys):
    """The issue's case: a ``.hpdata-txn`` that is a file blocked every command."""
    (data / journal.STAGING_NAME).write_text("stray", encoding="utf-8")
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert "a file where the staging folder goes" in capsys.readouterr().err
    assert not (data / journal.STAGING_NAME).exists()


def test_temporary_names_outside_or_folders_are_not_removed(data, tmp_path, capsys):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ".keep.tmp").write_text("mine", encoding="utf-8")
    real_raw = data / "raw"
    moved = tmp_path / "raw-elsewhere"
    real_raw.rename(moved)
    (data / "raw").symlink_to(outside)
    (data / ".folder.tmp").mkdir()
    assert journal.recover(data) == ""
    assert (outside / ".keep.tmp").exists() and (data / ".folder.tmp").is_dir()


def test_inside_refuses_hpdata_own_files_and_loops(data):
    for name in (".hpdata-txn/journal.json", ".hpdata.lock", "", "/etc/passwd", "raw/.."):
        with pytest.raises(ValueError, match="not a path inside"):
            journal.inside(data, name)
    (data / "loop").symlink_to(data / "loop")
    with pytest.raises(ValueError, match="not a path inside"):
        journal.inside(data, "loop/x")
