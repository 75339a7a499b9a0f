"""Test helpers: real TMDB bodies, settings for each auth mode, and checks on upstream requests.

Imported by tests and by ``conftest.py``; fixtures live in ``conftest.py``, helpers here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final, Literal

import httpx
import pytest
import respx

from gateway.app import create_app
from gateway.config import Settings
from gateway.tmdb.client import TMDBClient

FIXTURES: Final = Path(__file__).parent / "fixtures" / "tmdb"
TMDB: Final = "https://api.themoviedb.org/3"
TOKEN: Final = "test-read-access-token"
# Shaped like a real v3 key (32 hex digits), so it survives URL encoding unchanged.
API_KEY: Final = "0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f"

AuthMode = Literal["token", "api_key"]
AUTH_MODES: Final[tuple[AuthMode, ...]] = ("token", "api_key")
AUTH_IDS: Final = ("bearer", "api-key")

# The only query parameters the gateway sends TMDB besides the v3 key.
QUERY_PARAMS: Final = frozenset({"append_to_response", "language"})


def settings_for(mode: AuthMode, *, base_url: str = TMDB, rate_limit: float = 0) -> Settings:
    """Settings that authenticate with the Bearer token or with the v3 key, never both."""
    if mode == "token":
        return Settings(read_access_token=TOKEN, base_url=base_url, rate_limit=rate_limit)
    return Settings(api_key=API_KEY, base_url=base_url, rate_limit=rate_limit)


def auth_modes(**overrides: Any) -> list[Any]:
    """``settings`` parameters: the Bearer token and the v3 key, each with ``overrides``.

    ``@pytest.mark.parametrize("settings", auth_modes(deadline=0.3))`` replaces the ``settings``
    fixture of tests/conftest.py for one test, keeping both auth modes.
    """
    return [
        pytest.param(dataclasses.replace(settings_for(mode), **overrides), id=id)
        for mode, id in zip(AUTH_MODES, AUTH_IDS, strict=True)
    ]


@asynccontextmanager
async def gateway_client(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the gateway app, started through its lifespan.

    ``transport`` carries its TMDB requests; without one the app picks its own, as in production.
    """
    app = create_app(settings, transport=transport)
    async with app.router.lifespan_context(app):
        asgi = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=asgi, base_url="http://gateway") as http:
            yield http


@asynccontextmanager
async def tmdb_client(
    settings: Settings, upstream: respx.Router | httpx.AsyncBaseTransport
) -> AsyncIterator[TMDBClient]:
    """The TMDB client as the app builds it from ``settings``, whose TMDB is ``upstream``."""
    if isinstance(upstream, respx.Router):
        upstream = httpx.MockTransport(upstream.async_handler)
    async with TMDBClient.from_settings(settings, upstream) as client:
        yield client


def body(name: str) -> bytes:
    """A real TMDB response body from tests/fixtures/tmdb (provenance in PROVENANCE.tsv)."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(body(name))


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, content=body(name), headers={"Content-Type": "application/json"})


def movie_550_with_credits() -> httpx.Response:
    """TMDB's answer to /movie/550?append_to_response=credits, from its two real bodies."""
    movie = fixture_json("movie_details__550.json")
    movie["credits"] = fixture_json("movie_credits__550.json")
    return httpx.Response(200, json=movie)


def not_found() -> httpx.Response:
    return httpx.Response(404, content=body("error_404_not_found__jdrouet.json"))


def authenticated_params(request: httpx.Request, settings: Settings) -> list[tuple[str, str]]:
    """Assert ``request`` carries exactly the credential ``settings`` configure.

    Token mode: ``Authorization: Bearer <token>`` and no ``api_key``. Key mode: one ``api_key``
    parameter and no ``Authorization`` header. Neither credential (demo): neither. Returns the
    other query parameters, each of which must be one the gateway sends and appear once.
    """
    params = request.url.params
    authorization = request.headers.get_list("Authorization")
    keys = params.get_list("api_key")
    if settings.read_access_token:
        assert authorization == [f"Bearer {settings.read_access_token}"], request.url.path
        assert keys == [], request.url.path
    elif settings.api_key:
        assert authorization == [], request.url.path
        assert keys == [settings.api_key], request.url.path
    else:
        assert authorization == [], request.url.path
        assert keys == [], request.url.path
    if settings.read_access_token:
        assert settings.read_access_token not in str(request.url)
    rest = [(name, value) for name, value in params.multi_items() if name != "api_key"]
    names = [name for name, _ in rest]
    assert set(names) <= QUERY_PARAMS, names
    assert len(names) == len(set(names)), names
    return rest


def appended(request: httpx.Request) -> set[str]:
    """The set of parts a request appended (empty when it sent no append_to_response)."""
    value = request.url.params.get("append_to_response")
    return set(value.split(",")) if value else set()


def upstream_requests(router: respx.Router, settings: Settings) -> list[httpx.Request]:
    """Every request TMDB received, each checked to carry exactly the configured credential."""
    requests = [call.request for call in router.calls]
    for request in requests:
        authenticated_params(request, settings)
    return requests


def upstream_calls(router: respx.Router, settings: Settings) -> list[tuple[str, set[str]]]:
    """(path, appended parts) of every request TMDB received, each checked for its credential."""
    return [(r.url.path, appended(r)) for r in upstream_requests(router, settings)]


def all_loggers_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    """Make every logger, httpx's too (the app quiets it), record everything."""
    for name in ["", "httpx", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


class FakeClock:
    """A ``time.monotonic`` stand-in whose ``sleep`` moves time on instead of waiting."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)
