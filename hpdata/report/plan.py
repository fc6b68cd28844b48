"""The render plan: which reports exist, their parameters and where their files go.

Standard library only, so a bad parameter is refused and a no-op re-render finishes without
importing pandas, papermill or matplotlib. :mod:`.render` executes a :class:`Plan`;
:mod:`.indexpage` lists it.
"""

from __future__ import annotations

import csv
import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import DataError, ParameterError, Problem
from . import cache

LANGS = ("vi", "en")
NOTEBOOKS = ("overview", "indicator", "sources")
DEFAULT_NOTEBOOKS_DIR = paths.PROJECT_ROOT / "notebooks"
DEFAULT_OUT_DIR = paths.PROJECT_ROOT / "reports"
FIGURES_ENV = "HPDATA_FIGURES_DIR"


@dataclass(frozen=True)
class Report:
    """One notebook with one parameter set. ``name`` is its id, e.g. ``indicator.grdp.vi``."""

    name: str
    notebook: str
    params: tuple[tuple[str, Any], ...]
    lang: str

    @property
    def parameters(self) -> dict[str, Any]:
        """The parameters papermill injects."""
        return dict(self.params)

    @property
    def title(self) -> str:
        """The HTML page title."""
        values = [str(v) for k, v in self.params if k not in ("lang", "as_of")]
        return " · ".join(["hpdata", self.notebook, *values, self.lang])


#: The pseudo-report whose outcome says whether ``index.html`` was written.
INDEX = Report("index", "index", (), "")


@dataclass
class Outcome:
    """What happened to one report: ``status`` is ``rendered``, ``cached`` or ``failed``."""

    report: Report
    status: str
    seconds: float = 0.0
    error: str = ""
    payload: str = ""


@dataclass
class Plan:
    """The reports to consider and where their inputs and outputs are."""

    reports: list[Report]
    notebooks_dir: Path
    out_dir: Path
    data_dir: Path
    langs: tuple[str, ...]
    all_reports: list[Report] = field(default_factory=list)

    def notebook_path(self, report: Report) -> Path:
        """The notebook file of ``report``."""
        return self.notebooks_dir / f"{report.notebook}.ipynb"

    def html_path(self, report: Report) -> Path:
        """Where ``report``'s HTML goes."""
        return self.out_dir / f"{report.name}.html"

    def ipynb_path(self, report: Report) -> Path:
        """Where ``report``'s executed notebook goes."""
        return self.out_dir / "notebooks" / f"{report.name}.ipynb"

    def figures_dir(self, report: Report) -> Path:
        """Where ``report``'s charts go."""
        return self.out_dir / "figures" / report.name


# --- the plan: standard library only --------------------------------------------------------


def parse_langs(value: str | None) -> tuple[str, ...]:
    """``"vi,en"`` -> ``("vi", "en")``: comma-separated, blanks ignored, duplicates dropped.

    Raises :class:`ParameterError` naming the valid languages for an unknown or empty value."""
    if value is None:
        return LANGS
    langs: list[str] = []
    for part in value.split(","):
        lang = part.strip()
        if not lang:
            continue
        if lang not in LANGS:
            raise ParameterError(f"--lang: unknown language {lang!r} (valid: {', '.join(LANGS)})")
        if lang not in langs:
            langs.append(lang)
    if not langs:
        raise ParameterError(f"--lang: no language given (valid: {', '.join(LANGS)})")
    return tuple(langs)


def read_ids(path: Path, column: str) -> list[str]:
    """The non-empty values of ``column`` in the CSV file ``path``, in file order, read with the
    standard ``csv`` module. Raises :class:`DataError` naming the file if it is missing or lacks
    the column."""
    name = paths.display(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None or column not in reader.fieldnames:
                raise DataError([Problem(name, None, column, None, "missing required column")])
            ids = [row[column].strip() for row in reader if (row.get(column) or "").strip()]
    except FileNotFoundError:
        raise DataError([Problem(name, None, None, None, "file not found")]) from None
    except UnicodeDecodeError:
        raise DataError([Problem(name, None, None, None, "not UTF-8")]) from None
    return list(dict.fromkeys(ids))


def all_reports(data_dir: Path, langs: Sequence[str]) -> list[Report]:
    """Every report for ``langs``: overview, then one per indicator, then one per source."""
    indicators = read_ids(data_dir / paths.INDICATORS, "indicator")
    sources = read_ids(data_dir / paths.SOURCES, "source_id")
    out: list[Report] = []
    for lang in langs:
        out.append(Report(f"overview.{lang}", "overview", (("lang", lang), ("as_of", None)), lang))
    for lang in langs:
        for ind in indicators:
            params = (("indicator", ind), ("lang", lang))
            out.append(Report(f"indicator.{ind}.{lang}", "indicator", params, lang))
    for lang in langs:
        for src in sources:
            params = (("source_id", src), ("lang", lang))
            out.append(Report(f"sources.{src}.{lang}", "sources", params, lang))
    return out


def select(reports: list[Report], only: str | None) -> list[Report]:
    """The reports whose name matches the glob ``only`` (all when ``None``); several globs may be
    separated by commas. Raises :class:`ParameterError` listing the valid names if none match."""
    if not only:
        return reports
    globs = [g.strip() for g in only.split(",") if g.strip()]
    chosen = [r for r in reports if any(fnmatch.fnmatchcase(r.name, g) for g in globs)]
    if not chosen:
        names = ", ".join(r.name for r in reports)
        raise ParameterError(f"--only: {only!r} matches no report (valid: {names})")
    return chosen


def make_plan(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    langs: Sequence[str] = LANGS,
    only: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    notebooks_dir: str | os.PathLike[str] | None = None,
) -> Plan:
    """Check every parameter and list the reports to consider, without starting anything.

    Raises :class:`ParameterError` (a bad language, a glob that matches nothing, a missing
    notebook) or :class:`DataError` (a missing or malformed ``indicators.csv``/``sources.csv``)."""
    for lang in langs:
        parse_langs(lang)
    ddir = paths.data_dir(data_dir).resolve()
    if not ddir.is_dir():
        raise ParameterError(f"--data-dir: {paths.display(ddir)} is not a directory")
    nb_dir = Path(notebooks_dir or DEFAULT_NOTEBOOKS_DIR).resolve()
    everything = all_reports(ddir, langs)
    chosen = select(everything, only)
    used = {r.notebook for r in chosen}
    missing = [nb_dir / f"{nb}.ipynb" for nb in NOTEBOOKS if nb in used]
    missing = [p for p in missing if not p.is_file()]
    if missing:
        listed = ", ".join(paths.display(p) for p in missing)
        raise ParameterError(f"notebook not found: {listed}")
    out = Path(out_dir or DEFAULT_OUT_DIR).resolve()
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out: {paths.display(out)} is not a directory")
    return Plan(chosen, nb_dir, out, ddir, tuple(langs), everything)


def report_keys(plan: Plan, common: str) -> dict[str, str]:
    """The cache key of every report in the plan (see :mod:`hpdata.report.cache`); ``common`` is
    :func:`hpdata.report.cache.common_key` of the plan's data directory."""
    notebook_digest: dict[str, str] = {}
    keys = {}
    for r in plan.reports:
        if r.notebook not in notebook_digest:
            notebook_digest[r.notebook] = cache.file_digest(plan.notebook_path(r))
        keys[r.name] = cache.report_key(common, notebook_digest[r.notebook], r.parameters, r.name)
    return keys
