"""Numbers for readers, under the name the analysis and report modules import: the rule itself
lives in the core (:mod:`hpdata.numberstyle`), so the extractor's review writes figures the way
the reports do without importing this floor."""

from __future__ import annotations

from ..numberstyle import (
    BOUND_WORDS,
    MINUS,
    MISSING,
    Scale,
    bound_in,
    decimals_in,
    fmt,
    fmt_bound,
    fmt_in,
    fmt_range,
    fmt_stated,
    number,
    number_in,
    pick_scale,
    ratio,
    scales,
    shared_scale,
)

__all__ = [
    "BOUND_WORDS",
    "MINUS",
    "MISSING",
    "Scale",
    "bound_in",
    "decimals_in",
    "fmt",
    "fmt_bound",
    "fmt_in",
    "fmt_range",
    "fmt_stated",
    "number",
    "number_in",
    "pick_scale",
    "ratio",
    "scales",
    "shared_scale",
]
