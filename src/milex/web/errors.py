"""One error shape for every error the app returns: {"ok": false, "error": ..., "status": N}.

milex's exceptions map to HTTP statuses here and nowhere else; unexpected exceptions become a
500 with no stack trace sent to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from milex import errors
from milex.web.security import SECURITY_HEADERS

log = logging.getLogger("milex.web")

STATUS: tuple[tuple[type[errors.MilexError], int], ...] = (
    (errors.UnknownCountryError, 404),
    (errors.UnknownReleaseError, 404),
    (errors.UnknownIndicatorError, 404),
    (errors.UnknownTargetError, 404),
    (errors.NoDataError, 404),
    (errors.InvalidQueryError, 400),
    (errors.ValidationError, 422),
    (errors.StoreError, 503),
)


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    """The error object every endpoint returns."""
    return {"ok": False, "error": message, "status": status, **extra}


def status_of(exc: errors.MilexError) -> int:
    """The HTTP status for one of milex's exceptions."""
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 400


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(errors.MilexError)
    async def milex_error(_: Request, exc: errors.MilexError) -> JSONResponse:
        status = status_of(exc)
        extra: dict[str, Any] = {}
        if isinstance(exc, errors.UnknownCountryError):
            extra["suggestions"] = exc.suggestions
        return JSONResponse(error_body(status, str(exc), **extra), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'] if p != 'query')}: {e['msg']}"
            for e in exc.errors()
        )
        return JSONResponse(error_body(422, f"invalid request: {problems}"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return JSONResponse(
            error_body(exc.status_code, message),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        # This handler runs outside the middleware, so it sets the headers itself.
        return JSONResponse(
            error_body(500, "internal error"), status_code=500, headers=SECURITY_HEADERS
        )
