"""What the client library's tests share: credentials, real bodies, and running one call or
one page walk the same way on either client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Any, TypedDict, TypeVar

import httpx

from tests.helpers import FIXTURES as BODIES
from tmdbfusion import AsyncTMDBClient, TMDBClient

T = TypeVar("T")
Client = TMDBClient | AsyncTMDBClient


class Auth(TypedDict, total=False):
    """A client's credential argument: ``token`` or ``api_key``."""

    token: str
    api_key: str


TMDB = "https://api.themoviedb.org/3"
TOKEN = "read-access-token-7c0ffee"
KEY = "v3key0123456789abcdef"  # looked for in every message: it must never appear

FIXTURES = Path(__file__).parent.parent / "fixtures"


def body(name: str) -> bytes:
    """A real TMDB body, from the one folder that keeps them (provenance in PROVENANCE.tsv)."""
    return (BODIES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(body(name))


def openapi_example(operation_id: str) -> bytes:
    """TMDB's own example response for an operation of its OpenAPI spec."""
    examples = json.loads((FIXTURES / "openapi" / "openapi_examples.json").read_bytes())
    return json.dumps(examples[operation_id][0]).encode()


def json_response(content: bytes, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, content=content, headers={"Content-Type": "application/json", **headers}
    )


async def settle(value: T | Awaitable[T]) -> T:
    """The result of a call on either client: awaited if the client is asynchronous."""
    if isinstance(value, Awaitable):
        return await value
    return value


async def take(pages: Iterator[T] | AsyncIterator[T], count: int | None = None) -> list[T]:
    """The first ``count`` pages (all if None) of a page iterator of either client."""
    taken: list[T] = []
    if isinstance(pages, AsyncIterator):
        async for page in pages:
            taken.append(page)
            if len(taken) == count:
                break
    else:
        for page in pages:
            taken.append(page)
            if len(taken) == count:
                break
    return taken


def dig(value: Any, path: str) -> Any:
    """``results.0.id`` in a Struct (attributes) or in decoded JSON (keys)."""
    for step in path.split("."):
        if step.isdigit():
            value = value[int(step)]
        elif isinstance(value, dict):
            value = value[step]
        else:
            value = getattr(value, step)
    return value


def sent_auth(request: httpx.Request) -> Auth:
    """The credential a request carried, in the shape of the ``auth`` fixture."""
    if "authorization" in request.headers:
        assert "api_key" not in request.url.params
        scheme, _, token = request.headers["authorization"].partition(" ")
        assert scheme == "Bearer"
        return {"token": token}
    return {"api_key": request.url.params["api_key"]}


def sent_query(request: httpx.Request) -> list[tuple[str, str]]:
    """A request's query parameters but the credential, in the order sent."""
    return [(k, v) for k, v in request.url.params.multi_items() if k != "api_key"]
