"""The GraphQL HTTP endpoint, as a plain ASGI app.

It does what strawberry's view does for the requests this gateway serves and nothing else,
because per request strawberry's view cost more than executing a small query: measured
in-process on the movie-core query, 70 us of view around 147 us of execution. Every failure,
even before GraphQL runs, answers in GraphQL's response shape with an ``extensions.code``.
tests/test_view_parity.py runs the same requests through strawberry's own ASGI view and
compares the answers wherever both serve them.

Supported (GraphQL over HTTP; graphql-http's audit runs in tests/test_conformance.py):
- POST of an ``application/json`` body ``{query, variables, operationName, extensions}``;
- GET with the same as URL parameters, ``variables`` and ``extensions`` JSON-encoded; queries
  only, and only after a CORS preflight or for a persisted query (gateway/csrf.py);
- answers as ``application/graphql-response+json`` or ``application/json``, as negotiated from
  ``Accept`` (gateway/negotiation.py); a 406 when neither is acceptable;
- the request's ``extensions``: Apollo's automatic persisted queries, or a safelist
  (gateway/persisted.py), and the whole map handed to strawberry as ``operation_extensions``;
- HTTP caching of GET answers: ``Cache-Control``, ``ETag``, 304 (gateway/httpcache.py);
- the whole-response cache (gateway/response_cache.py): a successful query's encoded answer is
  kept as long as the TMDB data under it stays fresh, and an identical request is answered from
  it (``TMDBFusion-Cache: hit``) by ``HitPath`` before this endpoint reads it
  (gateway/response_hits.py), or here once its document is known (a respelled document, a
  persisted query's hash, a traced request); ``Cache-Control: no-cache`` runs it again;
- CORS, preflights included (gateway/cors.py); GraphiQL for a browser's GET without a query,
  except in production;
- observability: every answer given here carries its request id (``X-Request-Id``, the client's
  when sane, gateway/requestid.py), which every log line written while serving it carries too; each
  GraphQL request is counted by operation name and outcome (gateway/metrics.py); with
  ``TMDBFusion-Trace: 1`` the answer's ``extensions.tmdb`` lists its upstream requests
  (gateway/trace.py).
Not supported, each refused with a 4xx rather than half served:
- batching (a JSON array of operations): 400;
- multipart requests (file uploads, the GraphQL multipart request spec): 415; no field takes a
  file;
- subscriptions: the schema has no Subscription type, so they fail validation (and over GET are
  a 405);
- incremental delivery: ``@defer`` and ``@stream`` are not in the schema, so they fail
  validation.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, Final

from graphql import GraphQLError
from starlette.types import Receive, Scope, Send
from strawberry import Schema
from strawberry.exceptions import MissingQueryError
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway import csrf, metrics, observe
from gateway.body import read_body, within_limit
from gateway.config import MAX_BODY_BYTES, MAX_VARIABLES_BYTES
from gateway.cors import CorsPolicy
from gateway.deadlines import Deadlines
from gateway.disconnect import unless_disconnected
from gateway.httpcache import VARY_ACCEPT, Freshness, cached_get, max_age
from gateway.negotiation import Media, negotiate
from gateway.operation import Operation
from gateway.params import Params, check_json, from_post, from_query_string
from gateway.persisted import MemoryStore, PersistedQueries, Source
from gateway.requestid import REQUEST_ID, REQUEST_ID_HEADER, accept_request_id
from gateway.response_cache import (
    BYPASS,
    CACHE_HEADER,
    COUNT,
    HIT,
    MISS,
    PUBLISH_EVERY,
    Entry,
    Flight,
    Gone,
    Key,
    ResponseCache,
    no_cache,
)
from gateway.response_hits import alias, answer as cached_answer
from gateway.responses import (
    ENCODE,
    NO_STORE,
    Answer,
    RequestError,
    internal_error,
    send_answer,
)
from gateway.trace import TRACE, TRACE_HEADER, Trace

logger = logging.getLogger("gateway")

ALLOW: Final = (b"allow", b"GET, POST")
_QUERIES_ONLY: Final = frozenset({OperationType.QUERY})
_ALL_OPERATIONS: Final = frozenset(OperationType)
_HTML: Final = b"text/html; charset=utf-8"


def _headers(scope: Scope) -> dict[bytes, bytes]:
    """The request's headers by (lower-case) name; repeated ones joined as HTTP says."""
    raw = scope["headers"]
    found: dict[bytes, bytes] = dict(raw)
    if len(found) == len(raw):
        return found  # none repeated: most requests
    found = {}
    for key, value in scope["headers"]:
        found[key] = found[key] + b", " + value if key in found else value
    return found


class _Exchange:
    """What the endpoint learns about one request as it serves it, for its metrics."""

    __slots__ = ("operation", "outcome")

    def __init__(self) -> None:
        self.operation = metrics.UNKNOWN  # until the request's document is known
        # ok, errors, refused or cancelled; None: not a GraphQL request (GraphiQL, a preflight).
        self.outcome: str | None = None


def _is_request_error(result: ExecutionResult) -> bool:
    """The operation never ran: its document did not parse or validate, a variable was refused,
    or it was priced over budget. (Fields that failed while it ran always have a path.)"""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or ())
    )


class GraphQLApp:
    """GraphQL over HTTP for a strawberry schema.

    ``context`` makes each request's context from its ``Operation`` and request id; ``present``
    turns each error into what the client sees, given the request id. Both come from the app,
    so this module knows nothing of the schema it serves. ``max_age`` is the longest a GET
    answer may be cached, the TMDB cache's lifetime: the data an answer used can be no fresher
    than that.
    Each operation gets ``deadline`` seconds of waiting on TMDB, and is cancelled if its client
    disconnects.
    """

    def __init__(
        self,
        schema: Schema,
        *,
        context: Callable[[Operation, str], Freshness],
        present: Callable[[GraphQLError, str], GraphQLError],
        body_timeout: float = 10.0,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_variables_bytes: int = MAX_VARIABLES_BYTES,
        max_age: float = 3600.0,
        persisted: PersistedQueries | None = None,
        cors: CorsPolicy | None = None,
        graphiql: bool = True,
        deadline: float | None = None,
        ide: bytes | None = None,
        responses: ResponseCache | None = None,
    ) -> None:
        self._schema = schema
        self._context = context
        self._present = present
        self.deadlines = Deadlines(body_timeout)  # the endpoint's and the hit path's
        self._max_body_bytes = max_body_bytes
        self._max_variables_bytes = max_variables_bytes
        self._max_age = max_age
        self._persisted = persisted or PersistedQueries(MemoryStore())
        self.cors = cors
        self._deadline = deadline
        # The page a browser gets on GET /graphql (the app passes its own, gateway/graphiql/);
        # none in production.
        default = ide if ide is not None else get_graphql_ide_html(graphql_ide="graphiql").encode()
        self._ide = default if graphiql else None
        self.responses = responses

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.endpoint(scope, receive, send)

    async def endpoint(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[bytes, bytes] | None = None,
        body: bytes | None = None,
    ) -> None:
        """The endpoint past the hit path (``GatewayApp``, gateway/response_hits.py), which
        hands over what it read already: the request's ``headers`` (none repeated) and, when
        it came in one message, a POST's whole ``body``."""
        started = time.perf_counter_ns()
        method = scope["method"]
        if headers is None:
            headers = _headers(scope)
        request_id = accept_request_id(headers.get(REQUEST_ID_HEADER))
        # Every log line written while this request is served carries its id (gateway/logs.py).
        id_token = REQUEST_ID.set(request_id)
        trace_token = None
        wants_trace = headers.get(TRACE_HEADER)
        if wants_trace is not None and wants_trace.strip() == b"1":
            trace_token = TRACE.set(Trace(started / 1e9))
        exchange = _Exchange()
        try:
            await self._serve(scope, receive, send, method, headers, request_id, exchange, body)
        except asyncio.CancelledError:
            exchange.outcome = "cancelled"  # the server is stopping
            raise
        finally:
            if trace_token is not None:
                TRACE.reset(trace_token)
            REQUEST_ID.reset(id_token)
            if exchange.outcome is not None:
                seconds = (time.perf_counter_ns() - started) / 1e9
                exchange.operation.observe(exchange.outcome, seconds)

    async def _serve(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        method: str,
        headers: dict[bytes, bytes],
        request_id: str,
        exchange: _Exchange,
        body: bytes | None,
    ) -> None:
        cors = self.cors
        extra = cors.headers(headers.get(b"origin", b"")) if cors else []
        try:
            if cors is not None and cors.is_preflight(method, headers):
                answer = cors.preflight(headers)
            else:
                found = await self._respond(
                    scope, receive, method, headers, request_id, exchange, body
                )
                if found is None:
                    exchange.outcome = "cancelled"
                    return  # the client went away: nobody to answer
                answer = found
        except RequestError as exc:
            exchange.outcome = "refused"
            answer = exc.answer(negotiate(headers.get(b"accept", b"")) or Media.JSON)
            if method == "HEAD":
                answer.body = b""
            elif method == "GET":  # never kept, unless the error says otherwise itself
                if not any(name == b"cache-control" for name, _ in exc.headers):
                    answer.headers.append(NO_STORE)
                answer.headers.append(VARY_ACCEPT)
        except Exception:
            # A bug: the client gets GraphQL's shape and no detail, the log (redacted) the trace,
            # and both the request id that ties them together.
            logger.exception(
                "Unexpected error serving %s /graphql (request %s)", method, request_id
            )
            exchange.outcome = "errors"
            answer = internal_error(request_id)
        answer.headers.append((REQUEST_ID_HEADER, request_id.encode()))
        await send_answer(send, answer, extra)

    async def _respond(
        self,
        scope: Scope,
        receive: Receive,
        method: str,
        headers: dict[bytes, bytes],
        request_id: str,
        exchange: _Exchange,
        body: bytes | None,
    ) -> Answer | None:
        """The answer; ``None`` if the client disconnected before it was ready. ``body``: a
        POST's, read by the hit path."""
        if method == "POST":
            check_json(headers.get(b"content-type", b""))
            media = _acceptable(headers)
            declared = headers.get(b"content-length", b"")
            if body is None:
                body = await read_body(receive, declared, self.deadlines, self._max_body_bytes)
            else:
                within_limit(body, declared, self._max_body_bytes)
            params = from_post(body, self._max_variables_bytes)
            allowed = _ALL_OPERATIONS
            raw = body
        elif method == "GET":
            raw = scope["query_string"]
            params = from_query_string(raw, self._max_variables_bytes)
            if (
                self._ide is not None
                and params.query is None
                and params.extensions is None
                and b"text/html" in headers.get(b"accept", b"")
            ):
                return Answer(200, self._ide, _HTML)
            media = _acceptable(headers)
            if params.query is not None:  # it brings a document to run
                csrf.check(headers)
            allowed = _QUERIES_ONLY  # GET must not change anything
        else:  # HEAD too: a GET without its answer would run the query for nothing
            raise RequestError(
                405, f"{method} is not allowed; use GET or POST", "METHOD_NOT_ALLOWED", (ALLOW,)
            )
        source = await self._persisted.source(params.query, params.extensions)
        exchange.operation = metrics.operation_series(source.query, params.operation_name)
        request = _Request(method, headers, params, source, media, allowed, request_id)
        responses = self.responses
        key = None
        if responses is not None and source.query:
            key = responses.key(
                source.query, params.operation_name, params.variables, media.content_type
            )
        if responses is None or key is None:
            return (await self._run(request, exchange, receive))[0]
        return await self._cached(responses, key, raw, request, exchange, receive)

    async def _cached(
        self,
        responses: ResponseCache,
        key: Key,
        raw: bytes,
        request: _Request,
        exchange: _Exchange,
        receive: Receive,
    ) -> Answer | None:
        """The answer from the whole-response cache, or run and stored there (a miss, or a
        bypass: ``Cache-Control: no-cache``); ``None`` if the client disconnected."""
        cache_control = request.headers.get(b"cache-control")
        if cache_control is not None and no_cache(cache_control):
            answer, _ = await self._run(request, exchange, receive, responses, key, BYPASS)
            return answer
        found: Entry | Flight | Gone | None = responses.claim(key)
        if found is None:  # another request runs it, or the shared tier is to be asked
            found = await responses.find(key, receive)
        if type(found) is not Flight:  # a miss this request leads is the common case here
            if isinstance(found, Gone):
                return None
            if isinstance(found, Entry):
                return await self._hit(responses, found, request, raw, exchange)
            # None: the leader had nothing to share, run it alone
            answer, _ = await self._run(request, exchange, receive, responses, key, MISS)
            return answer
        entry = None
        try:
            # If its client leaves, the leader still finishes for the requests waiting on it.
            answer, entry = await self._run(
                request, exchange, receive, responses, key, MISS, found.waited
            )
        finally:
            found.release(entry)  # None: the waiters run the operation themselves
        return answer

    async def _hit(
        self,
        responses: ResponseCache,
        entry: Entry,
        request: _Request,
        raw: bytes,
        exchange: _Exchange,
    ) -> Answer:
        exchange.outcome = None  # counted as a hit, as the hit path's are
        COUNT[HIT](1)
        if request.source.register is not None:
            await self._persisted.register(request.source)
        traced = TRACE.get() is not None
        # A raw request is indexed for the hit path once it repeats (this is its second sight,
        # or a respelling's): a miss never seen again costs the index nothing.
        index = None if traced else alias(request.method, raw, request.headers)
        if index is not None:
            responses.remember(index, entry)
        get = request.method == "GET"
        now = responses.clock()
        return cached_answer(entry, get, request.headers, self._max_age, now, traced=traced)

    async def _run(
        self,
        request: _Request,
        exchange: _Exchange,
        receive: Receive,
        responses: ResponseCache | None = None,
        key: Key | None = None,
        outcome: bytes = MISS,
        linger: Callable[[], bool] | None = None,
    ) -> tuple[Answer | None, Entry | None]:
        """Execute the operation: its answer (``None`` if the client disconnected), and the
        entry it was stored as in ``responses`` under ``key``, if it was."""
        params, source, media = request.params, request.source, request.media
        operation = Operation(self._deadline)
        context = self._context(operation, request.request_id)
        result = await self._execute(
            source.query,
            params,
            request.allowed,
            request.method,
            context,
            operation,
            receive,
            linger,
        )
        if result is None:
            return None, None
        if responses is not None:  # a miss or a bypass that ran to an answer
            if outcome is MISS:
                responses.misses += 1  # published on the next scrape (ResponseCache.publish)
                if responses.misses >= PUBLISH_EVERY:
                    responses.publish()
            else:
                COUNT[outcome](1)
        request_error = _is_request_error(result)
        exchange.outcome = "refused" if request_error else "errors" if result.errors else "ok"
        if source.register is not None and not request_error:
            await self._persisted.register(source)
        payload = self._payload(result, media, request.request_id, request_error)
        stale = context.stale()
        if stale:
            payload["extensions"] = {**payload.get("extensions", {}), "stale": stale}
        traced = TRACE.get() is not None
        if responses is not None and traced:
            payload["extensions"]["responseCache"] = outcome.decode()
        body = ENCODE(payload)
        content_type = media.content_type
        answer = Answer(400 if request_error and media.strict else 200, body, content_type)
        entry = None
        if responses is not None and key is not None:
            answer.headers.append((CACHE_HEADER, outcome))
            if not (request_error or result.errors or stale):
                fresh = context.fresh_for()
                lifetime = self._max_age if fresh is None else fresh
                if lifetime > 0:
                    stored = self._plain(result) if traced else body
                    entry = responses.store(key, stored, content_type, lifetime)
        if request.method == "GET":
            seconds = max_age(context, self._max_age)
            tag = entry.etag if entry is not None and not traced else None
            no_store = bool(result.errors) or bool(stale)
            return cached_get(answer, no_store, seconds, request.headers, tag), entry
        return answer, entry

    @staticmethod
    def _plain(result: ExecutionResult) -> bytes:
        """The body an untraced request gets for ``result``."""
        payload: dict[str, Any] = {"data": result.data}
        if result.extensions:
            payload["extensions"] = result.extensions
        return ENCODE(payload)

    async def _execute(
        self,
        query: str | None,
        params: Params,
        allowed: frozenset[OperationType],
        method: str,
        context: object,
        operation: Operation,
        receive: Receive,
        linger: Callable[[], bool] | None = None,
    ) -> ExecutionResult | None:
        """The result; ``None`` if the client disconnected before it was ready."""
        if not query:
            raise RequestError(400, "No GraphQL query found in the request")
        execution = self._schema.execute(
            query,
            variable_values=params.variables,
            context_value=context,
            operation_name=params.operation_name,
            allowed_operation_types=allowed,
            operation_extensions=params.extensions,
        )
        try:
            return await unless_disconnected(execution, receive, operation, linger)
        except MissingQueryError as exc:
            raise RequestError(400, str(exc)) from exc
        except CannotGetOperationTypeError as exc:
            raise RequestError(400, exc.as_http_error_reason()) from exc
        except InvalidOperationTypeError as exc:
            raise RequestError(
                405, exc.as_http_error_reason(method), "METHOD_NOT_ALLOWED", (ALLOW,)
            ) from exc

    def _payload(
        self, result: ExecutionResult, media: Media, request_id: str, request_error: bool
    ) -> dict[str, Any]:
        # A request error has no data entry under GraphQL over HTTP's own media type; legacy
        # JSON clients keep the "data": null they always got.
        payload: dict[str, Any] = {} if request_error and media.strict else {"data": result.data}
        if result.errors:
            payload["errors"] = errors = [
                self._present(error, request_id).formatted for error in result.errors
            ]
            observe.errors_answered(errors)
        trace = TRACE.get()
        if trace is not None:
            payload["extensions"] = {**(result.extensions or {}), "tmdb": trace.entries}
        elif result.extensions:
            payload["extensions"] = result.extensions
        return payload


class _Request:
    """A GraphQL request as the endpoint has read it, up to running it."""

    __slots__ = ("allowed", "headers", "media", "method", "params", "request_id", "source")

    def __init__(
        self,
        method: str,
        headers: dict[bytes, bytes],
        params: Params,
        source: Source,
        media: Media,
        allowed: frozenset[OperationType],
        request_id: str,
    ) -> None:
        self.method = method
        self.headers = headers
        self.params = params
        self.source = source
        self.media = media
        self.allowed = allowed
        self.request_id = request_id


def _acceptable(headers: dict[bytes, bytes]) -> Media:
    media = negotiate(headers.get(b"accept", b""))
    if media is None:
        raise RequestError(
            406,
            "Accept application/graphql-response+json or application/json",
            "NOT_ACCEPTABLE",
        )
    return media
