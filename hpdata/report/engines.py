"""The render engines, chosen by name: a registry in the manner of papermill's engine registry.

A render engine runs a list of reports and calls ``on_done`` with each outcome; it is a class
``Engine(plan, jobs, *, verbose, reset)`` with ``run(reports, on_done)`` and, optionally,
``timings`` (where the time went). Each one executes the notebooks through papermill's own
registry, by the name in its ``papermill_engine`` attribute:

* ``forked`` (:class:`hpdata.report.forked.ForkedEngine`, the default): one child process per
  report, executing in-process with papermill's ``hpdata-inprocess`` engine;
* ``kernel`` (:class:`hpdata.report.kernels.KernelEngine`): warm Jupyter kernels reset between
  reports, with papermill's ``nbclient`` engine.

Engines are named here as ``module:attribute`` strings and imported only when chosen, so
:mod:`hpdata.report.render` imports neither (no import cycle, and a no-op render imports
nothing heavy). Another package adds one with an entry point in the group
:data:`ENTRY_POINT_GROUP`, or with :func:`register`.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import ParameterError

ENTRY_POINT_GROUP = "hpdata.render_engine"
DEFAULT = "forked"
#: name -> ``module:attribute`` (or the engine class itself, once registered by :func:`register`).
_REGISTRY: dict[str, Any] = {
    "forked": "hpdata.report.forked:ForkedEngine",
    "kernel": "hpdata.report.kernels:KernelEngine",
}


def register(name: str, engine: Any) -> None:
    """Make ``engine`` (a class, or a ``module:attribute`` string) the render engine ``name``."""
    _REGISTRY[name] = engine


def names() -> tuple[str, ...]:
    """The names of the built-in and registered engines (entry points are looked up only when a
    name is not among them)."""
    return tuple(_REGISTRY)


def _entry_point(name: str) -> Any:
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return ep.value
    return None


def get(name: str) -> Any:
    """The engine class called ``name``, imported on first use. Raises
    :class:`ParameterError` (one line, listing the valid names) for an unknown name."""
    engine = _REGISTRY.get(name) or _entry_point(name)
    if engine is None:
        raise ParameterError(f"--engine: unknown engine {name!r} (valid: {', '.join(names())})")
    if isinstance(engine, str):
        module, _, attribute = engine.partition(":")
        engine = getattr(importlib.import_module(module), attribute)
        _REGISTRY[name] = engine
    return engine


def make(name: str, plan: Any, jobs: int, *, verbose: bool = False, reset: bool = True) -> Any:
    """A new engine ``name`` for ``plan`` with ``jobs`` workers; ``reset=False`` turns off what
    keeps reports apart (for the leak tests' controls)."""
    return get(name)(plan, jobs, verbose=verbose, reset=reset)
