"""The extractor's word lists: ``extract_lexicon.toml`` read and checked (data layer).

The file is data a user edits (see its comments for what each list does); the extractor
(:mod:`hpdata.extract.grammar`) compiles a :class:`Lexicon` into patterns, and validation
(:mod:`hpdata.validators`) reads it here, so neither depends on the other.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import DataError, Problem
from .files import read_text

LEXICON = paths.LEXICON


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``extract_lexicon.toml`` (see that file for what each list does)."""

    units: dict[str, str]
    count_nouns: list[str]
    qualifiers: dict[str, list[str]]
    fillers: list[str]
    places: list[str]
    estimates: list[str]
    negations: list[str]
    negation_window: int
    growth_up: list[str]
    growth_down: list[str]
    not_growth: list[str]
    targets: list[str]
    plans: list[str]
    comparisons: dict[str, list[str]]
    horizons: list[str]
    spans: list[str]
    connectives: list[str]
    plan_excess: list[str]
    plan_brackets: list[str]
    prior_year: list[str]
    sub_items: list[str]
    other_places: list[str]
    not_indicators: list[str] = field(default_factory=list)
    bounds_after: dict[str, list[str]] = field(default_factory=dict)
    not_targets: list[str] = field(default_factory=list)
    plan_inside_brackets: list[str] = field(default_factory=list)
    price_bases: list[str] = field(default_factory=list)
    growth_indicators: list[str] = field(default_factory=list)
    share_words: list[str] = field(default_factory=list)
    tables: dict[str, list[str]] = field(default_factory=dict)
    forecasts: list[str] = field(default_factory=list)
    forecast_days: int = 0
    ranks: list[str] = field(default_factory=list)
    not_sub_items: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    own_measures: list[str] = field(default_factory=list)
    own_measure_of: list[str] = field(default_factory=list)
    sub_scopes: list[str] = field(default_factory=list)
    price_current: list[str] = field(default_factory=list)
    price_constant: list[str] = field(default_factory=list)
    plans_before: list[str] = field(default_factory=list)
    plan_not_before: list[str] = field(default_factory=list)
    year_to_date_days: int = 0
    period_of: list[str] = field(default_factory=list)

    @classmethod
    def from_toml(cls, text: str, name: str = LEXICON) -> Lexicon:
        """Build the lexicon from the text of the TOML file; a missing list raises DataError."""
        try:
            raw = tomllib.loads(text)
            comparisons = dict(raw["comparisons"])
            return cls(
                units={k.strip(): str(v) for k, v in raw["units"].items()},
                count_nouns=list(raw["count_nouns"]["words"]),
                qualifiers={k: list(v) for k, v in raw["qualifiers"].items()},
                fillers=list(raw["fillers"]["words"]),
                places=list(raw["places"]["phrases"]),
                estimates=list(raw["estimates"]["words"]),
                negations=list(raw["negations"]["words"]),
                negation_window=int(raw["negations"].get("window", 4)),
                growth_up=list(raw["growth"]["up"]),
                growth_down=list(raw["growth"]["down"]),
                not_growth=list(raw["growth"].get("not_growth", [])),
                targets=list(raw["targets"]["words"]),
                plans=list(raw["plans"]["words"]),
                comparisons={k: list(v) for k, v in comparisons.items()},
                horizons=list(raw["periods"]["horizons"]),
                spans=list(raw["periods"]["spans"]),
                connectives=list(raw["connectives"]["words"]),
                plan_excess=list(raw["plans"].get("excess", [])),
                plan_brackets=list(raw["plans"].get("bracketed", [])),
                prior_year=list(raw.get("prior_year", {}).get("phrases", [])),
                sub_items=list(raw.get("sub_items", {}).get("words", [])),
                other_places=list(raw.get("other_places", {}).get("words", [])),
                not_indicators=list(raw.get("not_indicators", {}).get("words", [])),
                bounds_after={k: list(v) for k, v in raw.get("bounds_after", {}).items()},
                not_targets=list(raw["targets"].get("not_targets", [])),
                plan_inside_brackets=list(raw["plans"].get("inside_brackets", [])),
                price_bases=list(raw["periods"].get("price_bases", [])),
                growth_indicators=list(raw.get("measures", {}).get("growth_indicators", [])),
                share_words=list(raw.get("measures", {}).get("share_words", [])),
                tables={k: list(v) for k, v in raw.get("tables", {}).items()},
                forecasts=list(raw["targets"].get("forecasts", [])),
                forecast_days=int(raw["targets"].get("forecast_days", 0)),
                ranks=list(raw.get("other_places", {}).get("ranks", [])),
                not_sub_items=list(raw.get("sub_items", {}).get("not_sub_items", [])),
                sectors=list(raw.get("sub_items", {}).get("sectors", [])),
                own_measures=list(raw.get("sub_items", {}).get("own_measures", [])),
                own_measure_of=list(raw.get("sub_items", {}).get("own_measure_of", [])),
                sub_scopes=list(raw.get("sub_items", {}).get("scopes", [])),
                price_current=list(raw["periods"].get("current_prices", [])),
                price_constant=list(raw["periods"].get("constant_prices", [])),
                plans_before=list(raw["plans"].get("before_figure", [])),
                plan_not_before=list(raw["plans"].get("not_before", [])),
                year_to_date_days=int(raw["periods"].get("year_to_date_days", 0)),
                period_of=list(raw["periods"].get("period_of", [])),
            )
        except tomllib.TOMLDecodeError as error:
            raise DataError([Problem(name, None, None, None, str(error))]) from None
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            message = f"missing or malformed entry {error}"
            raise DataError([Problem(name, None, None, None, message)]) from None


def load_lexicon(data_dir: str | Path | None = None) -> Lexicon:
    """Read ``extract_lexicon.toml`` from the data directory (it is never written)."""
    path = paths.data_dir(data_dir) / LEXICON
    return Lexicon.from_toml(read_text(path), paths.display(path))
