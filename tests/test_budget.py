"""The upstream cost budget over HTTP: hostile operations are refused before any TMDB request,
legitimate ones run whole, and strings bound for TMDB are checked first."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import respx

from gateway import csrf
from gateway.app import create_app
from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.context import RequestContext
from gateway.fetch import TMDBFetch
from schema.cost import Budget
from schema.errors import coded
from schema.schema import build_schema
from tests.documents import (
    CAST_OF_1000,
    FORTY_ONE,
    FULL_CREDITS,
    README_CURL,
    README_TITLE,
    bomb_fields,
    fragment_bomb,
    language_aliases,
    movie_aliases,
)
from tests.helpers import (
    PREFLIGHT,
    fixture_json,
    gateway_client,
    graphql,
    not_found,
    ok,
    tmdb_client,
    upstream_calls,
)
from tmdbfusion.resource import Key, QueryParams, Resource

T = TypeVar("T")
CREDITS = fixture_json("movie_credits__550.json")
PEOPLE = re.compile(r"/person/(?P<id>\d+)$")


def movie_550_with_credits() -> httpx.Response:
    return httpx.Response(200, json={**fixture_json("movie_details__550.json"), "credits": CREDITS})


def person(request: httpx.Request, id: str) -> httpx.Response:
    """Brad Pitt's real body for 287; George Lucas's real body, under the asked id, for others."""
    if id == "287":
        return ok("person_details_append__287.json")
    return httpx.Response(200, json={**fixture_json("person_details__1.json"), "id": int(id)})


@asynccontextmanager
async def gateway(
    tmdb: respx.Router, settings: Settings, budget: Budget
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway under another budget."""
    settings = dataclasses.replace(
        settings, max_upstream_calls=budget.max_upstream_calls, max_fields=budget.max_fields
    )
    app = create_app(settings, transport=httpx.MockTransport(tmdb.async_handler))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield http


async def refused_under(
    tmdb: respx.Router, settings: Settings, query: str, budget: Budget
) -> dict[str, Any]:
    """What ``query`` gets under ``budget``; TMDB must not be asked anything for it."""
    before = tmdb.calls.call_count
    async with gateway(tmdb, settings, budget) as tight:
        response = await tight.post("/graphql", json={"query": query})
    assert response.status_code == 200
    assert tmdb.calls.call_count == before
    result: dict[str, Any] = response.json()
    return result


def refusal(cost: int, limit: int, what: str) -> dict[str, Any]:
    message = f"The operation could cost {cost:,} {what}; the limit is {limit:,}."
    return {
        "data": None,
        "errors": [
            {
                "message": message,
                "extensions": {
                    "code": "COST_ESTIMATED_TOO_EXPENSIVE",
                    "cost": cost,
                    "limit": limit,
                },
            }
        ],
    }


@pytest.mark.parametrize(
    ("query", "cost", "what", "limit"),
    [
        pytest.param(movie_aliases(), 240_160, "TMDB requests", 100, id="160-movie-aliases"),
        pytest.param(CAST_OF_1000, 1_001, "TMDB requests", 100, id="cast-first-1000"),
        pytest.param(language_aliases(), 140, "TMDB requests", 100, id="140-languages"),
        pytest.param(fragment_bomb(), bomb_fields(), "fields", 20_000, id="fragment-bomb-n14"),
    ],
)
async def test_hostile_operations_are_refused_before_any_request(
    tmdb: respx.Router, settings: Settings, query: str, cost: int, what: str, limit: int
) -> None:
    # The first two are past the alias limit too (tests/test_limits.py); lifted, the price
    # must still refuse them.
    lifted = dataclasses.replace(settings, max_aliases=1_000)
    async with gateway_client(lifted, httpx.MockTransport(tmdb.async_handler)) as client:
        response = await client.post("/graphql", json={"query": query})

    assert response.status_code == 200
    assert response.json() == refusal(cost, limit, what)
    assert tmdb.calls.call_count == 0


async def test_a_cross_site_get_is_refused_before_it_is_priced(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    cross_site = await client.get("/graphql", params={"query": CAST_OF_1000})
    preflighted = await client.get("/graphql", params={"query": CAST_OF_1000}, headers=PREFLIGHT)

    assert cross_site.status_code == 400
    assert cross_site.json() == {
        "data": None,
        "errors": [{"message": csrf.MESSAGE, "extensions": {"code": "BAD_REQUEST"}}],
    }
    assert preflighted.status_code == 200
    assert preflighted.json() == refusal(1_001, 100, "TMDB requests")
    assert tmdb.calls.call_count == 0


async def test_a_movies_full_credits_stay_legal(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550_with_credits())

    result = await graphql(client, FULL_CREDITS)

    assert "errors" not in result
    credits = result["data"]["movie"]["credits"]
    assert [c["name"] for c in credits["cast"]] == [c["name"] for c in CREDITS["cast"]]
    assert [c["name"] for c in credits["crew"]] == [c["name"] for c in CREDITS["crew"]]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})]
    # Priced at 1,505 fields (the cast's bound of 500, the crew's of 1,000), under 20,000.
    tight = await refused_under(tmdb, settings, FULL_CREDITS, Budget(max_fields=1_504))
    assert tight == refusal(1_505, 1_504, "fields")


async def test_forty_one_requests_stay_legal_and_are_all_made(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550_with_credits())
    tmdb.get(path__regex=PEOPLE.pattern).mock(side_effect=person)

    result = await graphql(client, FORTY_ONE)

    assert "errors" not in result
    people = [c["id"] for c in CREDITS["cast"][:20]] + [c["id"] for c in CREDITS["crew"][:20]]
    calls = upstream_calls(tmdb, settings)
    assert len(calls) == 41
    assert calls[0] == ("/3/movie/550", {"credits"})
    assert sorted(calls[1:]) == sorted((f"/3/person/{id}", set()) for id in people)
    cast = result["data"]["movie"]["credits"]["cast"]
    assert cast[1] == {"name": "Brad Pitt", "person": {"name": "Brad Pitt"}}
    # Priced at exactly the 41 it made: one less and it is refused before any request.
    tight = await refused_under(tmdb, settings, FORTY_ONE, Budget(max_upstream_calls=40))
    assert tight == refusal(41, 40, "TMDB requests")


async def test_the_readme_examples_stay_legal(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert README_CURL in readme
    assert README_TITLE in readme
    tmdb.get("/movie/550").mock(return_value=movie_550_with_credits())
    tmdb.get("/person/819").mock(return_value=not_found())
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    curl = await graphql(client, README_CURL)
    title = await graphql(client, f"{{ {README_TITLE} }}")

    assert curl["data"]["movie"]["credits"]["cast"][1]["person"] == {"birthday": "1963-12-18"}
    assert [e["extensions"]["code"] for e in curl["errors"]] == ["NOT_FOUND"]
    assert title == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", {"credits"}),
        ("/3/person/819", set()),
        ("/3/person/287", set()),
    ]
    tight = await refused_under(tmdb, settings, README_CURL, Budget(max_upstream_calls=2))
    assert tight == refusal(3, 2, "TMDB requests")


BAD_LANGUAGES = [
    pytest.param("../../account", id="path"),
    pytest.param("en&api_key=x", id="query-string"),
    pytest.param("x" * 15_000, id="15-KB"),
]


@pytest.mark.parametrize("language", BAD_LANGUAGES)
async def test_a_malformed_language_is_bad_input_and_never_sent(
    client: httpx.AsyncClient, tmdb: respx.Router, language: str
) -> None:
    query = """query ($l: String) { movie(id: 550, language: $l) { title }
        person(id: 287, language: $l) { name } tv(id: 1399, language: $l) { name } }"""

    result = await graphql(client, query, {"l": language})

    assert result["data"] == {"movie": None, "person": None, "tv": None}
    assert sorted(e["path"] for e in result["errors"]) == [["movie"], ["person"], ["tv"]]
    assert {e["extensions"]["code"] for e in result["errors"]} == {"BAD_USER_INPUT"}
    assert all(len(e["message"]) < 200 for e in result["errors"])
    assert tmdb.calls.call_count == 0


async def test_a_malformed_literal_language_fails_only_its_field(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550", params={"language": "pt-BR"}).mock(
        return_value=ok("movie_details__550.json")
    )

    result = await graphql(
        client,
        '{ good: movie(id: 550, language: "pt-BR") { title } '
        'bad: movie(id: 550, language: "en&api_key=x") { title } }',
    )

    assert result["data"] == {"good": {"title": "Fight Club"}, "bad": None}
    [error] = result["errors"]
    assert error["path"] == ["bad"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_the_runtime_counter_stops_fetches_past_the_budget(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_550_with_credits())
    people = tmdb.get(path__regex=PEOPLE.pattern).mock(side_effect=person)
    query = "{ movie(id: 550) { title credits { cast(first: 5) { name person { name } } } } }"
    # The static check (6 requests) passes it; the context allows 3 at run time.
    schema = build_schema(Budget(max_upstream_calls=1_000))

    async with tmdb_client(settings, tmdb) as api:
        upstream = SharedUpstream(TMDBFetch(api), ttl=60, max_entries=100)
        context = RequestContext(upstream, max_upstream_calls=3)
        result = await schema.execute(query, context_value=context)

    assert result.data is not None
    cast = result.data["movie"]["credits"]["cast"]
    assert [c["name"] for c in cast] == [c["name"] for c in CREDITS["cast"][:5]]
    assert [c["person"] for c in cast] == [
        {"name": "George Lucas"},
        {"name": "Brad Pitt"},
        None,
        None,
        None,
    ]
    errors = sorted((coded(e).formatted for e in result.errors or ()), key=lambda e: e["path"])
    assert [(e["path"], e["extensions"]) for e in errors] == [
        (
            ["movie", "credits", "cast", i, "person"],
            {"code": "COST_ACTUAL_TOO_EXPENSIVE", "cost": 2 + i, "limit": 3},
        )
        for i in (2, 3, 4)
    ]
    ids = [c["id"] for c in CREDITS["cast"][:2]]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})] + [
        (f"/3/person/{id}", set()) for id in ids
    ]
    assert people.call_count == 2
    assert len(upstream) == 3  # what was fetched is cached; what was refused is not


async def test_a_malformed_language_never_reaches_the_cache(
    tmdb: respx.Router, settings: Settings
) -> None:
    asked: list[tuple[str, Key, str | None]] = []

    class Recording(SharedUpstream):
        def cached(
            self,
            resource: Resource[T],
            key: Key,
            language: str | None,
            parts: Iterable[str] = (),
            params: QueryParams = (),
        ) -> T | None:
            asked.append((resource.name, key, language))
            return super().cached(resource, key, language, parts, params)

    query = '{ movie(id: 550, language: "../../account") { title } }'
    async with tmdb_client(settings, tmdb) as api:
        upstream = Recording(TMDBFetch(api), ttl=60, max_entries=100)
        result = await build_schema().execute(query, context_value=RequestContext(upstream))

    assert result.data == {"movie": None}
    assert asked == []
    assert len(upstream) == 0
    assert tmdb.calls.call_count == 0
