"""The formats of ``hpdata export``, one class each (see :mod:`hpdata.exports.base`).

Every CSV goes through :mod:`hpdata.csvfile` (a text cell that a spreadsheet would run gets a
leading ``'``), every file is written atomically (:mod:`hpdata.atomic`), every date ISO 8601.
Importing this module registers the formats and loads no third-party library (``hpdata
--help`` stays fast); each writer imports its own (openpyxl, pyarrow, pandas) when it runs.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import atomic, csvfile
from ..periods import parse_period
from .base import TABLES, Exporter, register
from .datapackage import descriptor, dumps

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .tables import Dataset

DICTIONARY = "dictionary"


@register
class CsvExporter(Exporter):
    """One UTF-8 CSV per table (with a byte-order mark, so spreadsheets read Vietnamese
    letters) and ``dictionary.csv``."""

    name = "csv"
    help = "one CSV per table and dictionary.csv"

    def write(self, data: Dataset, out: Path) -> list[Path]:
        files = [csvfile.write_frame(data.frames[t], out / f"{t}.csv") for t in TABLES]
        return [*files, csvfile.write_frame(data.dictionary(), out / f"{DICTIONARY}.csv")]


#: What openpyxl refuses in a cell (control characters other than tab and line ends).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    return _ILLEGAL.sub("", value) if isinstance(value, str) else value


@register
class XlsxExporter(Exporter):
    """``hpdata.xlsx``: a sheet per table and a ``dictionary`` sheet. Text is stored as text:
    a cell that begins with ``=`` stays a string, never a formula."""

    name = "xlsx"
    help = "hpdata.xlsx: a sheet per table and a data-dictionary sheet"
    filename = "hpdata.xlsx"

    def write(self, data: Dataset, out: Path) -> list[Path]:
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        sheets = [*((t, data.frames[t]) for t in TABLES), (DICTIONARY, data.dictionary())]
        for name, frame in sheets:
            sheet = book.create_sheet(name)
            sheet.append([str(c) for c in frame.columns])
            for row in frame.itertuples(index=False):
                sheet.append([_xlsx_value(v) for v in row])
            for cells in sheet.iter_rows():
                for cell in cells:
                    if cell.data_type == "f":  # openpyxl reads "=..." as a formula: keep text
                        cell.data_type = "s"
            sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        book.save(buffer)
        return [atomic.write_bytes(out / self.filename, buffer.getvalue())]


def _arrow_column(series: pd.Series, kind: str) -> Any:
    import pandas as pd
    import pyarrow as pa

    if kind == "datetime":
        return pa.array(
            pd.to_datetime(series.replace("", None), utc=True), pa.timestamp("s", "UTC")
        )
    if kind == "date":
        days = pd.to_datetime(series.replace("", None)).dt.date
        return pa.array(days.where(days.notna(), None), pa.date32())
    if kind == "boolean":
        if pd.api.types.is_bool_dtype(series):
            return pa.array(series, pa.bool_())
        return pa.array(series.map({"true": True, "false": False}), pa.bool_())
    if kind == "number":
        return pa.array(series.astype(float), pa.float64())
    if kind == "integer":
        return pa.array(series, pa.int64())
    return pa.array(series.astype(str), pa.string())


@register
class ParquetExporter(Exporter):
    """One Parquet file per table, typed from the schema: numbers ``double``, booleans,
    ``published`` a UTC timestamp, ``updated`` a date, text ``string``; each field carries its
    description and unit as field metadata."""

    name = "parquet"
    help = "one Parquet file per table, typed columns"

    def write(self, data: Dataset, out: Path) -> list[Path]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        files = []
        for table in TABLES:
            frame = data.frames[table]
            arrays, schema_fields = [], []
            for f in data.fields(table):
                array = _arrow_column(frame[f["name"]], str(f["type"]))
                meta = {k: str(f[k]) for k in ("description", "unit") if f.get(k)}
                arrays.append(array)
                schema_fields.append(pa.field(str(f["name"]), array.type, metadata=meta or None))
            arrow = pa.Table.from_arrays(arrays, schema=pa.schema(schema_fields))
            buffer = io.BytesIO()
            pq.write_table(arrow, buffer)
            files.append(atomic.write_bytes(out / f"{table}.parquet", buffer.getvalue()))
        return files


@register
class DataPackageExporter(Exporter):
    """A Frictionless data package: one CSV per table and ``datapackage.json``, whose schemas
    are the data's own (:func:`hpdata.schema.fields`)."""

    name = "datapackage"
    help = "a Frictionless data package: CSVs and datapackage.json"

    def write(self, data: Dataset, out: Path) -> list[Path]:
        files = [csvfile.write_frame(data.frames[t], out / f"{t}.csv", bom=False) for t in TABLES]
        resources = [(t, f"{t}.csv", data.fields(t)) for t in TABLES]
        package = descriptor(resources, data.data_dir, data.area)
        return [*files, atomic.write_text(out / "datapackage.json", dumps(package))]


#: Open SDG's columns: ``Year`` first, the disaggregations, ``Units``, ``Value`` last.
OPENSDG_COLUMNS = {
    "Area": "area",
    "Kind": "kind",
    "Measure": "measure",
    "Period": "period",
    "Bound": "bound",
    "Comparison": "comparison",
    "Source": "source_id",
}


def opensdg_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """One indicator's observations in Open SDG's input form: ``Year`` (the calendar year, the
    last of a span; ``Period`` keeps the code), the disaggregations, ``Units``, ``Value``."""
    import pandas as pd

    frame = pd.DataFrame({"Year": [parse_period(p).year for p in rows["period"]]})
    for column, source in OPENSDG_COLUMNS.items():
        frame[column] = [str(v).strip() for v in rows[source]]
    frame["Units"] = [str(v) for v in rows["unit"]]
    frame["Value"] = rows["value"].astype(float).to_list()
    return frame.sort_values(["Year", *OPENSDG_COLUMNS], kind="stable").reset_index(drop=True)


def opensdg_name(indicator: str) -> str:
    """The file Open SDG (sdg-build's ``InputCsvData``) reads an indicator from.

    Examples
    --------
    >>> opensdg_name("port_cargo")
    'indicator_port-cargo.csv'
    """
    return f"indicator_{indicator.replace('_', '-')}.csv"


@register
class OpenSdgExporter(Exporter):
    """Open SDG's input CSVs (as sdg-build reads them): one ``indicator_<id>.csv`` per
    indicator with observations, no byte-order mark (the first header must read ``Year``)."""

    name = "opensdg"
    help = "Open SDG input: one indicator_<id>.csv per indicator (Year, ..., Units, Value)"

    def write(self, data: Dataset, out: Path) -> list[Path]:
        obs = data.frames["observations"]
        return [
            csvfile.write_frame(opensdg_frame(rows), out / opensdg_name(str(code)), bom=False)
            for code, rows in obs.groupby("indicator", sort=False)
        ]
