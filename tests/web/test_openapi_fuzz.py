"""Property-based fuzzing of the JSON API against its own OpenAPI spec (schemathesis).

Every operation gets generated requests, valid and invalid: none may answer 500, and every
answer, errors included, must match the schema the spec documents for its status.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from milex.web import api
from milex.web.app import Settings, create_app

# The operations to fuzz; test_openapi_lists_every_api_route keeps this list in step with the app.
API_PATHS = [
    "/api/v1/countries",
    "/api/v1/releases",
    "/api/v1/sources",
    "/api/v1/series",
    "/api/v1/status",
    "/api/v1/revisions",
    "/api/v1/commitments",
    "/api/v1/gap",
    "/api/v1/pathway",
    "/api/v1/check",
]
# Every operation is a GET but these (their input is a JSON body).
METHODS = {"/api/v1/check": "POST"}
# Operations without parameters: nothing to make invalid, so they are fuzzed with valid data only.
WITHOUT_PARAMETERS = {"/api/v1/sources", "/api/v1/commitments"}
CASES = [(path, GenerationMode.POSITIVE) for path in API_PATHS] + [
    (path, GenerationMode.NEGATIVE) for path in API_PATHS if path not in WITHOUT_PARAMETERS
]
# A schema-valid request may still be refused with a documented 400 ("A bad argument") when the
# refusal depends on data or on two parameters together, which OpenAPI cannot express: an
# unknown source, release and as_of given together, a pathway deadline before the latest data.
# It must never be refused with a 422 (failed request validation) and never with a 5xx. A body
# over the app's limit (10 kB here) is refused with the documented 413 before it is read.
# Invalid data may be refused for its size too (a text over 1,000,000 characters: 413 here).
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "413"]},
            "negative_data_rejection": {"expected-statuses": REJECTIONS},
        }
    }
)
# Small enough for CI on two cores; hypothesis remembers failing examples between runs.
FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.fixture(scope="module")
def app(milex_home: Path) -> FastAPI:
    return create_app(Settings(max_rows=500, max_body_bytes=10_000))


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


# schemathesis.pytest.from_fixture() would be the natural loader (the schema needs the session's
# store, so it cannot load at import time), but its runner reads Function._nodeid, which pytest
# 9.2 no longer has; each operation's strategy is driven with @given here instead.
@pytest.mark.parametrize(("path", "mode"), CASES)
def test_api_answers_every_generated_request(
    api_schema: schemathesis.BaseSchema, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][METHODS.get(path, "GET")]

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def answers(case: schemathesis.Case) -> None:
        case.call_and_validate()

    answers()


def test_openapi_lists_every_api_route(app: FastAPI) -> None:
    routes = {route.path for route in api.router.routes if isinstance(route, APIRoute)}
    assert routes == set(API_PATHS)
    with TestClient(app) as client:
        spec = client.get("/openapi.json").json()
    assert {path for path in spec["paths"] if path.startswith("/api/")} == routes
    for path in API_PATHS:
        method = METHODS.get(path, "GET").lower()
        assert set(spec["paths"][path]) == {method}
        operation = spec["paths"][path][method]
        assert {"200", "400", "404", "422"} <= set(operation["responses"])
        takes_input = bool(operation.get("parameters") or operation.get("requestBody"))
        assert takes_input == (path not in WITHOUT_PARAMETERS)
