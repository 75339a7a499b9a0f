"""Shared fixtures: a respx-mocked TMDB, settings in each auth mode, the gateway wired to them,
and real redis-server processes.

Helpers live in ``tests/helpers.py``; nothing is imported from here.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import redis
import respx

from gateway.config import Settings
from tests.helpers import (
    AUTH_IDS,
    AUTH_MODES,
    TMDB,
    AuthMode,
    gateway_client,
    program,
    settings_for,
    upstream_requests,
)
from tests.servers import RedisServer


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
    sent: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return await tmdb.async_handler(request)

    async with gateway_client(settings, httpx.MockTransport(handler)) as http:
        yield http
    tmdb.assert_all_called()
    # A request no route answers fails inside the gateway, where a caller may swallow it (the
    # image base's): every request sent must be one a route answered.
    answered = [call.request for call in tmdb.calls]
    assert [str(r.url) for r in sent if r not in answered] == []
    upstream_requests(tmdb, settings)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A 127.0.0.1 port nothing listens on: bound, never listening, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def redis_executable() -> str:
    return program("redis-server", "apt-get install -y redis-server (.ci/run does)")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One redis-server for the session; skipped (failed in CI) when it is not installed."""
    server = RedisServer(redis_executable(), tmp_path_factory.mktemp("redis"))
    with server.running():
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's redis-server, emptied for this test."""
    with redis.Redis.from_url(redis_server.url) as client:
        client.flushall()
    return redis_server.url


@pytest.fixture
def own_redis(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RedisServer]:
    """A redis-server of this test's own, which it may stop and start again.

    Indirect parametrization passes it more arguments (``--requirepass ...``).
    """
    args: tuple[str, ...] = getattr(request, "param", ())
    server = RedisServer(redis_executable(), tmp_path_factory.mktemp("redis"), *args)
    with server.running():
        yield server
