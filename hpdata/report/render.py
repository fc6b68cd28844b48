"""``hpdata render``: execute every report notebook with papermill and write self-contained HTML.

The report set, for each language asked for (``vi`` and ``en`` by default):

* ``overview.<lang>``: ``notebooks/overview.ipynb`` with ``lang`` and ``as_of`` (``None``: the
  latest result period in the data);
* ``indicator.<indicator>.<lang>``: ``notebooks/indicator.ipynb`` for each row of
  ``data/indicators.csv``;
* ``sources.<source_id>.<lang>``: ``notebooks/sources.ipynb`` for each row of ``data/sources.csv``.

Outputs, each written to a temporary file and renamed into place: ``<out>/<report>.html``, the
executed notebook ``<out>/notebooks/<report>.ipynb``, the charts ``<out>/figures/<report>/*.png``
and ``*.svg`` (notebooks save them through ``$HPDATA_FIGURES_DIR``, which is set per report), and
``<out>/index.html`` linking every report under the headline status table.

The whole plan, the parameter checks and the cache look-up use the standard library only: a bad
parameter is refused before any worker starts, and a second run with nothing changed finishes
without importing pandas, papermill or matplotlib.

Two engines run the reports: ``forked`` (the default, :mod:`hpdata.report.forked`: imports once,
one forked child per report executing in-process with :mod:`hpdata.report.inprocess`) and
``kernel`` (:class:`Engine`: a warm Jupyter kernel per worker, reset between reports). Around
either, :func:`render` locks the output folder, sweeps what a killed render left
(:mod:`hpdata.report.guard`), validates the data once, turns SIGTERM into an interrupt and records
where the time went in ``<out>/.cache/timings.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from .. import atomic, paths
from ..errors import ParameterError
from . import cache
from .plan import (
    FIGURES_ENV,
    INDEX,
    Outcome,
    Plan,
    Report,
    make_plan,
    parse_langs,
    report_keys,
)

# --- output --------------------------------------------------------------------------------


class Progress:
    """Per-report progress: a tqdm bar on a terminal, else one line per report on ``stream``."""

    def __init__(self, total: int, stream: TextIO, *, tty: bool | None = None):
        self.total = total
        self.done = 0
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.bar: Any = None
        if self.tty and total:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: the forked engine forks from here
            self.bar = tqdm(total=total, file=stream, unit="report", dynamic_ncols=True)

    def update(self, outcome: Outcome) -> None:
        """Record one finished report; failures are printed in full by the caller."""
        self.done += 1
        if self.bar is not None:
            self.bar.set_postfix_str(outcome.report.name, refresh=False)
            self.bar.update(1)
            return
        width = len(str(self.total))
        line = f"[{self.done:>{width}}/{self.total}] {outcome.status:<8} {outcome.report.name}"
        print(f"{line} ({outcome.seconds:.2f} s)", file=self.stream, flush=True)

    def write(self, text: str, stream: TextIO) -> None:
        """Print ``text`` without breaking the bar."""
        if self.bar is not None:
            self.bar.write(text, file=stream)
        else:
            print(text, file=stream, flush=True)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()


def failure_message(plan: Plan, report: Report, error: str) -> str:
    """The line printed for a failed report: notebook, parameters, then what went wrong."""
    notebook = paths.display(plan.notebook_path(report))
    params = json.dumps(report.parameters, ensure_ascii=False)
    return f"hpdata render: {report.name} failed: {notebook} with parameters {params}: {error}"


def summary(outcomes: Iterable[Outcome], seconds: float, index: Path | None) -> str:
    """The closing line: how many reports were rendered, cached and failed, and the time; then
    the index page to open (``None``: it could not be written)."""
    counts = {"rendered": 0, "cached": 0, "failed": 0}
    total = 0
    for o in outcomes:
        if o.report is INDEX:
            continue
        counts[o.status] += 1
        total += 1
    text = (
        f"hpdata render: {total} reports: {counts['rendered']} rendered, {counts['cached']} cached,"
        f" {counts['failed']} failed in {seconds:.2f} s"
    )
    text += f"; open {paths.display(index)}" if index is not None else "; no index.html"
    return text


# --- the engine ------------------------------------------------------------------------------


#: How many times a report is tried again on a fresh kernel after a failure of the kernel itself
#: (never after an error raised by the notebook's own code).
INFRASTRUCTURE_RETRIES = 1


def is_notebook_error(error: BaseException) -> bool:
    """True for an exception raised by a notebook's code (papermill's
    ``PapermillExecutionError``, which names the failing cell), as opposed to a kernel failure."""
    return getattr(error, "cell_index", None) is not None and hasattr(error, "ename")


def describe_error(error: BaseException, injected: int | None = None) -> str:
    """One line for a failed report. For papermill's ``PapermillExecutionError``: the failing
    cell's 0-based index in the source notebook (papermill's index, less one when papermill
    inserted its parameters cell at index ``injected`` before it), its execution count and the
    exception's last line."""
    cell = getattr(error, "cell_index", None)
    if is_notebook_error(error):
        if injected is not None and injected < cell:
            cell -= 1
        count = getattr(error, "exec_count", None)
        evalue = str(getattr(error, "evalue", "")).strip().splitlines()
        detail = f"{error.ename}: {evalue[-1]}" if evalue else str(error.ename)
        return f"cell {cell} (counting from 0; In [{count}]) raised {detail}"
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[-1] if text else ''}".rstrip(": ")


def injected_index(notebook: Path) -> int | None:
    """Where papermill inserts its ``injected-parameters`` cell in ``notebook``: right after the
    cell tagged ``parameters``, else at the top; ``None`` when the notebook already has such a
    cell (papermill then replaces it, shifting nothing) or cannot be read."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return None
    tags = [cell.get("metadata", {}).get("tags", []) for cell in cells]
    if any("injected-parameters" in t for t in tags):
        return None
    for i, t in enumerate(tags):
        if "parameters" in t:
            return i + 1
    return 0


def publish_figures(staging: Path, final: Path) -> None:
    """Move the charts written to ``staging`` into ``final`` (one rename per file) and remove the
    charts of a previous render that this one did not produce."""
    produced = {p.name for p in staging.iterdir() if p.is_file() and not p.name.startswith(".")}
    if not produced and not final.exists():
        return
    final.mkdir(parents=True, exist_ok=True)
    for name in produced:
        os.replace(staging / name, final / name)
    for old in final.iterdir():
        if old.is_file() and old.name not in produced:
            old.unlink()


def make_staging(plan: Plan, report: Report) -> Path:
    """A new, empty staging directory for ``report``'s charts: ``figures/.<report>.<random>/``
    beside its final folder (so publishing is one rename per file). A render killed before it
    removes it leaves it for the next render's sweep (:func:`hpdata.report.guard.sweep`)."""
    import tempfile

    final = plan.figures_dir(report)
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{report.name}.", dir=final.parent))


def write_outputs(plan: Plan, report: Report, nb: Any, html: str, staging: Path) -> None:
    """Write an executed report: its notebook, then its charts (moved from ``staging``), then
    its HTML, each file atomically (the HTML last, so it never links to charts not yet there)."""
    import nbformat

    atomic.write_text(plan.ipynb_path(report), nbformat.writes(nb))
    publish_figures(staging, plan.figures_dir(report))
    atomic.write_text(plan.html_path(report), html)


def render_report(plan: Plan, report: Report, staging: Path, exporter: Any) -> dict[str, float]:
    """Execute ``report`` in this process with the in-process papermill engine, convert it to
    HTML and write its outputs; return the seconds spent ``{"execute", "export", "write"}``.

    The notebook runs in the notebooks' directory (as a kernel would), named relative to it, so
    the executed notebook does not record this machine's absolute paths. ``$HPDATA_FIGURES_DIR``
    must already point at ``staging``. Raises papermill's ``PapermillExecutionError`` naming the
    failing cell; nothing of the report is written then."""
    import papermill

    from . import inprocess
    from .export import to_html

    started = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(plan.notebooks_dir)
    try:
        nb = papermill.execute_notebook(
            plan.notebook_path(report).name,
            None,
            parameters=report.parameters,
            engine_name=inprocess.ENGINE_NAME,
            kernel_name="python3",
            language="python",
            progress_bar=False,
            request_save_on_cell_execute=False,
        )
    finally:
        os.chdir(cwd)
    executed = time.perf_counter()
    html = to_html(exporter, nb, report.title, report.lang)
    exported = time.perf_counter()
    write_outputs(plan, report, nb, html, staging)
    written = time.perf_counter()
    return {
        "execute": executed - started,
        "export": exported - executed,
        "write": written - exported,
    }


def index_tables_json(plan: Plan) -> str:
    """The index page's status tables for the plan's languages, as JSON ``{lang: html}``."""
    from .indexpage import status_tables

    return json.dumps(status_tables(str(plan.data_dir), list(plan.langs)))


def skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing its optional ``rfc3987_syntax`` IRI checker.

    That module builds a Lark grammar when imported (about 1.4 s here, more than half of importing
    papermill), and nbformat, the only user of jsonschema here, never validates the ``iri`` format.
    jsonschema imports it inside ``try/except ImportError``, so a ``None`` entry in
    ``sys.modules`` just leaves that one format unchecked. Does nothing once jsonschema is loaded.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


#: Run in a warm kernel to compute the index page's status tables (pandas stays out of this process).
INDEX_CODE = """
import json
from hpdata.report.indexpage import status_tables
print(json.dumps(status_tables({data_dir!r}, {langs!r})))
"""


class Engine:
    """A pool of warm kernels, one per worker thread, rendering reports from a shared queue.

    The kernels do the work in their own processes; the threads here only pass messages and
    convert to HTML (milliseconds). The index page's status tables are computed in a kernel too
    (the :data:`INDEX` job), so this process never imports pandas or matplotlib.
    ``on_done`` is called in the main thread for each outcome.
    """

    def __init__(self, plan: Plan, jobs: int, *, verbose: bool = False, reset: bool = True):
        self.plan = plan
        self.jobs = max(1, jobs)
        self.verbose = verbose
        self.reset = reset
        self.kernels: list[Any] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _log(self, index: int) -> Any:
        if self.verbose:
            return None
        logs = self.plan.out_dir / cache.CACHE_DIR
        logs.mkdir(parents=True, exist_ok=True)
        return (logs / f"kernel-{index}.log").open("w", encoding="utf-8")

    def _new_kernel(self, index: int, log: Any) -> Any:
        from .kernels import WarmKernel, kernel_workdir

        with self._lock:
            # Checked, created and launched under the lock, so stop() either sees this kernel
            # with its process (and kills it and removes its directory) or this worker sees the
            # stop before creating anything.
            if self._stop.is_set():
                raise KeyboardInterrupt
            kernel = WarmKernel(
                kernel_workdir(),
                self.plan.notebooks_dir,
                env={paths.ENV_VAR: str(self.plan.data_dir)},
                log=log,
                name=f"k{index}",
            )
            self.kernels.append(kernel)
            kernel.start(wait=False)  # launched before stop() can look, so it is always killed
        return kernel

    def render_one(self, kernel: Any, exporter: Any, report: Report) -> None:
        """Execute ``report`` in ``kernel`` and write its outputs; raise on failure, leaving every
        previous output of the report untouched.

        The charts go to a staging directory (``$HPDATA_FIGURES_DIR``) and are moved into
        ``figures/<report>/`` only once the notebook has run and its HTML is ready."""
        import shutil

        from .export import to_html

        staging = make_staging(self.plan, report)
        try:
            if self.reset:
                kernel.reset({FIGURES_ENV: str(staging)})
            nb = kernel.execute(self.plan.notebook_path(report), report.parameters)
            html = to_html(exporter, nb, report.title, report.lang)
            write_outputs(self.plan, report, nb, html, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def index_tables(self, kernel: Any) -> str:
        """The index page's status tables, computed in ``kernel``, as JSON ``{lang: html}``."""
        kernel.reset({})
        printed = kernel.run(
            INDEX_CODE.format(data_dir=str(self.plan.data_dir), langs=self.plan.langs)
        )
        json.loads(printed)
        return printed

    def _worker(self, index: int, todo: Any, done: Any) -> None:
        import queue

        log = self._log(index)
        kernel = None
        exporter = None
        try:
            while not self._stop.is_set():
                try:
                    report = todo.get_nowait()
                except queue.Empty:
                    return
                start = time.perf_counter()
                for attempt in range(1 + INFRASTRUCTURE_RETRIES):
                    payload = ""
                    try:
                        if kernel is None or not kernel.is_alive():
                            if kernel is not None:
                                kernel.shutdown()
                            kernel = self._new_kernel(index, log)
                        if exporter is None:
                            skip_slow_optional_imports()
                            from .export import make_exporter

                            exporter = make_exporter()
                        if report is INDEX:
                            payload = self.index_tables(kernel)
                        else:
                            self.render_one(kernel, exporter, report)
                        elapsed = time.perf_counter() - start
                        outcome = Outcome(report, "rendered", elapsed, "", payload)
                        break
                    except Exception as error:  # the report failed; the others go on
                        injected = None
                        if report is not INDEX:
                            injected = injected_index(self.plan.notebook_path(report))
                        message = describe_error(error, injected)
                        elapsed = time.perf_counter() - start
                        outcome = Outcome(report, "failed", elapsed, message)
                        if is_notebook_error(error) or attempt == INFRASTRUCTURE_RETRIES:
                            break
                        # The kernel, not the notebook, failed (it died, or did not answer in
                        # time): retry once on a fresh kernel.
                        if kernel is not None:
                            kernel.shutdown()
                            kernel = None
                done.put(outcome)
        except KeyboardInterrupt:  # pragma: no cover - raised when stopping
            return
        finally:
            if kernel is not None and not self._stop.is_set():
                kernel.shutdown()
            if log is not None:
                log.close()

    def run(self, reports: list[Report], on_done: Callable[[Outcome], None]) -> None:
        """Render ``reports`` (which may include the :data:`INDEX` job) with up to ``jobs`` warm
        kernels; Ctrl-C (or any error here) kills every kernel."""
        import queue

        todo: queue.Queue[Report] = queue.Queue()
        for r in reports:
            todo.put(r)
        done: queue.Queue[Outcome] = queue.Queue()
        threads = [
            threading.Thread(target=self._worker, args=(i, todo, done), daemon=True)
            for i in range(min(self.jobs, len(reports)))
        ]
        try:
            for t in threads:
                t.start()
            remaining = len(reports)
            while remaining:
                try:
                    outcome = done.get(timeout=0.2)
                except queue.Empty:
                    if not any(t.is_alive() for t in threads) and done.empty():
                        raise RuntimeError("the render workers stopped unexpectedly") from None
                    continue
                remaining -= 1
                on_done(outcome)
            for t in threads:
                t.join()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Kill every kernel now (Ctrl-C, an error in the main thread) and remove their sockets."""
        import shutil

        with self._lock:
            self._stop.set()
            kernels = list(self.kernels)
        for kernel in kernels:
            kernel.kill()
            shutil.rmtree(kernel.workdir, ignore_errors=True)
        from .guard import remove_temporary_files

        remove_temporary_files(self.plan.out_dir)


def _configure_logging(plan: Plan, verbose: bool) -> None:
    """Library logs and Python warnings go to ``<out>/.cache/render.log`` (or to stderr with
    ``--verbose``), never to the user's terminal by default."""
    import logging

    if verbose:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        level = logging.INFO
    else:
        logs = plan.out_dir / cache.CACHE_DIR
        logs.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(logs / "render.log", mode="w", encoding="utf-8")
        level = logging.INFO
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in ("papermill", "traitlets", "nbclient", "jupyter_client", "py.warnings", "asyncio"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False
    logging.captureWarnings(True)


def tables_key(plan: Plan, common: str) -> str:
    """The cache key of the index page's status tables: data and code (``common``) and languages."""
    import hashlib

    return hashlib.sha256(f"{common} {','.join(plan.langs)}".encode("ascii")).hexdigest()


def write_index(plan: Plan, tables: dict[str, str]) -> bool:
    """Write ``<out>/index.html`` (one per language), the method pages and the dataset copies
    from the status ``tables`` ({lang: html}), each only when its content changed; True if any
    was written. See :mod:`hpdata.report.indexpage`."""
    from .indexpage import index_files

    written = False
    for name, data in index_files(plan, tables).items():
        path = plan.out_dir / name
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        atomic.write_bytes(path, data)
        written = True
    return written


#: The render engines: ``forked`` (the default, :mod:`hpdata.report.forked`) and ``kernel``
#: (warm Jupyter kernels, :class:`Engine`, for notebooks that need a real kernel).
ENGINES = ("forked", "kernel")
DEFAULT_ENGINE = "forked"
TIMINGS = "timings.json"


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: every child or kernel is stopped and its files removed."""


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` in the main thread (elsewhere this
    does nothing: signal handlers can only be set there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def make_engine(name: str, plan: Plan, jobs: int, *, verbose: bool, reset: bool) -> Any:
    """The engine called ``name`` (see :data:`ENGINES`); ``reset=False`` turns off what keeps
    reports apart (the kernel reset, or one forked child per report), for the leak tests' controls."""
    if name == "kernel":
        return Engine(plan, jobs, verbose=verbose, reset=reset)
    if name == "forked":
        from .forked import ForkedEngine

        return ForkedEngine(plan, jobs, verbose=verbose, isolate=reset)
    raise ParameterError(f"--engine: unknown engine {name!r} (valid: {', '.join(ENGINES)})")


def validate_data(plan: Plan) -> float:
    """Validate the plan's data directory once, before any worker starts; return the seconds
    taken. Raises :class:`hpdata.errors.DataError` (one line from the CLI, exit 1)."""
    started = time.perf_counter()
    skip_slow_optional_imports()
    with unimportable(*VALIDATION_SKIPS):
        from ..validation import validate

        validate(plan.data_dir)
    return time.perf_counter() - started


#: Optional modules that pandera imports (inside ``try/except ImportError``) when it first
#: validates, but never uses to validate: ``hypothesis`` serves its data synthesis (about 0.2 s).
VALIDATION_SKIPS = ("hypothesis",)


@contextlib.contextmanager
def unimportable(*names: str) -> Iterator[None]:
    """Within the block, ``import name`` raises ``ImportError`` for each of ``names`` not yet
    imported (a ``None`` entry in ``sys.modules``); afterwards they import normally again, so a
    report that needs one still gets it."""
    blocked = [n for n in names if n not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def write_timings(plan: Plan, timings: dict[str, Any]) -> None:
    """Keep where the time of the last render went in ``<out>/.cache/timings.json`` (read by
    ``make bench``)."""
    text = json.dumps(timings, indent=1, sort_keys=True) + "\n"
    atomic.write_text(plan.out_dir / cache.CACHE_DIR / TIMINGS, text)


def render(
    plan: Plan,
    *,
    jobs: int | None = None,
    force: bool = False,
    verbose: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    reset: bool = True,
    engine: str = DEFAULT_ENGINE,
) -> list[Outcome]:
    """Render the plan's reports that are not up to date (all with ``force``), then the index.

    Returns one :class:`Outcome` per report, plus one for :data:`INDEX` when the index's tables
    had to be computed. The output folder is locked for the whole run (a second render into it
    waits) and first swept of what a killed render left. Before any worker starts, the data are
    validated (:class:`DataError` otherwise). Raises ``KeyboardInterrupt`` after stopping every
    worker on Ctrl-C or SIGTERM. A failed report keeps its previous outputs; the others go on.
    ``reset=False`` is only for the tests that prove the isolation matters."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    from .guard import output_lock, sweep

    with terminate_as_interrupt(), output_lock(plan.out_dir, lambda line: print(line, file=err)):
        sweep(plan.out_dir)
        return _render_locked(plan, jobs, force, verbose, out, err, reset, engine)


def _render_locked(
    plan: Plan,
    jobs: int | None,
    force: bool,
    verbose: bool,
    out: TextIO,
    err: TextIO,
    reset: bool,
    engine_name: str,
) -> list[Outcome]:
    """:func:`render`, once the output folder is locked and swept."""
    started = time.perf_counter()
    common = cache.common_key(plan.data_dir)
    keys = report_keys(plan, common)
    manifest = cache.Manifest(plan.out_dir)
    outcomes: list[Outcome] = []
    todo: list[Report] = []
    for r in plan.reports:
        outputs = (plan.html_path(r), plan.ipynb_path(r))
        if not force and cache.is_fresh(manifest, r.name, keys[r.name], outputs):
            outcomes.append(Outcome(r, "cached"))
        else:
            todo.append(r)
    tkey = tables_key(plan, common)
    tables = manifest.tables if manifest.tables_key == tkey and not force else None
    jobs_todo = todo + ([INDEX] if tables is None else [])
    stream = err if err.isatty() else out
    workers = max(1, min(jobs or default_jobs(), len(jobs_todo) or 1))
    if jobs_todo:
        print(
            f"hpdata render: {len(todo)} to render, {len(outcomes)} up to date"
            f" ({engine_name} engine, {workers} worker{'s' * (workers > 1)})",
            file=stream,
            flush=True,
        )
    progress = Progress(len(todo), stream)

    def on_done(outcome: Outcome) -> None:
        nonlocal tables
        outcomes.append(outcome)
        if outcome.report is INDEX or outcome.report.name == INDEX.name:
            if outcome.status == "rendered":
                tables = json.loads(outcome.payload)
                manifest.tables, manifest.tables_key = tables, tkey
                manifest.save()
            else:
                progress.write(f"hpdata render: index.html failed: {outcome.error}", err)
            return
        if outcome.status == "rendered":
            manifest.set(outcome.report.name, keys[outcome.report.name])
            manifest.save()
        progress.update(outcome)
        if outcome.status == "failed":
            progress.write(failure_message(plan, outcome.report, outcome.error), err)

    if jobs_todo:
        _configure_logging(plan, verbose)
        timings: dict[str, Any] = {"engine": engine_name, "jobs": workers, "reports": len(todo)}
        try:
            timings["validate"] = validate_data(plan)
            engine = make_engine(engine_name, plan, workers, verbose=verbose, reset=reset)
            engine.run(jobs_todo, on_done)
        finally:
            progress.close()
        timings.update(getattr(engine, "timings", {}))
        timings["wall"] = time.perf_counter() - started
        write_timings(plan, timings)
    index: Path | None = None
    if tables is not None:
        write_index(plan, tables)
        index = plan.out_dir / "index.html"
    order = {r.name: i for i, r in enumerate(plan.reports)}
    outcomes.sort(key=lambda o: order.get(o.report.name, len(order)))
    print(summary(outcomes, time.perf_counter() - started, index), file=out)
    return outcomes


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def positive_int(value: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return n


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``hpdata render``."""
    parser.add_argument(
        "--out", default=None, metavar="DIR", help="output directory (default: reports/)"
    )
    parser.add_argument(
        "--lang", default=None, metavar="LANGS", help="comma-separated languages (default: vi,en)"
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help="workers (default and at most: the cores)",
    )
    parser.add_argument("--force", action="store_true", help="render even what is up to date")
    parser.add_argument(
        "--only", default=None, metavar="GLOB", help="reports to consider, e.g. 'indicator.*.vi'"
    )
    parser.add_argument("--verbose", action="store_true", help="show kernel and library logs")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help="forked: one forked child per report, in-process (default); kernel: warm Jupyter"
        " kernels, for notebooks that need a real kernel",
    )
    parser.add_argument(
        "--notebooks",
        default=None,
        metavar="DIR",
        help="directory of overview/indicator/sources.ipynb (default: notebooks/)",
    )


def cap_jobs(asked: int | None, stream: TextIO) -> int | None:
    """``--jobs`` capped at the core count, with a one-line warning when it was more."""
    cores = default_jobs()
    if asked is not None and asked > cores:
        print(
            f"hpdata render: --jobs {asked} is more than the {cores} cores here; using {cores}",
            file=stream,
        )
        return cores
    return asked


def main(args: argparse.Namespace) -> int:
    """The ``hpdata render`` handler: 0 when every report (and the index) is good, else 1."""
    plan = make_plan(
        args.data_dir,
        langs=parse_langs(args.lang),
        only=args.only,
        out_dir=args.out,
        notebooks_dir=args.notebooks,
    )
    jobs = cap_jobs(args.jobs, sys.stderr)
    engine = getattr(args, "engine", DEFAULT_ENGINE)
    outcomes = render(plan, jobs=jobs, force=args.force, verbose=args.verbose, engine=engine)
    return 1 if any(o.status == "failed" for o in outcomes) else 0
