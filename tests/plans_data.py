"""The plans fixture: our own articles (invented figures and wording, 2019–2026) on top of the
project's data, for the verdict of every plan (issue 19) and the pages' browser test.

``tests/fixtures/plans/`` holds the articles (``raw/``), their ``sources.csv`` and
``observations.csv`` rows and ``plans.csv``; :func:`build` copies the project's ``data/`` into a
directory and appends them, so the 2019 programme's 12 targets (the project's own source) are
judged beside the annual plans of 2024, 2025 (revised in July 2025) and 2026. Worked figures are
in ``tests/test_plans.py``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from hpdata import paths

FIXTURE = Path(__file__).parent / "fixtures" / "plans"


def _append(source: Path, target: Path) -> None:
    """Append ``source``'s rows to the CSV ``target``, in ``target``'s column order (a column
    ``target`` lacks is dropped)."""
    with target.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with target.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        writer.writerows(rows)


def build(dest: Path) -> Path:
    """The project's data plus the fixture's articles, in ``dest`` (created); returns it."""
    shutil.copytree(paths.DEFAULT_DATA_DIR, dest)
    for article in (FIXTURE / "raw").glob("*.txt"):
        shutil.copy2(article, dest / "raw" / article.name)
    for name in ("sources.csv", "observations.csv"):
        _append(FIXTURE / name, dest / name)
    if (FIXTURE / "plans.csv").exists():
        if (dest / "plans.csv").exists():
            _append(FIXTURE / "plans.csv", dest / "plans.csv")
        else:
            shutil.copy2(FIXTURE / "plans.csv", dest / "plans.csv")
    return dest
