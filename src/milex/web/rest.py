"""The JSON API under /api/v1. Each endpoint calls one library function and returns its table;
nothing is computed here."""

from __future__ import annotations

import functools
import io
from datetime import date
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Query, Request, Response
from pydantic import BaseModel

from milex import analysis, claims
from milex.data.query import Queries
from milex.errors import InvalidQueryError
from milex.render import write_csv
from milex.table import Table
from milex.web import scenarios
from milex.web.models import (
    SCENARIO_REQUEST_SCHEMA,
    BacktestResponse,
    CheckRequest,
    CheckResponse,
    CommitmentTable,
    CountryTable,
    ErrorResponse,
    GapTable,
    IndicatorTable,
    MissingTable,
    PathwayResponse,
    ReleaseTable,
    RevisionTable,
    ScenarioResponse,
    SeriesTable,
    StatusTable,
    TableResponse,
)


async def _known_parameters(request: Request) -> None:
    """Refuse query parameters the endpoint does not take, naming them: ignored, a misspelt
    ``countries=POL`` would answer for every country (and make a new key in the cache).
    Async, though it never waits: a plain function would be run on a worker thread, a hop
    that cost more than the check itself on every API request."""
    given = list(dict.fromkeys(request.query_params))
    if not given:
        return
    route = request.scope.get("route")
    taken = _parameters(request.app, getattr(route, "path", ""), request.method.lower())
    unknown = [name for name in given if name not in taken]
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise InvalidQueryError(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''} {shown}{more}; "
            f"{request.url.path} takes {', '.join(sorted(taken)) or 'none'}"
        )


@functools.lru_cache(maxsize=256)
def _parameters(app: Any, path: str, method: str) -> frozenset[str]:
    """The query parameters an operation takes, as its OpenAPI description (built once, kept
    by FastAPI) lists them; read once per app, path and method."""
    operation = app.openapi().get("paths", {}).get(path, {}).get(method, {})
    return frozenset(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")


# The checks the router runs on every request beside the parameters' own; the fast lane
# (milex.web.fastlane) makes the same refusal by leaving such requests to FastAPI.
QUERY_CHECKS = (_known_parameters,)
# Routes answered through the fast lane when their query is plain and valid.
HOT = ("/api/v1/pathway",)

router = APIRouter(
    prefix="/api/v1",
    dependencies=[Depends(_known_parameters)],
    responses={
        400: {"model": ErrorResponse, "description": "A bad argument"},
        404: {"model": ErrorResponse, "description": "Unknown country, release or no data"},
        422: {"model": ErrorResponse, "description": "Invalid request"},
    },
)

Release = Annotated[
    str | None,
    Query(
        description="A release id (nato-2025-08, sipri-2026) or 'latest'.",
        max_length=40,
        pattern=r"^[a-z0-9-]+$",
    ),
]
AsOf = Annotated[
    date | None, Query(description="Use the newest release published on or before this date.")
]
Year = Annotated[int | None, Query(ge=1949, le=2100, description="A calendar year.")]
Countries = Annotated[
    str | None,
    Query(description="Comma-separated names or codes (POL, Germany, Türkiye).", max_length=500),
]
Commitment = Annotated[
    str,
    Query(
        description="A short id (2pct, equipment-20, hague-core, hague-total) or a full id.",
        max_length=80,
    ),
]


def _queries(request: Request) -> Queries:
    queries: Queries = request.app.state.store.queries()
    return queries


Page = Annotated[
    int, Query(ge=1, le=1_000_000, description="The page to answer (see next in the answer).")
]
PageSize = Annotated[int | None, Query(ge=1, le=20_000, description="Rows a page (default 1,000).")]
DEFAULT_PAGE_SIZE = 1_000


def wants_csv(request: Request) -> bool:
    """CSV when asked by the path (``/api/v1/status.csv``, marked by the middleware) or by the
    Accept header, ahead of JSON."""
    if getattr(request.state, "csv", False):
        return True
    accept = request.headers.get("accept", "")
    first = accept.split(",", 1)[0].split(";", 1)[0].strip().lower()
    return first == "text/csv"


def _answer(
    request: Request,
    table: Table,
    model: type[TableResponse] = TableResponse,
    page: int = 1,
    page_size: int | None = None,
) -> TableResponse | Response:
    """A table as JSON, a page at a time with the URL of the next, or whole as CSV."""
    if wants_csv(request):
        buffer = io.StringIO()
        write_csv(table, buffer)
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")
    size = min(page_size or DEFAULT_PAGE_SIZE, request.app.state.settings.max_rows)
    pages = max(1, -(-len(table.rows) // size))
    if page > pages:
        raise InvalidQueryError(f"page: {page} is past the last page ({pages} of {size} rows)")
    following = str(request.url.include_query_params(page=page + 1))
    # Checked by the model once (its rows' types) and written by it: returned as a model,
    # FastAPI would dump it, check it against the model again and write it (twice the work).
    answer = model.of(table, size, page, following)
    return Response(answer.model_dump_json(), media_type="application/json")


@router.get("/countries", response_model=CountryTable, summary="Countries")
def countries(
    request: Request,
    kind: Annotated[str | None, Query(pattern="^(country|former|aggregate)$")] = None,
    page: Page = 1,
    page_size: PageSize = None,
) -> TableResponse | Response:
    """Codes, names, NATO and EU accession dates, currency (Iceland: no armed forces)."""
    return _answer(request, _queries(request).countries(kind), CountryTable, page, page_size)


@router.get("/releases", response_model=ReleaseTable, summary="Releases (vintages)")
def releases(
    request: Request,
    source: Annotated[str | None, Query(pattern="^[a-z-]+$", max_length=20)] = None,
    page: Page = 1,
    page_size: PageSize = None,
) -> TableResponse | Response:
    """Every release with its publication date, row count and provenance."""
    return _answer(request, _queries(request).releases(source), ReleaseTable, page, page_size)


@router.get("/sources", response_model=ReleaseTable, summary="Sources and licences")
def sources(request: Request) -> TableResponse | Response:
    """Where every number comes from: publisher, URL, licence, how it was checked."""
    return _answer(request, _queries(request).sources(), ReleaseTable)


@router.get("/indicators", response_model=IndicatorTable, summary="Indicators")
def indicators(request: Request) -> TableResponse | Response:
    """Every indicator milex holds: label, kind, definition and the releases that hold it."""
    return _answer(request, _queries(request).indicators(), IndicatorTable)


@router.get("/missing", response_model=MissingTable, summary="Missing figures, and why")
def missing(
    request: Request,
    release: Release = None,
    indicator: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_]+$")] = None,
    country: Countries = None,
    why: Annotated[str | None, Query(pattern="^(not_published|not_held)$")] = None,
    page: Page = 1,
    page_size: PageSize = None,
) -> TableResponse | Response:
    """Figures a release's tables cover that the store lacks: not_published (the publisher
    gave none, with its reason) or not_held (milex's copy lacks it)."""
    table = _queries(request).missing(release, indicator, country, why)
    return _answer(request, table, MissingTable, page, page_size)


@router.get("/series", response_model=SeriesTable, summary="One indicator, long format")
def series(
    request: Request,
    country: Countries = None,
    indicator: Annotated[str, Query(max_length=60, pattern=r"^[a-z_]+$")] = "share_gdp",
    source: Annotated[str | None, Query(max_length=20, pattern="^[a-z-]+$")] = None,
    release: Release = None,
    as_of: AsOf = None,
    from_year: Annotated[
        int | None, Query(alias="from", ge=1949, le=2100, description="First year.")
    ] = None,
    to_year: Annotated[
        int | None, Query(alias="to", ge=1949, le=2100, description="Last year.")
    ] = None,
    start: Annotated[
        int | None, Query(ge=1949, le=2100, deprecated=True, description="Old name of from.")
    ] = None,
    end: Annotated[
        int | None, Query(ge=1949, le=2100, deprecated=True, description="Old name of to.")
    ] = None,
    page: Page = 1,
    page_size: PageSize = None,
) -> TableResponse | Response:
    """One indicator for some countries (all by default), a row per country and year with its
    release, table, unit and source URL; years from and to (start and end still work)."""
    first = from_year if from_year is not None else start
    last = to_year if to_year is not None else end
    table = _queries(request).series(country, indicator, source, release, as_of, first, last)
    return _answer(request, table, SeriesTable, page, page_size)


@router.get("/status", response_model=StatusTable, summary="Who spends what share of GDP")
def status(
    request: Request, year: Year = None, release: Release = None, as_of: AsOf = None
) -> TableResponse | Response:
    """Every ally's share of GDP in a year: rank, change, meets 2%; NATO aggregates."""
    return _answer(request, _queries(request).status(year, release, as_of), StatusTable)


@router.get("/revisions", response_model=RevisionTable, summary="What changed between releases")
def revisions(
    request: Request,
    from_release: Annotated[str, Query(alias="from", max_length=40, pattern=r"^[a-z0-9-]+$")],
    to_release: Annotated[str, Query(alias="to", max_length=40, pattern=r"^[a-z0-9-]+$")],
    indicator: Annotated[str, Query(max_length=60, pattern=r"^[a-z_]+$")] = "share_gdp",
    country: Countries = None,
    page: Page = 1,
    page_size: PageSize = None,
) -> TableResponse | Response:
    """Cells of an indicator that changed between two releases, with old and new values."""
    table = _queries(request).revisions(from_release, to_release, indicator, country)
    return _answer(request, table, RevisionTable, page, page_size)


@router.get("/commitments", response_model=CommitmentTable, summary="Commitments and targets")
def commitments(request: Request) -> TableResponse | Response:
    """NATO guidelines, summit commitments, national pledges and 2025 rhetoric as targets."""
    return _answer(request, analysis.commitments(_queries(request)), CommitmentTable)


@router.get("/gap", response_model=GapTable, summary="Gaps to a commitment")
def gap(
    request: Request,
    commitment: Commitment = "2pct",
    year: Year = None,
    release: Release = None,
    as_of: AsOf = None,
) -> TableResponse | Response:
    """Who meets a commitment in a year; the gap in points and in NATO's own money, with the
    groups the commitment covers."""
    table = analysis.gap(_queries(request), commitment, year, release, as_of)
    return _answer(request, table, GapTable)


# On the event loop, not the thread pool: the computation is bounded (all allies to 2100, the
# longest answer, 700 KB: about 35 ms on a busy machine; one ally to 2035 about 0.4 ms, all
# allies 4 ms; what does not depend on the request is read once per store version), and the
# hop to a worker thread cost a third of an uncached answer.
@router.get("/pathway", response_model=PathwayResponse, summary="Pathways to a target")
async def pathway(
    request: Request,
    country: Annotated[str, Query(max_length=500, description="Names or codes, or 'all'.")] = "all",
    commitment: Commitment = "hague-core",
    shape: Annotated[str, Query(pattern="^(linear|constant-growth|front-loaded)$")] = "linear",
    growth: Annotated[
        float | None,
        Query(ge=-10, le=15, description="Real GDP growth %/yr after the IMF years, every ally."),
    ] = None,
    deflator: Annotated[
        float | None, Query(ge=-5, le=20, description="US-dollar deflator %/yr (default 2).")
    ] = None,
    deadline: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    release: Release = None,
    include_episodes: Annotated[
        bool, Query(description="Count war and rearmament episodes in the peacetime record.")
    ] = False,
) -> Response:
    """Each ally's yearly path to the target in NATO's own money, with the realism verdict,
    its evidence and the assumptions (which were overridden)."""
    who = "all" if country.strip().lower() == "all" else country
    report = analysis.pathways(
        _queries(request),
        who,
        commitment,
        shape,
        growth,
        deflator,
        release,
        deadline,
        include_episodes=include_episodes,
    )
    return _json({"ok": True, **report.to_json()}, PathwayResponse)


def _json(body: dict[str, Any], model: type[BaseModel]) -> Response:
    """An answer already in the shape of ``model`` (the OpenAPI description), written once
    with orjson: FastAPI would check it against the model again and write it through pydantic,
    and the standard library's writer took longer than the pathway itself (all allies: 1.6 ms
    against orjson's 0.13 ms). The same bytes as the model's JSON (a figure that is not finite
    is null in both); a value orjson cannot write goes through the model, as before."""
    try:
        return Response(orjson.dumps(body), media_type="application/json")
    except TypeError:  # pragma: no cover - the pathway's answer holds only JSON's own types
        return Response(model(**body).model_dump_json(), media_type="application/json")


@router.get("/backtest", response_model=BacktestResponse, summary="The realism test backtested")
def backtest(
    request: Request,
    origin: Annotated[int, Query(ge=2014, le=2023, description="The year to run it as of.")] = 2014,
    include_episodes: bool = False,
) -> BacktestResponse:
    """The realism verdicts as of an origin year on the Wales pledge (2% of GDP by 2024)
    against who reached it: a row per ally, rates per verdict and scores against the naive
    'everyone fails'."""
    from milex.backtest import backtest as run

    report = run(_queries(request), origin, include_episodes=include_episodes)
    return BacktestResponse(**report.to_json())


@router.post(
    "/check",
    response_model=CheckResponse,
    summary="Check the numbers in a text",
    responses={413: {"model": ErrorResponse, "description": "A request body over the app's limit"}},
)
def check(request: Request, body: CheckRequest) -> CheckResponse:
    """Every numeric claim about defence spending in the text (shares of GDP, allies meeting a
    target, membership counts, amounts, growth, commitments, US tariffs), judged twice: with
    the figures published by the text's date and with the latest, each with the cell it rests
    on. Text up to 1,000,000 characters (longer: 400); the JSON body up to the app's limit
    (2.5 MB by default; larger: 413)."""
    return CheckResponse.of(claims.check(_queries(request), body.text, body.date))


@router.post(
    "/scenario",
    response_model=ScenarioResponse,
    summary="Run a scenario",
    responses={413: {"model": ErrorResponse, "description": "A request body over the app's limit"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": SCENARIO_REQUEST_SCHEMA}},
        }
    },
)
def scenario(
    request: Request, body: Annotated[dict[str, Any], Body(description="A scenario document.")]
) -> ScenarioResponse:
    """A scenario (the keys of a scenario file, as in examples/ and docs/scenarios.md) against
    the baseline: each ally's GDP, spending and obligations with and without it, a TOTAL, and
    P5/P50/P95 bands of share of GDP and cost per ally and year from a seeded Monte Carlo.
    `draws` (0-20,000; default the document's, at most 2,000) and `seed` may sit beside the
    document's keys; the run stops at the app's time limit (400). An unknown key or country, or
    a value out of range, is a 422 naming the key and the value."""
    task = scenarios.from_document(body, scenarios.REQUEST)
    report = scenarios.run(request.app.state.store, task)
    return ScenarioResponse.of(report, task)
