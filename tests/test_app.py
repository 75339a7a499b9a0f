"""What a client sees over HTTP, through the whole ASGI app (TMDB mocked with respx)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import respx

from gateway.app import DEMO_BASE_URL
from gateway.config import MAX_BODY_BYTES, Settings
from gateway.demo.upstream import create_demo_upstream
from schema.limits import MAX_TOKENS
from tests.helpers import (
    API_KEY,
    PREFLIGHT,
    TOKEN,
    all_loggers_at_debug,
    authenticated_params,
    fixture_json,
    gateway_client,
    graphql,
    ok,
    upstream_calls,
)


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "demo": False}


async def test_query_over_get(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    response = await client.get(
        "/graphql", params={"query": "{ movie(id: 550) { title } }"}, headers=PREFLIGHT
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


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
        pytest.param(httpx.Response(500), "UPSTREAM_UNAVAILABLE", id="500"),
        pytest.param(httpx.Response(502), "UPSTREAM_UNAVAILABLE", id="502"),
        pytest.param(
            httpx.Response(503, text="<html>oops</html>"), "UPSTREAM_UNAVAILABLE", id="503"
        ),
        pytest.param(httpx.Response(504), "UPSTREAM_UNAVAILABLE", id="504"),
        pytest.param(
            httpx.Response(200, content=b'{"id": 550, "tit'), "UPSTREAM_BAD_RESPONSE", id="cut"
        ),
    ],
)
async def test_tmdb_failure_is_a_coded_error_at_its_path(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
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
    assert settings.secrets[0] not in json.dumps(result)


@asynccontextmanager
async def tmdb_down(
    settings: Settings, how: str, closed_port: int
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway, whose TMDB answers 503 (respx) or refuses connections (a closed port)."""
    if how == "503":
        router = respx.Router(base_url=settings.base_url, assert_all_called=True)
        router.get("/movie/550").mock(return_value=httpx.Response(503))
        async with gateway_client(settings, httpx.MockTransport(router.async_handler)) as http:
            yield http
        # The first attempt and TMDBFUSION_RETRIES (2) more.
        assert len(router.calls) == 1 + settings.retries == 3
        for call in router.calls:
            authenticated_params(call.request, settings)
    else:
        # The transport the app picks itself toward TMDB (aiohttp), at a port nobody listens on.
        closed = dataclasses.replace(settings, base_url=f"http://127.0.0.1:{closed_port}/3")
        async with gateway_client(closed) as http:
            yield http


@pytest.mark.parametrize("how", ["503", "refused"])
async def test_tmdb_down_is_unavailable_and_leaks_no_credential(
    settings: Settings, closed_port: int, caplog: pytest.LogCaptureFixture, how: str
) -> None:
    async with tmdb_down(settings, how, closed_port) as http:
        all_loggers_at_debug(caplog)
        response = await http.post(
            "/graphql",
            json={
                "query": '{ movie(id: 550, language: "de") { title credits { cast { name } } } }'
            },
        )

    assert response.status_code == 200
    result = response.json()
    assert result["data"] == {"movie": None}
    [error] = result["errors"]
    assert error["path"] == ["movie"]
    assert error["extensions"] == {"code": "UPSTREAM_UNAVAILABLE"}
    assert "127.0.0.1" not in error["message"]
    assert any(r.name == "schema" and "/movie/550" in r.getMessage() for r in caplog.records)
    for secret in (TOKEN, API_KEY):
        assert secret not in response.text
        assert secret not in caplog.text


@pytest.fixture
async def demo() -> AsyncIterator[httpx.AsyncClient]:
    async with gateway_client(Settings()) as http:
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


async def test_demo_upstream_with_a_credential_serves_appended_parts(settings: Settings) -> None:
    # The demo upstream standing in for TMDB, expecting the gateway's credential in either mode.
    demo_tmdb = create_demo_upstream(token=settings.read_access_token, api_key=settings.api_key)
    transport = httpx.ASGITransport(app=demo_tmdb)
    configured = dataclasses.replace(settings, base_url=DEMO_BASE_URL)

    async with gateway_client(configured, transport) as http:
        result = await graphql(
            http,
            """{ movie(id: 550, language: "en-US") { title credits { cast(first: 2) { name } }
                 videos { key } keywords { name } } }""",
        )

    keywords = fixture_json("movie_keywords__550.json")["keywords"]
    assert result == {
        "data": {
            "movie": {
                "title": "Fight Club",
                "credits": {"cast": [{"name": "Edward Norton"}, {"name": "Brad Pitt"}]},
                "videos": [{"key": "BdJKm16Co6M"}],
                "keywords": [{"name": k["name"]} for k in keywords],
            }
        }
    }


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
    # A copy: the parameters are shared by the test's runs in both auth modes.
    request_kwargs = dict(request_kwargs)
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
        "/graphql",
        params={"query": query, "variables": '{"id": 287}', "operationName": "B"},
        headers=PREFLIGHT,
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
    response = await client.post("/graphql", json={"query": "{ movie(id: 550) { title } }"})

    result = response.json()
    assert result["data"] == {"movie": None}
    [error] = result["errors"]
    assert error["path"] == ["movie"]
    assert error["message"] == "Internal server error"
    request_id = response.headers["x-request-id"]
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert "secret.py" not in json.dumps(result)
    # The log line with the trace names the same request, so an operator can find it.
    [record] = [r for r in caplog.records if r.exc_info]
    assert "internal detail" in str(record.exc_info[1])  # type: ignore[index]
    assert f"(request {request_id})" in record.getMessage()
    assert record.__dict__["request_id"] == request_id
