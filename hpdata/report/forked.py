"""The default render engine: import once, then run each report in a forked child, in-process.

The parent process (``hpdata render``) pays the start-up once: it validates the data (a broken
data directory is refused before any child starts), imports pandas, IPython, papermill, nbconvert
and ``hpdata``, compiles the HTML template, draws one throw-away chart and loads the data into
``hpdata.load``'s caches. Then, for each report, it forks a child that:

1. executes the notebook through ``papermill.execute_notebook`` with the in-process engine of
   :mod:`hpdata.report.inprocess` (parameters injected, the failing cell named, no kernel);
2. converts it to HTML with the parent's exporter;
3. writes the executed notebook, the charts and the HTML atomically (charts through a staging
   directory the parent created, see :func:`hpdata.report.job.write_outputs`);
4. reports a JSON line (status, error, timings) on a pipe and exits with ``os._exit``.

A child starts from the parent's memory image, so no report sees another's variables, options,
environment, working directory or random state, and nothing has to be reset. Up to ``jobs``
children run at a time. A child that dies without reporting (killed, out of memory) is retried
once in a new child, then reported as failed. On Ctrl-C or SIGTERM the parent kills every child
(``SIGKILL``), waits for it and removes its staging directory and temporary files; a child also
dies with the parent (``PR_SET_PDEATHSIG``) if the parent is killed outright, and the next render
sweeps what such a run left (:func:`hpdata.report.guard.sweep`).

The parent must not run threads when it forks: the progress bar's monitor thread is turned off
and nothing here starts one.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import random
import selectors
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
    """A running child: its process id, the read end of its pipe, the report and its staging
    directory, what it has sent so far and how many times the report was tried."""

    pid: int
    fd: int
    report: Report
    staging: Path | None
    started: float
    attempt: int
    received: bytearray = field(default_factory=bytearray)


def warm_up(plan: Plan) -> tuple[Any, dict[str, float]]:
    """Import and prime everything a report needs, once, in the parent; return the HTML exporter
    and the seconds spent ``{"imports": ...}``. (The data were validated before this.)"""
    skip_slow_optional_imports()
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    started = time.perf_counter()
    from . import inprocess
    from .export import make_exporter, to_html

    exporter = make_exporter()
    _prime_exporter(exporter, to_html)
    _prime_modules(plan)
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


def _prime_modules(plan: Plan) -> None:
    """Import the modules the notebooks call and draw one small chart (hpdata's own SVG charts:
    no matplotlib); load the data's caches. Failures here are left to the reports."""
    import importlib

    for name in (
        "pandas",
        "hpdata.report.svg",
        "hpdata.analysis.progress",
        "hpdata.analysis.formatting",
        "hpdata.report.tables",
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
    with contextlib.suppress(Exception):
        from ..analysis.progress import progress
        from ..analysis.tracker import history

        for lang in plan.langs:
            progress(plan.data_dir, lang=lang)
            history(plan.data_dir, lang=lang)


def _prime_locales(plan: Plan) -> None:
    """Load Babel's locale data of every language of the plan (a pickle per locale, read on first
    use), so that children inherit it rather than each reading it again."""
    with contextlib.suppress(Exception):  # the reports report their own errors
        from babel.dates import format_date
        from babel.numbers import format_decimal

        for lang in plan.langs:
            format_decimal(1234.5, locale=lang)
            format_date(None, "long", locale=lang)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies; exit at once if it already has."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _child_main(
    plan: Plan, report: Report, staging: Path | None, exporter: Any, write_fd: int, log_fd: int
) -> None:
    """The body of a child: run ``report``, send one JSON result, and ``_exit`` (never return)."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills us
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if log_fd >= 0:
            os.dup2(log_fd, 1)
            os.dup2(log_fd, 2)
        result = run_in_child(plan, report, staging, exporter)
        payload = json.dumps(result, ensure_ascii=False).encode("utf-8")
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
        status = 0
    finally:
        os._exit(status)


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
    """Render reports in forked children, ``jobs`` at a time (see the module docstring).

    ``reset=False`` runs every report one after the other in a single child, sharing its
    state: only for the test that proves the isolation matters. ``on_done`` is called in this
    process for each outcome; :attr:`timings` collects where the time went."""

    #: The papermill engine (by its name in papermill's registry) that runs each notebook.
    papermill_engine = "hpdata-inprocess"

    def __init__(self, plan: Plan, jobs: int, *, verbose: bool = False, reset: bool = True):
        self.plan = plan
        self.jobs = max(1, jobs)
        self.verbose = verbose
        self.isolate = reset
        self.children: dict[int, Child] = {}
        self.timings: dict[str, float] = {}
        self.exporter: Any = None
        self._log_fd = -1

    # -- the parent ---------------------------------------------------------------------------

    def start(self) -> None:
        """Warm up (once): validate, import, prime; see :func:`warm_up`."""
        if self.exporter is None:
            self.exporter, seconds = warm_up(self.plan)
            self.timings.update(seconds)
        if self._log_fd < 0 and not self.verbose:
            logs = self.plan.out_dir / cache.CACHE_DIR
            logs.mkdir(parents=True, exist_ok=True)
            self._log_fd = os.open(
                logs / "children.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644
            )

    def run(self, reports: list[Report], on_done: Callable[[Outcome], None]) -> None:
        """Render ``reports`` (which may include :data:`INDEX`); Ctrl-C, SIGTERM or any error
        here kills every child and removes its files before the exception propagates."""
        self.start()
        if not self.isolate:
            self._run_shared(reports, on_done)
            return
        todo: deque[tuple[Report, int]] = deque((r, 0) for r in reports)
        selector = selectors.DefaultSelector()
        try:
            while todo or self.children:
                while todo and len(self.children) < self.jobs:
                    report, attempt = todo.popleft()
                    child = self._fork([report], attempt)
                    selector.register(child.fd, selectors.EVENT_READ, child)
                for key, _ in selector.select(timeout=1.0):
                    child = key.data
                    data = os.read(child.fd, 1 << 16)
                    if data:
                        child.received += data
                        continue
                    selector.unregister(child.fd)
                    outcome = self._reap(child)
                    if outcome is None:
                        todo.appendleft((child.report, child.attempt + 1))
                    else:
                        on_done(outcome)
        except BaseException:
            self.stop()
            raise
        finally:
            selector.close()
            self.close()

    def _fork(self, reports: list[Report], attempt: int) -> Child:
        """Create the staging directory and the pipe, then fork a child for ``reports``."""
        report = reports[0]
        staging = None
        if report is not INDEX:
            final = self.plan.figures_dir(report)
            final.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{report.name}.", dir=final.parent))
        read_fd, write_fd = os.pipe()
        parent = os.getpid()
        random_state = random.getstate()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; its coverage is not collected
            os.close(read_fd)
            _die_with_parent(parent)
            random.setstate(random_state)  # Python reseeds ``random`` in a fork; undo that
            if len(reports) == 1:
                _child_main(self.plan, report, staging, self.exporter, write_fd, self._log_fd)
            self._child_shared(reports, write_fd)
        os.close(write_fd)
        child = Child(pid, read_fd, report, staging, time.perf_counter(), attempt)
        self.children[pid] = child
        return child

    def _reap(self, child: Child) -> Outcome | None:
        """Wait for a child whose pipe closed and turn what it sent into an outcome; ``None``
        when it died without a result and may be retried."""
        os.close(child.fd)
        _, status = os.waitpid(child.pid, 0)
        del self.children[child.pid]
        self._remove_staging(child)
        elapsed = time.perf_counter() - child.started
        try:
            result = json.loads(child.received.decode("utf-8"))
        except ValueError:
            if child.attempt < RETRIES:
                return None
            return Outcome(child.report, "failed", elapsed, f"the worker process {_how(status)}")
        for name, seconds in result.get("timings", {}).items():
            self.timings[name] = self.timings.get(name, 0.0) + seconds
        return Outcome(
            child.report,
            result["status"],
            elapsed,
            result.get("error", ""),
            result.get("payload", ""),
        )

    def _remove_staging(self, child: Child) -> None:
        if child.staging is not None:
            shutil.rmtree(child.staging, ignore_errors=True)

    def stop(self) -> None:
        """Kill every child now, wait for it and remove its staging directory and the temporary
        files it may have been writing."""
        from .guard import remove_temporary_files

        for pid, child in list(self.children.items()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(child.fd)
            self._remove_staging(child)
        self.children.clear()
        remove_temporary_files(self.plan.out_dir)

    def close(self) -> None:
        """Close the children's log."""
        if self._log_fd >= 0:
            os.close(self._log_fd)
            self._log_fd = -1

    # -- no isolation (the control of the leak test) ------------------------------------------

    def _run_shared(self, reports: list[Report], on_done: Callable[[Outcome], None]) -> None:
        """Run every report in one child, one after the other, in the same interpreter state."""
        child = self._fork(reports, RETRIES)
        try:
            while data := os.read(child.fd, 1 << 16):
                child.received += data
            os.close(child.fd)
            os.waitpid(child.pid, 0)
            del self.children[child.pid]
            self._remove_staging(child)
            for line in child.received.decode("utf-8").splitlines():
                result = json.loads(line)
                report = next(r for r in reports if r.name == result["report"])
                on_done(Outcome(report, result["status"], 0.0, result.get("error", "")))
        except BaseException:
            self.stop()
            raise
        finally:
            self.close()

    def _child_shared(self, reports: list[Report], write_fd: int) -> None:  # pragma: no cover
        """The child of :meth:`_run_shared`: one JSON line per report, then ``_exit``."""
        try:
            for report in reports:
                staging = self.plan.figures_dir(report).parent / f".{report.name}.shared"
                staging.mkdir(parents=True, exist_ok=True)
                try:
                    result = run_in_child(self.plan, report, staging, self.exporter)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
                result["report"] = report.name
                os.write(write_fd, (json.dumps(result) + "\n").encode("utf-8"))
        finally:
            os._exit(0)


def _how(status: int) -> str:
    """How a child ended, from its ``waitpid`` status, e.g. ``died (signal 9, SIGKILL)``."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else "?"
        return f"died (signal {sig}, {name})"
    return f"exited with status {os.WEXITSTATUS(status)} without a result"
