"""The static price of a query (schema/cost.py) against the TMDB requests it really makes.

The price must never be lower than the requests (the budget's safety); where it is higher, the
difference is a bound pricing.py documents (a list's length, an entity that may not be there).
Each case runs the query through the gateway against real TMDB bodies and counts the requests.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
import respx
from graphql import GraphQLError, NonNullTypeNode, OperationDefinitionNode, parse, validate

from gateway.config import Settings
from gateway.demo.dataset import Entity, load_dataset
from gateway.demo.upstream import create_demo_upstream
from gateway.graphiql.tabs import TABS
from schema.cost import DocumentCost
from schema.schema import build_schema
from tests.documents import CAST_OF_1000, language_aliases, movie_aliases
from tests.helpers import (
    TMDB,
    auth_modes,
    fixture_json,
    gateway_client,
    graphql,
    not_found,
    ok,
    upstream_calls,
)
from tests.schema.test_episode_groups import LISTED, show_with_groups
from tmdbfusion.resources import match

SCHEMA = build_schema()._schema
CREDIT = "5256c8b219c2956ff6047cd8"  # a TV credit (Game of Thrones, 1399)

Mock = Callable[[respx.Router], None]


def price(query: str, variables: dict[str, Any] | None = None) -> int:
    document = DocumentCost(SCHEMA, parse(query))
    return document.estimate(None, variables, max_steps=10**9).calls


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


def _configuration(tmdb: respx.Router) -> None:
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))
    tmdb.get("/configuration/primary_translations").mock(return_value=not_found())


def _show_groups(tmdb: respx.Router) -> None:
    tmdb.get("/tv/1399").mock(return_value=show_with_groups())
    tmdb.get(f"/tv/episode_group/{LISTED['id']}").mock(return_value=not_found())


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
        # Lists of strings from TMDB's configuration: a request each, however plain they look;
        # the image base's configuration is the change keys' one.
        pytest.param(
            "{ configuration { changeKeys primaryTranslations images { baseUrl } } }",
            _configuration,
            [("/3/configuration", set()), ("/3/configuration/primary_translations", set())],
            2,
            id="configuration-lists-of-strings",
        ),
        # A bound: a show lists 50 episode groups at most (recorded: 1), each loaded for its
        # groups.
        pytest.param(
            "{ tv(id: 1399) { episodeGroups { name groups { name } } } }",
            _show_groups,
            [("/3/tv/1399", {"episode_groups"}), (f"/3/tv/episode_group/{LISTED['id']}", set())],
            1 + 50,
            id="episode-groups-bound",
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


# --- Every document the tests hold: the price is never below the requests it makes. ---

TESTS: Final = Path(__file__).parent.parent


def _runnable(text: str) -> bool:
    """A single operation this schema validates, needing no variable it does not default."""
    try:
        document = parse(text)
    except GraphQLError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return (
        not validate(SCHEMA, document)
        and len(operations) == 1
        and not any(
            isinstance(v.type, NonNullTypeNode) and v.default_value is None
            for v in operations[0].variable_definitions or ()
        )
    )


# Navigations the tests' own documents may not reach: every way an entity loads another.
PROBES: Final = (
    "{ tv(id: 1396) { seasons { episodes { name } } } }",
    """{ tv(id: 1396) { lastEpisodeToAir { guestStars { name } }
         nextEpisodeToAir { credits { cast { name } } } } }""",
    """{ tv(id: 1399) { networks { homepage } productionCompanies { parentCompany { homepage } }
         season(number: 1) { episode(number: 1) { credits { cast { name } } } episodes { name } }
         episodeGroups { network { homepage } } } }""",
    """{ movie(id: 550) { belongsToCollection { overview parts { runtime } }
         productionCompanies { headquarters parentCompany { homepage } }
         recommendations { results { runtime } } similar { results { tagline } } } }""",
    """{ person(id: 287) { combinedCredits { cast { movie { credits { cast(first: 3) {
         person { name } } } } tv { seasons { name episodes { name } } } }
         crew { movie { runtime } tv { numberOfSeasons } } } } }""",
    f"""{{ credit(id: "{CREDIT}") {{ person {{ birthday }}
         tv {{ numberOfSeasons networks {{ headquarters }} }}
         seasons {{ episodes {{ name }} }} episodes {{ credits {{ cast {{ name }} }} }} }} }}""",
    """{ find(externalId: "tt0266543", source: IMDB_ID) { movieResults { runtime }
         tvSeasonResults { episodes { name } } tvEpisodeResults { credits { cast { name } } }
         personResults { birthday } } }""",
    """{ searchMulti(query: "batman") { results { ... on Movie { runtime }
         ... on TVShow { numberOfSeasons } ... on Collection { overview parts { runtime } }
         ... on Person { birthday knownFor { ... on Movie { runtime } } } } } }""",
    "{ discoverMovies(first: 45) { edges { node { runtime posterUrl } } } }",
    "{ keyword(id: 1721) { movies { results { runtime } } } }",
    """{ tv(id: 1399) { episodeGroups { groups { episodes(first: 3) { crew { name } } } } }
         episodeGroup(id: "5acf93e60e0a26346d0000ce") { network { homepage }
           groups(first: 2) { episodes(first: 2) { guestStars { name } } } } }""",
    "{ collection(id: 10) { parts { runtime credits { crew(first: 2) { person { name } } } } } }",
    "{ popularPeople { results { knownFor { ... on TVShow { numberOfSeasons } } } } }",
    """{ trending { results { ... on TVShow {
         season(number: 1) { episode(number: 1) { name } } } } } }""",
)


def documents() -> list[Any]:
    """Every query text written in the tests (a string constant that is one), the documents of
    tests/documents.py, and GraphiQL's example tabs with their variables."""
    found: dict[str, Any] = {}
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.strip()
                if text.startswith(("{", "query")) and text not in found and _runnable(text):
                    where = f"{path.relative_to(TESTS)}:{node.lineno}"
                    found[text] = pytest.param(text, None, id=where)
    built = {
        "movie_aliases": movie_aliases(),
        "language_aliases": language_aliases(),
        "cast_of_1000": CAST_OF_1000,
    }
    for name, text in built.items():
        found.setdefault(text, pytest.param(text, None, id=f"documents.{name}"))
    for i, text in enumerate(PROBES):
        assert _runnable(text), text
        found.setdefault(text, pytest.param(text, None, id=f"probe-{i}"))
    for tab in TABS:
        [operation] = [
            d for d in parse(tab.query).definitions if isinstance(d, OperationDefinitionNode)
        ]
        name = operation.name.value if operation.name else "anonymous"
        found[tab.query] = pytest.param(tab.query, tab.variables, id=f"graphiql.{name}")
    return list(found.values())


def _recorded() -> dict[str, bytes | Entity]:
    """A recorded body of each row that has one (the first the dataset lists)."""
    found: dict[str, bytes | Entity] = {}
    for (row, _), recorded in load_dataset().bodies.items():
        found.setdefault(row, recorded)
    return found


@pytest.fixture
def demo(settings: Settings) -> respx.Router:
    """A TMDB in which every entity exists, with the credential of ``settings``: what the demo
    dataset holds is served as the demo serves it; any other entity of a row the dataset has a
    body of is served that body, its ``id`` made the one asked (the rest of the way down then
    runs as it would on TMDB). Lists and what no row matches are as the demo answers them."""
    transport = httpx.ASGITransport(
        app=create_demo_upstream(token=settings.read_access_token, api_key=settings.api_key)
    )
    recorded = _recorded()

    async def answer(request: httpx.Request) -> httpx.Response:
        response = await transport.handle_async_request(request)
        content = await response.aread()
        found = match(request.url.path.removeprefix("/3"))
        if response.status_code == 404 and found is not None and found[0].name in recorded:
            row, key = found
            body = recorded[row.name]
            if isinstance(body, Entity):
                body = body.details(request.url.params.get("append_to_response", "").split(","))
            fields = json.loads(body)
            if len(key) == 1 and isinstance(key[0], int) and "id" in fields:
                fields["id"] = key[0]
            return httpx.Response(200, json=fields)
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    router = respx.Router(base_url=TMDB, assert_all_called=False)
    router.route().mock(side_effect=answer)
    return router


# Limits raised so that each document runs, however dear: the price is compared, not enforced.
UNLIMITED: Final = {
    "max_upstream_calls": 10**6,
    "max_fields": 10**9,
    "max_aliases": 10**4,
    "max_depth": 10**3,
    "max_tokens": 10**6,
}


@pytest.mark.parametrize("settings", auth_modes(**UNLIMITED))
@pytest.mark.parametrize(("query", "variables"), documents())
async def test_no_document_is_priced_below_its_requests(
    demo: respx.Router, settings: Settings, query: str, variables: dict[str, Any] | None
) -> None:
    async with gateway_client(settings, httpx.MockTransport(demo.async_handler)) as client:
        result = await graphql(client, query, variables)

    made = upstream_calls(demo, settings)
    assert price(query, variables) >= len(made), (made, result.get("errors"))
