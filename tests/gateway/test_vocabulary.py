"""Fetched credits keep one str per repeated value (``gateway.vocabulary``), values unchanged."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import respx

from gateway.config import Settings
from gateway.fetch import TMDBFetch
from tests.helpers import fixture_json, ok, tmdb_client
from tmdbfusion import models
from tmdbfusion.resources import TABLE


@pytest.fixture
async def api(tmdb: respx.Router, settings: Settings) -> AsyncIterator[TMDBFetch]:
    async with tmdb_client(settings, tmdb) as client:
        yield TMDBFetch(client)


async def test_a_crews_repeated_strings_are_one_object_each_across_entities(
    api: TMDBFetch, tmdb: respx.Router
) -> None:
    tmdb.get("/movie/76").mock(return_value=ok("movie_details_append__76.json"))
    tmdb.get("/tv/1396").mock(return_value=ok("tv_details_append__1396.json"))
    movies = [await api(TABLE["movies.details"], (76,), None, ("credits",)) for _ in range(2)]
    show = await api(TABLE["tv.details"], (1396,), None, ("credits",))

    credits = [m.credits for m in movies] + [show.credits]
    assert all(isinstance(c, models.Credits) for c in credits)
    members = [m for c in credits if c is not None for m in (*c.cast, *c.crew)]
    seen: dict[str, str] = {}
    shared = 0
    for member in members:
        for word in (getattr(member, "job", None), getattr(member, "department", None)):
            if word is not None:
                assert seen.setdefault(word, word) is word, word
        if member.known_for_department is not None:
            assert seen.setdefault(member.known_for_department, member.known_for_department) is (
                member.known_for_department
            )
        if member.original_name == member.name:
            assert member.original_name is member.name
            shared += 1
    assert shared > 0
    # The two fetches of one movie decoded separately, yet hold the same strings.
    first, second = (m.credits for m in movies)
    assert first is not None
    assert second is not None
    assert first.crew[0].job is second.crew[0].job


async def test_values_are_unchanged(api: TMDBFetch, tmdb: respx.Router) -> None:
    tmdb.get("/movie/76").mock(return_value=ok("movie_details_append__76.json"))

    movie = await api(TABLE["movies.details"], (76,), None, ("credits",))

    recorded = fixture_json("movie_details_append__76.json")["credits"]
    assert movie.credits is not None
    assert [
        (c.name, c.original_name, c.job, c.department, c.known_for_department)
        for c in movie.credits.crew
    ] == [
        (
            c["name"],
            c.get("original_name"),
            c["job"],
            c["department"],
            c.get("known_for_department"),
        )
        for c in recorded["crew"]
    ]
    assert [(c.name, c.original_name, c.known_for_department) for c in movie.credits.cast] == [
        (c["name"], c.get("original_name"), c.get("known_for_department")) for c in recorded["cast"]
    ]
