"""The dataset in the formats analysts open: ``hpdata export --format
csv|xlsx|parquet|datapackage|opensdg [--area ID] --out DIR``.

One small class per format (:mod:`hpdata.exports.formats`), found by name in a registry
(:mod:`hpdata.exports.base`); the tables are read once (:mod:`hpdata.exports.tables`).

>>> from hpdata import exports
>>> sorted(exports.names())
['csv', 'datapackage', 'opensdg', 'parquet', 'xlsx']
"""

from __future__ import annotations

from pathlib import Path

from . import formats  # noqa: F401  (registers the formats)
from .base import REGISTRY, TABLES, Exporter, get, register

__all__ = ["REGISTRY", "TABLES", "Exporter", "export", "get", "names", "register"]


def names() -> list[str]:
    """The formats ``hpdata export`` writes, in registry order."""
    return list(REGISTRY)


def export(
    fmt: str, out: str | Path, data_dir: object = None, area: str | None = None
) -> list[Path]:
    """Write the dataset (``area``'s rows only when given) in format ``fmt`` under ``out``;
    return the files written."""
    from .tables import collect

    exporter = get(fmt)
    return exporter.write(collect(data_dir, area), Path(out))
