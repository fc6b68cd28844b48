"""A papermill engine that executes a notebook in this Python process, with no kernel.

``papermill.execute_notebook(..., engine_name="hpdata-inprocess")`` parameterises the notebook as
usual (its ``injected-parameters`` cell), then hands it to :class:`InProcessEngine`, which runs
each code cell in an IPython :class:`~IPython.core.interactiveshell.InteractiveShell` of this
process and records what a Jupyter kernel would have sent:

* ``stream`` outputs for ``stdout`` and ``stderr`` (consecutive writes merged, in order with the
  rest);
* ``display_data`` for ``display(...)`` and for the figures of matplotlib's inline backend
  (binary data such as PNG base64-encoded, as the kernel protocol does);
* ``execute_result`` for a cell's last expression (not after a trailing ``;``), numbered with the
  cell's execution count (1, 2, ... from the first code cell);
* ``error`` with ``ename``, ``evalue`` and the formatted traceback for a cell that raises;
  execution stops there and papermill raises :class:`papermill.PapermillExecutionError` naming
  the cell, exactly as with a kernel.

The engine gives no isolation of its own: two notebooks run in one process share its modules and
globals. :mod:`hpdata.report.forked` gets a clean state per report by running each one in a
forked child of a process that has imported the heavy modules once.

The engine is registered with papermill under :data:`ENGINE_NAME` by the ``papermill.engine``
entry point in ``pyproject.toml`` and by :func:`register` (idempotent).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import sys
from collections.abc import Iterator
from typing import Any

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

ENGINE_NAME = "hpdata-inprocess"


def json_data(data: dict[str, Any]) -> dict[str, Any]:
    """A display's ``{mimetype: value}`` as the kernel protocol carries it: ``bytes`` values (PNG,
    JPEG, PDF) base64-encoded to ASCII text, everything else unchanged.

    >>> json_data({"image/png": b"\\x89PNG", "text/plain": "<Figure>"})
    {'image/png': 'iVBORw==', 'text/plain': '<Figure>'}
    """
    out = {}
    for mime, value in data.items():
        if isinstance(value, bytes | bytearray):
            value = base64.b64encode(bytes(value)).decode("ascii")
        out[mime] = value
    return out


def new_output(output_type: str, **fields: Any) -> Any:
    """An output as ``nbformat.v4.new_output`` makes it, without validating it against the
    notebook schema on the spot: a report's ~30 outputs cost about 50 ms of jsonschema that way.
    The notebook is still validated as a whole when papermill or nbconvert read or write it.

    Examples
    --------
    >>> new_output("stream", name="stdout", text="1\\n").output_type
    'stream'
    """
    return nbformat.from_dict({"output_type": output_type, **fields})


class _Publisher(DisplayPublisher):
    """``display(...)`` appends a ``display_data`` output to the running cell's outputs."""

    def publish(self, data: dict[str, Any], metadata: dict[str, Any] | None = None, **_: Any):
        self.shell.record(new_output("display_data", data=json_data(data), metadata=metadata or {}))

    def clear_output(self, wait: bool = False) -> None:
        self.shell.outputs.clear()


class _Hook(DisplayHook):
    """A cell's last expression becomes an ``execute_result`` (IPython's own rules: nothing for
    ``None`` or after a trailing semicolon)."""

    def start_displayhook(self) -> None:
        pass

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict: dict, md_dict: dict | None = None) -> None:
        self.shell.record(
            new_output(
                "execute_result",
                data=json_data(format_dict),
                metadata=md_dict or {},
                execution_count=self.shell.cell_count,
            )
        )

    def finish_displayhook(self) -> None:
        pass


class _Stream:
    """A text stream (``sys.stdout`` or ``sys.stderr`` while a cell runs) whose writes become
    ``stream`` outputs of the running cell."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, shell: InProcessShell, name: str):
        self.shell = shell
        self.name = name

    def write(self, text: str) -> int:
        if text:
            self.shell.record_stream(self.name, str(text))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:  # some libraries ask; writing to the real fd bypasses the capture
        raise OSError("a captured notebook stream has no file descriptor")

    def writable(self) -> bool:
        return True


class InProcessShell(InteractiveShell):
    """An IPython shell whose outputs go to :attr:`outputs` (a list of nbformat outputs) instead
    of a terminal. History is kept in memory only (no SQLite file, no saving thread)."""

    def __init__(self, **kwargs: Any):
        config = Config()
        config.HistoryManager.enabled = False
        super().__init__(
            config=config,
            display_pub_class=_Publisher,
            displayhook_class=_Hook,
            **kwargs,
        )
        self.outputs: list[Any] = []
        self.cell_count: int | None = None

    def enable_gui(self, gui: str | None = None) -> None:
        """No event loop to integrate with (required by ``InteractiveShell``)."""

    def record(self, output: Any) -> None:
        """Append one output to the running cell's outputs."""
        self.outputs.append(output)

    def record_stream(self, name: str, text: str) -> None:
        """Append ``text`` to the running cell's last output when that is the same stream, else
        start a new ``stream`` output (a kernel's outputs merge the same way)."""
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(new_output("stream", name=name, text=text))

    def _showtraceback(self, etype: type, evalue: BaseException, stb: list[str]) -> None:
        """A raised exception becomes an ``error`` output (as ``ipykernel`` sends it)."""
        self.outputs.append(
            new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=list(stb))
        )

    @contextlib.contextmanager
    def capturing(self) -> Iterator[list[Any]]:
        """Collect the outputs of what runs inside the block (streams included)."""
        self.outputs = []
        out, err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream(self, "stdout"), _Stream(self, "stderr")
        try:
            yield self.outputs
        finally:
            sys.stdout, sys.stderr = out, err

    def run_code_cell(self, source: str, count: int) -> tuple[list[Any], bool]:
        """Run one cell as execution number ``count``; return its outputs and whether it
        succeeded. Matplotlib figures left open are shown by the inline backend's post-execute
        hook, as in a kernel."""
        self.execution_count = self.cell_count = count
        with self.capturing() as outputs:
            result = self.run_cell(source, store_history=True, silent=False)
        return list(outputs), bool(result.success)


def shell() -> InProcessShell:
    """The process's :class:`InProcessShell` (created on first use). Other shell instances of
    IPython are replaced. Matplotlib's inline backend is enabled here only when matplotlib is
    already imported: hpdata's charts do not use it, and a notebook that imports pyplot later
    gets the inline backend from ``MPLBACKEND`` (which :mod:`.forked` sets), as in a kernel."""
    if not isinstance(InteractiveShell._instance, InProcessShell):
        InteractiveShell.clear_instance()
        sh = InProcessShell.instance()
        if "matplotlib" in sys.modules:
            with contextlib.suppress(ImportError):
                from matplotlib_inline.backend_inline import configure_inline_support

                configure_inline_support.current_backend = "unset"  # type: ignore[attr-defined]
                sh.enable_matplotlib("inline")
    return InteractiveShell._instance  # type: ignore[return-value]


def execute_managed_notebook(nb_man: Any) -> Any:
    """Run the code cells of papermill's managed notebook in :func:`shell`.

    Cells run in order, counted from 1; the first cell that raises gets an ``error`` output and
    papermill's exception metadata, and no later cell runs (papermill then raises
    ``PapermillExecutionError`` naming that cell)."""
    sh = shell()
    count = 0
    for index, cell in enumerate(nb_man.nb.cells):
        nb_man.cell_start(cell, index)
        ok = True
        if cell.cell_type == "code":
            count += 1
            cell.outputs, ok = sh.run_code_cell(cell.source, count)
            cell.execution_count = count
            if not ok:
                nb_man.cell_exception(cell, index)
        nb_man.cell_complete(cell, index)
        if not ok:
            break
    return nb_man.nb


@functools.cache
def _papermill_engine() -> type:
    """The papermill ``Engine`` subclass that does the work (built on first use; see
    :class:`InProcessEngine`)."""
    from papermill.engines import Engine

    class _Engine(Engine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            return execute_managed_notebook(nb_man)

    return _Engine


class InProcessEngine:
    """papermill engine ``hpdata-inprocess``: the code cells run in :func:`shell`.

    papermill loads its ``papermill.engine`` entry points while it is itself being imported, so
    this module does not import papermill at the top (that would be a circular import); this
    class passes papermill's engine calls on to a subclass of ``papermill.engines.Engine``
    built on first use. Keyword arguments meant for kernels (``kernel_name``, timeouts...) are
    accepted and ignored."""

    @classmethod
    def execute_notebook(cls, nb: Any, kernel_name: str, **kwargs: Any) -> Any:
        """papermill's entry: wrap ``nb`` in its execution manager and run it."""
        return _papermill_engine().execute_notebook(nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb: Any, name: str | None = None) -> str:
        """The kernel name papermill records (from the notebook unless given)."""
        return _papermill_engine().nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb: Any, language: str | None = None) -> str:
        """The language papermill translates parameters to (from the notebook unless given)."""
        return _papermill_engine().nb_language(nb, language)


class _LazyEngine:
    """A papermill engine from an entry point, imported on first use (attribute access)."""

    def __init__(self, entry_point: Any):
        self._entry_point = entry_point
        self._engine: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._engine is None:
            self._engine = self._entry_point.load()
        return getattr(self._engine, name)


class _Deferred:
    """An entry point whose ``load()`` gives a :class:`_LazyEngine` instead of importing."""

    def __init__(self, entry_point: Any):
        self.name = entry_point.name
        self._entry_point = entry_point

    def load(self) -> _LazyEngine:
        return _LazyEngine(self._entry_point)


@contextlib.contextmanager
def lazy_engine_entry_points() -> Iterator[None]:
    """While papermill is first imported inside the block, its engine registry registers every
    ``papermill.engine`` entry point by name without importing it: each engine is imported when
    first used. (papermill imports them all at once; ploomber-engine's import alone pulls in
    ``matplotlib.pyplot``, which no report of hpdata needs: about 0.3-1 s of every render's
    start-up.) Does nothing once papermill is imported or where it reads entry points otherwise."""
    try:
        import entrypoints
    except ImportError:  # pragma: no cover - another papermill
        yield
        return
    if "papermill.engines" in sys.modules:
        yield
        return
    original = entrypoints.get_group_all

    def get_group_all(group: str, *args: Any, **kwargs: Any) -> list[Any]:
        found = original(group, *args, **kwargs)
        return [_Deferred(e) for e in found] if group == "papermill.engine" else found

    entrypoints.get_group_all = get_group_all
    try:
        yield
    finally:
        entrypoints.get_group_all = original


def register() -> None:
    """Register :class:`InProcessEngine` with papermill as :data:`ENGINE_NAME` (the entry point
    does the same when papermill is imported first); papermill's other engines are registered
    by name and imported on first use (:func:`lazy_engine_entry_points`)."""
    with lazy_engine_entry_points():
        from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, InProcessEngine)


register()
