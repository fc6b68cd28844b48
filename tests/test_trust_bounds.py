"""Bounds: regular files only (refused before reading, never blocking), sizes from limits.toml,
a screenful of messages per kind, ids and parameters within their ranges, and nothing left behind
by a killed ingest or a second Ctrl-C."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from hpdata import journal
from hpdata.cli import main
from hpdata.extract.ingest import ingest
from hpdata.load import observations, sources

FORK = multiprocessing.get_context("fork")
ARTICLE = (
    "09:00 05/03/2024\nBáo cáo về tình hình kinh tế xã hội của tỉnh trong năm vừa qua\n"
    "Năm 2023, thu nội địa đạt 901 tỷ đồng. GRDP năm 2023 tăng 5,2%.\n"
)


class Blocked(BaseException):
    """Raised by :func:`no_hang` (not an ``OSError``, which the CLI would print and go on)."""


@pytest.fixture
def no_hang():
    """Fail the test instead of hanging when a read blocks (a named pipe)."""

    def expired(signum, frame):
        raise Blocked("a read waited on a pipe")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "r.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _ingest(data: Path, *extra: str) -> int:
    return main(["ingest", "--area", "hai-phong", *extra, "--data-dir", str(data)])


def test_a_named_pipe_as_an_article_is_refused_without_blocking(data, tmp_path, capsys, no_hang):
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)
    assert _ingest(data, str(pipe), "--accept", "all") == 2
    assert main(["extract", str(pipe)]) == 2
    err = capsys.readouterr().err
    assert err.count("is a named pipe, not a regular file") == 2
    assert main(["extract", "/dev/zero"]) == 2
    assert "character device" in capsys.readouterr().err


def test_a_named_pipe_standing_as_observations_is_refused(data, capsys, no_hang):
    (data / "observations.csv").unlink()
    os.mkfifo(data / "observations.csv")
    for command in (["validate"], ["progress"]):
        assert main([*command, "--data-dir", str(data)]) == 2
        assert "observations.csv (a named pipe)" in capsys.readouterr().err
    from hpdata.files import read_text

    with pytest.raises(Exception, match="named pipe"):  # the library refuses it too
        read_text(data / "observations.csv")


def test_a_huge_article_is_refused_before_reading(data, tmp_path, capsys, data_snapshot):
    """The issue's case: a 50 MB article took 175 s and 1.96 GB, and wrote 50 MB to raw/."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: 50 MB long, nothing written
    before = data_snapshot(data)
    assert _ingest(data, str(huge), "--accept", "all") == 2
    err = capsys.readouterr().err
    assert "is 50.0 MB, more than the limit of 2.0 MB ([files] article_bytes" in err
    assert len(err.splitlines()) == 1
    assert data_snapshot(data) == before


def test_the_limits_come_from_limits_toml(data, article, capsys):
    with (data / "limits.toml").open("a", encoding="utf-8") as fh:
        fh.write("")  # the tables exist; lower one
    text = (data / "limits.toml").read_text(encoding="utf-8")
    (data / "limits.toml").write_text(
        text.replace("article_bytes = 2_000_000", "article_bytes = 100"), encoding="utf-8"
    )
    assert main(["extract", str(article), "--data-dir", str(data)]) == 2
    assert "limit of 100 bytes" in capsys.readouterr().err


def test_a_huge_rows_file_is_refused_in_one_line(data, article, tmp_path, capsys):
    """The issue's case: a 50 MB ``--rows`` file printed 234,742 lines."""
    rows = tmp_path / "rows.csv"
    with rows.open("wb") as fh:
        fh.truncate(50_000_000)
    assert _ingest(data, str(article), "--rows", str(rows)) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "rows_bytes" in err


def _rows(tmp_path: Path, article: Path, capsys, change) -> Path:
    assert main(["extract", str(article)]) == 0
    lines = capsys.readouterr().out.splitlines(keepends=True)
    path = tmp_path / "rows.csv"
    path.write_text("".join(change(lines)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda lines: lines[:1], "no row with an indicator", id="header only"),
        pytest.param(lambda lines: [*lines, lines[-1]], "rows 2 and 3: the same", id="duplicate"),
        pytest.param(
            lambda lines: [*lines, lines[-1].replace("2023", "2022").replace("5,2", "7,1")],
            "is not in this article",
            id="extra",
        ),
    ],
)
def test_rows_that_store_nothing_or_twice_or_elsewhere_are_refused(
    data, article, tmp_path, capsys, data_snapshot, change, message
):
    rows = _rows(tmp_path, article, capsys, change)
    before = data_snapshot(data)
    assert _ingest(data, str(article), "--rows", str(rows)) == 2
    assert message in capsys.readouterr().err
    assert data_snapshot(data) == before


def test_a_screenful_of_messages_per_kind(data, capsys):
    lines = (data / "observations.csv").read_text(encoding="utf-8").splitlines()
    bad = [lines[1].replace(",target,", ",nosuch,", 1)] * 500
    (data / "observations.csv").write_text("\n".join([*lines, *bad]) + "\n", encoding="utf-8")
    assert main(["validate", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err.splitlines()
    kind = [line for line in err if "'kind'" in line and not line.startswith("...")]
    assert len(kind) == 20
    assert any(line.startswith("... and 480 more like the above") for line in err)
    assert len(err) < 80


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--source-id", "a" * 5000], "5000 characters long, more than 60", id="id"),
        pytest.param(["--date", "9999-12-31"], "9999-12-31 is outside", id="date"),
        pytest.param(["--date", "1066-10-14"], "1066-10-14 is outside", id="early date"),
    ],
)
def test_parameters_out_of_range_are_one_line(data, article, capsys, data_snapshot, args, message):
    before = data_snapshot(data)
    assert _ingest(data, str(article), "--accept", "all", *args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.splitlines()) == 1 and len(err) < 300
    assert data_snapshot(data) == before


def test_a_header_date_out_of_range_is_refused(data, tmp_path, capsys):
    far = tmp_path / "far.txt"
    far.write_text(ARTICLE.replace("05/03/2024", "31/12/2099"), encoding="utf-8")
    assert main(["extract", str(far), "--date", "9999-12-31"]) == 2
    assert "9999-12-31 is outside" in capsys.readouterr().err


def test_an_empty_data_dir_is_refused(capsys):
    assert main(["validate", "--data-dir", ""]) == 2
    assert "--data-dir is empty" in capsys.readouterr().err


def test_out_through_a_symlink_loop_is_one_line(tmp_path, capsys):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert main(["render", "--out", str(tmp_path / "a" / "x")]) == 2
    assert "symlink loop" in capsys.readouterr().err


def _killed_while_validating(report: Path, data: Path) -> None:
    import hpdata.validation

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    hpdata.validation.validate = die
    ingest(
        report, data_dir=data, area="hai-phong", accept="all", out=io.StringIO(), err=io.StringIO()
    )


def test_a_copy_left_by_a_killed_ingest_is_removed_by_the_next_command(
    data, article, tmp_path, monkeypatch, capsys
):
    """The issue's case: a SIGKILL while ingest validates its staged copy left a full copy of
    the data directory in the temporary directory, which nothing removed."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    worker = FORK.Process(target=_killed_while_validating, args=(article, data))
    worker.start()
    worker.join(60)
    assert worker.exitcode == -signal.SIGKILL
    left = [p for p in scratch.iterdir() if p.name.startswith(journal.SCRATCH_PREFIX)]
    assert len(left) == 1 and (left[0] / "data" / "observations.csv").is_file()
    with journal.scratch() as live:  # a live ingest's copy is kept
        assert main(["validate", "--data-dir", str(data)]) == 0
        assert live.is_dir()
    assert "removed what a killed ingest left" in capsys.readouterr().err
    assert list(scratch.iterdir()) == []
    assert len(sources(data)) == 2 and len(observations(data)) == 34


SECOND_CTRL_C = """
import atexit, os, signal, sys, time
from hpdata import cli

def at_exit():  # a library's clean-up at exit, interrupted by a second Ctrl-C
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.3)

atexit.register(at_exit)

def interrupted(args):
    raise KeyboardInterrupt

cli._cmd_validate = interrupted
sys.exit(cli.main(["validate"]))
"""


def test_a_second_ctrl_c_is_quiet():
    """The issue's case: a second Ctrl-C printed a 12-line atexit traceback."""
    result = subprocess.run(
        [sys.executable, "-c", SECOND_CTRL_C], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 130
    assert result.stderr == "hpdata validate: interrupted\n"


SIGTERM_MID = """
import os, signal, sys, time
from hpdata import cli
import hpdata.validation

def terminated(*args, **kwargs):  # SIGTERM while ingest validates its staged copy
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(5)

hpdata.validation.validate = terminated
sys.exit(cli.main(["ingest", sys.argv[1], "--area", "hai-phong", "--accept", "all",
                   "--data-dir", sys.argv[2]]))
"""


def test_sigterm_mid_ingest_is_an_interrupt_and_writes_nothing(data, article, data_snapshot):
    """The attack's case: a SIGTERM outside the render killed a command silently (exit -15);
    it is now handled as Ctrl-C is: one line, exit 130, the data as before, nothing left."""
    before = data_snapshot(data)
    scratch = article.parent / "tmp"
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", SIGTERM_MID, str(article), str(data)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "TMPDIR": str(scratch)},
    )  # fmt: skip
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "hpdata ingest: interrupted"
    assert "Traceback" not in result.stderr
    assert data_snapshot(data) == before and list(scratch.iterdir()) == []
    assert not (data / journal.STAGING_NAME).exists()
