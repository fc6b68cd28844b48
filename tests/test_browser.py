"""Open every rendered page in headless Chromium (Debian's ``chromium``, driven by Playwright) and
check what a reader gets: no console error and no network request; no sideways scroll at 390 px;
nothing clipped when printed to A4; every link resolves; the other-language switch; no period
code, path or file name in the visible text; one language per page; every chart described, its text at least 12 px at 390 px and every mark titled with its figure;
and no axe-core violation of any rule at any level, heading order included (axe-core's script
is the one bundled by the installed ``axe-playwright-python``, never fetched).

Skipped with the reason when ``/usr/bin/chromium`` is absent, except where
``HPDATA_REQUIRE_BROWSER=1`` (set by ``.ci/run``): there a missing browser fails the test.
No browser is ever downloaded.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from real_reports import NOTEBOOKS, REPORTS, render_real_reports

from hpdata import paths

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = 390
#: A4 portrait less the print stylesheet's 12 mm side margins, in CSS pixels (96 per inch).
A4_CONTENT = round((210 - 2 * 12) / 25.4 * 96)

#: Period codes and machine words a reader must never see.
CODES = re.compile(
    r"\b\d{4}-(?:Q[1-4]|H[12]|9M|M\d{2})\b|\b(?:19|20)\d{2}-(?:19|20)\d{2}\b"
    r"|data/|\.toml|\.csv|raw/",
    re.I,
)
VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VI_LETTER = re.compile(f"[{VIETNAMESE}{VIETNAMESE.upper()}]")
BAD_ALT = {"", "no description has been provided for this image"}

#: Run in the page: the visible text nodes with the language of their closest ``[lang]`` and
#: whether they quote a source (a ``<q>`` or the source's text, left as written).
TEXT_NODES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || el.closest('script,style,title,desc')) continue;
    if (!el.getClientRects().length) continue;
    const scope = el.closest('[lang]');
    const quoted = !!el.closest('q, .source-text');  // the sources' own words, as written
    out.push([n.textContent, scope ? scope.getAttribute('lang') : '', quoted]);
  }
  return out;
}"""
#: Run in the page: whatever sticks out to the right of the page (print width), or scrolls.
CLIPPED = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  for (const el of document.querySelectorAll('table, img, svg, figure, pre, .table-wrap')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 || el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'svg')
      bad.push(el.tagName + ' ' + Math.round(r.right) + '/' + width + ' ' + el.className);
  }
  if (document.documentElement.scrollWidth > width + 1) bad.push('page ' + width);
  return bad;
}"""
IMAGES = """() => [
  ...Array.from(document.images).map(i => ['img', i.getAttribute('alt') || '']),
  ...Array.from(document.querySelectorAll('svg')).filter(s => !s.parentElement.closest('svg'))
    .map(s => ['svg', s.getAttribute('aria-label') || (s.querySelector('title') || {}).textContent
      || ''])]"""


def require_browser() -> None:
    """Skip (locally) or fail (``HPDATA_REQUIRE_BROWSER=1``) when Chromium or Playwright is
    missing."""
    required = os.environ.get("HPDATA_REQUIRE_BROWSER") == "1"
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} not found (Debian package 'chromium')"
    else:
        try:
            import axe_playwright_python  # noqa: F401
            import playwright.sync_api  # noqa: F401
        except ImportError as error:  # pragma: no cover - both are in the lock
            problem = f"{error.name} is not installed"
    if problem and required:
        pytest.fail(f"browser test required (HPDATA_REQUIRE_BROWSER=1) but {problem}")
    if problem:
        pytest.skip(problem)


def english_labels() -> list[re.Pattern[str]]:
    """The English words of ``labels.csv`` that differ from the Vietnamese (whole words, four
    letters or more, template fields cut out), as patterns to look for on Vietnamese pages."""
    with (paths.DEFAULT_DATA_DIR / "labels.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    found = set()
    for row in rows:
        if row["en"] == row["vi"]:
            continue
        for part in re.split(r"\{[^}]*\}", row["en"]):
            part = part.strip(" ,.:;()×÷=−-")
            if len(part) >= 4 and re.search("[a-z]{3}", part) and part not in row["vi"]:
                found.add(part)
    return [re.compile(rf"(?<![\w]){re.escape(p)}(?![\w])") for p in sorted(found)]


def link_problems(
    page_path: Path, hrefs: list[str], ids: set[str], root: Path = REPORTS
) -> list[str]:
    """Every link that does not resolve: a relative file outside ``reports/`` or missing, or an
    anchor missing on its page. Absolute URLs count as problems (the folder must stand alone),
    but a ``data:`` link (a download the page carries) resolves by itself."""
    bad = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme == "data" and "," in href:
            continue
        if parts.scheme or parts.netloc:
            bad.append(href)
            continue
        target = page_path if not parts.path else (page_path.parent / unquote(parts.path))
        try:
            target.resolve().relative_to(root.resolve())
        except ValueError:
            bad.append(href)
            continue
        if not target.is_file():
            bad.append(href)
        elif parts.fragment:
            anchors = ids if target == page_path else _ids(target)
            if parts.fragment not in anchors:
                bad.append(href)
    return bad


def _ids(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


def page_lang(name: str) -> str:
    """``index.html`` and ``method.html`` are Vietnamese; other pages end in their language."""
    return "en" if name.endswith(".en.html") else "vi"


def trajectory_problems(page, lang: str) -> list[str]:
    """An indicator page draws its trajectory: an inline chart titled with the trajectory's
    title, with at least one drawn point or line (a target line, a band or a result)."""
    from hpdata.i18n import text

    title = text("trajectory_title", lang)
    charts = page.evaluate(
        """title => Array.from(document.querySelectorAll('svg[role="img"]'))
        .filter(s => (s.getAttribute('aria-label') || '').includes(title))
        .map(s => s.querySelectorAll('.hc-target, .hc-result, .hc-estimate, .hc-revised')
            .length)""",
        title,
    )
    if not charts:
        return [f"no trajectory chart titled {title!r}"]
    return [] if max(charts) > 0 else ["the trajectory chart draws nothing"]


#: Run in an indicator page: the bottom of its status word and of its deciding figure, and the top
#: of its first chart, in CSS pixels from the top of the page.
POSITIONS = """() => {
  const at = (sel, edge) => { const e = document.querySelector(sel);
    return e ? Math.round(e.getBoundingClientRect()[edge] + window.scrollY) : null; };
  return {status: at('.verdict-status', 'bottom'), figure: at('.verdict-figure', 'bottom'),
          chart: at('svg[role="img"]', 'top')};
}"""
#: Within how many CSS pixels of the top, at 390 px, an indicator page shows its verdict (status
#: word and deciding figure) and its first chart.
VERDICT_BY, CHART_BY = 400, 1000


def position_problems(page) -> list[str]:
    """An indicator page answers first: its status word and deciding figure end within the first
    :data:`VERDICT_BY` px, its first chart starts within the first :data:`CHART_BY` px."""
    at = page.evaluate(POSITIONS)
    problems = []
    for part in ("status", "figure"):
        if at[part] is None or at[part] > VERDICT_BY:
            problems.append(f"verdict {part} at {at[part]} px, not within {VERDICT_BY} px")
    if at["chart"] is None or at["chart"] > CHART_BY:
        problems.append(f"first chart at {at['chart']} px, not within {CHART_BY} px")
    return problems


#: Run in the page: per chart, its smallest text in CSS pixels as drawn (font size times the
#: drawn width over the viewBox width) and the marks (bars, ticks, diamonds, points, lines,
#: bands; not legend swatches) whose ``<title>`` is missing or holds no figure.
CHARTS = r"""() => Array.from(document.querySelectorAll('svg.hpdata-chart')).map(s => {
  const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
  const sizes = Array.from(s.querySelectorAll('text'))
    .map(t => parseFloat(t.getAttribute('font-size')) * scale);
  const marks = s.querySelectorAll(
    'rect[class^="hc-"], circle[class^="hc-"], polygon[class^="hc-"], line[class^="hc-"]');
  const untitled = Array.from(marks).filter(m => !m.matches('.hc-legend-swatch'))
    .filter(m => { const t = m.querySelector(':scope > title');
                   return !t || !/\d/.test(t.textContent); })
    .map(m => m.getAttribute('class'));
  return {label: (s.getAttribute('aria-label') || '').slice(0, 50),
          smallest: sizes.length ? Math.min(...sizes) : null, untitled};
})"""
#: The smallest chart text a phone reader gets, in CSS pixels at 390 px.
CHART_TEXT_PX = 12


def chart_problems(page) -> list[str]:
    """Every chart's text is at least :data:`CHART_TEXT_PX` at the current width, and every mark
    has a ``<title>`` with its figure (a pointer shows it, with no script)."""
    problems = []
    for chart in page.evaluate(CHARTS):
        if chart["smallest"] is not None and chart["smallest"] < CHART_TEXT_PX - 0.05:
            problems.append(f"chart text {chart['smallest']:.1f} px in {chart['label']!r}")
        if chart["untitled"]:
            problems.append(f"marks without a title {sorted(set(chart['untitled']))}")
    return problems


#: Programmer notation a reader must never see: an exponent caret, ``**``, comparison operators
#: of code, snake_case words (an id, a column name), ``NaN``/``null`` (English "None" is a word).
NOTATION = re.compile(r"\^|\*\*|!=|==|\b[a-z]+_[a-z0-9_]+\b|\b(?:NaN|nan|null|undefined)\b")
#: Run in the page: the header cells of a row-number column (``#``, ``No.``, ``STT``).
ROW_NUMBERS = """() => Array.from(document.querySelectorAll('th'))
  .map(th => th.textContent.trim()).filter(t => ['#', 'No.', 'STT', 'TT'].includes(t))"""


def indicator_ids(data_dir: Path | None = None) -> re.Pattern[str]:
    """The indicator ids of a dataset a reader could mistake for words on a page, as one pattern
    (case-sensitive): every id with an underscore, and the acronyms (``grdp``, ``fdi``)."""
    path = (data_dir or paths.DEFAULT_DATA_DIR) / "indicators.csv"
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    ids = [r["indicator"] for r in rows
           if "_" in r["indicator"] or r["indicator"].upper() in r.get("name_en", "")]  # fmt: skip
    return re.compile(r"(?<![\w.-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w.-])")


def reader_problems(visible: str, ids: re.Pattern[str]) -> list[str]:
    """Words for programmers in a page's visible text (quotes left out): indicator ids and
    programmer notation."""
    problems = [f"indicator id visible: {m.group(0)!r}" for m in ids.finditer(visible)]
    problems += [f"programmer notation: {m.group(0)!r}" for m in NOTATION.finditer(visible)]
    return problems


def check_page(
    page,
    axe,
    path: Path,
    labels: list[re.Pattern[str]],
    root: Path = REPORTS,
    ids: re.Pattern[str] | None = None,
) -> list[str]:
    """Every check of the issue on one page (of the site in ``root``, whose indicator ids are
    ``ids``: the project's by default), loaded at phone width; the problems found. The answer
    and the first chart are placed as a reader finds them (every section closed), the rest is
    checked with every section open."""
    problems: list[str] = []
    id_words = ids or indicator_ids()
    lang = page_lang(path.name)
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(path.as_uri(), wait_until="load")
    if page.evaluate("document.documentElement.lang") != lang:
        problems.append(f"<html lang> is not {lang}")
    if page.evaluate("document.documentElement.scrollWidth") > PHONE:
        problems.append(f"scrolls sideways at {PHONE} px")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    problems += [f"broken link {h}" for h in link_problems(path, hrefs, ids, root)]
    switch = page.locator(f'a.lang-switch[hreflang="{"vi" if lang == "en" else "en"}"]')
    if switch.count() != 1:
        problems.append("no switch to the other language")
    if path.name.startswith("indicator."):
        problems += position_problems(page)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    nodes = page.evaluate(TEXT_NODES)
    visible = "\n".join(t for t, _, quoted in nodes if not quoted)
    problems += [f"code or path visible: {m.group(0)!r}" for m in CODES.finditer(visible)]
    problems += reader_problems(visible, id_words)
    problems += [f"row-number column {h!r}" for h in page.evaluate(ROW_NUMBERS)]
    for text, scope, _ in nodes:
        if lang == "en" and not scope.startswith("vi") and VI_LETTER.search(text):
            problems.append(f"Vietnamese outside lang=vi: {text.strip()[:60]!r}")
        if lang == "vi" and not scope.startswith("en"):
            problems += [
                f"English label: {p.pattern[9:-8]!r} in {text.strip()[:60]!r}"
                for p in labels
                if p.search(text)
            ]
    for kind, alt in page.evaluate(IMAGES):
        if alt.strip().lower() in BAD_ALT:
            problems.append(f"{kind} without a meaningful alt or title")
    if path.name.startswith("indicator."):
        problems += trajectory_problems(page, lang)
    problems += chart_problems(page)
    violations = axe.run(page).response["violations"]  # every rule, every impact
    problems += [f"axe {v['impact']}: {v['id']} ({len(v['nodes'])} nodes)" for v in violations]
    page.set_viewport_size({"width": A4_CONTENT, "height": 1100})
    page.emulate_media(media="print")
    problems += [f"clipped in print: {c}" for c in page.evaluate(CLIPPED)]
    page.emulate_media(media="screen")
    return problems


#: A page's size at most, in bytes; an overview printed on A4 at most so many pages.
PAGE_BYTES, OVERVIEW_A4_PAGES = 90_000, 4


def file_problems(pages: list[Path]) -> list[str]:
    """Every page is light and reads with no script: under :data:`PAGE_BYTES`, no ``<script>``."""
    problems = []
    for path in pages:
        body = path.read_bytes()
        if len(body) >= PAGE_BYTES:
            problems.append(f"{path.name}: {len(body)} bytes")
        if b"<script" in body.lower():
            problems.append(f"{path.name}: a script")
    return problems


def printed_pages(page, path: Path) -> int:
    """How many A4 pages ``path`` prints on (Chromium's print to PDF, read with pypdf)."""
    import io

    from pypdf import PdfReader

    page.goto(path.as_uri(), wait_until="load")
    return len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)


def check_site(root: Path, pages: list[Path], ids: re.Pattern[str]) -> dict[str, list[str]]:
    """:func:`check_page` on each of ``pages`` of the site in ``root``, in one browser that
    refuses (and records) any request but ``file:``/``data:``; also the English overview's
    printed length. Returns the problems by page name (``"requests"``, ``"console"`` too)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    labels, axe = english_labels(), Axe()
    requests: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []
    found: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": PHONE, "height": 800})

            def route(r):  # anything but file:// and data: is recorded and refused
                if r.request.url.startswith(("file://", "data:")):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("request", lambda req: requests.append(req.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            for path in pages:
                problems = check_page(page, axe, path, labels, root, ids)
                if problems:
                    found[path.name] = problems
            overview = root / "overview.en.html"
            if overview.is_file() and (n := printed_pages(page, overview)) > OVERVIEW_A4_PAGES:
                found["overview.en.html (A4)"] = [f"prints on {n} A4 pages"]
        finally:
            browser.close()
    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    for key, items in (("requests", blocked + outside), ("console", errors)):
        if items:
            found[key] = items
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}: {'; '.join(p[:6])}" for name, p in found.items())


def test_every_page_reads_well_in_chromium() -> None:
    require_browser()
    render_real_reports()
    pages = sorted(REPORTS.glob("*.html"))
    names = {p.name for p in pages}
    assert {"index.html", "index.en.html", "method.html", "method.en.html"} <= names
    assert len(pages) >= 46  # 42 reports (plan verdict, quality), two index, two method pages
    assert {"plan.hp-2019-07-11-nq45.vi.html", "plan.hp-2019-07-11-nq45.en.html"} <= names
    assert file_problems(pages) == []
    found = check_site(REPORTS, pages, indicator_ids())
    assert not found, report(found)


def test_a_many_article_dataset_reads_well_in_chromium(tmp_path: Path) -> None:
    """The same checks on the plans fixture (tests/plans_data.py: 15 articles of our own over
    2020-2026 on top of the project's two, four plans): the site's own pages, the overviews, the
    plan pages and every indicator page in English; in Vietnamese the indicators with the longest
    series, and two source pages (each page of a kind is one template: the browser's time goes
    where the data differ)."""
    import subprocess
    import sys

    import plans_data

    require_browser()
    data, out = plans_data.build(tmp_path / "data"), tmp_path / "out"
    assert len(list((data / "raw").glob("*"))) >= 17
    command = [sys.executable, "-m", "hpdata", "render", "--data-dir", str(data),
               "--out", str(out), "--notebooks", str(NOTEBOOKS)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    every = sorted(out.glob("*.html"))
    assert file_problems(every) == []
    longest = {f"indicator.{i}.vi.html" for i in ("grdp", "budget_revenue", "exports", "iip")}
    chosen = [p for p in every if p.name.split(".")[0] in ("index", "method", "overview", "plan")
              or p.name in longest or (p.name.startswith("indicator.") and ".en." in p.name)]  # fmt: skip
    chosen += [out / "quality.en.html", *[p for p in every if p.name.startswith("sources.")][-2:]]
    found = check_site(out, chosen, indicator_ids(data))
    assert not found, report(found)


def test_the_link_check_and_the_code_pattern_catch_what_they_should(tmp_path: Path) -> None:
    """The helpers of the browser test fail on what they are meant to catch."""
    page = tmp_path / "index.html"
    page.write_text('<p id="here">x</p>', encoding="utf-8")
    (tmp_path / "other.html").write_text('<p id="there">y</p>', encoding="utf-8")
    (tmp_path.parent / "outside.html").write_text("z", encoding="utf-8")

    def bad(*hrefs: str) -> list[str]:
        return link_problems(page, list(hrefs), {"here"}, tmp_path)

    assert bad("https://example.org/x", "#nowhere", "../outside.html", "gone.html") == [
        "https://example.org/x", "#nowhere", "../outside.html", "gone.html",
    ]  # fmt: skip
    assert bad("other.html#nope") == ["other.html#nope"]
    assert bad("#here", "other.html", "other.html#there", "data:text/csv;base64,YSxi") == []
    assert bad("data:text/csv") == ["data:text/csv"]  # no payload: nothing to download
    for seen in ("2023-Q1", "2019-2025", "2023-9M", "data/x", "a.toml", "a.csv", "raw/1"):
        assert CODES.search(seen), seen
    for fine in ("2019–2025", "quý 1/2023", "Q1 2023", "(CSV)"):
        assert not CODES.search(fine), fine
    assert VI_LETTER.search("Hải Phòng") and not VI_LETTER.search("Hai Phong")
    patterns = english_labels()
    assert any(p.search("Progress towards the targets") for p in patterns)
    assert not any(p.search("Tiến độ thực hiện mục tiêu") for p in patterns)
