"""Reading a request body within a size and a time limit."""

from __future__ import annotations

from starlette.types import Message, Receive

from gateway.deadlines import CLOSE, Deadlines
from gateway.responses import RequestError


def too_large(what: str, limit: int) -> RequestError:
    return RequestError(413, f"The {what} is over {limit} bytes", "PAYLOAD_TOO_LARGE", (CLOSE,))


class Replayed:
    """A ``receive`` that gives ``message``, read already, first: the first part of a body
    the hit path began reading (gateway/response_hits.py)."""

    __slots__ = ("_receive", "message", "pending")

    def __init__(self, message: Message, receive: Receive) -> None:
        self.message = message
        self.pending = True
        self._receive = receive

    async def __call__(self) -> Message:
        if self.pending:
            self.pending = False
            return self.message
        return await self._receive()


async def read_body(
    receive: Receive, declared: bytes, deadlines: Deadlines, max_bytes: int
) -> bytes:
    """The whole body, or a request error once the time limit of ``deadlines`` passes before its
    end, or once it (or its ``declared`` Content-Length) passes ``max_bytes``.

    The limit is for the whole body, not for each chunk, so a client trickling a byte at a time
    cannot hold a connection and its buffers open for long.
    """
    _check_declared(declared, max_bytes)
    return await deadlines.within(_whole(receive, max_bytes))


def within_limit(body: bytes, declared: bytes, max_bytes: int) -> None:
    """``read_body``'s limits for a body read whole already (by the hit path)."""
    _check_declared(declared, max_bytes)
    if len(body) > max_bytes:
        raise too_large("request body", max_bytes)


def _check_declared(declared: bytes, max_bytes: int) -> None:
    """A declared Content-Length that is not a number, or is over ``max_bytes``: the 413."""
    if declared and (not declared.isdigit() or int(declared) > max_bytes):
        raise too_large("request body", max_bytes)


async def _whole(receive: Receive, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:  # a chunked body can declare nothing and send too much
            raise too_large("request body", max_bytes)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
