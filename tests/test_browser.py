"""Open the rendered reports in headless Chromium (Debian's ``chromium``, driven by Playwright):
the index and two reports load from ``file://`` with no console error and no network request.

Skipped with the reason when ``/usr/bin/chromium`` is absent, except where
``HPDATA_REQUIRE_BROWSER=1`` (set by ``.ci/run``): there a missing browser fails the test.
No browser is ever downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from real_reports import REPORTS, render_real_reports

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


def require_browser() -> None:
    """Skip (locally) or fail (``HPDATA_REQUIRE_BROWSER=1``) when Chromium or Playwright is
    missing."""
    required = os.environ.get("HPDATA_REQUIRE_BROWSER") == "1"
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} not found (Debian package 'chromium')"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:  # pragma: no cover - playwright is in the lock
            problem = "playwright is not installed"
    if problem and required:
        pytest.fail(f"browser test required (HPDATA_REQUIRE_BROWSER=1) but {problem}")
    if problem:
        pytest.skip(problem)


def test_index_and_reports_open_offline_in_chromium() -> None:
    require_browser()
    from playwright.sync_api import sync_playwright

    render_real_reports()
    index = REPORTS / "index.html"
    reports = sorted(p.name for p in REPORTS.glob("*.html") if p.name != "index.html")
    second = next(name for name in reports if name.startswith("indicator.") and ".en." in name)

    requests: list[str] = []
    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})

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

            page.goto(index.as_uri(), wait_until="load")
            assert page.title()
            assert page.locator("table.status").count() >= 1
            page.screenshot(path=str(REPORTS / "screenshot-index.png"), full_page=True)

            link = page.locator('a[href="overview.vi.html"]')
            assert link.count() == 1
            link.click()
            page.wait_for_load_state("load")
            assert page.url.endswith("/overview.vi.html")
            images_ok = page.evaluate(
                "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
            )
            assert images_ok
            page.screenshot(path=str(REPORTS / "screenshot-overview.vi.png"), full_page=True)

            page.goto((REPORTS / second).as_uri(), wait_until="load")
            assert page.evaluate("document.images.length") >= 0
            page.screenshot(path=str(REPORTS / "screenshot-report.png"), full_page=True)
        finally:
            browser.close()

    assert errors == []
    assert blocked == []
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
    assert (REPORTS / "screenshot-index.png").stat().st_size > 0
