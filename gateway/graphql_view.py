"""The GraphQL HTTP endpoint, as a plain ASGI app.

It does what strawberry's view does for the requests this gateway serves (JSON POSTs, GET
queries, GraphiQL for browsers) and nothing else, because per request strawberry's view cost
more than executing a small query: measured in-process on the movie-core query, 70 us of view
around 147 us of execution. Every failure, even before GraphQL runs, answers in GraphQL's
response shape with an ``extensions.code``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import parse_qs

import msgspec
from graphql import GraphQLError, GraphQLFormattedError
from starlette.types import Receive, Scope, Send
from strawberry import Schema
from strawberry.exceptions import MissingQueryError
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway import metrics, observe
from gateway.requestid import REQUEST_ID, REQUEST_ID_HEADER, accept_request_id
from gateway.trace import TRACE, TRACE_HEADER, Trace

logger = logging.getLogger("gateway")

# A GraphQL document this large is hostile or a mistake; reading it would only cost memory.
MAX_BODY_BYTES: Final = 64 * 1024
ALLOW: Final = (b"allow", b"GET, POST")
# Sent with an answer given before the body was read to its end: the rest of it may never come.
CLOSE: Final = (b"connection", b"close")


class GraphQLRequest(msgspec.Struct, frozen=True):
    query: str | None = None
    variables: dict[str, Any] | None = None
    operationName: str | None = None


_REQUEST: Final = msgspec.json.Decoder(GraphQLRequest)
_VARIABLES: Final = msgspec.json.Decoder(dict[str, Any] | None)
_ENCODE: Final = msgspec.json.Encoder().encode
_JSON: Final = b"application/json"
_QUERIES_ONLY: Final = frozenset({OperationType.QUERY})
_ALL_OPERATIONS: Final = frozenset(OperationType)


class RequestError(Exception):
    """The HTTP request itself is unusable; no GraphQL was run."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "BAD_REQUEST",
        headers: tuple[tuple[bytes, bytes], ...] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = headers


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""


class _Exchange:
    """What the endpoint learns about one request as it serves it: for metrics and errors."""

    __slots__ = ("operation", "outcome", "request_id")

    def __init__(self, request_id: bytes) -> None:
        self.request_id = request_id
        self.operation = "unknown"  # until the request is read
        self.outcome: str | None = None  # None: not a GraphQL request (the GraphiQL page)


def _observed(scope: Scope) -> tuple[bytes, bool]:
    """The request's id (the client's, if it sent a sane one) and whether it asked for the
    upstream trace."""
    sent, trace = b"", False
    for key, value in scope["headers"]:
        if key == REQUEST_ID_HEADER:
            sent = bytes(value)
        elif key == TRACE_HEADER:
            trace = value.strip() == b"1"
    return accept_request_id(sent), trace


class _Expiry:
    """Cancels a task at a deadline, and remembers that it did so."""

    __slots__ = ("expired", "task")

    def __init__(self, task: asyncio.Task[Any]) -> None:
        self.task = task
        self.expired = False

    def __call__(self) -> None:
        self.expired = True
        self.task.cancel()


async def _body(scope: Scope, receive: Receive, time_limit: float) -> bytes:
    """The whole body, or a request error once ``time_limit`` seconds pass before its end.

    The limit is for the whole body, not for each chunk, so a client trickling a byte at a time
    cannot hold a connection and its buffers open for long. A plain timer handle, not
    ``asyncio.timeout``: that costs 4 us per request on Python 3.11, this about 1 us (uvloop).
    """
    declared = _header(scope, b"content-length")
    if declared and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise RequestError(
            413, f"The request body is over {MAX_BODY_BYTES} bytes", "PAYLOAD_TOO_LARGE", (CLOSE,)
        )
    task = asyncio.current_task()
    assert task is not None
    cancelling = task.cancelling()
    expiry = _Expiry(task)
    timer = asyncio.get_running_loop().call_later(time_limit, expiry)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:  # a chunked body can declare nothing and send too much
                raise RequestError(
                    413,
                    f"The request body is over {MAX_BODY_BYTES} bytes",
                    "PAYLOAD_TOO_LARGE",
                    (CLOSE,),
                )
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)
    except asyncio.CancelledError:
        # Ours only if no one else cancelled the task meanwhile (asyncio.timeout's own rule).
        if expiry.expired and task.uncancel() <= cancelling:
            raise RequestError(
                408,
                f"The request body did not arrive within {time_limit:g} s",
                "REQUEST_TIMEOUT",
                (CLOSE,),
            ) from None
        raise
    finally:
        timer.cancel()


# msgspec decodes nested JSON recursively under the interpreter's recursion guard, so a body
# nested thousands deep raises RecursionError cleanly (at ~1,000 levels, far past any real
# variables) instead of overflowing the C stack. Catching that costs nothing per request, where
# bounding the depth ourselves would mean a second pass over every body.
_TOO_DEEP: Final = "The request nests JSON too deeply"


def _from_post(body: bytes) -> GraphQLRequest:
    try:
        return _REQUEST.decode(body)
    except msgspec.ValidationError as exc:
        raise RequestError(400, f"The request body is not a GraphQL request: {exc}") from exc
    except msgspec.DecodeError as exc:
        raise RequestError(400, "Unable to parse the request body as JSON") from exc
    except RecursionError as exc:
        raise RequestError(400, _TOO_DEEP) from exc


def _from_query_string(scope: Scope) -> GraphQLRequest:
    params = parse_qs(scope["query_string"].decode("latin-1"))
    variables = params.get("variables", [""])[0]
    try:
        parsed = _VARIABLES.decode(variables) if variables else None
    except msgspec.DecodeError as exc:
        raise RequestError(400, "The variables parameter is not a JSON object") from exc
    except RecursionError as exc:
        raise RequestError(400, _TOO_DEEP) from exc
    return GraphQLRequest(
        query=params.get("query", [None])[0],
        variables=parsed,
        operationName=params.get("operationName", [None])[0],
    )


class GraphQLApp:
    """GraphQL over HTTP for a strawberry schema.

    ``context`` makes each request's context; ``present`` turns each error into what the client
    sees. Both come from the app, so this module knows nothing of the schema it serves.
    """

    def __init__(
        self,
        schema: Schema,
        *,
        context: Callable[[], object],
        present: Callable[[GraphQLError], GraphQLError],
        body_timeout: float = 10.0,
    ) -> None:
        self._schema = schema
        self._context = context
        self._present = present
        self._body_timeout = body_timeout
        self._ide = get_graphql_ide_html(graphql_ide="graphiql").encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        method = scope["method"]
        request_id, wants_trace = _observed(scope)
        exchange = _Exchange(request_id)
        # Every log line written while this request is served carries its id (gateway/logs.py).
        id_token = REQUEST_ID.set(exchange.request_id)
        trace_token = TRACE.set(Trace(started)) if wants_trace else None
        headers: tuple[tuple[bytes, bytes], ...] = ()
        try:
            try:
                status = 200
                body, content_type = await self._respond(scope, receive, method, exchange)
            except RequestError as exc:
                exchange.outcome = "refused"
                status, headers, content_type = exc.status, exc.headers, _JSON
                body = b"" if method == "HEAD" else _error_body(str(exc), exc.code)
            except Exception:
                # A bug: the client gets GraphQL's shape and no detail, the log (redacted) the
                # trace, and both the request id that ties them together.
                logger.exception("Unexpected error serving %s /graphql", method)
                exchange.outcome = "errors"
                status, body, content_type = 500, _internal_error(exchange.request_id), _JSON
            headers = (*headers, (REQUEST_ID_HEADER, request_id))
            await _send(send, status, body, content_type, headers)
        finally:
            if trace_token is not None:
                TRACE.reset(trace_token)
            REQUEST_ID.reset(id_token)
            if exchange.outcome is not None:
                metrics.graphql_request(
                    exchange.operation, exchange.outcome, time.perf_counter() - started
                )

    async def _respond(
        self, scope: Scope, receive: Receive, method: str, exchange: _Exchange
    ) -> tuple[bytes, bytes]:
        """The body and content type of a successful answer; a ``RequestError`` otherwise."""
        if method == "POST":
            content_type = _header(scope, b"content-type").split(b";")[0].strip().lower()
            if content_type != b"application/json":
                raise RequestError(
                    415, "Send the query as application/json", "UNSUPPORTED_MEDIA_TYPE"
                )
            request = _from_post(await _body(scope, receive, self._body_timeout))
            allowed = _ALL_OPERATIONS
        elif method == "GET":
            request = _from_query_string(scope)
            if request.query is None and b"text/html" in _header(scope, b"accept"):
                return self._ide, b"text/html; charset=utf-8"
            allowed = _QUERIES_ONLY  # GET must not change anything
        else:  # HEAD too: a GET without its answer would run the query for nothing
            raise RequestError(
                405, f"{method} is not allowed; use GET or POST", "METHOD_NOT_ALLOWED", (ALLOW,)
            )
        exchange.operation = metrics.operation_label(request.query, request.operationName)
        return await self._execute(request, allowed, method, exchange), _JSON

    async def _execute(
        self,
        request: GraphQLRequest,
        allowed: frozenset[OperationType],
        method: str,
        exchange: _Exchange,
    ) -> bytes:
        if not request.query:
            raise RequestError(400, "No GraphQL query found in the request")
        try:
            result = await self._schema.execute(
                request.query,
                variable_values=request.variables,
                context_value=self._context(),
                operation_name=request.operationName,
                allowed_operation_types=allowed,
            )
        except MissingQueryError as exc:
            raise RequestError(400, str(exc)) from exc
        except CannotGetOperationTypeError as exc:
            raise RequestError(400, exc.as_http_error_reason()) from exc
        except InvalidOperationTypeError as exc:
            raise RequestError(
                405, exc.as_http_error_reason(method), "METHOD_NOT_ALLOWED", (ALLOW,)
            ) from exc
        # No data at all means GraphQL did not execute the operation: every root field is
        # nullable, so a failing one leaves ``{"movie": null}``, not ``null``.
        if result.data is None:
            exchange.outcome = "refused"
        else:
            exchange.outcome = "errors" if result.errors else "ok"
        return _ENCODE(self._response(result, exchange.request_id))

    def _response(self, result: ExecutionResult, request_id: bytes) -> dict[str, Any]:
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = errors = [self._present(e).formatted for e in result.errors]
            for error in errors:
                _observe_error(error, request_id)
        trace = TRACE.get()
        if trace is not None:
            payload["extensions"] = {**(result.extensions or {}), "tmdb": trace.entries}
        elif result.extensions:
            payload["extensions"] = result.extensions
        return payload


_COST_REFUSALS: Final = {
    "COST_ESTIMATED_TOO_EXPENSIVE": "estimated",
    "COST_ACTUAL_TOO_EXPENSIVE": "actual",
}


def _observe_error(error: GraphQLFormattedError, request_id: bytes) -> None:
    """A masked error gets the request id its logged trace carries; cost refusals are counted
    here, by code, wherever in the schema they were raised."""
    extensions = error.get("extensions")
    if not extensions:
        return
    code = extensions.get("code")
    if code == "INTERNAL_SERVER_ERROR":
        extensions["requestId"] = request_id.decode("ascii")
    elif code in _COST_REFUSALS:
        observe.cost_refusal(_COST_REFUSALS[code])


def _error_body(message: str, code: str) -> bytes:
    return _ENCODE({"data": None, "errors": [{"message": message, "extensions": {"code": code}}]})


def _internal_error(request_id: bytes) -> bytes:
    extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id.decode("ascii")}
    return _ENCODE({"errors": [{"message": "Internal server error", "extensions": extensions}]})


async def _send(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes,
    headers: tuple[tuple[bytes, bytes], ...],
) -> None:
    head = [(b"content-length", str(len(body)).encode()), *headers]
    if body:
        head.append((b"content-type", content_type))
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})
