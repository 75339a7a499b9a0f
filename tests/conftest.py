"""Shared fixtures: real TMDB bodies, a respx-mocked TMDB, and the gateway wired to it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from gateway.app import create_app
from gateway.config import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "tmdb"
TMDB = "https://api.themoviedb.org/3"
TOKEN = "test-read-access-token"


def body(name: str) -> bytes:
    """A real TMDB response body from tests/fixtures/tmdb (provenance in PROVENANCE.tsv)."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(body(name))


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, content=body(name), headers={"Content-Type": "application/json"})


def not_found() -> httpx.Response:
    return httpx.Response(404, content=body("error_404_not_found__jdrouet.json"))


def appended(request: httpx.Request) -> set[str]:
    """The set of parts a request appended (empty when it sent no append_to_response)."""
    value = request.url.params.get("append_to_response")
    return set(value.split(",")) if value else set()


def upstream_calls(router: respx.Router) -> list[tuple[str, set[str]]]:
    return [(call.request.url.path, appended(call.request)) for call in router.calls]


@pytest.fixture
def tmdb() -> respx.Router:
    return respx.Router(base_url=TMDB, assert_all_called=True)


@pytest.fixture
def settings() -> Settings:
    return Settings(read_access_token=TOKEN, base_url=TMDB, rate_limit=0)


@pytest.fixture
async def client(tmdb: respx.Router, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the gateway, whose TMDB is the ``tmdb`` router."""
    app = create_app(settings, transport=httpx.MockTransport(tmdb.async_handler))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield http
    tmdb.assert_all_called()


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result
