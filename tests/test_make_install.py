"""The first ``make report`` on a fresh clone says what it is doing (issue 21: its first two to
three minutes printed nothing, the install running with ``-q``): one numbered line before each
install step, the package count read from the lock, and nothing of it once installed."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from hpdata import paths

ROOT = paths.PROJECT_ROOT


def _dry_run(venv: Path) -> list[str]:
    """What ``make report`` would run with ``venv`` as its environment (``make -n``)."""
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "report", f"VENV={venv}"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return [line for line in result.stdout.splitlines() if not line.startswith("make")]


def test_each_install_step_is_announced_before_it_runs(tmp_path: Path) -> None:
    lines = _dry_run(tmp_path / "fresh")
    steps = [i for i, line in enumerate(lines) if re.match(r'echo "== \d/5 ', line)]
    assert len(steps) == 5, lines
    commands = ["-m venv", "pip install -q --disable-pip-version-check uv", "uv pip sync",
                "uv pip install", "compileall"]  # fmt: skip
    for step, command in zip(steps, commands, strict=True):
        following = next(i for i, line in enumerate(lines) if command in line)
        assert step < following, (step, command)
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    count = sum(1 for line in lock.splitlines() if re.match(r"[A-Za-z0-9]", line))
    assert f"installing the {count} pinned packages" in "\n".join(lines)
    assert lines.index(next(x for x in lines if "hpdata render" in x)) > steps[-1]


def test_an_installed_environment_prints_no_install_step() -> None:
    lines = _dry_run(ROOT / ".venv")
    assert not [line for line in lines if "== " in line], lines
    assert any("hpdata render" in line for line in lines)
