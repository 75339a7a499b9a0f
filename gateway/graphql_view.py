"""The GraphQL HTTP endpoint: per-request loaders, coded errors, msgspec encoding, a body cap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from gateway.cache import SharedUpstream
from gateway.loaders import EntityLoader
from schema.context import Context
from schema.errors import coded
from schema.schema import build_schema

# A GraphQL document this large is hostile or a mistake; reading it would only cost memory.
MAX_BODY_BYTES = 64 * 1024


class BodyTooLargeError(Exception):
    pass


def error_response(message: str, status_code: int, code: str) -> Response:
    """An HTTP-level failure, still shaped as a GraphQL response so clients parse one format."""
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(msgspec.json.encode(body), status_code, media_type="application/json")


def _capped(receive: Receive, limit: int) -> Receive:
    received = 0

    async def capped() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLargeError
        return message

    return capped


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, upstream: Callable[[], SharedUpstream]) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql")
        self._upstream = upstream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            response = error_response(
                f"The request body is over {MAX_BODY_BYTES} bytes", 413, "PAYLOAD_TOO_LARGE"
            )
        else:
            try:
                response = await self.run(Request(scope, _capped(receive, MAX_BODY_BYTES)))
            except BodyTooLargeError:
                response = error_response(
                    f"The request body is over {MAX_BODY_BYTES} bytes", 413, "PAYLOAD_TOO_LARGE"
                )
            except HTTPException as exc:
                response = error_response(exc.reason, exc.status_code, "BAD_REQUEST")
        await response(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        return Context(loader=EntityLoader(self._upstream().entity))

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = [coded(error) for error in result.errors]
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> bytes:
        return msgspec.json.encode(data)
