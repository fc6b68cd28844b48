"""The areas a report names, as the walker looks them up (see :class:`Places`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Places:
    """How to find the areas a text names: the pattern of :func:`hpdata.areas.name_pattern` (run
    over the tone-folded text, only where figures look), the area of a matched name, the kind of
    every area and the report's own area."""

    pattern: re.Pattern[str]
    area_of: Callable[[str], str]
    kinds: dict[str, str]
    own: str | None = None


NO_PLACES = Places(re.compile("(?!)"), str, {})
