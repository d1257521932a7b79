"""POST /api/v1/check: the claim checker over HTTP answers with the library's claims, and every
refusal (text over 1,000,000 characters, a body over the limit, a bad date) in the one error
shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import milex
from milex.web.app import Settings, create_app

SHAPE = {"ok", "error", "status"}
URL = "/api/v1/check"


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    """The app with its default limits: a body must hold a text of the full 1,000,000."""
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert set(body) == SHAPE
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


def test_default_body_limit_holds_a_full_text() -> None:
    assert Settings().max_body_bytes >= 2 * 1_000_000


def test_answers_with_the_library_claims(client: TestClient, dw_text: str) -> None:
    response = client.post(URL, json={"text": dw_text, "date": "2025-04-03"})
    assert response.status_code == 200, response.text[:500]
    body = response.json()
    assert body["ok"] is True
    assert body["date"] == "2025-04-03"
    assert body["date_source"] == "given"
    report = milex.check(dw_text, date="2025-04-03")
    assert body["claims"] == json.loads(json.dumps(report.to_json()))
    assert len(body["claims"]) == 13
    assert sum(body["summary"].values()) == 13
    assert body["summary"]["inaccurate"] == sum(
        1 for c in body["claims"] if c["verdict_latest"] == "inaccurate"
    )
    assert sum(body["summary_as_of_date"].values()) == 13
    assert "checked as of 3 April 2025 (given)" in body["title"]
    assert "latest 7 accurate" in body["title"]  # both verdict sets are counted


def test_membership_claim_carries_its_evidence(client: TestClient, dw_text: str) -> None:
    body = client.post(URL, json={"text": dw_text, "date": "2025-04-03"}).json()
    (members,) = [c for c in body["claims"] if c["kind"] == "membership_count"]
    assert members["value"] == 31
    assert members["verdict_as_of_date"] == "inaccurate"
    assert members["reference"]["value"] == 32


def test_date_is_detected_or_today(client: TestClient) -> None:
    stated = "Published 3 April 2025\n\nNATO allies spent an average of 2.7% of GDP in 2024."
    body = client.post(URL, json={"text": stated}).json()
    assert (body["date"], body["date_source"]) == ("2025-04-03", "detected")
    body = client.post(URL, json={"text": "No numbers here.", "date": None}).json()
    assert body["date_source"] == "today"
    assert body["claims"] == []


def test_text_over_a_million_characters_is_refused(client: TestClient) -> None:
    response = client.post(URL, json={"text": "x" * 1_000_001})
    body = error_of(response, 400)
    assert "1,000,000" in body["error"]


def test_text_of_a_million_characters_is_checked(client: TestClient) -> None:
    response = client.post(URL, json={"text": "NATO has 32 members. " * 47_619})
    assert response.status_code == 200, response.text[:300]


def test_body_over_the_limit_is_refused(milex_home: Path) -> None:
    with TestClient(create_app(Settings(max_body_bytes=10_000))) as small:
        body = error_of(small.post(URL, json={"text": "x" * 20_000}), 413)
    assert "10000 bytes" in body["error"]


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"text": "a", "date": "2025-13-03"}, "date"),
        ({"text": "a", "date": "3 April 2025"}, "date"),
        ({"text": "a", "date": 1743638400}, "date"),
        ({"date": "2025-04-03"}, "text"),
        ({"text": 5}, "text"),
        ({"text": "a", "unknown": 1}, "unknown"),
    ],
)
def test_bad_requests_are_422(client: TestClient, payload: dict[str, Any], words: str) -> None:
    body = error_of(client.post(URL, json=payload), 422)
    assert words in body["error"]


def test_not_json_is_422(client: TestClient) -> None:
    response = client.post(URL, content=b"{", headers={"content-type": "application/json"})
    error_of(response, 422)


def test_get_is_not_allowed(client: TestClient) -> None:
    response = client.get(URL)
    error_of(response, 405)
    assert response.headers["allow"] == "POST"


def test_openapi_documents_the_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"][URL]["post"]
    assert {"200", "400", "413", "422"} <= set(operation["responses"])
    schema = spec["components"]["schemas"]["CheckRequest"]
    assert schema["properties"]["text"]["maxLength"] == 1_000_000
    assert schema["required"] == ["text"]
    claim = spec["components"]["schemas"]["CheckedClaim"]
    assert {"verdict_as_of_date", "verdict_latest", "reference", "sentence"} <= set(
        claim["properties"]
    )
