"""Transactions on the data directory: one writer at a time, the files of one change committed
together, and recovery of a change that was interrupted.

The protocol is a write-ahead journal rolled forward:

1. :func:`lock` takes an exclusive lock on ``<data>/.hpdata.lock`` (:func:`hpdata.locks.exclusive`,
   the one lock function of every hpdata writer, portable). A second writer
   waits up to ``timeout`` seconds (default :data:`LOCK_TIMEOUT`, or ``$HPDATA_LOCK_TIMEOUT``),
   then gets a one-line :class:`~hpdata.errors.ParameterError`.
2. :meth:`Transaction.stage` writes each new file's bytes into ``<data>/.hpdata-txn/`` and syncs
   them. Nothing in the data directory has changed yet: an interruption here is rolled back.
3. :meth:`Transaction.commit` writes ``journal.json`` (the list of staged file -> target) atomically
   beside them. This is the commit point: from here an interruption is rolled forward.
4. Each staged file is renamed over its target with :func:`os.replace`, in the order staged.
5. The journal, then the staging directory, is removed.

:func:`recover`, which every command runs first, finishes or undoes what a killed writer left: with
the lock free, it replays a committed journal (renaming the staged files that are still there) or
removes an uncommitted staging directory, and removes the temporary files of
:func:`hpdata.atomic.atomic_open` left in the data directory and ``raw/``. It writes nothing when
there is nothing to recover, so reading a dataset never writes to it.

Only the standard library is used, so the ``hpdata`` command can run :func:`recover` before it
imports pandas.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import locks, paths
from .atomic import write_bytes
from .errors import ParameterError

#: The lock file and the staging directory, inside the data directory.
LOCK_NAME = ".hpdata.lock"
STAGING_NAME = ".hpdata-txn"
JOURNAL_NAME = "journal.json"
#: Seconds a writer waits for another writer to finish before it refuses.
LOCK_TIMEOUT = 60.0
LOCK_TIMEOUT_VAR = "HPDATA_LOCK_TIMEOUT"
#: Folders of the data directory whose temporary files recovery removes.
_TEMP_DIRS = (".", "raw")
_TEMP = re.compile(r"^\..+\.tmp$")

#: A test hook called with the name of each write boundary (``stage <target>``, ``commit``,
#: ``apply <target>``, ``done``); ``None`` in normal use. The fault suite sets it to kill the
#: process at one boundary.
on_boundary: Callable[[str], None] | None = None


def _boundary(name: str) -> None:
    if on_boundary is not None:
        on_boundary(name)


def _timeout(timeout: float | None) -> float:
    if timeout is not None:
        return timeout
    value = os.environ.get(LOCK_TIMEOUT_VAR)
    if not value:
        return LOCK_TIMEOUT
    try:
        return max(0.0, float(value))
    except ValueError:
        raise ParameterError(f"${LOCK_TIMEOUT_VAR} {value!r} is not a number of seconds") from None


def _cannot_lock(directory: Path, error: OSError) -> ParameterError:
    reason = error.strerror or str(error)
    return ParameterError(f"{paths.display(directory)}: cannot lock the data directory ({reason})")


@contextlib.contextmanager
def lock(directory: str | os.PathLike[str], timeout: float | None = None) -> Iterator[Path]:
    """Hold the data directory's writer lock for the ``with`` block.

    The rule: an exclusive lock on ``<data>/.hpdata.lock`` (:func:`hpdata.locks.exclusive`),
    polled every 50 ms for at most ``timeout`` seconds (default :data:`LOCK_TIMEOUT`, or
    ``$HPDATA_LOCK_TIMEOUT``). The operating system releases it when the holder exits, even when
    killed, so a dead writer never blocks the next.

    Raises
    ------
    ParameterError
        One line: the directory cannot be locked, or another writer held it for ``timeout`` s.

    Examples
    --------
    >>> import tempfile
    >>> with lock(tempfile.mkdtemp()) as where:
    ...     where.is_dir()
    True
    """
    where = Path(directory)
    limit = _timeout(timeout)
    held = contextlib.ExitStack()
    try:
        held.enter_context(locks.exclusive(where / LOCK_NAME, timeout=limit))
    except locks.Busy:
        raise ParameterError(
            f"{paths.display(where)}: another hpdata command is writing to this data "
            f"directory; gave up after {limit:g} s (${LOCK_TIMEOUT_VAR} sets the wait)"
        ) from None
    except OSError as error:
        raise _cannot_lock(where, error) from None
    with held:
        yield where


def _try_lock(directory: Path) -> Any | None:
    """The lock (now held; call ``.release()``) if it was free, else ``None``."""
    try:
        return locks.try_lock(directory / LOCK_NAME)
    except OSError as error:
        raise _cannot_lock(directory, error) from None


def _sync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _confined(directory: Path, target: str) -> Path:
    """``directory / target``, refusing a target that would leave the directory."""
    path = Path(os.path.normpath(directory / target))
    if os.path.isabs(target) or not path.is_relative_to(os.path.normpath(directory)):
        raise ParameterError(f"{target!r} is not a path inside the data directory")
    return path


class Transaction:
    """The files of one change to the data directory, staged then committed together.

    Use it with :func:`lock` held; :meth:`commit` makes the change, and leaving the ``with`` block
    without committing removes the staged files (nothing in the data directory has changed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> data = pathlib.Path(tempfile.mkdtemp())
    >>> with lock(data), Transaction(data) as txn:
    ...     txn.stage("raw/a.txt", b"text")
    ...     txn.stage("sources.csv", b"id\\n")
    ...     txn.commit()
    >>> sorted(p.name for p in data.rglob("*") if not p.name.startswith("."))
    ['a.txt', 'raw', 'sources.csv']
    """

    def __init__(self, directory: str | os.PathLike[str]):
        self.directory = Path(directory)
        self.staging = self.directory / STAGING_NAME
        self.entries: list[tuple[str, str]] = []  # (staged name, target relative to directory)
        self.committed = False

    def __enter__(self) -> Transaction:
        if self.staging.exists():
            recover(self.directory, locked=True)
        self.staging.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def stage(self, target: str, data: bytes) -> None:
        """Write ``data`` for ``target`` (a path relative to the data directory) into staging."""
        _confined(self.directory, target)
        name = f"{len(self.entries):03d}"
        with open(self.staging / name, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self.entries.append((name, target))
        _boundary(f"stage {target}")

    def commit(self) -> None:
        """Write the journal (the commit point), then move every staged file into place."""
        _sync_dir(self.staging)
        journal = json.dumps({"files": self.entries}).encode("utf-8")
        write_bytes(self.staging / JOURNAL_NAME, journal)
        _sync_dir(self.staging)
        self.committed = True
        _boundary("commit")
        _replay(self.directory, self.entries)


def _replay(directory: Path, entries: list[tuple[str, str]]) -> None:
    """Rename each staged file still present over its target, then remove the staging folder."""
    staging = directory / STAGING_NAME
    for name, target in entries:
        source = staging / name
        if source.exists():
            destination = _confined(directory, target)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(source, 0o666 & ~_umask())
            os.replace(source, destination)
            _sync_dir(destination.parent)
        _boundary(f"apply {target}")
    (staging / JOURNAL_NAME).unlink(missing_ok=True)
    _sync_dir(staging)
    _boundary("done")
    shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _read_journal(staging: Path) -> list[tuple[str, str]] | None:
    """The committed entries, or ``None`` when there is no complete journal (not committed)."""
    try:
        data = json.loads((staging / JOURNAL_NAME).read_text(encoding="utf-8"))
        return [(str(name), str(target)) for name, target in data["files"]]
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def _temp_files(directory: Path) -> list[Path]:
    found = []
    for folder in _TEMP_DIRS:
        with contextlib.suppress(OSError):
            found += [e.path for e in os.scandir(directory / folder) if _TEMP.match(e.name)]
    return [Path(p) for p in found]


def recover(directory: str | os.PathLike[str] | None = None, *, locked: bool = False) -> str:
    """Finish or undo an interrupted change to the data directory; return what was done.

    The rule: when ``.hpdata-txn`` or temporary files exist and no writer holds the lock, a
    committed journal is replayed (roll forward), an uncommitted staging folder is removed (roll
    back), and the temporary files are removed. When a writer is at work, nothing is touched.
    Returns ``""`` when there was nothing to do, else a short description.

    Examples
    --------
    >>> import tempfile
    >>> recover(tempfile.mkdtemp())
    ''
    """
    where = paths.data_dir(directory)
    staging = where / STAGING_NAME
    leftovers = _temp_files(where)
    if not staging.exists() and not leftovers:
        return ""
    fd = None if locked else _try_lock(where)
    if fd is None and not locked:
        return ""  # a live writer holds the lock: its change is in progress, not interrupted
    try:
        done = []
        if staging.exists():
            entries = _read_journal(staging)
            if entries is None:
                shutil.rmtree(staging)
                done.append("rolled back an uncommitted change")
            else:
                _replay(where, entries)
                done.append(f"completed an interrupted change ({len(entries)} file(s))")
        for path in _temp_files(where):
            path.unlink(missing_ok=True)
            done.append(f"removed {path.relative_to(where)}")
        return "; ".join(done)
    finally:
        if fd is not None:
            fd.release()
