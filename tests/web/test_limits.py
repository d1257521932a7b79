"""The app's limits, reproducing what an attacker and a careless user tried: YAML uploads nested
deep, with aliases or with huge numbers; lone surrogates; query parameters no endpoint takes
(and the answer cache they used to fill); HEAD requests; a body sent too slowly; booleans for
numbers. Each gets a 4xx in the one error shape, never a 500, and the cache stays in its bound."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from milex.web.app import Settings, create_app
from milex.web.middleware import MilexMiddleware, cache_key

SHAPE = {"ok", "error", "status"}
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings()), raise_server_exceptions=False) as test_client:
        yield test_client


def error_of(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == SHAPE
    assert body["ok"] is False and body["status"] == status
    assert "Traceback" not in body["error"]
    message: str = body["error"]
    return message


def upload(client: TestClient, name: str, content: str | bytes) -> httpx.Response:
    return client.post("/scenarios?format=json", files={"file": (name, content)})


# -- 1, 2: YAML uploads ------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 10_000, 50_000])
def test_a_deeply_nested_upload_is_a_422(client: TestClient, depth: int) -> None:
    message = error_of(upload(client, "deep.yaml", "[" * depth + "]" * depth), 422)
    assert message.startswith("deep.yaml")
    assert "nested more than 32 levels deep" in message or "maximum nesting depth" in message


def test_an_upload_with_aliases_is_a_422(client: TestClient) -> None:
    laughs = "schema_version: 1\nname: x\na: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\n"
    message = error_of(upload(client, "laughs.yaml", laughs), 422)
    assert message == "laughs.yaml, line 4: YAML aliases (*a) are not accepted; write the value out"


def test_a_yaml_integer_of_5000_digits_is_a_422(client: TestClient) -> None:
    content = "schema_version: 1\nname: x\nmontecarlo:\n  seed: " + "9" * 5_000 + "\n"
    message = error_of(upload(client, "bigint.yaml", content), 422)
    assert message == "bigint.yaml, line 4: a number of 5,000 characters (at most 100)"


def test_a_yaml_upload_is_read_within_the_time_limit(milex_home: Path) -> None:
    """With no time left, even a small valid file is refused (400) rather than parsed on."""
    text = "schema_version: 1\nname: x\n" + "".join(f"# {i}\n" for i in range(10))
    text += "description: " + " ".join(["word"] * 2_000) + "\n"
    flat = "schema_version: 1\nname: x\ndescription: [" + ", ".join(["a"] * 2_000) + "]\n"
    with TestClient(create_app(Settings(time_limit_seconds=0.0))) as slow:
        for content in (text, flat):
            response = slow.post("/scenarios?format=json", files={"file": ("slow.yaml", content)})
            assert response.status_code in (400, 422), response.text[:300]
        message = error_of(
            slow.post("/scenarios?format=json", files={"file": ("slow.yaml", flat)}), 400
        )
    assert "slow.yaml: reading the YAML took longer than the time limit" in message


# -- 3: lone surrogates ------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_text_to_check_is_a_400(client: TestClient) -> None:
    body = '{"text":"\\ud800 4% of GDP in 2024"}'
    message = error_of(client.post("/api/v1/check", content=body, headers=JSON), 400)
    assert message.startswith("request body: 'text' holds '\\ud800' at character 0, a lone")


def test_a_lone_surrogate_in_a_scenario_description_is_a_400(client: TestClient) -> None:
    body = '{"schema_version":1,"name":"x","description":"ok \\udfff"}'
    message = error_of(client.post("/api/v1/scenario", content=body, headers=JSON), 400)
    assert message.startswith("request body: 'description' holds '\\udfff' at character 3")


def test_a_lone_surrogate_in_a_key_is_a_400(client: TestClient) -> None:
    body = '{"schema_version":1,"name":"x","tariffs":{"rates":{"\\ud800":5}}}'
    message = error_of(client.post("/api/v1/scenario", content=body, headers=JSON), 400)
    assert message.startswith("request body: 'tariffs.rates.... (the key)' holds '\\ud800'")


def test_a_surrogate_pair_is_text(client: TestClient) -> None:
    body = '{"text":"\\ud83d\\ude00 Poland spends 4.1% of GDP in 2024"}'
    response = client.post("/api/v1/check", content=body, headers=JSON)
    assert response.status_code == 200, response.text[:300]


def test_a_json_body_nested_too_deep_is_a_400(client: TestClient) -> None:
    body = b'{"text":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with TestClient(create_app(Settings(max_body_bytes=300_000))) as roomy:
        response = roomy.post("/api/v1/check", content=body, headers=JSON)
    assert error_of(response, 400)


# -- 4: unknown query parameters and the cache ------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            "/api/v1/series?countries=POL",
            "unknown query parameter 'countries'; /api/v1/series takes as_of, country, end, "
            "from, indicator, page, page_size, release, source, start, to",
        ),
        ("/api/v1/status?year=2024&yaer=2023&x=1", "unknown query parameters 'yaer', 'x'"),
        ("/api/v1/sources?junk=1", "unknown query parameter 'junk'; /api/v1/sources takes none"),
        ("/api/v1/countries?kind=country&format=csv", "unknown query parameter 'format'"),
    ],
)
def test_an_unknown_query_parameter_is_a_400_naming_it(
    client: TestClient, url: str, words: str
) -> None:
    assert words in error_of(client.get(url), 400)


def test_known_parameters_still_answer(client: TestClient) -> None:
    rows = client.get("/api/v1/series?country=POL&start=2020&end=2021").json()["rows"]
    assert {r["iso3"] for r in rows} == {"POL"}


def cache_of(app: Any) -> MilexMiddleware:
    """The app's middleware instance (built by Starlette on the first request)."""
    layer = app.middleware_stack
    while not isinstance(layer, MilexMiddleware):
        layer = layer.app
    return layer


def test_2000_junk_parameter_requests_leave_the_cache_under_its_bound(milex_home: Path) -> None:
    bound = 2_000_000
    app = create_app(Settings(cache_bytes=bound))
    url = "/api/v1/series?indicator=usd_current_million&start=2011"
    with TestClient(app) as test_client:
        assert test_client.get(url).status_code == 200  # one real answer, about 1 MB
        for i in range(2_000):
            response = test_client.get(f"{url}&junk{i}={i}")
            assert response.status_code == 400
            assert f"'junk{i}'" in response.json()["error"]
        middleware = cache_of(app)
    assert len(middleware.cache) <= 1
    assert middleware.cached_bytes <= bound
    assert middleware.cached_bytes == sum(entry[3] for entry in middleware.cache.values())


def test_2000_distinct_valid_requests_leave_the_cache_under_its_bound(milex_home: Path) -> None:
    bound = 300_000
    app = create_app(Settings(cache_bytes=bound))
    with TestClient(app) as test_client:
        middleware = None
        for i in range(2_000):
            start, end = 1949 + i % 70, 1949 + i % 70 + i // 70
            response = test_client.get(f"/api/v1/series?country=POL,DEU&start={start}&end={end}")
            assert response.status_code in (200, 400, 404)
            middleware = middleware or cache_of(app)
            assert middleware.cached_bytes <= bound
    assert middleware is not None
    assert 0 < len(middleware.cache) < 2_000
    assert middleware.cached_bytes == sum(entry[3] for entry in middleware.cache.values())


def test_one_query_spelt_two_ways_is_one_cache_entry() -> None:
    assert cache_key("/a", b"b=2&a=1") == cache_key("/a", b"a=%31&b=2")
    assert cache_key("/a", b"year=2024&year=2023") != cache_key("/a", b"year=2023&year=2024")


# -- 9: HEAD, a slow body, booleans --------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/sources", "/api/v1/countries", "/scenarios"])
def test_head_answers_as_get_without_a_body(client: TestClient, url: str) -> None:
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert "frame-ancestors 'none'" in head.headers["content-security-policy"]


def test_a_body_that_does_not_arrive_in_time_is_a_408() -> None:
    """Deterministic: the body never comes, so any time limit runs out."""
    called = False

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal called
        called = True

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.Event().wait()  # the client declared a body and sends nothing
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    middleware = MilexMiddleware(app, max_body_bytes=1_000, body_seconds=0.01)
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/check",
        "headers": [(b"content-length", b"100"), (b"content-type", b"application/json")],
        "query_string": b"",
    }
    asyncio.run(middleware(scope, receive, send))
    assert not called
    assert sent[0]["status"] == 408
    body = json.loads(sent[1]["body"])
    assert body == {
        "ok": False,
        "error": "the request body did not arrive within 0.01 s",
        "status": 408,
    }


def test_a_body_in_several_parts_reaches_the_app_whole(client: TestClient) -> None:
    def parts() -> Iterator[bytes]:
        yield b'{"text": "Poland spends '
        yield b'4.1% of GDP in 2024"}'

    response = client.post(
        "/api/v1/check", content=parts(), headers={**JSON, "content-length": "45"}
    )
    assert response.status_code == 200, response.text[:300]
    assert response.json()["claims"]


@pytest.mark.parametrize(
    ("key", "section"), [("seed", "montecarlo"), ("draws", "montecarlo"), ("troops", "drawdown")]
)
def test_booleans_are_not_numbers(client: TestClient, key: str, section: str) -> None:
    body: dict[str, Any] = {"schema_version": 1, "name": "x"}
    if section == "drawdown":
        body["drawdown"] = {"troops": True, "start_year": 2027, "years": 5}
    else:
        body["montecarlo"] = {key: True}
    message = error_of(client.post("/api/v1/scenario", json=body), 422)
    assert f"key '{section}.{key}': must be a number or a text, not true or false" in message
