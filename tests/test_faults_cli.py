"""Fault suite for the command line: every user mistake and environment problem gets one line on
standard error and a documented exit code, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from hpdata import cli

REPORT = "10:00 02/02/2024\nBáo cáo kinh tế xã hội năm 2023 của tỉnh trong cả năm qua\n" + (
    "Năm 2023, thu nội địa đạt 900 tỷ đồng.\n"
)


def _loop(path: Path) -> Path:
    path.unlink(missing_ok=True)
    os.symlink(path.name, path)  # a link to itself
    return path


def _as_directory(path: Path) -> Path:
    path.unlink()
    path.mkdir()
    return path


Setup = Callable[[Path, Path], list[str]]  # (data copy, tmp) -> argv

CASES: dict[str, tuple[Setup, str]] = {
    "--data-dir is a file": (
        lambda d, t: ["validate", "--data-dir", str(d / "sources.csv")],
        "is not a directory",
    ),
    "--data-dir does not exist": (
        lambda d, t: ["progress", "--data-dir", str(t / "nowhere")],
        "does not exist",
    ),
    "--data-dir is a file, for render": (
        lambda d, t: ["render", "--data-dir", str(d / "units.csv"), "--out", str(t / "out")],
        "is not a directory",
    ),
    "--data-dir is a file, for ingest": (
        lambda d, t: ["ingest", "--area", "hai-phong", "x.txt", "--data-dir", str(d / "units.csv")],
        "is not a directory",
    ),
    "indicators.csv is a directory": (
        lambda d, t: (_as_directory(d / "indicators.csv"), ["progress", "--data-dir", str(d)])[1],
        "is a directory, not a file",
    ),
    "labels.csv is a directory": (
        lambda d, t: (_as_directory(d / "labels.csv"), ["progress", "--data-dir", str(d)])[1],
        "labels.csv",
    ),
    "units.csv is a directory": (
        lambda d, t: (_as_directory(d / "units.csv"), ["validate", "--data-dir", str(d)])[1],
        "units.csv: is a directory, not a file",
    ),
    "observations.csv is a symlink loop": (
        lambda d, t: (_loop(d / "observations.csv"), ["progress", "--data-dir", str(d)])[1],
        "cannot be read",
    ),
    "symlink loop given to extract": (
        lambda d, t: ["extract", str(_loop(t / "loop.txt")), "--data-dir", str(d)],
        "cannot be read (Too many levels of symbolic links)",
    ),
    "symlink loop given to ingest": (
        lambda d, t: [
            "ingest",
            "--area",
            "hai-phong",
            str(_loop(t / "loop.txt")),
            "--data-dir",
            str(d),
        ],
        "cannot be read (Too many levels of symbolic links)",
    ),
    "a directory given to extract": (
        lambda d, t: ["extract", str(t), "--data-dir", str(d)],
        "is a directory",
    ),
    "a directory given to ingest": (
        lambda d, t: [
            "ingest",
            "--area",
            "hai-phong",
            str(t),
            "--data-dir",
            str(d),
            "--accept",
            "all",
        ],
        "is a directory",
    ),
    "a missing file given to ingest": (
        lambda d, t: [
            "ingest",
            "--area",
            "hai-phong",
            str(t / "missing.txt"),
            "--data-dir",
            str(d),
            "--accept",
            "all",
        ],
        "file not found",
    ),
    "a path through a file": (
        lambda d, t: ["extract", str(d / "units.csv" / "x.txt"), "--data-dir", str(d)],
        "cannot be read (Not a directory)",
    ),
    "bad lock timeout": (
        lambda d, t: (
            os.environ.__setitem__("HPDATA_LOCK_TIMEOUT", "soon"),
            [
                "ingest",
                "--area",
                "hai-phong",
                str(t / "r.txt"),
                "--data-dir",
                str(d),
                "--accept",
                "all",
            ],
        )[1],
        "HPDATA_LOCK_TIMEOUT 'soon' is not a number",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_line_and_exit_code_never_a_traceback(data_copy, tmp_path, capsys, monkeypatch, case):
    monkeypatch.delenv("HPDATA_LOCK_TIMEOUT", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    (work / "r.txt").write_text(REPORT, encoding="utf-8")
    setup, expected = CASES[case]
    argv = setup(data_copy, work)
    code = cli.main(argv)
    os.environ.pop("HPDATA_LOCK_TIMEOUT", None)
    err = capsys.readouterr().err
    assert code in (1, 2), (code, err)
    assert expected in err, err
    lines = err.strip().splitlines()
    if argv[0] == "validate" and code == 1:  # one line per problem, then the count
        assert lines[-1] == "hpdata validate: 1 problem(s) found"
        lines = lines[:-1]
    assert len(lines) == 1 and "Traceback" not in err, err


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "130"):
        assert f"\n  {code}" in out
