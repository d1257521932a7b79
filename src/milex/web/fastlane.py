"""A fast lane for the API's hottest routes: a GET whose query is plain (each parameter the
route takes given once, no escapes, no empty values) and whose values pass the route's own
validators is answered by calling the endpoint straight away, without FastAPI's routing and
parameter solving (about two thirds of a one-ally pathway's time in the framework). Anything
else (an unknown or repeated parameter, an escape, a value a validator refuses, an error
raised by the endpoint) goes on to FastAPI, unchanged, which answers it exactly as before: the
lane only ever answers what FastAPI would answer the same way, and the route stays FastAPI's
(its OpenAPI description, its error bodies).

The rules of each parameter (type, bounds, pattern, default) are read from the route itself:
the validators are FastAPI's own (one per parameter, built when the route was declared)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from milex.web.middleware import ASGIApp, Receive, Scope, Send, plain_pairs

# Defaults handed to the endpoint as they are (FastAPI copies them; these cannot change).
_IMMUTABLE = (str, int, float, bool, type(None))


class _Lane:
    """One route's endpoint with its query parameters' validators, by name as sent."""

    def __init__(self, route: APIRoute, query_checks: Sequence[Callable[..., Any]]) -> None:
        dependant = route.dependant
        others = [d.call for d in dependant.dependencies if d.call not in query_checks]
        if (
            others
            or dependant.path_params
            or dependant.header_params
            or dependant.cookie_params
            or dependant.body_params
            or not inspect.iscoroutinefunction(route.endpoint)
            or dependant.request_param_name is None
        ):
            raise ValueError(f"{route.path}: not a route the fast lane can answer")
        self.endpoint = route.endpoint
        self.request_name = dependant.request_param_name
        self.fields = {field.alias: field for field in dependant.query_params}
        self.defaults: dict[str, Any] = {}
        self.required: set[str] = set()
        for field in dependant.query_params:
            if field.field_info.is_required():
                self.required.add(field.alias)
            elif isinstance(field.default, _IMMUTABLE) and not field.field_info.validate_default:
                self.defaults[field.name] = field.default
            else:
                raise ValueError(f"{route.path}: {field.alias}'s default is not a plain value")

    def arguments(self, query_string: bytes) -> dict[str, Any] | None:
        """The endpoint's arguments from a plain, valid query; None for FastAPI to answer."""
        pairs = plain_pairs(query_string)
        if pairs is None:
            return None
        values = dict(self.defaults)
        seen: set[str] = set()
        for name, raw in pairs:
            field = self.fields.get(name)
            if field is None or name in seen or not raw:
                return None
            seen.add(name)
            value, problems = field.validate(raw, values, loc=("query", name))
            if problems:
                return None
            values[field.name] = value
        if not self.required <= seen:
            return None
        return values


class FastLane:
    """ASGI: GET requests to the given routes answered by their endpoints when the query is
    plain and valid; every other request, and any the endpoint raises on, goes to ``app``."""

    def __init__(
        self,
        app: ASGIApp,
        routes: Sequence[APIRoute],
        query_checks: Sequence[Callable[..., Any]] = (),
    ) -> None:
        self.app = app
        self.lanes = {route.path: _Lane(route, query_checks) for route in routes}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lane = self.lanes.get(scope["path"]) if scope["type"] == "http" else None
        if lane is not None and scope["method"] == "GET":
            arguments = lane.arguments(scope.get("query_string", b""))
            if arguments is not None:
                try:
                    response = await lane.endpoint(
                        **{lane.request_name: Request(scope, receive)}, **arguments
                    )
                except Exception:  # FastAPI answers it (again) with the app's handlers
                    response = None
                if isinstance(response, Response):
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)
