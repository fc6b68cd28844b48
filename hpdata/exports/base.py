"""The exporters' registry: one small class per format, found by name (as papermill finds its
engines), each writing into an output folder atomically and returning the files it wrote.
Standard library only (the command's parser lists the formats without loading pandas)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from ..errors import ParameterError

#: The tables, in the order every format writes them.
TABLES = ("observations", "sources", "indicators", "plans", "progress")
#: The primary key of each data table (``progress`` is derived and has none).
KEYS = {
    "observations": ["source_id", "area", "indicator", "kind", "measure", "period"],
    "sources": ["source_id"],
    "indicators": ["indicator"],
    "plans": ["plan"],
}


class Exporter:
    """One output format. Subclasses set :attr:`name` and :attr:`help` and implement
    :meth:`write`; :func:`register` makes them available to ``hpdata export --format``."""

    name: ClassVar[str] = ""
    help: ClassVar[str] = ""

    def write(self, data: Any, out: Path) -> list[Path]:  # pragma: no cover - abstract
        """Write ``data`` (a :class:`hpdata.exports.tables.Dataset`) under ``out``; return the
        files written."""
        raise NotImplementedError


REGISTRY: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: add ``cls`` to :data:`REGISTRY` under its :attr:`~Exporter.name`."""
    REGISTRY[cls.name] = cls
    return cls


def get(name: str) -> Exporter:
    """The exporter called ``name``.

    Examples
    --------
    >>> import hpdata.exports
    >>> get("xlsx").name
    'xlsx'
    """
    try:
        return REGISTRY[name]()
    except KeyError:
        valid = ", ".join(REGISTRY)
        raise ParameterError(f"--format: unknown format {name!r} (valid: {valid})") from None
