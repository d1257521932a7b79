"""Browser tests in real headless Chromium (Debian's, driven by Playwright): every page loads
without console errors and without a request to any host but the app, charts draw their
marks, and the release selector changes the numbers. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path(os.environ.get("MILEX_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
# Flags for a closed network: no background traffic to Google's services.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PAGES = ["/", "/ally/POL", "/ally/ISL", "/pathways", "/sources", "/docs"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM} (make test installs it)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(milex_home: Path) -> Iterator[str]:
    """`milex serve` on a free loopback port, against the session's store."""
    port = _free_port()
    milex = Path(sys.executable).parent / "milex"
    process = subprocess.Popen(
        [str(milex), "serve", "--port", str(port)],
        env={**os.environ, "MILEX_HOME": str(milex_home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/releases", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    _, err = process.communicate(timeout=10)
                    raise RuntimeError(f"milex serve did not start: {err.decode()}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


class Visit:
    """One page load with everything it logged and requested."""

    def __init__(self, browser: object, base: str, path: str) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.response = self.page.goto(base + path, wait_until="networkidle")
        self.context = context

    def _console(self, message: object) -> None:
        kind = message.type  # type: ignore[attr-defined]
        if kind in ("error", "warning"):
            self.errors.append(f"{kind}: {message.text}")  # type: ignore[attr-defined]

    def marks(self) -> int:
        """Drawn Vega marks (SVG paths, rects, lines and texts inside the chart views)."""
        selector = (
            ".chart-view svg .mark-rect path, .chart-view svg .mark-line path, "
            ".chart-view svg .mark-symbol path, .chart-view svg .mark-rule line"
        )
        return int(self.page.locator(selector).count())

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / name
        self.page.screenshot(path=str(target), full_page=full_page)
        return target


def _name(path: str) -> str:
    return (path.strip("/").replace("/", "-") or "overview") + ".png"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_clean_and_offline(browser: object, server: str, path: str) -> None:
    visit = Visit(browser, server, path)
    assert visit.response is not None and visit.response.status == 200
    if visit.page.locator("[data-chart]").count():
        visit.page.wait_for_selector(".chart-view svg", timeout=20_000)
    visit.screenshot(_name(path))
    if path == "/":
        visit.screenshot("overview-top.png", full_page=False)  # the README's screenshot
    assert visit.errors == []
    hosts = {urlparse(url).netloc for url in visit.requests if url.startswith("http")}
    assert hosts == {urlparse(server).netloc}, hosts
    visit.context.close()


@pytest.mark.parametrize("path", ["/", "/ally/POL", "/pathways"])
def test_charts_draw_their_marks(browser: object, server: str, path: str) -> None:
    visit = Visit(browser, server, path)
    visit.page.wait_for_selector(".chart-view svg", timeout=20_000)
    assert visit.page.locator("[data-chart]").count() >= 1
    assert visit.marks() > 10
    visit.context.close()


def test_release_selector_changes_the_numbers(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/?year=2024")
    row = visit.page.locator("tr", has_text="Poland").first
    assert "3.75" in row.inner_text()  # 2024 in the July 2026 edition
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.select_option("#release", "nato-2024-06")
    assert "release=nato-2024-06" in visit.page.url
    row = visit.page.locator("tr", has_text="Poland").first
    assert "4.12" in row.inner_text()  # the June 2024 edition's estimate
    visit.page.wait_for_selector(".chart-view svg", timeout=20_000)
    visit.screenshot("overview-nato-2024-06.png")
    assert visit.errors == []
    visit.context.close()


def test_as_of_date_picks_the_edition_of_that_day(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/")
    visit.page.fill("#as_of", "2025-04-03")
    visit.page.fill("#year-a", "2024")
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.locator("form", has=visit.page.locator("#as_of")).locator("button").click()
    assert "nato-2024-06" in visit.page.inner_text("body")
    assert "4.12" in visit.page.locator("tr", has_text="Poland").first.inner_text()
    visit.context.close()


def test_check_page_marks_the_claims(browser: object, server: str, dw_text: str) -> None:
    visit = Visit(browser, server, "/check")
    assert visit.page.locator("mark").count() == 0
    visit.page.fill("#check-text", dw_text)
    visit.page.fill("#check-date", "2025-04-03")
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.locator(".check-form button[type=submit]").click()
    marks = visit.page.locator(".check-text mark.claim")
    assert marks.count() == 13
    thirty_one = visit.page.locator("mark.claim.verdict-inaccurate", has_text="31")
    assert thirty_one.count() == 1
    assert "As of 2025-04-03: inaccurate" in (thirty_one.get_attribute("title") or "")
    # The highlight styles loaded: an inaccurate claim is not coloured like an accurate one.
    colour = "element => getComputedStyle(element).backgroundColor"
    accurate = visit.page.locator("mark.claim.verdict-accurate").first.evaluate(colour)
    assert thirty_one.evaluate(colour) not in (accurate, "rgba(0, 0, 0, 0)")
    assert visit.page.locator("table.claims tbody tr").count() == 13
    visit.screenshot("check.png")
    assert visit.errors == []
    hosts = {urlparse(url).netloc for url in visit.requests if url.startswith("http")}
    assert hosts == {urlparse(server).netloc}, hosts
    visit.context.close()


def test_scenarios_form_runs_and_draws_the_fan_chart(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/scenarios")
    assert visit.page.locator("figure.chart").count() == 0
    visit.page.fill("#troops", "40000")
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.locator(".scenario-form button[type=submit]").click()
    assert "/scenarios" in visit.page.url
    assert "40,000 US troops leave Europe" in visit.page.inner_text(".scenario-result h2")
    # The fan chart: the P5-P95 band, the median with its points, the target rule.
    visit.page.wait_for_selector(".chart-view svg .mark-area path", timeout=20_000)
    assert visit.marks() > 10
    assert visit.page.locator("table.scenario tbody tr").count() == 32  # 31 allies and TOTAL
    visit.screenshot("scenarios.png")
    assert visit.errors == []
    hosts = {urlparse(url).netloc for url in visit.requests if url.startswith("http")}
    assert hosts == {urlparse(server).netloc}, hosts
    visit.context.close()
