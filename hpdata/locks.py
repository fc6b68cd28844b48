"""One exclusive lock between processes, on every platform: the lock every hpdata writer takes.

The rule: an operating-system lock on a file (``flock`` on Linux and macOS, ``LockFileEx`` on
Windows) taken through the ``filelock`` library, never a lock file whose mere existence means
"held": the operating system releases the lock when its holder exits, even when killed, so a
dead writer never blocks the next. The lock file stays in place. Used by the render's output
folder (:mod:`hpdata.report.guard`) and the data directory's writer lock
(:mod:`hpdata.journal`). Core layer: imports nothing of hpdata.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any


class Busy(TimeoutError):
    """Another process held the lock for the whole wait."""


def _lock(path: str | os.PathLike[str]) -> Any:
    from filelock import FileLock

    # No soft fallback (a lock file left by a killed holder would block for ever); not
    # thread-local, so the thread that releases need not be the one that acquired.
    return FileLock(os.fspath(path), thread_local=False, fallback_to_soft=False)


def try_lock(path: str | os.PathLike[str]) -> Any | None:
    """Take the lock on ``path`` if it is free and return it (call ``.release()``), else
    ``None``. Raises ``OSError`` when the lock file cannot be created."""
    from filelock import Timeout

    lock = _lock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return None
    return lock


@contextlib.contextmanager
def exclusive(
    path: str | os.PathLike[str],
    *,
    timeout: float | None = None,
    on_wait: Callable[[], None] | None = None,
    poll: float = 0.05,
) -> Iterator[None]:
    """Hold the lock on ``path`` for the ``with`` block.

    When another process holds it, ``on_wait`` is called once, then the lock is polled every
    ``poll`` seconds for at most ``timeout`` seconds (``None``: for as long as it takes), and
    :class:`Busy` is raised if it stayed taken. Raises ``OSError`` when the lock file cannot be
    created.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> where = pathlib.Path(tempfile.mkdtemp()) / "lock"
    >>> with exclusive(where):
    ...     try_lock(where) is None
    True
    """
    from filelock import Timeout

    lock = try_lock(path)
    if lock is None:
        if on_wait is not None:
            on_wait()
        lock = _lock(path)
        try:
            lock.acquire(timeout=-1 if timeout is None else timeout, poll_interval=poll)
        except Timeout:
            raise Busy(f"{os.fspath(path)} is locked by another process") from None
    try:
        yield
    finally:
        lock.release()
