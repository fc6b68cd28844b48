"""The areas fixture: our own articles (invented figures) about three provinces, one of which
merged in 2025 (Hải Dương, into Hải Phòng on 1 July 2025: its article is of 2024), for the pages
of several areas and the comparison pages.

``tests/fixtures/areas/`` holds the articles (``raw/``) with their ``sources.csv`` and
``observations.csv`` rows, and under ``extra/`` one more article for Quảng Ninh (the nine months
of 2025). :func:`build` copies the project's ``data/`` into a directory, keeps three indicators
(so a render stays short) and appends the fixture's sources to the project's (Hải Phòng's);
:func:`add_extra` appends the extra article.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from hpdata import paths

FIXTURE = Path(__file__).parent / "fixtures" / "areas"
AREAS = ("hai-phong", "hai-duong", "quang-ninh")
INDICATORS = ("grdp", "budget_revenue", "fdi")
#: Files whose rows name an indicator: only the rows of :data:`INDICATORS` are kept.
BY_INDICATOR = ("indicators.csv", "indicator_units.csv", "extract_aliases.csv")


def _keep(path: Path, column: str, values: tuple[str, ...]) -> None:
    """Keep the rows of the CSV ``path`` whose ``column`` is one of ``values``."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames or []), list(reader)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r for r in rows if r[column] in values)


def _append(source: Path, target: Path) -> None:
    """Append ``source``'s rows to the CSV ``target`` (same columns)."""
    with source.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines(keepends=True)[1:]
    with target.open("a", encoding="utf-8", newline="") as fh:
        fh.writelines(lines)


def build(dest: Path) -> Path:
    """The project's data (its three indicators) with the fixture's three provinces, in ``dest``
    (created); returns it."""
    shutil.copytree(paths.DEFAULT_DATA_DIR, dest)
    for article in (FIXTURE / "raw").glob("*.txt"):
        shutil.copy2(article, dest / "raw" / article.name)
    _keep(dest / "observations.csv", "indicator", INDICATORS)
    for name in ("sources.csv", "observations.csv"):
        _append(FIXTURE / name, dest / name)
    for name in BY_INDICATOR:
        if (dest / name).exists():
            _keep(dest / name, "indicator", INDICATORS)
    return dest


def add_extra(dest: Path, folder: str = "extra") -> Path:
    """Append the extra article (Quảng Ninh, nine months of 2025) to the data in ``dest``; with
    ``folder="revision"``, Hải Dương's revised budget figure of 2024-H1 (one indicator, a period
    already known)."""
    for article in (FIXTURE / folder).glob("*.txt"):
        shutil.copy2(article, dest / "raw" / article.name)
    for name in ("sources.csv", "observations.csv"):
        _append(FIXTURE / folder / name, dest / name)
    return dest
