"""The tables an export writes, read once: the validated observations, sources, indicators and
plans with their described schemas (:mod:`hpdata.schema`), the progress table, and the data
dictionary built from the same metadata.

Every date and time is ISO 8601 text here (``published`` as ``2019-07-11T12:01:00+07:00``); a
format that has typed dates (Parquet) converts the columns the schema types as ``datetime`` or
``date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import load, paths, schema
from ..areas import area_ids
from ..errors import ParameterError
from .base import TABLES

DICTIONARY_COLUMNS = ["table", "column", "type", "required", "unit", "description", "allowed"]


@dataclass
class Dataset:
    """What an export writes: ``frames`` by table name, the described pandera ``schemas`` of the
    data tables, the ``area`` exported (``None``: every area) and the data directory."""

    frames: dict[str, pd.DataFrame]
    schemas: dict[str, pa.DataFrameSchema]
    data_dir: Path
    area: str | None = None
    words: dict = field(default_factory=dict)

    def fields(self, table: str) -> list[dict[str, object]]:
        """The Table Schema fields of ``table``: the schema's own for a data table, the dtypes
        (with ``columns.csv``'s words) for ``progress``; in the order of the table's columns."""
        if table in self.schemas:
            by_name = {f["name"]: f for f in schema.fields(self.schemas[table])}
            return [by_name[c] for c in self.frames[table].columns if c in by_name]
        return [
            _dtype_field(table, c, self.frames[table][c], self.words) for c in self.frames[table]
        ]

    def dictionary(self) -> pd.DataFrame:
        """One row per column of every table: type, required, unit, description, the allowed
        values (``|``-separated) or the pattern."""
        rows = []
        for table in TABLES:
            for f in self.fields(table):
                constraints = f.get("constraints", {})
                allowed = constraints.get("enum")
                rows.append(
                    {
                        "table": table,
                        "column": f["name"],
                        "type": f["type"],
                        "required": bool(constraints.get("required", False)),
                        "unit": f.get("unit", ""),
                        "description": f.get("description", ""),
                        "allowed": "|".join(allowed) if allowed else constraints.get("pattern", ""),
                    }
                )
        return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)


def _dtype_field(table: str, name: str, series: pd.Series, words: dict) -> dict[str, object]:
    if pd.api.types.is_bool_dtype(series):
        kind = "boolean"
    elif pd.api.types.is_integer_dtype(series):
        kind = "integer"
    elif pd.api.types.is_numeric_dtype(series):
        kind = "number"
    else:
        kind = "string"
    out: dict[str, object] = {"name": name, "type": kind}
    row = words.get((table, name), {})
    if row.get("description"):
        out["description"] = row["description"]
    if row.get("unit"):
        out["unit"] = row["unit"]
    return out


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with dates and times as ISO 8601 text (``2019-07-11T12:01:00+07:00``),
    categoricals as text, missing text as ``""``, a fresh index."""
    out = frame.copy().reset_index(drop=True)
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = [t.isoformat() if pd.notna(t) else "" for t in series]
        elif isinstance(series.dtype, pd.CategoricalDtype) or not (
            pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)
        ):
            out[column] = series.astype(object).where(series.notna(), "").astype(str)
    return out


def schemas(data_dir: Path, words: dict) -> dict[str, pa.DataFrameSchema]:
    """The described schemas of the data tables, with the vocabularies and ids of ``data_dir``."""
    vocab = load.vocabulary(data_dir)
    ind = load.indicators(data_dir)
    src = load.sources(data_dir)
    areas = area_ids(data_dir)
    raw = {
        "observations": schema.observations_schema(
            vocab, ind["indicator"], src["source_id"], areas
        ),
        "sources": schema.sources_schema(areas),
        "indicators": schema.indicators_schema(vocab),
        "plans": schema.plans_schema(),
    }
    return {name: schema.described(s, name, words) for name, s in raw.items()}


def _plans(data_dir: Path) -> pd.DataFrame:
    from ..analysis.plans import plans_file

    return pd.DataFrame(plans_file(data_dir), columns=list(schema.plans_schema().columns))


def _progress(data_dir: Path, areas: list[str], lang: str) -> pd.DataFrame:
    from ..analysis.progress import progress

    frames = [progress(data_dir, lang=lang, area=a) for a in areas]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def collect(data_dir: object = None, area: str | None = None, lang: str = "en") -> Dataset:
    """Read and validate the data of ``data_dir`` (only ``area``'s rows when given: its
    observations, the sources they cite or that report on it, every indicator and plan)."""
    directory = paths.data_dir(data_dir)
    obs = load.observations(directory)
    src = load.sources(directory)
    if area is not None:
        if area not in area_ids(directory):
            raise ParameterError(f"--area: unknown area {area!r} (see data/areas.csv)")
        obs = obs[obs["area"] == area]
        src = src[(src["area"] == area) | src["source_id"].isin(set(obs["source_id"]))]
    areas = [area] if area is not None else list(dict.fromkeys(obs["area"].astype(str)))
    words = schema.column_words(directory)
    frames = {
        "observations": obs,
        "sources": src,
        "indicators": load.indicators(directory),
        "plans": _plans(directory),
        "progress": _progress(directory, areas, lang),
    }
    frames = {name: _plain(frame) for name, frame in frames.items()}
    return Dataset(frames, schemas(directory, words), directory, area, words)
