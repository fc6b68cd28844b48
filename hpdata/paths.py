"""Where the data lives: ``--data-dir``, else ``$HPDATA_DATA_DIR``, else the project's ``data/``."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

ENV_VAR = "HPDATA_DATA_DIR"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"

SOURCES = "sources.csv"
INDICATORS = "indicators.csv"
OBSERVATIONS = "observations.csv"
VOCABULARIES = "vocabularies.csv"
METHOD = "method.toml"
UNITS = "units.csv"
LABELS = "labels.csv"
STATUSES = "statuses.csv"
LIMITS = "limits.toml"
AREAS = "areas.csv"
DATASET = "dataset.toml"
LEXICON = "extract_lexicon.toml"
ALIASES = "extract_aliases.csv"
INDICATOR_UNITS = "indicator_units.csv"


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to read.

    Parameters
    ----------
    path : str or path-like, optional
        An explicit directory (the CLI's ``--data-dir``). When ``None``, the environment
        variable ``HPDATA_DATA_DIR`` is used if set, else the project's ``data/``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> data_dir("/tmp/mydata")
    PosixPath('/tmp/mydata')
    """
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else DEFAULT_DATA_DIR


def resolved_data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """:func:`data_dir`, resolved (absolute, symlinks followed), remembered per working
    directory: every load and label look-up asks, and ``resolve`` costs a system call per path
    component.

    Examples
    --------
    >>> resolved_data_dir("/tmp/mydata").is_absolute()
    True
    """
    return _resolved(str(data_dir(path)), os.getcwd())


@lru_cache(maxsize=64)
def _resolved(path: str, _cwd: str) -> Path:
    return Path(path).resolve()


def file_state(path: Path) -> tuple[int, int] | tuple[None, None]:
    """A file's modification time (ns) and size, ``(None, None)`` when it cannot be read: the
    key on which cached readings of a file are refreshed when it changes."""
    try:
        st = path.stat()
    except OSError:
        return None, None
    return st.st_mtime_ns, st.st_size


def display(path: Path) -> str:
    """A path as a user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the cwd, or a symlink loop
        return str(path)
