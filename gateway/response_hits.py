"""Answers from the whole-response cache (gateway/response_cache.py), straight to the socket.

``HitPath``, the gateway app's entry, runs before the GraphQL endpoint: a request it recognises
byte for byte (its POST body or GET query string, with the headers that choose the answer) is
answered from the stored bytes without being decoded, parsed, validated, planned or executed.
Any other request goes on to the endpoint, with the body already read handed back to it. Every
hit was indexed by the endpoint after the same request passed all its checks (Content-Type,
CSRF, persisted-query rules), so they hold for a hit too.

What a hit sends is what a miss sends but for the request id: the stored body and media type,
its ``ETag`` (a matching ``If-None-Match`` gets a 304, POST included), for a GET
``Cache-Control`` with the entry's remaining lifetime, the CORS headers, and
``TMDBFusion-Cache: hit``. It runs nothing and logs nothing, so it makes no request id (an id
matches log lines and errors, and a hit has neither): it sends back the client's own
``X-Request-Id`` when that is sane. The usual hit, a POST with neither ``If-None-Match`` nor
``X-Request-Id`` to a gateway without CORS, sends two messages built once per entry, as a bare
app answering stored bytes would.
Requests with a ``Cache-Control`` or ``TMDBFusion-Trace`` header, or a repeated header, take the
endpoint's path, which answers them from the cache too where it may.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any, Final, Protocol

import msgspec
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.body import Replayed
from gateway.cors import CorsPolicy
from gateway.csrf import PREFLIGHT_HEADERS
from gateway.deadlines import Deadlines, timeout
from gateway.httpcache import VARY_ACCEPT, cached_get, matches
from gateway.requestid import REQUEST_ID_HEADER, sane_request_id
from gateway.response_cache import (
    CACHE_HEADER,
    HIT,
    PUBLISH_EVERY,
    Alias,
    Entry,
    ResponseCache,
)
from gateway.responses import ENCODE, Answer, Header, RequestError
from gateway.trace import TRACE_HEADER

_HIT: Final = (CACHE_HEADER, HIT)
_CACHE_CONTROL: Final = b"cache-control"
_IF_NONE_MATCH: Final = b"if-none-match"
_current_task: Final = asyncio.current_task
_running_loop: Final = asyncio.get_running_loop
_FIRST, _SECOND = PREFLIGHT_HEADERS


class Endpoint(Protocol):
    """The GraphQL endpoint (``GraphQLApp.endpoint``): ASGI, and given what was read here."""

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[bytes, bytes] | None = None,
        body: bytes | None = None,
    ) -> None: ...


def alias(method: str, raw: bytes, headers: Mapping[bytes, bytes]) -> Alias | None:
    """The raw-request index's key for a request whose POST body or GET query string is ``raw``;
    None for a request ``HitPath`` never answers (see the module's docstring)."""
    if _CACHE_CONTROL in headers or TRACE_HEADER in headers:
        return None
    accept = headers.get(b"accept")
    content_type = headers.get(b"content-type")
    if method == "POST":
        return (raw, accept, content_type)
    preflight = bool(headers.get(_FIRST) or headers.get(_SECOND))
    return (raw, accept, content_type, preflight)


class HitPath:
    """The gateway app's entry, a mixin of ``GatewayApp`` (gateway/app.py), so that a hit is
    answered in the one coroutine the server calls, as a bare app answers: requests to
    ``/graphql`` are answered here when they can be, else by ``endpoint``; other paths go to
    ``elsewhere`` (Starlette's router). ``cache`` None: the response cache is off."""

    def __init__(
        self,
        cache: ResponseCache | None,
        cors: CorsPolicy | None,
        deadlines: Deadlines,
        endpoint: Endpoint,
        elsewhere: ASGIApp,
    ) -> None:
        self._cache = cache
        self._aliases = None if cache is None else cache.aliases
        self._clock = time.monotonic if cache is None else cache.clock
        self._ceiling = 0.0 if cache is None else cache.ceiling
        self._deadlines = deadlines
        self._waiting = deadlines.waiting
        self._cors = cors
        self._plain = cors is None  # then a POST's hit can be sent as built once per entry
        self._endpoint = endpoint
        self._elsewhere = elsewhere

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql":
            await self._elsewhere(scope, receive, send)
            return
        aliases = self._aliases
        if aliases is None:
            await self._endpoint(scope, receive, send)
            return
        raw = scope["headers"]
        headers = dict(raw)
        if len(headers) != len(raw) or _CACHE_CONTROL in headers or TRACE_HEADER in headers:
            await self._endpoint(scope, receive, send)
            return
        method = scope["method"]
        accept = headers.get(b"accept")
        content_type = headers.get(b"content-type")
        if method == "POST":
            # Deadlines.within, inline (a hit is a few microseconds: a coroutine call less, and
            # no method calls, show). A declared length over the limit is the endpoint's to
            # refuse: one message read here is no more than the server holds already.
            deadlines = self._deadlines
            loop = _running_loop()
            task = _current_task(loop)
            assert task is not None
            waiting = self._waiting
            waiting[task] = deadlines.sweep
            if deadlines.loop is not loop:
                deadlines.schedule(loop)
            try:
                message = await receive()
            except asyncio.CancelledError:
                if deadlines.ours(task):
                    # The endpoint reads the body, and answers the 408.
                    await self._endpoint(scope, _Failing(timeout(deadlines.limit)), send)
                    return
                raise
            finally:
                waiting.pop(task, None)
                if deadlines.expired:
                    deadlines.settle(task)
            if message["type"] != "http.request" or message.get("more_body", False):
                await self._endpoint(scope, Replayed(message, receive), send, headers)
                return
            body = message.get("body", b"")
            entry = aliases.get((body, accept, content_type))
            if entry is None or entry.expires <= self._clock():
                await self._endpoint(scope, receive, send, headers, body)
                return
            if self._plain and _IF_NONE_MATCH not in headers and REQUEST_ID_HEADER not in headers:
                start, whole = entry.messages or entry.plain
                await send(start)
                await send(whole)
            else:
                await self._send(entry, headers, send, None)
        elif method == "GET":
            preflight = bool(headers.get(_FIRST) or headers.get(_SECOND))
            entry = aliases.get((scope["query_string"], accept, content_type, preflight))
            now = self._clock()
            if entry is None or entry.expires <= now:
                await self._endpoint(scope, receive, send, headers)
                return
            await self._send(entry, headers, send, entry.expires - now)
        else:
            await self._endpoint(scope, receive, send, headers)
            return
        entry.used = True  # for eviction's second chance; no reordering per hit
        cache = self._cache
        assert cache is not None
        cache.hits += 1  # published by the cache, without a lock per hit
        if cache.hits >= PUBLISH_EVERY:
            cache.publish()

    async def _send(
        self, entry: Entry, headers: dict[bytes, bytes], send: Send, remaining: float | None
    ) -> None:
        """A hit whose headers depend on the request: conditional, with the client's request
        id, a GET's (``remaining``: the entry's lifetime left), or with CORS."""
        match = headers.get(_IF_NONE_MATCH)
        if match is not None and matches(match, entry.etag):
            status, body = 304, b""
            head = [(b"etag", entry.etag), _HIT]
        else:
            status, body = 200, entry.body
            head = [*(entry.hit_head or entry.head)]
        sent = headers.get(REQUEST_ID_HEADER)
        if sent is not None and sane_request_id(sent):
            head.append((REQUEST_ID_HEADER, sent))
        if remaining is not None:
            seconds = int(min(remaining, self._ceiling))
            head += ((b"cache-control", b"public, max-age=%d" % seconds), VARY_ACCEPT)
        if self._cors is not None:
            head += self._cors.headers(headers.get(b"origin", b""))
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": body})


class _Failing:
    """A ``receive`` that raises the error reading the body met."""

    __slots__ = ("_error",)

    def __init__(self, error: RequestError) -> None:
        self._error = error

    async def __call__(self) -> Message:
        raise self._error


def answer(
    entry: Entry,
    get: bool,
    request: Mapping[bytes, bytes],
    ceiling: float,
    now: float,
    *,
    traced: bool = False,
) -> Answer:
    """The endpoint's answer from ``entry``, as ``HitPath`` would send it (its own request id and
    CORS headers are added by the endpoint). ``traced``: with ``extensions.responseCache`` and an
    empty upstream trace added, then cached as any GET answer is."""
    seconds = int(min(max(0.0, entry.expires - now), ceiling))
    if traced:
        body = with_extensions(entry.body, {"responseCache": "hit", "tmdb": []})
        traced_answer = Answer(200, body, entry.content_type, [_HIT])
        return cached_get(traced_answer, False, seconds, request) if get else traced_answer
    tag = entry.etag
    head: list[Header] = [(b"etag", tag), _HIT]
    if get:
        head += ((b"cache-control", b"public, max-age=%d" % seconds), VARY_ACCEPT)
    match = request.get(b"if-none-match")
    if match is not None and matches(match, tag):
        return Answer(304, b"", None, head)
    return Answer(200, entry.body, entry.content_type, head)


class _Stored(msgspec.Struct):
    data: msgspec.Raw = msgspec.Raw(b"null")
    extensions: dict[str, Any] | None = None


_STORED: Final = msgspec.json.Decoder(_Stored)


def with_extensions(body: bytes, extensions: dict[str, Any]) -> bytes:
    """A stored body with ``extensions`` added (a traced request's): the data is not decoded."""
    stored = _STORED.decode(body)
    return ENCODE({"data": stored.data, "extensions": {**(stored.extensions or {}), **extensions}})
