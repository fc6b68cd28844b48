"""``hpdata render`` without kernels: the plan, parameter checks, cache keys, atomic writes, the
offline-HTML check and the messages. Nothing here starts a kernel."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hpdata import atomic, paths
from hpdata.errors import DataError, ParameterError
from hpdata.report import cache, job, plan, render
from hpdata.report.export import network_references

FIXTURES = Path(__file__).parent / "fixtures"
NOTEBOOKS = FIXTURES / "notebooks"


def test_parse_langs_defaults_dedups_and_refuses_unknown() -> None:
    assert plan.parse_langs(None) == ("vi", "en")
    assert plan.parse_langs("en, vi,en,") == ("en", "vi")
    with pytest.raises(ParameterError, match=r"--lang: unknown language 'fr' \(valid: vi, en\)"):
        plan.parse_langs("vi,fr")
    with pytest.raises(ParameterError, match="no language"):
        plan.parse_langs(" , ")


def test_report_set_comes_from_the_csv_files() -> None:
    reports = plan.all_reports(paths.DEFAULT_DATA_DIR, ("vi", "en"))
    names = [r.name for r in reports]
    with (paths.DEFAULT_DATA_DIR / "indicators.csv").open(encoding="utf-8") as fh:
        n_indicators = sum(1 for _ in fh) - 1
    assert len(reports) == 2 * (1 + n_indicators + 2 + 1 + 1)  # overview, indicators, sources,
    # plan, quality
    assert "plan.hp-2019-07-11-nq45.vi" in names
    assert names[:2] == ["overview.vi", "overview.en"]
    assert "indicator.grdp.vi" in names and "sources.hp-2023-04-27-q1.en" in names
    grdp = reports[names.index("indicator.grdp.en")]
    assert grdp.parameters == {"indicator": "grdp", "lang": "en"}
    assert reports[0].parameters == {"lang": "vi", "as_of": None}
    assert "grdp" in grdp.title and grdp.title.endswith("en")


def test_only_selects_by_glob_and_lists_valid_names_when_nothing_matches() -> None:
    reports = plan.all_reports(paths.DEFAULT_DATA_DIR, ("vi",))
    assert [r.name for r in plan.select(reports, "overview.*,sources.hp-2019*")] == [
        "overview.vi",
        "sources.hp-2019-07-11-nq45.vi",
    ]
    assert plan.select(reports, None) == reports
    with pytest.raises(ParameterError, match=r"matches no report \(valid: overview\.vi, "):
        plan.select(reports, "indicator.nope.*")


def test_make_plan_refuses_missing_notebook_and_bad_out(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match=r"notebook not found: .*overview\.ipynb"):
        render.make_plan(langs=("vi",), notebooks_dir=tmp_path, out_dir=tmp_path / "out")
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(ParameterError, match=r"--out: .* is not a directory"):
        render.make_plan(langs=("vi",), notebooks_dir=NOTEBOOKS, out_dir=afile)
    with pytest.raises(ParameterError, match="--data-dir"):
        render.make_plan(tmp_path / "nope", notebooks_dir=NOTEBOOKS)
    with pytest.raises(ParameterError, match="unknown language"):
        render.make_plan(langs=("xx",), notebooks_dir=NOTEBOOKS)


def test_read_ids_names_the_file_and_column(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"indicators\.csv: file not found"):
        plan.read_ids(tmp_path / "indicators.csv", "indicator")
    bad = tmp_path / "sources.csv"
    bad.write_text("id,title\nx,y\n", encoding="utf-8")
    with pytest.raises(DataError, match="column 'source_id': missing required column"):
        plan.read_ids(bad, "source_id")
    bad.write_bytes(b"source_id\n\xff\n")
    with pytest.raises(DataError, match="not UTF-8"):
        plan.read_ids(bad, "source_id")
    bad.write_text("source_id,title\na,1\n,2\na,3\nb,4\n", encoding="utf-8")
    assert plan.read_ids(bad, "source_id") == ["a", "b"]


CHECK_NO_KERNEL = """
import sys
from hpdata.cli import main
code = main(sys.argv[1:])
heavy = [m for m in ("jupyter_client", "papermill", "pandas", "matplotlib", "nbconvert")
         if m in sys.modules]
print("HEAVY", heavy)
sys.exit(code)
"""


def run_cli_checking_imports(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``hpdata`` in a fresh interpreter that reports which heavy modules it imported."""
    return subprocess.run(
        [sys.executable, "-c", CHECK_NO_KERNEL, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "vi,fr"], "unknown language 'fr' (valid: vi, en)"),
        (["--only", "indicator.nope.*"], "matches no report (valid: overview.vi"),
        (["--jobs", "0"], "must be at least 1"),
    ],
)
def test_bad_parameter_is_refused_before_any_kernel_starts(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_cli_checking_imports(
        "render", "--out", str(tmp_path / "out"), "--notebooks", str(NOTEBOOKS), *args
    )
    assert result.returncode == 2, result.stderr
    last = result.stderr.strip().splitlines()[-1]  # argparse prints its usage above
    assert last.startswith("hpdata render") and message in last
    assert "Traceback" not in result.stderr
    # No kernel can have started: the modules that start kernels were never imported.
    if "HEAVY" in result.stdout:
        assert "HEAVY []" in result.stdout
    assert not (tmp_path / "out").exists()


def test_atomic_write_replaces_whole_file_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.html"
    atomic.write_text(target, "first")
    atomic.write_text(target, "second")
    assert target.read_text() == "second"
    assert (target.stat().st_mode & 0o777) == (0o666 & ~atomic._umask())
    assert [p.name for p in target.parent.iterdir()] == ["a.html"]


def test_atomic_write_failure_keeps_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.html"
    target.write_bytes(b"good")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_bytes(target, b"half")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_cache_key_changes_with_data_notebook_and_parameters(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, data)
    common = cache.common_key(data)
    nb = cache.file_digest(NOTEBOOKS / "indicator.ipynb")
    key = cache.report_key(common, nb, {"indicator": "grdp", "lang": "vi"}, "indicator.grdp.vi")
    assert key == cache.report_key(
        cache.common_key(data), nb, {"lang": "vi", "indicator": "grdp"}, "indicator.grdp.vi"
    )
    assert key != cache.report_key(common, nb, {"indicator": "iip", "lang": "vi"}, "x")
    other_nb = cache.file_digest(NOTEBOOKS / "overview.ipynb")
    assert key != cache.report_key(common, other_nb, {"indicator": "grdp", "lang": "vi"}, "x")
    (data / "labels.csv").write_bytes((data / "labels.csv").read_bytes() + b"x_key,x,x\n")
    assert cache.common_key(data) != common  # a file every report reads in full
    raw = next((data / "raw").iterdir())
    assert raw in cache.data_files(data) and raw not in cache.shared_files(data)
    assert Path(render.__file__).resolve() in cache.source_files()


def test_code_key_covers_templates_and_css(tmp_path: Path) -> None:
    """A change to the page CSS or an HTML template changes every report's key, as a change
    to a ``.py`` file does; a compiled file under ``__pycache__`` does not."""
    real = {p.name for p in cache.source_files()}
    assert {"page.css", "index.html.j2", "conf.json"} <= real
    package = tmp_path / "hpdata"
    templates = package / cache.TEMPLATES_DIR / "hpdata"
    templates.mkdir(parents=True)
    (package / "mod.py").write_text("x = 1\n")
    (templates / "page.css").write_text("body { color: #123; }\n")
    (templates / "index.html.j2").write_text("{{ body }}\n")
    before = cache.code_key(package)
    (templates / "__pycache__").mkdir()
    (templates / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert cache.code_key(package) == before
    (templates / "page.css").write_text("body { color: #321; }\n")
    css = cache.code_key(package)
    assert css != before
    (templates / "index.html.j2").write_text("<main>{{ body }}</main>\n")
    assert cache.code_key(package) not in (before, css)


def _keys(data: Path) -> dict[str, str]:
    made = plan.make_plan(data, notebooks_dir=NOTEBOOKS, out_dir=data.parent / "out")
    return cache.report_keys(made, cache.common_key(data))


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(n for n in after if before.get(n) != after[n])


def _append_row(data: Path, **changes: str) -> None:
    """Append a copy of the first observation row of ``changes['like']``'s source and
    indicator, with ``changes`` applied."""
    import csv

    path = data / "observations.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    indicator = changes.pop("indicator")
    like = next(r for r in rows if r["indicator"] == indicator)
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fields).writerow({**like, **changes})


def test_each_report_key_covers_only_the_rows_of_its_scope(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, data)
    first = _keys(data)
    s1, s2 = plan.read_ids(data / "sources.csv", "source_id")
    # A figure of a known period (a copy of the first iip row, the 2019 target, now s2's): its
    # indicator's, its source's and the overview's pages, and the plan pages (they read all the
    # area's rows), the new plan of s2 among them.
    _append_row(data, indicator="iip", source_id=s2, measure="share_of_prior")
    second = _keys(data)
    assert _changed(first, second) == sorted(
        [
            *("overview.vi", "overview.en", "indicator.iip.vi", "indicator.iip.en"),
            *(f"sources.{s2}.vi", f"sources.{s2}.en"),
            *(f"plan.{p}.{lang}" for p in (s1, s2) for lang in ("vi", "en")),
            *("quality.vi", "quality.en"),  # the extractor against every curated row
        ]
    )
    # A new result period changes ``as_of`` for every indicator page; not the other source's.
    _append_row(data, indicator="iip", source_id=s2, period="2031-Q1")
    third = _keys(data)
    assert {n for n in _changed(second, third) if n.startswith("indicator.")} == {
        n for n in third if n.startswith("indicator.")
    }
    assert not [n for n in _changed(second, third) if n.startswith(f"sources.{s1}")]
    # A source's text: the pages that cite it; a vocabulary: every page.
    raw = data / "raw" / next(r["file"] for r in plan.DataView(data).rows("sources.csv")
                              if r["source_id"] == s1).removeprefix("raw/")  # fmt: skip
    raw.write_bytes(raw.read_bytes() + b" ")
    fourth = _keys(data)
    assert f"sources.{s1}.vi" in _changed(third, fourth)
    assert not [n for n in _changed(third, fourth) if n.startswith(f"sources.{s2}")]
    (data / "units.csv").write_bytes((data / "units.csv").read_bytes() + b"\n")
    assert _changed(fourth, _keys(data)) == sorted(fourth)


def test_kinds_table_lists_every_report_with_its_scope() -> None:
    names = [k.name for k in plan.KINDS]
    assert names[:3] == ["overview", "indicator", "sources"]
    reports = plan.all_reports(paths.DEFAULT_DATA_DIR, ("en",))
    grdp = next(r for r in reports if r.name == "indicator.grdp.en")
    # One area in the data: a page reads the default area's rows (dataset.toml's).
    area = plan.DataView(paths.DEFAULT_DATA_DIR).default_area()
    assert area == "hai-phong"
    assert grdp.scope.rows == (("indicator", "grdp"), ("area", area)) and grdp.kind == "indicator"
    assert reports[0].scope == plan.ALL.within(area)
    source = next(r for r in reports if r.kind == "sources")
    assert ("area", area) not in source.scope.rows  # a source page reads its own rows
    extra = plan.Kind("extra", "overview", lambda data: [{"n": 1}, {"n": 2}], ("n",))
    made = plan.kind_reports(extra, plan.DataView(paths.DEFAULT_DATA_DIR), ("vi",))
    assert [r.name for r in made] == ["extra.1.vi", "extra.2.vi"]
    assert made[0].parameters == {"n": 1, "lang": "vi"}


def test_manifest_round_trip_and_corrupt_file(tmp_path: Path) -> None:
    m = cache.Manifest(tmp_path)
    assert m.get("a") is None and m.tables is None
    m.set("a", "k1")
    m.tables, m.tables_key = {"vi": "<table></table>"}, "t1"
    m.save()
    again = cache.Manifest(tmp_path)
    assert again.get("a") == "k1" and again.tables == {"vi": "<table></table>"}
    html = tmp_path / "a.html"
    assert not cache.is_fresh(again, "a", "k1", [html])
    html.write_text("x")
    assert cache.is_fresh(again, "a", "k1", [html])
    assert not cache.is_fresh(again, "a", "k2", [html])
    m.path.write_text("{not json")
    assert cache.Manifest(tmp_path).reports == {}


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.example/require.js"></script>',
        "<script type='text/javascript' src='http://x.org/a.js'></script>",
        '<link rel="stylesheet" href="//fonts.example/css">',
        "<style>@import url('https://fonts.example/css2');</style>",
        "<style>@font-face { src: url(https://x/font.woff2) }</style>",
        '<script type="module">const m = await import("https://cdn/mermaid.mjs");</script>',
    ],
)
def test_network_references_are_found(html: str) -> None:
    assert network_references(html)


def test_local_and_data_references_are_not_network() -> None:
    html = (
        '<a href="https://haiphong.gov.vn/">source</a><img src="data:image/png;base64,AAAA">'
        '<link rel="icon" href="data:,"><style>x { background: url(data:image/svg+xml;base64,A) }'
        '</style><a href="overview.vi.html">o</a>'
    )
    assert network_references(html) == []


class FakePapermillError(Exception):
    def __init__(self) -> None:
        self.cell_index, self.exec_count, self.ename = 4, 3, "ValueError"
        self.evalue = "boom for grdp"


def test_failure_message_names_notebook_parameters_cell_and_exception(tmp_path: Path) -> None:
    plan = render.make_plan(langs=("vi",), notebooks_dir=NOTEBOOKS, out_dir=tmp_path)
    report = next(r for r in plan.reports if r.name == "indicator.grdp.vi")
    injected = job.injected_index(plan.notebook_path(report))
    assert injected == 2  # right after the parameters cell (index 1)
    error = job.describe_error(FakePapermillError(), injected)
    assert error == "cell 3 (counting from 0; In [3]) raised ValueError: boom for grdp"
    line = render.failure_message(plan, report, error)
    assert "indicator.grdp.vi failed" in line and "indicator.ipynb" in line
    assert '{"indicator": "grdp", "lang": "vi"}' in line
    assert job.describe_error(RuntimeError("a\nlast line")) == "RuntimeError: last line"
    assert job.injected_index(tmp_path / "missing.ipynb") is None


def test_injected_index_without_parameters_cell_or_with_existing_one(tmp_path: Path) -> None:
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": ""}]}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    assert job.injected_index(path) == 0
    nb["cells"][0]["metadata"]["tags"] = ["injected-parameters"]
    path.write_text(json.dumps(nb))
    assert job.injected_index(path) is None


def test_progress_lines_and_summary() -> None:
    stream = io.StringIO()
    progress = render.Progress(2, stream, tty=False)
    report = render.Report("overview.vi", "overview", (("lang", "vi"),), "vi")
    progress.update(render.Outcome(report, "rendered", 0.5))
    progress.write("note", stream)
    progress.close()
    assert stream.getvalue() == "[1/2] rendered overview.vi (0.50 s)\nnote\n"
    outcomes = [
        render.Outcome(report, "rendered"),
        render.Outcome(report, "cached"),
        render.Outcome(report, "failed"),
        render.Outcome(plan.INDEX, "rendered"),
    ]
    text = render.summary(outcomes, 1.234, Path("/x/index.html"))
    assert text.startswith("hpdata render: 3 reports: 1 rendered, 1 cached, 1 failed in 1.23 s")
    assert render.summary([], 0.0, None).endswith("; no index.html")


def test_progress_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    progress = render.Progress(1, stream, tty=True)
    report = render.Report("overview.vi", "overview", (), "vi")
    progress.update(render.Outcome(report, "rendered", 0.5))
    progress.write("note", stream)
    progress.close()
    assert "1/1" in stream.getvalue() and "note" in stream.getvalue()


def test_positive_int_and_default_jobs() -> None:
    assert render.positive_int("3") == 3
    for bad in ("0", "x"):
        with pytest.raises(Exception, match=r"at least 1|not an integer"):
            render.positive_int(bad)
    assert render.default_jobs() >= 1


def test_publish_figures_replaces_and_prunes(tmp_path: Path) -> None:
    final = tmp_path / "figures" / "r"
    final.mkdir(parents=True)
    (final / "old.png").write_bytes(b"old")
    (final / "chart.png").write_bytes(b"v1")
    staging = tmp_path / "stage"
    staging.mkdir()
    (staging / "chart.png").write_bytes(b"v2")
    job.publish_figures(staging, final)
    assert sorted(p.name for p in final.iterdir()) == ["chart.png"]
    assert (final / "chart.png").read_bytes() == b"v2"
    empty = tmp_path / "empty"
    empty.mkdir()
    job.publish_figures(empty, tmp_path / "none")
    assert not (tmp_path / "none").exists()


def test_skip_slow_optional_imports_is_a_no_op_once_jsonschema_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import jsonschema  # noqa: F401

    monkeypatch.delitem(sys.modules, "rfc3987_syntax", raising=False)
    job.skip_slow_optional_imports()
    assert "rfc3987_syntax" not in sys.modules


def _with_areas(data: Path, area_of: dict[str, str]) -> None:
    """Give sources.csv and observations.csv an ``area`` column (by source) and dataset.toml a
    default area, as the data layer's migration does."""
    import csv

    for name in ("sources.csv", "observations.csv"):
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields, rows = [*(reader.fieldnames or []), "area"], list(reader)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows({**r, "area": area_of[r["source_id"]]} for r in rows)
    (data / "dataset.toml").write_text('default_area = "hai-phong"\n', encoding="utf-8")


def test_an_article_for_another_area_keeps_the_default_area_pages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, data)
    s1, s2 = plan.read_ids(data / "sources.csv", "source_id")
    _with_areas(data, {s1: "hai-phong", s2: "hai-phong"})
    first = _keys(data)
    grdp = next(r for r in plan.make_plan(data, notebooks_dir=NOTEBOOKS).reports
                if r.name == "indicator.grdp.vi")  # fmt: skip
    assert ("area", "hai-phong") in grdp.scope.rows
    # A result of another area, of a new period: no page of Hai Phong reads it.
    _append_row(data, indicator="iip", source_id=s2, period="2031-Q1", area="ha-noi", kind="result")
    changed = _changed(first, _keys(data))
    assert changed == ["quality.en", "quality.vi", f"sources.{s2}.en", f"sources.{s2}.vi"]


def test_a_result_turned_projection_changes_the_periods_digest(data_copy: Path, edit_csv) -> None:
    """The end of the data (``now``) skips projections: a source whose date moves before its
    result's period ended changes every page reading the periods; a later date that keeps it
    a result for an ended period does not."""
    assert cache.is_projection("2024-07-05T09:00:00+07:00", "2024-H1") == "no"
    assert cache.is_projection("2024-07-05T09:00:00+07:00", "2024") == "yes"
    assert cache.is_projection("not a time", "2024") == "?"
    assert cache.is_projection("2024-07-05T09:00:00+07:00", "2024-Q9") == "?"
    scope = plan.Scope(rows=(("source_id", "none"),), periods=())

    def digest() -> str:
        return cache.ScopeDigests(plan.DataView(data_copy)).digest(scope)

    def publish(day: str) -> None:
        def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
            for row in rows:
                if row["source_id"] == "hp-2023-04-27-q1":
                    row["published"] = day + row["published"][10:]
            return rows

        edit_csv(data_copy / "sources.csv", change)

    before = digest()
    publish("2023-05-02")  # still after the end of 2023-Q1
    assert digest() == before
    publish("2023-03-20")  # before it ended: its Q1 results become projections
    assert digest() != before
