"""``make bench``: speed figures printed side by side in one run (never asserted in a test).

Rows, all on the same report set:

* the naive chain: for each report, one ``papermill`` CLI call then one ``jupyter nbconvert --to
  html --no-input`` CLI call, in sequence (what a user would script by hand);
* the in-process anchor: papermill's Python API with ploomber-engine's in-process ``embedded``
  engine and nbconvert's ``HTMLExporter``, in a process pool of ``--jobs`` processes (what a user
  would pick with well-kept tools), as a whole process;
* ``hpdata render --force`` with each engine (``forked``, ``kernel``), as a whole process;
* the ratios: naive / render, anchor / render, kernel / forked;
* the no-op re-render: ``hpdata render`` again with nothing changed;
* the first ``make report`` on a fresh clone (``git clone`` of the committed tree, with this
  ``.venv`` linked in, so the install is excluded): until its first progress line and in all;
* where the time of ``render --force`` went, from ``<out>/.cache/timings.json``: start-up
  (validation, imports), then per-report execution, HTML export and writes summed over reports;
* the scale rows (:mod:`hpdata.benchscale`): a synthetic site of the 34 provincial units, its
  full render, peak memory, the re-render after one more article and the no-op (``--only``
  applies there too);
* rows from other benchmarks: see :func:`extra_rows`, then each report format's reading time
  per MB (:func:`format_rows`).

If the naive chain would take longer than ``--naive-budget`` seconds, it is timed on the first
reports only and extrapolated per report; the row then says how many were measured. ``--skip``
leaves rows out (``naive``, ``anchor``, ``kernel``, ``clone``, ``scale``, ``extra``).

Usage: ``python -m hpdata.bench [--lang vi,en] [--only GLOB] [--notebooks DIR] [--jobs N]
[--naive-limit N] [--naive-budget SECONDS] [--skip ROWS]``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .report.plan import FIGURES_ENV
from .report.render import Plan, Report, make_plan, parse_langs

BIN = Path(sys.executable).parent
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


@dataclass(frozen=True)
class Row:
    """One line of the bench table: what was measured, the figure, and a note."""

    label: str
    value: str
    note: str = ""


def _env(plan: Plan) -> dict[str, str]:
    """The environment of every timed command: the plan's data and the inline matplotlib backend
    (what a kernel uses by default, so the naive chain draws the same charts as the render)."""
    env = dict(os.environ)
    env[paths.ENV_VAR] = str(plan.data_dir)
    env["MPLBACKEND"] = INLINE_BACKEND
    env["PLOOMBER_STATS_ENABLED"] = "false"  # ploomber-engine: no telemetry over the network
    return env


def naive_commands(plan: Plan, report: Report, work: Path) -> list[list[str]]:
    """The two CLI calls of the naive chain for one report."""
    executed = work / f"{report.name}.ipynb"
    papermill = [str(BIN / "papermill"), str(plan.notebook_path(report)), str(executed)]
    papermill += ["-k", "python3", "--no-progress-bar", "--cwd", str(plan.notebooks_dir)]
    for key, value in report.params:
        papermill += ["-p", key, "None" if value is None else str(value)]
    nbconvert = [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]
    nbconvert += ["--output-dir", str(work)]
    return [papermill, nbconvert]


def time_naive(
    plan: Plan, work: Path, *, limit: int | None = None, budget: float = 1500.0
) -> tuple[float, int]:
    """Run the naive chain on the plan's reports in sequence; return (seconds, reports measured).

    Stops early after ``limit`` reports, or once the projected total (seconds per report so far
    times the number of reports) exceeds ``budget`` (checked after the second report)."""
    env = _env(plan)
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    done = 0
    for report in plan.reports:
        for command in naive_commands(plan, report, work):
            run_checked(command, env)
        done += 1
        elapsed = time.perf_counter() - start
        if limit is not None and done >= limit:
            break
        if done >= 2 and elapsed / done * len(plan.reports) > budget:
            break
    return time.perf_counter() - start, done


def render_args(plan: Plan, out: Path, only: str | None) -> list[str]:
    """The ``hpdata render`` command line for the plan, writing to ``out``."""
    args = [str(BIN / "hpdata"), "render", "--out", str(out), "--lang", ",".join(plan.langs)]
    args += ["--notebooks", str(plan.notebooks_dir), "--data-dir", str(plan.data_dir)]
    return args + (["--only", only] if only else [])


def run_checked(command: Sequence[str], env: Mapping[str, str]) -> None:
    """Run ``command``; if it fails, raise with the tail of what it printed (a timed command's
    output is captured, so without this a failure would say only its exit status)."""
    result = subprocess.run(list(command), env=dict(env), capture_output=True, text=True)
    if result.returncode:
        tail = (result.stdout[-2000:] + "\n" + result.stderr[-4000:]).strip()
        raise RuntimeError(f"{' '.join(command[:2])} exited {result.returncode}:\n{tail}")


def time_command(command: Sequence[str], env: Mapping[str, str]) -> float:
    """Wall time of one command, which must succeed."""
    start = time.perf_counter()
    run_checked(command, env)
    return time.perf_counter() - start


def extra_rows() -> list[Row]:
    """Rows from other benchmarks, each in its own module so that this one stays small.

    The extractor's: when ``hpdata.extract.bench`` exists, its ``extract_throughput()`` (or, if it
    has none, ``hpdata.extract.extractor.extract_throughput()``) is called. A number is read as MB/s on one
    core; anything else may be a :class:`Row`, an iterable of rows or of ``(label, value[, note])``
    tuples, or a mapping of label to value. Add further benchmarks below in the same way.
    """
    rows: list[Row] = []
    if importlib.util.find_spec("hpdata.extract.bench") is not None:
        bench_extract = importlib.import_module("hpdata.extract.bench")
        throughput = getattr(bench_extract, "extract_throughput", None)
        if throughput is None:
            from .extract.extractor import extract_throughput as throughput  # type: ignore
        result = throughput()
        if isinstance(result, int | float):
            rows.append(
                Row("extract throughput (hpdata.extract.extractor)", f"{result:.1f} MB/s", "1 core")
            )
        else:
            rows += as_rows(result)
    return rows


def format_rows(megabytes: float = 0.5, pdf_megabytes: float = 0.2) -> list[Row]:
    """Each report format's reading time per MB of file, beside the extractor's throughput
    (:func:`hpdata.formatbench.reading_rows`; ``python -m hpdata.formatbench`` prints these
    rows alone)."""
    from .formatbench import reading_rows

    return as_rows(reading_rows(megabytes, pdf_megabytes))


def as_rows(result: object) -> list[Row]:
    """Normalise what another benchmark returned into rows (see :func:`extra_rows`)."""
    if isinstance(result, Row):
        return [result]
    if isinstance(result, Mapping):
        return [Row(str(k), str(v)) for k, v in result.items()]
    rows = []
    for item in result if isinstance(result, Iterable) else [result]:
        if isinstance(item, Row):
            rows.append(item)
        elif isinstance(item, tuple) and 2 <= len(item) <= 3:
            rows.append(Row(*(str(x) for x in item)))
        else:
            rows.append(Row("extra", str(item)))
    return rows


def anchor_report(job: tuple[str, str, dict, str, str]) -> None:
    """One report of the in-process anchor, in a pool process: papermill with ploomber-engine's
    ``embedded`` engine, then nbconvert's ``HTMLExporter`` (input hidden, as the reports)."""
    import papermill
    from nbconvert import HTMLExporter

    notebook, cwd, parameters, figures, html = job
    os.environ[FIGURES_ENV] = figures
    nb = papermill.execute_notebook(
        notebook,
        None,
        parameters=parameters,
        engine_name="embedded",
        kernel_name="python3",
        language="python",
        progress_bar=False,
        cwd=cwd,
    )
    body, _ = HTMLExporter(template_name="lab", exclude_input=True).from_notebook_node(nb)
    Path(html).write_text(body, encoding="utf-8")


def run_anchor(plan: Plan, out: Path, jobs: int) -> None:
    """Render the plan's reports as the anchor does (see :func:`anchor_report`), ``jobs`` pool
    processes at a time; the heavy modules are imported before the pool starts, as a script
    importing them at its top would."""
    from concurrent.futures import ProcessPoolExecutor

    import papermill  # noqa: F401 - imported once, inherited by the pool's processes
    from nbconvert import HTMLExporter  # noqa: F401

    out.mkdir(parents=True, exist_ok=True)
    work = [
        (
            str(plan.notebook_path(r)),
            str(plan.notebooks_dir),
            r.parameters,
            str(out / "figures" / r.name),
            str(out / f"{r.name}.html"),
        )
        for r in plan.reports
    ]
    # By its module's name, not ``__main__``: the embedded engine's IPython shell replaces
    # ``sys.modules["__main__"]`` in a worker after its first report, and the next task would
    # no longer unpickle.
    task = importlib.import_module("hpdata.bench").anchor_report
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(task, work))


def anchor_args(plan: Plan, out: Path, only: str | None, jobs: int) -> list[str]:
    """The command line that times the anchor as a whole process."""
    args = [sys.executable, "-m", "hpdata.bench", "--anchor-out", str(out), "--jobs", str(jobs)]
    args += ["--lang", ",".join(plan.langs), "--notebooks", str(plan.notebooks_dir)]
    return args + (["--only", only] if only else [])


def first_line_and_total(command: Sequence[str], env: Mapping[str, str], cwd: Path) -> tuple:
    """Run ``command``; return (seconds until it printed its first ``hpdata render:`` line, total
    seconds). Raises like :func:`run_checked` if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(command),
        env=dict(env),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    first = None
    lines = []
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line)
        if first is None and line.startswith("hpdata render:"):
            first = time.perf_counter() - start
    proc.wait()
    total = time.perf_counter() - start
    if proc.returncode:
        tail = "".join(lines)[-3000:]
        raise RuntimeError(f"{' '.join(command[:2])} exited {proc.returncode}:\n{tail}")
    return (first if first is not None else total), total


def lock_hash(root: Path) -> str:
    """The Makefile's ``LOCK_HASH`` of a tree: the first 16 hex digits of SHA-256 over
    ``requirements.lock`` then ``pyproject.toml``."""
    import hashlib

    data = (root / "requirements.lock").read_bytes() + (root / "pyproject.toml").read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


def fresh_clone_rows(plan: Plan, only: str | None, work: Path) -> list[Row]:
    """Time the first ``make report`` on a fresh clone of the committed tree, with this
    environment's ``.venv`` linked in (install excluded; refused when the clone's lock differs
    from the installed one, since make would install)."""
    root = paths.PROJECT_ROOT
    clone = work / "clone"
    run_checked(["git", "clone", "-q", "--no-hardlinks", str(root), str(clone)], os.environ)
    venv = root / ".venv"
    stamp = venv / f".installed-{lock_hash(clone)}"
    if not stamp.exists():
        note = "skipped: the committed lock differs from the installed one"
        return [Row("fresh clone: make report", "-", note)]
    (clone / ".venv").symlink_to(venv)
    # A clone's files are newer than the stamp: date them back so make installs nothing (and
    # never re-points this environment's editable install at the clone), and check it would not.
    before = stamp.stat().st_mtime - 1
    for name in ("requirements.lock", "pyproject.toml"):
        os.utime(clone / name, (before, before))
    target = f".venv/.installed-{lock_hash(clone)}"
    if subprocess.run(["make", "-q", target], cwd=clone, capture_output=True).returncode:
        return [Row("fresh clone: make report", "-", "skipped: make would install")]
    env = dict(os.environ)
    env["PYTHONPATH"] = str(clone)  # the clone's hpdata, not this tree's editable install
    env.pop(paths.ENV_VAR, None)
    args = ["--lang", ",".join(plan.langs)]
    try:
        notebooks = plan.notebooks_dir.relative_to(root)
        args += ["--notebooks", str(notebooks)]
    except ValueError:
        args += ["--notebooks", str(plan.notebooks_dir)]
    if only:
        args += ["--only", f"'{only}'"]
    command = ["make", "-s", "report", f"RENDER_ARGS={' '.join(args)}"]
    first, total = first_line_and_total(command, env, clone)
    n = len(plan.reports)
    return [
        Row("fresh clone: make report, first progress line", f"{first:.2f} s", "target: < 2 s"),
        Row("fresh clone: make report (install excluded)", f"{total:.1f} s", f"{n} reports"),
    ]


def breakdown_rows(out: Path) -> list[Row]:
    """Where the time of the last ``render --force`` into ``out`` went (its ``timings.json``)."""
    import json

    from .report.cache import CACHE_DIR
    from .report.render import TIMINGS

    try:
        t = json.loads((out / CACHE_DIR / TIMINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    n, jobs = t.get("reports", 0), t.get("jobs", 1)
    summed = f"summed over {n} reports in {jobs} workers"
    rows = [
        Row("  start-up: validate the data", f"{t.get('validate', 0.0):.2f} s", "once"),
        Row("  start-up: imports and warm-up", f"{t.get('imports', 0.0):.2f} s", "once"),
    ]
    for key, label in (("execute", "execution"), ("export", "HTML export"), ("write", "writes")):
        rows.append(Row(f"  per report: {label}", f"{t.get(key, 0.0):.2f} s", summed))
    rows.append(Row("  wall time inside the process", f"{t.get('wall', 0.0):.2f} s", ""))
    return rows


def render_rows(
    plan: Plan,
    only: str | None,
    *,
    limit: int | None = None,
    budget: float = 1500.0,
    jobs: int | None = None,
    skip: Sequence[str] = (),
    scale_areas: int = 34,
) -> list[Row]:
    """Time every row of the module docstring on the plan (rows in ``skip`` left out)."""
    from .report.render import default_jobs

    jobs = jobs or default_jobs()
    n = len(plan.reports)
    env = _env(plan)
    rows: list[Row] = []
    times: dict[str, float] = {}
    breakdown: list[Row] = []
    noop = 0.0
    work = Path(tempfile.mkdtemp(prefix="hpdata-bench-"))
    try:
        if "naive" not in skip:
            naive, measured = time_naive(plan, work / "naive", limit=limit, budget=budget)
            times["naive"] = naive / measured * n
            note = f"{n} reports, all measured"
            if measured != n:
                note = f"measured {measured} of {n} reports ({naive / measured:.2f} s each), extrapolated"
            rows.append(
                Row(
                    "naive chain (papermill CLI + nbconvert CLI per report)",
                    f"{times['naive']:.1f} s",
                    note,
                )
            )
        if "anchor" not in skip:
            times["anchor"] = time_command(anchor_args(plan, work / "anchor", only, jobs), env)
            note = f"papermill + ploomber-engine embedded + nbconvert, {jobs} processes"
            rows.append(Row("in-process anchor", f"{times['anchor']:.1f} s", note))
        engines = ["forked"] + ([] if "kernel" in skip else ["kernel"])
        for engine in engines:
            out = work / f"render-{engine}"
            command = [*render_args(plan, out, only), "--jobs", str(jobs), "--engine", engine]
            times[engine] = time_command([*command, "--force"], env)
            note = f"{n} reports, {jobs} workers, whole process"
            rows.append(
                Row(f"hpdata render --force --engine {engine}", f"{times[engine]:.1f} s", note)
            )
            if engine == "forked":
                breakdown = breakdown_rows(out)
                noop = time_command(command, env)
        rows += ratio_rows(times)
        rows.append(Row("no-op re-render (hpdata render)", f"{noop:.2f} s", "target: under 0.2 s"))
        if "clone" not in skip:
            rows += fresh_clone_rows(plan, only, work)
        if "scale" not in skip:
            from .benchscale import scale_rows

            args = [str(BIN / "hpdata"), "render", "--lang", ",".join(plan.langs)]
            args += ["--notebooks", str(plan.notebooks_dir), "--jobs", str(jobs)]
            args += ["--only", only] if only else []  # the same report set as the rows above
            scale = scale_rows(args, env, work / "scale", scale_areas)
            rows += [Row(*row) for row in scale]
        if breakdown:
            rows.append(Row("where render --force (forked) went:", "", ""))
            rows += breakdown
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def ratio_rows(times: Mapping[str, float]) -> list[Row]:
    """The speed-ups of the forked render over the other rows that were timed."""
    rows = []
    forked = times["forked"]
    targets = {"naive": "target: at least 100x", "anchor": "target: at least 3x", "kernel": ""}
    for name, target in targets.items():
        if name in times:
            label = f"speed-up ({name} / render --force)"
            rows.append(Row(label, f"{times[name] / forked:.1f}x", target))
    return rows


def table(rows: Iterable[Row]) -> str:
    """The rows as aligned text."""
    rows = list(rows)
    width = max(len(r.label) for r in rows)
    vwidth = max(len(r.value) for r in rows)
    lines = [f"{r.label:<{width}}  {r.value:>{vwidth}}  {r.note}".rstrip() for r in rows]
    return "\n".join(lines)


SKIPPABLE = ("naive", "anchor", "kernel", "clone", "scale", "extra")


def skip_list(value: str) -> list[str]:
    """argparse type of ``--skip``: comma-separated rows among :data:`SKIPPABLE`."""
    names = [v.strip() for v in value.split(",") if v.strip()]
    for name in names:
        if name not in SKIPPABLE:
            raise argparse.ArgumentTypeError(
                f"unknown row {name!r} (valid: {', '.join(SKIPPABLE)})"
            )
    return names


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and print one table."""
    parser = argparse.ArgumentParser(prog="python -m hpdata.bench", description=__doc__)
    parser.add_argument("--lang", default=None, help="languages (default: vi,en)")
    parser.add_argument("--only", default=None, help="report glob (default: every report)")
    parser.add_argument("--notebooks", default=None, help="notebooks directory")
    parser.add_argument("--jobs", type=int, default=None, help="workers (default: the cores)")
    parser.add_argument("--naive-limit", type=int, default=None, help="naive reports to time")
    parser.add_argument("--naive-budget", type=float, default=1500.0, help="seconds, see above")
    parser.add_argument("--skip", type=skip_list, default=[], help="rows to leave out")
    parser.add_argument("--scale-areas", type=int, default=34, help="areas of the scale site")
    parser.add_argument("--anchor-out", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    plan = make_plan(langs=parse_langs(args.lang), only=args.only, notebooks_dir=args.notebooks)
    if args.anchor_out:  # the anchor's own process (see anchor_args)
        run_anchor(plan, Path(args.anchor_out), args.jobs or 1)
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"hpdata bench: {len(plan.reports)} reports, {cores} cores", flush=True)
    rows = render_rows(
        plan,
        args.only,
        limit=args.naive_limit,
        budget=args.naive_budget,
        jobs=args.jobs,
        skip=args.skip,
        scale_areas=args.scale_areas,
    )
    print(table(rows), flush=True)
    more = [] if "extra" in args.skip else extra_rows() + format_rows()
    if more:
        print(table(more), flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
