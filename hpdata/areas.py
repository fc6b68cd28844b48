"""Places: the province-level units of Viet Nam before and after the 2025 reorganisation, the
country and its regions (data layer; ``data/areas.csv``, documented in ``data/areas.md``).

A unit that absorbed others on 1 July 2025 keeps its id (Hải Phòng is ``hai-phong`` before and
after); the merged units end on 30 June 2025 with their ``successor``. So the territory of an id can
change: :func:`boundary_change` gives the date, :func:`absorbed` the units it took in, and
:func:`successor_of` the unit a place belongs to on a given day. Names are matched by
:func:`find_areas` in either tone-mark spelling (:func:`hpdata.numbers.fold_tones`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .errors import DataError, ParameterError, Problem
from .files import read_csv, read_text
from .numbers import fold_tones

PathLike = str | os.PathLike[str] | None
AREA_COLUMNS = [
    "area", "name_vi", "name_en", "kind", "valid_from", "valid_to", "successor", "aliases_vi",
    "note",
]  # fmt: skip
#: The kinds of area; ``province`` and ``city`` are the province-level units.
KINDS = ("province", "city", "region", "country")
UNIT_KINDS = ("province", "city")
AREA_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(value: str) -> date | None:
    """An ISO date, or ``None`` for an empty cell; ``ValueError`` for anything else."""
    if not value:
        return None
    if not _DATE.match(value):
        raise ValueError(value)
    return date.fromisoformat(value)


def _row_problems(name: str, i: int, row: dict, ids: set[str]) -> list[Problem]:
    """One row's problems: id, names, kind, dates in order, a known successor, aliases."""
    out = []
    if not AREA_ID.match(row["area"]):
        out.append(Problem(name, i, "area", row["area"], "must be lower-case letters, digits, '-'"))
    for column in ("name_vi", "name_en"):
        if not row[column].strip():
            out.append(Problem(name, i, column, row[column], "must not be empty"))
    if row["kind"] not in KINDS:
        out.append(Problem(name, i, "kind", row["kind"], f"not one of {', '.join(KINDS)}"))
    days = {}
    for column in ("valid_from", "valid_to"):
        try:
            days[column] = _day(row[column])
        except ValueError:
            out.append(Problem(name, i, column, row[column], "not a date (YYYY-MM-DD)"))
    start, end = days.get("valid_from"), days.get("valid_to")
    if start and end and start > end:
        out.append(Problem(name, i, "valid_to", row["valid_to"], "before valid_from"))
    successor = row["successor"]
    if successor and successor not in ids:
        out.append(Problem(name, i, "successor", successor, "unknown area"))
    if successor and not row["valid_to"]:
        out.append(Problem(name, i, "successor", successor, "a successor needs a valid_to"))
    if successor == row["area"]:
        out.append(Problem(name, i, "successor", successor, "an area cannot succeed itself"))
    if any(not a.strip() for a in row["aliases_vi"].split("|")) and row["aliases_vi"]:
        out.append(Problem(name, i, "aliases_vi", row["aliases_vi"], "an empty alias"))
    return out


def areas_problems(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Every problem of ``areas.csv``: each row (:func:`_row_problems`), ids unique, and no alias
    naming two areas (compared as :func:`find_areas` compares them)."""
    ids = set(frame["area"])  # once: built per row it made 20,000 rows take minutes
    problems: list[Problem] = []
    first: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    for i, row in enumerate(frame.to_dict("records"), start=1):
        if row["area"] in first:
            message = f"duplicate area (first at row {first[row['area']]})"
            problems.append(Problem(name, i, "area", row["area"], message))
        first.setdefault(row["area"], i)
        problems += _row_problems(name, i, row, ids)
        for alias in filter(None, (a.strip() for a in row["aliases_vi"].split("|"))):
            key = _alias_key(alias)
            other = owner.setdefault(key, (row["area"], i))
            if other[0] != row["area"]:
                message = f"also an alias of {other[0]!r} (row {other[1]})"
                problems.append(Problem(name, i, "aliases_vi", alias, message))
    return problems


@lru_cache(maxsize=16)
def _areas(directory: Path, _state: tuple) -> pd.DataFrame:
    path = directory / paths.AREAS
    name = paths.display(path)
    frame = read_csv(path, AREA_COLUMNS)
    problems = areas_problems(frame, name)
    if problems:
        raise DataError(problems)
    for column in ("valid_from", "valid_to"):
        frame[column] = [_day(v) for v in frame[column]]
    return frame


def areas(data_dir: PathLike = None) -> pd.DataFrame:
    """``areas.csv``, validated: one row per area (``valid_from``/``valid_to`` as dates or None).

    Examples
    --------
    >>> a = areas(); int(a["kind"].isin(["province", "city"]).sum())
    63
    """
    directory = paths.resolved_data_dir(data_dir)
    path = directory / paths.AREAS
    return _areas(directory, (paths.file_state(path),)).copy()


def area_ids(data_dir: PathLike = None) -> list[str]:
    """Every area id of ``areas.csv``, in file order."""
    return list(areas(data_dir)["area"])


def _row(area: str, data_dir: PathLike) -> dict:
    frame = areas(data_dir)
    hit = frame[frame["area"] == area]
    if hit.empty:
        raise ParameterError(f"--area: unknown area {area!r} (see data/areas.csv)")
    return hit.iloc[0].to_dict()


def check_area(area: str, data_dir: PathLike = None) -> str:
    """``area`` if it is an id of ``areas.csv``; else :class:`ParameterError` naming ``--area``."""
    return _row(area, data_dir)["area"]


def area_name(area: str, lang: str = "vi", data_dir: PathLike = None) -> str:
    """The area's name for readers (``name_vi`` or ``name_en``).

    >>> area_name("ho-chi-minh", "en")
    'Ho Chi Minh City'
    """
    return _row(area, data_dir)["name_en" if lang == "en" else "name_vi"]


def valid_on(
    day: date, kinds: tuple[str, ...] = UNIT_KINDS, data_dir: PathLike = None
) -> list[str]:
    """The areas of ``kinds`` that exist on ``day``: ``valid_from`` ≤ day ≤ ``valid_to`` (an empty
    bound is open).

    >>> len(valid_on(date(2025, 6, 30))), len(valid_on(date(2025, 7, 1)))
    (63, 34)
    """
    frame = areas(data_dir)
    out = []
    for row in frame.itertuples(index=False):
        if row.kind not in kinds:
            continue
        if (row.valid_from is None or row.valid_from <= day) and (
            row.valid_to is None or day <= row.valid_to
        ):
            out.append(row.area)
    return out


def successor_of(area: str, day: date, data_dir: PathLike = None) -> str:
    """The area that ``area``'s territory belongs to on ``day``: itself while it exists, else its
    successor's (followed through every merger, a loop refused).

    >>> successor_of("hai-duong", date(2026, 1, 1)), successor_of("hai-duong", date(2024, 1, 1))
    ('hai-phong', 'hai-duong')
    """
    seen = set()
    current = _row(area, data_dir)
    while current["valid_to"] is not None and day > current["valid_to"] and current["successor"]:
        if current["area"] in seen:
            raise DataError([Problem(paths.AREAS, None, "successor", area, "successors loop")])
        seen.add(current["area"])
        current = _row(current["successor"], data_dir)
    return current["area"]


def absorbed(area: str, data_dir: PathLike = None) -> list[str]:
    """The areas that merged into ``area`` (those whose ``successor`` it is).

    >>> absorbed("hai-phong")
    ['hai-duong']
    """
    frame = areas(data_dir)
    return list(frame.loc[frame["successor"] == area, "area"])


def boundary_change(area: str, data_dir: PathLike = None) -> date | None:
    """The day ``area``'s territory last grew: the day after the latest ``valid_to`` of the areas
    that merged into it; ``None`` when none did.

    >>> boundary_change("hai-phong")
    datetime.date(2025, 7, 1)
    >>> boundary_change("quang-ninh") is None
    True
    """
    frame = areas(data_dir)
    ends = [d for d in frame.loc[frame["successor"] == area, "valid_to"] if d is not None]
    return max(ends) + timedelta(days=1) if ends else None


# --- names in texts -------------------------------------------------------------------------


def _alias_key(alias: str) -> str:
    """An alias as compared: tone marks folded, runs of spaces as one, first letter lower-case
    (a name may open a sentence; the rest of its capitals must match: "Hòa Bình" the province,
    never "hòa bình", peace)."""
    folded = " ".join(fold_tones(alias).split())
    return folded[:1].lower() + folded[1:]


def _word_trie(keys: list[str], first: bool = False) -> str:
    """An alternation of phrases factored by their words (longest word first at each node), so a
    position of a text costs one test per distinct first word; with ``first`` the first letter
    of a phrase matches in either case (a name may open a sentence)."""
    root: dict = {}
    for key in keys:
        node = root
        for word in key.split(" "):
            node = node.setdefault(word, {})
        node[""] = {}

    def build(node: dict, top: bool) -> str:
        pieces = []
        for word in sorted((w for w in node if w), key=lambda w: (-len(w), w)):
            head = re.escape(word[:1])
            if top:
                head = f"[{re.escape(word[:1])}{re.escape(word[:1].upper())}]"
            piece = head + re.escape(word[1:])
            child = node[word]
            if any(child):
                piece += r"(?:\s+" + build(child, False) + ")" + ("?" if "" in child else "")
            pieces.append(piece)
        return "(?:" + "|".join(pieces) + ")"

    return build(root, first)


@lru_cache(maxsize=16)
def _name_pattern(directory: Path, _state: tuple) -> tuple[re.Pattern[str], dict[str, str]]:
    frame = _areas(directory, _state)
    owner: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        for alias in filter(None, (a.strip() for a in row.aliases_vi.split("|"))):
            owner.setdefault(_alias_key(alias), row.area)
    heads = sorted({c for key in owner for c in (key[:1], key[:1].upper())})
    lookahead = "(?=[" + "".join(re.escape(c) for c in heads) + "])"
    body = _word_trie(list(owner), first=True)
    pattern = re.compile(lookahead + r"(?<!\w)" + body + r"(?!\w)" if owner else "(?!)")
    return pattern, owner


def name_pattern(data_dir: PathLike = None) -> tuple[re.Pattern[str], Callable[[str], str]]:
    """The pattern :func:`find_areas` runs (over :func:`fold_tones`-ed text) and the function
    from a matched name to its area id, for callers that scan only parts of a text."""
    directory = paths.resolved_data_dir(data_dir)
    pattern, owner = _name_pattern(directory, (paths.file_state(directory / paths.AREAS),))
    return pattern, lambda name: owner[_alias_key(name)]


def find_areas(text: str, data_dir: PathLike = None) -> list[tuple[int, int, str]]:
    """Every area named in ``text`` as ``(start, end, area)``, the longest alias first at each
    place ("tỉnh Hải Dương" before "Hải Dương"), either tone-mark spelling, whole words only.

    >>> [(text[s:e], a) for text in ["Khánh Hoà và TP.HCM"] for s, e, a in find_areas(text)]
    [('Khánh Hoà', 'khanh-hoa'), ('TP.HCM', 'ho-chi-minh')]
    """
    directory = paths.resolved_data_dir(data_dir)
    state = (paths.file_state(directory / paths.AREAS),)
    pattern, owner = _name_pattern(directory, state)
    folded = fold_tones(text)
    return [(m.start(), m.end(), owner[_alias_key(m.group())]) for m in pattern.finditer(folded)]


def guess_area(title: str, lead: str = "", data_dir: PathLike = None) -> str | None:
    """The report's own province-level unit, read from its title and first paragraph: the unit
    named most often there (a tie goes to the one named first, the title before the lead);
    ``None`` when neither names one. Regions and the country never count.

    >>> guess_area("Quảng Ninh: GRDP quý I tăng 9,5%", "Tỉnh Quảng Ninh và Hải Phòng ...")
    'quang-ninh'
    """
    frame = areas(data_dir)
    units = set(frame.loc[frame["kind"].isin(UNIT_KINDS), "area"])
    found = [a for _, _, a in find_areas(title + "\n" + lead, data_dir) if a in units]
    if not found:
        return None
    counts = {a: found.count(a) for a in found}
    return max(dict.fromkeys(found), key=lambda a: counts[a])


# --- the dataset ----------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _dataset(directory: Path, _state: tuple) -> dict:
    path = directory / paths.DATASET
    if not path.exists():
        return {}
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as error:
        raise DataError([Problem(paths.display(path), None, None, None, str(error))]) from None


def dataset(data_dir: PathLike = None) -> dict:
    """``dataset.toml`` (optional): settings of the dataset as a whole, such as ``default_area``."""
    directory = paths.resolved_data_dir(data_dir)
    return dict(_dataset(directory, (paths.file_state(directory / paths.DATASET),)))


def dataset_problems(data_dir: PathLike = None) -> list[Problem]:
    """``dataset.toml``'s problems: it parses, and ``default_area`` (if set) is a known area."""
    directory = paths.resolved_data_dir(data_dir)
    name = paths.display(directory / paths.DATASET)
    try:
        settings = dataset(directory)
        known = set(area_ids(directory))
    except DataError as error:
        return error.problems
    default = settings.get("default_area")
    if default is not None and default not in known:
        return [Problem(name, None, "default_area", default, "unknown area (see areas.csv)")]
    return []


def default_area(data_dir: PathLike = None) -> str | None:
    """The area analyses use when none is given: ``default_area`` of ``dataset.toml``, else the
    one area the sources report on when there is exactly one, else ``None``."""
    directory = paths.resolved_data_dir(data_dir)
    chosen = dataset(directory).get("default_area")
    if chosen:
        return str(chosen)
    try:
        frame = read_csv(directory / paths.SOURCES)
    except DataError:
        return None
    used = sorted(set(frame["area"])) if "area" in frame.columns else []
    return used[0] if len(used) == 1 else None
