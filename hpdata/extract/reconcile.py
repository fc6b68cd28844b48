"""How the extractor's rows compare with the curated ones, source by source."""

from __future__ import annotations

import math
import os

import pandas as pd

from ..load import observations, source_text, sources
from ..schema import OBSERVATION_KEY
from .extractor import extract

#: The fields that must agree for an extracted row to match its curated row (the quote may
#: differ in extent).
COMPARED = ["bound", "value", "high", "unit"]
OUTCOMES = ("match", "differs", "only_curated", "only_extracted")


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return str(a) == str(b)


def compare_with_curated(
    source_id: str, data_dir: str | os.PathLike[str] | None = None
) -> pd.DataFrame:
    """Compare :func:`hpdata.extract.extract` on a source's text with that source's curated rows.

    Rows are paired on the key ``(source_id, indicator, kind, measure, period)``. A pair whose
    ``bound``, ``value``, ``high`` and ``unit`` agree is a ``match``; otherwise ``differs`` and
    ``fields`` names what differs. A key on one side only is ``only_curated`` or
    ``only_extracted`` (an extracted figure with no indicator is always ``only_extracted``).

    Parameters
    ----------
    source_id : str
    data_dir : path, optional

    Returns
    -------
    pandas.DataFrame
        Columns: the key, ``outcome``, ``fields``, ``curated_value``, ``extracted_value``,
        ``curated_quote``, ``extracted_quote``.

    Examples
    --------
    >>> table = compare_with_curated("hp-2023-04-27-q1")
    >>> table["outcome"].value_counts().to_dict()
    {'match': 22, 'differs': 0, 'only_curated': 0, 'only_extracted': 0}
    """
    src = sources(data_dir).set_index("source_id")
    published = src.loc[source_id, "published"] if source_id in src.index else None
    area = src.loc[source_id, "area"] if source_id in src.index else None
    text = source_text(source_id, data_dir)
    extracted = extract(
        text, source_id=source_id, published=published.date(), data_dir=data_dir, area=area
    )
    obs = observations(data_dir)
    curated = obs[obs["source_id"] == source_id]
    curated_by_key = {tuple(str(r[k]) for k in OBSERVATION_KEY): r for _, r in curated.iterrows()}
    rows = []
    seen = set()
    for _, row in extracted.iterrows():
        key = tuple(str(row[k]) for k in OBSERVATION_KEY)
        cur = curated_by_key.get(key) if row["indicator"] else None
        out = dict(zip(OBSERVATION_KEY, key, strict=True))
        out.update(extracted_value=row["value"], extracted_quote=row["quote"])
        if cur is None:
            out.update(
                outcome="only_extracted", fields="", curated_value=math.nan, curated_quote=""
            )
        else:
            seen.add(key)
            diff = [f for f in COMPARED if not _same(cur[f], row[f])]
            out.update(
                outcome="differs" if diff else "match",
                fields=", ".join(diff),
                curated_value=cur["value"],
                curated_quote=cur["quote"],
            )
        rows.append(out)
    for key, cur in curated_by_key.items():
        if key not in seen:
            out = dict(zip(OBSERVATION_KEY, key, strict=True))
            out.update(
                outcome="only_curated",
                fields="",
                curated_value=cur["value"],
                extracted_value=math.nan,
                curated_quote=cur["quote"],
                extracted_quote="",
            )
            rows.append(out)
    columns = [*OBSERVATION_KEY, "outcome", "fields", "curated_value", "extracted_value"]
    columns += ["curated_quote", "extracted_quote"]
    table = pd.DataFrame(rows, columns=columns)
    table["outcome"] = pd.Categorical(table["outcome"], categories=list(OUTCOMES))
    return table


def reconciliation_summary(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One row per source: how many extracted rows match, differ, or stand on one side only."""
    counts = []
    for source_id in sources(data_dir)["source_id"]:
        table = compare_with_curated(source_id, data_dir)
        tally = table["outcome"].value_counts()
        counts.append({"source_id": source_id, **{o: int(tally.get(o, 0)) for o in OUTCOMES}})
    return pd.DataFrame(counts, columns=["source_id", *OUTCOMES])
