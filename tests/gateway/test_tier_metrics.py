"""The tiers below the process cache in /metrics and the upstream trace: the memory of 404s
(``layer="negative"``) and Redis (``layer="redis"``, against a real redis-server)."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest
import redis
import respx

from gateway import metrics
from gateway.config import Settings
from gateway.shared_cache import WriteLedger
from tests.gateway.test_cache import Clock
from tests.gateway.test_shared_cache import CAST_QUERY, entry_names, movie_550
from tests.helpers import (
    Samples,
    gateway_client,
    graphql,
    moved,
    not_found,
    ok,
    parse_metrics,
    upstream_calls,
    value,
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Both auth modes, with the whole-response cache off: these tests are about how operations
    run, and that cache would answer their repeats without running them."""
    return dataclasses.replace(settings, response_cache_bytes=0)


TRACE = {"TMDBFusion-Trace": "1"}
GRAPHQL = "tmdbfusion_graphql_request_duration_seconds_count"
UPSTREAM = "tmdbfusion_upstream_request_duration_seconds_count"
HITS = "tmdbfusion_cache_hits_total"
MISSES = "tmdbfusion_cache_misses_total"


def key(name: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return name, frozenset(labels.items())


def local() -> Samples:
    return parse_metrics(metrics.exposition().decode())


def only_entry(response: httpx.Response) -> dict[str, Any]:
    [entry] = response.json()["extensions"]["tmdb"]
    assert entry["startMs"] >= 0
    assert entry["durationMs"] >= 0
    return {k: v for k, v in entry.items() if not k.endswith("Ms")}


async def test_a_known_404_is_a_negative_hit(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/1").mock(return_value=not_found())
    query = "{ movie(id: 1) { title } }"

    first = await graphql(client, query)
    before = local()
    again = await client.post("/graphql", json={"query": query}, headers=TRACE)
    after = local()

    assert upstream_calls(tmdb, settings) == [("/3/movie/1", set())]
    for result in (first, again.json()):
        assert result["data"] == {"movie": None}
        assert result["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert only_entry(again) == {
        "source": "hit",
        "layer": "negative",
        "resource": "movies.details",
        "key": "1",
        "parts": [],
        "status": 404,
    }
    assert moved(before, after) == {
        key(GRAPHQL, operation="anonymous", outcome="errors"): 1,
        key(MISSES, layer="process"): 1,
        key(HITS, layer="negative"): 1,
    }
    assert value(after, "tmdbfusion_cache_entries", layer="negative") == 1


async def test_redis_hits_misses_and_the_entries_this_process_wrote(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    shared = dataclasses.replace(settings, redis_url=redis_url, cache_ttl=600)
    movie_550(tmdb)
    transport = httpx.MockTransport(tmdb.async_handler)

    start = local()
    async with gateway_client(shared, transport) as first:
        await graphql(first, CAST_QUERY)
    written = local()  # the write to Redis is done: the app waits for it when it stops
    [name] = entry_names(redis_url)
    with redis.Redis.from_url(redis_url) as client:
        size = client.strlen(name)
    async with gateway_client(shared, transport) as second:
        response = await second.post("/graphql", json={"query": CAST_QUERY}, headers=TRACE)
    end = local()

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})]
    assert moved(start, written) == {
        key(GRAPHQL, operation="anonymous", outcome="ok"): 1,
        key(UPSTREAM, resource="movies.details", status="200"): 1,
        key(MISSES, layer="process"): 1,
        key(MISSES, layer="negative"): 1,
        key(MISSES, layer="redis"): 1,
    }
    assert value(written, "tmdbfusion_cache_entries", layer="redis") == 1
    assert value(written, "tmdbfusion_cache_bytes", layer="redis") == size > 0
    # The second gateway, with its own process cache, is answered from the first one's entry.
    assert moved(written, end) == {
        key(GRAPHQL, operation="anonymous", outcome="ok"): 1,
        key(MISSES, layer="process"): 1,
        key(MISSES, layer="negative"): 1,
        key(HITS, layer="redis"): 1,
    }
    assert only_entry(response) == {
        "source": "hit",
        "layer": "redis",
        "resource": "movies.details",
        "key": "550",
        "parts": ["credits"],
        "status": 200,
    }


async def test_redis_down_is_a_redis_miss_and_the_query_is_served(
    tmdb: respx.Router, settings: Settings, closed_port: int
) -> None:
    down = dataclasses.replace(settings, redis_url=f"redis://127.0.0.1:{closed_port}/0")
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    async with gateway_client(down, httpx.MockTransport(tmdb.async_handler)) as client:
        before = local()
        result = await graphql(client, "{ movie(id: 550) { title } }")
        after = local()

    assert result == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
    assert moved(before, after) == {
        key(GRAPHQL, operation="anonymous", outcome="ok"): 1,
        key(UPSTREAM, resource="movies.details", status="200"): 1,
        key(MISSES, layer="process"): 1,
        key(MISSES, layer="negative"): 1,
        key(MISSES, layer="redis"): 1,
    }


def test_the_write_ledger_forgets_writes_when_their_ttl_ends() -> None:
    clock = Clock()
    ledger = WriteLedger(clock)

    ledger.wrote(100, ttl=2)
    ledger.wrote(50, ttl=5)
    for _ in range(1_000):
        ledger.wrote(1, ttl=5)
    assert (ledger.entries, ledger.bytes) == (1_002, 1_150)
    assert len(ledger._buckets) == 2  # one per second writes expire in, not one per write

    clock.now += 2.5
    assert ledger.expire()
    assert (ledger.entries, ledger.bytes) == (1_001, 1_050)
    assert not ledger.expire()
    clock.now += 2.5
    assert ledger.expire()
    assert (ledger.entries, ledger.bytes) == (0, 0)
