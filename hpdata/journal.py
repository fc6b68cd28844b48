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
import stat
import tempfile
import time
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


def inside(directory: str | os.PathLike[str], name: str) -> Path:
    """``directory / name`` if it stays inside ``directory`` once symbolic links are resolved.

    The rule: ``name`` is relative, and the resolved folder it would be written in (every link on
    the way followed) is the resolved ``directory`` or below it; the last component is kept as
    it is (a rename replaces a link, it does not follow it). Names of hpdata's own files
    (``.hpdata.lock``, ``.hpdata-txn``) are refused too, so no change can overwrite them.

    Raises
    ------
    ParameterError
        One line naming ``name``: absolute, empty, leaving the directory, or a symlink loop.

    Examples
    --------
    >>> import tempfile
    >>> inside(tempfile.mkdtemp(), "raw/a.txt").name
    'a.txt'
    >>> inside(tempfile.mkdtemp(), "../../victim/secret.txt")
    Traceback (most recent call last):
    ...
    hpdata.errors.ParameterError: '../../victim/secret.txt' is not a path inside the data directory
    """
    refused = ParameterError(f"{name!r} is not a path inside the data directory")
    parts = Path(name).parts
    if not name or os.path.isabs(name) or not parts or parts[-1] in (".", ".."):
        raise refused
    if parts[0] in (LOCK_NAME, STAGING_NAME):
        raise refused
    try:
        root = Path(directory).resolve()
        folder = (root / name).parent.resolve()
    except (OSError, RuntimeError):  # a symlink loop, a name too long
        raise refused from None
    if not folder.is_relative_to(root):
        raise refused
    return folder / parts[-1]


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
        if _staging_kind(self.staging) != "none":
            recover(self.directory, locked=True)
        why = untrusted(self.directory)
        if why:
            raise ParameterError(
                f"{paths.display(self.staging)}: left alone by recovery ({why}); "
                f"check it, then remove it"
            )
        self.staging.mkdir()
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def stage(self, target: str, data: bytes) -> None:
        """Write ``data`` for ``target`` (a path relative to the data directory) into staging."""
        inside(self.directory, target)
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
        if os.path.lexists(source):
            destination = inside(directory, target)
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


#: The names :meth:`Transaction.stage` gives staged files.
_STAGED = re.compile(r"^[0-9]{3,6}$")


def _unsafe(directory: Path, entries: list[tuple[str, str]]) -> str:
    """Why a journal must not be replayed (``""`` when it may): a staged name that is not one
    :meth:`Transaction.stage` writes, a staged file that is not a regular file (a link could
    point anywhere), or a target outside the data directory once links are resolved."""
    staging = directory / STAGING_NAME
    for name, target in entries:
        if not _STAGED.match(name):
            return f"its staged name {name!r} is not a file of {STAGING_NAME}"
        with contextlib.suppress(FileNotFoundError):  # missing: already renamed into place
            if not stat.S_ISREG(os.lstat(staging / name).st_mode):
                return f"its staged file {name!r} is not a regular file"
        try:
            inside(directory, target)
        except ParameterError:
            return f"its target {target!r} is outside the data directory"
    return ""


def _staging_kind(staging: Path) -> str:
    """``"none"``, ``"dir"`` (a real folder), ``"link"`` or ``"other"`` (a file, a pipe, ...)."""
    try:
        mode = os.lstat(staging).st_mode
    except FileNotFoundError:
        return "none"
    if stat.S_ISLNK(mode):
        return "link"
    return "dir" if stat.S_ISDIR(mode) else "other"


def _temp_files(directory: Path) -> list[Path]:
    """The temporary files of :func:`hpdata.atomic.atomic_open` left in the data directory and
    ``raw/``: files or links only (never a folder), and ``raw/`` only when it is inside the data
    directory once links are resolved (recovery deletes nothing outside it)."""
    found = []
    for folder in _TEMP_DIRS:
        try:
            inside(directory, f"{folder}/x")
        except ParameterError:
            continue
        with contextlib.suppress(OSError):
            found += [
                e.path
                for e in os.scandir(directory / folder)
                if _TEMP.match(e.name) and not e.is_dir(follow_symlinks=False)
            ]
    return [Path(p) for p in found]


#: The prefix of :func:`scratch` folders in the temporary directory, and their owner's lock file.
SCRATCH_PREFIX = "hpdata-ingest-"
SCRATCH_OWNER = ".owner"
#: A scratch folder without its owner's lock is swept only after this many seconds (its owner
#: may be between creating the folder and locking it).
SCRATCH_GRACE = 60.0


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A private folder in the temporary directory for the ``with`` block (ingest validates a
    copy of the data directory there), removed at the end; if the process is killed, the next
    hpdata command removes it (:func:`sweep_scratch`).

    The rule: the folder holds ``.owner``, on which its process keeps an exclusive lock
    (:mod:`hpdata.locks`); the operating system releases it when the process dies, so a folder
    whose ``.owner`` can be locked has no live owner.

    Examples
    --------
    >>> with scratch() as folder:
    ...     folder.is_dir()
    True
    >>> folder.exists()
    False
    """
    folder = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
    try:
        with locks.exclusive(folder / SCRATCH_OWNER):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_scratch(where: str | os.PathLike[str] | None = None) -> list[str]:
    """Remove the :func:`scratch` folders of dead processes (this user's only, never through a
    link) from the temporary directory; return their names."""
    base = Path(where or tempfile.gettempdir())
    removed = []
    try:
        entries = [e for e in os.scandir(base) if e.name.startswith(SCRATCH_PREFIX)]
    except OSError:
        return []
    for entry in entries:
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != _uid(st.st_uid):
                continue
            if _abandoned(Path(entry.path), st.st_mtime):
                shutil.rmtree(entry.path)
                removed.append(entry.name)
    return removed


def _uid(default: int) -> int:
    """This process's user id (``default`` where there is none, on Windows)."""
    return os.getuid() if hasattr(os, "getuid") else default


def _abandoned(folder: Path, mtime: float) -> bool:
    """Whether a scratch folder's owner is gone: its ``.owner`` lock is free, or it has none
    and is older than :data:`SCRATCH_GRACE`."""
    owner = folder / SCRATCH_OWNER
    if not owner.is_file() or owner.is_symlink():
        return time.time() - mtime > SCRATCH_GRACE
    held = locks.try_lock(owner)
    if held is None:
        return False
    held.release()
    return True


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
    kind = _staging_kind(staging)
    leftovers = _temp_files(where)
    if kind == "none" and not leftovers:
        return ""
    fd = None if locked else _try_lock(where)
    if fd is None and not locked:
        return ""  # a live writer holds the lock: its change is in progress, not interrupted
    try:
        done = [_recover_staging(where, kind)] if kind != "none" else []
        for path in _temp_files(where):
            path.unlink(missing_ok=True)
            done.append(f"removed {path.relative_to(where)}")
        return "; ".join(d for d in done if d)
    finally:
        if fd is not None:
            fd.release()


def _recover_staging(where: Path, kind: str) -> str:
    """Roll the staging folder forward or back, or leave it alone when it cannot be trusted
    (see :func:`_unsafe`); return what was done, in words."""
    staging = where / STAGING_NAME
    if kind == "link":
        return f"left {STAGING_NAME} alone: it is a symbolic link (check it, then remove it)"
    if kind == "other":
        staging.unlink()
        return f"removed {STAGING_NAME}, a file where the staging folder goes"
    entries = _read_journal(staging)
    if entries is None:
        shutil.rmtree(staging)
        return "rolled back an uncommitted change"
    why = _unsafe(where, entries)
    if why:
        return (
            f"left {STAGING_NAME} alone: {why} (nothing was moved; check it, then remove "
            f"{STAGING_NAME})"
        )
    _replay(where, entries)
    return f"completed an interrupted change ({len(entries)} file(s))"


def untrusted(directory: str | os.PathLike[str] | None = None) -> str:
    """Why the data directory's staging folder was left alone by :func:`recover` (``""`` when
    there is none): a writer refuses to start until a person has looked at it."""
    where = paths.data_dir(directory)
    staging = where / STAGING_NAME
    kind = _staging_kind(staging)
    if kind == "link":
        return f"{STAGING_NAME} is a symbolic link"
    if kind != "dir":
        return ""
    entries = _read_journal(staging)
    return _unsafe(where, entries) if entries is not None else ""
