"""Every error the app returns has one shape: {"ok": false, "error": ..., "status": N}.

Only an unknown country adds "suggestions" (its close matches). This file pins that shape for
every error path: milex's own exceptions, request validation, routing, limits and crashes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from milex.data.query import Queries
from milex.web.app import Settings, create_app

SHAPE = {"ok", "error", "status"}


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    app = create_app(Settings(max_rows=500, max_body_bytes=10_000))
    with TestClient(app) as test_client:
        yield test_client


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    """The error body of a response, checked against the one shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str)
    assert body["error"]
    assert "Traceback" not in response.text
    return body


# (url, status, words the message must contain)
GET_ERRORS = [
    ("/api/v1/series?country=POL&release=nato-1999-01", 404, "unknown release"),
    ("/api/v1/status?release=sipri-1900", 404, "unknown release"),
    ("/api/v1/revisions?from=nato-2024-06&to=nato-2099-01", 404, "unknown release"),
    ("/api/v1/series?country=POL&indicator=no_such_thing", 404, "unknown indicator"),
    ("/api/v1/gap?commitment=no-such-pledge", 404, "unknown commitment"),
    ("/api/v1/pathway?country=ESP&commitment=no-such-pledge", 404, "unknown commitment"),
    ("/api/v1/status?year=1990", 404, "1990"),
    ("/api/v1/status?year=abc", 422, "year"),
    ("/api/v1/status?year=1800", 422, "year"),
    ("/api/v1/status?as_of=2025-13-01", 422, "as_of"),
    ("/api/v1/series?country=POL&as_of=yesterday", 422, "as_of"),
    ("/api/v1/pathway?country=ESP&shape=zigzag", 422, "shape"),
    ("/api/v1/pathway?country=ESP&growth=99", 422, "growth"),
    ("/api/v1/status?release=nato%202025%2008", 422, "release"),
    ("/api/v1/countries?kind=planet", 422, "kind"),
    ("/api/v1/revisions?from=nato-2024-06", 422, "to"),
    ("/api/v1/status?year=2024&release=nato-2025-08&as_of=2025-01-01", 400, "not both"),
    ("/api/v1/no-such-endpoint", 404, "Not Found"),
    ("/no/such/page", 404, "Not Found"),
]


@pytest.mark.parametrize(("url", "status", "words"), GET_ERRORS)
def test_error_has_the_one_shape(client: TestClient, url: str, status: int, words: str) -> None:
    body = error_of(client.get(url), status)
    assert set(body) == SHAPE
    assert words in body["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/series?country=Germny",
        "/api/v1/series?country=POL,Germny",
        "/api/v1/revisions?from=nato-2024-06&to=nato-2025-08&country=Germny",
        "/api/v1/pathway?country=Germny",
    ],
)
def test_unknown_country_suggests_close_matches(client: TestClient, url: str) -> None:
    body = error_of(client.get(url), 404)
    assert set(body) == {*SHAPE, "suggestions"}
    assert "Germany (DEU)" in body["suggestions"]
    assert "unknown country" in body["error"]
    assert "Germny" in body["error"]


def test_method_not_allowed(client: TestClient) -> None:
    response = client.post("/api/v1/status")
    body = error_of(response, 405)
    assert set(body) == SHAPE
    assert response.headers["allow"] == "GET"


def test_body_over_the_limit(client: TestClient) -> None:
    response = client.post(
        "/api/v1/status",
        content=b"x" * 20_000,
        headers={"content-type": "application/octet-stream"},
    )
    assert response.request.headers["content-length"] == "20000"
    body = error_of(response, 413)
    assert set(body) == SHAPE
    assert "10000 bytes" in body["error"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_body_under_the_limit_reaches_the_router(client: TestClient) -> None:
    response = client.post("/api/v1/status", content=b"x" * 100)
    assert set(error_of(response, 405)) == SHAPE


@pytest.fixture
def crashing(milex_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """An app whose countries query fails with an exception milex does not raise on purpose."""

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(Queries, "countries", boom)
    app = create_app(Settings(max_rows=500, max_body_bytes=10_000))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_unexpected_exception_is_a_bare_500(crashing: TestClient) -> None:
    response = crashing.get("/api/v1/countries")
    body = error_of(response, 500)
    assert body == {"ok": False, "error": "internal error", "status": 500}
    assert "secret detail" not in response.text
    assert "RuntimeError" not in response.text


def test_unexpected_exception_carries_the_security_headers(crashing: TestClient) -> None:
    headers = crashing.get("/api/v1/countries").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
