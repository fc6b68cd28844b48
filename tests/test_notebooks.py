"""The notebooks: committed clean, thin, and executable through papermill with any parameters."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from hpdata import paths

NOTEBOOKS = paths.PROJECT_ROOT / "notebooks"
NAMES = ["overview", "indicator", "sources", "review", "compare", "plan", "explore", "quality"]
DEFAULTS = {
    "overview": {"lang": '"vi"', "as_of": "None", "area": '""'},
    "indicator": {"indicator": '"grdp"', "lang": '"vi"', "area": '""'},
    "sources": {"source_id": '"hp-2023-04-27-q1"', "lang": '"vi"', "area": '""'},
    "compare": {"indicator": '"grdp"', "lang": '"vi"'},
    "plan": {"plan": '"hp-2019-07-11-nq45"', "lang": '"vi"', "area": '""'},
    "review": {"file": '""', "published": '""'},
    "quality": {"lang": '"vi"'},
    "explore": {
        "area": '""', "indicator": '"grdp"', "measure": '"growth"', "period": '"2023-Q1"',
        "lang": '"en"',
    },
}  # fmt: skip


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def test_the_three_notebooks_exist_and_no_other() -> None:
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(NAMES)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs_or_execution_counts(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["nbformat"] == 4
    for index, cell in enumerate(raw["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name} cell {index} has outputs"
            assert cell["execution_count"] is None, f"{path.name} cell {index} has a count"
        assert "execution" not in cell.get("metadata", {}), f"{path.name} cell {index}"
    assert "papermill" not in raw["metadata"]


@pytest.mark.parametrize("name", NAMES)
def test_first_code_cell_holds_the_parameters_with_defaults(name: str) -> None:
    book = read(name)
    nbformat.validate(book)
    assert book.metadata.kernelspec.name == "python3"
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    assert sum("parameters" in c.metadata.get("tags", []) for c in book.cells) == 1
    namespace: dict = {}
    exec(code[0].source, namespace)  # the defaults run as they are
    assigned = {k: repr(v).replace("'", '"') for k, v in namespace.items() if k != "__builtins__"}
    assert assigned == DEFAULTS[name]


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin(name: str) -> None:
    """Logic lives in hpdata: no code cell defines a function or a class, or loops."""
    for cell in read(name).cells:
        if cell.cell_type == "code":
            for word in ("def ", "class ", "for ", "while ", "import pandas", "import matplotlib"):
                assert word not in cell.source, (name, word)
            assert len(cell.source.splitlines()) <= 12, name


# --- executed through papermill ---------------------------------------------------------------


def execute(name: str, out: Path, **parameters) -> nbformat.NotebookNode:
    import papermill

    papermill.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(out.parent),
    )
    return nbformat.read(out, as_version=4)


def outputs(book: nbformat.NotebookNode) -> tuple[str, int, list]:
    """All HTML and text of the outputs, the count of charts (inline SVG), and any error or stderr."""
    markup, images, problems = [], 0, []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            # Only what a cell displays on purpose: no error, no stderr, and no stray value such
            # as a list of saved paths left as a cell's last expression (an execute_result).
            if output.output_type in ("error", "execute_result") or output.get("name") == "stderr":
                problems.append(output)
            data = output.get("data", {})
            markup.append(data.get("text/html", "") + data.get("text/plain", ""))
            images += data.get("text/html", "").count("<svg ")
    return "\n".join(markup), images, problems


@pytest.mark.slow
def test_overview_runs_in_english_and_saves_its_charts(tmp_path: Path, monkeypatch) -> None:
    figures = tmp_path / "figures"
    monkeypatch.setenv("HPDATA_FIGURES_DIR", str(figures))
    book = execute("overview", tmp_path / "overview.ipynb", lang="en", as_of="2023-Q1")
    markup, images, problems = outputs(book)
    assert problems == []
    assert images == 3
    assert "Hai Phong: targets and Q1 2023 results" in markup
    assert "9.65%" in markup and "at least 16%" in markup and "13.12%" in markup
    assert "Targets with no result yet" in markup and "USD 14,740 (2025)" in markup
    assert "The home page gives each indicator&#x27;s verdict" in markup  # the index answers
    assert (
        'href="indicator.grdp_per_capita.en.html"' in markup  # a target with no result yet
        and 'download="overview.en.csv"' in markup  # the page's CSV, carried in its link
    )
    assert "Chưa có" not in markup  # nothing left in Vietnamese
    assert sorted(p.name for p in figures.iterdir()) == [
        "bullet.png", "bullet.svg", "data.csv", "growth.png", "growth.svg", "plan_share.png",
        "plan_share.svg",
    ]  # fmt: skip
    data = pd.read_csv(figures / "data.csv", encoding="utf-8-sig")
    assert len(data) == 16 and {"indicator", "status", "Status (as shown)"} <= set(data.columns)
    meta = [o.metadata["hpdata_page"] for c in book.cells for o in c.get("outputs", [])
            if "hpdata_page" in o.get("metadata", {})]  # fmt: skip
    assert [m["title"] for m in meta] == ["Hai Phong: targets and Q1 2023 results"]
    assert 'href="overview.vi.html"' in meta[0]["header"]


@pytest.mark.parametrize(
    ("name", "parameters", "message"),
    [
        (
            "indicator",
            {"indicator": "gdp", "lang": "vi", "area": ""},
            r"unknown indicator 'gdp' \(valid: .*grdp",
        ),
        (
            "sources",
            {"source_id": "x", "lang": "vi", "area": ""},
            r"unknown source_id 'x' \(valid: hp-2019",
        ),
        (
            "plan",
            {"plan": "x", "lang": "vi", "area": ""},
            r"plan: unknown plan 'x' \(valid: hp-2019-07-11-nq45\)",
        ),
    ],
)
def test_an_unknown_parameter_stops_the_notebook_with_the_valid_values(
    name: str, parameters: dict, message: str
) -> None:
    """The notebook's own cells, run in order with a bad parameter, raise ParameterError first."""
    import hpdata

    namespace = dict(parameters)
    code = [c.source for c in read(name).cells if c.cell_type == "code"][1:]
    with pytest.raises(hpdata.ParameterError, match=message):
        for source in code:
            exec(source, namespace)


@pytest.mark.slow
def test_indicator_runs_for_another_indicator(tmp_path: Path) -> None:
    book = execute("indicator", tmp_path / "iip.ipynb", indicator="iip", lang="en")
    markup, images, problems = outputs(book)
    assert problems == [] and images == 2  # the stated figures and the trajectory
    assert "Index of industrial production (IIP)" in markup
    assert "over 23%" in markup and "13.12%" in markup
    assert "Observed growth ÷ required growth: 13.12% ÷ 23% = 0.57" in markup
    assert 'id="obs-10"' in markup and 'id="obs-14"' in markup


@pytest.mark.slow
def test_sources_runs_for_the_2019_source(tmp_path: Path) -> None:
    book = execute("sources", tmp_path / "src.ipynb", source_id="hp-2019-07-11-nq45", lang="en")
    markup, images, problems = outputs(book)
    assert problems == [] and images == 0
    assert "4bf82f9602442520c97ed5c9fe3d1f061fe3d927dbdb84f5323eb1fc769c123f" in markup
    for n in range(1, 13):  # the 12 figures of the 2019 source
        assert f'<mark id="quote-{n}"' in markup and f'<tr id="obs-{n}">' in markup
    assert 'href="#obs-5"' in markup and 'href="#quote-5"' in markup
    assert "Checksum matches the file" in markup
