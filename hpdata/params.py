"""Checks of report parameters: each raises :class:`ParameterError` listing the valid values."""

from __future__ import annotations

import os

from .errors import ParameterError
from .i18n import LANGS, check_lang
from .load import indicators, sources

PathLike = str | os.PathLike[str] | None

__all__ = ["LANGS", "check_indicator", "check_lang", "check_source_id"]


def check_indicator(indicator: str, data_dir: PathLike = None) -> str:
    """Return ``indicator`` if ``indicators.csv`` defines it, else raise listing the valid ids.

    Examples
    --------
    >>> check_indicator("grdp")
    'grdp'
    """
    valid = list(indicators(data_dir)["indicator"])
    if indicator not in valid:
        raise ParameterError(f"unknown indicator {indicator!r} (valid: {', '.join(valid)})")
    return indicator


def check_source_id(source_id: str, data_dir: PathLike = None) -> str:
    """Return ``source_id`` if ``sources.csv`` lists it, else raise listing the valid ids."""
    valid = list(sources(data_dir)["source_id"])
    if source_id not in valid:
        raise ParameterError(f"unknown source_id {source_id!r} (valid: {', '.join(valid)})")
    return source_id
