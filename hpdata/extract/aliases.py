"""The compiled indicator phrasings the walker looks up (built by :func:`.extractor.aliases`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import fold_tones


@dataclass(frozen=True)
class Aliases:
    """The indicator phrasings of ``indicators.csv`` and ``extract_aliases.csv`` compiled into
    one pattern (a word trie: the longest phrase at a position wins, so "GRDP bình quân đầu
    người" is GRDP per capita and "thu ngân sách nội địa" domestic revenue)."""

    pattern: re.Pattern[str]
    indicator_of: dict[str, str]
    unit_of: dict[str, str]
    units_of: dict[str, frozenset[str]]

    def indicator(self, phrase: str) -> str:
        """The indicator id of a matched phrase."""
        return self.indicator_of[fold_tones(" ".join(phrase.lower().split()))]
