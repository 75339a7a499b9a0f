"""Whole responses shared through a real redis-server: one gateway's answer is another's hit, for
the answer's remaining lifetime; a Redis that is down or silent leaves each gateway its own cache,
with one warning and no error for any client."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import redis
import respx
from redis.asyncio import Redis
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.availability import Availability
from gateway.config import Settings
from gateway.response_cache_redis import LEADS, NAMESPACE, SharedResponses
from tests.gateway.test_cache import Clock
from tests.gateway.test_metrics import local
from tests.gateway.test_redis_outage import silent_port, warnings
from tests.gateway.test_response_cache import CACHE, FIGHT_CLUB, TITLE, movie_550, post
from tests.helpers import Samples, gateway_client, moved, not_found, upstream_calls
from tests.servers import RedisServer
from tests.test_operations import Call, Slow

__all__ = ["silent_port"]  # a fixture, used by name

REDIS: str = "tmdbfusion_response_cache_redis_total"


def stored(url: str) -> dict[str, int]:
    """Each whole response in Redis and its remaining TTL in milliseconds."""
    with redis.Redis.from_url(url, decode_responses=True) as client:
        return {name: client.pttl(name) for name in client.keys(NAMESPACE + "*")}


async def written(url: str, count: int) -> dict[str, int]:
    """The responses in Redis once ``count`` are there (they are written in the background)."""
    for _ in range(200):
        found = stored(url)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.01)
    return stored(url)


def with_redis(settings: Settings, url: str, timeout: float = 1.0) -> Settings:
    # About sharing, not Redis's speed: a loaded machine can pass the 50 ms default.
    return dataclasses.replace(settings, redis_url=url, redis_timeout=timeout, retries=0)


def redis_counts(before: Samples) -> dict[str, float]:
    return {
        dict(labels)["result"]: count
        for (name, labels), count in moved(before, local()).items()
        if name == REDIS
    }


async def test_two_gateways_share_an_answer_for_its_remaining_lifetime(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550(max_age=600))
    shared = with_redis(settings, redis_url)
    transport = httpx.MockTransport(tmdb.async_handler)
    before = local()

    async with (
        gateway_client(shared, transport, clock=Clock()) as one,
        gateway_client(shared, transport, clock=Clock()) as two,
    ):
        first = await post(one)
        [ttl] = (await written(redis_url, 1)).values()
        from_redis = await post(two)
        from_process = await post(two)

    assert first.headers[CACHE] == "miss"
    assert 590_000 < ttl <= 600_000  # the movie's 600 s, as TMDB said
    assert (from_redis.headers[CACHE], from_process.headers[CACHE]) == ("hit", "hit")
    assert from_redis.content == from_process.content == first.content
    assert from_redis.json() == FIGHT_CLUB
    assert redis_counts(before) == {"miss": 1, "hit": 1}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]  # one gateway asked


async def test_gateways_with_other_budgets_do_not_share(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    transport = httpx.MockTransport(tmdb.async_handler)
    one_settings = with_redis(settings, redis_url)
    two_settings = dataclasses.replace(one_settings, max_upstream_calls=50)

    async with (
        gateway_client(one_settings, transport, clock=Clock()) as one,
        gateway_client(two_settings, transport, clock=Clock()) as two,
    ):
        await post(one)
        await written(redis_url, 1)
        other = await post(two)

    assert other.headers[CACHE] == "miss"
    assert len(stored(redis_url)) == 2


@pytest.mark.parametrize("down", ["refused", "silent"])
async def test_a_redis_that_is_down_leaves_each_gateway_its_own_cache(
    tmdb: respx.Router,
    settings: Settings,
    closed_port: int,
    silent_port: int,
    caplog: pytest.LogCaptureFixture,
    down: str,
) -> None:
    caplog.set_level(logging.INFO)
    tmdb.get("/movie/550").mock(return_value=movie_550())
    port = closed_port if down == "refused" else silent_port
    dead = with_redis(settings, f"redis://127.0.0.1:{port}/0", timeout=0.05)
    before = local()

    async with gateway_client(dead, httpx.MockTransport(tmdb.async_handler)) as http:
        answers = [await post(http) for _ in range(3)]

    assert [a.headers[CACHE] for a in answers] == ["miss", "hit", "hit"]
    assert [a.json() for a in answers] == [FIGHT_CLUB] * 3
    assert redis_counts(before).get("unavailable", 0) >= 1
    assert any("(whole responses) unavailable" in w for w in warnings(caplog))
    assert [w for w in warnings(caplog) if "whole responses" in w] == [
        next(w for w in warnings(caplog) if "whole responses" in w)
    ]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_a_redis_that_stops_and_comes_back(
    tmdb: respx.Router, settings: Settings, own_redis: RedisServer
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    clock = Clock()
    transport = httpx.MockTransport(tmdb.async_handler)
    shared = with_redis(settings, own_redis.url, timeout=0.5)
    runtime = "{ movie(id: 550) { runtime } }"

    async with gateway_client(shared, transport, clock=clock) as http:
        await post(http)
        assert len(await written(own_redis.url, 1)) == 1
        own_redis.stop()
        during = await post(http, runtime)  # Redis down: kept in this process
        again = await post(http, runtime)
        own_redis.start()
        clock.now += 2  # past the probe interval: the next look finds Redis back
        tagline = await post(http, "{ movie(id: 550) { tagline } }")
        back = await written(own_redis.url, 1)

    assert (during.headers[CACHE], again.headers[CACHE], tagline.headers[CACHE]) == (
        "miss",
        "hit",
        "miss",
    )
    assert len(back) == 1  # the restarted Redis is empty but for the answer written since
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


def leads(url: str) -> list[str]:
    with redis.Redis.from_url(url, decode_responses=True) as client:
        return list(client.keys(LEADS + "*"))


@dataclasses.dataclass
class Leading:
    """Two gateways sharing Redis; the first's POST of ``TITLE`` holds the lead, waiting on
    TMDB (``slow``); ``two`` is the second gateway's app and ``http`` a client for it."""

    leader: asyncio.Task[httpx.Response]
    two: Starlette
    http: httpx.AsyncClient
    slow: Slow


@asynccontextmanager
async def one_leading(
    tmdb: respx.Router, settings: Settings, redis_url: str, answer: httpx.Response, delay: float
) -> AsyncIterator[Leading]:
    slow = Slow(answer, delay=delay)
    tmdb.get("/movie/550").mock(side_effect=slow)
    shared = with_redis(settings, redis_url)
    transport = httpx.MockTransport(tmdb.async_handler)
    two = create_app(shared, transport=transport, clock=Clock())
    async with (
        gateway_client(shared, transport, clock=Clock()) as one,
        two.router.lifespan_context(two),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=two), base_url="http://gw") as http,
    ):
        leader = asyncio.create_task(post(one))
        await slow.reached(1)
        yield Leading(leader, two, http, slow)


async def test_concurrent_misses_in_two_gateways_run_once(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    async with one_leading(tmdb, settings, redis_url, movie_550(max_age=600), 0.3) as lead:
        follower = await post(lead.http)
        first = await lead.leader

    assert (first.headers[CACHE], follower.headers[CACHE]) == ("miss", "hit")
    assert follower.content == first.content
    assert follower.json() == FIGHT_CLUB
    assert lead.slow.calls == 1
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
    assert leads(redis_url) == []  # released once the answer was written


async def test_a_lead_that_stores_nothing_lets_the_other_gateway_run(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    # An answer with an error is never stored: the follower stops waiting once the lead is
    # released and runs the operation itself, long before the hold (the 10 s deadline) passes
    # (its 404 then comes from the data cache both share through Redis: TMDB is asked once).
    async with one_leading(tmdb, settings, redis_url, not_found(), 0.3) as lead:
        started = time.monotonic()
        follower = await post(lead.http)
        waited = time.monotonic() - started
        first = await lead.leader

    assert first.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert follower.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (first.headers[CACHE], follower.headers[CACHE]) == ("miss", "miss")
    assert lead.slow.calls == 1
    assert 0.2 <= waited < 3  # it followed the lead until its release, then ran
    assert leads(redis_url) == []


async def test_a_follower_whose_client_leaves_stops_following(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    async with one_leading(tmdb, settings, redis_url, movie_550(max_age=600), 0.6) as lead:
        call = Call(lead.two, TITLE)  # the same query: it follows the first gateway's lead
        await asyncio.sleep(0.05)
        call.gone.set()
        await asyncio.wait_for(call.task, 0.3)  # at once, not when the leader answers
        first = await lead.leader

    assert call.sent == []
    assert first.headers[CACHE] == "miss"
    assert lead.slow.calls == 1


async def test_a_lead_is_released_only_while_it_is_still_this_processes(redis_url: str) -> None:
    # A lead past its hold may have been taken by another process: releasing ours must not
    # delete theirs.
    tier = SharedResponses(
        Redis.from_url(redis_url),
        fingerprint="test",
        timeout=1.0,
        availability=Availability("Redis (test)", fallback="alone"),
        hold=5.0,
    )
    mine = ("{ a }", None, b"null", b"application/json")
    theirs = ("{ b }", None, b"null", b"application/json")

    assert await tier.lead(mine) is True
    assert await tier.lead(theirs) is True
    assert await tier.lead(theirs) is False  # held: a second process would follow
    with redis.Redis.from_url(redis_url, decode_responses=True) as client:
        client.set(tier.lead_name(theirs), "another process")
    tier.release(mine)
    tier.release(theirs)
    await tier.aclose()  # lets the background releases finish

    with redis.Redis.from_url(redis_url, decode_responses=True) as client:
        assert client.get(tier.lead_name(mine)) is None
        assert client.get(tier.lead_name(theirs)) == "another process"
