"""Search served by the summary rule: results from TMDB's summaries cost one request, and a
field a summary lacks costs one details request per distinct result, sent concurrently."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import (
    authenticated_params,
    body,
    fixture_json,
    graphql,
    ok,
    upstream_requests,
)
from tests.tmdbfusion.helpers import openapi_example

MULTI = fixture_json("search_multi__batman-curated.json")
# search/multi's recorded answer lists a collection, a movie, a show and a person, in this order.
KINDS = ["Collection", "Movie", "TVShow", "Person"]

SUMMARY_ONLY = """query ($language: String) { searchMulti(query: "batman", language: $language) {
  page totalPages totalResults
  results { __typename
    ... on Movie { id title posterUrl releaseDate }
    ... on TVShow { id name posterUrl(size: W92) }
    ... on Person { id name profileUrl knownForDepartment }
    ... on Collection { id name } } } }"""


def sent(request: httpx.Request, settings: Settings) -> tuple[str, list[tuple[str, str]]]:
    """A request's path and its parameters but the credential (checked), sorted."""
    return request.url.path, sorted(authenticated_params(request, settings))


def repointed() -> dict[str, Any]:
    """The recorded search, its movie, show and person re-pointed at the ids whose real details
    bodies we hold (a small edit of a real body: the ids alone change)."""
    body: dict[str, Any] = fixture_json("search_multi__batman-curated.json")
    for result, id in zip(body["results"][1:], (550, 1399, 287), strict=True):
        result["id"] = id
    return body


def in_language(language: str | None) -> list[tuple[str, str]]:
    return [("language", language)] if language else []


@pytest.mark.parametrize("language", [None, "fr-FR"])
async def test_summary_fields_cost_one_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    tmdb.get("/search/multi").mock(return_value=ok("search_multi__batman-curated.json"))
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(client, SUMMARY_ONLY, {"language": language})

    # The page, and beside it the image base for the URLs (in no language; once a process).
    assert sorted(sent(r, settings) for r in upstream_requests(tmdb, settings)) == [
        ("/3/configuration", []),
        ("/3/search/multi", sorted([*in_language(language), ("page", "1"), ("query", "batman")])),
    ]
    page = result["data"]["searchMulti"]
    assert (page["page"], page["totalPages"], page["totalResults"]) == (1, 11, 201)
    collection, movie, show, person = MULTI["results"]
    assert [r["__typename"] for r in page["results"]] == KINDS
    assert page["results"] == [
        # search/multi names a collection like a movie: its `title` is the collection's name.
        {"__typename": "Collection", "id": collection["id"], "name": collection["title"]},
        {
            "__typename": "Movie",
            "id": movie["id"],
            "title": movie["title"],
            "posterUrl": f"https://image.tmdb.org/t/p/w500{movie['poster_path']}",
            "releaseDate": movie["release_date"],
        },
        {
            "__typename": "TVShow",
            "id": show["id"],
            "name": show["name"],
            "posterUrl": f"https://image.tmdb.org/t/p/w92{show['poster_path']}",
        },
        {
            "__typename": "Person",
            "id": person["id"],
            "name": person["name"],
            "profileUrl": f"https://image.tmdb.org/t/p/w185{person['profile_path']}",
            "knownForDepartment": person["known_for_department"],
        },
    ]
    assert "errors" not in result


@pytest.mark.parametrize("language", [None, "fr-FR"])
async def test_a_field_the_summary_lacks_costs_one_request_per_result_at_once(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    tmdb.get("/search/multi").mock(return_value=httpx.Response(200, json=repointed()))
    in_flight = most_in_flight = 0
    bodies = {
        "/3/movie/550": "movie_details__550.json",
        "/3/tv/1399": "tv_details__1399.json",
        "/3/person/287": "person_details_append__287.json",
    }

    async def details(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most_in_flight
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return ok(bodies[request.url.path])

    tmdb.get(path__regex=r"/(movie|tv|person)/\d+$").mock(side_effect=details)

    result = await graphql(
        client,
        """query ($language: String) { searchMulti(query: "batman", language: $language) {
             results { __typename
             ... on Movie { title runtime }
             ... on TVShow { name numberOfSeasons }
             ... on Person { name birthday }
             ... on Collection { name } } } }""",
        {"language": language},
    )

    requests = [sent(r, settings) for r in upstream_requests(tmdb, settings)]
    lang = in_language(language)
    assert requests[0] == ("/3/search/multi", sorted([*lang, ("page", "1"), ("query", "batman")]))
    # One details request per result whose selection needs more than its summary, without
    # parts, in the list's language, all in flight together; the collection's summary serves
    # its `name`.
    assert sorted(requests[1:]) == [
        ("/3/movie/550", lang),
        ("/3/person/287", lang),
        ("/3/tv/1399", lang),
    ]
    assert most_in_flight == 3
    assert result["data"]["searchMulti"]["results"] == [
        {"__typename": "Collection", "name": MULTI["results"][0]["title"]},
        {"__typename": "Movie", "title": "Fight Club", "runtime": 139},
        {"__typename": "TVShow", "name": "Game of Thrones", "numberOfSeasons": 8},
        {"__typename": "Person", "name": "Brad Pitt", "birthday": "1963-12-18"},
    ]


async def test_the_same_result_twice_is_one_details_request_in_the_lists_language(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/search/multi").mock(return_value=httpx.Response(200, json=repointed()))
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    tmdb.get("/tv/1399").mock(return_value=ok("tv_details__1399.json"))

    # Two aliases of the list, its results and its edges: the movie's details are asked once.
    result = await graphql(
        client,
        """{ a: searchMulti(query: "batman", language: "fr-FR") {
               results { ... on Movie { runtime } } edges { node { ... on Movie { tagline } } } }
             b: searchMulti(query: "batman", language: "fr-FR") {
               results { ... on TVShow { status } ... on Movie { title } } } }""",
    )

    assert sorted(sent(r, settings) for r in upstream_requests(tmdb, settings)) == [
        ("/3/movie/550", [("language", "fr-FR")]),
        ("/3/search/multi", [("language", "fr-FR"), ("page", "1"), ("query", "batman")]),
        ("/3/tv/1399", [("language", "fr-FR")]),
    ]
    assert result["data"]["a"]["results"][1] == {"runtime": 139}
    assert result["data"]["a"]["edges"][1]["node"]["tagline"] == "Mischief. Mayhem. Soap."
    assert result["data"]["b"]["results"][2] == {"status": "Ended"}


async def test_a_result_tmdb_no_longer_has_is_null_with_its_own_error(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/search/movie").mock(return_value=ok("search_movie__disney.json"))
    first_two = fixture_json("search_movie__disney.json")["results"][:2]
    tmdb.get(f"/movie/{first_two[0]['id']}").mock(
        return_value=httpx.Response(
            200, json={**fixture_json("movie_details__550.json"), "id": first_two[0]["id"]}
        )
    )
    tmdb.get(f"/movie/{first_two[1]['id']}").mock(
        return_value=httpx.Response(404, json=fixture_json("error_404_not_found__jdrouet.json"))
    )

    result = await graphql(
        client, '{ searchMovies(query: "Disney", first: 2) { results { title runtime } } }'
    )

    assert result["data"]["searchMovies"]["results"] == [
        {"title": "Fight Club", "runtime": 139},
        None,
    ]
    [error] = result["errors"]
    assert error["path"] == ["searchMovies", "results", 1]
    assert error["extensions"] == {"code": "NOT_FOUND"}


def recorded(name: str) -> bytes:
    """A recorded body, or TMDB's own example answer where none was recorded (``op:`` names)."""
    if name.startswith("op:"):
        return openapi_example(name.removeprefix("op:"))
    return body(name)


@pytest.mark.parametrize(
    ("field", "row", "answer", "arguments", "params"),
    [
        pytest.param(
            "searchMovies",
            "/search/movie",
            "search_movie__disney.json",
            'query: "Disney", year: 1999, primaryReleaseYear: 2000, region: "US", '
            "includeAdult: false",
            [
                ("include_adult", "false"),
                ("page", "1"),
                ("primary_release_year", "2000"),
                ("query", "Disney"),
                ("region", "US"),
                ("year", "1999"),
            ],
            id="movies",
        ),
        pytest.param(
            "searchTv",
            "/search/tv",
            "search_tv__disney.json",
            'query: "Disney", firstAirDateYear: 2001, page: 2',
            [("first_air_date_year", "2001"), ("page", "2"), ("query", "Disney")],
            id="tv",
        ),
        pytest.param(
            "searchPeople",
            "/search/person",
            "search_person__julian-beck.json",
            'query: "Julian Beck", language: "de"',
            [("language", "de"), ("page", "1"), ("query", "Julian Beck")],
            id="people",
        ),
        pytest.param(
            "searchCollections",
            "/search/collection",
            "op:search-collection",
            'query: "Avengers & co/x?y=1#z", region: "GB"',
            [("page", "1"), ("query", "Avengers & co/x?y=1#z"), ("region", "GB")],
            id="collections-url-characters",
        ),
        pytest.param(
            "searchCompanies",
            "/search/company",
            "op:search-company",
            'query: "HBO"',
            [("page", "1"), ("query", "HBO")],
            id="companies",
        ),
        pytest.param(
            "searchKeywords",
            "/search/keyword",
            "op:search-keyword",
            'query: "時代劇 lost"',
            [("page", "1"), ("query", "時代劇 lost")],
            id="keywords-any-script",
        ),
    ],
)
async def test_each_search_sends_its_arguments_as_tmdbs_parameters(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
    field: str,
    row: str,
    answer: str,
    arguments: str,
    params: list[tuple[str, str]],
) -> None:
    content = recorded(answer)
    tmdb.get(row).mock(return_value=httpx.Response(200, content=content))

    result = await graphql(
        client, f"{{ {field}({arguments}) {{ totalResults results {{ id }} }} }}"
    )

    expected = json.loads(content)
    assert result == {
        "data": {
            field: {
                "totalResults": expected["total_results"],
                "results": [{"id": r["id"]} for r in expected["results"]],
            }
        }
    }
    assert [sent(r, settings) for r in upstream_requests(tmdb, settings)] == [(f"/3{row}", params)]


FRAGMENTS = """query ($details: Boolean!) { searchMulti(query: "batman") {
  results { ...Names ... on Movie { runtime @include(if: $details) } }
  edges { node { ... on Collection { name } } } } }
fragment Names on MultiResult { __typename ...Title ... on Person { name } }
fragment Title on Movie { title }"""


@pytest.mark.parametrize("details", [False, True])
async def test_fragments_type_conditions_and_directives_decide_what_items_need(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, details: bool
) -> None:
    tmdb.get("/search/multi").mock(return_value=httpx.Response(200, json=repointed()))
    if details:
        tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    result = await graphql(client, FRAGMENTS, {"details": details})

    # Only the movie's selection can ask for more than its summary, and only when included.
    paths = [r.url.path for r in upstream_requests(tmdb, settings)]
    assert paths == ["/3/search/multi"] + (["/3/movie/550"] if details else [])
    # Loaded, the movie is served from its details (those of the id it was re-pointed at).
    movie = result["data"]["searchMulti"]["results"][1]
    if details:
        assert movie == {"__typename": "Movie", "title": "Fight Club", "runtime": 139}
    else:
        assert movie == {"__typename": "Movie", "title": MULTI["results"][1]["title"]}


async def test_what_a_person_is_known_for_is_served_from_the_summary(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/search/multi").mock(return_value=ok("search_multi__batman-curated.json"))
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    result = await graphql(
        client,
        """{ searchMulti(query: "batman") { results { ... on Person { name
               knownFor { __typename ... on Movie { title posterUrl } } } } } }""",
    )

    assert sorted(r.url.path for r in upstream_requests(tmdb, settings)) == [
        "/3/configuration",
        "/3/search/multi",
    ]
    person = result["data"]["searchMulti"]["results"][3]
    known_for = MULTI["results"][3]["known_for"]
    assert person["name"] == "Vin Diesel"
    assert person["knownFor"] == [
        {
            "__typename": "Movie",
            "title": movie["title"],
            "posterUrl": f"https://image.tmdb.org/t/p/w500{movie['poster_path']}",
        }
        for movie in known_for
    ]


async def test_known_for_titles_needing_details_are_loaded_once_each(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    # Vin Diesel's three titles re-pointed at one movie whose details we hold: a small edit.
    body = fixture_json("search_multi__batman-curated.json")
    for title in body["results"][3]["known_for"]:
        title["id"] = 550
    tmdb.get("/search/multi").mock(return_value=httpx.Response(200, json=body))
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    result = await graphql(
        client,
        """{ searchMulti(query: "batman", language: "fr-FR") { results {
               ... on Person { knownFor { ... on Movie { runtime } } } } } }""",
    )

    # The person's summary serves its knownFor; its three titles are one movie, asked once.
    assert [sent(r, settings) for r in upstream_requests(tmdb, settings)] == [
        ("/3/search/multi", [("language", "fr-FR"), ("page", "1"), ("query", "batman")]),
        ("/3/movie/550", [("language", "fr-FR")]),
    ]
    assert result["data"]["searchMulti"]["results"][3] == {"knownFor": [{"runtime": 139}] * 3}


async def test_a_person_fetched_by_id_has_no_known_for(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    result = await graphql(client, "{ person(id: 287) { name knownFor { __typename } } }")

    assert result == {"data": {"person": {"name": "Brad Pitt", "knownFor": None}}}
