"""``make bench`` machinery on one fixture report (the timings are printed, never asserted)."""

from __future__ import annotations

import importlib.machinery
import sys
import types
from pathlib import Path

import pytest

from hpdata import bench, paths
from hpdata.report import indexpage

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.mark.slow
def test_bench_prints_naive_render_ratio_and_noop(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--notebooks", str(NOTEBOOKS), "--lang", "vi", "--only", "sources.hp-2019*"]
    assert bench.main([*args, "--naive-limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "hpdata bench: 1 reports" in out
    for label in ("naive chain", "hpdata render --force", "speed-up", "no-op re-render"):
        assert label in out
    assert "1 reports, all measured" in out


def test_extra_rows_call_the_extractor_benchmark_when_present(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("hpdata.extract.bench")
    module.__spec__ = importlib.machinery.ModuleSpec("hpdata.extract.bench", None)
    module.extract_throughput = lambda: 12.5
    monkeypatch.setitem(sys.modules, "hpdata.extract.bench", module)
    assert bench.extra_rows() == [
        bench.Row("extract throughput (hpdata.extract.extractor)", "12.5 MB/s", "1 core")
    ]
    module.extract_throughput = lambda: {"pages": "120/s"}
    assert bench.extra_rows() == [bench.Row("pages", "120/s")]
    monkeypatch.setitem(sys.modules, "hpdata.extract.bench", None)  # not there: no extra row
    assert bench.extra_rows() == []


def test_as_rows_and_table() -> None:
    row = bench.Row("a", "1 s", "note")
    assert bench.as_rows(row) == [row]
    assert bench.as_rows([row, ("b", "2 s"), ("c", "3", "n"), 4]) == [
        row,
        bench.Row("b", "2 s"),
        bench.Row("c", "3", "n"),
        bench.Row("extra", "4"),
    ]
    assert bench.as_rows(5) == [bench.Row("extra", "5")]
    assert bench.table([row, bench.Row("longer", "10 s")]).splitlines() == [
        "a        1 s  note",
        "longer  10 s",
    ]


def test_naive_commands_pass_every_parameter(tmp_path: Path) -> None:
    plan = bench.make_plan(langs=("vi",), notebooks_dir=NOTEBOOKS, only="overview.vi")
    papermill, nbconvert = bench.naive_commands(plan, plan.reports[0], tmp_path)
    assert papermill[0].endswith("papermill") and "--no-progress-bar" in papermill
    assert papermill[-6:] == ["-p", "lang", "vi", "-p", "as_of", "None"]
    assert nbconvert[1:5] == ["nbconvert", "--to", "html", "--no-input"]


def test_status_tables_in_process() -> None:
    tables = indexpage.status_tables(str(paths.DEFAULT_DATA_DIR), ["vi", "en"])
    assert "9,65%" in tables["vi"] and "9.65%" in tables["en"]
    assert "<table" in tables["vi"] and "<table" in tables["en"]
