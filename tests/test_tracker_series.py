"""Series over time and revisions: hand-made frames and the project's data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import hpdata
from hpdata.analysis import series as S
from hpdata.errors import ParameterError

PUBLISHED = {
    "est": pd.Timestamp("2023-12-28T10:00:00+07:00"),
    "official": pd.Timestamp("2024-04-20T10:00:00+07:00"),
    "mid": pd.Timestamp("2023-07-05T10:00:00+07:00"),
}


def obs_row(source, period, measure, value, quote="q", note=""):
    return {
        "source_id": source, "indicator": "x", "kind": "result", "measure": measure,
        "period": period, "bound": "eq", "value": value, "high": math.nan, "unit": "percent",
        "quote": quote, "comparison": "", "note": note,
    }  # fmt: skip


def test_revision_keeps_both_rows_and_states_its_size():
    frame = pd.DataFrame(
        [
            obs_row("official", "2023", "growth", 9.4),
            obs_row("est", "2023", "growth", 9.1, quote="ước tăng 9,1%"),
            obs_row("mid", "2023-H1", "growth", 8.0),
        ]
    )
    out = S.with_revisions(frame, PUBLISHED)
    assert len(out) == 3
    est = out[out["source_id"] == "est"].iloc[0]
    official = out[out["source_id"] == "official"].iloc[0]
    assert est["revised_by"] == "official" and est["revision"] == pytest.approx(0.3)
    assert not est["is_latest"] and est["is_estimate"]
    assert official["revises"] == "est" and official["is_latest"] and not official["is_estimate"]
    assert math.isnan(official["revision"])
    assert list(S.latest(out)["source_id"]) == ["official", "mid"]
    half = out[out["period"] == "2023-H1"].iloc[0]
    assert (half["start"], half["end"]) == (2023.0, 2023.5)


def test_estimate_words_stand_alone():
    assert S.is_estimate("Tổng thu ước đạt 100 tỷ đồng")
    assert S.is_estimate("đạt 100 tỷ đồng", "ước: an estimate")
    assert not S.is_estimate("thu ngân sách Nhà nước đạt 24.042 tỷ đồng")
    assert not S.is_estimate("ước mơ", words=("ước tính",))


def test_series_of_the_project_data():
    s = hpdata.series("budget_revenue")
    assert list(s.columns) == S.SERIES_COLUMNS
    assert set(s["measure"]) == {"level", "growth"}
    assert (s["period"] == "2023-Q1").all() and (s["revised_by"] == "").all()
    assert (s["kind"] == "result").all() and not s["is_estimate"].any()
    level = s[s["measure"] == "level"].iloc[0]
    assert level["value"] == 24042e9 and level["unit"] == "VND"
    assert str(level["published"].tz) == "UTC+07:00"
    both = hpdata.series("grdp", kind=None)
    assert list(both["kind"]) == ["target", "result"]
    assert hpdata.series("grdp", as_of="2022").empty


def test_series_bad_parameters():
    with pytest.raises(ParameterError, match="unknown indicator"):
        hpdata.series("gdp")
    with pytest.raises(ParameterError, match="as_of"):
        hpdata.series("grdp", as_of="Q1")
