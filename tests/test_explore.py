"""``notebooks/explore.ipynb``: the analyst's starting point, executed under papermill."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from hpdata import paths

NOTEBOOK = paths.PROJECT_ROOT / "notebooks" / "explore.ipynb"


def frames_and_charts(book: nbformat.NotebookNode) -> tuple[int, int, list]:
    """The DataFrames (pandas' ``<table class="dataframe">``), the charts (PNG) and the errors
    among the outputs."""
    frames, charts, errors = 0, 0, []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error" or output.get("name") == "stderr":
                errors.append(output)
            data = output.get("data", {})
            frames += 'class="dataframe' in data.get("text/html", "")
            charts += "image/png" in data
    return frames, charts, errors


@pytest.mark.slow
@pytest.mark.parametrize(
    "parameters",
    [{}, {"area": "hai-phong", "indicator": "budget_revenue", "measure": "level", "lang": "vi"}],
    ids=["defaults", "budget-revenue-vi"],
)
def test_explore_runs_under_papermill(parameters: dict, tmp_path: Path) -> None:
    import papermill

    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(out), parameters=parameters, kernel_name="python3",
        progress_bar=False, cwd=str(tmp_path),
    )  # fmt: skip
    frames, charts, errors = frames_and_charts(nbformat.read(out, as_version=4))
    assert errors == []
    assert frames >= 5 and charts == 1


def test_explore_starts_from_observations_and_slices_by_area_indicator_and_period() -> None:
    book = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in book.cells if c.cell_type == "code")
    assert "hpdata.observations()" in code
    for word in ('["area"]', '["indicator"]', '["period"]', "hpdata.targets()", "hpdata.results()"):
        assert word in code
    assert ".plot." in code  # a chart of one's own
