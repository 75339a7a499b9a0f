"""TMDB's faults, through the whole app: retries, the shared 429 back-off, the circuit breaker and
the in-flight cap (gateway/guard.py), against a faulty respx TMDB.

Each test runs in both auth modes (tests/conftest.py's ``client``, ``tmdb`` and ``settings``, the
last parametrized per test with the fault settings it needs), and counts the requests TMDB got.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
import respx

from tests.helpers import (
    auth_modes,
    body,
    fixture_json,
    graphql,
    movie_550_with_credits,
    not_found,
    ok,
    upstream_calls,
)

MOVIE = "{ movie(id: 550) { title } }"
PERSON = "{ person(id: 287) { name } }"
FIGHT_CLUB = {"movie": {"title": "Fight Club"}}
BRAD_PITT = {"person": {"name": "Brad Pitt"}}
# Retries drawn from at most 10 ms, so the tests wait little.
FAST = {"retry_base": 0.01, "retry_cap": 0.01}


def codes(result: dict[str, Any]) -> list[tuple[list[Any], str]]:
    return [(e["path"], e["extensions"]["code"]) for e in result.get("errors", [])]


def rate_limited(retry_after: str | None) -> httpx.Response:
    """TMDB's real 429 body, with ``Retry-After`` as TMDB sent it."""
    headers = {"Retry-After": retry_after} if retry_after else {}
    return httpx.Response(
        429, content=body("error_429_rate_limit__radarr-issue-2017.json"), headers=headers
    )


# --- retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("settings", auth_modes(**FAST))
@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(httpx.Response(503), id="503"),
        pytest.param(httpx.Response(502), id="502"),
        pytest.param(httpx.Response(504), id="504"),
        pytest.param(httpx.ConnectError("connection refused"), id="refused"),
        pytest.param(httpx.ReadTimeout("slow"), id="timeout"),
    ],
)
async def test_a_one_off_fault_is_retried_and_the_field_succeeds(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any, fault: httpx.Response | Exception
) -> None:
    tmdb.get("/movie/550").mock(side_effect=[fault, ok("movie_details__550.json")])

    result = await graphql(client, MOVIE)

    assert result == {"data": FIGHT_CLUB}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set()), ("/3/movie/550", set())]


@pytest.mark.parametrize("settings", auth_modes(**FAST))
async def test_a_500_is_not_retried_where_a_503_is(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/550").mock(side_effect=[httpx.Response(500), ok("movie_details__550.json")])
    tmdb.get("/person/287").mock(
        side_effect=[httpx.Response(503), ok("person_details_append__287.json")]
    )

    result = await graphql(client, "{ movie(id: 550) { title } person(id: 287) { name } }")

    assert result["data"] == {"movie": None, **BRAD_PITT}
    assert codes(result) == [(["movie"], "UPSTREAM_UNAVAILABLE")]
    calls = upstream_calls(tmdb, settings)
    assert sorted(path for path, _ in calls) == ["/3/movie/550", "/3/person/287", "/3/person/287"]
    assert await graphql(client, MOVIE) == {"data": FIGHT_CLUB}  # a new query asks again


@pytest.mark.parametrize("settings", auth_modes(**FAST))
async def test_a_lasting_fault_is_tried_three_times_then_reported(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/550").mock(return_value=httpx.Response(503))

    result = await graphql(client, MOVIE)

    assert result["data"] == {"movie": None}
    assert codes(result) == [(["movie"], "UPSTREAM_UNAVAILABLE")]
    assert len(upstream_calls(tmdb, settings)) == 1 + settings.retries == 3


# --- the shared 429 back-off ---------------------------------------------------------------------


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


@pytest.mark.parametrize("settings", auth_modes(**FAST))
async def test_after_a_429_every_get_waits_out_retry_after(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    movie = Stamped(rate_limited("1"), ok("movie_details__550.json"))
    person = Stamped(ok("person_details_append__287.json"))
    tmdb.get("/movie/550").mock(side_effect=movie)
    tmdb.get("/person/287").mock(side_effect=person)

    first = asyncio.ensure_future(graphql(client, MOVIE))
    await movie.first.wait()
    await asyncio.sleep(0.02)  # its 429 lands
    second = await graphql(client, PERSON)  # another operation, another entity

    assert second == {"data": BRAD_PITT}
    assert await first == {"data": FIGHT_CLUB}
    # The other operation's GET left only once the pause was over, and so did the retry.
    assert 0.95 <= person.times[0] - movie.times[0] < 1.5
    assert 0.95 <= movie.times[1] - movie.times[0] < 1.5
    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", set()),
        ("/3/movie/550", set()),
        ("/3/person/287", set()),
    ] or upstream_calls(tmdb, settings) == [
        ("/3/movie/550", set()),
        ("/3/person/287", set()),
        ("/3/movie/550", set()),
    ]


@pytest.mark.parametrize("settings", auth_modes(deadline=0.5, **FAST))
async def test_a_pause_past_the_deadline_fails_fast_as_rate_limited(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/550").mock(return_value=rate_limited("1"))
    person = tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    first = await graphql(client, MOVIE)
    started = time.monotonic()
    second = await graphql(client, PERSON)
    refused_in = time.monotonic() - started

    # The 429 itself: Retry-After outlasts the deadline, so no retry.
    assert codes(first) == [(["movie"], "UPSTREAM_RATE_LIMITED")]
    assert first["errors"][0]["extensions"]["retryAfter"] == 1.0
    # The other operation, arriving during the pause, is refused at once, sending nothing.
    assert codes(second) == [(["person"], "UPSTREAM_RATE_LIMITED")]
    assert 0.8 <= second["errors"][0]["extensions"]["retryAfter"] <= 1.0
    assert refused_in < 0.2
    assert person.call_count == 0
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
    await asyncio.sleep(1)  # once the pause is over, TMDB is asked again
    assert await graphql(client, PERSON) == {"data": BRAD_PITT}


# --- the circuit breaker -------------------------------------------------------------------------

BREAKER = {"retries": 0, "breaker_failures": 5, "breaker_cooldown": 0.3}


@pytest.mark.parametrize("settings", auth_modes(**BREAKER))
async def test_five_503s_in_a_row_open_the_breaker_and_it_refuses_without_asking(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/550").mock(return_value=httpx.Response(503))
    person = tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))
    for _ in range(5):
        assert codes(await graphql(client, MOVIE)) == [(["movie"], "UPSTREAM_UNAVAILABLE")]
    assert len(upstream_calls(tmdb, settings)) == 5

    started = time.monotonic()
    refused = [await graphql(client, MOVIE), await graphql(client, PERSON)]

    assert time.monotonic() - started < 0.15
    assert [codes(r) for r in refused] == [
        [(["movie"], "UPSTREAM_CIRCUIT_OPEN")],
        [(["person"], "UPSTREAM_CIRCUIT_OPEN")],
    ]
    assert 0 < refused[0]["errors"][0]["extensions"]["retryAfter"] <= 0.3
    assert len(upstream_calls(tmdb, settings)) == 5  # nothing more reached TMDB
    await asyncio.sleep(0.3)
    assert await graphql(client, PERSON) == {"data": BRAD_PITT}  # the probe, which closes it
    assert person.call_count == 1


class Held:
    """A TMDB route whose answer waits until ``release`` is set."""

    def __init__(self, answer: httpx.Response) -> None:
        self.answer = answer
        self.release = asyncio.Event()
        self.reached = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.reached.set()
        await self.release.wait()
        return self.answer


@pytest.mark.parametrize("settings", auth_modes(**BREAKER))
async def test_after_the_cooldown_one_probe_goes_and_its_success_closes_the_breaker(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    movie = tmdb.get("/movie/550").mock(return_value=httpx.Response(503))
    person = Held(ok("person_details_append__287.json"))
    tmdb.get("/person/287").mock(side_effect=person)
    for _ in range(5):
        await graphql(client, MOVIE)
    await asyncio.sleep(0.3)
    movie.mock(return_value=ok("movie_details__550.json"))

    probe = asyncio.ensure_future(graphql(client, PERSON))
    await person.reached.wait()
    during = await graphql(client, MOVIE)  # while the probe is out: refused, not sent
    person.release.set()

    assert codes(during) == [(["movie"], "UPSTREAM_CIRCUIT_OPEN")]
    assert await probe == {"data": BRAD_PITT}
    assert await graphql(client, MOVIE) == {"data": FIGHT_CLUB}  # closed again
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * 5 + [
        ("/3/person/287", set()),
        ("/3/movie/550", set()),
    ]


@pytest.mark.parametrize("settings", auth_modes(**BREAKER))
async def test_a_failed_probe_opens_the_breaker_again(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/550").mock(return_value=httpx.Response(503))
    for _ in range(5):
        await graphql(client, MOVIE)
    await asyncio.sleep(0.3)

    probe = await graphql(client, MOVIE)
    after = await graphql(client, MOVIE)

    assert codes(probe) == [(["movie"], "UPSTREAM_UNAVAILABLE")]  # TMDB's own answer
    assert codes(after) == [(["movie"], "UPSTREAM_CIRCUIT_OPEN")]
    assert len(upstream_calls(tmdb, settings)) == 6


# Every 404 reaches TMDB: none is remembered (gateway/negative.py).
@pytest.mark.parametrize("settings", auth_modes(negative_ttl=0, **BREAKER))
async def test_404s_never_count_against_the_breaker(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/404").mock(return_value=not_found())
    tmdb.get("/movie/550").mock(return_value=httpx.Response(503))
    missing = "{ movie(id: 404) { title } }"

    for _ in range(10):
        assert codes(await graphql(client, missing)) == [(["movie"], "NOT_FOUND")]
    for _ in range(4):
        await graphql(client, MOVIE)
    # Still closed, and TMDB's answer resets the count: five more 503s are needed to open it.
    assert codes(await graphql(client, missing)) == [(["movie"], "NOT_FOUND")]
    for _ in range(5):
        assert codes(await graphql(client, MOVIE)) == [(["movie"], "UPSTREAM_UNAVAILABLE")]

    assert codes(await graphql(client, missing)) == [(["movie"], "UPSTREAM_CIRCUIT_OPEN")]
    assert len(upstream_calls(tmdb, settings)) == 10 + 4 + 1 + 5


@pytest.mark.parametrize("settings", auth_modes(cache_ttl=0, **FAST))
async def test_faults_cured_by_a_retry_do_not_open_the_breaker(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    # Two failures then a success, five times over (nothing cached): ten failures, never five
    # in a row.
    answers = ([httpx.Response(503)] * 2 + [ok("movie_details__550.json")]) * 5
    tmdb.get("/movie/550").mock(side_effect=answers)
    for _ in range(5):
        assert await graphql(client, MOVIE) == {"data": FIGHT_CLUB}
    assert len(upstream_calls(tmdb, settings)) == 15


# --- the in-flight cap ---------------------------------------------------------------------------


class Concurrency:
    """A TMDB person route that counts the requests it holds at once (each for ``hold`` s)."""

    def __init__(self, hold: float) -> None:
        self.hold = hold
        self.now = 0
        self.peak = 0
        self.calls = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        self.now += 1
        self.peak = max(self.peak, self.now)
        try:
            await asyncio.sleep(self.hold)
        finally:
            self.now -= 1
        person = fixture_json("person_details__1.json")
        person["id"] = int(request.url.path.rsplit("/", 1)[1])
        return httpx.Response(200, json=person)


CAST = "{ movie(id: 550) { credits { cast(first: 12) { person { name } } } } }"


@pytest.mark.parametrize("settings", auth_modes(max_in_flight=3))
async def test_the_in_flight_cap_holds(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550_with_credits())
    people = Concurrency(hold=0.02)
    tmdb.get(path__regex=r"^/person/\d+$").mock(side_effect=people)

    result = await graphql(client, CAST)

    assert "errors" not in result
    assert len(result["data"]["movie"]["credits"]["cast"]) == 12
    assert people.calls == 12  # twelve distinct people
    assert people.peak == 3


@pytest.mark.parametrize("settings", auth_modes())
async def test_by_default_twenty_in_flight(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Any
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550_with_credits())
    people = Concurrency(hold=0.05)
    tmdb.get(path__regex=r"^/person/\d+$").mock(side_effect=people)

    result = await graphql(client, CAST.replace("first: 12", "first: 30"))

    assert "errors" not in result
    assert people.calls == 30
    assert people.peak == 20
