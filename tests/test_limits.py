"""The limits on a request, each a setting (README, "Limits"): refused before any TMDB request.

The budget's two (fields, TMDB requests) are tested in tests/test_budget.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import respx

from gateway.config import MAX_BODY_BYTES, MAX_VARIABLES_BYTES, Settings
from schema.limits import MAX_ALIASES, MAX_DEPTH, MAX_DIRECTIVES, MAX_TOKENS
from tests.documents import movie_aliases
from tests.helpers import PREFLIGHT, gateway_client, ok, upstream_calls


@asynccontextmanager
async def gateway(
    tmdb: respx.Router, settings: Settings, **limits: int
) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(settings, **limits)  # type: ignore[arg-type]
    async with gateway_client(configured, httpx.MockTransport(tmdb.async_handler)) as http:
        yield http


def aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"


def directives(count: int) -> str:
    # One per inline fragment: graphql allows a directive only once per location.
    return "{ " + "... @include(if: true) { __typename } " * count + "}"


async def refused(http: httpx.AsyncClient, query: str) -> dict[str, Any]:
    response = await http.post("/graphql", json={"query": query})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    return {"message": error["message"], **error["extensions"]}


@pytest.mark.parametrize(
    ("document", "limit", "what"),
    [(aliases, MAX_ALIASES, "aliases"), (directives, MAX_DIRECTIVES, "directives")],
    ids=["aliases", "directives"],
)
async def test_aliases_and_directives_are_counted_against_their_limits(
    client: httpx.AsyncClient, tmdb: respx.Router, document: Any, limit: int, what: str
) -> None:
    at_limit = await client.post("/graphql", json={"query": document(limit)})
    over = await refused(client, document(limit + 1))

    expected = (
        {f"a{i}": "Query" for i in range(limit)} if what == "aliases" else {"__typename": "Query"}
    )
    assert at_limit.json() == {"data": expected}
    assert over == {
        "message": f"The document has {limit + 1} {what}; the limit is {limit}.",
        "code": "GRAPHQL_VALIDATION_FAILED",
    }
    assert tmdb.calls.call_count == 0


async def test_the_alias_limit_stops_the_160_movie_attack_first(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    assert await refused(client, movie_aliases()) == {
        "message": "The document has 160 aliases; the limit is 100.",
        "code": "GRAPHQL_VALIDATION_FAILED",
    }
    assert tmdb.calls.call_count == 0


async def test_each_document_limit_is_a_setting(tmdb: respx.Router, settings: Settings) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    tight = {"max_aliases": 2, "max_directives": 1, "max_depth": 2}

    async with gateway(tmdb, settings, **tight) as http:
        three_aliases = await refused(http, aliases(3))
        two_directives = await refused(http, directives(2))
        deep = await refused(http, "{ movie(id: 550) { credits { cast { name } } } }")
    async with gateway(tmdb, settings, max_tokens=11) as http:
        long = await refused(http, "{ movie(id: 550) { title overview } }")  # 12 tokens
        fits = await http.post("/graphql", json={"query": "{ movie(id: 550) { title } }"})

    assert three_aliases["message"] == "The document has 3 aliases; the limit is 2."
    assert two_directives["message"] == "The document has 2 directives; the limit is 1."
    assert deep == {
        "message": "'anonymous' exceeds maximum operation depth of 2",
        "code": "GRAPHQL_VALIDATION_FAILED",
    }
    assert long == {
        "message": "Syntax Error: Document contains more than 11 tokens. Parsing aborted.",
        "code": "GRAPHQL_PARSE_FAILED",
    }
    assert fits.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_body_and_variables_sizes_are_settings(
    tmdb: respx.Router, settings: Settings
) -> None:
    query = "query ($l: String) { movie(id: 550, language: $l) { title } }"
    big = {"l": "x" * 100}

    async with gateway(tmdb, settings, max_body_bytes=200, max_variables_bytes=100) as http:
        body = await http.post("/graphql", json={"query": query + " " * 200})
        posted = await http.post("/graphql", json={"query": query, "variables": big})
        got = await http.get(
            "/graphql",
            params={"query": query, "variables": f'{{"l": "{"x" * 100}"}}'},
            headers=PREFLIGHT,
        )

    assert body.status_code == 413
    assert body.json()["errors"] == [
        {
            "message": "The request body is over 200 bytes",
            "extensions": {"code": "PAYLOAD_TOO_LARGE"},
        }
    ]
    for response in (posted, got):
        assert response.status_code == 413
        assert response.json()["errors"] == [
            {
                "message": "The variables are over 100 bytes",
                "extensions": {"code": "PAYLOAD_TOO_LARGE"},
            }
        ]
    assert tmdb.calls.call_count == 0


def test_limits_from_the_environment() -> None:
    defaults = Settings.from_env({})
    configured = Settings.from_env(
        {
            "TMDBFUSION_MAX_TOKENS": "500",
            "TMDBFUSION_MAX_DEPTH": "6",
            "TMDBFUSION_MAX_ALIASES": "15",
            "TMDBFUSION_MAX_DIRECTIVES": "20",
            "TMDBFUSION_MAX_BODY_BYTES": "8192",
            "TMDBFUSION_MAX_VARIABLES_BYTES": "2048",
        }
    )

    assert (defaults.max_tokens, defaults.max_depth) == (MAX_TOKENS, MAX_DEPTH) == (2_000, 10)
    assert (defaults.max_aliases, defaults.max_directives) == (100, 50)
    assert (defaults.max_body_bytes, defaults.max_variables_bytes) == (
        MAX_BODY_BYTES,
        MAX_VARIABLES_BYTES,
    )
    assert (MAX_BODY_BYTES, MAX_VARIABLES_BYTES) == (65_536, 16_384)
    assert configured.limits.max_tokens == 500
    assert configured.limits.max_depth == 6
    assert configured.limits.max_aliases == 15
    assert configured.limits.max_directives == 20
    assert (configured.max_body_bytes, configured.max_variables_bytes) == (8_192, 2_048)
