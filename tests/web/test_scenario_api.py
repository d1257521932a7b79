"""POST /api/v1/scenario: a scenario document (the keys of a scenario file) runs against the
baseline with the library's results; draws are bounded, runs are seeded, and every refusal
comes in the one error shape, naming the key and the value."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient

import milex
from milex import scenario
from milex.data.scenarios import load
from milex.web import scenarios
from milex.web.app import Settings, create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DRAWDOWN = EXAMPLES / "us-drawdown-half.yaml"
URL = "/api/v1/scenario"
SHAPE = {"ok", "error", "status"}


@pytest.fixture(scope="module")
def client(milex_home: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as test_client:
        yield test_client


def drawdown(**changes: Any) -> dict[str, Any]:
    """The drawdown example as a JSON body, with changes."""
    body: dict[str, Any] = yaml.safe_load(DRAWDOWN.read_text(encoding="utf-8"))
    body.update(changes)
    return body


def answer(client: TestClient, body: Any) -> dict[str, Any]:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text[:500]
    result: dict[str, Any] = response.json()
    assert result["ok"] is True
    return result


def error_of(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == SHAPE
    assert body["ok"] is False and body["status"] == status
    message: str = body["error"]
    return message


def test_the_drawdown_example_runs_as_the_library_does(client: TestClient, db: milex.Milex) -> None:
    body = answer(client, drawdown(draws=500))
    assert body["draws"] == 500 and body["seed"] == 1  # the file's seed
    report = scenario.run(db.tables, load(DRAWDOWN), draws=500, seed=1)
    assert body["allies"] == report.allies_table().records()
    assert body["bands"] == report.bands_table().records()
    assert body["notes"] == report.allies_table().notes
    assert body["scenario"]["drawdown"]["troops"] == 40_000
    total = body["allies"][-1]
    assert total["iso3"] == "TOTAL"
    # 40,000 replaced at the IISS's cost per service member, indexed to 2035 dollars.
    per_troop, _ = scenario.troop_cost(db.tables, report.scenario, "imf-weo-2026-04", [2035])
    assert total["obligations_2035_usd_bn"] == pytest.approx(40_000 * per_troop[2035] / 1e9)
    germany = next(row for row in body["allies"] if row["iso3"] == "DEU")
    assert germany["obligations_total_usd_bn"] > 0
    assert 0 <= germany["p_reach_target"] <= 1
    bands = [row for row in body["bands"] if row["iso3"] == "DEU"]
    assert [row["year"] for row in bands] == list(range(2026, 2036))
    assert all(r["share_p5"] <= r["share_p50"] <= r["share_p95"] for r in bands)
    assert body["bands_title"] == "Monte Carlo bands, 500 draws (seed 1, normal)"


def test_a_seed_gives_the_same_answer_to_the_byte(client: TestClient) -> None:
    first = client.post(URL, json=drawdown(draws=300, seed=7))
    again = client.post(URL, json=drawdown(draws=300, seed=7))
    other = client.post(URL, json=drawdown(draws=300, seed=8))
    assert first.status_code == again.status_code == other.status_code == 200
    assert first.content == again.content
    assert first.json()["bands"] != other.json()["bands"]
    assert first.json()["allies"][:-1] != other.json()["allies"][:-1]  # p_reach_target moves


def test_draws_default_to_the_file_at_most_2000(client: TestClient) -> None:
    big = drawdown()
    big["montecarlo"] = {"draws": 500_000, "seed": 3}
    body = answer(client, big)
    assert body["draws"] == scenarios.DEFAULT_DRAWS == 2_000
    assert body["seed"] == 3
    small = drawdown()
    small["montecarlo"] = {"draws": 150}
    assert answer(client, small)["draws"] == 150


def test_draws_over_the_cap_are_refused(client: TestClient) -> None:
    message = error_of(client.post(URL, json=drawdown(draws=20_001)), 422)
    assert message == (
        "<request>, key 'draws': must be a whole number from 0 to 20,000 (value 20001)"
    )
    assert answer(client, drawdown(draws=scenarios.MAX_DRAWS))["draws"] == 20_000
    assert "key 'seed'" in error_of(client.post(URL, json=drawdown(seed=-1)), 422)
    assert "key 'draws'" in error_of(client.post(URL, json=drawdown(draws="many")), 422)


def test_no_draws_no_bands(client: TestClient) -> None:
    body = answer(client, drawdown(draws=0))
    assert body["draws"] == 0
    assert body["bands"] == []
    assert all(row["p_reach_target"] is None for row in body["allies"])


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"colour": "red"}, "<request>: unknown key 'colour'"),
        (
            {"drawdown": {"troops": -5, "start_year": 2027, "years": 5}},
            "<request>, key 'drawdown.troops': Input should be greater than or equal to 0 "
            "(value -5)",
        ),
        (
            {"gdp_shocks": [{"country": "Atlantis", "year": 2028, "growth_pp": -1}]},
            "<request>, key 'gdp_shocks.0.country': 'Atlantis' is not a country milex knows "
            "(value 'Atlantis')",
        ),
        (
            {"tariffs": {"rates": {"DEU": 150}}},
            "<request>, key 'tariffs.rates': rate for 'DEU' must be between 0 and 100 (got 150.0)",
        ),
        ({"schema_version": 2}, "<request>, key 'schema_version'"),
    ],
)
def test_bad_keys_and_values_are_named(
    client: TestClient, changes: dict[str, Any], words: str
) -> None:
    assert words in error_of(client.post(URL, json=drawdown(**changes)), 422)


@pytest.mark.parametrize("body", [[1, 2], "scenario", None])
def test_a_body_that_is_not_a_document(client: TestClient, body: Any) -> None:
    assert "invalid request" in error_of(client.post(URL, json=body), 422)


def test_an_unknown_commitment_is_a_404(client: TestClient) -> None:
    message = error_of(client.post(URL, json=drawdown(commitment="north-of-9")), 404)
    assert "unknown commitment: 'north-of-9'" in message


def test_all_zero_sharing_weights_are_a_422_naming_the_key(client: TestClient) -> None:
    body = drawdown(draws=0)
    body["drawdown"]["sharing"] = {"DEU": 0}
    message = error_of(client.post(URL, json=body), 422)
    assert "drawdown.sharing" in message and "weights" in message


def test_the_run_stops_at_the_time_limit(milex_home: Path) -> None:
    with TestClient(create_app(Settings(time_limit_seconds=0.0))) as slow:
        message = error_of(slow.post(URL, json=drawdown(draws=20_000)), 400)
    assert "time limit" in message


def test_openapi_documents_the_scenario_body(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"][URL]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["schema_version", "name"]
    assert schema["additionalProperties"] is False
    properties = schema["properties"]
    assert {"drawdown", "tariffs", "gdp_shocks", "montecarlo", "draws", "seed"} <= set(properties)
    assert properties["draws"]["anyOf"][0]["maximum"] == scenarios.MAX_DRAWS
    assert "$ref" not in str(schema)
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "ScenarioResponse"
    )
