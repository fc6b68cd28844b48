"""`make lab` serves the repository root (issue 21): checked on the command line make would run."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_lab_serves_the_repository_root() -> None:
    """`make -n lab` prints a jupyter lab command whose root dir is the repository itself."""
    out = subprocess.run(
        ["make", "-n", "-s", "lab"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in out.splitlines() if "jupyter lab" in x)
    assert f"--ServerApp.root_dir={ROOT}" in line.split()
    assert "--notebook-dir=notebooks" not in line
