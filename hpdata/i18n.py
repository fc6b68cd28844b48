"""Words for readers in Vietnamese and English: headings and column labels from ``data/labels.csv``."""

from __future__ import annotations

import csv
import io
import tomllib
from functools import lru_cache
from pathlib import Path

from . import paths
from .errors import ParameterError

LANGS = ("vi", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise :class:`ParameterError` listing the valid ones."""
    if lang not in LANGS:
        raise ParameterError(f"lang {lang!r} is not supported (valid: {', '.join(LANGS)})")
    return lang


@lru_cache(maxsize=4)
def _labels(path: Path, _state: tuple) -> dict[str, dict[str, str]]:
    """The rows of ``labels.csv``, read again whenever the file changes (``_state``: its
    modification time and size), so a session that stays open sees an edit."""
    from .files import read_text  # a missing or unreadable file: a DataError naming it

    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))  # a BOM is tolerated
    return {row.get("key") or "": {lang: row.get(lang) or "" for lang in LANGS} for row in reader}


def text(key: str, lang: str = "vi", data_dir: str | Path | None = None) -> str:
    """The label ``key`` in ``lang`` (the key itself when ``labels.csv`` has no such row).

    Examples
    --------
    >>> text("status", "en"), text("status", "vi")
    ('Status', 'Đánh giá')
    """
    check_lang(lang)
    directory = paths.resolved_data_dir(data_dir)
    path = directory / "labels.csv"
    labels = _labels(path, paths.file_state(path))
    words = labels.get(key, {}).get(lang) or key
    if "{area}" in words:
        words = words.replace("{area}", area_label(lang, directory))
    return words


def count_text(key: str, n: int, lang: str = "vi", data_dir: str | Path | None = None) -> str:
    """The label ``key`` for a count ``n``, its ``{n}`` filled: the row ``<key>_one`` when ``n``
    is 1 and ``labels.csv`` has one (English "1 row", "2 rows"; Vietnamese needs none).

    Examples
    --------
    >>> count_text("n_rows", 1, "en"), count_text("n_rows", 2, "en"), count_text("n_rows", 1)
    ('1 row', '2 rows', '1 dòng')
    """
    words = text(f"{key}_one", lang, data_dir) if n == 1 else key
    if n != 1 or words == f"{key}_one":
        words = text(key, lang, data_dir)
    return words.replace("{n}", str(n))


def area_label(lang: str, data_dir: Path) -> str:
    """The name of the data's own area for readers, which a label says with ``{area}``:
    ``default_area`` of ``dataset.toml``, its ``name_<lang>`` in ``areas.csv`` (the id itself
    when either file lacks it). Standard library only (this is the core layer)."""
    toml, table = data_dir / "dataset.toml", data_dir / "areas.csv"
    area = _default_area(toml, paths.file_state(toml))
    return _area_names(table, paths.file_state(table)).get(area, {}).get(lang) or area


@lru_cache(maxsize=4)
def _default_area(path: Path, _state: tuple) -> str:
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8-sig")).get("default_area") or "")
    except (OSError, tomllib.TOMLDecodeError):
        return ""


@lru_cache(maxsize=4)
def _area_names(path: Path, _state: tuple) -> dict[str, dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return {
                row["area"]: {lang: row.get(f"name_{lang}") or "" for lang in LANGS}
                for row in csv.DictReader(fh)
            }
    except (OSError, KeyError):
        return {}
