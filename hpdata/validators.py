"""Checks of the data files that the typed loaders do not read as tables: ``labels.csv``,
``units.csv``, ``extract_lexicon.toml``, ``extract_aliases.csv``, ``indicator_units.csv``, the
values of ``method.toml`` and ``limits.toml``.

Each function returns a list of :class:`~hpdata.errors.Problem` (empty when the file is fine) so
:func:`hpdata.load.validate` reports every problem of every file at once. Each runs in time
linear in its file's size (duplicates are found by hashing).
"""

from __future__ import annotations

import math
import string
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import paths
from .errors import DataError, Problem
from .files import read_csv, read_text

LABELS = "labels.csv"
PLANS = "plans.csv"
PLAN_COLUMNS = ["plan", "name_vi", "name_en"]
LIMITS = "limits.toml"
LABEL_COLUMNS = ["key", "vi", "en"]
UNIT_COLUMNS = ["unit", "lang", "min_abs", "divisor", "template", "max_decimals", "min_decimals"]
LANGS = ("vi", "en")
#: The keys of ``method.toml`` that the progress method reads, with their types.
THRESHOLD_KEYS = ("high", "med", "low")
BENCHMARK_KEYS = ("Q1", "H1", "9M", "FY")
#: Sections of ``method.toml`` whose every value is a number, and the text keys among them.
NUMERIC_SECTIONS = ("status_thresholds", "linear_benchmark", "plan_pace")
TEXT_KEYS = ("source_id", "quote")
LIMIT_KEYS = ("max_abs", "min_abs")


def is_number(value: object) -> bool:
    """Whether ``value`` is a finite int or float from TOML (``True``/``False`` are not numbers).

    Examples
    --------
    >>> is_number(0.95), is_number("very"), is_number(True), is_number(float("nan"))
    (True, False, False, False)
    """
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def duplicates(values: Iterable[object]) -> dict[int, int]:
    """``{row: first row}`` for every value seen before (1-based rows), in one pass with a dict.

    Examples
    --------
    >>> duplicates(["a", "b", "a", "a"])
    {3: 1, 4: 1}
    """
    first: dict[object, int] = {}
    out: dict[int, int] = {}
    for row, value in enumerate(values, start=1):
        seen = first.setdefault(value, row)
        if seen != row:
            out[row] = seen
    return out


def _read(path: Path, columns: list[str]) -> tuple[Any, list[Problem]]:
    try:
        return read_csv(path, columns), []
    except DataError as error:
        return None, error.problems


def labels_problems(directory: Path) -> list[Problem]:
    """``labels.csv``: the columns ``key``, ``vi``, ``en``; every key non-empty and unique, every
    label non-empty (a reader would see a blank heading)."""
    path = directory / LABELS
    frame, problems = _read(path, LABEL_COLUMNS)
    if frame is None:
        return problems
    name = paths.display(path)
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        for column in LABEL_COLUMNS:
            if not getattr(row, column).strip():
                problems.append(Problem(name, i, column, None, "must not be empty"))
    for row, first in duplicates(frame["key"]).items():
        key = frame["key"].iloc[row - 1]
        problems.append(Problem(name, row, "key", key, f"duplicate key (first at row {first})"))
    return problems + _label_template_problems(name, frame, _reference_labels())


#: A field every label may hold: :func:`hpdata.i18n.text` fills it with the data's own area.
AREA_FIELD = "area"


def template_fields(template: str) -> tuple[list[str], str]:
    """The ``{fields}`` of a template, and what is wrong with it (``""`` when nothing): a
    stray brace, or a field with a conversion, a format spec, an attribute or an index, which
    no caller passes and :meth:`str.format` would fail on (or read beyond the value given).

    Examples
    --------
    >>> template_fields("{n} of {total}")
    (['n', 'total'], '')
    >>> template_fields("{n}}")[1], template_fields("{n:d}")[1], template_fields("{n.real}")[1]
    ("a stray '}' or '{'", "'{n:d}': a format spec", "'{n.real}': an attribute or index")
    """
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return [], "a stray '}' or '{'"
    fields = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        shown = (
            "{"
            + field
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if conversion or spec:
            return fields, f"{shown!r}: a {'conversion' if conversion else 'format spec'}"
        if not field or any(c in field for c in ".["):
            return fields, f"{shown!r}: {'an attribute or index' if field else 'an empty field'}"
        fields.append(field)
    return fields, ""


def _reference_labels() -> dict[str, set[str]]:
    """The keys of the project's own ``data/labels.csv`` (the labels the code asks for) and the
    fields each template may hold there (empty when the project's file cannot be read)."""
    path = paths.DEFAULT_DATA_DIR / LABELS
    try:
        frame = read_csv(path, LABEL_COLUMNS)
    except DataError:
        return {}
    return {
        row.key: {f for lang in LANGS for f in template_fields(getattr(row, lang))[0]}
        for row in frame.itertuples(index=False)
    }


def _label_template_problems(
    name: str, frame: Any, reference: Mapping[str, set[str]]
) -> list[Problem]:
    """Every key of the project's labels present; every label a template its callers can fill
    (no stray brace, only the fields the project's label for the key holds, and ``{area}``)."""
    problems = []
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        allowed = reference.get(row.key, set()) | {AREA_FIELD}
        for lang in LANGS:
            fields, wrong = template_fields(getattr(row, lang))
            unknown = [f for f in fields if f not in allowed]
            if not wrong and unknown:
                known = ", ".join("{" + f + "}" for f in sorted(allowed))
                wrong = f"unknown field {{{unknown[0]}}} (this label may hold {known})"
            if wrong:
                problems.append(Problem(name, i, lang, getattr(row, lang), f"template: {wrong}"))
    have = set(frame["key"])
    missing = [key for key in reference if key not in have]
    for key in missing:
        problems.append(Problem(name, None, "key", key, "missing: the reports ask for this label"))
    return problems


def plans_problems(directory: Path, known: Iterable[str] | None = None) -> list[Problem]:
    """``plans.csv`` (optional: the plans' names): the columns ``plan``, ``name_vi``,
    ``name_en``; every ``plan`` non-empty, unique and, given ``known`` (the plans of
    ``sources.csv``: each source's ``plan``, else its id), one of them. A name may be empty
    (the plan is then named by its first source's title)."""
    path = directory / PLANS
    if not path.is_file():
        return []
    frame, problems = _read(path, PLAN_COLUMNS)
    if frame is None:
        return problems
    name, plans = paths.display(path), set(known) if known is not None else None
    for i, plan in enumerate(frame["plan"], start=1):
        if not plan.strip():
            problems.append(Problem(name, i, "plan", None, "must not be empty"))
        elif plans is not None and plan.strip() not in plans:
            problems.append(Problem(name, i, "plan", plan, "not a plan of sources.csv"))
    for row, first in duplicates(frame["plan"].str.strip()).items():
        plan = frame["plan"].iloc[row - 1]
        problems.append(Problem(name, row, "plan", plan, f"duplicate plan (first at row {first})"))
    return problems


COLUMNS = "columns.csv"
COLUMN_WORD_COLUMNS = ["table", "column", "description", "unit"]


def columns_problems(directory: Path, known: Mapping[str, Iterable[str] | None]) -> list[Problem]:
    """``columns.csv`` (the data dictionary; optional in a data directory of one's own): the
    columns ``table``, ``column``, ``description``, ``unit``; every ``table`` one of ``known``'s,
    every ``column`` a column of that table where ``known`` lists them (``None``: any name),
    every description non-empty, each (table, column) once."""
    path = directory / COLUMNS
    if not path.exists():
        return []
    frame, problems = _read(path, COLUMN_WORD_COLUMNS)
    if frame is None:
        return problems
    name = paths.display(path)
    for i, row in enumerate(frame.itertuples(index=False), start=1):
        problems += _column_row_problems(name, i, row, known)
    keys = (frame["table"].str.strip() + "\x00" + frame["column"].str.strip()).tolist()
    for row, first in duplicates(keys).items():
        column = frame["column"].iloc[row - 1]
        problems.append(
            Problem(name, row, "column", column, f"described twice (first at row {first})")
        )
    return problems


def _column_row_problems(
    name: str, i: int, row: Any, known: Mapping[str, Iterable[str] | None]
) -> list[Problem]:
    """One row of ``columns.csv``: a known table, a column of it, a description."""
    table, column = row.table.strip(), row.column.strip()
    if table not in known:
        return [Problem(name, i, "table", row.table, f"not one of {', '.join(known)}")]
    out = []
    columns = known[table]
    if not column:
        out.append(Problem(name, i, "column", None, "must not be empty"))
    elif columns is not None and column not in set(columns):
        out.append(Problem(name, i, "column", row.column, f"not a column of {table}"))
    if not row.description.strip():
        out.append(Problem(name, i, "description", None, "must not be empty"))
    return out


def _unit_row_problems(name: str, i: int, row: Mapping[str, str]) -> list[Problem]:
    out = []
    if not row["unit"].strip():
        out.append(Problem(name, i, "unit", row["unit"], "must not be empty"))
    if row["lang"] not in LANGS:
        out.append(Problem(name, i, "lang", row["lang"], f"not one of {', '.join(LANGS)}"))
    for column, low in (("min_abs", 0.0), ("divisor", None)):
        try:
            number = float(row[column])
            ok = math.isfinite(number) and (number >= low if low is not None else number > 0)
        except ValueError:
            ok = False
        if not ok:
            rule = "a finite number >= 0" if low is not None else "a finite number > 0"
            out.append(Problem(name, i, column, row[column], f"must be {rule}"))
    if not (row["max_decimals"].isdigit() and int(row["max_decimals"]) <= 12):
        out.append(Problem(name, i, "max_decimals", row["max_decimals"], "must be 0 to 12"))
    low = row["min_decimals"] or "0"
    if not (
        low.isdigit()
        and (not row["max_decimals"].isdigit() or int(low) <= int(row["max_decimals"]))
    ):
        out.append(Problem(name, i, "min_decimals", low, "must be 0 to max_decimals"))
    fields, wrong = template_fields(row["template"])
    if wrong or set(fields) != {"n"}:
        message = "must contain {n} and no other {field}" + (f" ({wrong})" if wrong else "")
        out.append(Problem(name, i, "template", row["template"], message))
    return out


def units_problems(directory: Path, units: Iterable[str] = ()) -> list[Problem]:
    """``units.csv``: its columns; each row's unit named, ``lang`` vi or en, ``min_abs`` >= 0,
    ``divisor`` > 0, ``max_decimals`` 0-12, ``min_decimals`` 0 to ``max_decimals``, a ``template`` with
    ``{n}``; and every unit of the vocabularies has, in each language, a scale with
    ``min_abs = 0`` (so every value can be written)."""
    path = directory / paths.UNITS
    frame, problems = _read(path, UNIT_COLUMNS)
    if frame is None:
        return problems
    name = paths.display(path)
    known = set(units)
    smallest: set[tuple[str, str]] = set()
    for i, row in enumerate(frame.to_dict("records"), start=1):
        problems += _unit_row_problems(name, i, row)
        try:
            if float(row["min_abs"]) == 0:
                smallest.add((row["unit"], row["lang"]))
        except ValueError:
            pass
    for unit in sorted(known):
        for lang in LANGS:
            if (unit, lang) not in smallest:
                message = f"unit {unit!r} has no row for lang {lang!r} with min_abs 0"
                problems.append(Problem(name, None, "min_abs", None, message))
    return problems


def lexicon_problems(directory: Path, units: Iterable[str] = ()) -> list[Problem]:
    """``extract_lexicon.toml``: it parses, every list the extractor reads is there and holds
    non-empty words (a string where a list belongs is refused, not split into letters), and
    every unit word maps to a unit of the vocabularies."""
    from .lexicon import LEXICON, Lexicon

    path = directory / LEXICON
    name = paths.display(path)
    try:
        text = read_text(path)
        lexicon = Lexicon.from_toml(text, name)
        raw = tomllib.loads(text)
    except DataError as error:
        return error.problems
    problems = [
        Problem(name, None, f"{section}.{key}", value, "must be a list of non-empty words")
        for section, key, value in _leaves(raw)
        if not _words_ok(section, key, value)
    ]
    known = set(units)
    for word, unit in lexicon.units.items():
        if known and unit not in known:
            problems.append(Problem(name, None, f"units.{word}", unit, "not a unit"))
    return problems


#: The columns of the extractor's optional data files (see :mod:`hpdata.extract.extractor`).
ALIAS_COLUMNS = ["indicator", "phrase", "note"]
INDICATOR_UNIT_COLUMNS = ["indicator", "unit", "note"]


def _phrase_key(phrase: str) -> str:
    """An alias as the extractor compares it: lower case, runs of whitespace as one space."""
    return " ".join(phrase.lower().split())


def _own_aliases(frame: Any) -> dict[str, str]:
    """``{phrase: indicator}`` of ``name_vi`` and ``aliases_vi`` of ``indicators.csv``."""
    own: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        for alias in [row.name_vi, *str(row.aliases_vi).split("|")]:
            if _phrase_key(alias):
                own.setdefault(_phrase_key(alias), row.indicator)
    return own


def aliases_problems(directory: Path, indicators: Any = None) -> list[Problem]:
    """``extract_aliases.csv`` (optional: no file, no problem): its columns; each row's
    ``indicator`` an indicator of ``indicators.csv``; its ``phrase`` not empty, not a repeat of
    an earlier row's (compared as the extractor does: case and runs of spaces ignored), and not
    already an alias of another indicator in ``indicators.csv`` (the extractor would keep that
    one and silently ignore the row). ``indicators``: the loaded ``indicators.csv`` table, or
    ``None`` when it is broken (its own problems are reported; the checks against it are skipped).
    """
    path = directory / paths.ALIASES
    if not path.exists():
        return []
    frame, problems = _read(path, ALIAS_COLUMNS)
    if frame is None:
        return problems
    name = paths.display(path)
    known = set(indicators["indicator"]) if indicators is not None else None
    own = _own_aliases(indicators) if indicators is not None else {}
    first: dict[str, int] = {}
    for i, row in enumerate(frame.to_dict("records"), start=1):
        indicator, key = row["indicator"], _phrase_key(row["phrase"])
        if known is not None and indicator not in known:
            problems.append(Problem(name, i, "indicator", indicator, "unknown indicator"))
        if not key:
            problems.append(Problem(name, i, "phrase", row["phrase"], "must not be empty"))
            continue
        if key in first:
            message = f"duplicate phrase (first at row {first[key]})"
            problems.append(Problem(name, i, "phrase", row["phrase"], message))
        first.setdefault(key, i)
        if own.get(key, indicator) != indicator:
            message = f"already an alias of {own[key]!r} in indicators.csv"
            problems.append(Problem(name, i, "phrase", row["phrase"], message))
    return problems


def indicator_units_problems(
    directory: Path, indicators: Any = None, units: Iterable[str] = ()
) -> list[Problem]:
    """``indicator_units.csv`` (optional): its columns; each row's ``indicator`` an indicator of
    ``indicators.csv``, its ``unit`` not empty and a unit of ``units.csv`` (else of ``units``,
    the vocabulary's, when ``units.csv`` cannot be read), each (indicator, unit) pair once."""
    path = directory / paths.INDICATOR_UNITS
    if not path.exists():
        return []
    frame, problems = _read(path, INDICATOR_UNIT_COLUMNS)
    if frame is None:
        return problems
    name = paths.display(path)
    known = set(indicators["indicator"]) if indicators is not None else None
    table, _ = _read(directory / paths.UNITS, UNIT_COLUMNS)
    allowed = set(table["unit"]) if table is not None else set(units)
    pairs = [(row["indicator"], row["unit"].strip()) for row in frame.to_dict("records")]
    for i, (indicator, unit) in enumerate(pairs, start=1):
        if known is not None and indicator not in known:
            problems.append(Problem(name, i, "indicator", indicator, "unknown indicator"))
        if not unit:
            problems.append(Problem(name, i, "unit", unit, "must not be empty"))
        elif allowed and unit not in allowed:
            problems.append(Problem(name, i, "unit", unit, "not a unit of units.csv"))
    for row, first in duplicates(pairs).items():
        message = f"duplicate indicator and unit (first at row {first})"
        problems.append(Problem(name, row, "unit", pairs[row - 1][1], message))
    return problems


def _leaves(raw: Mapping[str, Any]) -> Iterable[tuple[str, str, Any]]:
    for section, table in raw.items():
        if isinstance(table, dict):
            for key, value in table.items():
                yield section, key, value
        else:
            yield section, "", table


def _words_ok(section: str, key: str, value: object) -> bool:
    if (section, key) in (
        ("negations", "window"),
        ("targets", "forecast_days"),
        ("periods", "year_to_date_days"),
    ):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if section == "units":
        return isinstance(value, str) and bool(value.strip())
    return isinstance(value, list) and all(isinstance(w, str) and w.strip() for w in value)


def method_problems(
    directory: Path, settings: Mapping[str, Any], texts: Mapping[str, str]
) -> list[Problem]:
    """The values of ``method.toml``: ``status_thresholds`` ``high``, ``med``, ``low`` finite
    numbers with high >= med >= low; ``linear_benchmark`` ``Q1``, ``H1``, ``9M``, ``FY`` numbers
    in (0, 100], not decreasing; its ``source_id`` a source whose text contains its ``quote``.
    Other keys are left to whoever reads them."""
    name = paths.display(directory / paths.METHOD)
    problems: list[Problem] = []
    thresholds = _table(name, settings, "status_thresholds", THRESHOLD_KEYS, problems)
    if len(thresholds) == 3 and not thresholds["high"] >= thresholds["med"] >= thresholds["low"]:
        problems.append(
            Problem(name, None, "status_thresholds", thresholds, "needs high >= med >= low")
        )
    bench = _table(name, settings, "linear_benchmark", BENCHMARK_KEYS, problems)
    problems += _other_numbers(name, settings)
    others = settings.get("linear_benchmark", {})
    others = others if isinstance(others, dict) else {}
    every = {**{k: v for k, v in others.items() if is_number(v)}, **bench}
    for key, value in every.items():
        if not 0 < value <= 100:
            problems.append(
                Problem(name, None, f"linear_benchmark.{key}", value, "not in (0, 100]")
            )
    ordered = [bench[k] for k in BENCHMARK_KEYS if k in bench]
    if len(ordered) == len(BENCHMARK_KEYS) and ordered != sorted(ordered):
        message = "must not decrease from Q1 to H1, 9M and FY"
        problems.append(Problem(name, None, "linear_benchmark", bench, message))
    table = settings.get("linear_benchmark", {})
    source, quote = table.get("source_id"), table.get("quote")
    if source is not None and texts and source not in texts:
        problems.append(Problem(name, None, "linear_benchmark.source_id", source, "not a source"))
    elif source is not None and texts and quote is not None and str(quote) not in texts[source]:
        problems.append(
            Problem(name, None, "linear_benchmark.quote", quote, f"not found in {source}")
        )
    return problems


def _other_numbers(name: str, settings: Mapping[str, Any]) -> list[Problem]:
    """Every other value of the numeric sections must be a number too (``high = "very"``)."""
    out = []
    required = {"status_thresholds": THRESHOLD_KEYS, "linear_benchmark": BENCHMARK_KEYS}
    for section in NUMERIC_SECTIONS:
        table = settings.get(section, {})
        if not isinstance(table, dict):
            out.append(Problem(name, None, section, None, "must be a table"))
            continue
        for key, value in table.items():
            if key in TEXT_KEYS or key in required.get(section, ()):
                continue
            if not is_number(value):
                out.append(Problem(name, None, f"{section}.{key}", value, "must be a number"))
    return out


def _table(
    name: str, settings: Mapping[str, Any], section: str, keys: Iterable[str], out: list[Problem]
) -> dict[str, float]:
    """The numbers ``keys`` of ``[section]``; a missing or non-numeric one is added to ``out``."""
    table = settings.get(section)
    if not isinstance(table, dict):
        out.append(Problem(name, None, section, None, "missing section"))
        return {}
    found = {}
    for key in keys:
        if key not in table:
            out.append(Problem(name, None, f"{section}.{key}", None, "missing"))
        elif not is_number(table[key]):
            out.append(Problem(name, None, f"{section}.{key}", table[key], "must be a number"))
        else:
            found[key] = float(table[key])
    return found


def limits(directory: Path) -> tuple[dict[str, float], list[Problem]]:
    """The ``[values]`` limits of ``limits.toml`` and the problems with them."""
    path = directory / LIMITS
    name = paths.display(path)
    try:
        settings = tomllib.loads(read_text(path))
    except DataError as error:
        return {}, error.problems
    except tomllib.TOMLDecodeError as error:
        return {}, [Problem(name, None, None, None, str(error))]
    problems: list[Problem] = []
    found = _table(name, settings, "values", LIMIT_KEYS, problems)
    if len(found) == 2 and not 0 <= found["min_abs"] < found["max_abs"]:
        problems.append(Problem(name, None, "values", found, "needs 0 <= min_abs < max_abs"))
    return (found if not problems else {}), problems
