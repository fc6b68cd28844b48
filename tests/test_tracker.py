"""The tracker on test data of our own: four short articles (our words, made-up figures) in the
style of data/raw/, ingested into a temporary data directory with ``hpdata ingest``, then
progress(), history(), series() and changes() checked against figures worked out by hand.

The articles (tests/fixtures/tracker/):

- 2023-07-05-h1: first half of 2023 (GRDP +10.2 %, budget revenue 50,000 bn VND, port cargo 70 Mt
  = 40 % of plan) and the 2023 plan for budget revenue, 95,000 bn VND;
- 2023-12-28-year: the 2023 estimates (GRDP +10.3 %, revenue 100,000 bn, cargo 160 Mt) and the
  2024 plan (GRDP +11 %, revenue 110,000 bn, cargo 180 Mt);
- 2024-04-25-q1: the official 2023 figures, revising the estimates (GRDP +10.4 %, revenue
  101,000 bn, cargo 158 Mt), and Q1 2024 (GRDP +9 %, revenue 26,000 bn +8 %, cargo 40 Mt);
- 2024-07-10-h1: first half of 2024 (GRDP +10.5 %, revenue 57,000 bn +14 %, cargo 92 Mt = 51 % of
  plan), GRDP per capita 2023 (9,000 USD, +8 %) and 2030 targets (20,000 USD; industry 45 %).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import hpdata
from hpdata import cli, paths
from hpdata.analysis import tracker as T

ARTICLES = Path(__file__).parent / "fixtures" / "tracker"
EST, OFFICIAL, H1_2024 = "t-2023-12-28-year", "t-2024-04-25-q1", "t-2024-07-10-h1"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """The project's data plus the four articles, ingested one by one in order of publication."""
    target = tmp_path_factory.mktemp("tracker") / "data"
    shutil.copytree(paths.DEFAULT_DATA_DIR, target)
    for article in sorted(ARTICLES.glob("*.txt")):
        code, _, err = run(
            "ingest",
            "--area",
            "hai-phong",
            str(article),
            "--data-dir",
            str(target),
            "--accept",
            "all",
            "--source-id",
            f"t-{article.stem}",
        )
        assert code == 0, err
    return target


@pytest.fixture(scope="module")
def table(data) -> pd.DataFrame:
    return hpdata.progress(data, lang="en")


def pick(table: pd.DataFrame, indicator: str, measure: str, period: str) -> pd.Series:
    rows = table[
        (table["indicator"] == indicator)
        & (table["target_measure"] == measure)
        & (table["target_period"] == period)
    ]
    assert len(rows) == 1, (indicator, measure, period, len(rows))
    return rows.iloc[0]


def test_the_articles_are_read_in_full(data):
    obs = hpdata.observations(data)
    new = obs[obs["source_id"].astype(str).str.startswith("t-")]
    assert len(new) == 30
    assert len(hpdata.targets(data)) == 12 + 1 + 3 + 2


def test_one_row_per_target_plus_indicators_without_one(table):
    assert len(table) == 18 + 3  # 18 targets; exports, FDI, tourists have results only
    keys = table[["indicator", "target_measure", "target_period"]].apply(tuple, axis=1)
    assert keys.is_unique
    plan_only = table[table["target_period"] == ""]
    assert set(plan_only["indicator"]) == {"exports", "fdi", "tourist_arrivals"}
    assert (plan_only["basis"] == "plan").all()


def test_annual_plan_target_ended_and_revised(table):
    """Budget revenue, plan 2023 = 95,000 bn; official 2023 = 101,000 bn (estimate 100,000)."""
    row = pick(table, "budget_revenue", "level", "2023")
    assert row["basis"] == "final" and row["result_period"] == "2023"
    assert row["status"] == "target_achieved"
    assert row["target_gap"] == pytest.approx(6e12)  # 101,000 − 95,000 bn
    assert row["result_source"] == OFFICIAL and row["result_revises"] == EST
    assert row["result_revised_from"] == pytest.approx(100e12)
    assert "revises an earlier one" in row["caveat"]
    assert "has ended" in row["caveat"]


def test_annual_plan_target_within_its_year(table):
    """Revenue plan 2024 = 110,000 bn; H1 2024 = 57,000 bn: 51.82 % against 50 %: pace 1.036."""
    row = pick(table, "budget_revenue", "level", "2024")
    assert row["basis"] == "within_year" and row["result_period"] == "2024-H1"
    assert row["share_of_target"] == pytest.approx(57 / 110 * 100)
    assert row["progress_ratio"] == pytest.approx(57 / 110 * 100 / 50)
    assert row["status"] == "on_pace"
    cargo = pick(table, "port_cargo", "level", "2024")  # 92 of 180 Mt: 51.11 % by mid-year
    assert cargo["share_of_target"] == pytest.approx(92 / 180 * 100)
    assert cargo["status"] == "on_pace"
    assert cargo["plan_status"] == "on_pace" and cargo["plan_gap"] == pytest.approx(1.0)


def test_growth_targets(table):
    """GRDP +10.5 % in H1 2024: against the 2024 plan of 11 %, and the 16 % average to 2025."""
    plan = pick(table, "grdp", "growth", "2024")
    assert plan["progress_ratio"] == pytest.approx(10.5 / 11)  # 0.9545
    assert plan["status"] == "substantial_progress"
    assert "part of a year" in plan["caveat"]
    # the 16 % average over 2019-2025 is judged on the span's annual results, never on H1:
    # only 2023 (official +10.4 %) is known of the five years ended, so the average so far is
    # 10.4 % (10.4 / 16 = 0.65) and the six years without a result need
    # (1.16^7 / 1.104)^(1/6) - 1 = 16.96 % a year
    span = pick(table, "grdp", "growth", "2019-2025")
    assert span["basis"] == "span" and span["verdict"] == "pending"
    assert span["span_value"] == pytest.approx(10.4)
    assert span["progress_ratio"] == pytest.approx(10.4 / 16)  # 0.65
    assert span["span_missing"] == "2019|2020|2021|2022"
    assert span["required_growth"] == pytest.approx(((1.16**7 / 1.104) ** (1 / 6) - 1) * 100)
    assert span["required_growth"] == pytest.approx(16.9606, abs=1e-4)
    assert span["status"] == "moderate_progress"


def test_2030_target_and_2025_target_from_a_year_result(table):
    """GRDP per capita 9,000 USD in 2023, +8 %: 20,000 USD by 2030 needs 12.08 % a year;
    14,740 USD by 2025 needs 27.98 % a year."""
    far = pick(table, "grdp_per_capita", "level", "2030")
    assert far["years_left"] == 7 and far["annual_basis_kind"] == "result"
    assert far["required_growth"] == pytest.approx(((20000 / 9000) ** (1 / 7) - 1) * 100)
    assert far["required_growth"] == pytest.approx(12.0833, abs=1e-4)
    assert far["progress_ratio"] == pytest.approx(8 / 12.0833, abs=1e-4)
    assert far["status"] == "moderate_progress"
    near = pick(table, "grdp_per_capita", "level", "2025")
    assert near["required_growth"] == pytest.approx(27.9757, abs=1e-4)
    assert near["status"] == "limited_progress"
    share = pick(table, "industry_share_grdp", "share", "2030")
    assert share["status"] == "not_available" and share["result_period"] == ""


def test_range_target_from_a_half_year(table):
    """Revenue 180–190 trillion in 2025; H1 2024 57,000 bn × 2 = 114,000 bn; +14 %."""
    row = pick(table, "budget_revenue", "level", "2025")
    assert row["naive_run_rate"] == pytest.approx(114e12)
    assert row["required_growth"] == pytest.approx((180 / 114 - 1) * 100)  # 57.89 %
    assert row["progress_ratio"] == pytest.approx(14 / ((180 / 114 - 1) * 100))  # 0.242
    assert row["status"] == "limited_progress"


def test_as_of_earlier_periods(data):
    h1 = hpdata.progress(data, lang="en", as_of="2023-H1")
    plan = pick(h1, "budget_revenue", "level", "2023")  # 50,000 of 95,000 bn by mid-year
    assert plan["basis"] == "within_year"
    assert plan["share_of_target"] == pytest.approx(50 / 95 * 100)  # 52.63 %
    assert plan["progress_ratio"] == pytest.approx(50 / 95 * 2)  # pace 1.053
    assert plan["status"] == "on_pace"
    q1 = hpdata.progress(data, lang="en", as_of="2024-Q1")
    revenue = pick(q1, "budget_revenue", "level", "2024")  # 26,000 of 110,000 bn by Q1
    assert revenue["share_of_target"] == pytest.approx(26 / 110 * 100)  # 23.64 %
    assert revenue["progress_ratio"] == pytest.approx(26 / 110 * 4)  # 0.945
    assert revenue["status"] == "behind_benchmark"
    cargo = pick(q1, "port_cargo", "level", "2024")  # 40 of 180 Mt: 22.2 % < 25 %
    assert cargo["status"] == "behind_benchmark"
    assert cargo["plan_gap"] == pytest.approx(-3.0)  # the stated 22 % of plan, 3 points behind
    grdp = pick(q1, "grdp", "growth", "2024")
    assert grdp["progress_ratio"] == pytest.approx(9 / 11)
    assert grdp["status"] == "moderate_progress"
    year = hpdata.progress(data, lang="en", as_of="2023")
    span = pick(year, "grdp", "growth", "2019-2025")  # the official 10.4 %, not the estimate
    assert span["result_period"] == "2023" and span["progress_ratio"] == pytest.approx(10.4 / 16)
    assert span["result_revises"] == EST


def test_history_shows_each_report(data):
    h = hpdata.history(data, lang="en")
    keys = h[["indicator", "target_measure", "target_period", "result_period"]].apply(tuple, axis=1)
    assert keys.is_unique
    grdp = h[(h["indicator"] == "grdp") & (h["target_period"] == "2024")]
    # the December article's 2023 estimate (published before 2023 ended) is a projection: after
    # it, the 2024 plan is read against the first half of 2023 (+10.2 %), the latest ended period
    assert list(grdp["result_period"]) == ["2023-H1", "2024-Q1", "2024-H1"]
    assert list(grdp["report_source"]) == [EST, OFFICIAL, H1_2024]
    assert grdp["progress_ratio"].tolist() == pytest.approx([10.2 / 11, 9 / 11, 10.5 / 11])
    assert list(grdp["status"]) == [
        "moderate_progress",
        "moderate_progress",
        "substantial_progress",
    ]
    assert grdp["result_is_projection"].tolist() == [False, False, False]
    revenue = h[(h["indicator"] == "budget_revenue") & (h["target_period"] == "2024")]
    assert list(revenue["status"]) == ["limited_progress", "behind_benchmark", "on_pace"]
    ended = h[(h["indicator"] == "budget_revenue") & (h["target_period"] == "2023")]
    assert list(ended["status"]) == ["on_pace", "target_achieved"]
    assert ended["target_gap"].iloc[-1] == pytest.approx(6e12)


def test_the_estimate_judged_before_its_revision(data):
    published = hpdata.sources(data).set_index("source_id").loc[EST, "published"]
    before = T.snapshot(published, data, lang="en")
    row = pick(before, "budget_revenue", "level", "2023")
    # 100,000 bn for 2023, stated on 28 December, is a projection: shown, never a final verdict;
    # the plan is read on H1 (50,000 of 95,000 bn = 52.63 % against 50 %: on pace)
    assert row["status"] == "on_pace" and row["verdict"] == "pending"
    assert row["result_period"] == "2023-H1" and not row["result_is_projection"]
    assert row["share_of_target"] == pytest.approx(50 / 95 * 100)
    assert row["projection_value"] == pytest.approx(100e12) and row["projection_source"] == EST
    assert row["projection_period"] == "2023" and "projection" in row["caveat_codes"]


def test_changes_with_the_revising_report(data):
    c = hpdata.changes(data, lang="en", report=OFFICIAL)
    revisions = c[c["change"] == "revision"].set_index("indicator")
    assert set(revisions.index) == {"grdp", "budget_revenue", "port_cargo"}
    assert revisions.loc["grdp", ["before", "after"]].tolist() == pytest.approx([10.3, 10.4])
    assert revisions.loc["port_cargo", "after"] - revisions.loc["port_cargo", "before"] == -2e6
    moved = c[c["change"] == "status"].set_index(["indicator", "target_period"])
    # the 16 % average: H1 2023 before (10.2 / 16 = 0.6375), the official 2023 year after
    # (10.4 / 16 = 0.65): moderate progress both times, no move
    assert ("grdp", "2019-2025") not in moved.index
    assert moved.loc[("budget_revenue", "2024"), ["before", "after"]].tolist() == [
        "limited_progress",
        "behind_benchmark",
    ]
    assert moved.loc[("budget_revenue", "2023"), ["before", "after"]].tolist() == [
        "on_pace",  # H1 2023, the December figure being a projection
        "target_achieved",  # the official 101,000 bn against 95,000
    ]


def test_changes_with_the_latest_report(data):
    c = hpdata.changes(data, lang="en")
    new = c[c["change"] == "new_target"]
    assert set(zip(new["indicator"], new["target_period"], strict=True)) == {
        ("grdp_per_capita", "2030"),
        ("industry_share_grdp", "2030"),
    }
    moved = c[c["change"] == "status"].set_index(["indicator", "target_period"])
    assert moved.loc[("budget_revenue", "2024"), ["before", "after"]].tolist() == [
        "behind_benchmark",
        "on_pace",
    ]
    assert (c["change"] != "revision").all()


def test_series_with_revisions(data):
    s = hpdata.series("grdp", data)
    growth = s[s["measure"] == "growth"]
    assert list(growth["period"]) == ["2023-Q1", "2023-H1", "2023", "2023", "2024-Q1", "2024-H1"]
    est, official = growth[growth["period"] == "2023"].to_dict("records")
    assert est["source_id"] == EST and est["is_estimate"] and est["revised_by"] == OFFICIAL
    assert est["revision"] == pytest.approx(0.1)
    assert official["revises"] == EST and official["revised_by"] == ""


def test_headline_on_the_test_data(data, table):
    sentence = hpdata.headline("en", data)
    assert sentence.startswith("10 of the 16 indicators can be assessed: 7 against 11 targets (")
    assert "2 on pace" in sentence and "1 target achieved" in sentence
    assert "cargo through the ports" not in sentence  # on pace in H1 2024


def test_progress_on_the_command_line(data):
    code, out, _ = run("progress", "--data-dir", str(data), "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert len(frame) == 21 and "target_period" in frame and "status" in frame
    code, out, _ = run("progress", "--data-dir", str(data), "--format", "json", "--lang", "en")
    records = json.loads(out)
    assert len(records) == 21
    ended = [
        r for r in records if r["indicator"] == "budget_revenue" and r["target_period"] == "2023"
    ]
    assert ended[0]["status"] == "target_achieved" and ended[0]["target_gap"] == 6e12


def test_project_data_pin(progress_en):
    """Issue 12: 12 targets of 2019 and 4 indicators with results only; today's five figures."""
    assert len(progress_en) == 16
    assert (progress_en["target_period"] != "").sum() == 12
    judged = progress_en[progress_en["progress_ratio"].notna()].set_index("indicator")
    assert judged["progress_ratio"].round(2).to_dict() == {
        "grdp": 0.60,
        "budget_revenue": -0.26,
        "domestic_revenue": -0.44,
        "total_investment": 0.41,
        "iip": 0.57,
    }
    assert judged["status"].astype(str).to_dict() == {
        "grdp": "moderate_progress",
        "budget_revenue": "deterioration",
        "domestic_revenue": "deterioration",
        "total_investment": "limited_progress",
        "iip": "limited_progress",
    }


def test_changes_in_words(data):
    c = hpdata.changes(data, lang="en", report=OFFICIAL)
    texts = [hpdata.change_text(r, "en", data) for r in c.to_dict("records")]
    assert "Gross regional domestic product (GRDP), growth 2023: revised 10.3% → 10.4%" in texts
    assert (
        "State budget revenue, target 2024: limited progress → behind the benchmark (Q1 2024)"
        in texts
    )
    vi = hpdata.changes(data, lang="vi", report=OFFICIAL)
    words = [hpdata.change_text(r, "vi", data) for r in vi.to_dict("records")]
    assert any(w.endswith("năm 2023: điều chỉnh 10,3% → 10,4%") for w in words)
    latest = hpdata.changes(data, lang="en")
    new = [hpdata.change_text(r, "en", data) for r in latest.to_dict("records")]
    assert "GRDP per capita: new target 2030" in new


# --- the tracker on the pages ------------------------------------------------------------------


def test_indicator_page_lists_every_target_with_one_status(data, table):
    from hpdata.report import indicatorpage

    rows = table[table["indicator"] == "budget_revenue"]
    markup = indicatorpage.targets_status_html("budget_revenue", rows, "en")
    assert markup.count("<tr>") - 1 == len(rows) >= 3  # header row + one row per target
    for label in rows["status_label"]:
        assert label in markup


def test_status_history_shows_each_report_in_words(data):
    from hpdata.report import indicatorpage

    rows = T.history(data, lang="en")
    grdp = rows[rows["indicator"] == "grdp"]
    shown = indicatorpage.history_table("grdp", "en", data)
    assert len(shown) == len(grdp) >= 4
    assert "Q1 2024" in set(shown["Result period"]) and "2023" in set(shown["Result period"])
    assert not any("-Q" in p for p in shown["Result period"])  # words, not codes


def test_what_changed_names_the_new_2030_target(data):
    from hpdata.report import overview

    markup = overview.changes_html("en", data)
    assert markup.startswith('<ul class="changes">')
    assert "new target" in markup and "2030" in markup
