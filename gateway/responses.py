"""What the GraphQL endpoint sends: an ``Answer``, or a ``RequestError`` turned into one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import msgspec
from starlette.types import Send

from gateway.negotiation import Media

Header = tuple[bytes, bytes]
ENCODE: Final = msgspec.json.Encoder().encode
NO_STORE: Final = (b"cache-control", b"no-store")


@dataclass(slots=True)
class Answer:
    status: int
    body: bytes
    content_type: bytes | None
    headers: list[Header] = field(default_factory=list)


class RequestError(Exception):
    """The HTTP request is unusable, or refused before its operation ran.

    ``legacy_status`` is the status an ``application/json`` client gets instead, where GraphQL
    over HTTP (and Apollo) answer a well-formed request with 200 whatever its errors.
    """

    def __init__(
        self,
        status: int,
        message: str,
        code: str = "BAD_REQUEST",
        headers: tuple[Header, ...] = (),
        *,
        legacy_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.headers = headers
        self.legacy_status = legacy_status

    def answer(self, media: Media) -> Answer:
        status = self.status if media.strict or self.legacy_status is None else self.legacy_status
        return Answer(
            status, error_body(str(self), self.code, media), media.content_type, [*self.headers]
        )


def error_body(message: str, code: str, media: Media, **extensions: Any) -> bytes:
    """One error; ``"data": null`` too for ``application/json``, as this endpoint always sent."""
    error = {"message": message, "extensions": {"code": code, **extensions}}
    if media.strict:
        return ENCODE({"errors": [error]})
    return ENCODE({"data": None, "errors": [error]})


def internal_error(request_id: str) -> Answer:
    """A bug: GraphQL's shape and no detail; the log line has the trace and ``request_id``."""
    error = {
        "message": "Internal server error",
        "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    }
    return Answer(500, ENCODE({"errors": [error]}), Media.JSON.content_type)


async def send_answer(send: Send, answer: Answer, extra: list[Header]) -> None:
    head = [*answer.headers, *extra]
    # A 304 describes the cached body and a 204 has none: neither may claim a length.
    if answer.status not in (204, 304):
        head.append((b"content-length", str(len(answer.body)).encode()))
    if answer.body and answer.content_type:
        head.append((b"content-type", answer.content_type))
    await send({"type": "http.response.start", "status": answer.status, "headers": head})
    await send({"type": "http.response.body", "body": answer.body})
