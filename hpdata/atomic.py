"""Atomic file writes: write a temporary file in the target's directory, then rename it into place.

A reader (or a crash, a Ctrl-C, a failing report) never sees a half-written file: the target is
either the previous complete version or the new complete version. Only the standard library is
used, so this module is safe to import on the fast no-op path of ``hpdata render``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

#: Permission bits of a file written here, before the process umask is applied.
FILE_MODE = 0o666


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a binary file that appears at ``path`` only when the ``with`` block succeeds.

    The rule: the bytes go to a temporary file in the same directory (so the rename cannot cross a
    file system), which is flushed, given the usual permissions (``0o666`` less the umask, not the
    ``0o600`` of a temporary file) and renamed over ``path`` with :func:`os.replace`. The directory
    is created if missing. On any error the temporary file is removed and ``path`` is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.bin"
    >>> with atomic_open(target) as fh:
    ...     _ = fh.write(b"done")
    >>> target.read_bytes()
    b'done'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_open`) and return the path."""
    with atomic_open(path) as fh:
        fh.write(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode("utf-8"))
