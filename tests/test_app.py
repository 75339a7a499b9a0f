"""What a client sees over HTTP, through the whole ASGI app (TMDB mocked with respx)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx

from gateway.app import create_app
from gateway.config import Settings
from gateway.graphql_view import MAX_BODY_BYTES
from schema.documents import MAX_TOKENS
from tests.conftest import graphql, ok, upstream_calls


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "demo": False}


async def test_query_over_get(client: httpx.AsyncClient, tmdb: respx.Router) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    response = await client.get("/graphql", params={"query": "{ movie(id: 550) { title } }"})

    assert response.status_code == 200
    assert response.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb) == [("/3/movie/550", set())]


async def test_browser_gets_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_malformed_json_is_a_graphql_shaped_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", content=b'{"query": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}


async def test_oversize_body_is_refused_unread(client: httpx.AsyncClient) -> None:
    query = "{ movie(id: 550) { title } }" + " " * MAX_BODY_BYTES
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}


async def test_oversize_chunked_body_is_refused(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ movie(id: 550) { title } }", "x": "'
        for _ in range(MAX_BODY_BYTES // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    response = await client.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("query", "code"),
    [
        pytest.param("{ movie(id: 550 { title } }", "GRAPHQL_PARSE_FAILED", id="syntax"),
        pytest.param(
            "{ movie(id: 550) { titel } }", "GRAPHQL_VALIDATION_FAILED", id="unknown-field"
        ),
        pytest.param(
            '{ movie(id: "x") { title } }', "GRAPHQL_VALIDATION_FAILED", id="wrong-id-type"
        ),
    ],
)
async def test_bad_documents_are_coded(client: httpx.AsyncClient, query: str, code: str) -> None:
    result = await graphql(client, query)
    assert result["data"] is None
    assert [e["extensions"]["code"] for e in result["errors"]] == [code]


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        pytest.param(httpx.ConnectError("connection refused"), "UPSTREAM_UNAVAILABLE", id="down"),
        pytest.param(httpx.ReadTimeout("slow"), "UPSTREAM_TIMEOUT", id="timeout"),
        pytest.param(httpx.Response(503, text="<html>oops</html>"), "UPSTREAM_ERROR", id="503"),
        pytest.param(
            httpx.Response(200, content=b'{"id": 550, "tit'), "UPSTREAM_BAD_RESPONSE", id="cut"
        ),
    ],
)
async def test_tmdb_failure_is_a_coded_error_at_its_path(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    failure: Exception | httpx.Response,
    code: str,
) -> None:
    route = tmdb.get("/movie/550")
    if isinstance(failure, httpx.Response):
        route.mock(return_value=failure)
    else:
        route.mock(side_effect=failure)
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    result = await graphql(client, "{ movie(id: 550) { title } person(id: 287) { name } }")

    # One failed entity loses nothing else.
    assert result["data"] == {"movie": None, "person": {"name": "Brad Pitt"}}
    [error] = result["errors"]
    assert error["path"] == ["movie"]
    assert error["extensions"]["code"] == code
    assert "Traceback" not in error["message"]
    assert "api.themoviedb.org" not in error["message"]


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings())
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield http


async def test_demo_mode_serves_the_embedded_dataset(demo: httpx.AsyncClient) -> None:
    result = await graphql(
        demo,
        """{ movie(id: 550) { title credits { cast(first: 2) { name person { birthday } } } }
             tv(id: 1396) { name numberOfSeasons credits { cast(first: 1) { name } } } }""",
    )
    assert result["data"]["movie"]["title"] == "Fight Club"
    assert result["data"]["movie"]["credits"]["cast"][1] == {
        "name": "Brad Pitt",
        "person": {"birthday": "1963-12-18"},
    }
    assert result["data"]["tv"]["name"] == "Breaking Bad"
    assert result["data"]["tv"]["credits"]["cast"] == [{"name": "Bryan Cranston"}]
    # Edward Norton is not in the demo dataset: null and NOT_FOUND, like TMDB would say.
    assert [e["extensions"]["code"] for e in result["errors"]] == ["NOT_FOUND"]
    assert (await demo.get("/healthz")).json() == {"status": "ok", "demo": True}


@pytest.mark.parametrize(
    ("request_kwargs", "status", "code"),
    [
        pytest.param(
            {"method": "POST", "content": b"query=x", "headers": {"Content-Type": "text/plain"}},
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            id="not-json",
        ),
        pytest.param(
            {"method": "PUT", "json": {"query": "{ __typename }"}},
            405,
            "METHOD_NOT_ALLOWED",
            id="put",
        ),
        pytest.param(
            {"method": "POST", "json": {"variables": {}}}, 400, "BAD_REQUEST", id="no-query"
        ),
        pytest.param(
            {"method": "POST", "json": [{"query": "{ __typename }"}]},
            400,
            "BAD_REQUEST",
            id="batch",
        ),
        pytest.param(
            {"method": "POST", "json": {"query": 42}}, 400, "BAD_REQUEST", id="query-not-string"
        ),
        pytest.param(
            {"method": "GET", "params": {"query": "{ __typename }", "variables": "{oops"}},
            400,
            "BAD_REQUEST",
            id="bad-variables",
        ),
    ],
)
async def test_unusable_http_requests_are_coded(
    client: httpx.AsyncClient, request_kwargs: dict[str, Any], status: int, code: str
) -> None:
    method = request_kwargs.pop("method")
    response = await client.request(method, "/graphql", **request_kwargs)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": code}


async def test_get_with_variables_and_operation_name(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))
    query = "query A { __typename } query B($id: Int!) { person(id: $id) { name } }"

    response = await client.get(
        "/graphql", params={"query": query, "variables": '{"id": 287}', "operationName": "B"}
    )

    assert response.json() == {"data": {"person": {"name": "Brad Pitt"}}}


async def test_a_hostile_number_of_tokens_is_refused_before_parsing_it_all(
    client: httpx.AsyncClient,
) -> None:
    query = "{ movie(id: 1) { " + "title " * (MAX_TOKENS + 1) + "} }"

    result = await graphql(client, query)

    assert result["data"] is None
    [error] = result["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "more than 2000 tokens" in error["message"]


async def test_a_bug_is_masked_with_a_code_and_logged_with_its_trace(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    def broken(*args: object) -> None:
        raise RuntimeError("internal detail /srv/secret.py")

    monkeypatch.setattr("schema.movie.Movie.from_tmdb", broken)
    result = await graphql(client, "{ movie(id: 550) { title } }")

    assert result["data"] == {"movie": None}
    [error] = result["errors"]
    assert error["path"] == ["movie"]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret.py" not in json.dumps(result)
    assert any(r.exc_info and "internal detail" in str(r.exc_info[1]) for r in caplog.records)
