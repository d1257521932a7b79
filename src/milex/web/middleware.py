"""One plain ASGI middleware for what every response needs: the security headers, the body
limit, and a cache of API answers (the app never writes to the store, so the same GET has the
same answer until another process swaps in a new store file; then the cache is emptied).
Plain ASGI rather than @app.middleware("http"), which costs a task and a queue per request."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from milex.web.security import CSP, SECURITY_HEADERS

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
# Swagger UI starts itself with one inline script (its assets are served locally).
_DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").encode()
_CACHEABLE_PREFIX = "/api/v1/"
_MAX_CACHED_BODY = 1_000_000
# How often the cache asks whether the store's file was replaced (by `milex import`).
_VERSION_CHECK_SECONDS = 0.25


class MilexMiddleware:
    """Security headers on every response, a request-body limit, and cached API answers."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        version: Callable[[], object] = lambda: None,
        cache_entries: int = 1024,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.version = version  # which store file answers come from; a change empties the cache
        self.cached_version = version()
        self.next_check = 0.0
        self.cache_entries = cache_entries
        self.cache: OrderedDict[tuple[str, bytes], tuple[int, list[Any], bytes]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            await self._error(send, 413, f"request body over {self.max_body_bytes} bytes")
            return
        if length is None and b"chunked" in headers.get(b"transfer-encoding", b""):
            await self._error(send, 411, "send the request body with a Content-Length")
            return
        key = None
        if scope["method"] == "GET" and path.startswith(_CACHEABLE_PREFIX):
            now = time.monotonic()
            if now >= self.next_check:  # at most a few times a second, not per request
                self.next_check = now + _VERSION_CHECK_SECONDS
                version = self.version()
                if version != self.cached_version:
                    self.cache.clear()
                    self.cached_version = version
            key = (path, scope.get("query_string", b""))
            hit = self.cache.get(key)
            if hit is not None:
                self.cache.move_to_end(key)
                status, response_headers, body = hit
                await send(
                    {"type": "http.response.start", "status": status, "headers": response_headers}
                )
                await send({"type": "http.response.body", "body": body})
                return
        captured: dict[str, Any] = {"status": 0, "headers": [], "body": []}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in _HEADERS if n not in present]
                if path == "/docs":
                    extra = [
                        (n, _DOCS_CSP if n == b"content-security-policy" else v) for n, v in extra
                    ]
                message["headers"] = list(message.get("headers", [])) + extra
                captured["status"] = message["status"]
                captured["headers"] = message["headers"]
            elif message["type"] == "http.response.body" and key is not None:
                captured["body"].append(message.get("body", b""))
                if not message.get("more_body") and captured["status"] == 200:
                    self._remember(key, captured)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _remember(self, key: tuple[str, bytes], captured: dict[str, Any]) -> None:
        body = b"".join(captured["body"])
        if len(body) > _MAX_CACHED_BODY:
            return
        self.cache[key] = (captured["status"], captured["headers"], body)
        if len(self.cache) > self.cache_entries:
            self.cache.popitem(last=False)

    async def _error(self, send: Send, status: int, message: str) -> None:
        body = json.dumps({"ok": False, "error": message, "status": status}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    *_HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
