"""Stored bytes: each repeated request body answered with the bytes stored for it.

The limit any whole-response cache can reach on this server stack (uvicorn, httptools, uvloop,
one process): a hit is one ``receive``, one dict lookup from the request body's bytes to the
response's bytes and its headers (built once, content type and length), and two ``send``s. No
JSON is parsed, no key is normalised, nothing is counted or logged.

The first time a body is seen its answer is made once, by executing it on the warm floor's
Strawberry schema (``bench.baselines.warm_floor``: the same data the fake TMDB serves, the same
answers as the gateway), so pre-warming fills the store as it fills the gateway's caches.
Answers with errors are stored too: this is a limit, not a cache with rules. Served by uvicorn
as ``bench.baselines.stored_bytes:app``.
"""

from __future__ import annotations

from typing import Any

from starlette.types import Message, Receive, Scope, Send

from bench.baselines import common, warm_floor

CONTENT_TYPE = b"application/json"

# Request body -> (the response's start message, its body message): both built once and sent
# as they are (uvicorn copies the headers it is given and never changes the messages).
Stored = tuple[Message, Message]
_stored: dict[bytes, Stored] = {}


def stored(payload: bytes) -> Stored:
    """The two ASGI messages that answer with ``payload``."""
    headers = [(b"content-type", CONTENT_TYPE), (b"content-length", str(len(payload)).encode())]
    start = {"type": "http.response.start", "status": 200, "headers": headers}
    return start, {"type": "http.response.body", "body": payload}


async def answer(body: bytes) -> bytes:
    """What the warm floor answers to ``body``, encoded: done once per distinct body."""
    request = common.REQUEST_DECODER.decode(body)
    result = await warm_floor.schema.execute(request.query, variable_values=request.variables)
    payload: dict[str, Any] = {"data": result.data}
    if result.errors:
        payload["errors"] = [error.formatted for error in result.errors]
    return common.ENCODE(payload)


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        await common.lifespan(receive, send)
        return
    if scope["path"] == "/healthz":
        await common.send_json(send, 200, b'{"status":"ok"}')
        return
    message = await receive()
    body: bytes = message.get("body", b"")
    if message.get("more_body", False):
        body += await common.read_body(receive)
    entry = _stored.get(body)
    if entry is None:
        entry = _stored[body] = stored(await answer(body))
    await send(entry[0])
    await send(entry[1])
