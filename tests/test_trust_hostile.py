"""Untrusted text in every free-text field (issue 18): titles, publishers, notes, plan and
indicator names, definitions and a quote (with its source text) hold markup, event handlers,
spreadsheet formulas and 10,000 characters; the rendered pages hold no element or attribute of
theirs (only escaped text), and no CSV cell a spreadsheet would run. Text that validation
refuses (a ``javascript:`` url, a right-to-left override) is refused in one line."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hpdata import csvfile
from hpdata.cli import main

#: Hostile texts, each a prefix of a free-text cell.
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "' onmouseover='alert(3)' x='",
    '=HYPERLINK("http://evil.example/","click")',
    "</title></svg><style>body{display:none}</style>",
    '<a href="javascript:alert(4)">link</a>',
    "@SUM(1+1) -2+3 +cmd",
]
LONG = "Dài " + "x" * 10_000


def _poison_tables(data: Path, edit_csv) -> None:
    def cycle(rows, columns, offset=0):
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                text = HOSTILE[(i + j + offset) % len(HOSTILE)]
                row[column] = f"{text} {row[column]}" if row[column] else text
        return rows

    def sources_(rows):
        rows = cycle(rows, ("title", "title_en", "publisher", "publisher_en", "note", "note_vi"))
        rows[0]["title_en"] = LONG
        rows[0]["url"] = "https://example.com/?q=%22onmouseover%3Dalert(5)&x=%3Cscript%3E"
        return rows

    def indicators_(rows):
        rows = cycle(rows, ("name_vi", "name_en", "definition_vi", "definition_en"), 1)
        rows[0]["definition_en"] = LONG
        return rows

    def observations_(rows):
        rows = cycle(rows, ("note", "note_vi"), 2)
        rows[1]["note"] = LONG
        return rows

    edit_csv(data / "sources.csv", sources_)
    edit_csv(data / "indicators.csv", indicators_)
    edit_csv(data / "observations.csv", observations_)
    edit_csv(data / "plans.csv", lambda rows: cycle(rows, ("name_vi", "name_en"), 3))


def _poison_quote(data: Path, edit_csv) -> None:
    """A sentence of markup added to the first source's text, and the first figure's quote set
    to it (a quote must stay verbatim in its source), the source re-signed."""
    sentence = 'Tỷ trọng <script>alert(6)</script> "><img src=x onerror=alert(7)> đạt 6,4%'
    raw = data / "raw" / "000_0896a40e59bf8f5a.txt"
    raw.write_text(raw.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()

    def sources_(rows):
        rows[0]["sha256"] = digest
        return rows

    def observations_(rows):
        rows[0]["quote"] = sentence
        return rows

    edit_csv(data / "sources.csv", sources_)
    edit_csv(data / "observations.csv", observations_)


class Elements(HTMLParser):
    """Every element and attribute of a page, as the browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        if tag == "style":
            self.styles.append("")

    def handle_data(self, data):
        if self.tags and self.tags[-1] == "style" and self.styles:
            self.styles[-1] += data


#: How a page's CSV download begins (hpdata.report.pages.download_html: base64, so no text of
#: the data can end the attribute).
CSV_LINK = "data:text/csv;charset=utf-8;base64,"


def page_faults(html: str) -> list[str]:
    """What a page holds that only hostile text could have put there: a script, an event
    handler, a ``javascript:`` link, an image, a second stylesheet, a link off the folder."""
    parser = Elements()
    parser.feed(html)
    faults = [f"<{t}>" for t in parser.tags if t in ("script", "img", "iframe", "object", "embed")]
    faults += [f"{t} {n}=" for t, n, _ in parser.attrs if n.startswith("on")]
    faults += [
        f"{t} {n}={v[:40]}"
        for t, n, v in parser.attrs
        if n in ("href", "src", "xlink:href", "action")
        and re.match(r"\s*(javascript|data|vbscript|https?):", v, re.I)
        and not v.startswith(("https://", "http://"))  # the index's sources link out by url
        and not (t == "a" and v.startswith(CSV_LINK))  # the page's own CSV, carried in its link
    ]
    # the page's own stylesheet, then one per chart, scoped to the chart's id
    faults += [f"<style>{css[:40]}" for css in parser.styles[1:] if not css.startswith("#chart-")]
    return faults


@pytest.mark.slow
def test_hostile_text_in_every_free_text_field_stays_text(data, edit_csv, tmp_path):
    _poison_tables(data, edit_csv)
    _poison_quote(data, edit_csv)
    assert main(["validate", "--data-dir", str(data)]) == 0
    out = tmp_path / "out"
    only = "overview.*,indicator.gdp_share_national.*,indicator.grdp.*,sources.*,plan.*"
    command = [sys.executable, "-m", "hpdata", "render", "--data-dir", str(data), "--out"]
    command += [str(out), "--only", only]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(out.glob("*.html"))
    assert len(pages) >= 10
    bodies = {p.name: p.read_text(encoding="utf-8") for p in pages}
    assert {name: page_faults(body) for name, body in bodies.items()} == {p: [] for p in bodies}
    shown = "".join(bodies.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # shown as text, not dropped
    assert "alert(6)" in shown and "x" * 10_000 in shown
    for svg in out.rglob("*.svg"):
        assert page_faults(svg.read_text(encoding="utf-8")) == [], svg
    files = sorted(out.rglob("*.csv"))
    assert len(files) >= 5
    assert {str(f): csvfile.formula_cells(f.read_bytes()) for f in files} == {
        str(f): [] for f in files
    }


def test_the_page_audit_finds_what_it_looks_for():
    bad = '<p><script>x</script><img src=x onerror=y><a href="javascript:z">a</a></p>'
    assert page_faults(bad) == ["<script>", "<img>", "img onerror=", "a href=javascript:z"]
    assert page_faults("<p>&lt;script&gt; onerror=1</p>") == []


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("sources.csv", "url", "javascript:alert(1)", "column 'url'"),
        ("sources.csv", "url", "https://x.example/<script>", "column 'url'"),
        ("sources.csv", "title", "Báo cáo \u202egnp\u202c", "control character (U+202E)"),
        ("indicators.csv", "name_en", "GRDP \u2066x\u2069", "control character (U+2066)"),
        ("observations.csv", "note", "a\u202db", "control character (U+202D)"),
    ],
)
def test_text_validation_refuses_is_one_line(data, edit_csv, capsys, table, column, value, message):
    def change(rows):
        rows[0][column] = value
        return rows

    edit_csv(data / table, change)
    assert main(["validate", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and message in err[0] and f"{table}, row 1" in err[0], err
