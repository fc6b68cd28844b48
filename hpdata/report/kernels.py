"""Warm Jupyter kernels: start a kernel once, run many notebooks through papermill in it.

Starting a kernel and importing pandas and matplotlib costs seconds; executing a small report in a
warm kernel costs a fraction of one. A :class:`WarmKernel` keeps one ``ipykernel`` running, passes
its ``KernelManager`` to :func:`papermill.execute_notebook` (so papermill still injects parameters
and raises :class:`papermill.PapermillExecutionError` with the failing cell), and between two
notebooks resets what one could leak into the next:

* the user namespace (``%reset -f``) and the execution counter (the next notebook counts from 1);
* matplotlib: open figures are closed, ``rcParams`` (and the backend) are restored to the values
  captured when the kernel was warmed up;
* pandas options (``pandas.reset_option("all")``), numpy print options and the random states of
  ``random`` and ``numpy.random``;
* warning filters, environment variables, the working directory and ``sys.path``.

Modules stay imported (that is the point of a warm kernel), so module-level state that a notebook
mutates, such as a monkeypatched function, is not reset; the notebooks here call ``hpdata`` only.

Kernels talk to this process over Unix domain sockets (ZMQ ``ipc`` transport) in a private
temporary directory, so parallel kernels never race for TCP ports (papermill's known port clash
under parallel use), and they are started one at a time under a lock all the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from jupyter_client import KernelManager

from .. import paths
from . import cache
from .guard import remove_temporary_files
from .job import (
    INFRASTRUCTURE_RETRIES,
    describe_error,
    injected_index,
    is_notebook_error,
    make_staging,
    skip_slow_optional_imports,
    write_outputs,
)
from .plan import FIGURES_ENV, INDEX, Outcome, Plan, Report

KERNEL_NAME = "python3"
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Seconds to wait for a kernel to start and for the warm-up or reset code to run.
START_TIMEOUT = 120
#: Seconds between checks that a kernel still lives while waiting for its answer.
POLL_SECONDS = 0.2

_START_LOCK = threading.Lock()

#: Run once in a fresh kernel: import the heavy modules and capture the state to restore later.
WARMUP_CODE = r"""
def _hpdata_warmup():
    import os, random, sys, types, warnings
    import matplotlib
    import matplotlib.pyplot
    import numpy
    import pandas
    import hpdata
    for name in ("hpdata.load", "hpdata.analysis.progress", "hpdata.numberstyle", "hpdata.report.overview",
                 "hpdata.report.indicatorpage", "hpdata.report.plots"):
        try:
            __import__(name)
        except ImportError:
            pass
    state = types.ModuleType("_hpdata_kernel_state")
    state.rc = dict(matplotlib.rcParams)
    state.backend = matplotlib.get_backend()
    state.warnings = list(warnings.filters)
    state.environ = dict(os.environ)
    state.cwd = os.getcwd()
    state.path = list(sys.path)
    state.np_print = numpy.get_printoptions()
    state.random = random.getstate()
    state.np_random = numpy.random.get_state()
    sys.modules["_hpdata_kernel_state"] = state
_hpdata_warmup()
del _hpdata_warmup
"""

#: Run before each notebook; ``{env!r}`` is a dict of environment variables for that notebook.
RESET_CODE = r"""
def _hpdata_reset(env):
    import os, random, sys, warnings
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy
    import pandas
    state = sys.modules["_hpdata_kernel_state"]
    ip = get_ipython()
    ip.run_line_magic("reset", "-f")
    ip.execution_count = 1
    plt.close("all")
    if matplotlib.get_backend() != state.backend:
        plt.switch_backend(state.backend)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dict.clear(matplotlib.rcParams)
        dict.update(matplotlib.rcParams, state.rc)
        pandas.reset_option("all")
    numpy.set_printoptions(**state.np_print)
    random.setstate(state.random)
    numpy.random.set_state(state.np_random)
    warnings.filters[:] = state.warnings
    getattr(warnings, "_filters_mutated", lambda: None)()
    os.environ.clear()
    os.environ.update(state.environ)
    os.environ.update(env)
    os.chdir(state.cwd)
    sys.path[:] = state.path
_hpdata_reset({env!r})
"""


class KernelError(RuntimeError):
    """The kernel died or failed to run the warm-up or reset code."""


class WarmKernel:
    """One running kernel that executes notebooks one after the other through papermill.

    Parameters
    ----------
    workdir : Path
        A private directory for the kernel's connection file and Unix sockets.
    cwd : Path
        The kernel's working directory (the notebooks' directory, as in JupyterLab).
    env : mapping
        Extra environment variables for the kernel (e.g. ``HPDATA_DATA_DIR``).
    log : file or None
        Where the kernel's stdout and stderr go (warnings, logs); ``None`` inherits ours.
    """

    def __init__(
        self,
        workdir: Path,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        log: IO[Any] | None = None,
        name: str = "k0",
    ):
        self.workdir = Path(workdir)
        self.cwd = Path(cwd)
        self.env = dict(env or {})
        self.log = log
        self.name = name
        self.km: _TrackingKernelManager | None = None
        self.pid: int | None = None
        self._warmup: tuple[Any, str] | None = None

    def start(self, wait: bool = True) -> None:
        """Start the kernel (one at a time across threads) and send it the warm-up code.

        With ``wait=False`` this returns as soon as the process is launched, so the caller can do
        other work (import papermill and nbconvert) while the kernel imports pandas and
        matplotlib; :meth:`wait_ready` then waits for the warm-up to finish."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        env["MPLBACKEND"] = INLINE_BACKEND
        env.update(self.env)
        km = _TrackingKernelManager(
            kernel_name=KERNEL_NAME,
            transport="ipc",
            connection_file=str(self.workdir / f"{self.name}.json"),
        )
        extra = ["--HistoryManager.enabled=False", "--IPKernelApp.matplotlib=inline"]
        with _START_LOCK:
            km.start_kernel(
                cwd=str(self.cwd),
                env=env,
                stdout=self.log,
                stderr=self.log,
                extra_arguments=extra,
            )
        self.km = km
        self.pid = getattr(km.provisioner, "pid", None)
        kc = km.client()
        kc.start_channels()
        msg_id = kc.execute(WARMUP_CODE, silent=True, store_history=False, allow_stdin=False)
        self._warmup = (kc, msg_id)
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        """Wait until the warm-up code sent by :meth:`start` has run; raise
        :class:`KernelError` if it failed or the kernel died."""
        if self._warmup is None:
            return
        kc, msg_id = self._warmup
        self._warmup = None
        try:
            reply = kc.get_shell_msg(timeout=START_TIMEOUT)
            while reply["parent_header"].get("msg_id") != msg_id:  # pragma: no cover
                reply = kc.get_shell_msg(timeout=START_TIMEOUT)
        except Exception as error:
            raise KernelError(f"kernel {self.name} did not start: {error!r}") from None
        finally:
            kc.stop_channels()
            if self.km is not None:
                self.km.forget_clients()
        self._check(reply)

    def _check(self, reply: dict[str, Any]) -> None:
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelError(
                f"kernel {self.name}: {content.get('ename')}: {content.get('evalue')}"
            )

    def run(self, code: str) -> str:
        """Execute ``code`` in the kernel and return what it printed on stdout; raise
        :class:`KernelError` if it raises or the kernel does not answer."""
        self._check_alive()
        self.wait_ready()
        printed: list[str] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "stream" and msg["content"].get("name") == "stdout":
                printed.append(msg["content"]["text"])

        kc = self.km.client()
        kc.start_channels()
        try:
            reply = self._answer(kc, kc.execute(code, store_history=False, allow_stdin=False), hook)
        except (RuntimeError, TimeoutError) as error:
            raise KernelError(f"kernel {self.name}: {error!r}") from None
        finally:
            kc.stop_channels()
            self.km.forget_clients()
        self._check(reply)
        return "".join(printed)

    def _answer(self, kc: Any, msg_id: str, hook: Callable[[dict[str, Any]], None]) -> dict:
        """The shell reply to request ``msg_id``, after passing its output messages to ``hook``
        until the kernel is idle again (what ``execute_interactive`` does, but checking the
        kernel between reads: :meth:`_next`)."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            msg = self._next(kc.get_iopub_msg, msg_id, deadline)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return self._next(kc.get_shell_msg, msg_id, deadline)
            hook(msg)

    def _next(self, get: Callable[..., dict], msg_id: str, deadline: float) -> dict:
        """The next message of one channel (``get``) answering ``msg_id``, read in slices of
        :data:`POLL_SECONDS` with a check that the kernel lives between them: a kernel that
        died is a :class:`KernelError` within a slice, not after :data:`START_TIMEOUT`; no
        answer by ``deadline`` is a :class:`TimeoutError`."""
        import queue

        while True:
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer in {START_TIMEOUT} s")
            try:
                msg = get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def reset(self, env: Mapping[str, str] | None = None) -> None:
        """Reset the kernel's state (see the module docstring) and set ``env`` for the next
        notebook."""
        self.run(RESET_CODE.format(env=dict(env or {})))

    def execute(
        self, notebook: Path, parameters: Mapping[str, Any], engine_name: str = "nbclient"
    ) -> Any:
        """Execute ``notebook`` with ``parameters`` through papermill in this kernel, with the
        papermill engine registered as ``engine_name`` (its default, ``nbclient``).

        Returns the executed notebook (a ``nbformat.NotebookNode``); nothing is written to disk.
        Raises :class:`papermill.PapermillExecutionError` when a cell raises.
        """
        import papermill

        self._check_alive()
        self.wait_ready()
        try:
            return papermill.execute_notebook(
                str(notebook),
                None,
                parameters=dict(parameters),
                engine_name=engine_name,
                km=self.km,
                kernel_name=KERNEL_NAME,
                language="python",
                progress_bar=False,
                request_save_on_cell_execute=False,
                start_timeout=START_TIMEOUT,
            )
        finally:
            self.km.forget_clients()

    def _check_alive(self) -> None:
        """Raise :class:`KernelError` at once for a kernel that is not started or has died,
        rather than waiting for a reply that cannot come."""
        if self.km is None:
            raise KernelError("the kernel is not started")
        if not self.km.is_alive():
            raise KernelError(f"kernel {self.name} died")

    def is_alive(self) -> bool:
        """True while the kernel process runs."""
        return self.km is not None and bool(self.km.is_alive())

    def kill(self) -> None:
        """Kill the kernel's process group at once; safe to call from any thread, twice."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
        if self.km is not None:
            with contextlib.suppress(Exception):  # best effort after a kill
                self.km.cleanup_resources()

    def shutdown(self) -> None:
        """Stop the kernel (without waiting for it to finish politely) and free its files."""
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=True)
            except Exception:  # pragma: no cover - the kernel may already be gone
                self.kill()
            self.km = None
        shutil.rmtree(self.workdir, ignore_errors=True)


class _TrackingKernelManager(KernelManager):
    """A KernelManager that remembers the clients it hands out, so that the client papermill
    creates for each notebook (and never closes when the kernel manager is ours) can be closed."""

    def client(self, **kwargs: Any) -> Any:
        kc = super().client(**kwargs)
        self.__dict__.setdefault("_hpdata_clients", []).append(kc)
        return kc

    def forget_clients(self) -> None:
        """Stop the channels of every client handed out since the last call."""
        clients = self.__dict__.pop("_hpdata_clients", [])
        for kc in clients:
            with contextlib.suppress(Exception):  # best effort
                kc.stop_channels()


def kernel_workdir() -> Path:
    """A new private directory with a short path for kernels' Unix sockets (paths of Unix sockets
    are limited to about 100 bytes), named ``hpk-<pid>-*`` after this process."""
    return Path(tempfile.mkdtemp(prefix=f"hpk-{os.getpid()}-"))


#: Run in a warm kernel to compute the index page's status tables (pandas stays out of this process).
INDEX_CODE = """
import json
from hpdata.report.indexpage import status_tables
print(json.dumps(status_tables({data_dir!r}, {langs!r})))
"""


#: Run by :class:`Janitor` in its own process: it reads ``dir <path>`` and ``group <pid>`` lines
#: until its standard input closes, which happens however the render ends (even SIGKILL), then
#: kills those kernels' process groups (unless told ``done``: the render shut them down itself)
#: and removes their directories (connection files, keys).
JANITOR_CODE = r"""
import os, shutil, signal, sys, time
dirs, groups, done = [], [], False
for line in sys.stdin:
    kind, _, value = line.rstrip("\n").partition(" ")
    if kind == "done":
        done = True
    else:
        (dirs if kind == "dir" else groups).append(value)
for pid in [] if done else groups:
    try:
        os.killpg(int(pid), signal.SIGKILL)
    except (OSError, AttributeError, ValueError):
        pass
for path in dirs:
    shutil.rmtree(path, ignore_errors=True)
# A kernel launched just before the render died (its process group not yet told) exits within
# a second or two by itself, and may write its connection file again as it goes: sweep again.
for _ in range(0 if done else 24):
    time.sleep(0.25)
    for path in dirs:
        shutil.rmtree(path, ignore_errors=True)
"""


class Janitor:
    """A small process that outlives the render to remove what its kernels leave.

    The render tells it each kernel's directory and process group as they start; when the
    render's end of the pipe closes (a normal end, Ctrl-C, a crash or SIGKILL alike) the janitor
    kills what is left of those kernels and removes their directories, so no connection file
    (which holds the kernel's key) outlives the render. In its own session, so a Ctrl-C sent to
    the terminal's process group does not stop it first."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", JANITOR_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            text=True,
        )
        self._lock = threading.Lock()  # worker threads write to it; a line must not be lost

    def watch(self, kind: str, value: object) -> None:
        """Tell the janitor about a kernel's directory (``dir``) or process group (``group``)."""
        stdin = self.process.stdin
        if stdin is None:
            return
        with self._lock, contextlib.suppress(OSError, ValueError):
            if not stdin.closed:
                stdin.write(f"{kind} {value}\n")
                stdin.flush()

    def close(self, done: bool = False) -> None:
        """Let the janitor clean up and exit now; ``done``: the kernels were shut down, only
        their directories are left to remove."""
        if done:
            self.watch("done", "")
        with self._lock, contextlib.suppress(OSError, ValueError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)


class KernelEngine:
    """A pool of warm kernels, one per worker thread, rendering reports from a shared queue.

    The kernels do the work in their own processes; the threads here only pass messages and
    convert to HTML (milliseconds). The index page's status tables are computed in a kernel too
    (the :data:`INDEX` job), so this process never imports pandas or matplotlib.
    ``on_done`` is called in the main thread for each outcome.
    """

    #: The papermill engine (by its name in papermill's registry) that runs each notebook.
    papermill_engine = "nbclient"

    def __init__(self, plan: Plan, jobs: int, *, verbose: bool = False, reset: bool = True):
        self.plan = plan
        self.jobs = max(1, jobs)
        self.verbose = verbose
        self.reset = reset
        self.kernels: list[Any] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.janitor: Janitor | None = None

    def _log(self, index: int) -> Any:
        if self.verbose:
            return None
        logs = self.plan.out_dir / cache.CACHE_DIR
        logs.mkdir(parents=True, exist_ok=True)
        return (logs / f"kernel-{index}.log").open("w", encoding="utf-8")

    def _new_kernel(self, index: int, log: Any) -> Any:
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
            if self.janitor is not None:
                self.janitor.watch("dir", kernel.workdir)
            kernel.start(wait=False)  # launched before stop() can look, so it is always killed
            if self.janitor is not None and kernel.pid is not None:
                self.janitor.watch("group", kernel.pid)
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
            nb = kernel.execute(
                self.plan.notebook_path(report), report.parameters, self.papermill_engine
            )
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
        kernels; Ctrl-C (or any error here) kills every kernel. A :class:`Janitor` removes the
        kernels' files however this process ends."""

        self.janitor = Janitor()
        finished = False
        try:
            self._run(reports, on_done)
            finished = True
        finally:
            self.janitor.close(done=finished)

    def _run(self, reports: list[Report], on_done: Callable[[Outcome], None]) -> None:
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
        remove_temporary_files(self.plan.out_dir)
