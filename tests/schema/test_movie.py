"""A movie query causes exactly the upstream requests the planner promises."""

from __future__ import annotations

import asyncio

import httpx
import respx

from gateway.config import Settings
from tests.helpers import (
    authenticated_params,
    fixture_json,
    graphql,
    not_found,
    ok,
    upstream_calls,
    upstream_requests,
)

CREDITS = fixture_json("movie_credits__550.json")


async def test_parts_of_one_movie_are_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    details = fixture_json("movie_details__550.json")
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(
            200,
            json={
                **details,
                "credits": CREDITS,
                "images": fixture_json("movie_images__550.json"),
                "videos": fixture_json("movie_videos__550.json"),
            },
        )
    )
    result = await graphql(
        client,
        """{ movie(id: 550) { title credits { cast { name } } images { posters { filePath } }
             videos { key } } }""",
    )

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits", "images", "videos"})]
    movie = result["data"]["movie"]
    assert movie["title"] == details["title"]
    assert [c["name"] for c in movie["credits"]["cast"]] == [c["name"] for c in CREDITS["cast"]]
    posters = fixture_json("movie_images__550.json")["posters"]
    assert [p["filePath"] for p in movie["images"]["posters"]] == [p["file_path"] for p in posters]
    assert movie["videos"] == [
        {"key": v["key"]} for v in fixture_json("movie_videos__550.json")["results"]
    ]


async def test_core_fields_append_nothing(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    result = await graphql(
        client, "{ movie(id: 550) { title releaseDate runtime genres { name } } }"
    )

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
    assert "append_to_response" not in tmdb.calls.last.request.url.params
    assert result == {
        "data": {
            "movie": {
                "title": "Fight Club",
                "releaseDate": "1999-10-15",
                "runtime": 139,
                "genres": [{"name": "Drama"}, {"name": "Thriller"}, {"name": "Comedy"}],
            }
        }
    }


async def test_aliases_and_fragments_share_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/76").mock(return_value=ok("movie_details_append__76.json"))

    result = await graphql(
        client,
        """
        query {
          a: movie(id: 76) { title credits { crew(first: 1) { job } } }
          b: movie(id: 76) { ...Pictures ... on Movie { clips: videos { site } } }
        }
        fragment Pictures on Movie { images { backdrops { width } } }
        """,
    )

    assert upstream_calls(tmdb, settings) == [("/3/movie/76", {"credits", "images", "videos"})]
    assert result["data"]["a"]["title"] == "Before Sunrise"
    assert len(result["data"]["a"]["credits"]["crew"]) == 1
    # Movie 76's recorded images are empty lists; TMDB's shape is kept, not invented.
    assert result["data"]["b"]["images"] == {"backdrops": []}
    assert result["data"]["b"]["clips"] == [{"site": "YouTube"}]


async def test_skipped_fields_are_not_fetched(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    await graphql(
        client,
        """query ($withCredits: Boolean!) {
             movie(id: 550) { title credits @include(if: $withCredits) { cast { name } }
                              images @skip(if: true) { logos { filePath } } } }""",
        {"withCredits": False},
    )

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_language_and_parts_reach_every_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    details = fixture_json("movie_details__550.json")
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(200, json={**details, "credits": CREDITS})
    )
    tmdb.get("/person/819").mock(return_value=not_found())

    result = await graphql(
        client,
        '{ movie(id: 550, language: "de") { credits { cast(first: 1) { person { name } } } } }',
    )

    # Each request keeps its language and parts beside the credential (issue 6, item 1: a v3
    # key once replaced the whole query string).
    params = [sorted(authenticated_params(r, settings)) for r in upstream_requests(tmdb, settings)]
    assert params == [
        [("append_to_response", "credits"), ("language", "de")],
        [("language", "de")],
    ]
    assert result["data"]["movie"]["credits"]["cast"] == [{"person": None}]


async def test_cast_people_are_fetched_concurrently(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    details = fixture_json("movie_details__550.json")
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(200, json={**details, "credits": CREDITS})
    )
    in_flight = 0
    most_in_flight = 0

    async def person(request: httpx.Request, id: str) -> httpx.Response:
        nonlocal in_flight, most_in_flight
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return ok("person_details_append__287.json") if id == "287" else not_found()

    tmdb.get(path__regex=r"/person/(?P<id>\d+)$").mock(side_effect=person)

    result = await graphql(
        client, "{ movie(id: 550) { credits { cast(first: 5) { name person { birthday } } } } }"
    )

    first_five = [c["id"] for c in CREDITS["cast"][:5]]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})] + [
        (f"/3/person/{id}", set()) for id in first_five
    ]
    assert most_in_flight == 5
    cast = result["data"]["movie"]["credits"]["cast"]
    assert cast[1] == {"name": "Brad Pitt", "person": {"birthday": "1963-12-18"}}
    # The four people TMDB does not know come back null, each with its own error.
    assert [c["person"] for i, c in enumerate(cast) if i != 1] == [None] * 4
    paths = sorted(tuple(e["path"]) for e in result["errors"])
    assert paths == [("movie", "credits", "cast", i, "person") for i in (0, 2, 3, 4)]
    assert {e["extensions"]["code"] for e in result["errors"]} == {"NOT_FOUND"}


async def test_same_person_twice_is_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    result = await graphql(
        client, "{ a: person(id: 287) { name } b: person(id: 287) { birthday } }"
    )

    assert upstream_calls(tmdb, settings) == [("/3/person/287", set())]
    assert result["data"] == {"a": {"name": "Brad Pitt"}, "b": {"birthday": "1963-12-18"}}


async def test_unknown_movie_is_null_with_not_found(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    tmdb.get("/movie/99999999").mock(return_value=not_found())

    result = await graphql(client, "{ movie(id: 99999999) { title } }")

    assert result["data"] == {"movie": None}
    [error] = result["errors"]
    assert error["path"] == ["movie"]
    assert error["extensions"] == {"code": "NOT_FOUND"}
    assert "could not be found" in error["message"]


async def test_negative_first_is_bad_input(client: httpx.AsyncClient, tmdb: respx.Router) -> None:
    details = fixture_json("movie_details__550.json")
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(200, json={**details, "credits": CREDITS})
    )

    result = await graphql(client, "{ movie(id: 550) { credits { cast(first: -1) { name } } } }")

    # cast and credits are non-null, so the error nulls everything up to the nullable movie.
    assert result["data"] == {"movie": None}
    [error] = result["errors"]
    assert error["path"] == ["movie", "credits", "cast"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_part_missing_from_tmdbs_answer_is_an_error_and_not_cached(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    # TMDB was asked for credits and videos; its (real, edited) answer carries only the videos.
    data = fixture_json("movie_details_append__76.json")
    del data["credits"]
    tmdb.get("/movie/76").mock(return_value=httpx.Response(200, json=data))
    query = "{ movie(id: 76) { title videos { site } credits { cast { name } } } }"

    first = await graphql(client, query)
    second = await graphql(client, query)

    for result in (first, second):
        assert result["data"] == {"movie": None}
        [error] = result["errors"]
        assert error["path"] == ["movie"]
        assert error["extensions"] == {"code": "UPSTREAM_BAD_RESPONSE"}
        assert "/movie/76" in error["message"]
        assert "credits" in error["message"]
    # Nothing was cached: the second query asked TMDB again.
    assert upstream_calls(tmdb, settings) == [("/3/movie/76", {"credits", "videos"})] * 2
