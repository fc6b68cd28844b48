"""Committed notebooks carry no outputs and no execution counts (strip them with ``make strip``,
i.e. nbstripout), and ``make`` installed the project's kernel into the virtual environment."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hpdata import paths

NOTEBOOKS = sorted((paths.PROJECT_ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_has_no_outputs_or_execution_counts(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: cell {i} has outputs"
            assert cell.get("execution_count") is None, f"{path.name}: cell {i} has a count"
    params = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, f"{path.name}: needs exactly one cell tagged 'parameters'"


def test_project_kernel_is_installed_in_the_venv() -> None:
    """``make lab`` and ``hpdata render`` use the kernel ``python3`` that ``make`` installs with
    ``--sys-prefix``: it must run this environment's Python."""
    jupyter = Path(sys.executable).parent / "jupyter"
    out = subprocess.run(
        [str(jupyter), "kernelspec", "list", "--json"], capture_output=True, text=True, check=True
    ).stdout
    spec = json.loads(out)["kernelspecs"]["python3"]
    assert Path(spec["resource_dir"]).is_relative_to(Path(sys.prefix))
    argv0 = Path(spec["spec"]["argv"][0])
    assert argv0.name.startswith("python")
    assert argv0.parent.resolve() == Path(sys.executable).parent.resolve()
