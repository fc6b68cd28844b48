"""The scale row of ``make bench``: a synthetic site of the 34 provincial units, rendered whole,
again after one more article, and once more with nothing changed.

The site is the project's data copied to each of the 34 units valid on 1 July 2025 (from
``areas.csv``; without one, 34 made-up ids), in a temporary directory, never in ``data/``: every
source and observation row once per area, the source ids suffixed with the area
(``<id>--<area>``; the data's own area, first, keeps its ids), the ``area`` column (when the data have one) set to it, each source's text
copied under ``raw/<area>/``. "One more article" is a copy of one area's latest source (its text
and rows) as a new source published a day later: a later report restating the same figures.

Standard library only; the renders run as whole ``hpdata render`` processes. Peak memory is the
largest sum, over the render and all its descendants, of their proportional set size (PSS,
which counts memory a fork shares with its parent once), sampled every 0.1 s from ``/proc``;
where ``/proc`` is missing, the largest resident size of one process (``ru_maxrss``).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import paths

#: The day the 34 units came into being (the 2025 reorganisation).
UNITS_DAY = "2025-07-01"
UNIT_KINDS = ("province", "city")
SEPARATOR = "--"


def site_areas(data_dir: Path, count: int = 34, own: str = "hai-phong") -> list[str]:
    """The ids of the units valid on :data:`UNITS_DAY` in ``areas.csv`` (kinds province and
    city), the data's own area ``own`` first (it keeps the data's source ids); ``count``
    made-up ids (``own`` first) when the data have no such file."""
    path = data_dir / "areas.csv"
    if not path.is_file():
        return [own] + [f"area-{i:02d}" for i in range(2, count + 1)]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    found = [
        r["area"]
        for r in rows
        if r.get("kind") in UNIT_KINDS
        and (r.get("valid_from") or "") <= UNITS_DAY
        and (not r.get("valid_to") or r["valid_to"] >= UNITS_DAY)
    ]
    return sorted(found, key=lambda a: a != own)


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: Sequence[str], rows: Sequence[Mapping[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _for_area(row: Mapping[str, str], area: str, ids: set[str], own: bool) -> dict[str, str]:
    """``row`` moved to ``area``: its source id (and a ``plan`` naming a source) suffixed,
    unless ``own`` (the data's own area keeps its ids, which ``method.toml`` cites), its
    ``area`` set when the column exists."""
    out = dict(row)
    if own:
        return out
    out["source_id"] = f"{row['source_id']}{SEPARATOR}{area}"
    if "area" in out:
        out["area"] = area
    if out.get("plan") in ids:
        out["plan"] = f"{out['plan']}{SEPARATOR}{area}"
    return out


def make_site(src: Path, dest: Path, areas: Sequence[str]) -> int:
    """Write the synthetic site's data directory ``dest`` from ``src`` (see the module
    docstring); return the number of observation rows."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("raw", ".*"))
    sfields, sources = _read(src / paths.SOURCES)
    ofields, observations = _read(src / paths.OBSERVATIONS)
    ids = {s["source_id"] for s in sources}
    new_sources, new_obs = [], []
    for i, area in enumerate(areas):
        for source in sources:
            moved = _for_area(source, area, ids, i == 0)
            name = Path(source["file"]).name
            (dest / "raw" / area).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src / source["file"], dest / "raw" / area / name)
            moved["file"] = f"raw/{area}/{name}"
            new_sources.append(moved)
        new_obs += [_for_area(o, area, ids, i == 0) for o in observations]
    _write(dest / paths.SOURCES, sfields, new_sources)
    _write(dest / paths.OBSERVATIONS, ofields, new_obs)
    return len(new_obs)


def add_article(site: Path, area: str) -> str:
    """One more article for ``area``: a copy of its latest source (text and rows) as a new
    source published a day later; return its id."""
    sfields, sources = _read(site / paths.SOURCES)
    ofields, observations = _read(site / paths.OBSERVATIONS)
    mine = [s for s in sources if s["source_id"].endswith(f"{SEPARATOR}{area}")]
    latest = max(mine, key=lambda s: s["published"])
    new_id = f"more-{latest['source_id']}"
    text = site / latest["file"]
    copy = text.with_name(f"more-{text.name}")
    shutil.copyfile(text, copy)
    day = int(latest["published"][8:10])
    published = f"{latest['published'][:8]}{day + 1:02d}{latest['published'][10:]}"
    source = {**latest, "source_id": new_id, "published": published}
    source["file"] = copy.relative_to(site).as_posix()
    rows = [
        {**o, "source_id": new_id} for o in observations if o["source_id"] == latest["source_id"]
    ]
    _write(site / paths.SOURCES, sfields, [*sources, source])
    _write(site / paths.OBSERVATIONS, ofields, [*observations, *rows])
    return new_id


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo += [int(c) for c in children]
    return found


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass
class Run:
    """One timed command: wall seconds, peak memory in bytes, what it printed."""

    seconds: float
    peak: int
    stdout: str


def timed(command: Sequence[str], env: Mapping[str, str]) -> Run:
    """Run ``command`` (it must succeed), sampling its memory (see the module docstring)."""
    import resource

    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(command), env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss(p) for p in _descendants(proc.pid)))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(command[:2])} exited {proc.returncode}:\n{stderr[-3000:]}")
    if not peak:  # no /proc: the largest child's resident size
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return Run(seconds, peak, stdout)


def scale_rows(
    render_args: Sequence[str], env: Mapping[str, str], work: Path, count: int = 34
) -> list[tuple[str, str, str]]:
    """The scale rows ``(label, value, note)`` (see the module docstring) for a site of the
    first ``count`` areas; ``render_args`` is the ``hpdata render`` command line without
    ``--out`` and ``--data-dir``."""
    areas = site_areas(paths.data_dir(env.get(paths.ENV_VAR)))[: max(2, count)]
    site = work / "site"
    rows_count = make_site(paths.data_dir(env.get(paths.ENV_VAR)), site, areas)
    out = work / "site-out"
    command = [*render_args, "--out", str(out), "--data-dir", str(site)]
    run_env = {**env, paths.ENV_VAR: str(site)}
    full = timed([*command, "--force"], run_env)
    pages = len([p for p in out.glob("*.html") if not p.name.startswith(("index", "method"))])
    add_article(site, areas[-1])
    more = timed(command, run_env)
    noop = timed(command, run_env)
    kept = _summary(more.stdout)
    return [
        (f"scale: {len(areas)}-area site, full render --force", f"{full.seconds:.1f} s",
            f"{pages} pages, {rows_count} observations; target: <= 180 s"),
        ("scale: peak memory of the full render", f"{full.peak / 2**20:.0f} MB",
            "PSS of the render and its children; target: <= 1024 MB"),
        ("scale: one more article, hpdata render", f"{more.seconds:.1f} s",
            f"{kept}; target: <= 10 s"),
        ("scale: no-op re-render", f"{noop.seconds:.2f} s", "target: <= 0.5 s"),
    ]  # fmt: skip


def _summary(stdout: str) -> str:
    """``N rendered, M cached`` from the render's closing line."""
    for line in reversed(stdout.splitlines()):
        if " rendered, " in line:
            part = line.split(": ", 2)[-1]
            return part.split(" in ")[0]
    return "?"
