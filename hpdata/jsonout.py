"""Strict JSON for every command that prints JSON: a missing or non-finite number is ``null``,
never ``NaN`` or ``Infinity`` (which ``json.dumps`` writes by default and no strict parser
reads). Standard library only; numpy and pandas scalars are recognised by duck typing."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any


def strict(value: Any) -> Any:
    """``value`` with every float that is not finite (and pandas' ``NA``/``NaT``) as ``None``,
    numpy scalars as Python numbers, dates and times as ISO 8601 text, recursively.

    Examples
    --------
    >>> strict({"a": float("nan"), "b": [1.5, float("inf")], "c": "x"})
    {'a': None, 'b': [1.5, None], 'c': 'x'}
    """
    if isinstance(value, Mapping):
        return {str(k): strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [strict(v) for v in value]
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp (NaT has no valid one)
        text = str(value)
        return None if text == "NaT" else value.isoformat()
    if hasattr(value, "item"):  # a numpy scalar
        return strict(value.item())
    if str(value) in ("<NA>", "nan", "NaT"):
        return None
    return str(value)


def dumps(value: Any, **options: Any) -> str:
    """``value`` as strict JSON text (see :func:`strict`), UTF-8 letters kept.

    Examples
    --------
    >>> dumps([float("nan"), 2.0])
    '[null, 2.0]'
    """
    return json.dumps(strict(value), ensure_ascii=False, allow_nan=False, **options)


def _refuse(name: str) -> Any:
    raise ValueError(f"not strict JSON: {name}")


def loads(text: str) -> Any:
    """Parse ``text`` as strict JSON: ``NaN``, ``Infinity`` and ``-Infinity`` are refused.

    Examples
    --------
    >>> loads('[null, 1]')
    [None, 1]
    """
    return json.loads(text, parse_constant=_refuse)
