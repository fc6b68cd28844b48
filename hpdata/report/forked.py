"""The default render engine: import once, then run each report in its own child process.

The parent process (``hpdata render``) pays the start-up once: it validates the data (a broken
data directory is refused before any child starts), imports pandas, IPython, papermill, nbconvert
and ``hpdata``, compiles the HTML template, draws one throw-away chart and loads the data into
``hpdata.load``'s caches. Then, for each report, it starts a child (``multiprocessing``) that:

1. executes the notebook through ``papermill.execute_notebook`` with the in-process engine of
   :mod:`hpdata.report.inprocess` (parameters injected, the failing cell named, no kernel);
2. converts it to HTML with the parent's exporter;
3. writes the executed notebook, the charts and the HTML atomically (charts through a staging
   directory the parent created, see :func:`hpdata.report.job.write_outputs`);
4. sends one JSON result (status, error, timings) on a pipe and exits.

The start method (:func:`start_method`) is ``fork`` where the platform has it: a child starts
from the parent's memory image, so no report sees another's variables, options, environment,
working directory or random state, nothing has to be reset, and no child pays the start-up.
Where ``fork`` is missing (Windows), or with ``HPDATA_START_METHOD=spawn`` (which the tests force
on Linux), each child is a fresh interpreter that imports and warms up on its own: the same
pages, slower. Up to ``jobs`` children run at a time. A child that dies without reporting
(killed, out of memory) is retried once in a new child, then reported as failed. On Ctrl-C or
SIGTERM the parent kills every child, waits for it and removes its staging directory and
temporary files; on Linux a child also dies with the parent (``PR_SET_PDEATHSIG``, the one
Linux-only call, guarded) if the parent is killed outright, and the next render sweeps what such
a run left (:func:`hpdata.report.guard.sweep`).

The parent must not run threads when it forks: the progress bar's monitor thread is turned off
and nothing here starts one.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import ParameterError
from . import cache
from .job import (
    describe_error,
    index_tables_json,
    injected_index,
    render_report,
    skip_slow_optional_imports,
)
from .plan import FIGURES_ENV, INDEX, Outcome, Plan, Report

#: How many times a report whose child died (rather than failed in the notebook) is tried again.
RETRIES = 1
#: Largest error text a child sends back (its last line is what the user sees).
MAX_ERROR = 4000
_PR_SET_PDEATHSIG = 1


@dataclass
class Child:
    """A running child: its process, the read end of its pipe, its reports and their staging
    directories, the results it sent so far and how many times its reports were tried."""

    process: Any
    conn: Any
    reports: list[Report]
    stagings: list[Path | None]
    started: float
    attempt: int
    results: list[dict] = field(default_factory=list)


#: The backend a report's ``matplotlib.pyplot`` gets in a child, as in a Jupyter kernel: its
#: figures become display outputs (``MPLBACKEND=Agg`` in the render's own environment, as
#: ``make test`` sets it, would otherwise draw them nowhere).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def warm_up(plan: Plan, prime_data: bool = True) -> tuple[Any, dict[str, float]]:
    """Import and prime everything a report needs, once, in the parent (or in a spawned child);
    return the HTML exporter and the seconds spent ``{"imports": ...}``. With ``prime_data``
    the derived tables of every language are computed too. (The data were validated before.)"""
    skip_slow_optional_imports()
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    started = time.perf_counter()
    from . import inprocess
    from .export import make_exporter, to_html

    exporter = make_exporter()
    _prime_exporter(exporter, to_html)
    _prime_modules(plan, prime_data)
    _prime_locales(plan)
    inprocess.shell()
    return exporter, {"imports": time.perf_counter() - started}


#: A 1x1 PNG: the priming notebook's image output.
_PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _prime_exporter(exporter: Any, to_html: Callable[..., str]) -> None:
    """Convert a small notebook with every kind of output the reports have (markdown with an
    entity, HTML, an image, a stream, a result) so that the Jinja templates, the Markdown and
    HTML parsers' tables and their regular expressions are built once, before any fork, rather
    than in every child (about half a second each)."""
    import nbformat

    v4 = nbformat.v4
    code = v4.new_code_cell("1")
    code.outputs = [
        v4.new_output("stream", name="stdout", text="1\n"),
        v4.new_output(
            "display_data", data={"text/html": "<table><tr><td>&nbsp;1&amp;2</td></tr></table>"}
        ),
        v4.new_output("display_data", data={"image/png": _PIXEL, "text/plain": "<Figure>"}),
        v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
    ]
    markdown = v4.new_markdown_cell(
        "# A\n\n*b* &amp; [c](#d) `e`\n\n| f | g |\n|---|---|\n| 1 | 2 |"
    )
    nb = v4.new_notebook(cells=[markdown, code])
    to_html(exporter, nb, "warm-up", "en")


def _prime_modules(plan: Plan, prime_data: bool = True) -> None:
    """Import the modules the notebooks call and draw one small chart (hpdata's own SVG charts:
    no matplotlib); load the data's caches. Failures here are left to the reports."""
    import importlib

    for name in (
        "pandas",
        "hpdata.report.svg",
        "hpdata.analysis.progress",
        "hpdata.numberstyle",
        "hpdata.report.overview",
        "hpdata.report.indicatorpage",
        "hpdata.report.sourcepage",
        "hpdata.report.plots",
        "hpdata.report.cite",
        "hpdata.report.indexpage",
        "hpdata.i18n",
        "IPython.display",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    with contextlib.suppress(Exception):  # the reports report their own errors
        from .svg import BarPanel, Chart, Lane, Mark, Row

        panel = BarPanel("Tăng trưởng", "%", str, [Row("a", [Lane([Mark("bar", "x", 0, 1.5)])])])
        Chart("Tăng trưởng 1,5%", [panel]).svg()
    if not prime_data:
        return
    with contextlib.suppress(Exception):
        from ..analysis.progress import progress
        from ..analysis.tracker import changes, history

        for lang in plan.langs:
            progress(plan.data_dir, lang=lang)
            history(plan.data_dir, lang=lang)
            changes(plan.data_dir, lang=lang)


def prime_area(plan: Plan, area: str, with_history: bool = True) -> float:
    """Compute in this process the derived tables every page of ``area`` reads, and return the
    seconds spent: the area's view of the data (:func:`hpdata.report.areapages.area_dir`), then
    :func:`hpdata.progress` and (``with_history``) the tracker's history on it in each of the
    plan's languages.

    The parent calls it before forking the first child of an area's pages, so that child and
    every later one inherit the tables instead of each computing them (about 0.2 s a page per
    language on the project's data); the comparison pages and the index, which read every area's
    progress, find them all. Failures are left to the reports."""
    started = time.perf_counter()
    with contextlib.suppress(Exception):  # the reports report their own errors
        from ..analysis.progress import progress
        from ..analysis.tracker import changes, history
        from .areapages import area_dir

        folder = area_dir(area, plan.data_dir)
        for lang in plan.langs:
            progress(folder, lang=lang)
            if with_history:
                history(folder, lang=lang)
                changes(folder, lang=lang)
    return time.perf_counter() - started


def by_area(reports: list[Report]) -> list[Report]:
    """``reports`` reordered for :func:`prime_area`: the pages of one area together, areas in
    order of first appearance, then the pages of no area (sources, comparisons) and the index
    last, each group in its given order (a stable sort)."""
    first: dict[str, int] = {}
    for r in reports:
        area = r.parameters.get("area")
        if area:
            first.setdefault(str(area), len(first))

    def key(r: Report) -> tuple[int, int]:
        if r is INDEX or r.name == INDEX.name:
            return (2, 0)
        area = r.parameters.get("area")
        return (0, first[str(area)]) if area else (1, 0)

    return sorted(reports, key=key)


def _prime_locales(plan: Plan) -> None:
    """Load Babel's locale data of every language of the plan (a pickle per locale, read on first
    use), so that children inherit it rather than each reading it again."""
    with contextlib.suppress(Exception):  # the reports report their own errors
        from babel.dates import format_date
        from babel.numbers import format_decimal

        for lang in plan.langs:
            format_decimal(1234.5, locale=lang)
            format_date(None, "long", locale=lang)


#: Chooses the start method of the children: ``fork`` (the default where the platform has it),
#: ``spawn`` (the default elsewhere, e.g. Windows) or ``forkserver``.
START_METHOD_ENV = "HPDATA_START_METHOD"
#: What the parent warmed up, inherited by forked children (a spawned child warms up itself).
_WARM: dict[str, Any] = {}


def start_method() -> str:
    """The start method of the children: ``$HPDATA_START_METHOD`` if set, else ``fork`` where
    the platform has it (children inherit the parent's imports: no start-up per report), else
    ``spawn`` (each child imports and warms up on its own: slower, same pages). Raises
    :class:`ParameterError` for a method this platform lacks."""
    import multiprocessing

    available = multiprocessing.get_all_start_methods()
    asked = os.environ.get(START_METHOD_ENV, "").strip()
    if asked:
        if asked not in available:
            valid = ", ".join(available)
            raise ParameterError(
                f"${START_METHOD_ENV}: {asked!r} is not available (valid: {valid})"
            )
        return asked
    return "fork" if "fork" in available else "spawn"


def _die_with_parent(parent: int) -> None:
    """Linux only, a documented fallback-free extra: ask the kernel to SIGKILL this child when
    its parent dies (``prctl(PR_SET_PDEATHSIG)``), and exit at once if it already has. Elsewhere
    this does nothing: a child there finishes its one report and exits."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def child_main(job: dict[str, Any], conn: Any) -> None:  # pragma: no cover - in a child
    """The body of a child (forked or spawned): render ``job["reports"]`` one after the other,
    sending one JSON result per report on ``conn``.

    ``job``: ``plan``, ``reports``, ``stagings`` (one per report), ``log`` (a file for the
    child's stdout and stderr, or ``None``), ``parent`` (its process id) and ``random`` (the
    parent's ``random`` state, restored: a fork reseeds it, a spawn starts afresh) and ``seed``
    (numpy's seed in a spawned child, the same for every child of a render)."""
    _die_with_parent(job["parent"])
    os.environ["MPLBACKEND"] = INLINE_BACKEND  # as in a kernel (kernels.py), whatever ours says
    random.setstate(job["random"])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills us
    if job["log"] is not None:
        log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(log, 1)
        os.dup2(log, 2)
    if "exporter" not in _WARM:  # spawned: nothing inherited
        os.environ[paths.ENV_VAR] = str(job["plan"].data_dir)
        _WARM["exporter"], _ = warm_up(job["plan"], prime_data=False)
        import numpy

        numpy.random.seed(job["seed"])  # the same state in every child of this render
    for report, staging in zip(job["reports"], job["stagings"], strict=True):
        result = run_in_child(job["plan"], report, staging, _WARM["exporter"])
        result["report"] = report.name
        conn.send_bytes(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    conn.close()


def run_in_child(plan: Plan, report: Report, staging: Path | None, exporter: Any) -> dict:
    """Render ``report`` in this process and return ``{"status", "error", "payload",
    "timings"}``; a notebook error is caught and described, never raised."""
    os.environ[paths.ENV_VAR] = str(plan.data_dir)
    try:
        if report is INDEX or report.name == INDEX.name:
            return {"status": "rendered", "payload": index_tables_json(plan), "timings": {}}
        os.environ[FIGURES_ENV] = str(staging)
        timings = render_report(plan, report, staging, exporter)
        return {"status": "rendered", "timings": timings}
    except Exception as error:
        injected = None if report.name == INDEX.name else injected_index(plan.notebook_path(report))
        message = describe_error(error, injected)[-MAX_ERROR:]
        return {"status": "failed", "error": message}


class ForkedEngine:
    """Render reports in child processes, ``jobs`` at a time (see the module docstring).

    ``reset=False`` runs every report one after the other in a single child, sharing its
    state: only for the test that proves the isolation matters. ``on_done`` is called in this
    process for each outcome; :attr:`timings` collects where the time went."""

    #: The papermill engine (by its name in papermill's registry) that runs each notebook.
    papermill_engine = "hpdata-inprocess"

    def __init__(self, plan: Plan, jobs: int, *, verbose: bool = False, reset: bool = True):
        import multiprocessing

        self.plan = plan
        self.jobs = max(1, jobs)
        self.verbose = verbose
        self.isolate = reset
        self.method = start_method()
        self.context = multiprocessing.get_context(self.method)
        self.children: dict[Any, Child] = {}
        self.timings: dict[str, float] = {}
        self.log: str | None = None
        self.seed = random.SystemRandom().randrange(2**32)
        self.primed: set[tuple[str, bool]] = set()
        self.ahead: deque[tuple[str, bool]] = deque()

    # -- the parent ---------------------------------------------------------------------------

    def start(self) -> None:
        """Warm up once (imports, priming; see :func:`warm_up`), when children are forked."""
        if self.method == "fork" and "exporter" not in _WARM:
            _WARM["exporter"], seconds = warm_up(self.plan)
            self.timings.update(seconds)
        if self.log is None and not self.verbose:
            logs = self.plan.out_dir / cache.CACHE_DIR
            logs.mkdir(parents=True, exist_ok=True)
            (logs / "children.log").write_bytes(b"")
            self.log = str(logs / "children.log")

    def run(self, reports: list[Report], on_done: Callable[[Outcome], None]) -> None:
        """Render ``reports`` (which may include :data:`INDEX`); Ctrl-C, SIGTERM or any error
        here kills every child and removes its files before the exception propagates."""
        from multiprocessing.connection import wait

        self.start()
        if self.method == "fork":
            reports = by_area(reports)
        batches = [[r] for r in reports] if self.isolate else [reports]
        todo: deque[tuple[list[Report], int]] = deque((b, 0) for b in batches)
        self.ahead = deque(dict.fromkeys(a for b in batches for a in self._wanted(b)))
        try:
            while todo or self.children:
                while todo and len(self.children) < self.jobs:
                    batch, attempt = todo.popleft()
                    for area in self._wanted(batch):
                        self._prime(area)
                    self._start_child(batch, attempt)
                busy = len(self.children) >= self.jobs and self._prime_ahead()
                for conn in wait(list(self.children), timeout=0 if busy else 1.0):
                    child = self.children[conn]
                    try:
                        child.results.append(json.loads(conn.recv_bytes().decode("utf-8")))
                        continue
                    except (EOFError, OSError):
                        pass
                    for outcome in self._reap(child):
                        if outcome is None:
                            todo.appendleft((child.reports, child.attempt + 1))
                        else:
                            on_done(outcome)
        except BaseException:
            self.stop()
            raise

    def _wanted(self, reports: list[Report]) -> list[tuple[str, bool]]:
        """The areas whose tables ``reports`` read, as ``(area, with_history)`` for
        :func:`prime_area`: a page of one area its area (every table), a comparison page or the
        index every area of the data (its progress only); none where children are spawned (they
        inherit nothing)."""
        if self.method != "fork":
            return []
        wanted: list[tuple[str, bool]] = []
        for r in reports:
            area = None if r is INDEX else r.parameters.get("area")
            if area:
                wanted.append((str(area), True))
            elif r is INDEX or r.kind == "compare":
                wanted += [(a, False) for a in self.data_areas]
        return list(dict.fromkeys(wanted))

    @functools.cached_property
    def data_areas(self) -> list[str]:
        """The areas of the plan's data when it holds several (else none: its pages read it
        whole), read once."""
        from .plan import data_areas, many_areas

        data = self.plan.data
        return data_areas(data) if many_areas(data) else []

    def _prime(self, area: tuple[str, bool]) -> bool:
        """:func:`prime_area` ``area`` (``(area, with_history)``) unless done (an area primed
        with its history counts as primed without), counting the time under ``prime``; returns
        whether it primed."""
        if area in self.primed or (area[0], True) in self.primed:
            return False
        self.primed.add(area)
        seconds = prime_area(self.plan, *area)
        self.timings["prime"] = self.timings.get("prime", 0.0) + seconds
        return True

    def _prime_ahead(self) -> bool:
        """While every worker is busy: prime the next area, in the order the waiting reports
        need them (:attr:`ahead`, listed once when the run starts), that is not primed yet; one,
        so that a finished child is reaped soon. Returns whether it primed one."""
        while self.ahead:
            if self._prime(self.ahead.popleft()):
                return True
        return False

    def _start_child(self, reports: list[Report], attempt: int) -> Child:
        """Create the staging directories and a pipe, then start a child for ``reports``."""
        stagings: list[Path | None] = []
        for report in reports:
            staging = None
            if report is not INDEX:
                final = self.plan.figures_dir(report)
                final.parent.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=f".{report.name}.", dir=final.parent))
            stagings.append(staging)
        reader, writer = self.context.Pipe(duplex=False)
        job = {
            "plan": self.plan,
            "reports": reports,
            "stagings": stagings,
            "log": self.log,
            "parent": os.getpid(),
            "random": random.getstate(),
            "seed": self.seed,
        }
        sys.stdout.flush()
        sys.stderr.flush()
        process = self.context.Process(target=child_main, args=(job, writer), daemon=False)
        process.start()
        writer.close()
        child = Child(process, reader, reports, stagings, time.perf_counter(), attempt)
        self.children[reader] = child
        return child

    def _reap(self, child: Child) -> list[Outcome | None]:
        """Wait for a child whose pipe closed and turn what it sent into outcomes, one per
        report; ``None`` for a report whose child died before its result and may be retried."""
        child.conn.close()
        child.process.join()
        del self.children[child.conn]
        self._remove_staging(child)
        elapsed = time.perf_counter() - child.started
        done = {r.get("report"): r for r in child.results}
        outcomes: list[Outcome | None] = []
        for report in child.reports:
            result = done.get(report.name)
            if result is None:
                if child.attempt < RETRIES and self.isolate:
                    outcomes.append(None)
                    continue
                error = f"the worker process {_how(child.process.exitcode)}"
                outcomes.append(Outcome(report, "failed", elapsed, error))
                continue
            for name, seconds in result.get("timings", {}).items():
                self.timings[name] = self.timings.get(name, 0.0) + seconds
            outcomes.append(
                Outcome(
                    report,
                    result["status"],
                    elapsed,
                    result.get("error", ""),
                    result.get("payload", ""),
                )
            )
        return outcomes

    def _remove_staging(self, child: Child) -> None:
        for staging in child.stagings:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)

    def stop(self) -> None:
        """Kill every child now, wait for it and remove its staging directories and the
        temporary files it may have been writing."""
        from .guard import remove_temporary_files

        for child in list(self.children.values()):
            with contextlib.suppress(OSError, ValueError):
                child.process.kill()
            with contextlib.suppress(OSError, ValueError, AssertionError):
                child.process.join()
            with contextlib.suppress(OSError):
                child.conn.close()
            self._remove_staging(child)
        self.children.clear()
        remove_temporary_files(self.plan.out_dir)


def _how(exitcode: int | None) -> str:
    """How a child ended, from its exit code (negative: the signal that killed it), e.g.
    ``died (signal 9, SIGKILL)``."""
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else "?"
        return f"died (signal {sig}, {name})"
    return f"exited with status {exitcode} without a result"
