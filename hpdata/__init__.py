"""hpdata: Hai Phong's plans and results as sourced indicator data, progress analytics and reports.

The public API is imported lazily, so ``import hpdata`` (and the ``hpdata`` command) starts fast
and pulls in pandas only when a loader or an analytic is first used.

>>> import hpdata
>>> obs = hpdata.observations()          # every stated figure, validated, with its quote
>>> table = hpdata.progress(lang="en")   # one row per target: result, status, caveat

The code is grouped by stage: loading and validation (:mod:`hpdata.load`, :mod:`hpdata.schema`),
analysis (:mod:`hpdata.analysis`: derived figures, status; numbers for readers in the core,
:mod:`hpdata.numberstyle`), reports
(:mod:`hpdata.report`: render engine, export, pages, tables, charts), extraction
(:mod:`hpdata.extract`: grammar, extractor, ingest, reconciliation) and the command line
(:mod:`hpdata.cli`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import DataError, HpdataError, ParameterError, Problem

__version__ = "0.1.0"

#: Public name -> module that defines it.
_LAZY = {
    "sources": "load",
    "indicators": "load",
    "observations": "load",
    "targets": "load",
    "results": "load",
    "vocabularies": "load",
    "vocabulary": "load",
    "method": "load",
    "label": "load",
    "source_text": "load",
    "validate": "validation",
    "progress": "analysis.progress",
    "series": "analysis.series",
    "history": "analysis.tracker",
    "changes": "analysis.tracker",
    "headline": "analysis.wording",
    "target_text": "analysis.wording",
    "plan_pace_text": "analysis.wording",
    "change_text": "analysis.wording",
    "status_legend": "analysis.status",
    "legend_note": "analysis.status",
    "urgency_key": "analysis.status",
    "sort_by_urgency": "analysis.status",
    "fmt": "numberstyle",
    "parse_period": "periods",
    "parse_number": "numbers",
}

__all__ = ["DataError", "HpdataError", "ParameterError", "Problem", *_LAZY]

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.progress import progress
    from .analysis.series import series
    from .analysis.status import legend_note, sort_by_urgency, status_legend, urgency_key
    from .analysis.tracker import changes, history
    from .analysis.wording import change_text, headline, plan_pace_text, target_text
    from .load import (
        indicators,
        label,
        method,
        observations,
        results,
        source_text,
        sources,
        targets,
        vocabularies,
        vocabulary,
    )
    from .numbers import parse_number
    from .numberstyle import fmt
    from .periods import parse_period
    from .validation import validate


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hpdata' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
