"""A Redis that is down, dies mid-run or never answers costs a query at most the timeout.

Queries keep their exact data, served from TMDB and the process cache; the log gets one warning
when Redis goes away and one info line when it comes back, however many queries notice.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
import redis
import respx

from gateway.config import Settings
from gateway.shared_cache import NAMESPACE
from tests.gateway.test_cache import Clock
from tests.helpers import (
    all_loggers_at_debug,
    fixture_json,
    gateway_client,
    graphql,
    ok,
    upstream_calls,
)
from tests.servers import RedisServer


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Both auth modes, with the whole-response cache off: these tests are about how operations
    run, and that cache would answer their repeats without running them."""
    return dataclasses.replace(settings, response_cache_bytes=0)


MOVIES = {
    550: "movie_details__550.json",
    76: "movie_details_append__76.json",
    8681: "movie_details_append__8681.json",
}
RETRY_AFTER = 1.0  # Availability's default: how long a failed Redis is left alone


def mock_movies(tmdb: respx.Router) -> None:
    for id, name in MOVIES.items():
        tmdb.get(f"/movie/{id}").mock(return_value=ok(name))


async def timed_title(client: httpx.AsyncClient, id: int) -> float:
    """Ask for the movie's title, check it against the fixture, and return the seconds taken."""
    started = time.monotonic()
    result = await graphql(client, f"{{ movie(id: {id}) {{ title }} }}")
    elapsed = time.monotonic() - started
    assert result == {"data": {"movie": {"title": fixture_json(MOVIES[id])["title"]}}}
    return elapsed


async def timed_cast(client: httpx.AsyncClient) -> float:
    """Ask for movie 76's cast, check it against the fixture, and return the seconds taken."""
    started = time.monotonic()
    result = await graphql(client, "{ movie(id: 76) { credits { cast { name } } } }")
    elapsed = time.monotonic() - started
    cast = [{"name": c["name"]} for c in fixture_json(MOVIES[76])["credits"]["cast"]]
    assert result == {"data": {"movie": {"credits": {"cast": cast}}}}
    return elapsed


def redis_lines(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [
        (r.levelno, r.getMessage())
        for r in caplog.records
        if r.name.partition(".")[0] == "gateway" and "Redis" in r.getMessage()
    ]


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [message for level, message in redis_lines(caplog) if level >= logging.WARNING]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (the kernel completes them) but never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        yield sock.getsockname()[1]


def with_redis(settings: Settings, url: str, timeout: float = 0.05) -> Settings:
    return dataclasses.replace(settings, redis_url=url, redis_timeout=timeout)


async def test_a_dead_redis_url_serves_every_query_with_one_warning(
    tmdb: respx.Router, settings: Settings, closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    mock_movies(tmdb)
    dead = with_redis(settings, f"redis://127.0.0.1:{closed_port}/0")

    clock = Clock()
    transport = httpx.MockTransport(tmdb.async_handler)
    async with gateway_client(dead, transport, clock=clock) as client:
        times = [await timed_title(client, id) for id in MOVIES]
        clock.now += RETRY_AFTER  # the next query probes Redis, and finds it still down
        times.append(await timed_cast(client))

    assert upstream_calls(tmdb, settings) == [(f"/3/movie/{id}", set()) for id in MOVIES] + [
        ("/3/movie/76", {"credits"})
    ]
    assert max(times) < 0.05 + 0.25
    [warning] = warnings(caplog)
    assert warning.startswith(f"Redis at redis://127.0.0.1:{closed_port}/0 unavailable (")
    assert "serving from the process cache alone" in warning


async def test_a_redis_that_stops_mid_run_and_comes_back(
    tmdb: respx.Router,
    settings: Settings,
    own_redis: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    mock_movies(tmdb)
    shared = with_redis(settings, own_redis.url)

    clock = Clock()
    transport = httpx.MockTransport(tmdb.async_handler)
    async with gateway_client(shared, transport, clock=clock) as client:
        await timed_title(client, 550)
        assert await stored(own_redis, 1)
        own_redis.stop()
        times = [await timed_title(client, id) for id in (76, 8681, 550)]
        assert len(warnings(caplog)) == 1
        own_redis.start()
        clock.now += RETRY_AFTER
        # A part no cache holds: the query probes Redis, finds it back, and writes its entry.
        times.append(await timed_cast(client))
        assert await stored(own_redis, 1)

    assert max(times) < 0.05 + 0.25
    # The second 550 came from the process cache.
    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", set()),
        ("/3/movie/76", set()),
        ("/3/movie/8681", set()),
        ("/3/movie/76", {"credits"}),
    ]
    address = f"Redis at redis://127.0.0.1:{own_redis.port}/0"
    lines = redis_lines(caplog)
    assert [level for level, _ in lines] == [logging.INFO, logging.WARNING, logging.INFO]
    assert lines[0][1] == f"Sharing cached entities through {address}"
    assert lines[1][1].startswith(f"{address} unavailable (ConnectionError")
    assert lines[2][1] == f"{address} answers again; using it again"


async def test_a_redis_that_never_answers_costs_a_query_at_most_the_timeout(
    tmdb: respx.Router, settings: Settings, silent_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    mock_movies(tmdb)
    timeout = 0.2
    silent = with_redis(settings, f"redis://127.0.0.1:{silent_port}/0", timeout)

    clock = Clock()
    transport = httpx.MockTransport(tmdb.async_handler)
    async with gateway_client(silent, transport, clock=clock) as client:
        # Start-up's ping found it silent; queries go straight to TMDB until the next probe.
        skipped = await timed_title(client, 550)
        clock.now += RETRY_AFTER
        probed = await timed_title(client, 76)
        after = [await timed_title(client, id) for id in (8681, 550, 76)]

    assert skipped < timeout
    assert timeout <= probed < timeout + 0.25
    assert max(after) < timeout
    assert upstream_calls(tmdb, settings) == [(f"/3/movie/{id}", set()) for id in (550, 76, 8681)]
    [warning] = warnings(caplog)
    assert "unavailable (TimeoutError" in warning


async def stored(server: RedisServer, count: int, password: str | None = None) -> bool:
    """Whether Redis holds ``count`` entries within a second (they are written after the answer)."""
    deadline = time.monotonic() + 1
    with redis.Redis.from_url(server.url, password=password) as client:
        while time.monotonic() < deadline:
            if len(client.keys(NAMESPACE + "*")) == count:
                return True
            await asyncio.sleep(0.01)
    return False


PASSWORD = "s3cret-redis-pw"


@pytest.mark.parametrize("own_redis", [("--requirepass", PASSWORD)], indirect=True)
async def test_the_redis_password_never_reaches_the_log(
    tmdb: respx.Router,
    settings: Settings,
    own_redis: RedisServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    all_loggers_at_debug(caplog)
    mock_movies(tmdb)
    transport = httpx.MockTransport(tmdb.async_handler)
    wrong = own_redis.url.replace("redis://", "redis://:not-the-pw@")
    right = own_redis.url.replace("redis://", f"redis://:{PASSWORD}@")

    async with gateway_client(with_redis(settings, wrong), transport) as client:
        await timed_title(client, 550)
    async with gateway_client(with_redis(settings, right), transport) as client:
        await timed_title(client, 76)
        assert await stored(own_redis, 1, PASSWORD)

    address = f"Redis at redis://127.0.0.1:{own_redis.port}/0"
    lines = redis_lines(caplog)
    assert lines[0][1].startswith(f"{address} unavailable (AuthenticationError")
    assert lines[1][1] == f"Sharing cached entities through {address}"
    assert PASSWORD not in caplog.text
    assert "not-the-pw" not in caplog.text
