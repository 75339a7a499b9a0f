"""Production mode (TMDBFUSION_ENV=production): no introspection, no field suggestions, no
GraphiQL; masked errors carry the request id of their log line. Development keeps all three."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Final

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import PREFLIGHT, gateway_client, ok, upstream_calls

ENVIRONMENTS: Final = ["production", "development"]


@asynccontextmanager
async def gateway(
    tmdb: respx.Router, settings: Settings, env: str
) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(settings, env=env)
    async with gateway_client(configured, httpx.MockTransport(tmdb.async_handler)) as http:
        yield http


async def post(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = await http.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("env", ENVIRONMENTS)
async def test_introspection_is_off_in_production(
    tmdb: respx.Router, settings: Settings, env: str
) -> None:
    async with gateway(tmdb, settings, env) as http:
        schema = await post(http, "{ __schema { queryType { name } } }")
        type_ = await post(http, '{ __type(name: "Movie") { name } }')
        typename = await post(http, "{ __typename }")

    assert typename == {"data": {"__typename": "Query"}}  # not introspection: always allowed
    if env == "development":
        assert schema == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
        assert type_ == {"data": {"__type": {"name": "Movie"}}}
        return
    refused = "GraphQL introspection has been disabled, but the requested query contained the "
    # Every field returning an introspection type is named: __schema's queryType is one too.
    for result, fields in ((schema, ["__schema", "queryType"]), (type_, ["__type"])):
        assert result["data"] is None
        assert [e["message"] for e in result["errors"]] == [
            f"{refused}field '{f}'." for f in fields
        ]
        assert {e["extensions"]["code"] for e in result["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize("env", ENVIRONMENTS)
async def test_no_field_suggestions_in_production(
    tmdb: respx.Router, settings: Settings, env: str
) -> None:
    async with gateway(tmdb, settings, env) as http:
        field = await post(http, "{ movie(id: 550) { titel } }")
        argument = await post(http, "{ movie(ids: 550) { title } }")
        enum = await post(
            http,
            "query ($s: PosterSize!) { movie(id: 550) { posterUrl(size: $s) } }",
            {"s": "W5000"},
        )

    messages = [r["errors"][0]["message"] for r in (field, argument, enum)]
    if env == "development":
        assert all("Did you mean" in message for message in messages), messages
        return
    assert messages == [
        "Cannot query field 'titel' on type 'Movie'.",
        "Unknown argument 'ids' on field 'Query.movie'.",
        "Variable '$s' has invalid value: Value 'W5000' does not exist in 'PosterSize' enum.",
    ]
    assert [r["errors"][0]["extensions"]["code"] for r in (field, argument, enum)] == [
        "GRAPHQL_VALIDATION_FAILED",
        "GRAPHQL_VALIDATION_FAILED",
        "BAD_USER_INPUT",
    ]
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize("env", ENVIRONMENTS)
async def test_no_graphiql_in_production(tmdb: respx.Router, settings: Settings, env: str) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    async with gateway(tmdb, settings, env) as http:
        response = await http.get("/graphql", headers={"Accept": browser})

    if env == "development":
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert "graphiql" in response.text.lower()
        return
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"] == [
        {"message": "No GraphQL query found in the request", "extensions": {"code": "BAD_REQUEST"}}
    ]


async def test_production_still_serves_queries(tmdb: respx.Router, settings: Settings) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    async with gateway(tmdb, settings, "production") as http:
        response = await http.get(
            "/graphql", params={"query": "{ movie(id: 550) { title } }"}, headers=PREFLIGHT
        )

    assert response.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert response.headers["cache-control"].startswith("public, max-age=")
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_a_masked_error_names_the_request_its_log_line_names(
    tmdb: respx.Router,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    def broken(*args: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr("schema.movie.Movie.from_tmdb", broken)
    async with gateway(tmdb, settings, "production") as http:
        first = await post(http, "{ movie(id: 550) { title } person(id: 287) { name } }")
        second = await post(http, "{ movie(id: 550) { title } }")

    assert first["data"] == {"movie": None, "person": {"name": "Brad Pitt"}}
    ids = []
    for result in (first, second):
        [error] = result["errors"]
        assert error["message"] == "Internal server error"
        assert set(error["extensions"]) == {"code", "requestId"}
        assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
        ids.append(error["extensions"]["requestId"])
    assert ids[0] != ids[1]
    traced = [r.getMessage() for r in caplog.records if r.exc_info]
    assert traced == [f"unexpected error at ['movie'] (request {id})" for id in ids]
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/movie/550", set()),
        ("/3/person/287", set()),
    ]


def test_the_environment_setting() -> None:
    assert Settings.from_env({"TMDBFUSION_ENV": "production"}).production
    assert not Settings.from_env({}).production
    with pytest.raises(ValueError, match="TMDBFUSION_ENV"):
        Settings.from_env({"TMDBFUSION_ENV": "prod"})
