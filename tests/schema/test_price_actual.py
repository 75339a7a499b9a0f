"""The static price of a query (schema/cost.py) against the TMDB requests it really makes.

The price must never be lower than the requests (the budget's safety); where it is higher, the
difference is a bound pricing.py documents (a list's length, an entity that may not be there).
Each case runs the query through the gateway against real TMDB bodies and counts the requests.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
import respx
from graphql import parse

from gateway.config import Settings
from schema.cost import DocumentCost
from schema.schema import build_schema
from tests.helpers import fixture_json, graphql, not_found, ok, upstream_calls

SCHEMA = build_schema()._schema
CREDIT = "5256c8b219c2956ff6047cd8"  # a TV credit (Game of Thrones, 1399)

Mock = Callable[[respx.Router], None]


def price(query: str) -> int:
    return DocumentCost(SCHEMA, parse(query)).estimate(None, None, max_steps=10**9).calls


def _season(tmdb: respx.Router) -> None:
    tmdb.get("/tv/1396/season/2").mock(return_value=ok("tv_season_append__1396-s2.json"))


def _episode(tmdb: respx.Router) -> None:
    tmdb.get("/tv/1396/season/2/episode/1").mock(
        return_value=ok("tv_episode_append__1396-s2e1.json")
    )


def _show(tmdb: respx.Router) -> None:
    tmdb.get("/tv/1396").mock(return_value=ok("tv_details__1396.json"))


def _credit(tmdb: respx.Router) -> None:
    tmdb.get(f"/credit/{CREDIT}").mock(return_value=ok(f"credit__{CREDIT}.json"))
    tmdb.get("/tv/1399").mock(return_value=ok("tv_details__1399.json"))


def _person_287(tmdb: respx.Router) -> None:
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))
    # TMDB's own 404 for each title: a request all the same.
    tmdb.get(path__regex=r"/(movie|tv)/\d+$").mock(return_value=not_found())


def _find(tmdb: respx.Router) -> None:
    tmdb.get("/find/tt0266543").mock(return_value=ok("find__tt0266543.json"))


def _find_and_movie(tmdb: respx.Router) -> None:
    _find(tmdb)
    [movie] = fixture_json("find__tt0266543.json")["movie_results"]
    tmdb.get(f"/movie/{movie['id']}").mock(return_value=not_found())


def _nothing(tmdb: respx.Router) -> None:
    pass


def _show_and_season(tmdb: respx.Router) -> None:
    _show(tmdb)
    _season(tmdb)


FIND = 'find(externalId: "tt0266543", source: IMDB_ID)'
[FOUND] = fixture_json("find__tt0266543.json")["movie_results"]
# Person 287's recorded combined credits: two movies.
TITLES_OF_287 = [
    f"/3/{c['media_type']}/{c['id']}"
    for c in fixture_json("person_details_append__287.json")["combined_credits"]["cast"]
]


@pytest.mark.parametrize(
    ("query", "mock", "requests", "priced"),
    [
        # A show: its own request only when its selection needs its body (schema/tv.py).
        pytest.param(
            "{ tv(id: 1396) { season(number: 2) { episode(number: 1) { name } } } }",
            _episode,
            [("/3/tv/1396/season/2/episode/1", set())],
            1,
            id="tv-season-episode-by-number",
        ),
        pytest.param(
            "{ tv(id: 1396) { season(number: 2) { episodes { name } } } }",
            _season,
            [("/3/tv/1396/season/2", set())],
            1,
            id="tv-season-episodes",
        ),
        pytest.param("{ tv(id: 1396) { __typename } }", _nothing, [], 0, id="tv-typename"),
        pytest.param(
            "{ tv(id: 1396) { season(number: 2) { name } } }",
            _show,
            [("/3/tv/1396", set())],
            1,
            id="tv-season-from-the-shows-list",
        ),
        pytest.param(
            """{ tv(id: 1396) { a: season(number: 2) { episodes { name } }
                               b: season(number: 2) { name } } }""",
            _show_and_season,
            [("/3/tv/1396", set()), ("/3/tv/1396/season/2", set())],
            2,
            id="tv-season-both-ways",
        ),
        # A credit is of a movie or of a show, never both: one title at most to load.
        pytest.param(
            f'{{ credit(id: "{CREDIT}") {{ movie {{ runtime }} tv {{ numberOfSeasons }} }} }}',
            _credit,
            [(f"/3/credit/{CREDIT}", set()), ("/3/tv/1399", set())],
            2,
            id="credit-movie-or-tv",
        ),
        pytest.param(
            """{ person(id: 287) { combinedCredits { cast(first: 2) {
                 movie { runtime } tv { numberOfSeasons } } } } }""",
            _person_287,
            [("/3/person/287", {"combined_credits"})] + [(p, set()) for p in TITLES_OF_287],
            1 + 2,
            id="person-credit-movie-or-tv",
        ),
        # find: one request per (id, source, language); its results by the summary rule.
        pytest.param(
            f"{{ {FIND} {{ movieResults {{ title }} }} }}",
            _find,
            [("/3/find/tt0266543", set())],
            1,
            id="find-summaries",
        ),
        pytest.param(
            f"""{{ a: {FIND} {{ movieResults {{ title }} }}
                   b: find(externalId: "tt0266543", source: TVDB_ID) {{ tvResults {{ name }} }}
                }}""",
            _find,
            [("/3/find/tt0266543", set()), ("/3/find/tt0266543", set())],
            2,
            id="find-two-sources",
        ),
        # A bound: TMDB's answer lists at most 20 of each kind (recorded: 1).
        pytest.param(
            f"{{ {FIND} {{ movieResults {{ runtime }} }} }}",
            _find_and_movie,
            [("/3/find/tt0266543", set()), (f"/3/movie/{FOUND['id']}", set())],
            1 + 20,
            id="find-details-bound",
        ),
    ],
)
async def test_the_price_is_at_least_the_requests_made(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
    query: str,
    mock: Mock,
    requests: list[tuple[str, set[str]]],
    priced: int,
) -> None:
    mock(tmdb)

    result = await graphql(client, query)

    made = upstream_calls(tmdb, settings)
    assert sorted(made, key=str) == sorted(requests, key=str), result
    assert price(query) == priced
    assert priced >= len(made)
