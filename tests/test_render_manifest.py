"""The output folder matches its data: the manifest of what was written from which data, pages
of reports no longer in the plan removed, an ``--only`` render from other data refused."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from hpdata import cli, paths

NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
GONE = "logistics_services"  # an indicator no other data file names


def copy_data(where: Path) -> Path:
    data = where / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, data)
    return data


def drop_indicator(data: Path, indicator: str) -> None:
    """Remove ``indicator`` from indicators.csv and its rows from observations.csv."""
    for name in ("indicators.csv", "observations.csv"):
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields, rows = reader.fieldnames, [r for r in reader if r["indicator"] != indicator]
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def render(data: Path, out: Path, only: str) -> int:
    args = ["--data-dir", str(data), "render", "--out", str(out), "--lang", "vi"]
    return cli.main([*args, "--notebooks", str(NOTEBOOKS), "--only", only, "--jobs", "2"])


def test_pages_of_a_removed_indicator_are_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = copy_data(tmp_path), tmp_path / "out"
    assert render(data, out, f"indicator.{GONE}.vi,indicator.grdp.vi") == 0
    page = f"indicator.{GONE}.vi"
    files = [out / f"{page}.html", out / "notebooks" / f"{page}.ipynb", out / "figures" / page]
    assert all(p.exists() for p in files)
    manifest = json.loads((out / ".cache" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_dir"] == str(data.resolve())
    assert f"figures/{page}/chart.png" in manifest["reports"][page]["files"]
    capsys.readouterr()
    drop_indicator(data, GONE)
    assert render(data, out, "indicator.grdp.vi") == 0
    assert "removed 1 page no longer in the plan" in capsys.readouterr().out
    assert [p for p in files if p.exists()] == []
    assert (out / "indicator.grdp.vi.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f"{page}.html" not in index
    manifest = json.loads((out / ".cache" / "manifest.json").read_text(encoding="utf-8"))
    assert page not in manifest["reports"]


def test_an_only_render_from_other_data_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, out = copy_data(tmp_path / "a"), tmp_path / "out"
    assert render(first, out, "indicator.grdp.vi") == 0
    second = copy_data(tmp_path / "b")
    before = (out / "indicator.grdp.vi.html").stat().st_mtime_ns
    capsys.readouterr()
    assert render(second, out, "indicator.grdp.vi") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds pages rendered from another data directory" in err
    assert (out / "indicator.grdp.vi.html").stat().st_mtime_ns == before
    assert render(first, out, "indicator.grdp.vi") == 0  # its own data: fine


def test_validation_is_paid_once_per_data_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hpdata import validation
    from hpdata.report import plan, render

    data = copy_data(tmp_path)
    made = plan.make_plan(data, notebooks_dir=NOTEBOOKS, out_dir=tmp_path / "out")
    calls: list[Path] = []
    monkeypatch.setattr(validation, "validate", lambda d: calls.append(Path(d)))
    render.validate_data(made, "state-1")
    render.validate_data(made, "state-1")
    assert calls == [data.resolve()]
    render.validate_data(made, "state-2")  # the data (or the code) changed
    render.validate_data(made)  # no state: always
    assert len(calls) == 3


LAZY_ENGINES = """
import sys
import hpdata.report.inprocess
from papermill.engines import papermill_engines
print(sorted(n for n in papermill_engines._engines if n))
print("matplotlib.pyplot" in sys.modules, "ploomber_engine" in sys.modules)
papermill_engines.get_engine("embedded").execute_notebook
print("ploomber_engine" in sys.modules)
"""


def test_papermill_engines_are_registered_by_name_and_imported_on_use() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", LAZY_ENGINES], capture_output=True, text=True, timeout=120
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stderr
    assert "embedded" in lines[0] and "hpdata-inprocess" in lines[0] and "nbclient" in lines[0]
    assert lines[1:] == ["False False", "True"]
