"""Derived figures and statuses, on hand-made frames and on the curated data."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hpdata
from hpdata.analysis import progress as A
from hpdata.errors import ParameterError
from hpdata.periods import parse_period

NAN = float("nan")


def test_implied_annual_plan():
    assert A.implied_annual_plan(35137e9, 18.49) == pytest.approx(190032e9, rel=1e-4)
    assert math.isnan(A.implied_annual_plan(1.0, 0.0))
    assert math.isnan(A.implied_annual_plan(1.0, NAN))
    assert math.isnan(A.implied_annual_plan(1.0, -5.0))


def test_implied_prior_levels():
    assert A.implied_prior_level_from_growth(110.0, 10.0) == pytest.approx(100.0)
    assert A.implied_prior_level_from_growth(90.0, -10.0) == pytest.approx(100.0)
    assert math.isnan(A.implied_prior_level_from_growth(90.0, -100.0))
    assert math.isnan(A.implied_prior_level_from_growth(90.0, -150.0))
    assert A.implied_prior_level_from_share(465e6, 95.26) == pytest.approx(488.14e6, rel=1e-4)
    assert math.isnan(A.implied_prior_level_from_share(465e6, 0.0))
    assert A.growth_from_share_of_prior(95.26) == pytest.approx(-4.74)
    assert math.isnan(A.growth_from_share_of_prior(NAN))


def test_pace_and_run_rate():
    assert A.pace(25.0, 25.0) == 1.0
    assert A.pace(18.0, 25.0) == pytest.approx(0.72)
    assert math.isnan(A.pace(18.0, 0.0))
    assert A.naive_run_rate(10.0, parse_period("2023-Q1")) == 40.0
    assert A.naive_run_rate(10.0, parse_period("2023-H1")) == 20.0
    assert A.naive_run_rate(30.0, parse_period("2023-9M")) == pytest.approx(40.0)
    assert A.naive_run_rate(10.0, parse_period("2023")) == 10.0
    assert math.isnan(A.naive_run_rate(10.0, parse_period("2021-2025")))


def test_required_growth():
    assert A.required_annual_growth(100.0, 121.0, 2) == pytest.approx(10.0)
    assert A.required_annual_growth(100.0, 100.0, 3) == 0.0
    assert A.required_annual_growth(100.0, 81.0, 2) == pytest.approx(-10.0)
    for bad in [(0.0, 1.0, 1), (-1.0, 1.0, 1), (1.0, 0.0, 1), (1.0, 2.0, 0), (NAN, 1.0, 1)]:
        assert math.isnan(A.required_annual_growth(*bad))


@given(
    st.floats(1e-3, 1e15),
    st.floats(-50.0, 200.0),
    st.integers(1, 30),
)
def test_required_growth_round_trips(current, growth, years):
    target = current * (1 + growth / 100) ** years
    assert A.required_annual_growth(current, target, years) == pytest.approx(growth, abs=1e-6)


def test_growth_ratio():
    assert A.growth_ratio(9.65, 16.0) == pytest.approx(0.603125)
    assert math.isnan(A.growth_ratio(5.0, 0.0))
    assert math.isnan(A.growth_ratio(NAN, 3.0))


@pytest.mark.parametrize(
    ("ratio", "achieved", "status"),
    [
        (0.95, False, "substantial_progress"),
        (2.0, False, "substantial_progress"),
        (0.9499, False, "moderate_progress"),
        (0.6, False, "moderate_progress"),
        (0.5999, False, "limited_progress"),
        (0.0, False, "limited_progress"),
        (-0.0001, False, "deterioration"),
        (-math.inf, False, "deterioration"),
        (NAN, False, "not_available"),
        (NAN, True, "target_achieved"),
        (-1.0, True, "target_achieved"),
    ],
)
def test_classify(ratio, achieved, status):
    assert A.classify(ratio, achieved=achieved) == status


def test_classify_thresholds_are_parameters():
    assert A.classify(0.7, thresholds={"med": 0.8}) == "limited_progress"
    assert A.classify(0.9, thresholds={"high": 0.85}) == "substantial_progress"
    with pytest.raises(ParameterError, match="high >= med >= low"):
        A.classify(0.5, thresholds={"high": 0.5, "med": 0.6})


@pytest.mark.parametrize(
    ("result", "bound", "value", "high", "higher", "met"),
    [
        (16.0, "min", 16.0, None, True, True),
        (16.0, "eq", 16.0, None, True, True),
        (16.0, "approx", 16.0, None, True, True),
        (16.0, "over", 16.0, None, True, False),
        (16.1, "over", 16.0, None, True, True),
        (180.0, "range", 180.0, 190.0, True, True),
        (179.9, "range", 180.0, 190.0, True, False),
        (5.0, "max", 5.0, None, True, True),
        (5.1, "max", 5.0, None, True, False),
        (4.0, "eq", 5.0, None, False, True),
        (6.0, "range", 4.0, 5.0, False, False),
        (NAN, "eq", 5.0, None, True, False),
    ],
)
def test_target_met(result, bound, value, high, higher, met):
    assert A.target_met(result, bound, value, high, higher) is met


# --- progress_row on hand-made frames ---------------------------------------------------------

FLOW = {"indicator": "x", "name_vi": "X", "name_en": "X", "unit": "VND", "higher_is_better": True}
SETTINGS = {"linear_benchmark": {"Q1": 25.0}, "status_thresholds": {"high": 0.95, "med": 0.6}}


def target(measure="level", period="2025", bound="eq", value=100.0, high=NAN, comparison=""):
    return {
        "source_id": "s", "indicator": "x", "kind": "target", "measure": measure,
        "period": period, "bound": bound, "value": value, "high": high, "unit": "VND",
        "quote": "q", "comparison": comparison,
    }  # fmt: skip


def results(period="2023-Q1", **measures):
    return pd.DataFrame(
        [
            {
                "source_id": "r",
                "indicator": "x",
                "kind": "result",
                "measure": m,
                "period": period,
                "value": v,
            }
            for m, v in measures.items()
        ]
    )


def row(tgt, res, lang="en", flow="flow", **kw):
    return A.progress_row(
        {**FLOW, "flow_or_stock": flow}, tgt, res, lang=lang, settings=SETTINGS, **kw
    )


def test_level_target_from_implied_plan():
    out = row(target(value=121.0), results(level=25.0, share_of_plan=25.0, growth=10.0))
    assert out["implied_annual_plan"] == 100.0
    assert out["annual_basis_kind"] == "implied_plan"
    assert out["years_left"] == 2
    assert out["required_growth"] == pytest.approx(10.0)
    assert out["progress_ratio"] == pytest.approx(1.0)
    assert out["status"] == "substantial_progress"
    assert out["pace"] == 1.0
    assert out["plan_status"] == "on_pace" and out["plan_gap"] == 0.0
    assert "implied by the share of plan" in out["caveat"]


def test_level_target_falls_back_to_naive_run_rate():
    out = row(target(value=121.0), results(level=25.0, growth=5.0))
    assert out["annual_basis_kind"] == "naive_run_rate"
    assert out["naive_run_rate"] == 100.0
    assert out["progress_ratio"] == pytest.approx(0.5)
    assert out["status"] == "limited_progress"
    assert "× 4" in out["caveat"] and "naive" in out["caveat"]


def test_target_equal_to_result_is_achieved():
    out = row(target(value=100.0), results(level=25.0, share_of_plan=25.0, growth=-3.0))
    assert out["status"] == "target_achieved"
    growth = row(target("growth", "2019-2025", "min", 16.0), results(growth=16.0))
    assert growth["status"] == "target_achieved"


def test_zero_or_missing_plan_share():
    zero = row(target(value=121.0), results(level=25.0, share_of_plan=0.0, growth=10.0))
    assert math.isnan(zero["implied_annual_plan"])
    assert zero["annual_basis_kind"] == "naive_run_rate"
    assert zero["pace"] == 0.0 and zero["plan_status"] == "behind_benchmark"
    missing = row(target(value=121.0), results(level=25.0, growth=10.0))
    assert math.isnan(missing["implied_annual_plan"])


def test_growth_below_minus_100_percent():
    out = row(target(value=121.0), results(level=25.0, growth=-150.0))
    assert math.isnan(out["implied_prior_level"])
    assert out["progress_ratio"] < 0
    assert out["status"] == "deterioration"


def test_no_growth_means_no_ratio():
    out = row(target(value=121.0), results(level=25.0, share_of_plan=25.0))
    assert out["status"] == "not_available"
    assert "No growth rate" in out["caveat"]


def test_share_of_prior_gives_observed_growth():
    out = row(target(value=121.0), results(level=25.0, share_of_plan=25.0, share_of_prior=110.0))
    assert out["observed_growth"] == pytest.approx(10.0)
    assert out["implied_prior_level"] == pytest.approx(25.0 / 1.1)
    assert out["status"] == "substantial_progress"


def test_result_later_than_target_period():
    missed = row(target(value=500.0, period="2025"), results("2026-Q1", level=25.0, growth=3.0))
    assert missed["years_left"] == -1
    assert missed["status"] == "limited_progress"
    assert "not earlier than the target period" in missed["caveat"]
    falling = row(target(value=500.0, period="2025"), results("2026-Q1", level=25.0, growth=-3.0))
    assert falling["status"] == "deterioration"
    met = row(target(value=50.0, period="2025"), results("2026-Q1", level=25.0, growth=-3.0))
    assert met["status"] == "target_achieved"


def test_span_total_is_compared_per_year():
    res = results(level=25.0, share_of_plan=25.0, growth=1.0)
    out = row(target(value=600.0, period="2021-2025", bound="over"), res)
    assert out["target_annual"] == 120.0
    assert out["required_growth"] == pytest.approx(((120 / 100) ** 0.5 - 1) * 100)
    assert "cumulative total" in out["caveat"]
    # at the level of the average already, but "over" needs more: growth keeps it on track
    edge = row(target(value=500.0, period="2021-2025", bound="over"), res)
    assert edge["required_growth"] == 0.0
    assert edge["status"] == "substantial_progress"
    shrinking = results(level=25.0, share_of_plan=25.0, growth=-1.0)
    assert row(target(value=500.0, period="2021-2025", bound="over"), shrinking)["status"] == (
        "deterioration"
    )


def test_growth_target_caveat_and_ratio():
    out = row(
        target("growth", "2019-2025", "min", 16.0, comparison="annual_average"),
        results(growth=9.65),
        lang="vi",
    )
    assert out["progress_ratio"] == pytest.approx(0.603125)
    assert out["status"] == "moderate_progress"
    assert "bình quân" in out["caveat"]


def test_share_target_compared_directly():
    share = {**FLOW, "unit": "percent", "flow_or_stock": "ratio"}
    tgt = target("share", "2025", "approx", 6.4)
    met = A.progress_row(share, tgt, results(share=6.5), lang="en", settings=SETTINGS)
    assert met["status"] == "target_achieved"
    short = A.progress_row(share, tgt, results(share=5.0), lang="en", settings=SETTINGS)
    assert short["status"] == "not_available" and short["caveat"]


def test_no_target_and_no_result():
    assert row(None, results(level=1.0))["status"] == "not_available"
    assert "no target" in row(None, results(level=1.0))["caveat"]
    empty = row(target(), results().iloc[0:0])
    assert empty["status"] == "not_available" and empty["caveat"] == "No result in the data yet."
    nothing = row(None, results().iloc[0:0])
    assert nothing["plan_status"] == "not_available"


def test_plan_fully_met():
    out = row(None, results("2023", level=100.0, share_of_plan=104.0))
    assert out["plan_status"] == "plan_met"
    assert out["annual_basis_kind"] == "implied_plan"


SETTINGS_PACE = {
    "linear_benchmark": {"Q1": 25.0, "H1": 50.0, "FY": 100.0, "M": 8.33},
    "plan_pace": {"plan_met": 100.0, "on_pace": 1.0},
}


@pytest.mark.parametrize(
    ("period", "share", "pace", "gap", "status"),
    [
        ("2023-Q1", 18.0, 0.72, -7.0, "behind_benchmark"),  # the article's port cargo
        ("2023-Q1", 24.99, 0.9996, -0.01, "behind_benchmark"),
        ("2023-Q1", 25.0, 1.0, 0.0, "on_pace"),
        ("2023-Q1", 30.0, 1.2, 5.0, "on_pace"),
        ("2023-H1", 40.0, 0.8, -10.0, "behind_benchmark"),
        ("2023-H1", 55.0, 1.1, 5.0, "on_pace"),
        ("2023-M03", 9.0, 9.0 / 8.33, 9.0 - 8.33, "on_pace"),  # a month alone is not Q1
        ("2023", 100.0, 1.0, 0.0, "plan_met"),
        ("2023-Q1", NAN, NAN, NAN, "not_available"),
    ],
)
def test_plan_pace_against_the_linear_benchmark(period, share, pace, gap, status):
    res = results(period, level=10.0, growth=1.0, share_of_plan=share)
    if math.isnan(share):
        res = results(period, level=10.0, growth=1.0)
    out = A.progress_row(
        {**FLOW, "flow_or_stock": "flow"}, None, res, lang="en", settings=SETTINGS_PACE
    )
    assert out["plan_status"] == status
    if math.isnan(pace):
        assert math.isnan(out["pace"]) and math.isnan(out["plan_gap"])
    else:
        assert out["pace"] == pytest.approx(pace)
        assert out["plan_gap"] == pytest.approx(gap)


def test_plan_pace_thresholds_come_from_method():
    res = results("2023-Q1", level=10.0, share_of_plan=20.0)
    loose = {**SETTINGS_PACE, "plan_pace": {"on_pace": 0.8}}
    out = A.progress_row({**FLOW, "flow_or_stock": "flow"}, None, res, settings=loose)
    assert out["plan_status"] == "on_pace"
    assert A.plan_pace_status(99.0, 3.96, {"plan_met": 99.0}) == "plan_met"


def test_part_year_growth_against_an_annual_requirement_has_its_caveat():
    out = row(target(value=121.0), results(level=25.0, share_of_plan=25.0, growth=10.0))
    assert "part of a year's growth" in out["caveat"]
    full_year = row(target(value=121.0), results("2023", level=100.0, growth=10.0))
    assert "part of a year" not in full_year["caveat"]


# --- on the curated data ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def table():
    return hpdata.progress(lang="en").set_index("indicator")


def test_progress_has_one_row_per_indicator(table):
    assert len(table) == len(hpdata.indicators())
    assert list(table.columns) == A.PROGRESS_COLUMNS[1:]
    assert set(table.status.cat.categories) == set(A.STATUSES)


def test_plan_pace_agrees_with_the_article(table):
    cargo = table.loc["port_cargo"]
    assert cargo["benchmark"] == 25.0 and cargo["pace"] == pytest.approx(0.72)
    assert cargo["plan_gap"] == pytest.approx(-7.0)
    assert cargo["plan_status_label"] == "Behind the benchmark"
    shares = table[table["result_share_of_plan"].notna()]
    assert len(shares) == 6
    assert (shares["plan_status"] == "behind_benchmark").all()
    assert (table.loc[table["result_share_of_plan"].isna(), "plan_status"] == "not_available").all()


def test_every_part_year_comparison_carries_a_caveat(table):
    """Budget revenue, domestic revenue, investment, GRDP, IIP: each compares Q1 with a year."""
    judged = table[table["progress_ratio"].notna()]
    assert set(judged.index) == {
        "grdp", "iip", "budget_revenue", "domestic_revenue", "total_investment",
    }  # fmt: skip
    for code, caveat in judged["caveat"].items():
        assert "is not the average of the span" in caveat or "part of a year's growth" in caveat, (
            code
        )
        assert "2023-Q1" not in caveat and "Q1 2023" in caveat


def test_grdp_and_iip(table):
    assert table.loc["grdp", "progress_ratio"] == pytest.approx(9.65 / 16)
    assert table.loc["grdp", "status"] == "moderate_progress"
    assert table.loc["iip", "progress_ratio"] == pytest.approx(13.12 / 23)
    assert table.loc["iip", "status"] == "limited_progress"
    assert table.loc["iip", "status_label"] == "Limited progress"


def test_revenue_and_investment(table):
    budget = table.loc["budget_revenue"]
    assert budget["naive_run_rate"] == pytest.approx(4 * 24042e9)
    assert budget["required_growth"] == pytest.approx(((180e12 / 96168e9) ** 0.5 - 1) * 100)
    assert budget["status"] == "deterioration"
    domestic = table.loc["domestic_revenue"]
    assert domestic["implied_annual_plan"] == pytest.approx(8132e9 / 0.1913)
    assert domestic["pace"] == pytest.approx(19.13 / 25)
    invest = table.loc["total_investment"]
    assert invest["target_annual"] == pytest.approx(3e14)
    assert invest["status"] == "limited_progress"


def test_indicators_without_targets(table):
    for code in ["exports", "port_cargo", "fdi", "tourist_arrivals"]:
        assert table.loc[code, "status"] == "not_available"
        assert table.loc[code, "plan_status"] == "behind_benchmark"
    assert table.loc["fdi", "observed_growth"] == pytest.approx(-4.74)


def test_as_of_filters_results():
    early = hpdata.progress(as_of="2022").set_index("indicator")
    assert (early.status == "not_available").all()
    assert (early.result_period == "").all()
    with pytest.raises(ParameterError, match="as_of"):
        hpdata.progress(as_of="Q1-2023")
    with pytest.raises(ParameterError, match="lang"):
        hpdata.progress(lang="fr")


def test_thresholds_parameter(table):
    strict = hpdata.progress(lang="en", thresholds={"med": 0.7}).set_index("indicator")
    assert strict.loc["grdp", "status"] == "limited_progress"
    assert table.loc["grdp", "status"] == "moderate_progress"


def test_labels_in_vietnamese():
    vi = hpdata.progress().set_index("indicator")
    assert vi.loc["grdp", "status_label"] == "Tiến bộ vừa phải"
    assert vi.loc["grdp", "name"].startswith("Tổng sản phẩm")
