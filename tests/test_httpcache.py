"""HTTP caching of GET answers: max-age from the TMDB data's remaining lifetime, ETag, 304."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Final

import httpx
import pytest
import respx

from gateway import httpcache
from gateway.config import Settings
from tests.helpers import PREFLIGHT, gateway_client, not_found, ok, upstream_calls

MOVIE: Final = "{ movie(id: 550) { title } }"
PERSON: Final = "{ person(id: 287) { name } }"
BOTH: Final = "{ movie(id: 550) { title } person(id: 287) { name } }"


class Clock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """The clock of the app's process-wide TMDB cache, moved by hand."""
    return Clock()


@pytest.fixture
async def http(
    tmdb: respx.Router, settings: Settings, clock: Clock
) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(settings, cache_ttl=3600)
    transport = httpx.MockTransport(tmdb.async_handler)
    async with gateway_client(configured, transport, clock=clock) as client:
        yield client


async def get(http: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    return await http.get("/graphql", params={"query": query}, headers={**PREFLIGHT, **headers})


async def test_max_age_is_the_shortest_remaining_lifetime_of_the_data_used(
    http: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, clock: Clock
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    movie = await get(http, MOVIE)  # fetched now: fresh for the cache's whole hour
    clock.now += 1_000
    person = await get(http, PERSON)  # fetched 1,000 s later
    both = await get(http, BOTH)  # both cached: the movie goes stale first
    schema_only = await get(http, "{ __typename }")  # no TMDB data: the cache's lifetime
    clock.now += 2_500
    late = await get(http, MOVIE)

    assert movie.headers["cache-control"] == "public, max-age=3600"
    assert person.headers["cache-control"] == "public, max-age=3600"
    assert both.json() == {
        "data": {"movie": {"title": "Fight Club"}, "person": {"name": "Brad Pitt"}}
    }
    assert both.headers["cache-control"] == "public, max-age=2600"
    assert schema_only.headers["cache-control"] == "public, max-age=3600"
    assert late.headers["cache-control"] == "public, max-age=100"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set()), ("/3/person/287", set())]


async def test_a_repeated_get_with_its_etag_is_a_304_without_a_body(
    http: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, clock: Clock
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    first = await get(http, MOVIE)
    etag = first.headers["etag"]
    clock.now += 60
    again = await get(http, MOVIE, **{"If-None-Match": etag})
    weak = await get(http, MOVIE, **{"If-None-Match": f'"other", W/{etag}'})
    star = await get(http, MOVIE, **{"If-None-Match": "*"})
    stale_tag = await get(http, MOVIE, **{"If-None-Match": '"0123"'})

    assert first.status_code == 200
    # Strong, and a hash of exactly the body sent (and its media type).
    assert etag == httpcache.etag(first.content, b"application/json").decode()
    assert first.headers["vary"] == "accept"
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=3540"
    assert again.headers["vary"] == "accept"
    assert "content-type" not in again.headers
    assert "content-length" not in again.headers
    assert (weak.status_code, star.status_code) == (304, 304)
    assert stale_tag.status_code == 200
    assert stale_tag.headers["etag"] == etag
    assert stale_tag.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_each_media_type_has_its_own_etag(
    http: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    legacy = await get(http, MOVIE)
    strict = await get(http, MOVIE, Accept="application/graphql-response+json")
    crossed = await get(
        http,
        MOVIE,
        Accept="application/graphql-response+json",
        **{"If-None-Match": legacy.headers["etag"]},
    )

    assert legacy.content == strict.content
    assert legacy.headers["etag"] != strict.headers["etag"]
    assert crossed.status_code == 200


async def test_an_answer_with_any_error_is_never_stored(
    http: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/1").mock(return_value=not_found())
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    partial_error = await get(http, "{ movie(id: 1) { title } person(id: 287) { name } }")
    invalid = await get(http, "{ movie(id: 550) { titel } }")

    assert partial_error.json()["data"] == {"movie": None, "person": {"name": "Brad Pitt"}}
    for response in (partial_error, invalid):
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        assert "etag" not in response.headers
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/movie/1", set()),
        ("/3/person/287", set()),
    ]


async def test_a_post_answer_carries_no_caching_headers(
    http: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    response = await http.post("/graphql", json={"query": MOVIE})

    assert response.status_code == 200
    assert "cache-control" not in response.headers
    assert "etag" not in response.headers


async def test_a_list_bounds_max_age_by_its_own_lifetime(
    http: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, clock: Clock
) -> None:
    tmdb.get("/search/multi").mock(return_value=ok("search_multi__batman-curated.json"))
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    search = await get(http, '{ searchMulti(query: "batman") { totalResults } }')
    clock.now += 100
    both = await get(http, '{ movie(id: 550) { title } s: searchMulti(query: "batman") { page } }')

    # TMDB lets a search live 600 s (its max-age), a movie the cache's hour.
    assert search.headers["cache-control"] == "public, max-age=600"
    assert both.headers["cache-control"] == "public, max-age=500"
    assert upstream_calls(tmdb, settings) == [("/3/search/multi", set()), ("/3/movie/550", set())]
