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
from hypothesis import strategies as st
from schemathesis import GenerationMode

from milex.web import rest
from milex.web.app import Settings, create_app

# The operations to fuzz; test_openapi_lists_every_api_route keeps this list in step with the app.
API_PATHS = [
    "/api/v1/countries",
    "/api/v1/releases",
    "/api/v1/sources",
    "/api/v1/indicators",
    "/api/v1/missing",
    "/api/v1/series",
    "/api/v1/status",
    "/api/v1/revisions",
    "/api/v1/commitments",
    "/api/v1/gap",
    "/api/v1/pathway",
    "/api/v1/backtest",
    "/api/v1/check",
    "/api/v1/scenario",
]
# Every operation is a GET but these (their input is a JSON body).
METHODS = {"/api/v1/check": "POST", "/api/v1/scenario": "POST"}
# Operations without parameters: nothing to make invalid, so they are fuzzed with valid data only.
WITHOUT_PARAMETERS = {"/api/v1/sources", "/api/v1/commitments", "/api/v1/indicators"}
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
# A scenario names countries, which OpenAPI cannot list: most schema-valid bodies name countries
# no one knows, and are rightly refused with a 422 naming them. Valid scenarios come from this
# strategy instead (invalid ones still come from the schema).
COUNTRY = st.sampled_from(["DEU", "Poland", "Türkiye", "the US", "CAN", "Norway", "GBR"])
YEAR = st.integers(2020, 2040)
SHARING = st.just("gdp") | st.dictionaries(COUNTRY, st.floats(0.1, 10), min_size=1, max_size=3)
SCENARIO_BODIES = st.fixed_dictionaries(
    {"schema_version": st.just(1), "name": st.text(min_size=1, max_size=20)},
    optional={
        "commitment": st.sampled_from(["hague-core", "hague-total", "2pct", "no-such-pledge"]),
        "shape": st.sampled_from(["linear", "constant-growth", "front-loaded"]),
        "deflator_pct": st.floats(-5, 20),
        # Tariffs after the baseline's figures (to 2026), or ones it holds, saying so.
        "tariffs": st.fixed_dictionaries(
            {},
            optional={
                "preset": st.sampled_from(["none", "announced-2025-04-02", "eu-deal-2025-08"]),
                "rates": st.dictionaries(COUNTRY | st.just("EU"), st.floats(0, 100), max_size=3),
                "pass_through": st.floats(0, 5),
                "start_year": st.none() | st.integers(2027, 2040),
                "vehicle_dutiable_share": st.floats(0, 1),
            },
        )
        | st.sampled_from(
            [
                {"preset": "announced-2025-04-02", "in_baseline": True},
                {"preset": "eu-deal-2025-08", "in_baseline": True, "start_year": 2025},
                {"preset": "enacted-2025-2026", "in_baseline": True},
                {"rates": {"DEU": 10}, "in_baseline": True, "start_year": 2026},
            ]
        ),
        # At most three shocks of at most 6.5 points: even when all three hit one country-year
        # (a name and its code count as one) they stay within the schema's +-20 per
        # country-year, which the API answers with a 422 by design.
        "gdp_shocks": st.lists(
            st.fixed_dictionaries(
                {"country": COUNTRY, "year": YEAR, "growth_pp": st.floats(-6.5, 6.5)}
            ),
            max_size=3,
        ),
        "exchange_rates": st.lists(
            st.fixed_dictionaries(
                {
                    "currency": st.sampled_from(["EUR", "GBP", "CAD", "PLN", "NOK", "XYZ"]),
                    "from_year": YEAR,
                    "change_pct": st.floats(-90, 200),
                }
            ),
            max_size=2,
        ),
        "drawdown": st.fixed_dictionaries(
            {"troops": st.integers(0, 1_000_000), "start_year": YEAR, "years": st.integers(1, 30)},
            optional={
                "cost_per_troop_year_usd": st.floats(0, 1e6),
                "replacement_ratio": st.floats(0.1, 10),
                "enablers": st.lists(
                    st.fixed_dictionaries(
                        {
                            "item": st.text(max_size=10),
                            "years": st.lists(YEAR, min_size=1, max_size=4, unique=True),
                        }
                    ).flatmap(
                        lambda enabler: st.sampled_from(["yearly_usd_bn", "total_usd_bn"]).flatmap(
                            lambda key: st.floats(0, 100).map(lambda cost: {**enabler, key: cost})
                        )
                    ),
                    max_size=2,
                ),
                "sharing": SHARING,
            },
        ),
        "shopping_list": st.fixed_dictionaries(
            {
                "items": st.lists(
                    st.fixed_dictionaries(
                        {
                            "item": st.text(max_size=10),
                            "unit_cost_usd_m": st.floats(0, 5_000),
                            "quantity": st.integers(0, 1_000),
                            "years": st.lists(YEAR, min_size=1, max_size=4),
                        }
                    ),
                    min_size=1,
                    max_size=2,
                )
            },
            optional={"sharing": SHARING},
        ),
        "montecarlo": st.fixed_dictionaries(
            {},
            optional={
                "draws": st.integers(0, 1_000_000),
                "seed": st.integers(0, 2**40),
                "distribution": st.sampled_from(["normal", "student-t"]),
                "df": st.floats(2.5, 1000),
            },
        ),
        "draws": st.integers(0, 300),
        "seed": st.integers(0, 2**32 - 1),
    },
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
    strategy = operation.as_strategy(generation_mode=mode)
    if path == "/api/v1/scenario" and mode == GenerationMode.POSITIVE:
        strategy = SCENARIO_BODIES.map(
            lambda body: operation.Case(body=body, media_type="application/json")
        )

    @FUZZ_SETTINGS
    @given(case=strategy)
    def answers(case: schemathesis.Case) -> None:
        response = case.call_and_validate()
        assert response.status_code in (200, 400, 404, 413) or mode == GenerationMode.NEGATIVE

    answers()


def test_openapi_lists_every_api_route(app: FastAPI) -> None:
    routes = {route.path for route in rest.router.routes if isinstance(route, APIRoute)}
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
