"""Every report notebook, executed, holds its data as DataFrames for JupyterLab (outputs tagged
``hpdata-data``), and the HTML page leaves them out (it shows the formatted tables)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from hpdata import paths
from hpdata.report import export
from hpdata.report.pages import DATA_TAG

NOTEBOOKS = paths.PROJECT_ROOT / "notebooks"
REPORTS = {
    "overview": {"lang": "en"},
    "indicator": {"indicator": "budget_revenue", "lang": "en"},
    "sources": {"source_id": "hp-2023-04-27-q1", "lang": "en"},
    "compare": {"indicator": "grdp", "lang": "en"},
    "plan": {"plan": "hp-2019-07-11-nq45", "lang": "en"},
}


def data_frames(book: nbformat.NotebookNode) -> list[dict]:
    """The outputs that are pandas DataFrames (``<table class="dataframe">`` beside the
    frame's text), with the tag that keeps them out of the page."""
    found = []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            if 'class="dataframe"' in html and "text/plain" in output.get("data", {}):
                found.append(output)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_each_report_notebook_holds_dataframes_the_page_leaves_out(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import papermill

    monkeypatch.setenv("HPDATA_FIGURES_DIR", str(tmp_path / "figures"))
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=REPORTS[name],
        kernel_name="python3", progress_bar=False, cwd=str(tmp_path),
    )  # fmt: skip
    book = nbformat.read(out, as_version=4)
    frames = data_frames(book)
    assert frames, f"{name}: no DataFrame among the outputs"
    assert all(DATA_TAG in f.get("metadata", {}).get("tags", []) for f in frames)
    page = export.to_html(export.make_exporter("en"), book, name)
    assert 'class="dataframe"' not in page
