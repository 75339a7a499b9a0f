"""An entity's ``append`` sends ONE request with its parts; the Struct carries each part typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args, get_origin

import httpx
import pytest
import respx

from tests.tmdbfusion.helpers import (
    TOKEN,
    Auth,
    Client,
    body,
    fixture_json,
    json_response,
    sent_auth,
    settle,
)
from tmdbfusion import TMDBClient, UpstreamDecodeError
from tmdbfusion.resources import TABLE

Call = Callable[[Client, list[Any]], Any]

# Each real body below was recorded with these parts appended (gateway/demo/data/PROVENANCE.tsv).
CASES = [
    pytest.param(
        "movies.details",
        lambda c, parts: c.movies.details(76, append=parts),
        "/movie/76",
        "movie_details_append__76.json",
        id="movie-14-parts",
    ),
    pytest.param(
        "tv.details",
        lambda c, parts: c.tv.details(1399, append=parts),
        "/tv/1399",
        "tv_details_append__1399-leandcesar.json",
        id="tv-14-parts",
    ),
    pytest.param(
        "tv.season",
        lambda c, parts: c.tv.season(1396, 2, append=parts),
        "/tv/1396/season/2",
        "tv_season_append__1396-s2.json",
        id="season-3-parts",
    ),
    pytest.param(
        "tv.episode",
        lambda c, parts: c.tv.episode(1396, 2, 1, append=parts),
        "/tv/1396/season/2/episode/1",
        "tv_episode_append__1396-s2e1.json",
        id="episode-4-parts",
    ),
    pytest.param(
        "people.details",
        lambda c, parts: c.people.details(287, append=parts),
        "/person/287",
        "person_details_append__287.json",
        id="person-8-parts",
    ),
]


@pytest.mark.parametrize(("name", "call", "path", "fixture"), CASES)
async def test_append_sends_one_request_and_types_each_part(
    tmdb_client: Client,
    router: respx.Router,
    auth: Auth,
    name: str,
    call: Call,
    path: str,
    fixture: str,
) -> None:
    resource = TABLE[name]
    recorded = fixture_json(fixture)
    parts = sorted(part for part in resource.parts if part in recorded)
    router.get(path).mock(return_value=json_response(body(fixture)))

    entity = await settle(call(tmdb_client, list(reversed(parts))))

    (sent,) = router.calls
    assert sent.request.url.path == "/3" + path
    assert sent.request.url.params["append_to_response"] == ",".join(parts)
    assert sent_auth(sent.request) == auth
    for part_name in parts:
        part = resource.parts[part_name]
        value = getattr(entity, part.field)
        assert isinstance(value, _runtime_types(part.type)), part_name
    assert entity.id == recorded["id"]


def _runtime_types(tp: Any) -> tuple[type, ...]:
    """The classes an instance of ``tp`` may have (``Page[X]`` is a ``Page``)."""
    members = get_args(tp) if get_origin(tp) in (type(int | None),) else (tp,)
    return tuple(get_origin(m) or m for m in members)


def test_append_is_typed_end_to_end(router: respx.Router) -> None:
    router.get("/movie/76").mock(return_value=json_response(body("movie_details_append__76.json")))
    with TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client:
        movie = client.movies.details(76, append=["credits", "watch/providers", "similar"])
    assert movie.credits is not None
    assert movie.watch_providers is not None
    assert movie.similar is not None
    recorded = fixture_json("movie_details_append__76.json")
    assert movie.credits.cast[0].name == recorded["credits"]["cast"][0]["name"]
    assert sorted(movie.watch_providers.results) == sorted(recorded["watch/providers"]["results"])
    assert movie.similar.total_pages == recorded["similar"]["total_pages"]


def test_no_append_sends_no_append_to_response(router: respx.Router) -> None:
    route = router.get("/movie/550").mock(
        return_value=json_response(body("movie_details__550.json"))
    )
    with TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client:
        movie = client.movies.details(550)
    assert route.calls.last.request.url.query == b""
    assert movie.credits is None


async def test_a_requested_part_missing_from_the_body_is_a_decode_error(
    tmdb_client: Client, router: respx.Router
) -> None:
    # Recorded with alternative_titles only: TMDB leaving out a part asked for is a broken
    # answer, never an empty part.
    router.get("/movie/8681").mock(
        return_value=json_response(body("movie_details_append__8681.json"))
    )
    with pytest.raises(UpstreamDecodeError, match="'credits'") as caught:
        await settle(tmdb_client.movies.details(8681, append=["alternative_titles", "credits"]))
    assert "/movie/8681" in str(caught.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda c: c.movies.details(550, append=["nope"]), "does not append 'nope'", id="part"
        ),
        pytest.param(
            lambda c: c.tv.season(1399, 1, append=["release_dates"]),
            "does not append 'release_dates'",
            id="other-entity's-part",
        ),
    ],
)
def test_an_unknown_part_is_refused_before_sending(
    router: respx.Router, call: Callable[[Any], Any], message: str
) -> None:
    with (
        TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client,
        pytest.raises(ValueError, match=message),
    ):
        call(client)
    assert not router.calls
