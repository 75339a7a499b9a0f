"""What the baseline servers share: configuration, and the few ASGI steps they do by hand.

The floors are raw ASGI apps rather than Starlette ones so that they measure the least work a
server must do; the naive gateway, by contrast, is written the way tutorials write one.
"""

from __future__ import annotations

import os
from typing import Any

import msgspec
from starlette.types import Receive, Scope, Send


class GraphQLRequest(msgspec.Struct, frozen=True):
    query: str
    variables: dict[str, Any] | None = None


REQUEST_DECODER = msgspec.json.Decoder(GraphQLRequest)
ENCODE = msgspec.json.Encoder().encode
_JSON = [(b"content-type", b"application/json")]


def upstream() -> tuple[str, dict[str, str]]:
    """The TMDB base URL and auth headers, read from the gateway's own variables."""
    base = os.environ.get("TMDB_BASE_URL", "http://127.0.0.1:8001/3").rstrip("/")
    token = os.environ.get("TMDB_READ_ACCESS_TOKEN", "bench")
    return base, {"Authorization": f"Bearer {token}", "Accept": "application/json"}


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def send_json(send: Send, status: int, body: bytes) -> None:
    headers = [*_JSON, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge uvicorn's start-up and shut-down; the baselines set up lazily."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def graphql_request(scope: Scope, receive: Receive, send: Send) -> GraphQLRequest | None:
    """What a raw baseline does before its own work: answer lifespan and /healthz itself, or
    return the POSTed GraphQL request for the caller to answer."""
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return None
    if scope["path"] == "/healthz":
        await send_json(send, 200, b'{"status":"ok"}')
        return None
    return REQUEST_DECODER.decode(await read_body(receive))


def error_body(message: str) -> bytes:
    return ENCODE({"data": None, "errors": [{"message": message}]})
