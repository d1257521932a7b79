"""The fast lane (milex.web.fastlane): a plain, valid pathway query is answered by the endpoint
straight away; everything else goes on to FastAPI; either way the answer is the one the app
gives without the lane, status and bytes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from milex.web import rest
from milex.web.app import Settings, create_app
from milex.web.fastlane import FastLane, _Lane
from milex.web.middleware import ASGIApp

ANSWERED_BY_THE_LANE = [
    "/api/v1/pathway?country=DEU&growth=2.5",
    "/api/v1/pathway?country=ESP,DEU,ITA&commitment=hague-total&shape=front-loaded",
    "/api/v1/pathway?country=all&deflator=3&deadline=2040&include_episodes=true",
    "/api/v1/pathway?growth=-10&country=Germany",
    "/api/v1/pathway",
]
PASSED_ON = [
    "/api/v1/pathway?country=DEU&countries=POL",  # unknown parameter: 400
    "/api/v1/pathway?country=DEU&country=POL",  # given twice
    "/api/v1/pathway?country=POL%2CDEU",  # an escape
    "/api/v1/pathway?country=POL+DEU",  # a '+' (a space)
    "/api/v1/pathway?growth=",  # empty: 422
    "/api/v1/pathway?growth=16",  # out of range: 422
    "/api/v1/pathway?shape=bogus",  # 422
    "/api/v1/pathway?include_episodes=maybe",  # 422
    "/api/v1/pathway?country=XXX",  # the endpoint raises: 404
    "/api/v1/pathway?country=ISL",  # no figures: 404
    "/api/v1/pathway?commitment=2pct",  # no deadline: 400
]


@pytest.fixture(scope="module")
def clients(milex_home: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The app, and the same app without the lane (no hot routes)."""
    with_lane = create_app(Settings())
    hot = rest.HOT
    rest.HOT = ()
    try:
        without = create_app(Settings())
    finally:
        rest.HOT = hot
    with TestClient(with_lane) as a, TestClient(without) as b:
        yield a, b


def _lane(app: FastAPI) -> FastLane:
    """The app's fast lane, from its (built) middleware stack."""
    layer: Any = app.middleware_stack
    while not isinstance(layer, FastLane):
        layer = layer.app
    return layer


class _Counting:
    """What the lane passes on, counted."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


@pytest.mark.parametrize(
    ("url", "by_the_lane"),
    [(u, True) for u in ANSWERED_BY_THE_LANE] + [(u, False) for u in PASSED_ON],
)
def test_the_lane_answers_what_the_app_answers_without_it(
    clients: tuple[TestClient, TestClient], url: str, by_the_lane: bool
) -> None:
    with_lane, without = clients
    with_lane.get("/api/v1/status")  # the middleware stack is built on the first request
    lane = _lane(with_lane.app)  # type: ignore[arg-type]
    counting = _Counting(lane.app)
    lane.app = counting
    try:
        got = with_lane.get(url)
    finally:
        lane.app = counting.app
    expected = without.get(url)
    assert (got.status_code, got.content) == (expected.status_code, expected.content)
    assert counting.calls == (0 if by_the_lane else 1)
    if by_the_lane:
        assert got.status_code == 200


def test_the_lane_takes_only_routes_it_can_answer_as_fastapi_would() -> None:
    routes = {r.path: r for r in rest.router.routes if isinstance(r, APIRoute)}
    _Lane(routes["/api/v1/pathway"], rest.QUERY_CHECKS)
    with pytest.raises(ValueError, match="not a route the fast lane can answer"):
        _Lane(routes["/api/v1/series"], rest.QUERY_CHECKS)  # run on a thread by FastAPI
    with pytest.raises(ValueError, match="not a route the fast lane can answer"):
        _Lane(routes["/api/v1/pathway"], ())  # a check the lane was not told of
