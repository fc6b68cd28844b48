"""What the walker carries from one figure to the next, and how a row's confidence is set."""

from __future__ import annotations

from dataclasses import dataclass

from .grammar import PeriodEvent


@dataclass
class _Previous:
    """The figure before: where its row's quote ends, its indicator, span and row."""

    end: int
    indicator: str
    span: PeriodEvent | None
    row: dict


@dataclass
class _Context:
    """The period stated last before the current figure."""

    event: PeriodEvent | None = None


def finish(row: dict) -> dict:
    """Set ``confidence`` and ``review`` from the reasons a rule had to guess: ``low`` without
    an indicator, ``medium`` with any reason, else ``high``."""
    reasons = list(dict.fromkeys(row.pop("_review", [])))
    row["review"] = "; ".join(reasons)
    if not row["indicator"]:
        row["confidence"] = "low"
    else:
        row["confidence"] = "medium" if reasons else "high"
    return row
