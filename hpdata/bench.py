"""``make bench``: speed figures printed side by side in one run (never asserted in a test).

Rows:

* the naive chain: for each report, one ``papermill`` CLI call then one ``jupyter nbconvert --to
  html --no-input`` CLI call, in sequence (what a user would script by hand);
* ``hpdata render --force`` on the same report set, as a whole process;
* their ratio (the issue asks for at least 10 on the 2-core machine);
* the no-op re-render: ``hpdata render`` again with nothing changed (asked: under 1 s);
* rows from other benchmarks: see :func:`extra_rows`.

If the naive chain would take longer than ``--naive-budget`` seconds, it is timed on the first
reports only and extrapolated per report; the row then says how many were measured.

Usage: ``python -m hpdata.bench [--lang vi,en] [--only GLOB] [--notebooks DIR]
[--naive-limit N] [--naive-budget SECONDS]``.
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


def render_rows(
    plan: Plan, only: str | None, *, limit: int | None = None, budget: float = 1500.0
) -> list[Row]:
    """Time the naive chain, ``hpdata render --force`` and the no-op re-render on the plan."""
    work = Path(tempfile.mkdtemp(prefix="hpdata-bench-"))
    try:
        n = len(plan.reports)
        naive, measured = time_naive(plan, work / "naive", limit=limit, budget=budget)
        per_report = naive / measured
        naive_total = per_report * n
        if measured == n:
            note = f"{n} reports, all measured"
        else:
            note = f"measured {measured} of {n} reports ({per_report:.2f} s each), extrapolated"
        env = _env(plan)
        out = work / "render"
        command = render_args(plan, out, only)
        rendered = time_command([*command, "--force"], env)
        noop = time_command(command, env)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = naive_total / rendered
    return [
        Row("naive chain (papermill CLI + nbconvert CLI per report)", f"{naive_total:.1f} s", note),
        Row("hpdata render --force", f"{rendered:.1f} s", f"{n} reports, whole process"),
        Row("speed-up (naive / render)", f"{ratio:.1f}x", "target: at least 10x"),
        Row("no-op re-render (hpdata render)", f"{noop:.2f} s", "target: under 1 s"),
    ]


def table(rows: Iterable[Row]) -> str:
    """The rows as aligned text."""
    rows = list(rows)
    width = max(len(r.label) for r in rows)
    vwidth = max(len(r.value) for r in rows)
    lines = [f"{r.label:<{width}}  {r.value:>{vwidth}}  {r.note}".rstrip() for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and print one table."""
    parser = argparse.ArgumentParser(prog="python -m hpdata.bench", description=__doc__)
    parser.add_argument("--lang", default=None, help="languages (default: vi,en)")
    parser.add_argument("--only", default=None, help="report glob (default: every report)")
    parser.add_argument("--notebooks", default=None, help="notebooks directory")
    parser.add_argument("--naive-limit", type=int, default=None, help="naive reports to time")
    parser.add_argument("--naive-budget", type=float, default=1500.0, help="seconds, see above")
    args = parser.parse_args(argv)
    plan = make_plan(langs=parse_langs(args.lang), only=args.only, notebooks_dir=args.notebooks)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"hpdata bench: {len(plan.reports)} reports, {cores} cores", flush=True)
    rows = render_rows(plan, args.only, limit=args.naive_limit, budget=args.naive_budget)
    print(table(rows), flush=True)
    more = extra_rows()
    if more:
        print(table(more), flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
