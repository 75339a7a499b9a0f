"""Each cached entity lives as long as TMDB's ``Cache-Control: max-age`` for it says, its row's
lifetime when TMDB says nothing, at most ``TMDBFUSION_CACHE_TTL``; what TMDB says not to keep is
fetched every time. The process cache, Redis and the GET answers' own ``max-age`` all follow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.gateway.test_cache import Clock
from tests.gateway.test_shared_cache import entry_names
from tests.helpers import PREFLIGHT, body, gateway_client, upstream_calls

TITLE = "{ movie(id: 550) { title } }"
FIGHT_CLUB = {"data": {"movie": {"title": "Fight Club"}}}


def movie_550(tmdb: respx.Router, cache_control: str | None, age: int | None = None) -> None:
    """TMDB's real movie 550, with ``cache_control`` (and ``Age``) headers if given."""
    headers = {"Content-Type": "application/json"}
    if cache_control is not None:
        headers["Cache-Control"] = cache_control
    if age is not None:
        headers["Age"] = str(age)  # seconds TMDB's CDN kept the answer before we got it
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(200, content=body("movie_details__550.json"), headers=headers)
    )


@asynccontextmanager
async def gateway(
    tmdb: respx.Router, settings: Settings, clock: Clock, **changes: object
) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(settings, **changes)  # type: ignore[arg-type]
    transport = httpx.MockTransport(tmdb.async_handler)
    async with gateway_client(configured, transport, clock=clock) as http:
        yield http


async def get(http: httpx.AsyncClient, query: str = TITLE) -> httpx.Response:
    response = await http.get("/graphql", params={"query": query}, headers=PREFLIGHT)
    assert response.json() == FIGHT_CLUB
    return response


@pytest.mark.parametrize(
    ("cache_control", "age", "cache_ttl", "lifetime"),
    [
        pytest.param("public, max-age=120", None, 3600, 120, id="tmdbs-max-age"),
        pytest.param("public, max-age=36000", None, 30_000, 30_000, id="capped-by-the-setting"),
        # Unchanged by TMDB's header support: without one, the row's 28,800 s (movies.details).
        pytest.param(None, None, 86_400, 28_800, id="no-header-the-rows-lifetime"),
        pytest.param("public, max-age=600", 120, 3600, 480, id="less-the-cdns-age"),
    ],
)
async def test_an_entity_is_fresh_as_long_as_tmdb_says(
    tmdb: respx.Router,
    settings: Settings,
    cache_control: str | None,
    age: int | None,
    cache_ttl: float,
    lifetime: int,
) -> None:
    movie_550(tmdb, cache_control, age)
    clock = Clock()

    async with gateway(tmdb, settings, clock, cache_ttl=cache_ttl) as http:
        first = await get(http)
        clock.now += lifetime - 1
        last_cached = await get(http)
        fetched_before = len(tmdb.calls)
        clock.now += 1
        refetched = await get(http)

    assert first.headers["cache-control"] == f"public, max-age={lifetime}"
    assert last_cached.headers["cache-control"] == "public, max-age=1"
    assert fetched_before == 1
    assert refetched.headers["cache-control"] == f"public, max-age={lifetime}"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 2


@pytest.mark.parametrize(
    "cache_control",
    [
        pytest.param("no-store", id="no-store"),
        pytest.param("max-age=0, private, must-revalidate", id="private"),  # certifications
        pytest.param("public, max-age=0", id="max-age-0"),  # the latest movie
    ],
)
async def test_an_answer_tmdb_says_not_to_keep_is_fetched_every_time(
    tmdb: respx.Router, settings: Settings, cache_control: str
) -> None:
    movie_550(tmdb, cache_control)
    clock = Clock()

    async with gateway(tmdb, settings, clock) as http:
        first = await get(http)
        second = await get(http)

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 2
    for response in (first, second):
        assert response.headers["cache-control"] == "public, max-age=0"


async def test_redis_keeps_an_entry_as_long_as_tmdb_says(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    movie_550(tmdb, "public, max-age=120")

    async with gateway(
        tmdb, settings, Clock(), redis_url=redis_url, redis_timeout=1.0, cache_ttl=3600
    ) as http:
        await get(http)
    # The gateway's shutdown waited for its Redis writes.
    [(_, ttl_ms)] = entry_names(redis_url).items()

    assert 110_000 < ttl_ms <= 120_000
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_redis_keeps_no_entry_tmdb_says_not_to_keep(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    movie_550(tmdb, "max-age=0, private, must-revalidate")

    async with gateway(tmdb, settings, Clock(), redis_url=redis_url, redis_timeout=1.0) as first:
        await get(first)
    async with gateway(tmdb, settings, Clock(), redis_url=redis_url, redis_timeout=1.0) as second:
        await get(second)

    assert entry_names(redis_url) == {}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 2
