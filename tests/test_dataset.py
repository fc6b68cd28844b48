"""The curated dataset: every stated figure of both articles, each value agreeing with its quote."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

import hpdata
from hpdata.numbers import numbers_in
from hpdata.periods import parse_period

S19 = "hp-2019-07-11-nq45"
S23 = "hp-2023-04-27-q1"


@pytest.fixture(scope="module")
def obs():
    return hpdata.observations()


def one(obs, source, indicator, kind, measure):
    hit = obs[
        (obs.source_id == source)
        & (obs.indicator == indicator)
        & (obs.kind == kind)
        & (obs.measure == measure)
    ]
    assert len(hit) == 1, (indicator, kind, measure, len(hit))
    return hit.iloc[0]


def test_counts(obs):
    assert len(obs) >= 34
    assert len(obs[(obs.source_id == S19) & (obs.kind == "target")]) >= 12
    assert len(obs[(obs.source_id == S23) & (obs.kind == "result")]) >= 22


@pytest.mark.parametrize(
    ("source", "indicator", "kind", "measure", "period", "bound", "value", "high", "unit"),
    [
        (S19, "budget_revenue", "target", "level", "2025", "range", 1.8e14, 1.9e14, "VND"),
        (S19, "total_investment", "target", "level", "2021-2025", "over", 1.5e15, None, "VND"),
        (S19, "grdp", "target", "growth", "2019-2025", "min", 16.0, None, "percent"),
        (S19, "gdp_share_national", "target", "share", "2025", "approx", 6.4, None, "percent"),
        (S19, "domestic_revenue", "target", "level", "2025", "over", 7.5e13, None, "VND"),
        (S19, "iip", "target", "growth", "2021-2025", "over", 23.0, None, "percent"),
        (S19, "logistics_services", "target", "growth", "2025", "range", 30.0, 35.0, "percent"),
        (S19, "national_logistics_zones", "target", "level", "2025", "range", 1.0, 3.0, "count"),
        (S19, "grdp_per_capita", "target", "level", "2025", "eq", 14740.0, None, "USD"),
        (S23, "budget_revenue", "result", "level", "2023-Q1", "eq", 2.4042e13, None, "VND"),
        (S23, "budget_revenue", "result", "growth", "2023-Q1", "eq", -9.46, None, "percent"),
        (S23, "domestic_revenue", "result", "level", "2023-Q1", "eq", 8.132e12, None, "VND"),
        (S23, "port_cargo", "result", "growth", "2023-Q1", "eq", -0.83, None, "percent"),
        (S23, "exports", "result", "level", "2023-Q1", "eq", 6.59e9, None, "USD"),
        (S23, "exports", "result", "share_of_plan", "2023-Q1", "eq", 21.25, None, "percent"),
        (S23, "exports", "result", "growth", "2023-Q1", "eq", 2.51, None, "percent"),
        (S23, "fdi", "result", "level", "2023-Q1", "eq", 4.65e8, None, "USD"),
        (S23, "fdi", "result", "share_of_plan", "2023-Q1", "eq", 23.25, None, "percent"),
        (S23, "fdi", "result", "share_of_prior", "2023-Q1", "eq", 95.26, None, "percent"),
        (S23, "tourist_arrivals", "result", "level", "2023-Q1", "eq", 1.387e6, None, "arrivals"),
        (S23, "port_cargo", "result", "level", "2023-Q1", "eq", 3.33e7, None, "t"),
        (S23, "grdp", "result", "growth", "2023-Q1", "eq", 9.65, None, "percent"),
    ],
)
def test_exact_values(obs, source, indicator, kind, measure, period, bound, value, high, unit):
    row = one(obs, source, indicator, kind, measure)
    assert row.period == period
    assert row.bound == bound
    assert row.value == value
    if high is None:
        assert row.high != row.high  # NaN
    else:
        assert row.high == high
    assert row.unit == unit


def test_trên_địa_bàn_is_a_place_not_over(obs):
    row = one(obs, S19, "budget_revenue", "target", "level")
    assert "trên địa bàn" in row.quote
    assert row.bound == "range"


def test_growth_and_share_of_prior_name_their_comparison(obs):
    compared = obs[obs.measure.isin(["growth", "share_of_prior"])]
    assert (compared.comparison != "").all()
    others = obs[~obs.measure.isin(["growth", "share_of_prior"])]
    assert (others.comparison == "").all()


def test_every_value_agrees_with_its_quote(obs):
    for row in obs.itertuples():
        found = numbers_in(row.quote)
        # the period years quoted with a growth target are numbers too; the figure is among them
        sign = -1 if row.value < 0 else 1
        expected = [abs(row.value)] + ([] if row.high != row.high else [row.high])
        for value in expected:
            assert any(abs(f - value) <= 1e-9 * max(1.0, value) for f in found), (
                row.quote,
                found,
                value,
            )
        if sign < 0:
            assert "giảm" in row.quote, row.quote


def test_quotes_are_in_their_source_and_nfc(obs):
    for row in obs.itertuples():
        text = hpdata.source_text(row.source_id)
        assert row.quote in text
        assert unicodedata.is_normalized("NFC", row.quote)


def test_periods_are_valid_and_results_follow_publication():
    obs = hpdata.observations()
    src = hpdata.sources().set_index("source_id")
    for row in obs.itertuples():
        period = parse_period(row.period)
        published = src.loc[row.source_id, "published"]
        if row.kind == "result":
            assert period.start <= published.year + (published.day_of_year / 366)
        else:
            assert period.end > published.year


def test_sources_match_their_checksums_and_the_seeds():
    src = hpdata.sources()
    assert list(src.source_id) == [S19, S23]
    for row in src.itertuples():
        path = hpdata.paths.DEFAULT_DATA_DIR / row.file
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row.sha256
    assert str(src.published.iloc[0]) == "2019-07-11 12:01:00+07:00"
    assert str(src.published.iloc[1]) == "2023-04-27 09:30:00+07:00"


def test_every_indicator_id_of_the_issue_is_defined():
    ids = set(hpdata.indicators().indicator)
    assert ids == {
        "gdp_share_national", "gdp_share_northern_key_region", "grdp", "grdp_per_capita",
        "budget_revenue", "domestic_revenue", "total_investment", "industry_share_grdp",
        "manufacturing_share_grdp", "iip", "logistics_services", "national_logistics_zones",
        "exports", "port_cargo", "fdi", "tourist_arrivals",
    }  # fmt: skip
