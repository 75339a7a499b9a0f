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
- CORS, preflights included (gateway/cors.py); GraphiQL for a browser's GET without a query,
  except in production.
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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs

import msgspec
from graphql import GraphQLError
from starlette.types import Receive, Scope, Send
from strawberry import Schema
from strawberry.exceptions import MissingQueryError
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway import csrf
from gateway.config import MAX_BODY_BYTES, MAX_VARIABLES_BYTES
from gateway.cors import CorsPolicy
from gateway.httpcache import VARY_ACCEPT, Freshness, cached_get, max_age
from gateway.negotiation import Media, negotiate
from gateway.persisted import MemoryStore, PersistedQueries
from gateway.requestid import next_request_id
from gateway.responses import (
    ENCODE,
    NO_STORE,
    Answer,
    RequestError,
    internal_error,
    send_answer,
)

logger = logging.getLogger("gateway")

ALLOW: Final = (b"allow", b"GET, POST")
# Sent with an answer given before the body was read to its end: the rest of it may never come.
CLOSE: Final = (b"connection", b"close")


class GraphQLRequest(msgspec.Struct, frozen=True):
    query: str | None = None
    # Kept raw until its size is checked; decoded then, with its own error.
    variables: msgspec.Raw = msgspec.Raw(b"null")
    operationName: str | None = None
    extensions: dict[str, Any] | None = None


@dataclass(slots=True)
class Operation:
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


_REQUEST: Final = msgspec.json.Decoder(GraphQLRequest)
_VARIABLES: Final = msgspec.json.Decoder(dict[str, Any] | None)
_EXTENSIONS: Final = _VARIABLES
_QUERIES_ONLY: Final = frozenset({OperationType.QUERY})
_ALL_OPERATIONS: Final = frozenset(OperationType)
_HTML: Final = b"text/html; charset=utf-8"


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""


def _headers(scope: Scope) -> dict[bytes, bytes]:
    """The request's headers by (lower-case) name; repeated ones joined as HTTP says."""
    found: dict[bytes, bytes] = {}
    for key, value in scope["headers"]:
        found[key] = found[key] + b", " + value if key in found else value
    return found


def _too_large(what: str, limit: int) -> RequestError:
    return RequestError(413, f"The {what} is over {limit} bytes", "PAYLOAD_TOO_LARGE", (CLOSE,))


class _Expiry:
    """Cancels a task at a deadline, and remembers that it did so."""

    __slots__ = ("expired", "task")

    def __init__(self, task: asyncio.Task[Any]) -> None:
        self.task = task
        self.expired = False

    def __call__(self) -> None:
        self.expired = True
        self.task.cancel()


async def _body(scope: Scope, receive: Receive, time_limit: float, max_bytes: int) -> bytes:
    """The whole body, or a request error once ``time_limit`` seconds pass before its end.

    The limit is for the whole body, not for each chunk, so a client trickling a byte at a time
    cannot hold a connection and its buffers open for long. A plain timer handle, not
    ``asyncio.timeout``: that costs 4 us per request on Python 3.11, this about 1 us (uvloop).
    """
    declared = _header(scope, b"content-length")
    if declared and (not declared.isdigit() or int(declared) > max_bytes):
        raise _too_large("request body", max_bytes)
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
            if size > max_bytes:  # a chunked body can declare nothing and send too much
                raise _too_large("request body", max_bytes)
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


def _decode_map(decoder: msgspec.json.Decoder[Any], raw: Any, what: str) -> Any:
    try:
        return decoder.decode(raw)
    except msgspec.ValidationError as exc:
        raise RequestError(400, f"The {what} parameter is not a JSON object") from exc
    except msgspec.DecodeError as exc:
        raise RequestError(400, f"The {what} parameter is not a JSON object") from exc
    except RecursionError as exc:
        raise RequestError(400, _TOO_DEEP) from exc


def _from_post(body: bytes, max_variables: int) -> Operation:
    try:
        request = _REQUEST.decode(body)
    except msgspec.ValidationError as exc:
        raise RequestError(400, f"The request body is not a GraphQL request: {exc}") from exc
    except msgspec.DecodeError as exc:
        raise RequestError(400, "Unable to parse the request body as JSON") from exc
    except RecursionError as exc:
        raise RequestError(400, _TOO_DEEP) from exc
    if len(request.variables) > max_variables:
        raise RequestError(
            413, f"The variables are over {max_variables} bytes", "PAYLOAD_TOO_LARGE"
        )
    variables = _decode_map(_VARIABLES, request.variables, "variables")
    return Operation(request.query, variables, request.operationName, request.extensions)


def _from_query_string(scope: Scope, max_variables: int) -> Operation:
    params = parse_qs(scope["query_string"].decode("latin-1"))
    variables = params.get("variables", [""])[0]
    if len(variables) > max_variables:
        raise RequestError(
            413, f"The variables are over {max_variables} bytes", "PAYLOAD_TOO_LARGE"
        )
    extensions = params.get("extensions", [""])[0]
    return Operation(
        query=params.get("query", [None])[0],
        variables=_decode_map(_VARIABLES, variables, "variables") if variables else None,
        operation_name=params.get("operationName", [None])[0],
        extensions=_decode_map(_EXTENSIONS, extensions, "extensions") if extensions else None,
    )


def _is_request_error(result: ExecutionResult) -> bool:
    """The operation never ran: its document did not parse or validate, a variable was refused,
    or it was priced over budget. (Fields that failed while it ran always have a path.)"""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or ())
    )


def _check_json(content_type: bytes) -> None:
    essence, _, params = content_type.partition(b";")
    charset = params.partition(b"charset=")[2].strip().strip(b'"').lower()
    if essence.strip().lower() != b"application/json" or charset not in (b"", b"utf-8"):
        raise RequestError(
            415, "Send the query as application/json (UTF-8)", "UNSUPPORTED_MEDIA_TYPE"
        )


class GraphQLApp:
    """GraphQL over HTTP for a strawberry schema.

    ``context`` makes each request's context from its request id; ``present`` turns each error
    into what the client sees, given the request id. Both come from the app, so this module
    knows nothing of the schema it serves. ``max_age`` is the longest a GET answer may be
    cached, the TMDB cache's lifetime: the data an answer used can be no fresher than that.
    """

    def __init__(
        self,
        schema: Schema,
        *,
        context: Callable[[str], Freshness],
        present: Callable[[GraphQLError, str], GraphQLError],
        body_timeout: float = 10.0,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_variables_bytes: int = MAX_VARIABLES_BYTES,
        max_age: float = 3600.0,
        persisted: PersistedQueries | None = None,
        cors: CorsPolicy | None = None,
        graphiql: bool = True,
    ) -> None:
        self._schema = schema
        self._context = context
        self._present = present
        self._body_timeout = body_timeout
        self._max_body_bytes = max_body_bytes
        self._max_variables_bytes = max_variables_bytes
        self._max_age = max_age
        self._persisted = persisted or PersistedQueries(MemoryStore())
        self._cors = cors
        self._ide = get_graphql_ide_html(graphql_ide="graphiql").encode() if graphiql else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        headers = _headers(scope)
        request_id = next_request_id()
        cors = self._cors
        extra = cors.headers(headers.get(b"origin", b"")) if cors else []
        try:
            if cors is not None and cors.is_preflight(method, headers):
                answer = cors.preflight(headers)
            else:
                answer = await self._respond(scope, receive, method, headers, request_id)
        except RequestError as exc:
            answer = exc.answer(negotiate(headers.get(b"accept", b"")) or Media.JSON)
            if method == "HEAD":
                answer.body = b""
            elif method == "GET" and not any(name == b"cache-control" for name, _ in exc.headers):
                answer.headers += (NO_STORE, VARY_ACCEPT)
        except Exception:
            # A bug: the client gets GraphQL's shape and no detail, the log (redacted) the trace.
            logger.exception(
                "Unexpected error serving %s /graphql (request %s)", method, request_id
            )
            answer = internal_error(request_id)
        await send_answer(send, answer, extra)

    async def _respond(
        self,
        scope: Scope,
        receive: Receive,
        method: str,
        headers: dict[bytes, bytes],
        request_id: str,
    ) -> Answer:
        if method == "POST":
            _check_json(headers.get(b"content-type", b""))
            media = _acceptable(headers)
            body = await _body(scope, receive, self._body_timeout, self._max_body_bytes)
            operation = _from_post(body, self._max_variables_bytes)
            allowed = _ALL_OPERATIONS
        elif method == "GET":
            operation = _from_query_string(scope, self._max_variables_bytes)
            if (
                self._ide is not None
                and operation.query is None
                and operation.extensions is None
                and b"text/html" in headers.get(b"accept", b"")
            ):
                return Answer(200, self._ide, _HTML)
            media = _acceptable(headers)
            if operation.query is not None:  # it brings a document to run
                csrf.check(headers)
            allowed = _QUERIES_ONLY  # GET must not change anything
        else:  # HEAD too: a GET without its answer would run the query for nothing
            raise RequestError(
                405, f"{method} is not allowed; use GET or POST", "METHOD_NOT_ALLOWED", (ALLOW,)
            )
        source = await self._persisted.source(operation.query, operation.extensions)
        context = self._context(request_id)
        result = await self._execute(source.query, operation, allowed, method, context)
        request_error = _is_request_error(result)
        if source.register is not None and not request_error:
            await self._persisted.register(source)
        body = ENCODE(self._payload(result, media, request_id, request_error))
        answer = Answer(400 if request_error and media.strict else 200, body, media.value)
        if method == "GET":
            seconds = max_age(context, self._max_age)
            return cached_get(answer, bool(result.errors), seconds, headers)
        return answer

    async def _execute(
        self,
        query: str | None,
        operation: Operation,
        allowed: frozenset[OperationType],
        method: str,
        context: object,
    ) -> ExecutionResult:
        if not query:
            raise RequestError(400, "No GraphQL query found in the request")
        try:
            return await self._schema.execute(
                query,
                variable_values=operation.variables,
                context_value=context,
                operation_name=operation.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=operation.extensions,
            )
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
            payload["errors"] = [
                self._present(error, request_id).formatted for error in result.errors
            ]
        if result.extensions:
            payload["extensions"] = result.extensions
        return payload


def _acceptable(headers: dict[bytes, bytes]) -> Media:
    media = negotiate(headers.get(b"accept", b""))
    if media is None:
        raise RequestError(
            406,
            "Accept application/graphql-response+json or application/json",
            "NOT_ACCEPTABLE",
        )
    return media
