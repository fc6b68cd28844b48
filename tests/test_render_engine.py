"""``hpdata render`` with real kernels on the small fixture notebooks in ``tests/fixtures/``:
outputs, offline HTML, cache, failure without loss, no state leak, Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from hpdata import cli
from hpdata.errors import ParameterError
from hpdata.report import forked, kernels, render
from hpdata.report.export import network_references

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
NOTEBOOKS = FIXTURES / "notebooks"
ONLY = "overview.*,indicator.grdp.*,indicator.iip.*,sources.*"
IMG = re.compile(r'<img\b[^>]*src="data:image/png;base64,')


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The fixture notebooks rendered once, in both languages, with two kernels."""
    out = tmp_path_factory.mktemp("reports")
    args = ["render", "--out", str(out), "--notebooks", str(NOTEBOOKS), "--only", ONLY]
    result = subprocess.run(
        [sys.executable, "-m", "hpdata", *args, "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result.stdout


def test_every_report_is_written(rendered: tuple[Path, str]) -> None:
    out, stdout = rendered
    names = [
        f"{nb}.{lang}"
        for nb in ("overview", "indicator.grdp", "indicator.iip", "sources.hp-2019-07-11-nq45")
        for lang in ("vi", "en")
    ]
    for name in names:
        assert (out / f"{name}.html").is_file()
        assert (out / "notebooks" / f"{name}.ipynb").is_file()
    for name in ("overview.vi", "indicator.grdp.en"):
        assert sorted(p.name for p in (out / "figures" / name).iterdir()) == [
            "chart.png",
            "chart.svg",
        ]
    assert "10 reports: 10 rendered, 0 cached, 0 failed" in stdout
    assert re.search(r"^\[ ?\d+/10\] rendered ", stdout, re.M)  # one line per report, no TTY
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".") and p.name != ".cache"]
    assert leftovers == []  # no temporary file or staging directory left behind


def test_html_is_self_contained_without_input_code(rendered: tuple[Path, str]) -> None:
    out, _ = rendered
    for html_path in out.glob("*.html"):
        html = html_path.read_text(encoding="utf-8")
        assert network_references(html) == [], html_path.name
        assert not re.search(
            r"""<(script|link)\b[^>]*(src|href)\s*=\s*["']?https?:""", html, re.I
        ), html_path.name
    page = (out / "overview.vi.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in page
    assert "input code must stay hidden" not in page  # the code cells' source is not there
    assert not re.search(r'class="[^"]*jp-InputArea-editor', page) and "hl-ipython3" not in page
    assert "import matplotlib.pyplot as plt" not in page
    assert "overview lang=vi as_of=None" in page  # but their output is
    assert len(IMG.findall(page)) == 1  # one chart, embedded
    assert '<html lang="en">' in (out / "overview.en.html").read_text(encoding="utf-8")


def test_executed_notebooks_count_from_one_in_each_report(rendered: tuple[Path, str]) -> None:
    out, _ = rendered
    for path in (out / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1)), path.name
        tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
        assert "injected-parameters" in tags


def test_index_links_every_report_and_shows_status_table(rendered: tuple[Path, str]) -> None:
    out, _ = rendered
    pages = {"vi": (out / "index.html").read_text(encoding="utf-8"),
             "en": (out / "index.en.html").read_text(encoding="utf-8")}  # fmt: skip
    for lang, index in pages.items():
        assert network_references(index) == [] and "<script" not in index
        for html in out.glob(f"*.{lang}.html"):
            if not html.name.startswith(("index", "method")):
                assert f'href="{html.name}"' in index, (lang, html.name)
        assert 'href="data/observations.csv"' in index
    grdp = next(row for row in pages["vi"].split("<tr>") if "(GRDP)" in row)
    assert "9,65%" in grdp and "16%" in grdp
    assert "9.65%" in next(row for row in pages["en"].split("<tr>") if "(GRDP)" in row)
    assert "<li>Thu nội địa</li>" in pages["vi"]  # not rendered: listed, not linked


def test_second_run_is_all_cached_without_heavy_imports(rendered: tuple[Path, str]) -> None:
    out, _ = rendered
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.html")}
    script = (
        "import sys\nfrom hpdata.cli import main\ncode = main(sys.argv[1:])\n"
        "heavy = [m for m in ('pandas', 'papermill', 'matplotlib', 'jupyter_client', 'nbconvert')"
        " if m in sys.modules]\nassert not heavy, heavy\nsys.exit(code)\n"
    )
    args = ["render", "--out", str(out), "--notebooks", str(NOTEBOOKS), "--only", ONLY]
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "10 reports: 0 rendered, 10 cached, 0 failed" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.html")} == before


def copy_fixture_notebooks(tmp_path: Path) -> Path:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    return notebooks


def snapshot(out: Path, name: str) -> dict[str, bytes]:
    files = [out / f"{name}.html", out / "notebooks" / f"{name}.ipynb"]
    files += sorted((out / "figures" / name).iterdir())
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


def test_failing_notebook_keeps_previous_report_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebooks = copy_fixture_notebooks(tmp_path)
    out = tmp_path / "out"
    base = ["render", "--out", str(out), "--notebooks", str(notebooks), "--lang", "vi"]
    only = ["--only", "indicator.grdp.vi,indicator.iip.vi"]
    assert cli.main([*base, *only]) == 0
    good = snapshot(out, "indicator.grdp.vi")
    iip_before = (out / "indicator.iip.vi.html").stat().st_ino
    capsys.readouterr()

    nb = nbformat.read(notebooks / "indicator.ipynb", as_version=4)
    assert "fig, ax" in nb.cells[3].source
    nb.cells[3].source = 'if indicator == "grdp":\n    raise ValueError("boom for " + indicator)\n'
    nb.cells[3].source += nbformat.read(NOTEBOOKS / "indicator.ipynb", as_version=4).cells[3].source
    nbformat.write(nb, notebooks / "indicator.ipynb")

    assert cli.main([*base, *only]) == 1
    captured = capsys.readouterr()
    failure = next(line for line in captured.err.splitlines() if "failed" in line)
    assert "indicator.grdp.vi failed" in failure
    assert "indicator.ipynb" in failure
    assert '{"indicator": "grdp", "lang": "vi"}' in failure
    assert "cell 3 (counting from 0" in failure
    assert "ValueError: boom for grdp" in failure
    assert "1 rendered, 0 cached, 1 failed" in captured.out
    assert snapshot(out, "indicator.grdp.vi") == good  # byte for byte
    assert (out / "indicator.iip.vi.html").stat().st_ino != iip_before  # the other one went on
    assert [p.name for p in (out / "figures").iterdir() if p.name.startswith(".")] == []
    # It is not cached as good: the next run tries it again.
    assert cli.main([*base, "--only", "indicator.grdp.vi"]) == 1


def test_force_renders_again_and_a_deleted_output_is_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    base = ["render", "--out", str(out), "--notebooks", str(NOTEBOOKS), "--lang", "en"]
    base += ["--only", "sources.*", "--jobs", "1"]
    assert cli.main(base) == 0
    capsys.readouterr()
    (out / "sources.hp-2023-04-27-q1.en.html").unlink()
    (out / "index.html").unlink()
    assert cli.main(base) == 0
    assert "1 rendered, 1 cached, 0 failed" in capsys.readouterr().out
    assert (out / "index.html").is_file()
    assert cli.main([*base, "--force", "--verbose"]) == 0
    assert "2 rendered, 0 cached, 0 failed" in capsys.readouterr().out


def leak_plan(tmp_path: Path, n: int) -> render.Plan:
    reports = [render.Report(f"leak.{i}", "leak", (("n", i),), "en") for i in range(n)]
    return render.Plan(reports, FIXTURES, tmp_path, render.paths.DEFAULT_DATA_DIR, ("en",), reports)


def run_engine(name: str, plan: render.Plan, *, reset: bool = True) -> list[render.Outcome]:
    outcomes: list[render.Outcome] = []
    engine = render.make_engine(name, plan, 1, verbose=False, reset=reset)
    engine.run(plan.reports, outcomes.append)
    return outcomes


def test_the_render_runs_with_the_spawn_start_method(tmp_path: Path) -> None:
    """Where fork is missing (Windows) each child is a fresh interpreter: forced here. The same
    pages, the index, and each report's own state (the leak fixture), with no ``os.fork``."""
    out = tmp_path / "out"
    args = ["render", "--out", str(out), "--notebooks", str(NOTEBOOKS), "--lang", "vi"]
    result = subprocess.run(
        [sys.executable, "-m", "hpdata", *args, "--only", "indicator.grdp.*,sources.*"],
        capture_output=True,
        text=True,
        env={**os.environ, forked.START_METHOD_ENV: "spawn"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "3 reports: 3 rendered, 0 cached, 0 failed" in result.stdout
    page = (out / "indicator.grdp.vi.html").read_text(encoding="utf-8")
    assert IMG.search(page) and network_references(page) == []
    assert (out / "index.html").is_file()
    plan = leak_plan(tmp_path / "leak", 2)
    os.environ[forked.START_METHOD_ENV] = "spawn"
    try:
        engine = render.make_engine("forked", plan, 2, verbose=False, reset=True)
        outcomes: list[render.Outcome] = []
        engine.run(plan.reports, outcomes.append)
    finally:
        del os.environ[forked.START_METHOD_ENV]
    assert engine.method == "spawn"
    assert [o.status for o in outcomes] == ["rendered"] * 2, [o.error for o in outcomes]


def test_an_unknown_start_method_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(forked.START_METHOD_ENV, "teleport")
    with pytest.raises(ParameterError, match=r"HPDATA_START_METHOD: 'teleport' is not available"):
        forked.start_method()
    monkeypatch.delenv(forked.START_METHOD_ENV)
    assert forked.start_method() == "fork"


@pytest.mark.parametrize("engine", render.ENGINES)
def test_reports_do_not_leak_state_into_each_other(tmp_path: Path, engine: str) -> None:
    plan = leak_plan(tmp_path, 3)
    outcomes = run_engine(engine, plan)
    assert [o.status for o in outcomes] == ["rendered"] * 3, [o.error for o in outcomes]
    printed = []
    for r in plan.reports:
        nb = nbformat.read(plan.ipynb_path(r), as_version=4)
        printed.append(nb.cells[2].outputs[0]["text"])
    assert len(set(printed)) == 1  # the random states are restored too


@pytest.mark.parametrize("engine", render.ENGINES)
def test_without_isolation_the_leak_check_fails(tmp_path: Path, engine: str) -> None:
    """The control for the test above: the kernel without its reset, or every report in one
    forked child, does leak."""
    plan = leak_plan(tmp_path, 2)
    outcomes = run_engine(engine, plan, reset=False)
    assert [o.status for o in outcomes] == ["rendered", "failed"]
    error = outcomes[1].error
    assert "AssertionError: leaked: variable, rcParams, pandas option, environment" in error
    for leaked in ("numpy print options", "sys.path", "warning filters"):
        assert leaked in error
    if engine == "kernel":
        assert "working directory" in error  # the forked engine sets it for every report


def child_pids(parent: int) -> list[int]:
    """The processes whose parent is ``parent``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(proc.name))
    return found


def kernel_pids(render_pid: int) -> list[int]:
    """Kernels started by the render process ``render_pid`` (their connection files live in a
    directory named after it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if f"hpk-{render_pid}-".encode() in cmdline:
                found.append(int(proc.name))
    return found


def workers(engine: str, pid: int) -> list[int]:
    return kernel_pids(pid) if engine == "kernel" else child_pids(pid)


@pytest.mark.parametrize(
    ("engine", "sig"),
    [
        ("forked", signal.SIGINT),
        ("forked", signal.SIGTERM),
        ("kernel", signal.SIGINT),
        ("kernel", signal.SIGTERM),
    ],
)
def test_a_signal_stops_every_worker_and_leaves_nothing(
    tmp_path: Path, engine: str, sig: signal.Signals
) -> None:
    out = tmp_path / "out"
    temp = tmp_path / "tmp"
    temp.mkdir()
    args = ["render", "--out", str(out), "--notebooks", str(NOTEBOOKS), "--lang", "vi"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "hpdata", *args, "--jobs", "2", "--engine", engine],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        deadline = time.monotonic() + 120
        while len(workers(engine, proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers(engine, proc.pid)) == 2
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # pragma: no cover - only if the test fails
            proc.kill()
    assert proc.returncode == 130
    assert "hpdata render: interrupted" in stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while workers(engine, proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers(engine, proc.pid) == []
    assert list(temp.iterdir()) == []  # no kernel directory or connection file
    hidden = [p for p in out.rglob(".*") if p.name != ".cache"]
    assert hidden == []  # no temporary file or staging directory
    manifest = out / ".cache" / "manifest.json"
    done = json.loads(manifest.read_text())["reports"] if manifest.exists() else {}
    for name in done:  # whatever was finished is complete
        assert (out / f"{name}.html").is_file()
    for page in out.rglob("*.html"):  # and no page is partial
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page


def test_a_killed_render_leaves_no_kernel_or_connection_file(tmp_path: Path) -> None:
    """SIGKILL gives the render no chance to clean up: its janitor kills the kernels and removes
    their directories (connection files hold the kernels' keys) at once, not at the next render."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    args = ["render", "--out", str(tmp_path / "out"), "--notebooks", str(NOTEBOOKS)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "hpdata", *args, "--lang", "vi", "--engine", "kernel"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    try:
        deadline = time.monotonic() + 120
        while not kernel_pids(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        kernels = kernel_pids(proc.pid)
        assert kernels and list(temp.glob(f"hpk-{proc.pid}-*/*.json"))
    finally:
        proc.kill()
        proc.wait(30)
    deadline = time.monotonic() + 15
    while (list(temp.iterdir()) or kernel_pids(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(temp.iterdir()) == []
    assert kernel_pids(proc.pid) == []


def test_a_kernel_that_dies_is_replaced_and_the_report_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = leak_plan(tmp_path, 2)
    calls: list[str] = []
    original = kernels.KernelEngine.render_one

    def dying(self: kernels.KernelEngine, kernel, exporter, report: render.Report) -> None:
        calls.append(report.name)
        if len(calls) == 1:
            kernel.kill()  # the kernel process dies under the first report
        return original(self, kernel, exporter, report)

    monkeypatch.setattr(kernels.KernelEngine, "render_one", dying)
    outcomes = run_engine("kernel", plan)
    assert [o.status for o in outcomes] == ["rendered", "rendered"], [o.error for o in outcomes]
    assert calls == ["leak.0", "leak.0", "leak.1"]


def test_a_forked_child_that_dies_is_retried_once_then_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """leak.0's child kills itself the first time only; leak.1's every time. Each call leaves a
    file, since the children share no memory with this process."""
    plan = leak_plan(tmp_path / "out", 2)
    calls = tmp_path / "calls"
    calls.mkdir()
    original = forked.render_report

    def dying(plan, report, staging, exporter):
        attempt = len(list(calls.glob(f"{report.name}.*")))
        (calls / f"{report.name}.{attempt}").touch()
        if report.name == "leak.1" or attempt == 0:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(plan, report, staging, exporter)

    monkeypatch.setattr(forked, "render_report", dying)
    outcomes = run_engine("forked", plan)
    assert [o.status for o in outcomes] == ["rendered", "failed"], [o.error for o in outcomes]
    assert outcomes[1].error == "the worker process died (signal 9, SIGKILL)"
    assert sorted(p.name for p in calls.iterdir()) == [
        "leak.0.0",
        "leak.0.1",
        "leak.1.0",
        "leak.1.1",
    ]
    assert [p.name for p in (tmp_path / "out" / "figures").iterdir()] == []  # no staging left


@pytest.mark.parametrize("engine", render.ENGINES)
def test_a_notebook_error_is_not_retried(
    tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = leak_plan(tmp_path / "out", 2)
    calls = tmp_path / "calls"
    calls.mkdir()

    def counting(original):
        def call(*args):
            report = args[-1] if engine == "kernel" else args[1]
            (calls / f"{report.name}.{len(list(calls.iterdir()))}").touch()
            return original(*args)

        return call

    if engine == "kernel":
        monkeypatch.setattr(
            kernels.KernelEngine, "render_one", counting(kernels.KernelEngine.render_one)
        )
    else:
        monkeypatch.setattr(forked, "render_report", counting(forked.render_report))
    outcomes = run_engine(engine, plan, reset=False)
    assert [o.status for o in outcomes] == ["rendered", "failed"]  # the leak check raises
    assert "cell 2 (counting from 0; In [" in outcomes[1].error
    assert sorted(p.name for p in calls.iterdir()) == ["leak.0.0", "leak.1.1"]
