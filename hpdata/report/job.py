"""One report's work, shared by every render engine: execute it (papermill, by engine name),
convert it to HTML, write its outputs atomically, and describe a failure in one line.

:mod:`hpdata.report.forked` runs :func:`render_report` in a child process;
:mod:`hpdata.report.kernels` runs the same steps against a warm kernel. Neither imports the
other nor :mod:`hpdata.report.render`, which picks an engine by name
(:mod:`hpdata.report.engines`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import atomic
from .plan import Plan, Report

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
