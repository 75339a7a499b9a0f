"""An operation's deadline and cancellation, through the whole ASGI app (TMDB mocked with respx).

Each test runs in both auth modes, through ``settings`` parametrized per test. The upstream
requests are recorded as they reach the mocked TMDB, because respx records a call only once it
is answered, and a GET cancelled in flight never is.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx
from starlette.applications import Starlette
from starlette.types import Message

from gateway.app import create_app
from gateway.config import Settings
from tests.helpers import (
    TMDB,
    Samples,
    appended,
    auth_modes,
    graphql,
    moved,
    movie_550_with_credits,
    ok,
    scrape,
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Both auth modes, with the whole-response cache off: these tests are about how operations
    run, and that cache would answer their repeats without running them."""
    return dataclasses.replace(settings, response_cache_bytes=0)


class Tmdb:
    """The mocked TMDB: respx routes, and every request that reached them."""

    def __init__(self) -> None:
        # Not assert_all_called: a route whose GET was cancelled in flight never counts as called.
        self.router = respx.Router(base_url=TMDB, assert_all_called=False)
        self.requests: list[httpx.Request] = []

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response: httpx.Response = await self.router.async_handler(request)
        return response

    def calls(self) -> list[tuple[str, set[str]]]:
        return [(r.url.path, appended(r)) for r in self.requests]


@pytest.fixture
def tmdb() -> Tmdb:
    return Tmdb()


@pytest.fixture
async def app(tmdb: Tmdb, settings: Settings) -> AsyncIterator[Starlette]:
    app = create_app(settings, transport=httpx.MockTransport(tmdb.handle))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http


class Slow:
    """A TMDB route that answers after ``delay`` seconds and notes when it was cancelled."""

    def __init__(self, response: httpx.Response, delay: float) -> None:
        self.response = response
        self.delay = delay
        self.started = asyncio.Event()
        self.calls = 0
        self.cancelled = 0

    async def reached(self, calls: int) -> None:
        """Return once ``calls`` requests have arrived."""
        while self.calls < calls:
            self.started.clear()
            await self.started.wait()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        self.started.set()
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        return self.response


def errors_by_path(result: dict[str, Any]) -> list[tuple[list[Any], str]]:
    return [(e["path"], e["extensions"]["code"]) for e in result.get("errors", [])]


# --- the deadline --------------------------------------------------------------------------------


@pytest.mark.parametrize("settings", auth_modes(rate_limit=0, deadline=0.3))
async def test_a_field_waiting_at_the_deadline_times_out_and_the_rest_is_sent(
    client: httpx.AsyncClient, tmdb: Tmdb
) -> None:
    tmdb.router.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    slow = Slow(ok("movie_details_append__76.json"), delay=5)
    tmdb.router.get("/movie/76").mock(side_effect=slow)

    started = time.monotonic()
    result = await graphql(
        client, "{ fast: movie(id: 550) { title } slow: movie(id: 76) { title } }"
    )
    elapsed = time.monotonic() - started

    assert result["data"] == {"fast": {"title": "Fight Club"}, "slow": None}
    assert errors_by_path(result) == [(["slow"], "UPSTREAM_TIMEOUT")]
    assert 0.3 <= elapsed < 1
    assert sorted(tmdb.calls()) == [("/3/movie/550", set()), ("/3/movie/76", set())]
    # Nobody else waited for the slow GET, so it was cancelled, not left to run for 5 s.
    await asyncio.sleep(0)
    assert slow.cancelled == 1


@pytest.mark.parametrize("settings", auth_modes(rate_limit=0, deadline=0.3))
async def test_the_deadline_bounds_sequential_hops_together(
    client: httpx.AsyncClient, tmdb: Tmdb
) -> None:
    # Each hop takes 0.25 s: unbounded, movie then person would take 0.5 s.
    tmdb.router.get("/movie/76").mock(side_effect=Slow(ok("movie_details_append__76.json"), 0.25))
    person = Slow(ok("person_details__1.json"), 0.25)
    tmdb.router.get("/person/569").mock(side_effect=person)
    query = "{ movie(id: 76) { title credits { cast(first: 1) { name person { name } } } } }"

    started = time.monotonic()
    result = await graphql(client, query)
    elapsed = time.monotonic() - started

    assert result["data"] == {
        "movie": {
            "title": "Before Sunrise",
            "credits": {"cast": [{"name": "Ethan Hawke", "person": None}]},
        }
    }
    assert errors_by_path(result) == [
        (["movie", "credits", "cast", 0, "person"], "UPSTREAM_TIMEOUT")
    ]
    assert 0.3 <= elapsed < 0.45
    assert tmdb.calls() == [("/3/movie/76", {"credits"}), ("/3/person/569", set())]
    await asyncio.sleep(0)
    assert person.cancelled == 1


@pytest.mark.parametrize("settings", auth_modes(rate_limit=1, deadline=0.5))
async def test_a_rate_limit_wait_past_the_deadline_fails_at_once(
    client: httpx.AsyncClient, tmdb: Tmdb
) -> None:
    tmdb.router.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    started = time.monotonic()
    # One token a second, in bursts of one: the second GET could go only in 1 s.
    result = await graphql(client, "{ a: movie(id: 550) { title } b: movie(id: 76) { title } }")
    elapsed = time.monotonic() - started

    assert result["data"] == {"a": {"title": "Fight Club"}, "b": None}
    [error] = result["errors"]
    assert error["path"] == ["b"]
    assert error["extensions"] == {"code": "UPSTREAM_RATE_LIMITED", "retryAfter": 1.0}
    assert elapsed < 0.2
    assert tmdb.calls() == [("/3/movie/550", set())]


# --- a client that disconnects -------------------------------------------------------------------


class Call:
    """One POST /graphql straight into the ASGI app, whose client can hang up at any moment."""

    def __init__(self, app: Starlette, query: str) -> None:
        self.sent: list[Message] = []
        self.gone = asyncio.Event()
        self._messages: list[Message] = [
            {"type": "http.request", "body": json.dumps({"query": query}).encode()}
        ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "query_string": b"",
            "headers": [(b"content-type", b"application/json")],
            "client": ("127.0.0.1", 1),
            "server": ("gateway", 80),
        }
        self.task = asyncio.ensure_future(app(scope, self._receive, self._send))

    async def _receive(self) -> Message:
        if self._messages:
            return self._messages.pop(0)
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        self.sent.append(message)

    def response(self) -> dict[str, Any]:
        start, body_message = self.sent
        assert start["status"] == 200
        result: dict[str, Any] = json.loads(body_message["body"])
        return result


@pytest.mark.parametrize("settings", auth_modes(rate_limit=10))
async def test_a_disconnected_client_stops_its_upstream_calls(app: Starlette, tmdb: Tmdb) -> None:
    tmdb.router.get("/movie/550").mock(return_value=movie_550_with_credits())
    people = Slow(ok("person_details__1.json"), delay=10)
    tmdb.router.get(path__regex=r"/person/\d+$").mock(side_effect=people)
    # 10 requests a second in bursts of 10: the movie and 9 of its 75 people at once, then one
    # person every 100 ms.
    call = Call(app, "{ movie(id: 550) { credits { cast(first: 75) { person { name } } } } }")
    await asyncio.wait_for(people.reached(10), 2)

    call.gone.set()
    await asyncio.wait_for(call.task, 1)
    at_disconnect = len(tmdb.requests)
    await asyncio.sleep(0.25)  # two and a half more slots of the limiter

    assert call.sent == []
    assert at_disconnect == 11
    assert len(tmdb.requests) == 11
    assert people.cancelled == 10  # the GETs in flight were cancelled too


@pytest.mark.parametrize("settings", auth_modes(rate_limit=0, response_cache_bytes=0))
async def test_a_get_another_request_joined_goes_on_when_its_starter_disconnects(
    app: Starlette, tmdb: Tmdb
) -> None:
    movie = Slow(ok("movie_details__550.json"), delay=0.2)
    tmdb.router.get("/movie/550").mock(side_effect=movie)
    query = "{ movie(id: 550) { title } }"
    leaving = Call(app, query)
    await asyncio.wait_for(movie.started.wait(), 1)
    staying = Call(app, query)
    await asyncio.sleep(0.02)  # the second request joins the GET in flight

    leaving.gone.set()
    await asyncio.wait_for(leaving.task, 1)
    await asyncio.wait_for(staying.task, 1)

    assert leaving.sent == []
    assert staying.response() == {"data": {"movie": {"title": "Fight Club"}}}
    assert movie.cancelled == 0
    assert tmdb.calls() == [("/3/movie/550", set())]


@pytest.mark.parametrize("settings", auth_modes(rate_limit=0))
async def test_a_request_whose_client_left_is_counted_cancelled(app: Starlette, tmdb: Tmdb) -> None:
    movie = Slow(ok("movie_details__550.json"), delay=10)
    tmdb.router.get("/movie/550").mock(side_effect=movie)
    before = await scraped(app)

    call = Call(app, "query Leaving { movie(id: 550) { title } }")
    await asyncio.wait_for(movie.started.wait(), 1)
    call.gone.set()
    await asyncio.wait_for(call.task, 1)
    await asyncio.sleep(0.05)  # the GET nobody waits for any more is cancelled meanwhile
    after = await scraped(app)

    assert call.sent == []
    assert movie.cancelled == 1
    assert tmdb.calls() == [("/3/movie/550", set())]
    # The GET was cancelled before TMDB answered: no upstream status to count.
    assert moved(before, after) == {
        ("tmdbfusion_graphql_request_duration_seconds_count", LEAVING): 1,
        ("tmdbfusion_cache_misses_total", frozenset({("layer", "process")})): 1,
        ("tmdbfusion_cache_misses_total", frozenset({("layer", "negative")})): 1,
    }


LEAVING = frozenset({("operation", "Leaving"), ("outcome", "cancelled")})


async def scraped(app: Starlette) -> Samples:
    """The metrics as ``GET /metrics`` renders them: it publishes the counts the response cache
    keeps in plain ints first."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        return await scrape(client)
