"""The headline, the targets' words, the plan pace in words and the status legend."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import hpdata
from hpdata.analysis import status as S
from hpdata.analysis import wording as W
from hpdata.errors import DataError, ParameterError

OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_headline_agrees_with_progress(lang):
    table = hpdata.progress(lang=lang)
    sentence = hpdata.headline(lang)
    judged = table[table["status"] != "not_available"]
    planned = table[table["plan_status"] != "not_available"]
    assessed = set(judged["indicator"]) | set(planned["indicator"])
    assert sentence.startswith(f"{len(assessed)} ")
    assert f" {table['indicator'].nunique()} " in sentence
    behind = table[table["plan_status"] == "behind_benchmark"]
    for name in table["name"]:
        named = W._sentence_case(name) in sentence
        assert named == (name in set(behind["name"])), name
    for status, count in judged["status"].astype(str).value_counts().items():
        word = W._sentence_case(hpdata.label("status", status, lang))
        assert f"{count} {word}" in sentence
    assert not re.search(r"\d{4}-Q\d", sentence)


def test_headline_on_the_project_data_in_words():
    assert hpdata.headline("en").startswith(
        "9 of the 16 indicators can be assessed: 5 against their targets (2 deterioration, "
        "2 limited progress, 1 moderate progress) and 6 against the annual plan. All 6 with a "
        "share of the annual plan lag the 25% benchmark for Q1 2023: cargo through the ports (18%),"
    )
    assert "chậm so với mốc 25% của quý 1/2023" in hpdata.headline("vi")


def test_headline_when_nothing_can_be_assessed():
    assert hpdata.headline("en", as_of="2022") == "None of the 16 indicators can be assessed yet."


def test_headline_when_one_is_on_pace(data_copy, edit_csv):
    def faster(rows):
        for row in rows:
            if row["indicator"] == "fdi" and row["measure"] == "share_of_plan":
                row["value"] = "26"
        return rows

    edit_csv(data_copy / "observations.csv", faster)
    sentence = hpdata.headline("en", data_copy)
    assert "5 of the 6 with a share of the annual plan lag" in sentence
    assert "foreign direct investment" not in sentence


@pytest.mark.parametrize(
    ("indicator", "lang", "expected"),
    [
        ("grdp", "vi", "tối thiểu 16% bình quân mỗi năm (2019–2025)"),
        ("grdp", "en", "at least 16% a year on average (2019–2025)"),
        ("iip", "en", "over 23% a year on average (2021–2025)"),
        ("logistics_services", "vi", "khoảng 30 – 35%/năm (năm 2025)"),
        ("logistics_services", "en", "about 30 – 35% a year (2025)"),
        ("national_logistics_zones", "vi", "1 – 3 khu (năm 2025)"),
        ("national_logistics_zones", "en", "1 – 3 zones (2025)"),
        ("total_investment", "en", "over VND 1,500 trillion in total (2021–2025)"),
        ("gdp_share_national", "vi", "khoảng 6,4% (năm 2025)"),
        ("domestic_revenue", "vi", "trên 75 nghìn tỷ đồng (năm 2025)"),
        ("exports", "en", "–"),
    ],
)
def test_target_text_keeps_the_qualifiers(indicator, lang, expected):
    table = hpdata.progress(lang=lang).set_index("indicator", drop=False)
    assert hpdata.target_text(table.loc[indicator], lang) == expected


def test_target_text_of_an_observation_row():
    obs = hpdata.targets()
    row = obs[obs["indicator"] == "logistics_services"].iloc[0]
    assert hpdata.target_text(row, "en") == "about 30 – 35% a year (2025)"


@pytest.mark.parametrize(
    ("indicator", "lang", "expected"),
    [
        ("port_cargo", "en", "18% of the annual plan, 7 points behind the 25% benchmark"),
        ("exports", "vi", "21,25% kế hoạch năm, thấp hơn 3,75 điểm % so với mốc 25%"),
        ("grdp", "en", "–"),
    ],
)
def test_plan_pace_text(indicator, lang, expected):
    table = hpdata.progress(lang=lang).set_index("indicator", drop=False)
    assert hpdata.plan_pace_text(table.loc[indicator], lang) == expected


def test_plan_pace_text_on_and_met():
    row = {"plan_status": "on_pace", "result_share_of_plan": 30.0, "benchmark": 25.0,
           "plan_gap": 5.0}  # fmt: skip
    assert W.plan_pace_text(row, "en") == "30% of the annual plan, at or above the 25% benchmark"
    met = {**row, "plan_status": "plan_met", "result_share_of_plan": 104.0}
    assert W.plan_pace_text(met, "en") == "104% of the annual plan: the plan is met"


@pytest.mark.parametrize("scheme", ["status", "plan_status"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_legend(scheme, lang):
    legend = hpdata.status_legend(scheme, lang)
    assert list(legend.columns) == S.LEGEND_COLUMNS
    assert legend["urgency"].is_monotonic_increasing and legend["urgency"].is_unique
    assert legend["mark"].is_unique and legend["colour"].str.match(r"^#[0-9A-F]{6}$").all()
    judged = legend[legend["code"] != "not_available"]
    assert set(judged["colour"]) <= OKABE_ITO
    assert legend["code"].iloc[-1] == "not_available"
    assert not legend["rule"].str.contains("{", regex=False).any()
    assert legend["label"].ne(legend["code"]).all()


def test_legend_rules_state_the_thresholds():
    rules = hpdata.status_legend("status", "en").set_index("code")["rule"]
    assert "0.6" in rules["moderate_progress"] and "0.95" in rules["moderate_progress"]
    plan = hpdata.status_legend("plan_status", "vi").set_index("code")["rule"]
    assert "25%" in plan["behind_benchmark"] and "1" in plan["behind_benchmark"]
    assert "Pace = share of the annual plan" in hpdata.legend_note("plan_status", "en")
    with pytest.raises(ParameterError, match="scheme"):
        hpdata.status_legend("colour", "en")


def test_legend_follows_method_toml(data_copy):
    path = data_copy / "method.toml"
    path.write_text(path.read_text().replace("med = 0.6 ", "med = 0.7 "), encoding="utf-8")
    rules = hpdata.status_legend("status", "en", data_copy).set_index("code")["rule"]
    assert "0.7" in rules["limited_progress"]


def test_broken_statuses_file_names_the_row(data_copy):
    path = data_copy / "statuses.csv"
    path.write_text(path.read_text().replace("#D55E00", "red", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"statuses.csv, row 1 .*'colour'"):
        hpdata.status_legend("status", "en", data_copy)


def test_sort_by_urgency_groups_what_cannot_be_compared():
    table = hpdata.progress(lang="en")
    ordered = hpdata.sort_by_urgency(table)
    assert sorted(ordered["indicator"]) == sorted(table["indicator"])
    status = ordered["status"].astype(str).tolist()
    plan = ordered["plan_status"].astype(str).tolist()
    groups = [0 if s != "not_available" else (1 if p != "not_available" else 2)
              for s, p in zip(status, plan, strict=True)]  # fmt: skip
    assert groups == sorted(groups)
    judged = [s for s in status if s != "not_available"]
    urgencies = S.urgency(pd.Series(judged)).tolist()
    assert urgencies == sorted(urgencies)
    assert ordered["indicator"].iloc[0] == "domestic_revenue"  # deterioration and behind plan
    assert set(ordered["indicator"].iloc[5:9]) == {
        "exports",
        "port_cargo",
        "fdi",
        "tourist_arrivals",
    }
