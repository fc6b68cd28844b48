"""End to end over the real notebooks: ``hpdata render`` as ``make report`` runs it writes every
report in both languages (so every notebook runs through papermill with non-default parameters:
``lang="en"``, every indicator and source), self-contained, with the status table's figures."""

from __future__ import annotations

import re

import pytest
from real_reports import NOTEBOOKS, REPORTS, render_real_reports

from hpdata.report import plan, render
from hpdata.report.export import network_references

pytestmark = pytest.mark.slow

IMG = re.compile(r'<svg\b[^>]*role="img"')  # a chart, inline SVG with its alt text


@pytest.fixture(scope="module")
def reports() -> str:
    for name in plan.NOTEBOOKS:
        assert (NOTEBOOKS / f"{name}.ipynb").is_file(), f"missing notebooks/{name}.ipynb"
    return render_real_reports().stdout


def test_every_report_in_both_languages(reports: str) -> None:
    report_plan = render.make_plan(notebooks_dir=NOTEBOOKS)
    assert len(report_plan.reports) >= 2 * 3
    for report in report_plan.reports:
        assert report_plan.html_path(report).is_file(), report.name
        assert report_plan.ipynb_path(report).is_file(), report.name
    assert " 0 failed" in reports
    assert (REPORTS / "index.html").is_file()


def test_html_content(reports: str) -> None:
    for path in REPORTS.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert network_references(html) == [], path.name
        assert not re.search(r'class="[^"]*jp-InputArea-editor', html), path.name
        assert "hl-ipython3" not in html and "import hpdata" not in html, path.name
        name = path.name.removesuffix(".html")
        figures = REPORTS / "figures" / name
        charts = len(list(figures.glob("*.svg"))) if figures.is_dir() else 0
        assert len(IMG.findall(html)) >= charts, path.name  # every saved chart is embedded
        if charts:  # per chart, the SVG the page embeds and its PNG, both linked from the page
            files = [p for p in figures.iterdir() if p.name != "data.csv"]  # the page's CSV
            svgs = sorted(figures.glob("*.svg"))
            assert sorted(files) == sorted([*svgs, *(p.with_suffix(".png") for p in svgs)])
            for p in files:
                assert f'href="figures/{name}/{p.name}" download>' in html, (path.name, p.name)
    vi = (REPORTS / "overview.vi.html").read_text(encoding="utf-8")
    assert "9,65" in vi and "16" in vi  # GRDP: 9,65 % in 2023 Q1 against at least 16 %
    assert IMG.search(vi)
    en = (REPORTS / "overview.en.html").read_text(encoding="utf-8")
    assert "9.65" in en
    assert IMG.search((REPORTS / "indicator.grdp.vi.html").read_text(encoding="utf-8"))
