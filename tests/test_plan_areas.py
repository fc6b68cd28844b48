"""One plan's targets from the command line, and the analysis per area across the 2025
reorganisation (issue 19's ``--plan``, issue 16 item 3), on our own articles: the plans fixture
(tests/plans_data.py, Hải Phòng 2019-2026: its territory grew on 1 July 2025 when Hải Dương
merged in) and the areas fixture (tests/areas_data.py: Hải Phòng, Hải Dương's 2024 article,
Quảng Ninh)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pandas as pd
import pytest
from areas_data import build as build_areas
from plans_data import build as build_plans

import hpdata
from hpdata.analysis import series as S
from hpdata.analysis import tracker as T
from hpdata.analysis.progress import crosses_boundary
from hpdata.analysis.wording import headline
from hpdata.cli import main
from hpdata.errors import ParameterError

PROGRAMME = "hp-2019-07-11-nq45"


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    return build_plans(tmp_path_factory.mktemp("plan-areas") / "data")


@pytest.fixture(scope="module")
def several(tmp_path_factory) -> Path:
    return build_areas(tmp_path_factory.mktemp("several") / "data")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


# --- one plan's targets ---------------------------------------------------------------------


def test_progress_plan_lists_one_plans_targets(plans: Path) -> None:
    code, out, _ = run("progress", "--data-dir", str(plans), "--plan", PROGRAMME, "--format",
                       "json")  # fmt: skip
    rows = json.loads(out)
    assert code == 0 and len(rows) == 12 and {r["plan"] for r in rows} == {PROGRAMME}
    code, out, _ = run("progress", "--data-dir", str(plans), "--plan", "kh-2025", "--format",
                       "json")  # fmt: skip
    # the 2025 plan: GRDP (raised to 13 % in July), revenue 118,000 bn, domestic 80,000 bn
    assert sorted((r["indicator"], r["target_value"]) for r in json.loads(out)) == [
        ("budget_revenue", 1.18e14), ("domestic_revenue", 8e13), ("grdp", 13.0),
    ]  # fmt: skip


def test_an_unknown_plan_is_one_line_naming_the_parameter(plans: Path) -> None:
    code, out, err = run("progress", "--data-dir", str(plans), "--plan", "kh-1999")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "hpdata progress: --plan: unknown plan 'kh-1999' "
        "(valid: hp-2019-07-11-nq45, kh-2024, kh-2025, kh-2026)"
    ]


def test_progress_keeps_one_row_per_plan_indicator_and_target(plans: Path) -> None:
    table = hpdata.progress(plans, lang="en")
    targets = table[table["target_measure"] != ""]
    key = ["plan", "indicator", "target_measure", "target_period"]
    assert not targets.duplicated(key).any()
    # revenue 2025 has three targets in the data: the programme's, the 2025 plan's, none else;
    # GRDP 2025 was stated twice by the 2025 plan (12.5 %, raised to 13 %): one row, the revision
    grdp = targets[(targets["indicator"] == "grdp") & (targets["target_period"] == "2025")]
    assert len(grdp) == 1 and grdp.iloc[0]["target_value"] == 13.0
    assert grdp.iloc[0]["target_revised_from"] == 12.5


# --- the analysis per area --------------------------------------------------------------------


def test_each_analysis_reads_one_areas_rows(several: Path) -> None:
    """Hải Dương's 2024 article is judged on its own targets only; Hải Phòng's table has no
    Hải Dương figure; with no area given, the dataset's default area (hai-phong)."""
    hd = hpdata.progress(several, lang="en", area="hai-duong")
    assert set(hd["area"]) == {"hai-duong"}
    assert set(hd.loc[hd["target_source"] != "", "target_source"]) == {"ar-hd-2024-07-05-h1"}
    hp = hpdata.progress(several, lang="en", area="hai-phong")
    assert "ar-hd-2024-07-05-h1" not in set(hp["result_source"]) | set(hp["target_source"])
    default = hpdata.progress(several, lang="en")
    assert default.equals(hp)
    assert set(hpdata.series("grdp", several, area="quang-ninh")["source_id"]) == {
        "ar-qn-2025-07-10-h1"
    }
    assert set(T.history(several, lang="en", area="hai-duong")["report_source"]) == {
        "ar-hd-2024-07-05-h1"
    }
    assert set(T.changes(several, lang="en", area="quang-ninh")["source_id"]) <= {
        "ar-qn-2025-07-10-h1"
    }
    assert headline("en", several, area="hai-duong") != headline("en", several, area="quang-ninh")


def test_an_unknown_area_is_refused_naming_the_parameter(several: Path) -> None:
    with pytest.raises(ParameterError, match=r"^--area: unknown area 'atlantis'"):
        hpdata.progress(several, area="atlantis")
    code, _, err = run("progress", "--data-dir", str(several), "--area", "atlantis")
    assert code == 2 and err.count("\n") == 1 and "--area: unknown area 'atlantis'" in err
    code, out, _ = run("progress", "--data-dir", str(several), "--area", "quang-ninh",
                       "--format", "json")  # fmt: skip
    assert code == 0 and {r["area"] for r in json.loads(out)} == {"quang-ninh"}


def test_a_target_set_before_the_merger_judged_after_it_names_the_change(plans: Path) -> None:
    """Hải Phòng absorbed Hải Dương on 1 July 2025 (2025.5, the end of the first half). The programme
    (July 2019) and the 2025 plan's revenue target (December 2024) are judged on 2025 results,
    which cover the enlarged city: caveat. The 2024 plan is judged on 2024 (ended before the
    change), the GRDP target raised on 16 July 2025 was set after it, the 2026 plan in December
    2025: no caveat."""
    table = hpdata.progress(plans, lang="en")
    flagged = table[table["boundary_change"] != ""]
    assert set(flagged["boundary_change"]) == {"2025-07-01"}
    assert set(flagged["boundary_absorbed"]) == {"hai-duong"}
    programme = table[table["plan"] == PROGRAMME]
    judged = programme[programme["result_period"] != ""]  # 11 of 12 have a 2025 result
    assert len(judged) == 11 and (judged["boundary_change"] == "2025-07-01").all()
    by_plan = flagged[flagged["plan"] != PROGRAMME]
    assert sorted(zip(by_plan["plan"], by_plan["indicator"], strict=True)) == [
        ("kh-2025", "budget_revenue"), ("kh-2025", "domestic_revenue"),
    ]  # fmt: skip
    row = flagged[flagged["indicator"] == "budget_revenue"].iloc[0]
    assert "boundary_change" in row["caveat_codes"].split("|")
    assert row["caveat"].endswith(
        "Hai Phong's territory changed on 1 July 2025 (Hai Duong merged in): the 2025 result "
        "covers the enlarged unit, while the target was set for the former one."
    )
    vi = hpdata.progress(plans, lang="vi")
    assert "Lãnh thổ Hải Phòng thay đổi từ ngày 1/7/2025 (sáp nhập Hải Dương)" in " ".join(
        vi["caveat"]
    )
    # the rule itself: published before the change, a result period ending after it
    change = S.change_year("2025-07-01")  # 2025.5: the first half ends before it
    assert crosses_boundary("2024-12-18T16:00:00+07:00", "2025", change)
    assert not crosses_boundary("2024-12-18T16:00:00+07:00", "2025-H1", change)
    assert not crosses_boundary("2025-07-16T15:30:00+07:00", "2025", change)


def test_a_series_crossing_the_change_is_split_at_it(plans: Path) -> None:
    """GRDP growth by year: 2019-2024 on the former territory's line, 2025 on the enlarged
    unit's; never one line across 1 July 2025. The first half of 2025 ended before the change."""
    grdp = hpdata.series("grdp", plans)
    years = grdp[(grdp["measure"] == "growth") & (grdp["length"] == "year")]
    lines = years.groupby("line")["period"].apply(lambda p: sorted(set(p))).to_dict()
    assert lines == {
        "growth|year|0": ["2019", "2020", "2022", "2023", "2024"],
        "growth|year|1": ["2025"],
    }
    assert S.segments(years["start"].iloc[:0], years["end"].iloc[:0], 2025.5) == []
    half = S.segments(pd.Series([2025.0]), pd.Series([2025.5]), S.change_year("2025-07-01"))
    assert half == [0]  # the first half of 2025 is the former territory's


def test_the_trajectory_marks_the_boundary_change(plans: Path) -> None:
    """Hải Phòng's GRDP results lie on both sides of 1 July 2025: one dashed vertical line at
    2025.5 (the end of the first half), named in the legend and the alt text; the project's own
    data (results of 2023 only) draw none."""
    from hpdata.report import plots

    chart = plots.trajectory_chart("grdp", "en", data_dir=plans)
    marks = [m for p in chart.panels for m in p.marks("boundary")]
    assert [(m.x0, m.x1, m.dash) for m in marks] == [(2025.5, 2025.5, plots.BOUNDARY_DASH)]
    assert "Boundary change" in [e.label for e in chart.legend]
    assert "the territory changed on 1 July 2025" in chart._repr_svg_()
    own = plots.trajectory_chart("grdp", "en")
    assert not [m for p in own.panels for m in p.marks("boundary")]
    assert "Boundary change" not in [e.label for e in own.legend]
