"""The render plan: which reports exist, their parameters, the data each reads, where files go.

The report kinds are one table, :data:`KINDS`: each :class:`Kind` names its notebook, how its
parameter sets come from the data (standard library only) and its data scope (:class:`Scope`:
which rows of ``sources.csv`` and ``observations.csv`` the page reads). A new kind of page is a
new row there; :mod:`hpdata.report.cache` turns each report's scope into its cache key, so an
edit of rows outside a page's scope does not re-render it.

Standard library only, so a bad parameter is refused and a no-op re-render finishes without
importing pandas, papermill or matplotlib. :mod:`.render` executes a :class:`Plan`;
:mod:`.indexpage` lists it.
"""

from __future__ import annotations

import csv
import fnmatch
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import paths
from ..errors import DataError, ParameterError, Problem

LANGS = ("vi", "en")
DEFAULT_NOTEBOOKS_DIR = paths.PROJECT_ROOT / "notebooks"
DEFAULT_OUT_DIR = paths.PROJECT_ROOT / "reports"
FIGURES_ENV = "HPDATA_FIGURES_DIR"
#: A filter on data rows: ``((column, value), ...)``, every pair must hold; ``()`` is every row.
Filter = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Scope:
    """The data a report reads, beyond the files every report reads in full (everything in the
    data directory but ``sources.csv``, ``observations.csv`` and ``raw/``).

    * ``rows``: the rows of ``observations.csv`` matching this filter, read in full (their
      position too: pages anchor a figure by its row number), with the rows of ``sources.csv``
      they cite or that match the filter's columns that ``sources.csv`` has (``area``,
      ``source_id``, ``plan``), and those sources' files under ``raw/``. ``()``: every row.
    * ``periods``: the rows (matching this filter; ``None``: none) whose ``(area, kind, period)``
      the page reads, e.g. to find the latest result period, which decides ``as_of``.
    * ``reports``: the rows whose sources' ``(source_id, published)`` the page reads, e.g. the
      tracker's status after each report.

    :data:`ALL` reads everything. The digest of a scope is
    :func:`hpdata.report.cache.scope_digest`."""

    rows: Filter = ()
    periods: Filter | None = None
    reports: Filter | None = None

    def within(self, area: str) -> Scope:
        """This scope restricted to the rows of ``area`` (each filter gains ``area == area``,
        unless it has it already)."""
        pair = ("area", area)

        def narrowed(f: Filter) -> Filter:
            return f if pair in f else (*f, pair)

        return Scope(
            rows=narrowed(self.rows),
            periods=None if self.periods is None else narrowed(self.periods),
            reports=None if self.reports is None else narrowed(self.reports),
        )


ALL = Scope()


class DataView:
    """The rows of a data directory's CSV files, read once with the standard ``csv`` module
    (the plan's parameter sets and the scopes' digests read the same rows)."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._rows: dict[str, list[dict[str, str]]] = {}
        self._fields: dict[str, list[str]] = {}

    def rows(self, name: str) -> list[dict[str, str]]:
        """The rows of ``<data>/<name>`` as dicts (``{}`` never: a missing file is a
        :class:`DataError` naming it)."""
        if name not in self._rows:
            self._read(name)
        return self._rows[name]

    def fields(self, name: str) -> list[str]:
        """The column names of ``<data>/<name>``."""
        if name not in self._fields:
            self._read(name)
        return self._fields[name]

    def _read(self, name: str) -> None:
        path = self.data_dir / name
        shown = paths.display(path)
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                self._rows[name] = list(reader)
                self._fields[name] = list(reader.fieldnames or [])
        except FileNotFoundError:
            raise DataError([Problem(shown, None, None, None, "file not found")]) from None
        except UnicodeDecodeError:
            raise DataError([Problem(shown, None, None, None, "not UTF-8")]) from None

    def default_area(self) -> str | None:
        """The area a report without an ``area`` parameter reads: ``default_area`` of
        ``dataset.toml``, or ``None`` when the data have no ``area`` column (or no default)."""
        if "area" not in self.fields(paths.OBSERVATIONS):
            return None
        if "dataset.toml" not in self._fields:
            import tomllib

            try:
                text = (self.data_dir / "dataset.toml").read_text(encoding="utf-8-sig")
                area = tomllib.loads(text).get("default_area")
            except (OSError, ValueError):
                area = None
            self._fields["dataset.toml"] = [str(area)] if area else []
        found = self._fields["dataset.toml"]
        return found[0] if found else None

    def ids(self, name: str, column: str) -> list[str]:
        """The distinct non-empty values of ``column`` in ``<data>/<name>``, in file order.
        Raises :class:`DataError` naming the file if it lacks the column."""
        if column not in self.fields(name):
            shown = paths.display(self.data_dir / name)
            raise DataError([Problem(shown, None, column, None, "missing required column")])
        values = [(row.get(column) or "").strip() for row in self.rows(name)]
        return list(dict.fromkeys(v for v in values if v))


@dataclass(frozen=True)
class Kind:
    """One kind of report page, a row of :data:`KINDS`.

    ``name`` starts every report name of the kind: ``<name>.<values of key_params>.<lang>``.
    ``parameter_sets(data)`` lists the parameter sets (without ``lang``) from a
    :class:`DataView`; ``scope(params)`` says what data one of them reads (:class:`Scope`).
    ``lang_param`` is False for a notebook without a ``lang`` parameter. ``per_area``: the page
    reads one area's data, its ``area`` parameter or else the data's default area
    (:meth:`DataView.default_area`), so its scope is restricted to that area's rows (when the
    data have an ``area`` column); False for a page across areas (a comparison page)."""

    name: str
    notebook: str
    parameter_sets: Callable[[DataView], list[dict[str, Any]]]
    key_params: tuple[str, ...] = ()
    scope: Callable[[Mapping[str, Any]], Scope] = lambda params: ALL
    lang_param: bool = True
    per_area: bool = True


def data_areas(data: DataView) -> list[str]:
    """The areas the data report on: the distinct ``area`` of ``sources.csv``, in file order
    (``[]`` for a data directory without the column)."""
    if "area" not in data.fields(paths.SOURCES):
        return []
    return data.ids(paths.SOURCES, "area")


def many_areas(data: DataView) -> bool:
    """Whether the data hold two or more areas: then every area gets its own pages (their
    names carry the area id) and each indicator a comparison page."""
    return len(data_areas(data)) >= 2


def _one(value: Any = None) -> Callable[[DataView], list[dict[str, Any]]]:
    """One parameter set (``value``); with several areas, one per area (``area`` added)."""

    def sets(data: DataView) -> list[dict[str, Any]]:
        base = {} if value is None else dict(value)
        if many_areas(data):
            return [{**base, "area": a} for a in data_areas(data)]
        return [base]

    return sets


def _each(name: str, column: str, param: str) -> Callable[[DataView], list[dict[str, Any]]]:
    """One parameter set per distinct value of ``column`` in ``name``: ``{param: value}``; with
    several areas, one per area and value (``area`` added)."""

    def sets(data: DataView) -> list[dict[str, Any]]:
        values = data.ids(name, column)
        if many_areas(data):
            return [{param: v, "area": a} for a in data_areas(data) for v in values]
        return [{param: v} for v in values]

    return sets


def _sources(data: DataView) -> list[dict[str, Any]]:
    """One parameter set per source; with several areas, the source's own area added."""
    ids = data.ids(paths.SOURCES, "source_id")
    if not many_areas(data):
        return [{"source_id": s} for s in ids]
    area = {(r.get("source_id") or "").strip(): (r.get("area") or "").strip()
            for r in data.rows(paths.SOURCES)}  # fmt: skip
    return [{"source_id": s, "area": area[s]} for s in ids]


def _compared(data: DataView) -> list[dict[str, Any]]:
    """One comparison page per indicator, only when the data hold two or more areas."""
    return (
        [{"indicator": i} for i in data.ids(paths.INDICATORS, "indicator")]
        if many_areas(data)
        else []
    )


def data_plans(data: DataView) -> list[tuple[str, str]]:
    """``(plan, area)`` of every plan with a target in the data, in the order of the targets'
    rows: a source's plan is its ``plan`` in ``sources.csv`` (empty: the source itself), its
    area the area of its first target."""
    plan_of = {}
    for row in data.rows(paths.SOURCES):
        source = (row.get("source_id") or "").strip()
        plan_of[source] = (row.get("plan") or "").strip() or source
    found: dict[str, str] = {}
    for row in data.rows(paths.OBSERVATIONS):
        if (row.get("kind") or "").strip() == "target":
            plan = plan_of.get((row.get("source_id") or "").strip())
            if plan:
                found.setdefault(plan, (row.get("area") or "").strip())
    return list(found.items())


def _plans(data: DataView) -> list[dict[str, Any]]:
    """One verdict page per plan with a target; with several areas, the plan's area added."""
    if many_areas(data):
        return [{"plan": p, "area": a} for p, a in data_plans(data)]
    return [{"plan": p} for p, _ in data_plans(data)]


def _area_rows(params: Mapping[str, Any], *pairs: tuple[str, str]) -> Filter:
    """The filter ``pairs``, narrowed to ``params["area"]`` when the page is one area's."""
    area = params.get("area")
    return (*pairs, ("area", area)) if area else tuple(pairs)


def _overview_scope(params: Mapping[str, Any]) -> Scope:
    """One area's overview reads that area's rows; the only area's, every row."""
    return Scope(rows=_area_rows(params)) if params.get("area") else ALL


def _indicator_scope(params: Mapping[str, Any]) -> Scope:
    """An indicator page reads its indicator's rows, the periods and reports of its area."""
    area = _area_rows(params)
    return Scope(rows=_area_rows(params, ("indicator", params["indicator"])), periods=area,
                 reports=area)  # fmt: skip


#: The report kinds, in the order their reports are listed. To add a kind of page, add a row.
#: The overview and indicator pages read all the data of their area (their ``as_of`` is the
#: latest result period in the area's data, and the tracker's history reads every report); a
#: source page reads its own source's rows and text. With two or more areas in the data every
#: page is one area's (``area`` is a parameter and part of the name: ``indicator.grdp.
#: quang-ninh.vi``; a source page keeps its name, a source id being unique) and each indicator
#: has a comparison page (``compare.grdp.vi``) reading that indicator's rows in every area and
#: every area's periods (each area's latest result decides its row). A plan with a target has
#: its verdict page (``plan.hp-2019-07-11-nq45.vi``), reading its area's data as the overview.
KINDS: list[Kind] = [
    Kind("overview", "overview", _one({"as_of": None}), ("area",), _overview_scope),
    Kind(
        "indicator",
        "indicator",
        _each(paths.INDICATORS, "indicator", "indicator"),
        ("indicator", "area"),
        _indicator_scope,
    ),
    Kind(
        "sources",
        "sources",
        _sources,
        ("source_id",),
        lambda p: Scope(rows=(("source_id", p["source_id"]),)),
        per_area=False,  # a source's page reads its own rows, whatever their area
    ),
    Kind(
        "compare",
        "compare",
        _compared,
        ("indicator",),
        lambda p: Scope(rows=(("indicator", p["indicator"]),), periods=()),
        per_area=False,  # every area's rows of its indicator
    ),
    Kind("plan", "plan", _plans, ("plan",), _overview_scope),
]


def kind(name: str) -> Kind:
    """The row of :data:`KINDS` called ``name``."""
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(name)


@dataclass(frozen=True)
class Report:
    """One notebook with one parameter set. ``name`` is its id, e.g. ``indicator.grdp.vi``;
    ``scope`` the data it reads (see :class:`Scope`)."""

    name: str
    notebook: str
    params: tuple[tuple[str, Any], ...]
    lang: str
    scope: Scope = ALL
    kind: str = ""

    @property
    def parameters(self) -> dict[str, Any]:
        """The parameters papermill injects."""
        return dict(self.params)

    @property
    def title(self) -> str:
        """The HTML page title."""
        values = [str(v) for k, v in self.params if k not in ("lang", "as_of")]
        return " · ".join(["hpdata", self.notebook, *values, self.lang])


#: The notebooks of the kinds of :data:`KINDS` (in order, each once).
NOTEBOOKS = tuple(dict.fromkeys(k.notebook for k in KINDS))

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

    @cached_property
    def data(self) -> DataView:
        """The data directory's rows, read once (:class:`DataView`)."""
        return DataView(self.data_dir)

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
    return DataView(path.parent).ids(path.name, column)


def report_name(k: Kind, params: Mapping[str, Any], lang: str) -> str:
    """``<kind>.<key parameter values>.<lang>``, e.g. ``indicator.grdp.vi`` (a key parameter
    the set lacks, such as ``area`` with one area in the data, is left out)."""
    return ".".join([k.name, *(str(params[p]) for p in k.key_params if p in params), lang])


def scope_of(k: Kind, params: Mapping[str, Any], data: DataView) -> Scope:
    """The data scope of kind ``k``'s report with ``params``: ``k.scope(params)``, restricted to
    its area for a ``per_area`` kind (see :class:`Kind`)."""
    scope = k.scope(params)
    if not k.per_area:
        return scope
    area = params.get("area") or data.default_area()
    return scope.within(str(area)) if area else scope


def kind_reports(k: Kind, data: DataView, langs: Sequence[str]) -> list[Report]:
    """The reports of kind ``k`` for ``langs``: every parameter set of the data, per language."""
    sets = k.parameter_sets(data)
    out = []
    for lang in langs:
        for params in sets:
            full = {
                p: params[p] for p in k.key_params if p in params
            }  # key parameters, lang, the others
            if k.lang_param:
                full["lang"] = lang
            full.update(params)
            items = tuple(full.items())
            name = report_name(k, params, lang)
            out.append(Report(name, k.notebook, items, lang, scope_of(k, params, data), k.name))
    return out


def all_reports(data_dir: Path, langs: Sequence[str], data: DataView | None = None) -> list[Report]:
    """Every report for ``langs``, kind after kind in the order of :data:`KINDS`."""
    data = data or DataView(data_dir)
    return [r for k in KINDS for r in kind_reports(k, data, langs)]


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
    data = DataView(ddir)
    everything = all_reports(ddir, langs, data)
    chosen = select(everything, only)
    used = dict.fromkeys(r.notebook for r in chosen)
    missing = [nb_dir / f"{nb}.ipynb" for nb in used]
    missing = [p for p in missing if not p.is_file()]
    if missing:
        listed = ", ".join(paths.display(p) for p in missing)
        raise ParameterError(f"notebook not found: {listed}")
    out = Path(out_dir or DEFAULT_OUT_DIR).resolve()
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out: {paths.display(out)} is not a directory")
    made = Plan(chosen, nb_dir, out, ddir, tuple(langs), everything)
    made.__dict__["data"] = data  # the rows already read (``Plan.data`` is a cached property)
    return made
