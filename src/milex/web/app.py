"""The FastAPI application: settings, the read-only store, security headers and limits.

    milex serve               # http://127.0.0.1:8000 (dashboard), /api/v1 (JSON), /docs
    milex serve --workers 2   # the same on two processes (each with its own answer cache)

The store is checked (and built if needed) once at start-up; each worker thread then opens its
own read-only connection. The app never writes to the store, so answers are cached; when
another process replaces the store (``milex import``, ``milex build`` swap in a new file), the
next request sees the new file: connections are reopened and the cache is emptied. The charts'
script (the Vega bundle) is read from milex's cache folder, where `milex build` wrote it. Answers
of text (pages, JSON, CSV, scripts) go gzipped to clients that accept it.
"""

from __future__ import annotations

import gc
import json
import os
import socket
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.middleware.gzip import GZipMiddleware

from milex.web import assets, errors
from milex.web.fastlane import FastLane
from milex.web.middleware import MilexMiddleware
from milex.web.store import Store


@dataclass(frozen=True)
class Settings:
    """What a deployment may change; tests shrink the limits."""

    store_path: Path | None = None
    # A JSON or form body holding a text of 1,000,000 characters (the checker's limit) with
    # its quotes and escapes: the text's own limit is enforced, in characters, by the library.
    max_body_bytes: int = 2_500_000
    max_rows: int = 20_000
    time_limit_seconds: float = 10.0
    # A request's body must arrive whole within this (a slow sender holds a connection).
    body_seconds: float = 10.0
    # The cache of API answers, in bytes (an answer takes at most an eighth of it, and 1 MB).
    cache_bytes: int = 64_000_000
    # How often the cache asks whether another process swapped in a new store file.
    store_check_seconds: float = 0.25
    # Origins whose pages may call the API from a browser (CORS; none by default).
    cors_origins: tuple[str, ...] = ()
    # Build the Overview's charts at start-up, beside the server, then set the start-up's
    # objects aside from the garbage collector (`milex serve` does).
    warm_up: bool = False
    # Answers smaller than this go uncompressed (gzip would save little or nothing).
    gzip_min_bytes: int = 500


# `milex serve --workers N`: uvicorn's worker processes build the app from this factory, with
# the settings the command put in their environment.
FACTORY = "milex.web.app:app_from_environment"
_ENVIRONMENT = "MILEX_SERVE_SETTINGS"


def settings_to_environment(settings: Settings) -> dict[str, str]:
    """The settings a worker process reads back with :func:`app_from_environment`."""
    return {
        _ENVIRONMENT: json.dumps(
            {
                "store_path": str(settings.store_path) if settings.store_path else None,
                "cors_origins": list(settings.cors_origins),
                "warm_up": settings.warm_up,
            }
        )
    }


HEALTH_CHECK_SECONDS = 30


def serve_on_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """`milex serve --workers N`: uvicorn's supervisor (it starts the worker processes, restarts
    any that dies, stops them all on a signal), each worker with a listening socket of its own
    on the one port (SO_REUSEPORT, Linux), so that the kernel spreads new connections evenly
    over them. With uvicorn's one shared socket, the worker that woke first accepted most of a
    burst of connections: of 32 opened at once, two workers took 5/27, 1/31 and 0/32 in three
    tries (each on its own socket: 10/22, 16/16, 14/18). Elsewhere, the shared socket."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ.update(settings_to_environment(settings))
    # uvicorn kills a worker that does not answer its health check within 5 s by default; a
    # worker starting on a loaded machine (importing pandas, opening the store) can take longer
    # (a test saw a worker replaced while starting at load average 13, most likely so), so it is
    # given HEALTH_CHECK_SECONDS.
    options: dict[str, Any] = {
        "factory": True,
        "workers": workers,
        "host": host,
        "port": port,
        "log_level": "warning",
        "timeout_worker_healthcheck": HEALTH_CHECK_SECONDS,
    }
    if not _OwnSocket.available():
        uvicorn.run(FACTORY, **options)
        return
    config = uvicorn.Config(FACTORY, **options)
    Multiprocess(config, sockets=[_OwnSocket.bound(host, port)]).run()


class _OwnSocket(socket.socket):
    """A port each worker process listens on with a socket of its own. uvicorn hands its
    sockets to the workers it starts by pickling them; this one arrives as a new socket on
    the same address with SO_REUSEPORT, which the worker listens on. In the supervisor it is
    bound (it holds the port) and never listens, so it is given no connection."""

    @staticmethod
    def available() -> bool:
        return sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT")

    @classmethod
    def bound(cls, host: str, port: int) -> _OwnSocket:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = cls(family, socket.SOCK_STREAM)
        _share_port(sock)
        sock.bind((host, port))
        return sock

    def __reduce__(self) -> tuple[Any, ...]:
        return (_listening_socket, (self.family, self.getsockname()[:2]))


def _share_port(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)


def _listening_socket(family: socket.AddressFamily, address: tuple[str, int]) -> socket.socket:
    """In a worker: its own socket on the supervisor's address (the server listens on it)."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    _share_port(sock)
    sock.bind(address)
    return sock


def app_from_environment() -> FastAPI:
    """The app with the settings `milex serve` left in the environment (uvicorn's factory)."""
    given = json.loads(os.environ.get(_ENVIRONMENT) or "{}")
    path = given.get("store_path")
    return create_app(
        Settings(
            store_path=Path(path) if path else None,
            cors_origins=tuple(given.get("cors_origins", ())),
            warm_up=bool(given.get("warm_up", False)),
        )
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The whole app: API, pages, static files, error handling and limits."""
    from fastapi_offline import FastAPIOffline

    from milex import __version__
    from milex.web import pages, rest

    settings = settings or Settings()
    warmed = threading.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            # Beside the server, not before it: it answers at once, and the first chart a
            # browser asks for is (most often) ready by the time the page has loaded.
            threading.Thread(
                target=_warm_up, args=(app, warmed), name="milex-warm-up", daemon=True
            ).start()
        yield

    # FastAPIOffline serves Swagger UI's files from the installed package, not from a CDN;
    # the page at /docs that draws it is milex's own (milex.web.pages), under the site's header.
    app = FastAPIOffline(
        title="milex",
        version=__version__,
        summary="NATO defence spending with official figures and their sources",
        description=(
            "Read-only JSON API over milex's store: NATO's defence-expenditure tables (every "
            "edition held), SIPRI since 1949, IMF GDP. Every figure carries its release, table "
            "and source URL. Errors have one shape: {ok: false, error, status}. A query "
            "parameter an endpoint does not take is refused (400, naming it)."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        static_url="/static/docs",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = Store(settings.store_path, settings.time_limit_seconds)
    app.state.bundle = assets.load()
    app.state.warmed = warmed  # set once the warm-up is done (tests wait on it)
    errors.install(app)

    # Innermost: the hottest routes' plain, valid queries answered without FastAPI's routing
    # and parameter solving; all else goes on to FastAPI as before.
    app.add_middleware(
        FastLane,
        routes=[r for r in rest.router.routes if isinstance(r, APIRoute) and r.path in rest.HOT],
        query_checks=rest.QUERY_CHECKS,
    )
    # Added before MilexMiddleware, so it sits inside it: the answer cache keeps compressed
    # answers (one per encoding) and compresses each only once.
    app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_min_bytes, compresslevel=6)
    app.add_middleware(
        MilexMiddleware,
        max_body_bytes=settings.max_body_bytes,
        version=app.state.store.version,
        app_version=__version__,
        cache_bytes=settings.cache_bytes,
        body_seconds=settings.body_seconds,
        version_check_seconds=settings.store_check_seconds,
    )
    if settings.cors_origins:  # outermost: a preflight is answered before anything else
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=["Accept", "Content-Type", "If-None-Match"],
            expose_headers=["ETag"],
            max_age=600,
        )
    app.include_router(rest.router)
    pages.install(app)
    return app


# New objects between two passes over the young generation once the server is warm (CPython's
# default is 700).
YOUNG_COLLECTION_OBJECTS = 20_000


def _warm_up(app: FastAPI, done: threading.Event) -> None:
    """Build the Overview's charts into the cache; a failure here is the first request's to
    report, not the start-up's. Then set what the process holds after start-up aside from the
    garbage collector (modules, pydantic's schemas, pandas, Altair: some 100,000 objects that
    live as long as the process): each full collection scanned them all, pausing every request
    in flight for 20-40 ms, the slowest percent of uncached API answers under load. Then the
    young generation is collected every 20,000 new objects rather than 700: an all-allies
    pathway answer makes thousands that refcounting frees anyway, and each early pass paused
    the requests in flight (bench/load_uncached.py, quiet machine: p99 48.0-48.4 ms against
    50.2-50.5 ms)."""
    from milex.web import pages

    try:
        pages.warm_up(app.state.store)
    except Exception:  # the request that needs the chart meets the error
        pass
    finally:
        gc.collect()  # start-up's garbage goes first, not into the frozen set for good
        gc.freeze()
        gc.set_threshold(YOUNG_COLLECTION_OBJECTS, *gc.get_threshold()[1:])
        done.set()
