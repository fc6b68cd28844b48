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
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from .. import atomic, paths
from ..errors import ParameterError
from . import cache, engines
from .job import VALIDATION_SKIPS, skip_slow_optional_imports, unimportable
from .plan import INDEX, Outcome, Plan, Report, make_plan, parse_langs

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


#: The render engines (see :mod:`hpdata.report.engines`).
ENGINES = engines.names()
DEFAULT_ENGINE = engines.DEFAULT
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
    """The engine called ``name`` (:func:`hpdata.report.engines.make`)."""
    return engines.make(name, plan, jobs, verbose=verbose, reset=reset)


#: ``<out>/.cache/validated``: the data state (code and data digests) last validated there.
VALIDATED = "validated"


def validate_data(plan: Plan, state: str | None = None) -> float:
    """Validate the plan's data directory once, before any worker starts; return the seconds
    taken. Raises :class:`hpdata.errors.DataError` (one line from the CLI, exit 1).

    Paid once per data state: when ``state`` (the digest of hpdata's code and of every data
    file, :func:`hpdata.report.cache.code_key` + :func:`hpdata.report.cache.data_key`) is the
    one recorded in ``<out>/.cache/validated`` by the last successful validation, the data are
    not validated again."""
    started = time.perf_counter()
    marker = plan.out_dir / cache.CACHE_DIR / VALIDATED
    if state is not None:
        with contextlib.suppress(OSError):
            if marker.read_text(encoding="ascii").strip() == state:
                return time.perf_counter() - started
    skip_slow_optional_imports()
    with unimportable(*VALIDATION_SKIPS):
        from ..validation import validate

        validate(plan.data_dir)
    if state is not None:
        atomic.write_text(marker, state + "\n")
    return time.perf_counter() - started


#: The folder of the output's cache where derived tables are kept (:mod:`hpdata.analysis.store`).
DERIVED_DIR = "derived"


@contextlib.contextmanager
def derived_store(plan: Plan, whole: bool) -> Iterator[None]:
    """Within the block, derived tables computed from the data are kept in
    ``<out>/.cache/derived`` and read back by later renders of the same data and code
    (:mod:`hpdata.analysis.store`: after one more article for one area, the other areas' tables
    are read, not computed). When the block renders the whole plan without error, the tables it
    neither wrote nor read are removed, so the store holds one site's tables."""
    from ..analysis import store

    before = os.environ.get(store.ENV)
    since = time.time() - 1.0  # modification times may be coarser than time()
    os.environ[store.ENV] = str(plan.out_dir / cache.CACHE_DIR / DERIVED_DIR)
    try:
        yield
        if whole:
            store.prune(since)
    finally:
        if before is None:
            os.environ.pop(store.ENV, None)
        else:
            os.environ[store.ENV] = before


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
    """:func:`render`, once the output folder is locked and swept: look the reports up in the
    cache, run those not up to date (and the index's tables when their key changed) in the
    engine, then write the index and print the summary."""
    started = time.perf_counter()
    code = cache.code_key()
    common = cache.common_key(plan.data_dir, code)
    manifest = cache.Manifest(plan.out_dir)
    whole = len(plan.reports) == len(plan.all_reports)
    check_same_data(plan, manifest, whole)
    removed = remove_stale(plan, manifest)
    data_state = cache.data_key(plan.data_dir)
    manifest.data_dir = str(plan.data_dir)
    tkey = tables_key(plan, common + data_state)
    tables = manifest.tables if manifest.tables_key == tkey and not force else None
    run = _Run(plan, manifest, cache.report_keys(plan, common), tkey, tables, err)
    todo = run.look_up(force)
    jobs_todo = todo + ([INDEX] if tables is None else [])
    stream = err if err.isatty() else out
    workers = max(1, min(jobs or default_jobs(), len(jobs_todo) or 1))
    if jobs_todo:
        print(
            f"hpdata render: {len(todo)} to render, {len(run.outcomes)} up to date"
            f" ({engine_name} engine, {workers} worker{'s' * (workers > 1)})",
            file=stream,
            flush=True,
        )
        run.progress = Progress(len(todo), stream)
        _configure_logging(plan, verbose)
        timings: dict[str, Any] = {"engine": engine_name, "jobs": workers, "reports": len(todo)}
        try:
            timings["validate"] = validate_data(plan, code + data_state)
            engine = make_engine(engine_name, plan, workers, verbose=verbose, reset=reset)
            with derived_store(plan, whole):
                engine.run(jobs_todo, run.on_done)
        finally:
            run.progress.close()
        timings.update(getattr(engine, "timings", {}))
        timings["wall"] = time.perf_counter() - started
        write_timings(plan, timings)
    if whole and not any(o.status == "failed" for o in run.outcomes):
        manifest.data_key = data_state
    manifest.save()
    return _finish(run, started, removed, out)


class _Run:
    """One render's bookkeeping: the outcomes so far, the manifest they are recorded in as they
    come (each rendered report's key and files), and the index's status tables."""

    def __init__(
        self,
        plan: Plan,
        manifest: cache.Manifest,
        keys: dict[str, str],
        tables_key: str,
        tables: dict[str, str] | None,
        err: TextIO,
    ):
        self.plan, self.manifest, self.keys = plan, manifest, keys
        self.tables_key, self.tables = tables_key, tables
        self.err = err
        self.outcomes: list[Outcome] = []
        self.progress = Progress(0, err, tty=False)

    def look_up(self, force: bool) -> list[Report]:
        """Record every report whose key matches the manifest's and whose HTML and notebook
        exist as ``cached`` (none with ``force``); return the others, to render."""
        todo: list[Report] = []
        for r in self.plan.reports:
            outputs = (self.plan.html_path(r), self.plan.ipynb_path(r))
            if not force and cache.is_fresh(self.manifest, r.name, self.keys[r.name], outputs):
                self.outcomes.append(Outcome(r, "cached"))
            else:
                todo.append(r)
        return todo

    def on_done(self, outcome: Outcome) -> None:
        """The engine's callback: record ``outcome`` (the index's tables, or a report's key
        and files when it was rendered), show progress and print a failure in full."""
        self.outcomes.append(outcome)
        if outcome.report is INDEX or outcome.report.name == INDEX.name:
            if outcome.status == "rendered":
                self.tables = json.loads(outcome.payload)
                self.manifest.tables, self.manifest.tables_key = self.tables, self.tables_key
                self.manifest.save()
            else:
                self.progress.write(f"hpdata render: index.html failed: {outcome.error}", self.err)
            return
        if outcome.status == "rendered":
            name = outcome.report.name
            self.manifest.set(name, self.keys[name], written_files(self.plan, outcome.report))
            self.manifest.save(now=False)
        self.progress.update(outcome)
        if outcome.status == "failed":
            self.progress.write(failure_message(self.plan, outcome.report, outcome.error), self.err)


def _finish(run: _Run, started: float, removed: int, out: TextIO) -> list[Outcome]:
    """Write the index (when its tables are known), print the closing line (the time since
    ``started``, a ``perf_counter``) and return the outcomes in the plan's order."""
    index: Path | None = None
    if run.tables is not None:
        write_index(run.plan, run.tables)
        index = run.plan.out_dir / "index.html"
    order = {r.name: i for i, r in enumerate(run.plan.reports)}
    outcomes = sorted(run.outcomes, key=lambda o: order.get(o.report.name, len(order)))
    text = summary(outcomes, time.perf_counter() - started, index)
    if removed:
        text += f"; removed {removed} page{'s' * (removed > 1)} no longer in the plan"
    print(text, file=out)
    return outcomes


def written_files(plan: Plan, report: Report) -> list[str]:
    """The files ``report``'s render wrote, relative to the output folder: its HTML, executed
    notebook and charts."""
    files = [plan.html_path(report), plan.ipynb_path(report)]
    with contextlib.suppress(OSError):
        files += sorted(p for p in plan.figures_dir(report).iterdir() if p.is_file())
    return [p.relative_to(plan.out_dir).as_posix() for p in files]


def check_same_data(plan: Plan, manifest: cache.Manifest, whole: bool) -> None:
    """Refuse (one line) an ``--only`` render into a folder whose pages were rendered from
    another data directory: its index would link pages built from two datasets. A whole render
    redoes every page whose data differ, so it is always allowed."""
    if whole or not manifest.reports or manifest.data_dir in (None, str(plan.data_dir)):
        return
    raise ParameterError(
        f"--only: {paths.display(plan.out_dir)} holds pages rendered from another data directory"
        f" ({manifest.data_dir}); render it whole (without --only) or choose another --out"
    )


def remove_stale(plan: Plan, manifest: cache.Manifest) -> int:
    """Remove the pages (with their notebooks, charts and CSV files) of reports no longer in the
    plan in any language, and forget them; return how many."""
    from .guard import remove_report, stale_reports
    from .plan import KINDS, LANGS, all_reports

    current = [r.name for r in all_reports(plan.data_dir, LANGS, plan.data)]
    stale = stale_reports(plan.out_dir, manifest.reports, current, [k.name for k in KINDS])
    for name in stale:
        remove_report(plan.out_dir, name, manifest.files.get(name, ()))
        manifest.forget(name)
    if stale:
        manifest.save()
    return len(stale)


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
    """The options of ``hpdata render`` (``--verbose`` and ``--quiet`` are every command's:
    :mod:`hpdata.cli`)."""
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
