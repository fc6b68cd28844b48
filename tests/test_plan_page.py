"""The verdict page of each plan (issue 19, item 4) on the plans fixture (tests/plans_data.py):
the 2019 programme's 12 targets for 2025 (3 met, 8 missed, 1 not assessable), beside the annual
plans of 2024, 2025 and 2026; the figures are worked by hand in tests/test_plans.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from plans_data import build

import hpdata
from hpdata import paths
from hpdata.analysis import plans as P
from hpdata.errors import DataError, ParameterError
from hpdata.report import plan as render_plan
from hpdata.report import verdicts as V
from hpdata.validation import validate

PROGRAMME = "hp-2019-07-11-nq45"
PLANS = [PROGRAMME, "kh-2024", "kh-2025", "kh-2026"]
LANGS = ("vi", "en")


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("plan-page") / "data")


@pytest.fixture
def at(data, monkeypatch) -> Path:
    """The page functions read ``$HPDATA_DATA_DIR``, as a rendered notebook does."""
    monkeypatch.setenv(paths.ENV_VAR, str(data))
    return data


@pytest.fixture(scope="module")
def table(data):
    return hpdata.progress(data, lang="en")


def test_every_plan_with_a_target_gets_a_page_in_both_languages(data) -> None:
    view = render_plan.DataView(data)
    assert [p for p, _ in render_plan.data_plans(view)] == PLANS
    names = [r.name for r in render_plan.all_reports(data, LANGS) if r.kind == "plan"]
    assert names == [f"plan.{p}.{lang}" for lang in LANGS for p in PLANS]


def test_plans_are_named_by_plans_csv_else_by_their_first_source(data) -> None:
    names = P.plan_names(data, "en")
    assert names[PROGRAMME] == "Resolution 45 action programme (2019)"
    assert names["kh-2025"] == "The 2025 economic and social plan"
    assert P.plan_names(data, "vi")["kh-2024"] == "Kế hoạch phát triển kinh tế - xã hội năm 2024"
    # a source that is not a plan of plans.csv: its own title
    assert names["pl-2020-01-10-nam2019"] == "Economy in 2019: high growth"


def test_a_bad_plans_csv_is_refused_with_file_row_and_column(tmp_path: Path) -> None:
    bad = build(tmp_path / "data")
    with (bad / "plans.csv").open("a", encoding="utf-8") as fh:
        fh.write("kh-2024,again,again\nkh-1999,none,none\n")
    with pytest.raises(DataError) as caught:
        validate(bad)
    said = "\n".join(str(p) for p in caught.value.problems)
    assert "plans.csv" in said and "row 5" in said and "duplicate plan (first at row 2)" in said
    assert "row 6" in said and "'kh-1999'" in said and "not a plan of sources.csv" in said
    with pytest.raises(DataError, match="duplicate plan"):
        P.plan_names(bad, "en")


def test_the_programme_page_counts_its_verdicts(at, table) -> None:
    rows = P.plan_rows(table, PROGRAMME)
    assert P.verdict_counts(rows) == {"met": 3, "missed": 8, "not_assessable": 1, "pending": 0}
    assert V.plan_title(PROGRAMME, "en", table) == (
        "Resolution 45 action programme (2019): 12 targets for 2025"
    )
    summary = V.summary_html(rows, "en")
    assert "Met: 3" in summary and "Missed: 8" in summary and "Not assessable: 1" in summary
    assert "Pending" not in summary
    assert P.overlapping_plans(table, PROGRAMME) == ["kh-2025"]  # 2024 and 2026 are other years
    assert P.overlapping_plans(table, "kh-2024") == []


def test_each_target_shows_the_figure_that_decides_it(at, table) -> None:
    shown = V.targets_table(P.plan_rows(table, PROGRAMME), "en")
    by = shown.set_index("Indicator")
    grdp = by.loc["Gross regional domestic product (GRDP)"]
    # (Π(1 + g/100))^(1/6) − 1 = 12.22 % over the six years known, 16 % wanted: −3.78 points
    assert grdp["Deciding figure"] == "12.22% a year on average (6 of 7 years with a result)"
    assert grdp["Gap to the target"] == "−3.78 points"
    assert grdp["Verdict"] == "Missed (qualified: some years have no result)"
    investment = by.loc["Total social investment"]  # 210 + 245 + 280 + 320 + 365 thousand bn
    assert investment["Deciding figure"].startswith("VND 1,420 trillion in total (5 of 5")
    assert investment["Gap to the target"] == "VND −80 trillion"
    revenue = by.loc["State budget revenue"]  # the official 126,500 bn, not the July 120,000
    assert revenue["Deciding figure"] == "VND 126.5 trillion (2025)"
    assert revenue["Gap to the target"] == "VND −53.5 trillion"
    assert revenue["Source"] == "2025 in review: the road from 2019"
    assert by.loc["Domestic revenue", "Gap to the target"] == "VND +3.2 trillion"  # 78.2 − 75
    region = by.loc["Share of the Northern Key Economic Region's GDP"]
    assert region["Verdict"] == "Not assessable: no result for the target's period"
    assert region["Deciding figure"] == "–" and region["Source"] == "–"
    vi = V.targets_table(P.plan_rows(hpdata.progress(at, lang="vi"), PROGRAMME), "vi")
    assert "bình quân 12,22% mỗi năm (6 trong 7 năm có kết quả)" in set(vi["Số liệu quyết định"])


def test_the_page_links_each_target_to_its_indicator_and_source(at, table) -> None:
    markup = V.targets_html(P.plan_rows(table, PROGRAMME), "en")
    assert markup.count("<tr id=") == 12
    assert 'href="indicator.grdp.en.html"' in markup
    assert 'href="sources.pl-2026-01-12-nam2025.en.html"' in markup
    others = V.others_html(table, PROGRAMME, "en")
    assert 'href="plan.kh-2025.en.html">The 2025 economic and social plan</a>' in others
    assert "met: 1, missed: 2" in others  # revenue met; GRDP (13 %) and domestic revenue missed
    assert V.others_html(table, "kh-2026", "en") == ""


def test_a_revised_target_says_what_it_replaced(at, table) -> None:
    """The 2025 plan's GRDP target, 12.5 % in December 2024, raised to 13 % in July 2025."""
    shown = V.targets_table(P.plan_rows(table, "kh-2025"), "en").set_index("Indicator")
    grdp = shown.loc["Gross regional domestic product (GRDP)"]
    assert grdp["Target"] == "13% (2025), revised from 12.5%"
    assert grdp["Gap to the target"] == "−1.2 points"  # 11.8 % against 13 %
    assert shown.loc["State budget revenue", "Target"] == "VND 118 trillion (2025)"


def test_an_unknown_plan_is_refused_naming_the_parameter(table) -> None:
    with pytest.raises(ParameterError, match=r"^plan: unknown plan 'kh-1999' \(valid: hp-2019"):
        P.check_plan("kh-1999", table)


def _render(data: Path, out: Path, only: str) -> str:
    command = [sys.executable, "-m", "hpdata", "render", "--data-dir", str(data), "--out",
               str(out), "--only", only]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow
def test_the_plan_pages_read_well_in_chromium(data, tmp_path: Path) -> None:
    """Every plan page, both languages, through the browser test's checks; a link may point only
    at a page of the site (the indicator and source pages are not rendered here)."""
    from test_browser import ARGS, CHROMIUM, check_page, english_labels, require_browser

    out = tmp_path / "out"
    _render(data, out, "plan.*")
    index = (out / "index.en.html").read_text(encoding="utf-8")
    assert f'<a href="plan.{PROGRAMME}.en.html">Resolution 45 action programme (2019)</a>' in index
    page = (out / f"plan.{PROGRAMME}.en.html").read_text(encoding="utf-8")
    assert "<title>Resolution 45 action programme (2019): 12 targets for 2025</title>" in page
    require_browser()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    site = {f"{r.name}.html" for r in render_plan.all_reports(data, LANGS)}
    found = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            tab = browser.new_page()
            for name in [f"plan.{p}.{lang}.html" for p in PLANS for lang in LANGS]:
                problems = check_page(tab, Axe(), out / name, english_labels(), root=out)
                missing = [re.sub(r"^broken link |#.*$", "", p) for p in problems
                           if p.startswith("broken link ")]  # fmt: skip
                assert set(missing) <= site, (name, missing)
                problems = [p for p in problems if not p.startswith("broken link ")]
                if problems:
                    found[name] = problems
        finally:
            browser.close()
    assert not found, found
