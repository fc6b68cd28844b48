"""``hpdata export``: every format read back with its own library (pandas' CSV reader, openpyxl,
pyarrow, frictionless, Open SDG's column rules) gives the same observations."""

from __future__ import annotations

import csv
import json
import math
from decimal import Decimal
from pathlib import Path

import frictionless
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

import hpdata
from hpdata import csvfile, exports, schema
from hpdata.cli import main
from hpdata.exports.base import KEYS
from hpdata.exports.formats import OPENSDG_COLUMNS
from hpdata.periods import parse_period

TABLES = ["observations", "sources", "indicators", "plans", "progress"]
FORMULA = '=HYPERLINK("http://example.invalid","x")'


def _key(values: list) -> tuple:
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, int | float | Decimal) and not isinstance(v, bool):
            out.append(float(v))
        else:
            out.append(str(v) if str(v) else None)
    return tuple(out)


def expected(data_dir: Path | None = None, area: str | None = None) -> set[tuple]:
    obs = hpdata.observations(data_dir)
    if area is not None:
        obs = obs[obs["area"] == area]
    return {_key(list(r)) for r in obs[schema.OBSERVATION_COLUMNS].astype(object).values}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("exports")
    for fmt in exports.names():
        exports.export(fmt, root / fmt)
    return {fmt: root / fmt for fmt in exports.names()}


def test_registry_lists_every_format_and_refuses_an_unknown_one() -> None:
    assert exports.names() == ["csv", "xlsx", "parquet", "datapackage", "opensdg"]
    with pytest.raises(hpdata.ParameterError, match="unknown format 'dbf'"):
        exports.get("dbf")
    assert KEYS["observations"] == schema.OBSERVATION_KEY


def test_csv_reads_back_the_same_observations(written: dict[str, Path]) -> None:
    folder = written["csv"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{t}.csv" for t in TABLES] + ["dictionary.csv"]
    )
    frame = pd.read_csv(folder / "observations.csv", encoding="utf-8-sig", dtype=str)
    frame = frame.where(frame.notna(), None)
    rows = {
        _key(
            [float(v) if c in ("value", "high") and v else v for c, v in zip(frame, r, strict=True)]
        )
        for r in frame.values
    }
    assert rows == expected()
    published = pd.read_csv(folder / "sources.csv", encoding="utf-8-sig", dtype=str)["published"]
    assert all(pd.Timestamp(p).isoformat() == p for p in published)  # ISO 8601 with its offset


def test_xlsx_has_a_sheet_per_table_and_a_dictionary(written: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(written["xlsx"] / "hpdata.xlsx", read_only=True)
    assert book.sheetnames == [*TABLES, "dictionary"]
    rows = list(book["observations"].iter_rows(values_only=True))
    assert list(rows[0]) == schema.OBSERVATION_COLUMNS
    assert {_key(list(r)) for r in rows[1:]} == expected()
    dictionary = list(book["dictionary"].iter_rows(values_only=True))
    head = list(dictionary[0])
    described = {(r[0], r[1]): dict(zip(head, r, strict=True)) for r in dictionary[1:]}
    value = described[("observations", "value")]
    assert value["type"] == "number" and value["unit"] and value["description"]
    assert "target|result" in described[("observations", "kind")]["allowed"]
    assert len(described) == sum(len(next(iter(book[t].iter_rows(max_row=1)))) for t in TABLES)


def test_xlsx_and_csv_keep_a_formula_as_text(data_copy: Path, edit_csv, tmp_path: Path) -> None:
    def change(rows: list[dict[str, str]]) -> list[dict[str, str]]:
        rows[0]["note"] = FORMULA
        return rows

    edit_csv(data_copy / "observations.csv", change)
    exports.export("xlsx", tmp_path / "x", data_dir=data_copy)
    exports.export("csv", tmp_path / "c", data_dir=data_copy)
    book = openpyxl.load_workbook(tmp_path / "x" / "hpdata.xlsx")
    sheet = book["observations"]
    column = schema.OBSERVATION_COLUMNS.index("note") + 1
    cell = sheet.cell(row=2, column=column)
    assert cell.value == FORMULA and cell.data_type == "s"
    data = (tmp_path / "c" / "observations.csv").read_bytes()
    assert csvfile.formula_cells(data) == []
    assert "'" + FORMULA in data.decode("utf-8-sig").replace('""', '"')


def test_parquet_columns_are_typed(written: dict[str, Path]) -> None:
    obs = pq.read_table(written["parquet"] / "observations.parquet")
    assert str(obs.schema.field("value").type) == "double"
    assert obs.schema.field("value").metadata[b"unit"]
    rows = {_key(list(r.values())) for r in obs.to_pylist()}
    assert rows == expected()
    src = pq.read_table(written["parquet"] / "sources.parquet")
    assert str(src.schema.field("published").type).endswith("tz=UTC]")
    first = hpdata.sources()["published"].iloc[0]
    assert src.column("published")[0].as_py() == pd.Timestamp(first).to_pydatetime()
    ind = pq.read_table(written["parquet"] / "indicators.parquet")
    assert str(ind.schema.field("higher_is_better").type) == "bool"
    assert str(ind.schema.field("updated").type) == "date32[day]"
    progress = pq.read_table(written["parquet"] / "progress.parquet")
    assert progress.num_rows == len(hpdata.progress()) and "status" in progress.column_names


def test_datapackage_is_valid_and_built_from_the_schema(written: dict[str, Path]) -> None:
    package = written["datapackage"] / "datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == TABLES
    fields = {f["name"]: f for f in resources["observations"]["schema"]["fields"]}
    vocab = hpdata.vocabulary()
    assert fields["kind"]["constraints"]["enum"] == vocab["kind"]
    assert fields["value"]["type"] == "number" and fields["value"]["unit"]
    assert all(f.get("description") for f in fields.values())
    source_fields = {f["name"]: f for f in resources["sources"]["schema"]["fields"]}
    assert source_fields["published"]["type"] == "datetime"
    assert resources["observations"]["schema"]["primaryKey"] == schema.OBSERVATION_KEY
    resource = frictionless.Package(str(package)).get_resource("observations")
    read = {_key([r[c] for c in schema.OBSERVATION_COLUMNS]) for r in resource.read_rows()}
    assert read == expected()


def test_datapackage_refuses_a_bad_cell(written: dict[str, Path], tmp_path: Path) -> None:
    import shutil

    folder = shutil.copytree(written["datapackage"], tmp_path / "dp")
    path = folder / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",target,", ",aim,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in {
        e["type"] for e in report.flatten(["type"]) for e in [{"type": e[0]}]
    }


def test_opensdg_files_as_sdg_build_reads_them(written: dict[str, Path]) -> None:
    folder = written["opensdg"]
    obs = hpdata.observations()
    files = sorted(folder.iterdir())
    assert {p.name for p in files} == {
        f"indicator_{i.replace('_', '-')}.csv" for i in obs["indicator"].astype(str).unique()
    }
    seen = set()
    for path in files:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")  # the first header must read Year
        header = next(csv.reader(raw.decode("utf-8").splitlines()))
        assert header[0] == "Year" and header[-1] == "Value" and "Units" in header
        assert header[1:-2] == list(OPENSDG_COLUMNS)
        frame = pd.read_csv(path)  # as sdg-build's InputCsvData reads it
        assert pd.api.types.is_numeric_dtype(frame["Value"])
        assert pd.api.types.is_integer_dtype(frame["Year"])
        indicator = path.stem.removeprefix("indicator_").replace("-", "_")
        for r in frame.astype(object).where(frame.notna(), "").to_dict("records"):
            period = str(r["Period"])  # a column of years alone reads as numbers
            assert r["Year"] == parse_period(period).year
            seen.add(
                (
                    r["Source"],
                    r["Area"],
                    indicator,
                    r["Kind"],
                    r["Measure"],
                    period,
                    r["Value"],
                )
            )
    assert seen == {
        (r.source_id, r.area, r.indicator, r.kind, r.measure, r.period, r.value)
        for r in obs.itertuples()
    }


def test_export_command_and_its_area(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    area = str(hpdata.observations()["area"].iloc[0])
    assert main(["export", "--format", "csv", "--area", area, "--out", str(tmp_path / "a")]) == 0
    assert "wrote 6 csv file(s)" in capsys.readouterr().out
    frame = pd.read_csv(tmp_path / "a" / "observations.csv", encoding="utf-8-sig", dtype=str)
    assert set(frame["area"]) == {area} and len(frame) == len(expected(area=area))
    assert main(["export", "--format", "csv", "--area", "nowhere", "--out", str(tmp_path)]) == 2
    assert "unknown area 'nowhere'" in capsys.readouterr().err
    empty = "quang-ninh" if area != "quang-ninh" else "ha-noi"
    assert (
        main(["export", "--format", "opensdg", "--area", empty, "--out", str(tmp_path / "e")]) == 0
    )
    assert "wrote 0 opensdg file(s)" in capsys.readouterr().out


def test_the_reports_dataset_folder_carries_a_valid_datapackage(tmp_path: Path) -> None:
    from hpdata.report import indexpage
    from hpdata.report.plan import make_plan

    plan = make_plan(out_dir=tmp_path)
    files = indexpage.index_files(plan, indexpage.status_tables(str(plan.data_dir), plan.langs))
    for name, data in files.items():
        if name.startswith("data/"):
            (tmp_path / name).parent.mkdir(exist_ok=True)
            (tmp_path / name).write_bytes(data)
    report = frictionless.validate(str(tmp_path / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    descriptor = json.loads(files["data/datapackage.json"])
    assert [r["path"] for r in descriptor["resources"]] == [n for n, _ in indexpage.DATASET]
    indicators = next(r for r in descriptor["resources"] if r["name"] == "indicators")
    header = (plan.data_dir / "indicators.csv").read_text(encoding="utf-8").splitlines()[0]
    assert [f["name"] for f in indicators["schema"]["fields"]] == header.split(",")
