"""Words for readers in Vietnamese and English: headings and column labels from ``data/labels.csv``."""

from __future__ import annotations

import csv
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
    with path.open(encoding="utf-8-sig", newline="") as fh:  # a BOM is tolerated
        return {
            row["key"]: {lang: row.get(lang) or "" for lang in LANGS} for row in csv.DictReader(fh)
        }


def text(key: str, lang: str = "vi", data_dir: str | Path | None = None) -> str:
    """The label ``key`` in ``lang`` (the key itself when ``labels.csv`` has no such row).

    Examples
    --------
    >>> text("status", "en"), text("status", "vi")
    ('Status', 'Đánh giá')
    """
    check_lang(lang)
    path = paths.resolved_data_dir(data_dir) / "labels.csv"
    labels = _labels(path, paths.file_state(path))
    return labels.get(key, {}).get(lang) or key
