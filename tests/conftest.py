"""Shared fixtures: a respx-mocked TMDB, settings in each auth mode, and the gateway wired to them.

Helpers live in ``tests/helpers.py``; nothing is imported from here.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import (
    AUTH_IDS,
    AUTH_MODES,
    TMDB,
    AuthMode,
    gateway_client,
    settings_for,
    upstream_requests,
)


@pytest.fixture
def tmdb() -> respx.Router:
    return respx.Router(base_url=TMDB, assert_all_called=True)


@pytest.fixture(params=AUTH_MODES, ids=AUTH_IDS)
def settings(request: pytest.FixtureRequest) -> Settings:
    """The gateway's settings, once with the Bearer token and once with the v3 key."""
    mode: AuthMode = request.param
    return settings_for(mode)


@pytest.fixture
async def client(tmdb: respx.Router, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the gateway, whose TMDB is the ``tmdb`` router.

    Every request TMDB received is checked, after the test, to carry exactly the configured
    credential, so each test using this fixture checks both auth modes.
    """
    async with gateway_client(settings, httpx.MockTransport(tmdb.async_handler)) as http:
        yield http
    tmdb.assert_all_called()
    upstream_requests(tmdb, settings)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A 127.0.0.1 port nothing listens on: bound, never listening, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]
