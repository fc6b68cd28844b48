"""The extractor on the two articles of data/raw/ reproduces the curated observations exactly."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from hpdata import paths
from hpdata.extract import extract
from hpdata.load import observations, read_text, sources
from hpdata.numbers import numbers_in

KEY = ["indicator", "kind", "measure", "period"]
COMPARED = [
    "indicator",
    "kind",
    "measure",
    "period",
    "bound",
    "value",
    "high",
    "unit",
    "comparison",
]


def _extracted(source_id: str, published: bool) -> tuple[str, pd.DataFrame]:
    src = sources().set_index("source_id").loc[source_id]
    text = read_text(paths.DEFAULT_DATA_DIR / src["file"])
    when = src["published"].date() if published else None
    return text, extract(text, source_id=source_id, published=when)


def _curated(source_id: str) -> pd.DataFrame:
    obs = observations()
    frame = obs[obs["source_id"] == source_id].copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    return frame.reset_index(drop=True)


@pytest.mark.parametrize("published", [True, False], ids=["published-given", "date-from-header"])
@pytest.mark.parametrize("source_id", ["hp-2019-07-11-nq45", "hp-2023-04-27-q1"])
def test_extract_reproduces_the_curated_rows(source_id, published):
    _text, got = _extracted(source_id, published)
    want = _curated(source_id)
    assert len(got) == len(want)
    got_rows = got.sort_values(KEY).reset_index(drop=True)
    want_rows = want.sort_values(KEY).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        got_rows[COMPARED].astype({"value": float, "high": float}),
        want_rows[COMPARED].astype({"value": float, "high": float}),
        check_dtype=False,
        check_categorical=False,
    )
    assert set(got["source_id"]) == {source_id}


@pytest.mark.parametrize("source_id", ["hp-2019-07-11-nq45", "hp-2023-04-27-q1"])
def test_quotes_differ_from_the_curated_ones_only_in_extent(source_id):
    """Each quote is found at its offset and overlaps the curated quote on the figure itself."""
    text, got = _extracted(source_id, True)
    want = _curated(source_id).set_index(KEY)
    for row in got.itertuples(index=False):
        assert text[row.offset : row.offset + len(row.quote)] == row.quote
        curated = want.loc[tuple(getattr(row, k) for k in KEY), "quote"]
        where = text.find(curated)
        assert where >= 0
        lo, hi = max(row.offset, where), min(row.offset + len(row.quote), where + len(curated))
        assert lo < hi, (row.quote, curated)
        shared = numbers_in(text[lo:hi])
        assert any(math.isclose(abs(v), abs(row.value)) for v in shared), (row.quote, curated)


@pytest.mark.parametrize("source_id", ["hp-2019-07-11-nq45", "hp-2023-04-27-q1"])
def test_nfd_articles_give_the_same_rows(source_id):
    import unicodedata

    text, got = _extracted(source_id, True)
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    again = extract(nfd, source_id=source_id)
    pd.testing.assert_frame_equal(got, again)
