"""``statuses.csv`` read and checked (data layer): one row per scheme (``status``,
``plan_status``) and code, with ``urgency``, ``colour`` (``#RRGGBB``) and ``mark``.

The codes of each scheme are the vocabulary codes of the field of the same name in
``vocabularies.csv``, so this check needs nothing from the analysis; :mod:`hpdata.analysis.status`
reads the table through :func:`statuses_table`.
"""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

from . import paths
from .errors import DataError, Problem

PathLike = str | os.PathLike[str] | None
SCHEME_FIELDS = ("status", "plan_status")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: The fields a rule (``rule_vi``, ``rule_en``) may hold: the thresholds of ``method.toml`` that
#: :func:`hpdata.analysis.status.rule_values` writes for readers.
RULE_FIELDS = ("high", "med", "low", "on_pace", "plan_met", "q1", "h1", "m9")
RULE_COLUMNS = ("rule_vi", "rule_en")
#: The columns every row needs.
COLUMNS = ("scheme", "code", "urgency", "colour", "mark", *RULE_COLUMNS)


@lru_cache(maxsize=8)
def _read(path: Path, _state: tuple, schemes: tuple) -> dict[tuple[str, str], dict[str, str]]:
    """The rows of ``statuses.csv`` keyed by (scheme, code), checked row by row: a known scheme
    and code, a colour, an urgency number, and every code of every scheme present."""
    name = paths.display(path)
    codes = dict(schemes)
    out: dict[tuple[str, str], dict[str, str]] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:  # a BOM is tolerated
            reader = csv.DictReader(fh)
            rows, header = list(reader), list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise DataError([Problem(name, None, None, None, f"cannot be read ({reason})")]) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DataError([Problem(name, None, missing[0], None, "missing required column")])
    for i, row in enumerate(rows, start=1):
        scheme, code = row.get("scheme") or "", row.get("code") or ""
        if code not in codes.get(scheme, ()):
            raise DataError([Problem(name, i, "code", code, f"not a code of {scheme!r}")])
        if not _COLOUR.match(row.get("colour") or ""):
            raise DataError([Problem(name, i, "colour", row.get("colour"), "not #RRGGBB")])
        if not (row.get("urgency") or "").isdigit():
            raise DataError([Problem(name, i, "urgency", row.get("urgency"), "not a number")])
        for column in RULE_COLUMNS:
            wrong = _rule_problem(row.get(column) or "")
            if wrong:
                raise DataError([Problem(name, i, column, row.get(column), wrong)])
        out[(scheme, code)] = row
    for scheme, wanted in codes.items():
        missing = [c for c in wanted if (scheme, c) not in out]
        if missing:
            raise DataError([Problem(name, None, "code", missing, f"{scheme} codes missing")])
    return out


def _rule_problem(rule: str) -> str:
    """What is wrong with a rule as a template (``""`` when nothing): see
    :func:`hpdata.validators.template_fields`; its fields must be of :data:`RULE_FIELDS`."""
    from .validators import template_fields

    fields, wrong = template_fields(rule)
    unknown = [f for f in fields if f not in RULE_FIELDS]
    if not wrong and unknown:
        known = ", ".join("{" + f + "}" for f in RULE_FIELDS)
        wrong = f"unknown field {{{unknown[0]}}} (a rule may hold {known})"
    return f"template: {wrong}" if wrong else ""


def statuses_table(
    data_dir: PathLike = None, schemes: dict[str, tuple[str, ...]] | None = None
) -> dict[tuple[str, str], dict[str, str]]:
    """``statuses.csv`` of the data directory as ``{(scheme, code): row}``, cached on the file's
    state. ``schemes`` gives each scheme's codes (default: the vocabulary's codes of the fields
    ``status`` and ``plan_status``)."""
    directory = paths.resolved_data_dir(data_dir)
    path = directory / paths.STATUSES
    if not path.is_file():
        what = "file not found" if not path.exists() else "is not a regular file"
        raise DataError([Problem(paths.display(path), None, None, None, what)])
    if schemes is None:
        from .load import vocabulary

        vocab = vocabulary(directory)
        schemes = {field: tuple(vocab.get(field, ())) for field in SCHEME_FIELDS}
    key = tuple(sorted((k, tuple(v)) for k, v in schemes.items()))
    return _read(path, paths.file_state(path), key)
