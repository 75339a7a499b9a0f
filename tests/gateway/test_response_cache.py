"""The whole-response cache over HTTP: a repeated operation is answered from stored bytes, never
executed again, for no longer than the TMDB data under it stays fresh (TMDB mocked with respx)."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
import respx
from starlette.applications import Starlette
from starlette.types import Message

from gateway import httpcache
from gateway.app import create_app
from gateway.config import Settings
from gateway.response_cache import normalize
from tests.gateway.test_cache import Clock
from tests.gateway.test_metrics import local
from tests.helpers import (
    PREFLIGHT,
    authenticated_params,
    body,
    fixture_json,
    gateway_client,
    moved,
    not_found,
    upstream_calls,
    upstream_requests,
)
from tests.test_operations import Call, Slow
from tests.test_persisted import LISTED, manifest, persisted

TITLE: Final = "{ movie(id: 550) { title } }"
FIGHT_CLUB: Final = {"data": {"movie": {"title": "Fight Club"}}}
CACHE: Final = "tmdbfusion-cache"
REQUESTS: Final = "tmdbfusion_response_cache_requests_total"
GRAPHQL: Final = "tmdbfusion_graphql_request_duration_seconds_count"


def movie_550(name: str = "movie_details__550.json", max_age: int = 28_800) -> httpx.Response:
    """A real recording of movie 550, with the ``Cache-Control`` TMDB sends for an entity."""
    return httpx.Response(
        200,
        content=body(name),
        headers={"Content-Type": "application/json", "Cache-Control": f"public, max-age={max_age}"},
    )


@asynccontextmanager
async def gateway(
    tmdb: respx.Router, settings: Settings, clock: Clock | None = None, **changes: Any
) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(settings, **{"retries": 0, **changes})
    async with gateway_client(
        configured, httpx.MockTransport(tmdb.async_handler), clock=clock or Clock()
    ) as http:
        yield http


async def post(http: httpx.AsyncClient, query: str = TITLE, **headers: str) -> httpx.Response:
    return await http.post("/graphql", json={"query": query}, headers=headers)


async def get(http: httpx.AsyncClient, query: str = TITLE, **headers: str) -> httpx.Response:
    return await http.get("/graphql", params={"query": query}, headers={**PREFLIGHT, **headers})


def requests_moved(before: dict[Any, float]) -> dict[str, float]:
    """How the response cache's request counter, and the executed requests, moved."""
    changed = moved(before, local())
    counts = {
        dict(labels)["result"]: count
        for (name, labels), count in changed.items()
        if name == REQUESTS
    }
    counts["executed"] = sum(count for (name, _), count in changed.items() if name == GRAPHQL)
    return counts


async def test_a_repeated_operation_is_answered_from_the_stored_bytes(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    before = local()

    async with gateway(tmdb, settings) as http:
        first = await post(http)
        second = await post(http)
        third = await post(http)

    assert first.json() == FIGHT_CLUB
    assert (first.headers[CACHE], second.headers[CACHE], third.headers[CACHE]) == (
        "miss",
        "hit",
        "hit",
    )
    assert second.content == third.content == first.content
    assert second.status_code == 200
    assert second.headers["content-type"] == "application/json"
    assert second.headers["etag"] == httpcache.etag(first.content, b"application/json").decode()
    assert second.headers["x-request-id"] != third.headers["x-request-id"]
    assert "cache-control" not in second.headers  # a POST answer says nothing of caching
    # Executed once: the hits never reached the endpoint's execution, or TMDB.
    assert requests_moved(before) == {"miss": 1, "hit": 2, "executed": 1}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_spellings_differing_only_in_whitespace_and_comments_share_an_entry(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    spelled = "# the title\nquery {\n  movie(id: 550) {\n    title,\n  }\n}\n"

    async with gateway(tmdb, settings) as http:
        first = await post(http, "query { movie(id: 550) { title } }")
        again = await post(http, spelled)
        by_get = await get(http, spelled)

    assert (first.headers[CACHE], again.headers[CACHE], by_get.headers[CACHE]) == (
        "miss",
        "hit",
        "hit",
    )
    assert again.content == by_get.content == first.content
    assert normalize(spelled) == normalize("query{movie(id:550){title}}")
    assert normalize('{ a(s: "x y") }') != normalize('{ a(s: "x  y") }')
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


MOVIE_BY_ID: Final = (
    "query Movie($id: Int!, $language: String) { movie(id: $id, language: $language) { title } }"
)
TWO_OPERATIONS: Final = (
    "query A { movie(id: 550) { title } } query B { movie(id: 550) { runtime } }"
)


@pytest.mark.parametrize(
    ("first", "second", "calls"),
    [
        pytest.param(
            {"query": MOVIE_BY_ID, "variables": {"id": 550}},
            {"query": MOVIE_BY_ID, "variables": {"id": 550, "language": "de-DE"}},
            [("/3/movie/550", []), ("/3/movie/550", [("language", "de-DE")])],
            id="variables-language",
        ),
        pytest.param(
            {"query": TWO_OPERATIONS, "operationName": "A"},
            {"query": TWO_OPERATIONS, "operationName": "B"},
            [("/3/movie/550", [])],
            id="operation-name",
        ),
        pytest.param(
            {"query": TITLE},
            {"query": TITLE, "accept": "application/graphql-response+json"},
            [("/3/movie/550", [])],
            id="media-type",
        ),
    ],
)
async def test_what_changes_the_answer_keeps_its_own_entry(
    tmdb: respx.Router,
    settings: Settings,
    first: dict[str, Any],
    second: dict[str, Any],
    calls: list[tuple[str, list[tuple[str, str]]]],
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())

    async def send(http: httpx.AsyncClient, request: dict[str, Any]) -> httpx.Response:
        request = dict(request)
        accept = request.pop("accept", "application/json")
        return await http.post("/graphql", json=request, headers={"Accept": accept})

    async with gateway(tmdb, settings) as http:
        answers = [await send(http, first), await send(http, second)]
        answers += [await send(http, first), await send(http, second)]

    assert [a.headers[CACHE] for a in answers] == ["miss", "miss", "hit", "hit"]
    assert answers[2].content == answers[0].content
    assert answers[3].content == answers[1].content
    assert answers[3].headers["content-type"] == answers[1].headers["content-type"]
    sent = [
        (r.url.path, authenticated_params(r, settings)) for r in upstream_requests(tmdb, settings)
    ]
    assert sent == calls


BOTH: Final = (
    '{ movie(id: 550) { title } searchMovies(query: "Disney", first: 1) { results { title } } }'
)


async def test_an_entry_lives_as_long_as_its_shortest_lived_data(
    tmdb: respx.Router, settings: Settings
) -> None:
    # TMDB's own lifetimes: 28,800 s for an entity, 600 s for a search.
    tmdb.get("/movie/550").mock(return_value=movie_550())
    tmdb.get("/search/movie").mock(
        return_value=httpx.Response(
            200,
            content=body("search_movie__disney.json"),
            headers={"Content-Type": "application/json", "Cache-Control": "public, max-age=600"},
        )
    )
    clock = Clock()

    async with gateway(tmdb, settings, clock, cache_ttl=86_400) as http:
        first = await get(http, BOTH)
        clock.now += 599
        late_hit = await get(http, BOTH)
        movie_hit = await get(http, TITLE)  # stored on its own: an entity's 28,800 s
        clock.now += 2
        expired = await get(http, BOTH)
        clock.now += 28_800 - 601 - 1
        movie_late = await get(http, TITLE)

    assert first.headers[CACHE] == "miss"
    assert first.headers["cache-control"] == "public, max-age=600"
    assert late_hit.headers[CACHE] == "hit"
    assert late_hit.headers["cache-control"] == "public, max-age=1"
    assert late_hit.content == first.content
    assert movie_hit.headers[CACHE] == "miss"
    assert expired.headers[CACHE] == "miss"  # the search went stale: run again
    assert expired.headers["cache-control"] == "public, max-age=600"
    assert movie_late.headers[CACHE] == "hit"
    assert movie_late.headers["cache-control"] == "public, max-age=1"
    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", set()),
        ("/3/search/movie", set()),
        ("/3/search/movie", set()),
    ]


async def test_after_its_data_expires_the_new_upstream_value_is_served(
    tmdb: respx.Router, settings: Settings
) -> None:
    # Two real recordings of movie 550, years apart: TMDB's vote count moved.
    route = tmdb.get("/movie/550").mock(return_value=movie_550(max_age=3600))
    query = "{ movie(id: 550) { voteCount } }"
    clock = Clock()

    async with gateway(tmdb, settings, clock) as http:
        old = await post(http, query)
        route.mock(return_value=movie_550("movie_details__550-ceg.json", max_age=3600))
        clock.now += 3599
        still = await post(http, query)
        clock.now += 2
        new = await post(http, query)
        new_again = await post(http, query)

    votes = [
        fixture_json(n)["vote_count"]
        for n in ("movie_details__550.json", "movie_details__550-ceg.json")
    ]
    assert old.json() == still.json() == {"data": {"movie": {"voteCount": votes[0]}}}
    assert still.headers[CACHE] == "hit"
    assert new.headers[CACHE] == "miss"
    assert new.json() == new_again.json() == {"data": {"movie": {"voteCount": votes[1]}}}
    assert new_again.headers[CACHE] == "hit"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set()), ("/3/movie/550", set())]


async def test_an_answer_with_an_error_is_never_stored(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    tmdb.get("/movie/1").mock(return_value=not_found())
    query = "{ movie(id: 550) { title } missing: movie(id: 1) { title } }"

    async with gateway(tmdb, settings, negative_ttl=0) as http:
        answers = [await post(http, query) for _ in range(2)]
        by_get = [await get(http, query) for _ in range(2)]

    for answer in answers + by_get:
        assert answer.headers[CACHE] == "miss"
        assert answer.json()["data"] == {"movie": {"title": "Fight Club"}, "missing": None}
        assert answer.json()["errors"][0]["path"] == ["missing"]
        assert answer.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert by_get[1].headers["cache-control"] == "no-store"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] + [("/3/movie/1", set())] * 4


async def test_an_answer_served_stale_is_never_stored(
    tmdb: respx.Router, settings: Settings
) -> None:
    answers = iter([movie_550(max_age=60), httpx.Response(503), httpx.Response(503), movie_550()])
    tmdb.get("/movie/550").mock(side_effect=lambda request: next(answers))
    clock = Clock()

    async with gateway(tmdb, settings, clock, breaker_failures=0) as http:
        fresh = await post(http)
        clock.now += 120  # the movie (and the answer) went stale; TMDB fails
        stale = [await post(http) for _ in range(2)]
        recovered = await post(http)  # TMDB answers again
        after = await post(http)

    assert fresh.headers[CACHE] == "miss"
    for answer in stale:
        assert answer.headers[CACHE] == "miss"
        assert answer.json()["data"] == FIGHT_CLUB["data"]
        assert answer.json()["extensions"]["stale"][0]["code"] == "UPSTREAM_UNAVAILABLE"
    assert (recovered.headers[CACHE], after.headers[CACHE]) == ("miss", "hit")
    assert after.json() == FIGHT_CLUB
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 4


async def test_concurrent_identical_misses_execute_once(
    tmdb: respx.Router, settings: Settings
) -> None:
    arrived, release = asyncio.Event(), asyncio.Event()

    async def slow(request: httpx.Request) -> httpx.Response:
        arrived.set()
        await release.wait()
        return movie_550()

    tmdb.get("/movie/550").mock(side_effect=slow)
    before = local()

    async with gateway(tmdb, settings) as http:
        requests = [asyncio.ensure_future(post(http)) for _ in range(5)]
        await asyncio.wait_for(arrived.wait(), 5)
        await asyncio.sleep(0.01)  # the others have arrived and are waiting
        release.set()
        answers = await asyncio.gather(*requests)

    assert sorted(a.headers[CACHE] for a in answers) == ["hit", "hit", "hit", "hit", "miss"]
    assert {a.content for a in answers} == {answers[0].content}
    assert len({a.headers["x-request-id"] for a in answers}) == 5
    assert requests_moved(before) == {"miss": 1, "hit": 4, "executed": 1}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_when_the_leader_fails_its_waiters_run_the_operation_themselves(
    tmdb: respx.Router, settings: Settings
) -> None:
    arrived, release = asyncio.Event(), asyncio.Event()
    answers = iter([httpx.Response(503), movie_550()])

    async def slow(request: httpx.Request) -> httpx.Response:
        arrived.set()
        await release.wait()
        return next(answers)

    tmdb.get("/movie/550").mock(side_effect=slow)

    async with gateway(tmdb, settings, breaker_failures=0) as http:
        leader = asyncio.ensure_future(post(http))
        await asyncio.wait_for(arrived.wait(), 5)
        waiter = asyncio.ensure_future(post(http))
        await asyncio.sleep(0.01)
        release.set()
        failed, served = await leader, await waiter

    assert failed.json()["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert failed.headers[CACHE] == "miss"
    assert served.json() == FIGHT_CLUB  # never the leader's error
    assert served.headers[CACHE] == "miss"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 2


async def test_no_cache_runs_the_operation_and_stores_its_answer(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    before = local()

    async with gateway(tmdb, settings) as http:
        first = await post(http)
        bypass = await post(http, **{"Cache-Control": "no-cache"})
        no_store = await get(http, **{"Cache-Control": "no-store"})
        traced = await post(http, **{"Cache-Control": "no-cache", "TMDBFusion-Trace": "1"})
        hit = await post(http)

    assert [a.headers[CACHE] for a in (first, bypass, no_store, traced, hit)] == [
        "miss",
        "bypass",
        "bypass",
        "bypass",
        "hit",
    ]
    assert bypass.json() == no_store.json() == hit.json() == FIGHT_CLUB
    assert traced.json()["extensions"]["responseCache"] == "bypass"
    assert requests_moved(before) == {"miss": 1, "bypass": 3, "hit": 1, "executed": 4}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_the_trace_says_where_the_answer_came_from(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())

    async with gateway(tmdb, settings) as http:
        traced_miss = await post(http, **{"TMDBFusion-Trace": "1"})
        plain = await post(http)
        traced_hit = await get(http, **{"TMDBFusion-Trace": "1"})

    assert traced_miss.json()["extensions"]["responseCache"] == "miss"
    assert [e["source"] for e in traced_miss.json()["extensions"]["tmdb"]] == ["fetch"]
    # What was stored is the untraced answer.
    assert plain.headers[CACHE] == "hit"
    assert plain.json() == FIGHT_CLUB
    assert traced_hit.headers[CACHE] == "hit"
    assert traced_hit.json() == {**FIGHT_CLUB, "extensions": {"responseCache": "hit", "tmdb": []}}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_a_hit_with_a_matching_etag_is_a_304_over_post_and_get(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    clock = Clock()

    async with gateway(tmdb, settings, clock) as http:
        first = await get(http)
        tag = first.headers["etag"]
        clock.now += 100
        by_get = await get(http, **{"If-None-Match": tag})
        by_post = await post(http, **{"If-None-Match": f'"other", W/{tag}'})
        other = await post(http, **{"If-None-Match": '"other"'})

    assert first.headers[CACHE] == "miss"
    assert tag == httpcache.etag(first.content, b"application/json").decode()
    for answer in (by_get, by_post):
        assert answer.status_code == 304
        assert answer.content == b""
        assert answer.headers["etag"] == tag
        assert answer.headers[CACHE] == "hit"
        assert "content-length" not in answer.headers
    assert by_get.headers["cache-control"] == "public, max-age=3500"  # capped at the hour
    assert (other.status_code, other.content, other.headers["etag"]) == (200, first.content, tag)
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_the_bytes_bound_drops_the_least_recently_used(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    title, runtime, tagline = (
        "{ movie(id: 550) { title } }",
        "{ movie(id: 550) { runtime } }",
        "{ movie(id: 550) { tagline } }",
    )

    # Each entry takes its body, its key and 400 bytes: two fit in 1,200, three do not.
    async with gateway(tmdb, settings, response_cache_bytes=1_200) as http:
        await post(http, title)
        await post(http, runtime)
        touched = await post(http, title)  # now the runtime is the least recently used
        await post(http, tagline)
        kept = await post(http, title)
        dropped = await post(http, runtime)

    assert (touched.headers[CACHE], kept.headers[CACHE], dropped.headers[CACHE]) == (
        "hit",
        "hit",
        "miss",
    )
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_with_the_cache_off_every_request_runs(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    before = local()

    async with gateway(tmdb, settings, response_cache_bytes=0) as http:
        answers = [await post(http) for _ in range(2)]

    assert [CACHE in a.headers for a in answers] == [False, False]
    assert requests_moved(before) == {"executed": 2}


async def test_a_hostile_operation_is_refused_every_time(
    tmdb: respx.Router, settings: Settings
) -> None:
    query = "{ movie(id: 550) { credits { cast(first: 1000) { person { name } } } } }"

    async with gateway(tmdb, settings) as http:
        answers = [await post(http, query) for _ in range(2)]

    for answer in answers:
        assert answer.headers[CACHE] == "miss"
        [error] = answer.json()["errors"]
        assert error["extensions"]["code"] == "COST_ESTIMATED_TOO_EXPENSIVE"
    assert tmdb.calls.call_count == 0


async def test_a_hit_is_not_refused_for_cost_it_never_pays(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())

    async with gateway(tmdb, settings, max_upstream_calls=1) as http:
        answers = [await post(http) for _ in range(3)]

    assert [a.headers[CACHE] for a in answers] == ["miss", "hit", "hit"]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


QUERY_HASH: Final = hashlib.sha256(TITLE.encode()).hexdigest()


async def test_an_unknown_persisted_hash_is_not_found_though_its_document_is_cached(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())

    async with gateway(tmdb, settings) as http:
        cached = await post(http)
        unknown = await http.post("/graphql", json={"extensions": persisted(QUERY_HASH)})
        registered = await http.post(
            "/graphql", json={"query": TITLE, "extensions": persisted(QUERY_HASH)}
        )
        by_hash = await http.post("/graphql", json={"extensions": persisted(QUERY_HASH)})

    assert cached.headers[CACHE] == "miss"
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    # Registering while answered from the cache: the hash is known from then on.
    assert (registered.headers[CACHE], registered.json()) == ("hit", FIGHT_CLUB)
    assert (by_hash.headers[CACHE], by_hash.json()) == ("hit", FIGHT_CLUB)
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_the_safelist_still_refuses_what_is_not_listed(
    tmdb: respx.Router, settings: Settings, tmp_path: Path
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    listed = hashlib.sha256(LISTED.encode()).hexdigest()
    respelled = LISTED.replace(" ", "  ")  # the same tokens, but not the listed text

    async with gateway(
        tmdb, settings, persisted_only=True, persisted_manifest=str(manifest(tmp_path))
    ) as http:
        by_id = await http.post("/graphql", json={"extensions": persisted(listed)})
        by_text = await post(http, LISTED)
        unlisted = await post(http, respelled)

    assert (by_id.headers[CACHE], by_text.headers[CACHE]) == ("miss", "hit")
    assert by_text.json() == FIGHT_CLUB
    assert unlisted.status_code == 400
    assert unlisted.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
    assert CACHE not in unlisted.headers
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_metrics_count_hits_misses_bypasses_and_bytes(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    before = local()

    async with gateway(tmdb, settings) as http:
        first = await post(http)
        await post(http)
        await post(http, **{"Cache-Control": "no-cache"})
        scraped = (await http.get("/metrics")).text

    assert requests_moved(before) == {"miss": 1, "hit": 1, "bypass": 1, "executed": 2}
    tokens = normalize(TITLE) or ""
    stored = len(first.content) + len(tokens) + len(b"null") + 400
    assert f"tmdbfusion_response_cache_bytes {float(stored)}" in scraped
    assert "tmdbfusion_response_cache_entries 1.0" in scraped


@pytest.fixture
async def app(tmdb: respx.Router, settings: Settings) -> AsyncIterator[Starlette]:
    app = create_app(settings, transport=httpx.MockTransport(tmdb.async_handler), clock=Clock())
    async with app.router.lifespan_context(app):
        yield app


async def test_a_leader_whose_client_leaves_still_answers_its_waiters(
    app: Starlette, tmdb: respx.Router, settings: Settings
) -> None:
    movie = Slow(movie_550(), delay=0.2)
    tmdb.get("/movie/550").mock(side_effect=movie)
    leaving = Call(app, TITLE)
    await asyncio.wait_for(movie.started.wait(), 1)
    staying = Call(app, TITLE)
    await asyncio.sleep(0.02)  # the second request waits for the first one's answer

    leaving.gone.set()
    await asyncio.wait_for(staying.task, 1)
    await asyncio.wait_for(leaving.task, 1)

    assert staying.response() == FIGHT_CLUB
    assert movie.cancelled == 0
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_a_waiter_whose_client_leaves_stops_waiting(
    app: Starlette, tmdb: respx.Router, settings: Settings
) -> None:
    movie = Slow(movie_550(), delay=0.2)
    tmdb.get("/movie/550").mock(side_effect=movie)
    staying = Call(app, TITLE)
    await asyncio.wait_for(movie.started.wait(), 1)
    leaving = Call(app, TITLE)
    await asyncio.sleep(0.02)

    leaving.gone.set()
    await asyncio.wait_for(leaving.task, 0.1)  # long before the leader's answer
    assert leaving.sent == []
    await asyncio.wait_for(staying.task, 1)

    assert staying.response() == FIGHT_CLUB
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


def _post_scope(*headers: tuple[bytes, bytes]) -> dict[str, Any]:
    """An ASGI POST to /graphql with a JSON body, and ``headers`` besides."""
    return {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), *headers],
    }


def _post_without_body() -> tuple[dict[str, Any], Any, Any, list[dict[str, Any]]]:
    """An ASGI POST that declares its body and never sends any of it."""
    scope = _post_scope((b"content-length", b"40"))
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    return scope, receive, send, sent


async def test_a_body_that_never_comes_still_gets_the_408(settings: Settings) -> None:
    # The hit path reads a POST's body before the endpoint does: under the same time limit.
    app = create_app(dataclasses.replace(settings, body_timeout=0.05))
    scope, receive, send, sent = _post_without_body()

    await asyncio.wait_for(app(scope, receive, send), timeout=5)

    start, answer = sent
    assert start["status"] == 408
    assert (b"connection", b"close") in start["headers"]
    assert json.loads(answer["body"])["errors"][0]["extensions"] == {"code": "REQUEST_TIMEOUT"}


async def test_a_cancelled_first_read_stays_cancelled(settings: Settings) -> None:
    app = create_app(dataclasses.replace(settings, body_timeout=60))
    scope, receive, send, sent = _post_without_body()

    task = asyncio.create_task(app(scope, receive, send))
    await asyncio.sleep(0.01)
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task
    assert sent == []


async def test_a_server_whose_receive_is_not_a_coroutine_is_answered_too(
    app: Starlette, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550())
    body = json.dumps({"query": TITLE}).encode()
    scope = _post_scope()
    answers: list[Message] = []

    read: list[bool] = []

    def receive() -> asyncio.Future[Message]:  # an awaitable, not a coroutine
        message: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        if not read:  # the body once, then nothing: a client that stays connected
            message.set_result({"type": "http.request", "body": body, "more_body": False})
            read.append(True)
        return message

    async def send(message: Message) -> None:
        answers.append(message)

    for _ in range(2):
        read.clear()
        await app(scope, receive, send)

    [first, first_body, second, second_body] = answers
    assert (CACHE.encode(), b"miss") in first["headers"]
    assert (CACHE.encode(), b"hit") in second["headers"]
    assert second_body["body"] == first_body["body"]
    assert json.loads(second_body["body"]) == FIGHT_CLUB
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_a_raw_request_is_indexed_for_the_hit_path_on_its_second_sight(
    app: Starlette, tmdb: respx.Router, settings: Settings
) -> None:
    # A miss never repeated costs the index nothing; the first repeat is answered by the
    # endpoint, which indexes it; the next ones by the hit path, which makes no request id.
    tmdb.get("/movie/550").mock(return_value=movie_550())
    body = json.dumps({"query": TITLE}).encode()
    scope = _post_scope()
    responses = app._graphql.responses  # type: ignore[attr-defined]
    starts: list[Message] = []
    indexed = []
    read: list[bool] = []

    async def receive() -> Message:
        if read:  # the body once, then nothing: a client that stays connected
            await asyncio.Event().wait()
        read.append(True)
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            starts.append(message)

    for _ in range(3):
        read.clear()
        await app(scope, receive, send)
        indexed.append(len(responses.aliases))

    caches = [dict(start["headers"])[CACHE.encode()] for start in starts]
    ids = [b"x-request-id" in dict(start["headers"]) for start in starts]
    assert (caches, indexed, ids) == ([b"miss", b"hit", b"hit"], [0, 1, 1], [True, True, False])
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
