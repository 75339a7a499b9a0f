"""Issue 8's nested queries, and the exact TMDB requests each causes: path, appended parts and
every parameter, in both auth modes (the ``settings`` fixture), with no language and in
``fr-FR`` (every request of an entity then carries it; images ask for ``fr`` and none).

Where the issue's other queries are asserted, each as exactly, in both modes and languages:
- ``searchMulti`` with each result's title or name (one request), then with a details-only
  field (one more per distinct result): tests/schema/test_search.py,
  ``test_summary_fields_cost_one_request`` and
  ``test_a_field_the_summary_lacks_costs_one_request_per_result_at_once``;
- a movie's recommendations with their posters (the movie's one request, recommendations
  appended): tests/schema/test_titles.py,
  ``test_recommendations_with_their_posters_are_the_movies_one_request``;
- ``discoverMovies(first: 50)``: pages 1, 2 and 3, all in flight before any is answered:
  tests/schema/test_browse.py, ``test_fifty_results_are_three_pages_fetched_at_once``.

The image base (``/configuration``) is asked once per process, only by an operation that selects
an image URL, and in no language: TMDB's configuration has none.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from schema.imageconfig import RECORDED_BASE_URL
from tests.helpers import (
    authenticated_params,
    fixture_json,
    graphql,
    not_found,
    ok,
    upstream_requests,
)
from tests.tmdbfusion.helpers import openapi_example

LANGUAGES = [pytest.param(None, id="default-language"), pytest.param("fr-FR", id="fr-FR")]

Sent = tuple[str, list[tuple[str, str]]]


def sent(tmdb: respx.Router, settings: Settings) -> list[Sent]:
    """Every request TMDB received, in the order sent: its path and all its parameters but
    the credential (checked to be exactly the configured one), sorted."""
    return [
        (r.url.path, sorted(authenticated_params(r, settings)))
        for r in upstream_requests(tmdb, settings)
    ]


def params(
    language: str | None, *, append: str | None = None, images: bool = False
) -> list[tuple[str, str]]:
    """The parameters an entity request carries: its parts, its language and, when it appends
    images in a language, that language's images and those in none."""
    out = []
    if append is not None:
        out.append(("append_to_response", append))
    if language is not None:
        out.append(("language", language))
        if images:
            out.append(("include_image_language", f"{language[:2]},null"))
    return sorted(out)


def with_part(details: dict[str, Any], part: str, body: Any) -> httpx.Response:
    """TMDB's answer to a details request appending ``part``: the real details body with the
    part's real body under the part's name, as append_to_response nests it."""
    return httpx.Response(200, json={**details, part: body})


# --- movie -> cast -> person -> combined credits -------------------------------------------

MOVIE = fixture_json("movie_details__550.json")
MOVIE_CREDITS = fixture_json("movie_credits__550.json")
NORTON, PITT = (c["id"] for c in MOVIE_CREDITS["cast"][:2])  # 819 (not in the dataset), 287


def pitt() -> dict[str, Any]:
    """Brad Pitt's recorded details with his parts, his two movie roles re-pointed at the two
    other movies whose details bodies we hold (a small edit of a real body: the ids alone)."""
    body: dict[str, Any] = fixture_json("person_details_append__287.json")
    for credit, id in zip(body["combined_credits"]["cast"], (76, 8681), strict=True):
        assert credit["media_type"] == "movie"
        credit["id"] = id
    return body


PITT_BODY = pitt()
CAST_TITLES = """query ($language: String) { movie(id: 550, language: $language) {
  title credits { cast(first: 2) { name person { name combinedCredits {
    cast(first: 5) { character movie { title } tv { name } } } } } } } }"""
CAST_DETAILS = """query ($language: String) { movie(id: 550, language: $language) {
  title credits { cast(first: 2) { name person { name combinedCredits {
    cast(first: 5) { character movie { title runtime } tv { name numberOfSeasons } } } } } } } }"""


def mock_movie_and_cast(tmdb: respx.Router) -> None:
    tmdb.get("/movie/550").mock(return_value=with_part(MOVIE, "credits", MOVIE_CREDITS))
    tmdb.get(f"/person/{NORTON}").mock(return_value=not_found())
    tmdb.get(f"/person/{PITT}").mock(return_value=httpx.Response(200, json=PITT_BODY))


@pytest.mark.parametrize("language", LANGUAGES)
async def test_movie_cast_person_combined_credits_titles_are_served_from_the_credits(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    mock_movie_and_cast(tmdb)

    result = await graphql(client, CAST_TITLES, {"language": language})

    # The movie with its credits; then each cast member, at once, with their combined credits,
    # in the movie's language. Each credit's title comes from the credit's own summary.
    requests = sent(tmdb, settings)
    assert requests[0] == ("/3/movie/550", params(language, append="credits"))
    assert sorted(requests[1:]) == [
        (f"/3/person/{PITT}", params(language, append="combined_credits")),
        (f"/3/person/{NORTON}", params(language, append="combined_credits")),
    ]
    cast = result["data"]["movie"]["credits"]["cast"]
    assert [c["name"] for c in cast] == ["Edward Norton", "Brad Pitt"]
    # TMDB does not know 819 in the dataset: his person is null with its own error.
    assert cast[0]["person"] is None
    [error] = result["errors"]
    assert (error["path"], error["extensions"]) == (
        ["movie", "credits", "cast", 0, "person"],
        {"code": "NOT_FOUND"},
    )
    assert cast[1]["person"] == {
        "name": "Brad Pitt",
        "combinedCredits": {
            "cast": [
                {"character": c["character"], "movie": {"title": c["title"]}, "tv": None}
                for c in PITT_BODY["combined_credits"]["cast"]
            ]
        },
    }


@pytest.mark.parametrize("language", LANGUAGES)
async def test_movie_cast_person_combined_credits_with_a_details_field_loads_each_title(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    mock_movie_and_cast(tmdb)
    tmdb.get("/movie/76").mock(return_value=ok("movie_details_append__76.json"))
    tmdb.get("/movie/8681").mock(return_value=ok("movie_details_append__8681.json"))

    result = await graphql(client, CAST_DETAILS, {"language": language})

    # As above, then one details request per distinct title (a runtime is not in a credit),
    # without parts, in the same language.
    requests = sent(tmdb, settings)
    assert requests[0] == ("/3/movie/550", params(language, append="credits"))
    assert sorted(requests[1:3]) == [
        (f"/3/person/{PITT}", params(language, append="combined_credits")),
        (f"/3/person/{NORTON}", params(language, append="combined_credits")),
    ]
    assert sorted(requests[3:]) == [
        ("/3/movie/76", params(language)),
        ("/3/movie/8681", params(language)),
    ]
    person = result["data"]["movie"]["credits"]["cast"][1]["person"]
    assert person["combinedCredits"]["cast"] == [
        {
            "character": c["character"],
            "movie": {"title": fixture_json(f)["title"], "runtime": fixture_json(f)["runtime"]},
            "tv": None,
        }
        for c, f in zip(
            PITT_BODY["combined_credits"]["cast"],
            ("movie_details_append__76.json", "movie_details_append__8681.json"),
            strict=True,
        )
    ]
    assert [e["path"] for e in result["errors"]] == [["movie", "credits", "cast", 0, "person"]]


# --- TV -> season(1) -> episodes with their stills, and the season's credits ----------------

SHOW = fixture_json("tv_details__1399.json")
SEASON = fixture_json("tv_season__1399-s1.json")
# No recorded season body appends its credits: TMDB's own example answer to
# /tv/1399/season/1/credits (its OpenAPI spec), the credits of the same season (id 3624).
SEASON_CREDITS = httpx.Response(200, content=openapi_example("tv-season-credits")).json()
SEASON_QUERY = """query ($language: String) { tv(id: 1399, language: $language) {
  name season(number: 1) { name
    episodes { episodeNumber name stillUrl(size: W300) }
    credits { cast(first: 3) { name character } } } } }"""


@pytest.mark.parametrize("language", LANGUAGES)
async def test_tv_season_episodes_stills_and_credits_are_the_show_and_one_season_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    assert SEASON_CREDITS["id"] == SEASON["id"]
    tmdb.get("/tv/1399").mock(return_value=ok("tv_details__1399.json"))
    tmdb.get("/tv/1399/season/1").mock(return_value=with_part(SEASON, "credits", SEASON_CREDITS))
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(client, SEASON_QUERY, {"language": language})

    # The show (for its name), the season with its credits appended (its episodes and their
    # stills are in the season's own body), and the image base: all sent at once.
    assert sorted(sent(tmdb, settings)) == [
        ("/3/configuration", []),
        ("/3/tv/1399", params(language)),
        ("/3/tv/1399/season/1", params(language, append="credits")),
    ]
    assert "errors" not in result
    show = result["data"]["tv"]
    assert show["name"] == SHOW["name"]
    assert show["season"]["name"] == SEASON["name"]
    assert show["season"]["episodes"] == [
        {
            "episodeNumber": e["episode_number"],
            "name": e["name"],
            "stillUrl": f"{RECORDED_BASE_URL}w300{e['still_path']}",
        }
        for e in SEASON["episodes"]
    ]
    assert show["season"]["credits"]["cast"] == [
        {"name": c["name"], "character": c["character"]} for c in SEASON_CREDITS["cast"][:3]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_seasons_images_in_a_language_are_that_languages_and_none(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    images = fixture_json("tv_season_append__1396-s2.json")["images"]
    tmdb.get("/tv/1399/season/1").mock(
        return_value=httpx.Response(
            200, json={**SEASON, "credits": SEASON_CREDITS, "images": images}
        )
    )

    result = await graphql(
        client,
        """query ($language: String) { tv(id: 1399, language: $language) { season(number: 1) {
             credits { cast(first: 1) { name } } images { posters { filePath iso6391 } } } } }""",
        {"language": language},
    )

    # Nothing of the show's own is selected: the season's request alone, both parts appended.
    # In a language, its images are asked in that language and in none (language-neutral
    # posters); without one, TMDB sends them all.
    assert sent(tmdb, settings) == [
        ("/3/tv/1399/season/1", params(language, append="credits,images", images=True))
    ]
    assert result["data"]["tv"]["season"]["images"]["posters"] == [
        {"filePath": p["file_path"], "iso6391": p["iso_639_1"] or None} for p in images["posters"]
    ]
