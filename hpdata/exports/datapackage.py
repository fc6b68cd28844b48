"""The Frictionless data package descriptor (``datapackage.json``), built from the schema's
own metadata (:func:`hpdata.schema.fields`): types, vocabularies as ``enum``, patterns,
descriptions and units, primary and foreign keys. Used by ``hpdata export --format
datapackage`` and by the render for the reports' dataset folder (``reports/data/``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import jsonout
from .base import KEYS

#: The foreign keys of the data tables: (table, fields, referenced table, its fields).
FOREIGN_KEYS = (
    ("observations", "source_id", "sources", "source_id"),
    ("observations", "indicator", "indicators", "indicator"),
)


def resource(name: str, path: str, fields: list[dict[str, Any]], names: set[str]) -> dict:
    """One tabular data resource: ``path`` (a CSV, UTF-8), its fields, its primary key and the
    foreign keys to resources among ``names``."""
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if name in KEYS:
        schema["primaryKey"] = list(KEYS[name])
    foreign = [
        {"fields": f, "reference": {"resource": ref, "fields": rf}}
        for table, f, ref, rf in FOREIGN_KEYS
        if table == name and ref in names
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": path,
        "type": "table",
        "profile": "tabular-data-resource",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor(
    resources: Sequence[tuple[str, str, list[dict[str, Any]]]],
    data_dir: Path,
    area: str | None = None,
) -> dict[str, Any]:
    """The package of ``resources`` (``(name, path, fields)``), named ``hpdata`` (or
    ``hpdata-<area>``), titled with ``labels.csv``'s ``datapackage_title``."""
    from ..i18n import text

    names = {name for name, _, _ in resources}
    return {
        "name": f"hpdata-{area}" if area else "hpdata",
        "title": text("datapackage_title", "en", data_dir),
        "description": text("datapackage_description", "en", data_dir),
        "profile": "tabular-data-package",
        "resources": [resource(name, path, fields, names) for name, path, fields in resources],
    }


def dumps(package: dict[str, Any]) -> str:
    """The descriptor as strict JSON text (no ``NaN``), UTF-8 letters kept."""
    return jsonout.dumps(package, indent=2) + "\n"


def files_descriptor(data_dir: Path, files: Sequence[str]) -> dict[str, Any]:
    """The package of data files of ``data_dir`` as they are (``observations.csv``, ...: the
    copies in the reports' dataset folder), each described by its table's schema, its fields
    in the order of the file's header."""
    import csv

    from .. import schema
    from .tables import schemas

    described = schemas(data_dir, schema.column_words(data_dir))
    resources = []
    for filename in files:
        name = Path(filename).stem
        with (data_dir / filename).open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), [])
        by_name = {f["name"]: f for f in schema.fields(described[name])}
        resources.append((name, filename, [by_name[c] for c in header if c in by_name]))
    return descriptor(resources, data_dir)
