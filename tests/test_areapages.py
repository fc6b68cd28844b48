"""Pages of several areas (issue 16 item 5): each area's own pages, a comparison page per
indicator and the index's areas × indicators table, on our own articles about three provinces
(Hải Dương's of 2024, before it merged into Hải Phòng; see ``tests/areas_data.py``)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from areas_data import AREAS, INDICATORS, add_extra, build

from hpdata import paths
from hpdata.errors import ParameterError
from hpdata.i18n import text
from hpdata.report import areapages, pages, plan

LANGS = ("vi", "en")


def test_one_area_keeps_the_page_names() -> None:
    names = [r.name for r in plan.all_reports(paths.DEFAULT_DATA_DIR, LANGS)]
    assert {"overview.vi", "indicator.grdp.en", "sources.hp-2023-04-27-q1.vi"} <= set(names)
    assert not [n for n in names if n.startswith("compare.") or "hai-phong" in n]
    assert text("index_title", "en") == "Is Hai Phong on track for its targets?"
    assert text("city", "vi") == "Hải Phòng"


def test_several_areas_name_their_pages_with_the_area(tmp_path: Path) -> None:
    data = build(tmp_path / "data")
    reports = {r.name: r for r in plan.all_reports(data, LANGS)}
    for lang in LANGS:
        for area in AREAS:
            assert f"overview.{area}.{lang}" in reports
            assert all(f"indicator.{i}.{area}.{lang}" in reports for i in INDICATORS)
        assert all(f"compare.{i}.{lang}" in reports for i in INDICATORS)
    assert reports["sources.ar-hd-2024-07-05-h1.vi"].parameters["area"] == "hai-duong"
    qn = reports["indicator.grdp.quang-ninh.vi"].scope
    assert qn.rows == (("indicator", "grdp"), ("area", "quang-ninh"))
    assert qn.periods == (("area", "quang-ninh"),)
    assert reports["compare.grdp.en"].scope.rows == (("indicator", "grdp"),)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_an_area_copy_holds_only_that_area(tmp_path: Path) -> None:
    data = build(tmp_path / "data")
    folder = tmp_path / "copy"
    folder.mkdir()
    areapages.write_area_copy(data, "hai-duong", folder)
    assert {r["area"] for r in _rows(folder / "sources.csv")} == {"hai-duong"}
    assert {r["area"] for r in _rows(folder / "observations.csv")} == {"hai-duong"}
    assert len(_rows(folder / "observations.csv")) == 6
    assert sorted(p.name for p in (folder / "raw").iterdir()) == ["ar-hd-2024-07-05-h1.txt"]
    assert text("city", "en", folder) == "Hai Duong"
    assert text("site_name", "en", folder) == "Provinces: targets and results"
    with pytest.raises(ParameterError, match="'nghe-an' has no source"):
        areapages.write_area_copy(data, "nghe-an", tmp_path)


def test_use_area_points_reads_and_links_at_the_area(tmp_path, monkeypatch) -> None:
    data = build(tmp_path / "data")
    monkeypatch.setenv(paths.ENV_VAR, str(data))
    monkeypatch.setenv(pages.AREA_ENV, "")
    folder = areapages.use_area("quang-ninh")
    assert folder is not None and paths.data_dir() == folder
    assert pages.href("indicator", "vi", "grdp") == "indicator.grdp.quang-ninh.vi.html"
    assert pages.href("overview", "en") == "overview.quang-ninh.en.html"
    assert pages.href("sources", "en", "x") == "sources.x.en.html"
    assert areapages.use_area("quang-ninh") == folder  # one copy per data state
    assert areapages.use_area("") is None
    assert pages.href("overview", "en") == "overview.en.html"


def test_the_comparison_sorts_each_area_against_its_own_target(tmp_path: Path) -> None:
    from hpdata.report import compare

    data = build(tmp_path / "data")
    table = compare.comparison_table("budget_revenue", "en", data)
    # shares worked by hand: 27.9/52 = 53.7 %, 10.4/19.5 = 53.3 %, 61.2/118 = 51.9 %
    assert list(table.index) == ["quang-ninh", "hai-duong", "hai-phong"]
    assert list(table["Share of target"]) == ["53.7%", "53.3%", "51.9%"]
    assert "Merged into Hai Phong on 1 July 2025" in table.loc["hai-duong", "Caveat"]
    assert "Merged" not in table.loc["hai-phong", "Caveat"]
    grdp = compare.comparison_table("grdp", "vi", data)
    assert grdp.loc["hai-phong", "Mục tiêu"].startswith("12%")  # the year's, not 2019-2025's
    assert "1/7/2025" in grdp.loc["hai-duong", "Lưu ý"]


def _render(data: Path, out: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "hpdata", "render", "--data-dir", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=paths.PROJECT_ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("areas")
    data, out = build(base / "data"), base / "out"
    _render(data, out)
    return data, out


@pytest.mark.slow
def test_every_area_and_indicator_has_its_pages(site) -> None:
    _, out = site
    names = {p.name for p in out.glob("*.html")}
    for lang in LANGS:
        for area in AREAS:
            assert f"overview.{area}.{lang}.html" in names
            assert {f"indicator.{i}.{area}.{lang}.html" for i in INDICATORS} <= names
        assert {f"compare.{i}.{lang}.html" for i in INDICATORS} <= names
    index = (out / "index.en.html").read_text(encoding="utf-8")
    assert "<title>Are the provinces on track for their targets?</title>" in index
    assert all(f'href="overview.{a}.en.html"' in index for a in AREAS)
    assert all(f'href="compare.{i}.en.html"' in index for i in INDICATORS)
    assert "Hai Phong: targets" not in index
    page = (out / "compare.budget_revenue.vi.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="([a-z-]+)"', page)
    assert rows == ["quang-ninh", "hai-duong", "hai-phong"]
    qn = (out / "overview.quang-ninh.en.html").read_text(encoding="utf-8")
    assert "<title>Quang Ninh: targets" in qn
    assert 'href="indicator.grdp.quang-ninh.en.html"' in qn


@pytest.mark.slow
def test_area_pages_read_well_in_chromium(site) -> None:
    from test_browser import ARGS, CHROMIUM, check_page, english_labels, require_browser

    require_browser()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    _, out = site
    chosen = ["index.html", "index.en.html", "compare.grdp.vi.html", "compare.fdi.en.html"]
    chosen += [f"overview.{a}.{lang}.html" for a in AREAS for lang in LANGS]
    chosen += ["indicator.grdp.hai-duong.vi.html", "indicator.budget_revenue.quang-ninh.en.html"]
    chosen += ["sources.ar-qn-2025-07-10-h1.vi.html", "sources.ar-hd-2024-07-05-h1.en.html"]
    found = {}
    labels = english_labels()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page()
            for name in chosen:
                problems = check_page(page, Axe(), out / name, labels, root=out)
                if problems:
                    found[name] = problems
        finally:
            browser.close()
    assert not found, found


@pytest.mark.slow
def test_one_more_article_re_renders_only_its_area(site) -> None:
    data, out = site
    store = out / ".cache" / "derived"
    stored = {p.name for p in store.glob("*.json")}
    add_extra(data)
    said = _render(data, out)
    # the other areas' progress tables are read back from the store (same names), Quảng Ninh's
    # computed anew; what no page used any more is pruned
    now = {p.name for p in store.glob("*.json")}
    assert len(stored & now) >= 2 * len(LANGS) and now - stored and len(now) == len(stored)
    rendered = set(re.findall(r"\] rendered (\S+) ", said))
    expected = {f"overview.quang-ninh.{lang}" for lang in LANGS}
    expected |= {f"indicator.{i}.quang-ninh.{lang}" for i in INDICATORS for lang in LANGS}
    expected |= {f"sources.ar-qn-2025-10-09-9m.{lang}" for lang in LANGS}
    # the area's latest period moved, so each comparison page may change
    expected |= {f"compare.{i}.{lang}" for i in INDICATORS for lang in LANGS}
    # and the verdict page of the area's one plan (it reads the area's data)
    expected |= {f"plan.ar-qn-2025-07-10-h1.{lang}" for lang in LANGS}
    expected |= {f"quality.{lang}" for lang in LANGS}  # every source's extracted rows
    assert rendered == expected
    assert "52 reports: 20 rendered, 32 cached, 0 failed" in said
    # A revised figure of one indicator for a period already known (Hải Dương's budget of
    # 2024-H1, a later source): that area's pages (its plan's verdict too), the new source's,
    # the budget's comparison pages and the index; every other page kept, and said so.
    manifest = out / ".cache" / "manifest.json"
    index_key = json.loads(manifest.read_text(encoding="utf-8"))["index"]["key"]
    add_extra(data, "revision")
    said = _render(data, out)
    rendered = set(re.findall(r"\] rendered (\S+) ", said))
    expected = {f"overview.hai-duong.{lang}" for lang in LANGS}
    expected |= {f"indicator.{i}.hai-duong.{lang}" for i in INDICATORS for lang in LANGS}
    expected |= {f"sources.ar-hd-2024-07-20-ns.{lang}" for lang in LANGS}
    expected |= {f"plan.ar-hd-2024-07-05-h1.{lang}" for lang in LANGS}
    expected |= {f"compare.budget_revenue.{lang}" for lang in LANGS}
    expected |= {f"quality.{lang}" for lang in LANGS}
    assert rendered == expected
    assert "54 reports: 16 rendered, 38 cached, 0 failed" in said
    assert json.loads(manifest.read_text(encoding="utf-8"))["index"]["key"] != index_key
