"""Stale-if-error: when TMDB fails, an entity expired less than ``TMDBFUSION_STALE_IF_ERROR``
seconds ago is served from the process cache, listed in ``extensions.stale``, and its GET answer
is ``no-store``; a 404 is never hidden, and past the window the error is served."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import respx

from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.stale import StaleServe
from tests.gateway.test_cache import Clock, Recorder
from tests.gateway.test_metrics import local
from tests.helpers import (
    PREFLIGHT,
    authenticated_params,
    body,
    fixture_json,
    gateway_client,
    not_found,
    upstream_calls,
)
from tmdbfusion.errors import UpstreamServerError
from tmdbfusion.resource import query_params
from tmdbfusion.resources import TABLE

TITLE = "{ movie(id: 550) { title } }"
WITH_CAST = "{ movie(id: 550) { title credits { cast { name } } } }"
FIGHT_CLUB = {"movie": {"title": "Fight Club"}}
MAX_AGE = 60
# What TMDB answers when it fails, and the code the error (or the stale entry) carries.
FAULTS = [
    pytest.param(httpx.Response(503), "UPSTREAM_UNAVAILABLE", id="503"),
    pytest.param(httpx.Response(502), "UPSTREAM_UNAVAILABLE", id="502"),
    pytest.param(
        httpx.Response(
            429,
            content=body("error_429_rate_limit__radarr-issue-2017.json"),
            headers={"Retry-After": "10"},
        ),
        "UPSTREAM_RATE_LIMITED",
        id="429",
    ),
    pytest.param(httpx.ConnectError("refused"), "UPSTREAM_UNAVAILABLE", id="refused"),
    pytest.param(httpx.ReadTimeout("slow"), "UPSTREAM_TIMEOUT", id="timeout"),
]
Answer = httpx.Response | Exception


def fight_club() -> httpx.Response:
    return httpx.Response(
        200,
        content=body("movie_details__550.json"),
        headers={"Content-Type": "application/json", "Cache-Control": f"max-age={MAX_AGE}"},
    )


def tmdb_answers(tmdb: respx.Router, *answers: Answer) -> None:
    """TMDB's movie 550 answers each request with the next of ``answers``, and every request
    after them with the last."""
    queue = list(answers)

    def answer(request: httpx.Request) -> httpx.Response:
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, Exception):
            raise item
        return item

    tmdb.get("/movie/550").mock(side_effect=answer)


@asynccontextmanager
async def gateway(
    tmdb: respx.Router, settings: Settings, clock: Clock, **changes: Any
) -> AsyncIterator[httpx.AsyncClient]:
    # No retries unless a test asks: each failure below is one TMDB request (tests/test_faults.py
    # has the retries; test_stale_data_is_served_once_the_retries_are_spent both together).
    configured = dataclasses.replace(settings, **{"retries": 0, **changes})
    async with gateway_client(
        configured, httpx.MockTransport(tmdb.async_handler), clock=clock
    ) as h:
        yield h


async def get(http: httpx.AsyncClient, query: str = TITLE) -> httpx.Response:
    response = await http.get("/graphql", params={"query": query}, headers=PREFLIGHT)
    assert response.status_code == 200, response.text
    return response


def codes(response: httpx.Response) -> list[tuple[list[Any], str]]:
    return [(e["path"], e["extensions"]["code"]) for e in response.json().get("errors", [])]


def stale_entry(seconds: int, code: str) -> dict[str, Any]:
    return {
        "resource": "movies.details",
        "key": [550],
        "language": None,
        "staleSeconds": seconds,
        "code": code,
    }


@pytest.mark.parametrize(("fault", "code"), FAULTS)
async def test_tmdb_failing_serves_the_expired_entry_and_says_so(
    tmdb: respx.Router, settings: Settings, fault: Answer, code: str
) -> None:
    tmdb_answers(tmdb, fight_club(), fault)
    clock = Clock()
    served = ("tmdbfusion_cache_stale_serves_total", frozenset({("layer", "process")}))
    before = local().get(served, 0.0)

    async with gateway(tmdb, settings, clock) as http:
        fresh = await get(http)
        clock.now += MAX_AGE + 120
        stale = await get(http)

    assert local().get(served, 0.0) == before + 1  # /metrics counts the stale serve

    assert fresh.json() == {"data": FIGHT_CLUB}
    assert fresh.headers["cache-control"] == f"public, max-age={MAX_AGE}"
    assert stale.json() == {
        "data": FIGHT_CLUB,
        "extensions": {"stale": [stale_entry(120, code)]},
    }
    assert stale.headers["cache-control"] == "no-store"
    assert "etag" not in stale.headers
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 2


async def test_a_404_is_never_hidden_and_drops_the_stale_entry(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb_answers(tmdb, fight_club(), not_found(), httpx.Response(503))
    clock = Clock()

    # Without the memory of 404s, so that the third request reaches TMDB again.
    async with gateway(tmdb, settings, clock, negative_ttl=0) as http:
        await get(http)
        clock.now += MAX_AGE + 1
        gone = await get(http)
        failing = await get(http)

    assert gone.json()["data"] == {"movie": None}
    assert codes(gone) == [(["movie"], "NOT_FOUND")]
    assert "extensions" not in gone.json()
    # The 404 dropped the stale copy: nothing stands in for TMDB's 503.
    assert failing.json()["data"] == {"movie": None}
    assert codes(failing) == [(["movie"], "UPSTREAM_UNAVAILABLE")]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 3


async def test_past_the_window_tmdbs_error_is_served(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb_answers(tmdb, fight_club(), httpx.Response(503), httpx.Response(503))
    clock = Clock()

    async with gateway(tmdb, settings, clock, stale_if_error=300) as http:
        await get(http)
        clock.now += MAX_AGE + 299
        last_stale = await get(http)
        clock.now += 1
        too_old = await get(http)

    assert last_stale.json() == {
        "data": FIGHT_CLUB,
        "extensions": {"stale": [stale_entry(299, "UPSTREAM_UNAVAILABLE")]},
    }
    assert too_old.json()["data"] == {"movie": None}
    assert codes(too_old) == [(["movie"], "UPSTREAM_UNAVAILABLE")]
    assert "extensions" not in too_old.json()
    assert too_old.headers["cache-control"] == "no-store"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 3


async def test_a_window_of_zero_turns_it_off(tmdb: respx.Router, settings: Settings) -> None:
    tmdb_answers(tmdb, fight_club(), httpx.Response(503))
    clock = Clock()

    async with gateway(tmdb, settings, clock, stale_if_error=0) as http:
        await get(http)
        clock.now += MAX_AGE
        failing = await get(http)

    assert codes(failing) == [(["movie"], "UPSTREAM_UNAVAILABLE")]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 2


async def test_a_stale_entry_lacking_a_part_asked_for_is_not_served(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb_answers(tmdb, fight_club(), httpx.Response(503), httpx.Response(503))
    clock = Clock()

    async with gateway(tmdb, settings, clock) as http:
        await get(http)  # the details alone
        clock.now += MAX_AGE + 1
        title = await get(http)
        with_cast = await get(http, WITH_CAST)

    assert title.json() == {
        "data": FIGHT_CLUB,
        "extensions": {"stale": [stale_entry(1, "UPSTREAM_UNAVAILABLE")]},
    }
    assert with_cast.json()["data"] == {"movie": None}
    assert codes(with_cast) == [(["movie"], "UPSTREAM_UNAVAILABLE")]
    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", set()),
        ("/3/movie/550", set()),
        ("/3/movie/550", {"credits"}),
    ]


async def test_an_operation_out_of_time_is_served_the_stale_entry(
    tmdb: respx.Router, settings: Settings
) -> None:
    answers = [fight_club()]
    # respx records a call once answered; this one is cancelled before.
    sent: list[httpx.Request] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if answers:
            return answers.pop()
        await asyncio.sleep(5)  # TMDB hangs past the operation's deadline
        return fight_club()

    tmdb.get("/movie/550").mock(side_effect=answer)
    clock = Clock()

    async with gateway(tmdb, settings, clock, deadline=0.2) as http:
        await get(http)
        clock.now += MAX_AGE + 5
        stale = await get(http)

    assert stale.json() == {
        "data": FIGHT_CLUB,
        "extensions": {"stale": [stale_entry(5, "UPSTREAM_TIMEOUT")]},
    }
    assert [(r.url.path, authenticated_params(r, settings)) for r in sent] == [
        ("/3/movie/550", [])
    ] * 2


async def test_each_entity_served_stale_is_listed_once(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb_answers(tmdb, fight_club(), httpx.Response(503))
    tmdb.get("/person/287").mock(
        return_value=httpx.Response(200, content=body("person_details_append__287.json"))
    )
    clock = Clock()
    query = "{ a: movie(id: 550) { title } b: movie(id: 550) { id } person(id: 287) { name } }"

    async with gateway(tmdb, settings, clock) as http:
        await get(http, TITLE)
        clock.now += MAX_AGE + 7
        both = await get(http, query)

    person = fixture_json("person_details_append__287.json")
    assert both.json() == {
        "data": {
            "a": {"title": "Fight Club"},
            "b": {"id": 550},
            "person": {"name": person["name"]},
        },
        "extensions": {"stale": [stale_entry(7, "UPSTREAM_UNAVAILABLE")]},
    }
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/movie/550", set()),
        ("/3/movie/550", set()),
        ("/3/person/287", set()),
    ]


async def test_stale_data_is_served_once_the_retries_are_spent(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb_answers(tmdb, fight_club(), httpx.Response(503))
    clock = Clock()

    async with gateway(tmdb, settings, clock, retries=2, retry_base=0.01) as http:
        await get(http)
        clock.now += MAX_AGE + 1
        stale = await get(http)

    assert stale.json() == {
        "data": FIGHT_CLUB,
        "extensions": {"stale": [stale_entry(1, "UPSTREAM_UNAVAILABLE")]},
    }
    # The GET, then the failing one and its two retries.
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 4


async def test_an_open_circuit_breaker_is_served_the_stale_entry_without_a_request(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb_answers(tmdb, fight_club(), httpx.Response(503))
    clock = Clock()

    async with gateway(tmdb, settings, clock, breaker_failures=1) as http:
        await get(http)
        clock.now += MAX_AGE + 1
        failing = await get(http)  # the 503 opens the breaker
        refused = await get(http)  # refused by the breaker, never sent

    assert failing.json()["extensions"] == {"stale": [stale_entry(1, "UPSTREAM_UNAVAILABLE")]}
    assert refused.json() == {
        "data": FIGHT_CLUB,
        "extensions": {"stale": [stale_entry(1, "UPSTREAM_CIRCUIT_OPEN")]},
    }
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 2


async def test_a_stale_list_names_its_query_parameters() -> None:
    # A search is cached under its query parameters; standing in for TMDB, it names them.
    fetch = Recorder()
    clock = Clock()
    upstream = SharedUpstream(fetch, ttl=3600, max_entries=10, clock=clock, stale_if_error=60)
    multi = TABLE["search.multi"]
    batman = query_params(query="batman", page=1)
    first = await upstream.entity(multi, (), None, (), None, batman)
    clock.now += multi.ttl + 1  # TMDB's 600 s for a search
    fetch.fail = UpstreamServerError("TMDB answered 503 for /search/multi", status_code=503)
    served: list[StaleServe] = []

    again = await upstream.entity(multi, (), None, (), None, batman, on_stale=served.append)
    other = upstream.entity(multi, (), None, (), None, query_params(query="robin", page=1))
    with pytest.raises(UpstreamServerError):
        await other

    assert again is first
    assert [serve.extension() for serve in served] == [
        {
            "resource": "search.multi",
            "key": [],
            "language": None,
            "params": {"page": 1, "query": "batman"},
            "staleSeconds": 1,
            "code": "UPSTREAM_UNAVAILABLE",
        }
    ]
    assert fetch.params == [batman, batman, query_params(query="robin", page=1)]
