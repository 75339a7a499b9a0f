"""Fixtures of the client library's tests: both auth modes, both clients, a mocked TMDB."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from tests.tmdbfusion.helpers import KEY, TMDB, TOKEN, Auth, Client
from tmdbfusion import AsyncTMDBClient, TMDBClient


@pytest.fixture(
    params=[pytest.param({"token": TOKEN}, id="bearer"), pytest.param({"api_key": KEY}, id="key")]
)
def auth(request: pytest.FixtureRequest) -> Auth:
    """The credential argument of a client: a read access token, or a v3 key."""
    credential: Auth = request.param
    return credential


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=TMDB, assert_all_called=True)


@pytest.fixture(params=["sync", "async"])
async def tmdb_client(
    request: pytest.FixtureRequest, router: respx.Router, auth: Auth
) -> AsyncIterator[Client]:
    """Either client, talking to ``router``; every route it declares must have been called."""
    if request.param == "sync":
        with TMDBClient(**auth, transport=httpx.MockTransport(router.handler)) as client:
            yield client
    else:
        transport = httpx.MockTransport(router.async_handler)
        async with AsyncTMDBClient(**auth, transport=transport) as aclient:
            yield aclient
    router.assert_all_called()
