"""Guards around a render's output folder: one render at a time, nothing left behind.

* :func:`output_lock`: an exclusive lock on ``<out>/.cache/lock`` (:func:`hpdata.locks.exclusive`,
  portable) for the whole render, its holder's process id in ``<out>/.cache/lock.owner``; a
  second render into the same folder prints one line and waits for the first to finish (the
  operating system releases the lock when the holder exits, even when it is killed).
* :func:`sweep`: run under the lock before anything is rendered; removes what a killed render
  left: temporary files of atomic writes (``.<name>.<random>.tmp``), chart staging directories
  (``figures/.<report>.<random>/``) and, in the temporary directory, the kernel work directories
  (``hpk-<pid>-*``) of processes that no longer run.

Standard library and ``filelock`` only (the no-op re-render imports this).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .. import locks, paths
from ..errors import ParameterError
from . import cache

LOCK_FILE = "lock"
OWNER_FILE = "lock.owner"
#: ``hpdata.atomic``'s temporary files: ``.<target name>.<random>.tmp``.
_TEMPORARY = re.compile(r"^\..+\.tmp$")
_KERNEL_DIR = re.compile(r"^hpk-(\d+)-")


def _unwritable(out_dir: Path, error: OSError) -> ParameterError:
    reason = error.strerror or type(error).__name__
    return ParameterError(f"--out: cannot write to {paths.display(out_dir)}: {reason}")


@contextlib.contextmanager
def output_lock(out_dir: Path, notify: Callable[[str], None]) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` for the block.

    If another render holds it, ``notify`` is called once with a line naming the folder and the
    holder's process id, and the call blocks until the lock is free. Raises
    :class:`ParameterError` (one line) when the folder cannot be created or written."""
    lock_dir = out_dir / cache.CACHE_DIR
    owner = lock_dir / OWNER_FILE

    def waiting() -> None:
        try:
            holder = owner.read_text(encoding="ascii", errors="replace").strip() or "?"
        except OSError:
            holder = "?"
        notify(
            f"hpdata render: another render (pid {holder}) is writing to "
            f"{paths.display(out_dir)}; waiting for it to finish"
        )

    held = contextlib.ExitStack()
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
        held.enter_context(locks.exclusive(lock_dir / LOCK_FILE, on_wait=waiting))
        owner.write_text(f"{os.getpid()}\n", encoding="ascii")
    except OSError as error:
        held.close()
        raise _unwritable(out_dir, error) from None
    with held:
        yield


def remove_temporary_files(out_dir: Path) -> list[Path]:
    """Remove the temporary files of interrupted atomic writes and the chart staging
    directories under ``out_dir`` (only where a render writes: the folder itself, ``notebooks/``,
    ``.cache/``, ``figures/`` and each ``figures/<report>/``). Returns what was removed."""
    removed: list[Path] = []
    figures = out_dir / "figures"
    places = [out_dir, out_dir / "notebooks", out_dir / cache.CACHE_DIR, figures]
    with contextlib.suppress(OSError):
        places += [p for p in figures.iterdir() if p.is_dir() and not p.name.startswith(".")]
    for place in places:
        try:
            entries = list(place.iterdir())
        except OSError:
            continue
        for entry in entries:
            if place == figures and entry.name.startswith(".") and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
            elif _TEMPORARY.match(entry.name) and entry.is_file():
                with contextlib.suppress(FileNotFoundError):
                    entry.unlink()
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as error:
        return error.errno == errno.EPERM
    return True


def remove_dead_kernel_dirs(temp_dir: Path | None = None) -> list[Path]:
    """Remove the kernel work directories ``hpk-<pid>-*`` (connection files, sockets) of render
    processes that are gone; returns what was removed."""
    where = Path(temp_dir or tempfile.gettempdir())
    removed = []
    with contextlib.suppress(OSError):
        for entry in where.iterdir():
            match = _KERNEL_DIR.match(entry.name)
            if match and entry.is_dir() and not _alive(int(match.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def stale_reports(
    out_dir: Path, recorded: Iterable[str], current: Iterable[str], kinds: Iterable[str]
) -> list[str]:
    """The reports whose outputs are in ``out_dir`` but which the plan no longer has (an
    indicator or source removed from the data): those the manifest ``recorded`` and any page
    ``<kind>.*.html`` of a known kind, less the ``current`` report names (every language's)."""
    names = set(recorded)
    prefixes = tuple(f"{k}." for k in kinds)
    with contextlib.suppress(OSError):
        names.update(
            p.name[: -len(".html")] for p in out_dir.glob("*.html") if p.name.startswith(prefixes)
        )
    keep = set(current)
    return sorted(n for n in names if n not in keep)


def remove_report(out_dir: Path, name: str, files: Iterable[str] = ()) -> None:
    """Remove report ``name``'s outputs from ``out_dir``: its HTML, executed notebook and chart
    folder, and the ``files`` the manifest recorded (relative paths; none outside ``out_dir``)."""
    root = out_dir.resolve()
    for rel in [f"{name}.html", f"notebooks/{name}.ipynb", *files]:
        path = (out_dir / rel).resolve()
        if root in path.parents and path.is_file():
            path.unlink(missing_ok=True)
    shutil.rmtree(out_dir / "figures" / name, ignore_errors=True)


def sweep(out_dir: Path) -> list[Path]:
    """Everything a killed render left (see the module docstring); call it under the lock."""
    return remove_temporary_files(out_dir) + remove_dead_kernel_dirs()
