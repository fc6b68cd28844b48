"""Fault suite for ingest: concurrent writers lose nothing, a kill at any write boundary is
recovered by the next command, and the same article re-encoded is not ingested twice.

Writers run in forked processes (no interpreter start-up per process), each on a private copy of
data/ in a temporary directory.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import time
import unicodedata
from pathlib import Path

import pytest

from hpdata import journal
from hpdata.cli import main
from hpdata.extract.ingest import ingest
from hpdata.load import observations, sources
from hpdata.validation import validate

FORK = multiprocessing.get_context("fork")


def article(n: int) -> str:
    """A short article of our own, different for every ``n`` (two figures with an indicator)."""
    return (
        f"09:00 {1 + n % 28:02d}/03/2024\n"
        f"Báo cáo số {n} về tình hình kinh tế xã hội của tỉnh trong năm 2023 vừa qua\n"
        f"Năm 2023, thu nội địa đạt {900 + n} tỷ đồng. GRDP năm 2023 tăng {n % 9},{n % 7}%.\n"
    )


def _quiet_ingest(file: Path, data_dir: Path, barrier=None, times=None) -> None:
    if barrier is not None:
        barrier.wait()
    start = time.monotonic()
    try:
        ingest(
            file,
            data_dir=data_dir,
            area="hai-phong",
            accept="all",
            out=io.StringIO(),
            err=io.StringIO(),
        )
    finally:  # a writer that fails still reports, so the round fails on its exit code at once
        if times is not None:
            times.put((start, time.monotonic()))


def _raw_files(data_dir: Path) -> set[str]:
    return {f"raw/{p.name}" for p in (data_dir / "raw").iterdir()}


#: Rounds of writers released together. Every round is the same race on the same lock (an
#: flock: three of the four wait for it in turn), so a few rounds show what fifty did; more
#: writers per round make each round race harder.
ROUNDS, WRITERS = 3, 4


@pytest.mark.slow
def test_concurrent_ingests_lose_nothing(data, tmp_path):
    """Rounds of four ingests released at the same instant (they do overlap: all four have
    started before the first is done): every source and row is kept."""
    warm = tmp_path / "warm.txt"  # import and compile in the parent, once, before forking
    warm.write_text(article(999), encoding="utf-8")
    ingest(
        warm,
        data_dir=data,
        area="hai-phong",
        dry_run=True,
        accept="all",
        out=io.StringIO(),
        err=io.StringIO(),
    )
    start = time.perf_counter()
    for r in range(ROUNDS):
        files = []
        for k in range(WRITERS):
            files.append(tmp_path / f"report-{r}-{k}.txt")
            files[-1].write_text(article(WRITERS * r + k), encoding="utf-8")
        barrier, times = FORK.Barrier(WRITERS), FORK.Queue()
        workers = [
            FORK.Process(target=_quiet_ingest, args=(f, data, barrier, times)) for f in files
        ]
        for w in workers:
            w.start()
        spans = [times.get(timeout=60) for _ in workers]
        for w in workers:
            w.join(60)
        assert [w.exitcode for w in workers] == [0] * WRITERS, f"round {r}"
        assert max(s for s, _ in spans) < min(e for _, e in spans), f"round {r}: no overlap"
    src = sources(data)
    assert len(src) == 2 + WRITERS * ROUNDS
    assert set(src["file"]) == _raw_files(data)  # no orphan raw file
    obs = observations(data)
    assert len(obs) == 34 + 2 * WRITERS * ROUNDS
    assert not (data / journal.STAGING_NAME).exists()
    print(
        f"{ROUNDS} rounds of {WRITERS} concurrent ingests, nothing lost, "
        f"{time.perf_counter() - start:.1f} s"
    )


def test_second_writer_waits_then_refuses_in_one_line(data, tmp_path, capsys, monkeypatch):
    report = tmp_path / "r.txt"
    report.write_text(article(1), encoding="utf-8")
    monkeypatch.setenv(journal.LOCK_TIMEOUT_VAR, "0.2")
    with journal.lock(data):
        start = time.monotonic()
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
            ]
        )
        waited = time.monotonic() - start
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "another hpdata command is writing" in err and "0.2 s" in err
    assert waited >= 0.2
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
    )  # lock released


def _ingest_killed_at(boundary: str, file: Path, data_dir: Path) -> None:
    def kill(name: str) -> None:
        if name.startswith(boundary):
            os.kill(os.getpid(), signal.SIGKILL)

    journal.on_boundary = kill
    _quiet_ingest(file, data_dir)


BOUNDARIES = [
    "stage raw/",
    "stage sources.csv",
    "stage observations.csv",
    "commit",
    "apply raw/",
    "apply sources.csv",
    "apply observations.csv",
    "done",
]


@pytest.mark.slow
@pytest.mark.parametrize("boundary", BOUNDARIES)
def test_kill_at_each_write_boundary_is_recovered(data, tmp_path, capsys, boundary):
    report = tmp_path / "r.txt"
    report.write_text(article(7), encoding="utf-8")
    worker = FORK.Process(target=_ingest_killed_at, args=(boundary, report, data))
    worker.start()
    worker.join(60)
    assert worker.exitcode == -signal.SIGKILL  # it died at the boundary
    assert (data / journal.STAGING_NAME).exists()

    assert main(["validate", "--data-dir", str(data)]) == 0  # the next command recovers first
    err = capsys.readouterr().err
    assert "recovered the data directory" in err
    assert not (data / journal.STAGING_NAME).exists()
    committed = BOUNDARIES.index(boundary) >= BOUNDARIES.index("commit")
    src = sources(data)
    assert (len(src) == 3) is committed  # rolled forward after the commit point, else back
    assert set(src["file"]) == _raw_files(data)
    assert len(observations(data)) == 34 + 2 * committed

    code = main(
        ["ingest", "--area", "hai-phong", str(report), "--data-dir", str(data), "--accept", "all"]
    )
    err = capsys.readouterr().err
    if committed:
        assert code == 2 and "already ingested" in err
    else:
        assert code == 0, err
    assert len(sources(data)) == 3 and len(observations(data)) == 36
    validate(data)


def test_leftover_temporary_files_are_removed(data, capsys):
    (data / "raw" / ".002_abc.txt.x1y2.tmp").write_bytes(b"half a file")
    (data / ".sources.csv.q.tmp").write_bytes(b"source_id")
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert "recovered" in capsys.readouterr().err
    assert journal._temp_files(data) == []


def test_recovery_leaves_a_live_writers_change_alone(data):
    (data / journal.STAGING_NAME).mkdir()
    with journal.lock(data):
        assert journal.recover(data) == ""
        assert (data / journal.STAGING_NAME).exists()
    assert journal.recover(data) == "rolled back an uncommitted change"


def test_loading_a_clean_directory_writes_nothing(data):
    before = sorted(p.name for p in data.iterdir())
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert sorted(p.name for p in data.iterdir()) == before


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: ("\ufeff" + t).encode("utf-8"), id="bom"),
        pytest.param(lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), id="nfd"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    ],
)
def test_same_article_reencoded_is_already_ingested(data, tmp_path, capsys, variant):
    first, again = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(article(3), encoding="utf-8")
    again.write_bytes(variant(article(3)))
    assert (
        main(
            [
                "ingest",
                "--area",
                "hai-phong",
                str(first),
                "--data-dir",
                str(data),
                "--accept",
                "all",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        main(
            [
                "ingest",
                "--area",
                "hai-phong",
                str(again),
                "--data-dir",
                str(data),
                "--accept",
                "all",
                "--source-id",
                "other",
            ]
        )
        == 2
    )
    assert "already ingested" in capsys.readouterr().err
    assert len(sources(data)) == 3


def test_transaction_refuses_a_target_outside_the_directory(data):
    with (
        journal.lock(data),
        journal.Transaction(data) as txn,
        pytest.raises(ValueError, match="not a path inside"),
    ):
        txn.stage("../outside.txt", b"x")
    assert not (data / journal.STAGING_NAME).exists()


def test_errors_from_the_staged_copy_name_the_users_file(data, tmp_path, capsys):
    with (data / "observations.csv").open("a", encoding="utf-8") as handle:
        handle.write("nobody,grdp,result,growth,2023,eq,1,,percent,x,same_period_prior_year,\n")
    report = tmp_path / "r.txt"
    report.write_text(article(5), encoding="utf-8")
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
        == 1
    )
    err = capsys.readouterr().err
    assert "hpdata-ingest-" not in err
    assert f"{data / 'observations.csv'}, row 35" in err
