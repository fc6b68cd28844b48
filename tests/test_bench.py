"""``make bench`` machinery on one fixture report (the timings are printed, never asserted)."""

from __future__ import annotations

import argparse
import importlib.machinery
import json
import re
import sys
import types
from pathlib import Path

import pytest

from hpdata import bench, paths
from hpdata.report import indexpage

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


@pytest.mark.slow
def test_bench_prints_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--notebooks", str(NOTEBOOKS), "--lang", "vi", "--only", "sources.hp-2019*"]
    skip = ["--skip", "extra"]
    assert (
        bench.main([*args, "--naive-limit", "1", "--jobs", "1", *skip, "--scale-areas", "2"]) == 0
    )
    out = capsys.readouterr().out
    assert "hpdata bench: 1 reports" in out
    for label in (
        "naive chain",
        "in-process anchor",
        "hpdata render --force --engine forked",
        "hpdata render --force --engine kernel",
        "speed-up (naive / render --force)",
        "speed-up (anchor / render --force)",
        "speed-up (kernel / render --force)",
        "no-op re-render",
        "fresh clone: make report, first progress line",
        "fresh clone: make report (install excluded)",
        "start-up: validate the data",
        "start-up: imports and warm-up",
        "per report: execution",
        "per report: HTML export",
        "per report: writes",
        "scale: 2-area site, full render --force",
        "scale: peak memory of the full render",
        "scale: one more article, hpdata render",
        "scale: no-op re-render",
    ):
        assert label in out, label
    assert "1 reports, all measured" in out
    assert re.search(r"per report: execution +\d+\.\d\d s +summed over 1 reports in 1 workers", out)


def test_skip_leaves_rows_out() -> None:
    assert bench.skip_list("naive, clone") == ["naive", "clone"]
    with pytest.raises(argparse.ArgumentTypeError, match="unknown row 'gpu'"):
        bench.skip_list("gpu")


def test_anchor_renders_each_report_in_a_pool(tmp_path: Path) -> None:
    plan = bench.make_plan(langs=("vi",), notebooks_dir=NOTEBOOKS, only="sources.*")
    bench.run_anchor(plan, tmp_path, 2)
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert pages == [f"{r.name}.html" for r in sorted(plan.reports, key=lambda r: r.name)]
    assert "source=hp-2019-07-11-nq45 lang=vi" in (tmp_path / pages[0]).read_text()


def test_breakdown_reads_the_timings_of_the_last_render(tmp_path: Path) -> None:
    assert bench.breakdown_rows(tmp_path) == []
    (tmp_path / ".cache").mkdir()
    timings = {"validate": 1.5, "imports": 2.25, "execute": 10.0, "export": 3.0, "write": 0.5}
    timings |= {"reports": 38, "jobs": 2, "wall": 9.0}
    (tmp_path / ".cache" / "timings.json").write_text(json.dumps(timings))
    rows = {r.label.strip(): (r.value, r.note) for r in bench.breakdown_rows(tmp_path)}
    assert rows["start-up: validate the data"] == ("1.50 s", "once")
    assert rows["per report: HTML export"] == ("3.00 s", "summed over 38 reports in 2 workers")
    assert rows["wall time inside the process"][0] == "9.00 s"


def test_ratios_compare_with_the_forked_render() -> None:
    rows = bench.ratio_rows({"forked": 10.0, "naive": 450.0, "anchor": 16.0})
    assert [(r.label, r.value, r.note) for r in rows] == [
        ("speed-up (naive / render --force)", "45.0x", "target: at least 100x"),
        ("speed-up (anchor / render --force)", "1.6x", "target: at least 3x"),
    ]


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


def test_the_scale_site_is_the_data_once_per_area_and_validates(tmp_path: Path) -> None:
    from hpdata import benchscale
    from hpdata.validation import validate

    assert len(benchscale.site_areas(paths.DEFAULT_DATA_DIR)) == 34
    assert len(benchscale.site_areas(tmp_path)) == 34  # no areas.csv: made-up ids
    site = tmp_path / "site"
    n = benchscale.make_site(paths.DEFAULT_DATA_DIR, site, ["hai-phong", "ha-noi"])
    with (paths.DEFAULT_DATA_DIR / "observations.csv").open(encoding="utf-8") as fh:
        assert n == 2 * (sum(1 for _ in fh) - 1)
    validate(site)
    new = benchscale.add_article(site, "ha-noi")
    validate(site)
    assert new.endswith("--ha-noi") and (site / "raw" / "ha-noi").is_dir()
    ids = [r.name for r in (site / "raw" / "ha-noi").iterdir()]
    assert len(ids) == 3 and not (paths.DEFAULT_DATA_DIR / "raw" / "ha-noi").exists()


def test_timed_reports_wall_time_and_peak_memory() -> None:
    from hpdata import benchscale

    code = "import time; x = b'x' * 50_000_000; print('ok'); time.sleep(0.5)"
    run = benchscale.timed([sys.executable, "-c", code], {})
    assert run.stdout == "ok\n" and run.seconds > 0
    assert run.peak > 40_000_000
