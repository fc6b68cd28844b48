"""The headline block of an indicator page: the verdict says the finding."""

from __future__ import annotations

import hpdata
from hpdata.report import verdict


def test_a_plan_only_indicator_headlines_its_plan_pace_not_not_available():
    progress = hpdata.progress(lang="en")
    found = verdict.verdict(progress, "port_cargo", "en")
    assert found["scheme"] == "plan_status" and found["code"] == "behind_benchmark"
    assert found["word"] != "Not available"
    assert "18% of the annual plan" in found["figure"] and "25%" in found["figure"]
    assert "Q1 2023" in found["figure"]


def test_a_target_indicator_headlines_its_status_and_the_growth_it_needs():
    vi = verdict.verdict(hpdata.progress(lang="vi"), "grdp", "vi")
    assert vi["scheme"] == "status" and vi["code"] == "moderate_progress"
    assert "9,65%" in vi["figure"] and "16%" in vi["figure"] and "0,60" in vi["figure"]


def test_the_most_urgent_judged_target_decides_and_the_block_is_escaped():
    import pandas as pd

    progress = hpdata.progress(lang="en")
    rows = progress[progress["indicator"] == "budget_revenue"]
    unjudged = rows.assign(status="not_available")  # a second target with nothing to judge
    row = verdict.deciding_row(pd.concat([unjudged, rows]), "budget_revenue")
    assert row["status"] == "deterioration"
    markup = verdict.verdict_html(progress, "budget_revenue", "en")
    assert markup.startswith('<section class="verdict"')
    assert 'class="verdict-status"' in markup and 'class="verdict-figure"' in markup
    assert "<script" not in markup


def test_an_indicator_with_no_result_says_so_with_its_target():
    found = verdict.verdict(hpdata.progress(lang="en"), "grdp_per_capita", "en")
    assert found["code"] == "not_available" and found["figure"].startswith("Target:")
    assert verdict.verdict_html(hpdata.progress(lang="en").iloc[0:0], "grdp", "en") == ""
