"""Helpers for the tests over the real ``make report`` output (``reports/`` of the project)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hpdata import paths

REPORTS = paths.PROJECT_ROOT / "reports"
#: The notebooks to render; ``HPDATA_TEST_NOTEBOOKS`` may point elsewhere to try these tests on
#: other notebooks (e.g. tests/fixtures/notebooks).
NOTEBOOKS = Path(os.environ.get("HPDATA_TEST_NOTEBOOKS") or paths.PROJECT_ROOT / "notebooks")


def render_real_reports() -> subprocess.CompletedProcess:
    """Run ``hpdata render`` as ``make report`` does (every report, both languages, into
    ``reports/``); cached reports make a second call cheap. Fails the test if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "hpdata", "render", "--notebooks", str(NOTEBOOKS)],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=paths.PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result
