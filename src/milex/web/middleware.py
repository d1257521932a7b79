"""One plain ASGI middleware for what every request and response needs: the security headers,
the request body (its size, the time it may take to arrive, and JSON that is Unicode text), HEAD
answered as GET without a body, and a cache of API answers (the app never writes to the store,
so the same GET has the same answer until another process swaps in a new store file; then the
cache is emptied). It sits outside the gzip middleware: an answer is cached as sent, gzipped
for clients that accept gzip and plain for the others, so a cached answer is never compressed
twice. Plain ASGI rather than @app.middleware("http"), which costs a task and a queue per
request."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from milex.web.security import SECURITY_HEADERS

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
_CACHEABLE_PREFIX = "/api/v1/"
# Revalidate every time: the answer changes only when a new store is swapped in, and then the
# ETag does too, so a client's copy is confirmed by a 304 without a body.
_CACHE_CONTROL = b"no-cache"
_UNTAGGED = ("/static", "/check", "/scenarios", "/docs")
# A cached answer costs its body, its headers and its key, plus this for the entry itself.
_ENTRY_OVERHEAD = 256
# Query strings whose key is remembered, and the longest remembered: under 5 MB in all.
_MAX_KEYS = 4096
_MAX_KEY_QUERY = 512
CacheKey = tuple[str, tuple[tuple[str, str], ...]]
# An answer's place in the cache: its key and whether it was sent gzipped.
CacheSlot = tuple[CacheKey, bool]


class _Refused(Exception):
    """A request the middleware answers itself, with this status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def cache_key(path: str, query_string: bytes) -> CacheKey:
    """The key of an answer: the path and the decoded query parameters sorted by name (the
    values of one name keep their order: the last one given is the one the API reads). Two
    spellings of one query (``a=1&b=2``, ``b=2&a=%31``) share a key."""
    if not query_string:
        return (path, ())
    pairs = plain_pairs(query_string)
    if pairs is None:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return (path, tuple(sorted(pairs, key=lambda pair: pair[0])))


def plain_pairs(query_string: bytes) -> list[tuple[str, str]] | None:
    """A query string with nothing to decode (no escapes, no '+') split as ``parse_qsl``
    would split it, at a fraction of the cost; None when there is something to decode."""
    text = query_string.decode("latin-1")
    if "%" in text or "+" in text:
        return None
    return [(name, value) for name, _, value in (p.partition("=") for p in text.split("&") if p)]


def unicode_problem(value: Any) -> str | None:
    """Where a decoded JSON value holds a string that is not Unicode text (a lone surrogate,
    which JSON's ``\\ud800`` escapes can spell), and which character; None if it holds none."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        place, item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                where = f"'{place}'" if place else "the body"
                return f"{where} holds {item[exc.start]!a} at character {exc.start:,}"
        elif isinstance(item, dict):
            for key, inner in item.items():
                name = key if _plain(key) else "..."
                inner_place = f"{place}.{name}" if place else name
                stack.append((f"{inner_place} (the key)", key))
                stack.append((inner_place, inner))
        elif isinstance(item, list):
            stack.extend((f"{place}[{index}]", inner) for index, inner in enumerate(item))
    return None


def _plain(key: str) -> bool:
    return key.isascii() and key.isprintable() and len(key) <= 40


class MilexMiddleware:
    """Security headers on every response; the request body read whole, within a size and a
    time limit, and refused when it is JSON holding what no text encoding can carry; HEAD as
    GET; and cached API answers, bounded in bytes."""

    def __init__(
        self,
        app: ASGIApp,
        max_body_bytes: int,
        version: Callable[[], object] = lambda: None,
        app_version: str = "",
        cache_bytes: int = 64_000_000,
        body_seconds: float = 10.0,
        version_check_seconds: float = 0.25,
    ) -> None:
        self.app = app
        self.app_version = app_version
        self.max_body_bytes = max_body_bytes
        self.body_seconds = body_seconds
        self.version = version  # which store file answers come from; a change empties the cache
        self.cached_version = version()
        # How often the cache asks whether the store's file was replaced (by `milex import`).
        self.version_check_seconds = version_check_seconds
        self.next_check = 0.0
        self.cache_bytes = cache_bytes
        # One answer takes at most an eighth of the cache (and 1 MB), so it cannot empty it.
        self.max_entry_bytes = min(1_000_000, cache_bytes // 8)
        self.cached_bytes = 0
        self.cache: OrderedDict[CacheSlot, tuple[int, tuple[Any, ...], bytes, int]] = OrderedDict()
        # A query string as sent -> its key (parsing it costs more than the rest of a hit).
        self.keys: dict[tuple[str, bytes], CacheKey] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        head = scope["method"] == "HEAD"
        if head:  # answered as a GET whose body is left out
            scope = {**scope, "method": "GET"}
        csv_suffix = path.startswith(_CACHEABLE_PREFIX) and path.endswith(".csv")
        if csv_suffix:  # /api/v1/status.csv: the table as CSV (the endpoint reads the mark)
            path = path.removesuffix(".csv")
            state = {**scope.get("state", {}), "csv": True}
            scope = {**scope, "path": path, "raw_path": path.encode(), "state": state}
        etag = None
        if scope["method"] == "GET" and _tagged(path):
            now = time.monotonic()
            if now >= self.next_check:  # at most a few times a second, not per request
                self._check_version(now)
            etag = self._etag(path, scope, csv_suffix)
            held = _if_none_match(scope)
            confirmed = etag if etag in held else _gzipped(etag) if _gzipped(etag) in held else None
            if confirmed is not None:  # the client's copy, plain or gzipped, is current
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [
                            (b"etag", confirmed),
                            (b"cache-control", _CACHE_CONTROL),
                            (b"vary", b"Accept, Accept-Encoding"),
                            *_HEADERS,
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        replayed: Receive | None = receive
        headers = dict(scope["headers"])
        if b"content-length" in headers or b"transfer-encoding" in headers:
            try:
                replayed = await self._body(headers, receive)
            except _Refused as refused:
                await self._error(send, refused.status, str(refused), head)
                return
            if replayed is None:  # the client left before sending its body
                return
        key: CacheSlot | None = None
        if scope["method"] == "GET" and path.startswith(_CACHEABLE_PREFIX):
            now = time.monotonic()
            if now >= self.next_check:  # at most a few times a second, not per request
                self._check_version(now)
            kind = b"csv" if csv_suffix or _accepts_csv(scope) else b""
            raw = (path + ("|csv" if kind else ""), scope.get("query_string", b""))
            parsed = self.keys.get(raw)
            if parsed is None:
                parsed = cache_key(*raw)
                if len(raw[1]) <= _MAX_KEY_QUERY:
                    if len(self.keys) >= _MAX_KEYS:  # seen lately: bounded, then forgotten
                        self.keys.clear()
                    self.keys[raw] = parsed
            key = (parsed, b"gzip" in headers.get(b"accept-encoding", b""))
            hit = self.cache.get(key)
            if hit is not None:
                self.cache.move_to_end(key)
                status, response_headers, body, _ = hit
                await send(
                    {"type": "http.response.start", "status": status, "headers": response_headers}
                )
                await send({"type": "http.response.body", "body": b"" if head else body})
                return
        captured: dict[str, Any] = {"status": 0, "headers": [], "body": [], "size": 0}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in _HEADERS if n not in present]
                if etag is not None and message["status"] == 200:
                    gzipped = (b"content-encoding", b"gzip") in message.get("headers", [])
                    extra += [
                        (b"etag", _gzipped(etag) if gzipped else etag),
                        (b"cache-control", _CACHE_CONTROL),
                        (b"vary", b"Accept"),
                    ]
                message["headers"] = list(message.get("headers", [])) + extra
                captured["status"] = message["status"]
                captured["headers"] = message["headers"]
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if key is not None and captured["size"] <= self.max_entry_bytes:
                    captured["body"].append(chunk)
                    captured["size"] += len(chunk)
                    if not message.get("more_body") and captured["status"] == 200:
                        self._remember(key, captured)
                if head:
                    message = {**message, "body": b""}
            await send(message)

        assert replayed is not None
        await self.app(scope, replayed, send_with_headers)

    async def _body(self, headers: dict[bytes, bytes], receive: Receive) -> Receive | None:
        """The request's body read whole (within the size and time limits) and handed to the
        app from memory; None if the client left first. A request without one is untouched."""
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body_bytes):
            raise _Refused(413, f"request body over {self.max_body_bytes} bytes")
        if length is None and b"chunked" in headers.get(b"transfer-encoding", b""):
            raise _Refused(411, "send the request body with a Content-Length")
        if length is None or int(length) == 0:
            return receive
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.body_seconds
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise _Refused(
                    408, f"the request body did not arrive within {self.body_seconds:g} s"
                ) from None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _Refused(413, f"request body over {self.max_body_bytes} bytes")
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        kind = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if kind == b"application/json" or kind.endswith(b"+json"):
            _check_json_text(body)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:  # the body was given: what comes next is the client leaving
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay

    def _etag(self, path: str, scope: Scope, csv: bool) -> bytes:
        """A strong validator of the answer: the store file and milex's version (the store
        never changes while it is the one served), the request and the format asked for."""
        digest = hashlib.blake2b(digest_size=16)
        for part in (
            repr(self.cached_version).encode(),
            self.app_version.encode(),
            path.encode(),
            scope.get("query_string", b""),
            b"csv" if csv or _accepts_csv(scope) else b"",
        ):
            digest.update(part)
            digest.update(b"\x00")
        return b'"' + digest.hexdigest().encode() + b'"'

    def _check_version(self, now: float) -> None:
        self.next_check = now + self.version_check_seconds
        version = self.version()
        if version != self.cached_version:
            self.cache.clear()
            self.cached_bytes = 0
            self.cached_version = version

    def _remember(self, key: CacheSlot, captured: dict[str, Any]) -> None:
        body = b"".join(captured["body"])
        headers = captured["headers"]
        (path, query), _ = key
        size = (
            len(body)
            + sum(len(name) + len(value) for name, value in headers)
            + len(path)
            + sum(len(name) + len(value) for name, value in query)
            + _ENTRY_OVERHEAD
        )
        if size > self.max_entry_bytes:
            return
        previous = self.cache.pop(key, None)
        if previous is not None:
            self.cached_bytes -= previous[3]
        # A tuple of (bytes, bytes) pairs, not the list sent: the collector stops tracking
        # tuples of plain values, so thousands of cached answers add nothing to its passes.
        self.cache[key] = (captured["status"], tuple(headers), body, size)
        self.cached_bytes += size
        while self.cached_bytes > self.cache_bytes:
            _, (_, _, _, dropped) = self.cache.popitem(last=False)
            self.cached_bytes -= dropped

    async def _error(self, send: Send, status: int, message: str, head: bool = False) -> None:
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
        await send({"type": "http.response.body", "body": b"" if head else body})


def _tagged(path: str) -> bool:
    """Answers that come from the store alone get an ETag: the API, the pages, the charts and
    their data (not the docs, the static files, which have their own, or the forms)."""
    return not path.startswith(_UNTAGGED) and path not in ("/openapi.json", "/docs")


def _gzipped(etag: bytes) -> bytes:
    """The tag of an answer's gzipped bytes: a strong validator names one representation, so
    the gzipped and the plain bytes of one answer carry different tags (as Apache does)."""
    return etag[:-1] + b'-gzip"'


def _if_none_match(scope: Scope) -> set[bytes]:
    for name, value in scope.get("headers", ()):
        if name == b"if-none-match":
            return {tag.strip() for tag in value.split(b",")}
    return set()


def _accepts_csv(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept":
            first: bytes = value.split(b",", 1)[0].split(b";", 1)[0].strip().lower()
            return first == b"text/csv"
    return False


def _check_json_text(body: bytes) -> None:
    """Refuse a JSON body whose strings are not all Unicode text. A body that is not JSON at
    all is left to the app, which answers it with its own error."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return
    problem = unicode_problem(value)
    if problem is not None:
        raise _Refused(
            400,
            f"request body: {problem}, a lone surrogate, which is not a character; send "
            "Unicode text (in JSON, a \\u escape of a surrogate comes in a high-low pair)",
        )
