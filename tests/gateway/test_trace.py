"""``TMDBFusion-Trace: 1`` lists, in ``extensions.tmdb``, what the operation asked of TMDB."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import fixture_json, not_found, ok, upstream_calls


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Both auth modes, with the whole-response cache off: these tests are about how operations
    run, and that cache would answer their repeats without running them."""
    return dataclasses.replace(settings, response_cache_bytes=0)


TRACE = {"TMDBFusion-Trace": "1"}
MOVIE_AND_CAST = "{ movie(id: 550) { title credits { cast(first: 2) { name } } } }"
CAST_PEOPLE = """{ movie(id: 550) { credits { cast(first: 2) { name person { birthday } } } } }"""


def movie_with_credits() -> httpx.Response:
    details = fixture_json("movie_details__550.json")
    return httpx.Response(200, json={**details, "credits": fixture_json("movie_credits__550.json")})


async def traced(client: httpx.AsyncClient, query: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query}, headers=TRACE)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def without_times(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for entry in entries:
        assert entry["startMs"] >= 0
        assert entry["durationMs"] >= 0
    return [{k: v for k, v in e.items() if not k.endswith("Ms")} for e in entries]


async def test_a_cold_query_lists_its_fetches_and_a_warm_one_its_hits(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_with_credits())

    cold = await traced(client, MOVIE_AND_CAST)
    warm = await traced(client, MOVIE_AND_CAST)

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})]
    assert cold["data"]["movie"]["credits"]["cast"] == [
        {"name": "Edward Norton"},
        {"name": "Brad Pitt"},
    ]
    fetch = {"resource": "movies.details", "key": "550", "parts": ["credits"], "status": 200}
    assert without_times(cold["extensions"]["tmdb"]) == [{"source": "fetch", **fetch}]
    assert without_times(warm["extensions"]["tmdb"]) == [
        {"source": "hit", **fetch, "layer": "process"}
    ]
    [entry] = warm["extensions"]["tmdb"]
    assert entry["durationMs"] == 0
    assert warm["data"] == cold["data"]


async def test_a_fan_out_lists_each_request_with_its_status(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_with_credits())
    tmdb.get("/person/819").mock(return_value=not_found())  # Edward Norton: not in the fixtures
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    result = await traced(client, CAST_PEOPLE)

    assert upstream_calls(tmdb, settings)[0] == ("/3/movie/550", {"credits"})
    entries = result["extensions"]["tmdb"]
    assert without_times(entries[:1]) == [
        {
            "source": "fetch",
            "resource": "movies.details",
            "key": "550",
            "parts": ["credits"],
            "status": 200,
        }
    ]
    people = sorted(without_times(entries[1:]), key=lambda e: str(e["key"]))
    assert people == [
        {"source": "fetch", "resource": "people.details", "key": "287", "parts": [], "status": 200},
        {"source": "fetch", "resource": "people.details", "key": "819", "parts": [], "status": 404},
    ]
    # The people were asked for once the movie had answered, and not before.
    movie = entries[0]
    assert all(e["startMs"] >= movie["startMs"] + movie["durationMs"] for e in entries[1:])
    assert [e["extensions"]["code"] for e in result["errors"]] == ["NOT_FOUND"]


async def test_concurrent_identical_queries_show_one_fetch_and_one_join(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return ok("movie_details__550.json")

    tmdb.get("/movie/550").mock(side_effect=slow)
    query = "{ movie(id: 550) { title } }"

    first, second = await asyncio.gather(traced(client, query), traced(client, query))

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
    entries = [*first["extensions"]["tmdb"], *second["extensions"]["tmdb"]]
    assert sorted(e["source"] for e in entries) == ["fetch", "join"]
    assert {(e["resource"], e["key"], e["status"]) for e in entries} == {
        ("movies.details", "550", 200)
    }
    # The join waited about as long as the fetch it joined took.
    fetch, join = sorted(entries, key=lambda e: str(e["source"]))
    assert join["durationMs"] >= 40
    assert fetch["durationMs"] >= 40


async def test_a_joined_failure_carries_its_status(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    async def slow_404(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return not_found()

    tmdb.get("/movie/1").mock(side_effect=slow_404)
    query = "{ movie(id: 1) { title } }"

    results = await asyncio.gather(traced(client, query), traced(client, query))

    assert upstream_calls(tmdb, settings) == [("/3/movie/1", set())]
    entries = [e for r in results for e in r["extensions"]["tmdb"]]
    assert sorted((e["source"], e["status"]) for e in entries) == [("fetch", 404), ("join", 404)]


async def test_only_the_header_asks_for_a_trace(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    query = {"query": "{ movie(id: 550) { title } }"}

    plain = await client.post("/graphql", json=query)
    other = await client.post("/graphql", json=query, headers={"TMDBFusion-Trace": "0"})
    asked = await client.post("/graphql", json=query, headers=TRACE)

    assert plain.json() == other.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert without_times(asked.json()["extensions"]["tmdb"]) == [
        {
            "source": "hit",
            "resource": "movies.details",
            "key": "550",
            "parts": [],
            "status": 200,
            "layer": "process",
        }
    ]
