"""Two gateways sharing a real redis-server share one TMDB budget: its rate and its 429 pause.

Two apps in this process, each with its own limiter, guard and Redis connection (nothing in
Python is shared between them), against one respx TMDB; both auth modes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import body, fixture_json, gateway_client, graphql, ok, upstream_calls

MOVIE = "{ movie(id: 550) { title } }"
PERSON = "{ person(id: 287) { name } }"


@pytest.fixture
async def gateways(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """Two gateways on one Redis and one TMDB, at 5 requests/s shared."""
    shared = dataclasses.replace(settings, redis_url=redis_url, rate_limit=5, retry_base=0.01)
    transport = httpx.MockTransport(tmdb.async_handler)
    async with gateway_client(shared, transport) as a, gateway_client(shared, transport) as b:
        yield a, b
    tmdb.assert_all_called()


class Stamped:
    """A TMDB route answering ``answers`` in turn, noting when each request arrived."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.times: list[float] = []
        self.first = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.times.append(time.monotonic())
        self.first.set()
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


async def test_a_429_met_by_one_gateway_pauses_the_other(
    gateways: tuple[httpx.AsyncClient, httpx.AsyncClient], tmdb: respx.Router, settings: Settings
) -> None:
    a, b = gateways
    limited = httpx.Response(
        429,
        content=body("error_429_rate_limit__radarr-issue-2017.json"),
        headers={"Retry-After": "1"},
    )
    movie = Stamped(limited, ok("movie_details__550.json"))
    person = Stamped(ok("person_details_append__287.json"))
    tmdb.get("/movie/550").mock(side_effect=movie)
    tmdb.get("/person/287").mock(side_effect=person)

    first = asyncio.ensure_future(graphql(a, MOVIE))
    await movie.first.wait()
    await asyncio.sleep(0.05)  # its 429 lands, and the pause is written to Redis
    assert await graphql(b, PERSON) == {"data": {"person": {"name": "Brad Pitt"}}}
    assert await first == {"data": {"movie": {"title": "Fight Club"}}}

    assert 0.95 <= person.times[0] - movie.times[0] < 1.5
    assert 0.95 <= movie.times[1] - movie.times[0] < 1.5
    assert sorted(path for path, _ in upstream_calls(tmdb, settings)) == [
        "/3/movie/550",
        "/3/movie/550",
        "/3/person/287",
    ]


async def test_two_gateways_together_keep_to_one_rate(
    gateways: tuple[httpx.AsyncClient, httpx.AsyncClient], tmdb: respx.Router, settings: Settings
) -> None:
    times: list[float] = []

    async def person(request: httpx.Request) -> httpx.Response:
        times.append(time.monotonic())
        body = fixture_json("person_details__1.json")
        body["id"] = int(request.url.path.rsplit("/", 1)[1])
        return httpx.Response(200, json=body)

    tmdb.get(path__regex=r"^/person/\d+$").mock(side_effect=person)
    a, b = gateways

    def people(ids: range) -> str:
        return "{ " + " ".join(f"p{i}: person(id: {i}) {{ id }}" for i in ids) + " }"

    results = await asyncio.gather(
        graphql(a, people(range(1, 6))), graphql(b, people(range(6, 11)))
    )

    assert all("errors" not in result for result in results)
    assert len(upstream_calls(tmdb, settings)) == 10
    times.sort()
    # A burst of 5, then one every 200 ms: the tenth leaves about 1 s after the first. Each
    # gateway alone at 5/s would have sent all ten at once.
    assert sum(1 for t in times if t - times[0] < 0.15) <= 5
    assert 0.9 <= times[-1] - times[0] < 1.6
