"""The Redis shared cache, between two gateway apps in this process and a real redis-server.

Each app has its own process cache, as two processes or replicas would; both talk to the same
respx TMDB, so every upstream request is counted. (tests/test_shared_processes.py does the same
with two real gateway processes.)
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

import httpx
import pytest
import redis
import respx

from gateway.config import Settings
from gateway.shared_cache import LOCK_WAIT, NAMESPACE
from tests.gateway.test_cache import Clock
from tests.helpers import appended, fixture_json, gateway_client, graphql, ok, upstream_calls

DETAILS = fixture_json("movie_details__550.json")
CREDITS = fixture_json("movie_credits__550.json")
IMAGES = fixture_json("movie_images__550.json")
TITLE_QUERY = "{ movie(id: 550) { title } }"
CAST_QUERY = "{ movie(id: 550) { title credits { cast { name } } } }"
BOTH_QUERY = (
    "{ movie(id: 550) { title credits { cast { name } } images { posters { filePath } } } }"
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Both auth modes, with the whole-response cache off: these tests are about how operations
    run, and that cache would answer their repeats without running them."""
    return dataclasses.replace(settings, response_cache_bytes=0)


def movie_550(tmdb: respx.Router, delay: float = 0) -> None:
    """TMDB's movie 550, carrying exactly the parts asked for, after ``delay`` seconds."""

    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(delay)
        parts = {"credits": CREDITS, "images": IMAGES}
        return httpx.Response(200, json={**DETAILS, **{p: parts[p] for p in appended(request)}})

    tmdb.get("/movie/550").mock(side_effect=answer)


def assert_fight_club(result: dict[str, Any], images: bool = False) -> None:
    movie = result["data"]["movie"]
    assert movie["title"] == DETAILS["title"]
    assert [c["name"] for c in movie["credits"]["cast"]] == [c["name"] for c in CREDITS["cast"]]
    if images:
        posters = [p["file_path"] for p in IMAGES["posters"]]
        assert [p["filePath"] for p in movie["images"]["posters"]] == posters


def entry_names(redis_url: str) -> dict[str, int]:
    """Each shared cache key in Redis (locks aside) and its remaining TTL in milliseconds."""
    with redis.Redis.from_url(redis_url, decode_responses=True) as client:
        names = [n for n in client.keys(NAMESPACE + "*") if not n.endswith(":lock")]
        return {name: client.pttl(name) for name in names}


@pytest.fixture
def shared(settings: Settings, redis_url: str) -> Settings:
    # These tests are about sharing, not Redis's speed: a loaded machine can take longer than
    # the 50 ms default, and Redis would then be stepped aside (tests/gateway/test_redis_outage.py
    # tests that).
    return dataclasses.replace(settings, redis_url=redis_url, redis_timeout=1.0, cache_ttl=600)


async def first_gateway_asks(
    tmdb: respx.Router, shared: Settings, redis_url: str, query: str = CAST_QUERY
) -> tuple[httpx.MockTransport, str]:
    """A first gateway asks ``query`` of movie 550; its TMDB transport and the entry's key."""
    movie_550(tmdb)
    transport = httpx.MockTransport(tmdb.async_handler)
    async with gateway_client(shared, transport) as first:
        await graphql(first, query)
    [name] = entry_names(redis_url)
    return transport, name


async def test_a_second_gateway_is_answered_from_the_first_ones_entry(
    tmdb: respx.Router, settings: Settings, shared: Settings, redis_url: str
) -> None:
    movie_550(tmdb)
    transport = httpx.MockTransport(tmdb.async_handler)

    async with gateway_client(shared, transport) as first:
        assert_fight_club(await graphql(first, CAST_QUERY))
    [(name, ttl_ms)] = entry_names(redis_url).items()
    async with gateway_client(shared, transport) as second:
        assert_fight_club(await graphql(second, CAST_QUERY))

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})]
    assert name.startswith(NAMESPACE)
    assert name.endswith(':["movies.details",[550],null,[]]')
    assert 590_000 < ttl_ms <= 600_000  # the entry's own TTL, TMDBFUSION_CACHE_TTL


async def test_concurrent_misses_in_two_gateways_cost_one_request(
    tmdb: respx.Router, settings: Settings, shared: Settings
) -> None:
    movie_550(tmdb, delay=0.3)
    transport = httpx.MockTransport(tmdb.async_handler)

    async with gateway_client(shared, transport) as a, gateway_client(shared, transport) as b:
        results = await asyncio.gather(graphql(a, CAST_QUERY), graphql(b, CAST_QUERY))

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})]
    for result in results:
        assert_fight_club(result)


async def test_a_shared_entry_lacking_a_part_answers_only_with_what_it_has(
    tmdb: respx.Router, settings: Settings, shared: Settings, redis_url: str
) -> None:
    transport, _ = await first_gateway_asks(tmdb, shared, redis_url)
    async with gateway_client(shared, transport) as second:
        both = await graphql(second, BOTH_QUERY)
    async with gateway_client(shared, transport) as third:
        again = await graphql(third, BOTH_QUERY)

    # The second gateway asked TMDB only for the images, and wrote back the union.
    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", {"credits"}),
        ("/3/movie/550", {"images"}),
    ]
    assert_fight_club(both, images=True)
    assert again == both
    assert len(entry_names(redis_url)) == 1


async def test_an_entry_read_from_redis_keeps_its_remaining_ttl(
    tmdb: respx.Router, settings: Settings, shared: Settings, redis_url: str
) -> None:
    transport, name = await first_gateway_asks(tmdb, shared, redis_url)
    with redis.Redis.from_url(redis_url) as client:
        client.pexpire(name, 5_000)

    clock = Clock()
    async with gateway_client(shared, transport, clock=clock) as second:
        assert_fight_club(await graphql(second, CAST_QUERY))  # from Redis
        with redis.Redis.from_url(redis_url) as client:
            client.delete(name)
        clock.now += 4
        assert_fight_club(await graphql(second, CAST_QUERY))  # from its process cache
        clock.now += 2
        # Five seconds were all Redis had left, so the process cache forgot it too.
        assert_fight_club(await graphql(second, CAST_QUERY))

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})] * 2


async def test_a_404_is_shared_for_the_negative_ttl(
    tmdb: respx.Router, settings: Settings, shared: Settings, redis_url: str
) -> None:
    tmdb.get("/movie/99999999").mock(
        return_value=httpx.Response(404, json=fixture_json("error_404_not_found__jdrouet.json"))
    )
    transport = httpx.MockTransport(tmdb.async_handler)
    query = "{ movie(id: 99999999) { title } }"

    async with gateway_client(shared, transport) as first:
        told = await graphql(first, query)
    [(_, ttl_ms)] = entry_names(redis_url).items()
    async with gateway_client(shared, transport) as second:
        remembered = await graphql(second, query)

    assert upstream_calls(tmdb, settings) == [("/3/movie/99999999", set())]
    assert remembered == told
    assert told["data"] == {"movie": None}
    assert told["errors"][0]["path"] == ["movie"]
    assert told["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert 50_000 < ttl_ms <= 60_000  # TMDBFUSION_NEGATIVE_TTL


async def test_an_unreadable_entry_is_a_miss_and_is_replaced(
    tmdb: respx.Router, settings: Settings, shared: Settings, redis_url: str
) -> None:
    transport, name = await first_gateway_asks(tmdb, shared, redis_url)
    with redis.Redis.from_url(redis_url) as client:
        client.set(name, b"\x93not msgpack of a movie", px=60_000)

    async with gateway_client(shared, transport) as second:
        assert_fight_club(await graphql(second, CAST_QUERY))
    async with gateway_client(shared, transport) as third:
        assert_fight_club(await graphql(third, CAST_QUERY))

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})] * 2


async def test_a_waiter_fetches_itself_once_the_lock_is_gone_or_too_old(
    tmdb: respx.Router, settings: Settings, shared: Settings, redis_url: str
) -> None:
    """A fetcher that died holding the lock costs the others at most LOCK_WAIT."""
    transport, name = await first_gateway_asks(tmdb, shared, redis_url, TITLE_QUERY)
    async with gateway_client(shared, transport) as second:
        with redis.Redis.from_url(redis_url) as client:
            client.delete(name)
            client.set(name + ":lock", "a fetcher that died", px=300)
        started = time.monotonic()
        assert_fight_club(await graphql(second, CAST_QUERY))
        waited_for_expiry = time.monotonic() - started
        with redis.Redis.from_url(redis_url) as client:
            client.delete(name)
            client.set(name + ":lock", "a fetcher that hangs", px=60_000)
        await graphql(second, "{ movie(id: 550) { images { posters { filePath } } } }")
        waited_for_deadline = time.monotonic() - started - waited_for_expiry

    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", set()),
        ("/3/movie/550", {"credits"}),
        ("/3/movie/550", {"images"}),
    ]
    assert 0.25 < waited_for_expiry < 0.3 + 0.5
    assert LOCK_WAIT - 0.05 < waited_for_deadline < LOCK_WAIT + 0.5


async def test_a_search_is_shared_by_its_query_parameters(
    tmdb: respx.Router, settings: Settings, shared: Settings, redis_url: str
) -> None:
    route = tmdb.get("/search/multi").mock(return_value=ok("search_multi__batman-curated.json"))
    transport = httpx.MockTransport(tmdb.async_handler)
    query = '{ searchMulti(query: "batman") { totalResults } }'
    # What is tested is the key: a loaded machine must not step Redis aside (50 ms by default).
    shared = dataclasses.replace(shared, redis_timeout=2.0)

    async with gateway_client(shared, transport) as first:
        assert (await graphql(first, query))["data"]["searchMulti"]["totalResults"] == 201
    async with gateway_client(shared, transport) as second:
        assert (await graphql(second, query))["data"]["searchMulti"]["totalResults"] == 201
        await graphql(second, '{ searchMulti(query: "robin") { totalResults } }')

    # The second gateway found the first one's search in Redis; another query is another entry.
    assert [call.request.url.params["query"] for call in route.calls] == ["batman", "robin"]
    names = sorted(entry_names(redis_url))
    assert [name.split(":", 3)[3] for name in names] == [
        '["search.multi",[],null,[["page",1],["query","batman"]]]',
        '["search.multi",[],null,[["page",1],["query","robin"]]]',
    ]
