"""Browser tests in real headless Chromium (Debian's, driven by Playwright): every page loads
without console errors and without a request to any host but the app, charts draw their
marks, and the release selector changes the numbers. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.servers import wait_for_answer

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
        status, _ = wait_for_answer(base + "/api/v1/releases", process, "milex serve")
        assert status == 200
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


# -- the dashboard at a glance --------------------------------------------------------------------

BOXES = """figure => [...figure.querySelectorAll(SELECTOR)].map(node => {
  const box = node.getBoundingClientRect();
  return {text: node.textContent, left: box.left, right: box.right, top: box.top,
          bottom: box.bottom, fill: node.getAttribute('fill')};
})"""


def boxes(visit: Visit, figure: str, selector: str) -> list[dict[str, object]]:
    """Where each matching node of a drawn chart stands on the page."""
    handle = visit.page.locator(f'figure[data-name="milex-{figure}"]')
    found: list[dict[str, object]] = handle.evaluate(BOXES.replace("SELECTOR", repr(selector)))
    return found


def svg_text(visit: Visit, figure: str, selector: str) -> str:
    """The text of a chart's SVG nodes (inner_text is for HTML elements only)."""
    handle = visit.page.locator(f'figure[data-name="milex-{figure}"]')
    script = f"f => [...f.querySelectorAll({selector!r})].map(n => n.textContent).join(' | ')"
    return str(handle.evaluate(script))


def overlap(a: dict[str, object], b: dict[str, object], margin: float = 0.5) -> bool:
    def f(box: dict[str, object], key: str) -> float:
        return float(box[key])  # type: ignore[arg-type]

    return (
        f(a, "left") < f(b, "right") - margin
        and f(b, "left") < f(a, "right") - margin
        and f(a, "top") < f(b, "bottom") - margin
        and f(b, "top") < f(a, "bottom") - margin
    )


def drawn(visit: Visit, *names: str) -> None:
    for name in names:
        visit.page.wait_for_selector(f'figure[data-name="milex-{name}"].drawn svg', timeout=30_000)


def test_overview_map_colours_every_ally(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/")
    drawn(visit, "map", "status")
    shapes = boxes(visit, "map", ".mark-shape.role-mark path")
    assert len(shapes) >= 60  # 32 allies and their neighbours, in two panels
    fills = {str(s["fill"]).upper() for s in shapes}
    assert {"#0072B2", "#56B4E9", "#D55E00", "#FFFFFF", "#E8E8E8"} <= fills
    legend = svg_text(visit, "map", ".role-legend text")
    for band in ("below 2%", "2% to 3.5%", "3.5% or more", "none published", "not in NATO"):
        assert band in legend
    visit.screenshot("overview-map.png", full_page=False)
    assert visit.errors == []
    visit.context.close()


def test_estimates_are_drawn_lighter_and_the_legend_says_so(browser: object, server: str) -> None:
    def poland_fill(path: str) -> str:
        visit = Visit(browser, server, path)
        drawn(visit, "status")
        bars = boxes(visit, "status", ".mark-rect.role-mark path")
        legend = boxes(visit, "status", ".role-legend-symbol path")
        labels = svg_text(visit, "status", ".role-legend text")
        assert "reported" in labels and "estimate" in labels
        # The legend's two swatches differ as the bars do.
        assert len({str(s["fill"]).upper() for s in legend}) >= 2
        assert visit.errors == []
        visit.context.close()
        return str(bars[0]["fill"]).upper()  # the top bar

    estimated = poland_fill("/")  # 2026: every figure is NATO's estimate
    reported = poland_fill("/?year=2022")  # 2022 in the same edition: reported
    assert reported == "#0072B2"
    assert estimated not in (reported, "#FFFFFF")


@pytest.mark.parametrize("path", ["/", "/?year=2024&release=nato-2025-08", "/?year=2023"])
def test_labels_never_touch_a_rule_or_each_other(browser: object, server: str, path: str) -> None:
    visit = Visit(browser, server, path)
    drawn(visit, "status")
    texts = boxes(visit, "status", ".mark-text.role-mark text")
    values = [t for t in texts if re.fullmatch(r"\d+\.\d\d", str(t["text"]))]
    rule_labels = [t for t in texts if re.fullmatch(r"\d+(\.\d+)?%", str(t["text"]))]
    rules = boxes(visit, "status", ".mark-rule.role-mark line")
    bars = boxes(visit, "status", ".mark-rect.role-mark path")
    assert len(values) >= 30 and len(rule_labels) == 3 and len(rules) == 3
    for label in values:
        for rule in rules:
            assert not overlap(label, rule), (label["text"], rule)
    legend = boxes(visit, "status", ".role-legend text, .role-legend-symbol path")
    for label in rule_labels:
        assert not any(overlap(label, bar) for bar in bars), label["text"]
        assert not any(overlap(label, other) for other in rule_labels if other is not label)
        assert not any(overlap(label, item) for item in legend), label["text"]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = (
        ARTIFACTS / f"status-labels-{re.sub(r'[^a-z0-9]+', '-', path).strip('-') or 'latest'}.png"
    )
    visit.page.locator('figure[data-name="milex-status"]').screenshot(path=str(shot))
    visit.context.close()


def test_tables_sort_on_a_click_of_their_heading(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/")
    table = visit.page.locator("table[data-sortable]").first

    def column(index: int) -> list[str]:
        cells = table.locator(f"tbody tr:not(.aggregate) > :nth-child({index})")
        # Figures as shown: a true minus (U+2212) before a negative one.
        return [text.strip().replace("\u2212", "-") for text in cells.all_inner_texts()]

    table.locator("th button", has_text="change (points)").click()
    changes = [float(c) for c in column(6)]
    assert changes == sorted(changes, reverse=True)  # figures: largest first
    assert table.locator("th", has_text="change (points)").get_attribute("aria-sort") == (
        "descending"
    )
    table.locator("th button", has_text="change (points)").click()
    assert [float(c) for c in column(6)] == sorted(changes)
    table.locator("th button", has_text="country").click()
    names = column(2)
    assert names == sorted(names, key=str.casefold)
    # The totals stay below the allies whatever the order.
    last = table.locator("tbody tr").last.inner_text()
    assert "NATO Europe and Canada" in last
    visit.screenshot("overview-table-sorted.png")
    assert visit.errors == []
    visit.context.close()


def test_pathways_highlight_picks_allies_and_names_them_at_their_ends(
    browser: object, server: str
) -> None:
    visit = Visit(browser, server, "/pathways")
    drawn(visit, "pathway", "pathway_grid")

    def end_names() -> set[str]:
        texts = boxes(visit, "pathway", ".mark-text.role-mark text")
        return {str(t["text"]) for t in texts}

    assert {"United States", "Germany", "France", "Italy", "United Kingdom"} <= end_names()
    # Pick Poland: the chart is redrawn with it named, the page's URL keeps the choice.
    visit.page.locator("form.highlight input[value=POL]").check()
    visit.page.wait_for_function(
        "() => [...document.querySelectorAll('figure[data-name=milex-pathway].drawn text')]"
        ".some(t => t.textContent === 'Poland')",
        timeout=30_000,
    )
    assert "Poland" in end_names()
    assert "highlight=" in visit.page.url and "POL" in visit.page.url
    assert "Poland" in visit.page.inner_text(".highlight-status")
    # The names at the lines' ends never cover one another (nor the target's label).
    labels = [
        t
        for t in boxes(visit, "pathway", ".mark-text.role-mark text")
        if t["text"] in {*end_names()} and not str(t["text"]).isdigit()
    ]
    named = [t for t in labels if t["text"] != "" and float(str(t["left"])) > 600]
    assert len(named) >= 6
    for i, a in enumerate(named):
        for b in named[i + 1 :]:
            assert not overlap(a, b), (a["text"], b["text"])
    # At most eight: the other boxes are disabled once eight are picked (5 + Poland + 2).
    for code in ("ESP", "NOR"):
        visit.page.locator(f"form.highlight input[value={code}]").check()
    assert visit.page.locator("form.highlight input:checked").count() == 8
    assert visit.page.locator("form.highlight input:disabled").count() == 31 - 8
    assert visit.page.locator("form.highlight input[value=CAN]").is_disabled()
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.locator('figure[data-name="milex-pathway"]').screenshot(
        path=str(ARTIFACTS / "pathways-highlight.png")
    )
    # Small multiples: one small chart per ally.
    headers = boxes(visit, "pathway_grid", ".role-title-text text")  # the facets' titles
    assert len({h["text"] for h in headers}) >= 31
    visit.page.locator('figure[data-name="milex-pathway_grid"]').screenshot(
        path=str(ARTIFACTS / "pathways-small-multiples.png")
    )
    assert visit.errors == []
    hosts = {urlparse(url).netloc for url in visit.requests if url.startswith("http")}
    assert hosts == {urlparse(server).netloc}, hosts
    visit.context.close()


def test_pathways_highlight_from_the_url_survives_a_reload(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/pathways?highlight=POL,ESP&commitment=2pct")
    drawn(visit, "pathway")
    assert visit.page.locator("form.highlight input:checked").count() == 2
    names = {str(t["text"]) for t in boxes(visit, "pathway", ".mark-text.role-mark text")}
    assert {"Poland", "Spain"} <= names and "United States" not in names
    # A click on an ally's name (or line) in the chart puts it back in grey.
    name = visit.page.locator(
        'figure[data-name="milex-pathway"] .mark-text.role-mark text', has_text="Spain"
    )
    with visit.page.expect_response(lambda r: "/chart/pathway.json" in r.url):
        name.click()
    drawn(visit, "pathway")
    assert visit.page.locator("form.highlight input:checked").count() == 1
    assert not visit.page.locator("form.highlight input[value=ESP]").is_checked()
    names = {str(t["text"]) for t in boxes(visit, "pathway", ".mark-text.role-mark text")}
    assert "Poland" in names and "Spain" not in names
    assert "highlight=POL" in visit.page.url
    assert visit.errors == []
    visit.context.close()


def test_the_screenshot_tool_writes_the_readmes_image(server: str, tmp_path: Path) -> None:
    """tools/screenshots.py, as the README's image is made: from a running server."""
    tool = Path(__file__).resolve().parents[2] / "tools" / "screenshots.py"
    done = subprocess.run(
        [
            sys.executable,
            str(tool),
            "--url",
            server,
            "--output",
            str(tmp_path),
            "--shot",
            "/?release=nato-2025-08&year=2025=overview-2025.png",  # a query holds "=" too
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "overview-2025.png").is_file()
    image = tmp_path / "dashboard.png"
    header = image.read_bytes()[:24]
    assert header.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(header[16:20], "big") == 1280  # the window it was taken in
    assert int.from_bytes(header[20:24], "big") == 900
    # The one in the repository is such an image too.
    committed = Path(__file__).resolve().parents[2] / "docs" / "img" / "dashboard.png"
    assert committed.read_bytes()[16:24] == header[16:24]


def test_the_screenshot_tool_says_when_there_is_no_server(tmp_path: Path) -> None:
    tool = Path(__file__).resolve().parents[2] / "tools" / "screenshots.py"
    done = subprocess.run(
        [
            sys.executable,
            str(tool),
            "--url",
            f"http://127.0.0.1:{_free_port()}",
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 1
    assert "cannot take the screenshots from http://127.0.0.1:" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_new_commitment_keeps_the_allies_picked(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/pathways")
    drawn(visit, "pathway")
    visit.page.locator("form.highlight input[value=POL]").check()
    visit.page.wait_for_function("() => location.search.includes('POL')")
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.select_option("#commitment", "2pct")
    assert "commitment=2pct" in visit.page.url
    assert visit.page.locator("form.highlight input[value=POL]").is_checked()
    drawn(visit, "pathway")
    names = {str(t["text"]) for t in boxes(visit, "pathway", ".mark-text.role-mark text")}
    assert "Poland" in names
    assert visit.errors == []
    visit.context.close()


def test_check_table_fits_a_1280_px_window(browser: object, server: str, dw_text: str) -> None:
    """Evidence wraps and sources are footnote numbers: no sideways scroll at 1,280 px."""
    visit = Visit(browser, server, "/check")  # a 1,280 px wide window
    visit.page.fill("#check-text", dw_text)
    visit.page.fill("#check-date", "2025-04-03")
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.locator(".check-form button[type=submit]").click()
    widths = visit.page.evaluate(
        """() => {
          const table = document.querySelector('table.claims');
          const wrap = table.closest('.table-wrap');
          return {viewport: window.innerWidth, page: document.documentElement.scrollWidth,
                  table: table.scrollWidth, wrap: wrap.scrollWidth, room: wrap.clientWidth};
        }"""
    )
    assert widths["viewport"] == 1280
    assert widths["table"] <= widths["viewport"], widths
    assert widths["page"] <= widths["viewport"], widths
    assert widths["wrap"] <= widths["room"], widths  # the table does not scroll sideways
    # A footnote number leads to its source in the list under the table.
    first = visit.page.locator("table.claims td.cited a").first
    target = first.get_attribute("href") or ""
    assert re.fullmatch(r"#source-\d+", target)
    first.click()
    assert visit.page.locator(f"ol.claim-sources li{target} a[href^=http]").count() == 1
    visit.page.locator("table.claims").screenshot(path=str(ARTIFACTS / "check-table.png"))
    assert visit.errors == []
    visit.context.close()


def test_scenarios_form_shows_the_loaded_examples_values(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/scenarios")
    assert visit.page.input_value("#troops") == "0"
    visit.page.locator(".examples a", has_text="Half of US troops").click()
    visit.page.wait_for_load_state("networkidle")
    assert "example=us-drawdown-half" in visit.page.url
    shown = {
        name: visit.page.input_value(f"#{name}")
        for name in ("preset", "pass_through", "troops", "start_year", "years", "draws", "seed")
    }
    assert shown == {
        "preset": "none",
        "pass_through": "1.07",
        "troops": "40000",
        "start_year": "2027",
        "years": "5",
        "draws": "2000",
        "seed": "1",
    }
    assert "2 enablers" in visit.page.inner_text(".form-source")
    visit.page.goto(server + "/scenarios?example=eu-deal-2025-08", wait_until="networkidle")
    assert visit.page.input_value("#preset") == "eu-deal-2025-08"
    assert visit.page.input_value("#troops") == "0"
    figures = visit.page.inner_text(".scenario-result dl.figures")
    assert re.search(r"\u2212\$[\d,]+\.\d\d bn", figures), figures  # money as people write it
    assert "$-" not in figures and "$\u2212" not in figures
    visit.screenshot("scenarios-example.png")
    assert visit.errors == []
    visit.context.close()


def test_api_docs_under_the_site_header(browser: object, server: str) -> None:
    visit = Visit(browser, server, "/docs")
    visit.page.wait_for_selector("#swagger-ui .opblock", timeout=20_000)
    assert visit.page.locator("#swagger-ui .opblock").count() > 10  # every endpoint drawn
    assert visit.page.locator("header.site a.brand").is_visible()
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.locator("header.site a.brand").click()
    assert urlparse(visit.page.url).path == "/"
    assert visit.errors == []  # the site's CSP holds: no inline script refused
    visit.context.close()
