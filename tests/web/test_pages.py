"""The dashboard pages: what each shows, its JSON twin, its charts and CSVs, its errors as HTML
pages, and that nothing on a page comes from another host or runs inline."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from milex.web.app import Settings, create_app

PAGES = ["/", "/ally/POL", "/ally/ESP", "/ally/ISL", "/pathways", "/sources"]
CHART_PAGES = ["/", "/ally/POL", "/pathways", "/pathways?commitment=2pct&shape=front-loaded"]


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def html(client: TestClient, url: str, status: int = 200) -> str:
    """The HTML of a page, checked for its status and type."""
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def twin(client: TestClient, url: str) -> dict[str, Any]:
    """The JSON twin of a page: the same URL with format=json."""
    response = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["ok"] is True
    return body


def share_cell(page: str, iso3: str) -> str:
    """The share of GDP shown in a country's row of the status table."""
    found = re.search(
        rf'href="/ally/{iso3}">[^<]+</a></th>\s*<td class="num"[^>]*>([^<]+)</td>', page
    )
    assert found, f"no row for {iso3}"
    return found.group(1)


def chart_urls(page: str) -> list[str]:
    return re.findall(r'data-chart="([^"]+)"', page.replace("&amp;", "&"))


def csv_urls(page: str) -> list[str]:
    return re.findall(r'<a href="(/data/[^"]+\.csv[^"]*)" download>', page.replace("&amp;", "&"))


# -- Overview -----------------------------------------------------------------------------------


def test_overview_shows_the_latest_edition(client: TestClient) -> None:
    page = html(client, "/")
    assert "Who meets what" in page
    assert share_cell(page, "POL") == "4.68"
    assert "Defence expenditure as % of GDP, 2026 — nato-2026-07" in page
    assert "Source: NATO, nato-2026-07, Table 3" in page  # the table's notes
    assert "no armed forces" in page
    assert '<option value="nato-2026-07" selected>' in page
    assert 'data-chart="/chart/status.json?year=2026&amp;release=nato-2026-07"' in page


@pytest.mark.parametrize(
    ("url", "share", "release"),
    [
        ("/?release=nato-2025-08&year=2024", "3.79", "nato-2025-08"),
        ("/?as_of=2025-04-03&year=2024", "4.12", "nato-2024-06"),
        ("/?release=nato-2024-06&year=2024", "4.12", "nato-2024-06"),
        ("/?release=&year=2024&as_of=", "3.75", "nato-2026-07"),  # blank fields of the form
    ],
)
def test_the_numbers_change_with_the_release(
    client: TestClient, url: str, share: str, release: str
) -> None:
    page = html(client, url)
    assert share_cell(page, "POL") == share
    assert f'<option value="{release}" selected>' in page
    assert f"2024 — {release}" in page
    assert twin(client, url)["release"] == release


def test_overview_twin_carries_the_status_table(client: TestClient) -> None:
    body = twin(client, "/?release=nato-2025-08&year=2024")
    status = body["status"]
    assert {"title", "columns", "rows", "notes"} <= set(status)
    poland = next(r for r in status["rows"] if r["iso3"] == "POL")
    assert poland["share_gdp"] == 3.79
    assert "18 of 31" in status["title"]
    assert body["thresholds"] == [2.0, 3.5, 5.0]
    assert [r["release"] for r in body["releases"]["rows"]] == [
        "nato-2024-06",
        "nato-2025-08",
        "nato-2026-07",
    ]
    assert [c["name"] for c in body["charts"]] == ["map", "status"]
    assert body["charts"][1]["csv"].startswith("/data/status.csv?")


def test_overview_words_the_two_kinds_of_missing(client: TestClient) -> None:
    page = html(client, "/?release=nato-2025-08&year=2025")
    assert "19 of 19 allies with a figure in milex&#39;s copy at or above 2%; 12 not held" in page
    assert "NATO published no 2025 figure for DEU (Germany&#39;s 2025 budget was pending" in page
    assert "11 allies&#39; 2025 figures in nato-2025-08 are not in milex&#39;s copy" in page


# -- Ally -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["POL", "Poland", "poland", "PL", "Polish"])
def test_ally_page_answers_to_any_name(client: TestClient, name: str) -> None:
    page = html(client, f"/ally/{name}")
    assert "<h1>Poland" in page
    assert 'data-chart="/chart/history.json?country=POL"' in page


def test_ally_page_shows_history_revisions_gap_and_pathway(client: TestClient) -> None:
    page = html(client, "/ally/ESP")
    assert "Share of GDP since 1949: NATO and SIPRI" in page
    assert "Revisions of share_gdp: nato-2024-06 -&gt; nato-2025-08" in page
    assert "Revisions of share_gdp: nato-2025-08 -&gt; nato-2026-07" in page
    assert "Gap to The Hague" in page
    assert "1.50 points</strong> short of 3.50%" in page
    assert "<dt>Gap, 2021 US dollars</dt><dd>$25.99 bn</dd>" in page  # NATO's constant dollars
    assert "<dt>Spending now (NATO Table 2)</dt><dd>$41.77 bn</dd>" in page
    assert '<span class="badge stretched">stretched</span>' in page
    assert "8.64% real growth a year" in page
    assert "stated position: Spain says 2.1% of GDP is enough" in page  # the evidence list
    assert "/chart/pathway.json?country=ESP&amp;commitment=hague-core&amp;shape=linear" in page


def test_ally_already_above_the_target(client: TestClient) -> None:
    page = html(client, "/ally/POL")
    assert "meets it</span>" in page
    assert "already spends 4.68% of GDP" in page
    assert '<span class="badge on-track">on-track</span>' in page


def test_ally_twin(client: TestClient) -> None:
    body = twin(client, "/ally/Spain")
    assert body["country"]["iso3"] == "ESP"
    assert body["country"]["nato_accession"] == "1982-05-30"
    assert {r["release"] for r in body["history"]["rows"]} == {"nato-2026-07", "sipri-2026"}
    assert min(r["year"] for r in body["history"]["rows"]) <= 1955
    assert len(body["revisions"]) == 2
    assert body["gap"]["row"]["gap_pp"] == pytest.approx(1.5)
    assert body["gap"]["row"]["gap_usd_bn"] > 0
    ally = body["pathway"]["allies"][0]
    assert ally["credibility"]["verdict"] == "stretched"
    assert {e["kind"] for e in ally["credibility"]["evidence"]} >= {"trend", "plans"}
    assert [c["name"] for c in body["charts"]] == ["history", "pathway"]


def test_iceland_has_no_armed_forces(client: TestClient) -> None:
    page = html(client, "/ally/Iceland")
    assert "no armed forces" in page
    assert "no NATO figure" in page
    assert "data-chart" not in page
    assert "/static/vega.js" not in page  # no chart, no chart library
    body = twin(client, "/ally/ISL")
    assert body["country"]["has_armed_forces"] is False
    assert body["gap"]["row"] is None
    assert body["pathway"] is None


def test_non_ally_shows_sipri_only(client: TestClient) -> None:
    page = html(client, "/ally/Russia")
    assert "is not a NATO ally" in page
    body = twin(client, "/ally/RUS")
    assert {r["source"] for r in body["history"]["rows"]} == {"sipri"}
    assert body["pathway"] is None
    # sipri-2026's estimate flags are unknown: "?" on the page, null in the twin.
    unknown = [r for r in body["history"]["rows"] if r["release"] == "sipri-2026"]
    assert unknown and all(r["estimate"] is None for r in unknown)
    assert 'class="flag unknown" title="unknown: the source does not say">?</td>' in page


def test_unknown_ally_is_a_404_page_with_close_matches(client: TestClient) -> None:
    page = html(client, "/ally/Germny", status=404)
    assert "unknown country: &#39;Germny&#39;" in page
    assert '<a href="/ally/DEU">Germany (DEU)</a>' in page
    assert "Traceback" not in page


def test_unknown_ally_twin_is_the_json_error(client: TestClient) -> None:
    response = client.get("/ally/Germny?format=json")
    assert response.status_code == 404
    body = response.json()
    assert body["ok"] is False
    assert body["status"] == 404
    assert "Germany (DEU)" in body["suggestions"]


def test_ally_picker_redirects_to_the_page(client: TestClient) -> None:
    response = client.get("/ally?country=the+Netherlands", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ally/NLD"
    assert "Netherlands" in html(client, "/ally?country=Dutch")
    html(client, "/ally?country=", status=400)
    html(client, "/ally?country=Atlantis", status=404)


# -- Pathways and Sources ---------------------------------------------------------------------


def test_pathways_page(client: TestClient) -> None:
    page = html(client, "/pathways")
    assert "Pathways to 2035" in page
    assert "in real terms" in page  # the alliance's doubling line
    assert "31 allies, linear, from nato-2026-07" in page
    assert re.search(r'<span class="badge (credible|on-track|stretched|implausible)">', page)
    assert '<option value="hague-core" selected>' in page


@pytest.mark.parametrize("commitment", ["hague-core", "hague-total", "2pct"])
@pytest.mark.parametrize("shape", ["linear", "constant-growth", "front-loaded"])
def test_pathways_for_every_commitment_and_shape(
    client: TestClient, commitment: str, shape: str
) -> None:
    body = twin(client, f"/pathways?commitment={commitment}&shape={shape}")
    assert body["commitment"] == commitment
    assert body["shape"] == shape
    assert body["deadline"] == 2035
    assert len(body["allies"]) == 31
    assert {a["deadline"] for a in body["allies"]} == {2035}
    assert "doubling" in body["totals"]["doubling"]
    assert [r["iso3"] for r in body["summary"]["rows"][-3:]] == ["NATO", "NATO_EU_CA", "EU_ALLIES"]
    assert body["assumptions"]["price_year"] == 2021


def test_sources_page(client: TestClient) -> None:
    page = html(client, "/sources")
    assert "Sources and licences" in page
    assert "SIPRI Military Expenditure Database" in page
    assert "attribution required" in page
    assert 'id="nato-2025-08"' in page
    assert "Natural Earth" in page and "public domain" in page  # the map's boundaries
    body = twin(client, "/sources")
    assert "sipri-2026" in {r["release"] for r in body["sources"]["rows"]}


# -- the dashboard at a glance: map, highlights, small multiples, sorted tables ----------------


def test_overview_draws_the_map_before_the_bars(client: TestClient) -> None:
    page = html(client, "/")
    urls = chart_urls(page)
    assert urls == [
        "/chart/map.json?year=2026&release=nato-2026-07",
        "/chart/status.json?year=2026&release=nato-2026-07",
    ]
    spec = client.get(urls[0]).json()
    assert len(spec["hconcat"]) == 2  # North America, Europe
    allies = {r["iso3"]: r for d in spec["datasets"].values() for r in d if "band" in r}
    assert len(allies) == 32  # every ally, Iceland too
    assert allies["POL"]["band"] == "3.5% or more"
    assert allies["SVN"]["band"] == "below 2%"
    assert allies["ISL"]["band"] == "none published"
    assert "Iceland has no armed forces" in allies["ISL"]["note"]


def test_the_map_words_the_two_kinds_of_missing(client: TestClient) -> None:
    spec = client.get("/chart/map.json?year=2025&release=nato-2025-08").json()
    allies = {r["iso3"]: r for d in spec["datasets"].values() for r in d if "band" in r}
    assert allies["DEU"]["band"] == "none published"
    assert (
        "NATO published no 2025 figure (Germany's 2025 budget was pending"
        in (allies["DEU"]["note"])
    )
    assert allies["SVN"]["band"] == "not in milex's copy"
    assert "not in milex's copy" in allies["SVN"]["note"]
    assert allies["POL"]["band"] == "3.5% or more"
    rows = list(
        csv.DictReader(io.StringIO(client.get("/data/map.csv?year=2025&release=nato-2025-08").text))
    )
    assert {r["iso3"]: r["missing"] for r in rows}["DEU"] == "not_published"


def test_overview_table_is_sortable_and_keeps_exact_values(client: TestClient) -> None:
    page = html(client, "/")
    assert '<table class="data " data-sortable>' in page
    assert '<th scope="col" class="col-rank" aria-sort="ascending">rank</th>' in page
    # A cell shows two decimals and keeps the figure to sort by.
    assert re.search(r'<td class="num" data-sort="5\.3\d*">5\.33</td>', page)
    # The unknown estimate flag stays visible as "?" (class flag unknown) where it occurs.
    russia = html(client, "/ally/RUS")
    assert 'class="flag unknown" title="unknown: the source does not say">?</td>' in russia


def test_pathways_table_is_sorted_by_the_growth_each_path_needs(client: TestClient) -> None:
    body = twin(client, "/pathways")
    rows = body["summary"]["rows"]
    allies = [r for r in rows if r["iso3"] not in ("NATO", "NATO_EU_CA", "EU_ALLIES")]
    needs = [r["required_real_growth_pct"] for r in allies]
    assert needs == sorted(needs, reverse=True)
    assert [r["iso3"] for r in rows[-3:]] == ["NATO", "NATO_EU_CA", "EU_ALLIES"]
    page = html(client, "/pathways")
    assert 'aria-sort="descending">required real growth (%/yr)</th>' in page
    assert page.index("Slovenia</a>") < page.index("Albania</a>")  # not by ISO code


def test_pathways_highlights_the_biggest_spenders_by_default(client: TestClient) -> None:
    page = html(client, "/pathways")
    body = twin(client, "/pathways")
    assert body["highlight"] == ["USA", "DEU", "GBR", "FRA", "ITA"]
    assert "Highlighted: the 5 spending most in 2035 (United States, Germany" in page
    for code in body["highlight"]:
        assert f'value="{code}" checked>' in page
    assert page.count('type="checkbox" name="highlight"') == 31  # a box per ally with a path
    spec = client.get(chart_urls(page)[0]).json()
    labels = {
        r["country"]
        for d in spec["datasets"].values()
        for r in d
        if "iso3" in r and "label_share" in r
    }
    assert labels >= {"United States", "Germany", "United Kingdom", "France", "Italy"}


@pytest.mark.parametrize(
    "query", ["highlight=POL,Spain", "highlight=POL&highlight=ESP", "highlight=esp,+Poland"]
)
def test_pathways_highlights_the_allies_asked_for(client: TestClient, query: str) -> None:
    page = html(client, f"/pathways?{query}")
    assert 'value="POL" checked>' in page and 'value="ESP" checked>' in page
    assert 'value="USA" checked>' not in page
    assert "Highlighted: Poland, Spain." in page
    spec_url = chart_urls(page)[0]
    assert "highlight=ESP%2CPOL" in spec_url
    spec = client.get(spec_url).json()
    labels = {
        r["country"]
        for d in spec["datasets"].values()
        for r in d
        if "iso3" in r and "label_share" in r
    }
    assert labels == {"Poland", "Spain"}
    # The commitment form keeps the choice.
    assert '<input type="hidden" name="highlight" value="ESP,POL">' in page


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("highlight=Iceland", 400, "Iceland has no pathway"),
        ("highlight=Atlantis", 404, "Atlantis"),
        (
            "highlight="
            + ",".join(["POL", "ESP", "ITA", "FRA", "DEU", "USA", "GBR", "CAN", "NOR"]),
            400,
            "at most 8",
        ),
    ],
)
def test_pathways_refuses_a_highlight_it_cannot_draw(
    client: TestClient, query: str, status: int, words: str
) -> None:
    assert words in html(client, f"/pathways?{query}", status=status)
    response = client.get(f"/chart/pathway.json?{query}")
    assert response.status_code == status
    assert words in response.json()["error"]


def test_pathways_small_multiples_follow_the_table(client: TestClient) -> None:
    page = html(client, "/pathways?commitment=2pct")
    urls = chart_urls(page)
    assert urls[1] == "/chart/pathway_grid.json?commitment=2pct&shape=linear"
    spec = client.get(urls[1]).json()
    body = twin(client, "/pathways?commitment=2pct")
    names = [
        r["country"]
        for r in body["summary"]["rows"]
        if r["iso3"] not in ("NATO", "NATO_EU_CA", "EU_ALLIES")
    ]
    assert spec["facet"]["sort"] == names
    verdicts = {r["verdict"] for d in spec["datasets"].values() for r in d if "verdict" in r}
    assert verdicts <= {"on-track", "credible", "stretched", "implausible"}


def test_pathways_keeps_its_backtest_and_assumptions(client: TestClient) -> None:
    page = html(client, "/pathways")
    assert "Is the realism test any good?" in page
    assert "As of 2014" in page and "As of 2019" in page
    body = twin(client, "/pathways")
    assert body["assumptions"]["price_year"] == 2021
    assert all(a["credibility"]["evidence"] for a in body["allies"])


# -- every page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_nav_footer_and_a_json_twin(client: TestClient, url: str) -> None:
    page = html(client, url)
    for text in (
        '<a href="/"',
        ">Overview</a>",
        'href="/pathways"',
        'href="/sources"',
        'action="/ally"',
    ):
        assert text in page
    assert "NATO, SIPRI Military Expenditure Database, IMF" in page
    assert twin(client, url)["page"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_carry_a_strict_csp(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    policy = headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-eval" not in policy
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("url", [*PAGES, "/ally/Germny"])
def test_pages_load_nothing_from_elsewhere_and_run_nothing_inline(
    client: TestClient, url: str
) -> None:
    page = client.get(url).text
    sources = re.findall(r"<(?:script|img|iframe)\b[^>]*\bsrc=\"([^\"]*)\"", page)
    sources += re.findall(r"<link\b[^>]*\bhref=\"([^\"]*)\"", page)
    assert sources
    for source in sources:
        assert source.startswith("/") and not source.startswith("//"), source
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S)
    assert all("src=" in attributes and not body.strip() for attributes, body in scripts)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers


# -- charts and their data ------------------------------------------------------------------------


@pytest.mark.parametrize("url", CHART_PAGES)
def test_every_chart_has_a_spec_and_a_csv(client: TestClient, url: str) -> None:
    page = html(client, url)
    specs, tables = chart_urls(page), csv_urls(page)
    assert specs
    assert len(specs) == len(tables)
    for spec_url, csv_url in zip(specs, tables, strict=True):
        response = client.get(spec_url)
        assert response.status_code == 200, response.text[:300]
        spec = response.json()
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
        assert spec.get("layer") or spec.get("hconcat") or spec.get("spec")  # layers, map, grid
        data = client.get(csv_url)
        assert data.status_code == 200
        assert data.headers["content-type"].startswith("text/csv")
        assert "attachment" in data.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(data.text)))
        assert "iso3" in rows[0]
        assert len(rows) > 1


def test_status_csv_matches_the_table(client: TestClient) -> None:
    response = client.get("/data/status.csv?year=2024&release=nato-2025-08")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    poland = next(r for r in rows if r["iso3"] == "POL")
    assert poland["share_gdp"] == "3.79"
    assert poland["release"] == "nato-2025-08"


def test_history_chart_draws_nato_next_to_sipri(client: TestClient) -> None:
    spec = client.get("/chart/history.json?country=the+US").json()
    values = [v for dataset in spec["datasets"].values() for v in dataset]
    assert {v["release"] for v in values} == {"nato-2026-07", "sipri-2026"}
    assert min(v["year"] for v in values) == 1949


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/chart/nothing.json", 404),
        ("/data/nothing.csv", 404),
        ("/chart/history.json?country=Germny", 404),
        ("/chart/history.json?country=ISL", 404),
        ("/chart/status.json?year=1990", 404),
        ("/chart/pathway.json?shape=zigzag", 400),
        ("/data/status.csv?year=abc", 400),
    ],
)
def test_chart_endpoints_answer_errors_as_json(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["ok"] is False


# -- errors on pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/?year=abc", 400, "is not a year"),
        ("/?year=1990", 404, "no nato release with share_gdp for 1990"),
        ("/?release=nato-1999-01", 404, "unknown release"),
        ("/?release=sipri-2026", 400, "is a sipri release"),
        ("/?release=nato-2025-08&as_of=2025-01-01", 400, "not both"),
        ("/?as_of=yesterday", 400, "is not a date"),
        ("/?format=xml", 400, "format"),
        ("/pathways?commitment=north-of-3", 400, "commitment"),
        ("/pathways?shape=zigzag", 400, "shape"),
    ],
)
def test_page_errors_are_html_pages(client: TestClient, url: str, status: int, words: str) -> None:
    page = html(client, url, status=status)
    assert words in page
    assert "Back to the overview" in page
    assert "Traceback" not in page


def test_page_error_twin_is_the_json_error(client: TestClient) -> None:
    response = client.get("/?year=abc&format=json")
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "year: 'abc' is not a year (e.g. 2024)",
        "status": 400,
    }


# -- static files -------------------------------------------------------------------------------


def test_vega_bundle_is_served_by_the_app(client: TestClient) -> None:
    response = client.get("/static/vega.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert "max-age=31536000" in response.headers["cache-control"]
    assert len(response.content) > 500_000
    assert "window.vegaEmbed" in response.text


def test_vega_bundle_is_gzipped_for_browsers(client: TestClient) -> None:
    response = client.get("/static/vega.js", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert int(response.headers["content-length"]) < 500_000
    assert "window.vegaEmbed" in response.text  # decoded by the client
    plain = client.get("/static/vega.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_page_script_draws_charts_without_eval(client: TestClient) -> None:
    response = client.get("/static/milex.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    script = response.text
    assert "ast: true" in script
    assert "vegaEmbed" in script
    assert "eval(" not in script
    assert "new Function" not in script
    assert client.get("/static/milex.css").status_code == 200


def test_page_references_a_versioned_bundle(client: TestClient) -> None:
    page = html(client, "/")
    assert re.search(r'<script type="module" src="/static/vega\.js\?v=[^"]+"></script>', page)
    assert '<script type="module" src="/static/milex.js"></script>' in page


def test_an_unknown_page_in_a_browser_is_the_sites_error_page(client: TestClient) -> None:
    browser = client.get("/nope", headers={"Accept": "text/html,application/xhtml+xml"})
    assert browser.status_code == 404
    assert browser.headers["content-type"].startswith("text/html")
    assert "there is no page at /nope" in browser.text
    assert "Back to the overview" in browser.text
    script = client.get("/nope")  # no Accept: the JSON error
    assert script.status_code == 404 and script.json()["ok"] is False
    api = client.get("/api/v1/nope", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json()["status"] == 404


def test_the_api_docs_carry_the_site_header(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    page = response.text
    assert '<header class="site">' in page and '<a class="brand" href="/">milex' in page
    for link in ("/", "/pathways", "/scenarios", "/check", "/sources"):
        assert f'<a href="{link}"' in page
    # Swagger UI from the package, started by a file: no inline script, the site's own CSP.
    assert '<div id="swagger-ui" class="api-docs" data-openapi="/openapi.json">' in page
    assert '<script src="/static/docs/swagger-ui-bundle.js" defer></script>' in page
    assert "<script>" not in page
    assert (
        "'unsafe-inline'"
        not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )
    assert client.get("/static/api-docs.js").status_code == 200
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
