"""Negative caching: a 404 is remembered for TMDBFUSION_NEGATIVE_TTL seconds."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from gateway.negative import NegativeCache
from gateway.tiers import EntityKey, Fetched, KnownNotFoundError
from tests.gateway.test_cache import MOVIE_76, Clock
from tests.helpers import fixture_json, gateway_client, graphql, not_found, upstream_calls
from tmdbfusion import errors

QUERY = "{ movie(id: 99999999) { title } }"


async def ask_twice(
    settings: Settings, tmdb: respx.Router, clock: Clock, advance: float
) -> list[dict[str, Any]]:
    tmdb.get("/movie/99999999").mock(return_value=not_found())
    async with gateway_client(settings, httpx.MockTransport(tmdb.async_handler), clock=clock) as c:
        first = await graphql(c, QUERY)
        clock.now += advance
        second = await graphql(c, QUERY)
    return [first, second]


def assert_not_found(result: dict[str, Any]) -> None:
    assert result["data"] == {"movie": None}
    [error] = result["errors"]
    assert error["path"] == ["movie"]
    assert error["extensions"] == {"code": "NOT_FOUND"}
    message = fixture_json("error_404_not_found__jdrouet.json")["status_message"]
    assert error["message"] == f"TMDB answered 404 for /movie/99999999: {message}"


async def test_an_unknown_id_reaches_tmdb_once_within_the_negative_ttl(
    tmdb: respx.Router, settings: Settings
) -> None:
    results = await ask_twice(settings, tmdb, Clock(), advance=59)

    assert upstream_calls(tmdb, settings) == [("/3/movie/99999999", set())]
    for result in results:
        assert_not_found(result)
    assert results[0] == results[1]


async def test_an_unknown_id_is_asked_again_after_the_negative_ttl(
    tmdb: respx.Router, settings: Settings
) -> None:
    results = await ask_twice(settings, tmdb, Clock(), advance=61)

    assert upstream_calls(tmdb, settings) == [("/3/movie/99999999", set())] * 2
    for result in results:
        assert_not_found(result)


async def test_a_negative_ttl_of_zero_remembers_nothing(
    tmdb: respx.Router, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, negative_ttl=0)

    results = await ask_twice(settings, tmdb, Clock(), advance=0)

    assert upstream_calls(tmdb, settings) == [("/3/movie/99999999", set())] * 2
    for result in results:
        assert_not_found(result)


class Below:
    """A fill that answers each call with the next of ``answers`` (an error is raised)."""

    def __init__(self, *answers: Fetched | Exception) -> None:
        self.answers = list(answers)
        self.calls = 0

    async def __call__(
        self, key: EntityKey, parts: tuple[str, ...], operation: object = None
    ) -> Fetched:
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


async def test_other_errors_are_not_remembered() -> None:
    below = Below(
        errors.UpstreamServerError("TMDB answered 503 for /movie/76", status_code=503),
        Fetched(MOVIE_76, frozenset(), 60),
    )
    negative = NegativeCache(below, ttl=60, clock=Clock())

    with pytest.raises(errors.UpstreamServerError):
        await negative.fill(("movies.details", (76,), None, ()), ())
    assert (await negative.fill(("movies.details", (76,), None, ()), ())).value is MOVIE_76
    assert below.calls == 2


async def test_a_404_remembered_elsewhere_is_kept_only_as_long_as_it_is_left_there() -> None:
    below = Below(
        KnownNotFoundError("TMDB answered 404 for /movie/76", ttl=5),
        Fetched(MOVIE_76, frozenset(), 60),
    )
    clock = Clock()
    negative = NegativeCache(below, ttl=60, clock=clock)

    for _ in range(2):
        with pytest.raises(errors.NotFoundError, match="TMDB answered 404 for /movie/76"):
            await negative.fill(("movies.details", (76,), None, ()), ("credits",))
    assert below.calls == 1
    clock.now += 6
    assert (await negative.fill(("movies.details", (76,), None, ()), ())).value is MOVIE_76
    assert below.calls == 2
