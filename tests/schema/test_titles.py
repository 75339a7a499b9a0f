"""Titles served from the summaries an entity's body holds (a movie's recommendations, a person's
credits, a collection's movies, a keyword's movies, a credit's person and show, an external id's
finds): no request beyond the body while the summary has every field selected, and one per
distinct title otherwise (DESIGN.md's summary rule)."""

from __future__ import annotations

import httpx
import pytest
import respx

from gateway.config import Settings
from schema.imageconfig import RECORDED_BASE_URL
from schema.pages import cursor
from tests.helpers import (
    authenticated_params,
    fixture_json,
    graphql,
    not_found,
    ok,
    upstream_calls,
    upstream_requests,
)
from tests.schema.test_browse import Pages

RECOMMENDED = fixture_json("movie_recommendations__550.json")
PITT = fixture_json("person_details_append__287.json")


def with_part(details: str, part: str, body: str) -> httpx.Response:
    return httpx.Response(200, json={**fixture_json(details), part: fixture_json(body)})


@pytest.mark.parametrize("language", [None, "fr-FR"])
async def test_recommendations_with_their_posters_are_the_movies_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    tmdb.get("/movie/550").mock(
        return_value=with_part(
            "movie_details__550.json", "recommendations", "movie_recommendations__550.json"
        )
    )
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(
        client,
        """query ($language: String) { movie(id: 550, language: $language) {
             recommendations { page totalResults
             results { id title posterUrl(size: W185) } } } }""",
        {"language": language},
    )

    # The movie with its recommendations appended, in its language; the image base (in none).
    in_language = [("language", language)] if language else []
    assert params_by_path(tmdb, settings) == [
        ("/3/configuration", []),
        ("/3/movie/550", sorted([("append_to_response", "recommendations"), *in_language])),
    ]
    served = result["data"]["movie"]["recommendations"]
    assert served["totalResults"] == RECOMMENDED["total_results"]
    assert served["results"] == [
        {
            "id": m["id"],
            "title": m["title"],
            "posterUrl": f"{RECORDED_BASE_URL}w185{m['poster_path']}" if m["poster_path"] else None,
        }
        for m in RECOMMENDED["results"]
    ]


async def test_a_field_the_summaries_lack_is_one_request_per_distinct_movie(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    similar = fixture_json("movie_similar__550.json")
    tmdb.get("/movie/550").mock(
        return_value=with_part("movie_details__550.json", "similar", "movie_similar__550.json")
    )
    tmdb.get(path__regex=r"/movie/\d+$").mock(return_value=not_found())

    result = await graphql(
        client,
        """{ movie(id: 550, language: "de") { a: similar { results { runtime } }
             b: similar { results { title } } } }""",
    )

    ids = [m["id"] for m in similar["results"]]
    assert len(set(ids)) == len(ids) > 1
    # The movie with its part, then each similar movie once, in the movie's language.
    calls = upstream_calls(tmdb, settings)
    assert calls[0] == ("/3/movie/550", {"similar"})
    assert sorted(calls[1:]) == sorted((f"/3/movie/{id}", set()) for id in ids)
    for request in upstream_requests(tmdb, settings):
        assert ("language", "de") in authenticated_params(request, settings)
    movie = result["data"]["movie"]
    assert movie["a"]["results"] == [None] * len(ids)
    assert movie["b"]["results"] == [{"title": m["title"]} for m in similar["results"]]
    assert {e["extensions"]["code"] for e in result["errors"]} == {"NOT_FOUND"}


async def test_a_credits_title_with_a_details_field_is_loaded(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))
    first = PITT["movie_credits"]["cast"][0]
    tmdb.get(f"/movie/{first['id']}").mock(return_value=not_found())

    result = await graphql(
        client, "{ person(id: 287) { movieCredits { cast(first: 1) { movie { runtime } } } } }"
    )

    assert upstream_calls(tmdb, settings) == [
        ("/3/person/287", {"movie_credits"}),
        (f"/3/movie/{first['id']}", set()),
    ]
    assert result["data"]["person"]["movieCredits"]["cast"] == [{"movie": None}]
    [error] = result["errors"]
    assert error["path"] == ["person", "movieCredits", "cast", 0, "movie"]


async def test_a_collections_movies_come_with_it(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/collection/10").mock(return_value=ok("collection__10.json"))

    result = await graphql(client, "{ collection(id: 10) { name parts { title releaseDate } } }")

    assert upstream_calls(tmdb, settings) == [("/3/collection/10", set())]
    parts = fixture_json("collection__10.json")["parts"]
    assert result["data"]["collection"]["parts"] == [
        {"title": p["title"], "releaseDate": p["release_date"] or None} for p in parts
    ]


async def test_a_keywords_movies_are_one_page_a_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/keyword/1721").mock(return_value=ok("keyword__1721.json"))
    tmdb.get("/keyword/1721/movies").mock(return_value=ok("keyword_movies__1721.json"))

    result = await graphql(
        client,
        """{ keyword(id: 1721) { name first: movies { totalResults results { title } }
             second: movies(page: 2, language: "de") { page } } }""",
    )

    # Without `page`, the first page, asked as a window asks it (and sharing its cache entry).
    assert params_by_path(tmdb, settings) == [
        ("/3/keyword/1721", []),
        ("/3/keyword/1721/movies", [("language", "de"), ("page", "2")]),
        ("/3/keyword/1721/movies", [("page", "1")]),
    ]
    movies = fixture_json("keyword_movies__1721.json")
    keyword = result["data"]["keyword"]
    assert keyword["first"]["totalResults"] == movies["total_results"]
    assert keyword["first"]["results"] == [{"title": m["title"]} for m in movies["results"]]


KEYWORD_MOVIES = fixture_json("keyword_movies__1721.json")
KEYWORD_TITLES = [m["title"] for m in KEYWORD_MOVIES["results"]]
FIFTY_OF_A_KEYWORD = """query ($language: String) { keyword(id: 1721) {
  movies(first: 50, language: $language) {
    page totalPages totalResults
    results { title }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }"""


@pytest.mark.parametrize("language", [None, "fr-FR"])
async def test_fifty_of_a_keywords_movies_are_three_pages_fetched_at_once(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    tmdb.get("/keyword/1721").mock(return_value=ok("keyword__1721.json"))
    # Only page 1 is recorded: every page is answered with it, numbered as asked (as the list
    # roots' tests do, tests/schema/test_browse.py).
    pages = Pages(together=3, body=KEYWORD_MOVIES)
    tmdb.get("/keyword/1721/movies").mock(side_effect=pages)

    result = await graphql(client, FIFTY_OF_A_KEYWORD, {"language": language})

    in_language = [("language", language)] if language else []
    assert params_by_path(tmdb, settings) == [
        ("/3/keyword/1721", []),
        *(
            ("/3/keyword/1721/movies", sorted([*in_language, ("page", str(page))]))
            for page in (1, 2, 3)
        ),
    ]
    # All three were in flight before any was answered (Pages waits for them).
    assert pages.most_in_flight == 3
    movies = result["data"]["keyword"]["movies"]
    assert (movies["page"], movies["totalPages"], movies["totalResults"]) == (
        1,
        KEYWORD_MOVIES["total_pages"],
        KEYWORD_MOVIES["total_results"],
    )
    # Pages 1 and 2 whole, then the first 10 of page 3, in order.
    assert [r["title"] for r in movies["results"]] == (
        KEYWORD_TITLES + KEYWORD_TITLES + KEYWORD_TITLES[:10]
    )
    assert movies["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": cursor(0),
        "endCursor": cursor(49),
    }


async def test_a_keywords_movies_after_a_cursor_span_the_pages_they_need(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/keyword/1721").mock(return_value=ok("keyword__1721.json"))
    tmdb.get("/keyword/1721/movies").mock(side_effect=Pages(body=KEYWORD_MOVIES))

    result = await graphql(
        client,
        f"""{{ keyword(id: 1721) {{ movies(first: 5, after: "{cursor(17)}") {{
              page edges {{ cursor node {{ title }} }} pageInfo {{ hasPreviousPage }} }} }} }}""",
    )

    # Results 18 to 22: the last two of page 1, the first three of page 2.
    assert params_by_path(tmdb, settings) == [
        ("/3/keyword/1721", []),
        ("/3/keyword/1721/movies", [("page", "1")]),
        ("/3/keyword/1721/movies", [("page", "2")]),
    ]
    movies = result["data"]["keyword"]["movies"]
    assert movies["page"] == 1
    assert movies["edges"] == [
        {"cursor": cursor(18 + i), "node": {"title": title}}
        for i, title in enumerate(KEYWORD_TITLES[18:] + KEYWORD_TITLES[:3])
    ]
    assert movies["pageInfo"] == {"hasPreviousPage": True}


def params_by_path(
    tmdb: respx.Router, settings: Settings
) -> list[tuple[str, list[tuple[str, str]]]]:
    return sorted(
        (r.url.path, sorted(authenticated_params(r, settings)))
        for r in upstream_requests(tmdb, settings)
    )


async def test_a_credits_person_and_show_come_with_it(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    credit_id = "5256c8b219c2956ff6047cd8"
    credit = fixture_json(f"credit__{credit_id}.json")
    tmdb.get(f"/credit/{credit_id}").mock(return_value=ok(f"credit__{credit_id}.json"))
    tmdb.get(f"/person/{credit['person']['id']}").mock(return_value=not_found())

    result = await graphql(
        client,
        f"""{{ credit(id: "{credit_id}") {{ movie {{ title }} tv {{ name firstAirDate }}
              person {{ name }} p: person {{ birthday }} }} }}""",
    )

    # The person's birthday is in their details only: one request for it.
    assert upstream_calls(tmdb, settings) == [
        (f"/3/credit/{credit_id}", set()),
        (f"/3/person/{credit['person']['id']}", set()),
    ]
    assert result["data"]["credit"] == {
        "movie": None,
        "tv": {"name": credit["media"]["name"], "firstAirDate": credit["media"]["first_air_date"]},
        "person": {"name": credit["person"]["name"]},
        "p": None,
    }


async def test_find_by_an_imdb_id_is_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/find/tt0266543").mock(return_value=ok("find__tt0266543.json"))

    result = await graphql(
        client,
        """{ find(externalId: "tt0266543", source: IMDB_ID, language: "fr") {
             movieResults { id title } tvResults { name } personResults { name }
             tvSeasonResults { name } tvEpisodeResults { name } } }""",
    )

    assert params_by_path(tmdb, settings) == [
        ("/3/find/tt0266543", [("external_source", "imdb_id"), ("language", "fr")])
    ]
    [movie] = fixture_json("find__tt0266543.json")["movie_results"]
    assert result["data"]["find"] == {
        "movieResults": [{"id": movie["id"], "title": movie["title"]}],
        "tvResults": [],
        "personResults": [],
        "tvSeasonResults": [],
        "tvEpisodeResults": [],
    }


async def test_an_external_id_that_is_no_id_asks_tmdb_nothing(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    result = await graphql(
        client, '{ find(externalId: "../../account", source: IMDB_ID) { tvResults { name } } }'
    )

    assert not tmdb.calls
    assert result["data"] == {"find": None}
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
