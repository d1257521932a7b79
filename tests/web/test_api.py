"""The JSON API under /api/v1: one success case per endpoint, with real values from the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import milex
from milex import analysis
from milex.model import credibility
from milex.web.app import Settings, create_app
from milex.web.models import PathwayResponse

VERDICTS = {"on-track", "credible", "stretched", "implausible"}


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    """The app with its limits shrunk so that truncation is easy to reach."""
    app = create_app(Settings(max_rows=500, max_body_bytes=10_000))
    with TestClient(app) as test_client:
        yield test_client


def get(client: TestClient, url: str) -> dict[str, Any]:
    """The JSON body of a successful GET."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["ok"] is True
    return body


def row(body: dict[str, Any], iso3: str, **match: Any) -> dict[str, Any]:
    """The one row of a table response for a country (and any other column values)."""
    found = [
        r for r in body["rows"] if r["iso3"] == iso3 and all(r[k] == v for k, v in match.items())
    ]
    assert len(found) == 1, found
    return found[0]


def test_status_in_a_release(client: TestClient) -> None:
    body = get(client, "/api/v1/status?year=2024&release=nato-2025-08")
    assert len(body["rows"]) == 33
    assert "18 of 31" in body["title"]
    assert body["truncated"] is False
    assert set(body["rows"][0]) == set(body["columns"])
    poland = row(body, "POL")
    assert poland["share_gdp"] == 3.79
    assert poland["release"] == "nato-2025-08"
    assert poland["table"] == "Table 3"


def test_status_as_of_a_date_uses_the_release_then_published(client: TestClient) -> None:
    body = get(client, "/api/v1/status?year=2024&as_of=2025-04-03")
    poland = row(body, "POL")
    assert poland["share_gdp"] == 4.12
    assert poland["release"] == "nato-2024-06"


def test_status_equals_the_library(client: TestClient, db: milex.Milex) -> None:
    body = get(client, "/api/v1/status?year=2024&release=nato-2025-08")
    table = db.tables.status(2024, "nato-2025-08")
    assert body["rows"] == table.records()
    assert body["columns"] == table.columns
    assert body["title"] == table.title
    assert body["notes"] == list(table.notes)


def test_series_carries_release_table_and_source(client: TestClient) -> None:
    body = get(
        client, "/api/v1/series?country=POL&indicator=usd_current_million&release=nato-2026-07"
    )
    figure = row(body, "POL", year=2024)
    assert figure["value"] == 34454.0
    assert figure["release"] == "nato-2026-07"
    assert figure["table"] == "Table 2"
    assert figure["source_url"].startswith("https://www.nato.int/")
    assert figure["unit"] == "million US dollars"


def test_a_long_table_comes_a_page_at_a_time(client: TestClient) -> None:
    body = get(client, "/api/v1/series")
    assert body["truncated"] is True
    assert len(body["rows"]) == 500  # the page size, at most the app's max_rows (500 here)
    assert (body["page"], body["pages"]) == (1, -(-body["total_rows"] // 500))
    assert body["next"].endswith("/api/v1/series?page=2")
    second = get(client, body["next"].split("testserver", 1)[1])
    assert second["page"] == 2 and second["rows"][0] != body["rows"][0]
    last = get(client, f"/api/v1/series?page={body['pages']}")
    assert last["next"] is None and last["truncated"] is False
    seen = (body["pages"] - 1) * 500 + len(last["rows"])
    assert seen == body["total_rows"]
    small = get(client, "/api/v1/series?country=POL&page_size=10&page=2")
    assert len(small["rows"]) == 10 and "page_size=10" in small["next"]
    past = client.get(f"/api/v1/series?page={body['pages'] + 1}")
    assert past.status_code == 400 and "past the last page" in past.json()["error"]


def test_series_under_max_rows_is_not_truncated(client: TestClient) -> None:
    body = get(client, "/api/v1/series?country=POL&release=nato-2025-08")
    assert body["truncated"] is False and body["next"] is None


def test_countries(client: TestClient) -> None:
    body = get(client, "/api/v1/countries")
    assert len(body["rows"]) == 175
    assert row(body, "DEU")["name"] == "Germany"
    aggregates = get(client, "/api/v1/countries?kind=aggregate")["rows"]
    assert {r["iso3"] for r in aggregates} == {"EUU", "NATO", "NATO_EU_CA"}
    assert {r["kind"] for r in aggregates} == {"aggregate"}
    assert {r["iso3"] for r in aggregates} < {r["iso3"] for r in body["rows"]}


def test_releases_have_publication_dates(client: TestClient) -> None:
    body = get(client, "/api/v1/releases")
    published = {r["release"]: r["published"] for r in body["rows"]}
    assert len(published) == 7
    assert published["nato-2024-06"] == "2024-06-17"
    assert published["nato-2025-08"] == "2025-08-28"
    assert all(len(day) == 10 for day in published.values())
    nato = get(client, "/api/v1/releases?source=nato")["rows"]
    assert {r["release"] for r in nato} == {"nato-2024-06", "nato-2025-08", "nato-2026-07"}


def test_sources_name_licences_and_sipri_attribution(client: TestClient) -> None:
    body = get(client, "/api/v1/sources")
    assert all(r["licence"] for r in body["rows"])
    sipri = [r for r in body["rows"] if r["source"] == "sipri"]
    assert sipri
    assert all("SIPRI" in r["licence"] for r in sipri)
    assert any("attribution required" in note for note in body["notes"])


def test_status_2025_08_and_missing_say_why_figures_are_missing(client: TestClient) -> None:
    body = get(client, "/api/v1/status?year=2025&release=nato-2025-08")
    assert (
        "19 of 19 allies with a figure in milex's copy at or above 2%; 12 not held"
        in (body["title"])
    )
    assert any(n.startswith("NATO published no 2025 figure for DEU") for n in body["notes"])
    assert any(n.startswith("11 allies' 2025 figures in nato-2025-08") for n in body["notes"])
    held_not = get(client, "/api/v1/missing?release=nato-2025-08&why=not_held")["rows"]
    assert len(held_not) == 11 and {r["why"] for r in held_not} == {"not_held"}
    germany = get(client, "/api/v1/missing?release=nato-2025-08&country=DEU")["rows"]
    assert [(r["year"], r["why"]) for r in germany] == [(2025, "not_published")]


def test_revisions_between_two_nato_editions(client: TestClient) -> None:
    body = get(client, "/api/v1/revisions?from=nato-2024-06&to=nato-2025-08&country=POL")
    assert "nato-2024-06 -> nato-2025-08" in body["title"]
    poland_2024 = row(body, "POL", year=2024)
    assert poland_2024["value_nato-2024-06"] == 4.12
    assert poland_2024["value_nato-2025-08"] == 3.79
    assert poland_2024["change"] == pytest.approx(-0.33)


def test_commitments(client: TestClient) -> None:
    body = get(client, "/api/v1/commitments")
    by_short_id = {r["short_id"]: r for r in body["rows"]}
    assert {"2pct", "hague-core", "hague-total"} <= set(by_short_id)
    assert by_short_id["hague-core"]["threshold"] == 3.5
    assert by_short_id["2pct"]["threshold"] == 2.0


def test_gap_to_two_percent(client: TestClient) -> None:
    body = get(client, "/api/v1/gap?commitment=2pct&year=2024&release=nato-2025-08")
    assert "18 of 31" in body["title"]
    spain = row(body, "ESP")
    assert spain["share_gdp"] == 1.43
    assert spain["gap_pp"] == pytest.approx(0.57)
    assert spain["meets"] is False
    assert spain["gap_usd_bn"] > 0
    assert row(body, "POL")["meets"] is True


def test_pathway_for_one_ally(client: TestClient) -> None:
    body = get(client, "/api/v1/pathway?country=ESP&commitment=hague-core")
    assert body["target"]["threshold"] == 3.5
    assert body["release"].startswith("nato-")
    (spain,) = body["allies"]
    assert spain["iso3"] == "ESP"
    assert [y["year"] for y in spain["years"]] == list(range(2026, 2036))
    assert spain["years"][-1]["share_gdp"] == pytest.approx(3.5)
    assert spain["credibility"]["verdict"] in VERDICTS
    assert spain["credibility"]["reason"]
    assert body["totals"]["deadline"] == 2035
    assert spain["assumptions"]["money_basis"].startswith("NATO's own dollars")
    assert body["assumptions"]["overridden"] == []
    stated = get(client, "/api/v1/pathway?country=ESP&growth=1.0&deflator=3")
    assert stated["assumptions"]["overridden"] == ["growth", "deflator"]
    assert stated["allies"][0]["assumptions"]["growth_after_pct"] == 1.0


def test_pathway_answer_is_the_models_json(client: TestClient, db: milex.Milex) -> None:
    """The route writes the pathway once (orjson), not through FastAPI's second check and
    pydantic's writer: the bytes are those of PathwayResponse's own JSON."""
    sent = client.get(
        "/api/v1/pathway?country=all&commitment=hague-total&shape=front-loaded&growth=2.25"
    )
    report = analysis.pathways(db.tables, "all", "hague-total", "front-loaded", growth=2.25)
    assert sent.status_code == 200
    assert sent.headers["content-type"] == "application/json"
    assert sent.content == PathwayResponse(**report.to_json()).model_dump_json().encode()


def test_backtest_route(client: TestClient) -> None:
    body = get(client, "/api/v1/backtest?origin=2019")
    assert (body["origin"], body["target_year"], body["threshold"]) == (2019, 2024, 2.0)
    assert {r["verdict"] for r in body["rows"]} <= set(VERDICTS)
    assert [v["verdict"] for v in body["by_verdict"]] == list(credibility.VERDICTS)
    assert body["scores"]["allies"] == len(body["rows"])
    assert client.get("/api/v1/backtest?origin=1990").status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/status?year=2024",
        "/api/v1/countries",
        "/api/v1/series?country=POL",
        "/api/v1/nope",  # errors carry the headers too
    ],
)
def test_security_headers(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_answers_carry_an_etag_and_a_repeat_gets_304(client: TestClient) -> None:
    for url in ("/api/v1/status?year=2024", "/", "/ally/POL", "/api/v1/series?country=POL"):
        first = client.get(url)
        assert first.status_code == 200, url
        tag = first.headers["etag"]
        assert tag.startswith('"') and first.headers["cache-control"] == "no-cache"
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"", url
        assert again.headers["etag"] == tag
        other = client.get(url, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200
    # another query, another tag; the same query in JSON and in CSV, two tags
    assert client.get("/api/v1/status?year=2023").headers["etag"] != tag
    json_tag = client.get("/api/v1/status?year=2024").headers["etag"]
    csv_tag = client.get("/api/v1/status.csv?year=2024").headers["etag"]
    assert json_tag != csv_tag


def test_the_gzipped_and_the_plain_answer_carry_different_tags(client: TestClient) -> None:
    # A strong ETag names one representation: the bytes gzip sends are not the plain bytes.
    url = "/api/v1/status?year=2024"
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    for answer in (zipped, plain):  # each copy is confirmed with its own tag
        tag = answer.headers["etag"]
        again = client.get(url, headers={"If-None-Match": tag, "Accept-Encoding": "gzip"})
        assert again.status_code == 304 and again.headers["etag"] == tag
        assert "Accept-Encoding" in again.headers["vary"]


def test_csv_by_accept_header_or_suffix(client: TestClient) -> None:
    by_suffix = client.get("/api/v1/status.csv?year=2024&release=nato-2025-08")
    by_accept = client.get(
        "/api/v1/status?year=2024&release=nato-2025-08", headers={"Accept": "text/csv"}
    )
    for answer in (by_suffix, by_accept):
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/csv")
        lines = answer.text.splitlines()
        assert lines[0].startswith("iso3,country,year,share_gdp,estimate,rank")
        assert any(line.startswith("POL,Poland,2024,3.79,true,1") for line in lines)
    assert by_suffix.text == by_accept.text
    whole = client.get("/api/v1/series.csv")  # CSV is the whole table, not a page
    assert len(whole.text.splitlines()) > 500 + 1
    json_again = get(client, "/api/v1/status?year=2024&release=nato-2025-08")
    assert json_again["columns"][0] == "iso3"  # the cache keeps the two apart


def test_indicators(client: TestClient) -> None:
    rows = {r["indicator"]: r for r in get(client, "/api/v1/indicators")["rows"]}
    assert rows["share_gdp"]["kind"] == "share"
    assert "nato-2026-07" in rows["share_gdp"]["releases"]
    assert rows["gg_debt_pct_gdp"]["releases"] == "imf-weo-2026-04"


def test_the_openapi_names_the_fields_of_each_row(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    status = schemas["StatusRow"]["properties"]
    assert {"iso3", "share_gdp", "estimate", "rank", "release"} <= set(status)
    assert schemas["StatusTable"]["properties"]["rows"]["items"]["$ref"].endswith("/StatusRow")
    assert {"value", "unit", "source_url"} <= set(schemas["SeriesRow"]["properties"])


def test_cors_is_off_by_default_and_on_for_the_origins_given(milex_home: Path) -> None:
    plain = TestClient(create_app(Settings()))
    refused = plain.options(
        "/api/v1/status",
        headers={"Origin": "https://notes.example.org", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in refused.headers
    app = create_app(Settings(cors_origins=("https://notes.example.org",)))
    with TestClient(app) as open_client:
        preflight = open_client.options(
            "/api/v1/status",
            headers={
                "Origin": "https://notes.example.org",
                "Access-Control-Request-Method": "GET",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://notes.example.org"
        answer = open_client.get(
            "/api/v1/status?year=2024", headers={"Origin": "https://notes.example.org"}
        )
        assert answer.headers["access-control-allow-origin"] == "https://notes.example.org"
        assert "etag" in answer.headers["access-control-expose-headers"].lower()
        other = open_client.get(
            "/api/v1/status?year=2024", headers={"Origin": "https://elsewhere.example"}
        )
        assert "access-control-allow-origin" not in other.headers
