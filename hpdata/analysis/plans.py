"""The plans: each plan's targets and their verdicts, one plan at a time.

A plan is the programme, resolution or annual plan a target belongs to (``sources.csv``'s
``plan``; empty: the source itself; :func:`hpdata.analysis.series.source_plans`). Its name is
the row of ``plans.csv`` (``plan``, ``name_vi``, ``name_en``; optional), else the title of its
first source. :func:`hpdata.progress` keeps one row per (plan, indicator, target); this module
picks one plan's rows and counts their verdicts (codes and numbers, no sentences).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError, ParameterError
from ..files import read_csv
from ..load import sources
from ..periods import parse_period
from ..validators import PLAN_COLUMNS, PLANS, plans_problems
from .series import source_plans

PathLike = str | os.PathLike[str] | None
#: The verdicts in the order a plan's page counts them (see ``hpdata.analysis.progress``).
VERDICT_ORDER = ("met", "missed", "not_assessable", "pending")


def plans_file(data_dir: PathLike = None) -> list[dict[str, str]]:
    """The rows of ``plans.csv`` (``[]`` when the data directory has none). Raises
    :class:`DataError` with file, row and column (:func:`hpdata.validators.plans_problems`)."""
    directory = Path(paths.data_dir(data_dir))
    problems = plans_problems(directory)
    if problems:
        raise DataError(problems)
    if not (directory / PLANS).is_file():
        return []
    return read_csv(directory / PLANS, PLAN_COLUMNS).to_dict("records")


def plan_names(data_dir: PathLike = None, lang: str = "vi") -> dict[str, str]:
    """Each plan's name in ``lang``: ``plans.csv``'s ``name_<lang>`` where given, else the title
    of the plan's first source (``title_en`` in English, ``title`` where that is empty)."""
    src = sources(data_dir)
    of_source = source_plans(src)
    column = "title_en" if lang == "en" and "title_en" in src else "title"
    names: dict[str, str] = {}
    for row in src.to_dict("records"):
        title = row.get(column)
        title = "" if title is None or pd.isna(title) else str(title)
        names.setdefault(of_source[str(row["source_id"])], title or str(row["title"]))
    for row in plans_file(data_dir):
        name = (row.get(f"name_{lang}") or "").strip()
        if name:
            names[row["plan"].strip()] = name
    return names


def plans_in(table: pd.DataFrame) -> list[str]:
    """The plans with a target in a :func:`hpdata.progress` table, in the table's order."""
    rows = table[table["target_measure"].astype(str) != ""]
    return list(dict.fromkeys(str(p) for p in rows["plan"] if str(p)))


def check_plan(plan: str, table: pd.DataFrame) -> None:
    """Raise :class:`ParameterError` naming the parameter and the valid plans when ``plan`` has
    no target in ``table``."""
    valid = plans_in(table)
    if plan not in valid:
        raise ParameterError(f"plan: unknown plan {plan!r} (valid: {', '.join(valid)})")


def plan_rows(table: pd.DataFrame, plan: str) -> pd.DataFrame:
    """One plan's target rows of a :func:`hpdata.progress` table (its index kept)."""
    return table[(table["plan"].astype(str) == plan) & (table["target_measure"].astype(str) != "")]


def verdict_counts(rows: pd.DataFrame) -> dict[str, int]:
    """How many targets have each verdict, in :data:`VERDICT_ORDER` (zeros kept)."""
    found = rows["verdict"].astype(str).value_counts()
    return {v: int(found.get(v, 0)) for v in VERDICT_ORDER}


def target_years(rows: pd.DataFrame) -> tuple[int, int]:
    """The first and last year the plan's targets end in (``(2025, 2025)`` for the 2019
    programme: its spans 2019–2025 and 2021–2025 end in 2025 too)."""
    years = [parse_period(str(p)).year for p in rows["target_period"]]
    return min(years), max(years)


def overlapping_plans(table: pd.DataFrame, plan: str) -> list[str]:
    """The other plans of ``table`` with a target ending in a year the plan's targets end in."""
    mine = {parse_period(str(p)).year for p in plan_rows(table, plan)["target_period"]}
    out = []
    for other in plans_in(table):
        years = {parse_period(str(p)).year for p in plan_rows(table, other)["target_period"]}
        if other != plan and years & mine:
            out.append(other)
    return out
