"""Bad input over HTTP gets a clear GraphQL-shaped error, never a bare 500 or a traceback.

Each test runs against a TMDB that records every request it is sent: none of these requests may
reach it.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import respx

from gateway.app import create_app
from gateway.config import MAX_VARIABLES_BYTES, Settings
from tests.helpers import PREFLIGHT, TMDB

QUERY = "{ movie(id: 550) { title } }"


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, respx.Router]]:
    """The gateway, and a TMDB that answers anything and counts what it was asked."""
    tmdb = respx.Router(base_url=TMDB, assert_all_called=False)
    tmdb.route().mock(return_value=httpx.Response(500))
    app = create_app(settings, transport=httpx.MockTransport(tmdb.async_handler))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield http, tmdb


def assert_request_error(response: httpx.Response, status: int, code: str, message: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": code}
    assert message in error["message"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(2**40, "non 32-bit signed integer value: 1099511627776", id="2^40"),
        pytest.param("550", "non-integer value: '550'", id="string"),
        pytest.param(None, "non-null type 'Int!' not to be None", id="null"),
    ],
)
async def test_a_variable_its_type_refuses_is_bad_user_input_and_not_logged(
    gateway: tuple[httpx.AsyncClient, respx.Router],
    caplog: pytest.LogCaptureFixture,
    value: Any,
    message: str,
) -> None:
    client, tmdb = gateway
    caplog.set_level(logging.DEBUG)
    query = "query Movie($i: Int!) { movie(id: $i) { title } }"

    response = await client.post("/graphql", json={"query": query, "variables": {"i": value}})

    assert response.status_code == 200
    result = response.json()
    assert result["data"] is None
    [error] = result["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert error["message"].startswith("Variable '$i' has invalid value")
    assert message in error["message"]
    assert "path" not in error
    assert [r.getMessage() for r in caplog.records if r.levelno > logging.INFO] == []
    assert tmdb.calls.call_count == 0


async def test_json_variables_nested_30000_deep_are_a_graphql_shaped_400(
    gateway: tuple[httpx.AsyncClient, respx.Router],
) -> None:
    client, tmdb = gateway
    deep = "[" * 30_000 + "]" * 30_000  # 60 KB: under the body limit
    body = f'{{"query": "{QUERY}", "variables": {{"x": {deep}}}}}'

    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )

    assert_request_error(response, 400, "BAD_REQUEST", "nests JSON too deeply")
    assert tmdb.calls.call_count == 0


async def test_get_variables_nested_deep_are_a_graphql_shaped_400(
    gateway: tuple[httpx.AsyncClient, respx.Router],
) -> None:
    client, tmdb = gateway
    # 8,000 levels, five times the recursion guard's depth, and within the 16 KiB variables limit.
    variables = '{"x": ' + "[" * 8_000 + "]" * 8_000 + "}"
    assert len(variables) < MAX_VARIABLES_BYTES

    response = await client.get(
        "/graphql", params={"query": QUERY, "variables": variables}, headers=PREFLIGHT
    )

    assert_request_error(response, 400, "BAD_REQUEST", "nests JSON too deeply")
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize(
    ("operation_name", "message"),
    [
        pytest.param(None, "Must provide operationName", id="none"),
        pytest.param("C", 'Unknown operation named "C"', id="unknown"),
    ],
)
@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_which_operation_to_run_must_be_clear(
    gateway: tuple[httpx.AsyncClient, respx.Router],
    method: str,
    operation_name: str | None,
    message: str,
) -> None:
    client, tmdb = gateway
    query = "query A { movie(id: 550) { title } } query B { person(id: 287) { name } }"
    request: dict[str, Any] = {"query": query}
    if operation_name is not None:
        request["operationName"] = operation_name

    if method == "POST":
        response = await client.post("/graphql", json=request)
    else:
        response = await client.get("/graphql", params=request, headers=PREFLIGHT)

    assert_request_error(response, 400, "BAD_REQUEST", message)
    assert tmdb.calls.call_count == 0


async def test_an_operation_name_still_picks_one_of_several(
    gateway: tuple[httpx.AsyncClient, respx.Router],
) -> None:
    client, _ = gateway
    query = "query A { __typename } query B { __schema { queryType { name } } }"

    response = await client.post("/graphql", json={"query": query, "operationName": "B"})

    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_head_runs_nothing_and_names_the_allowed_methods(
    gateway: tuple[httpx.AsyncClient, respx.Router],
) -> None:
    client, tmdb = gateway

    response = await client.head("/graphql", params={"query": QUERY})

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.content == b""
    assert tmdb.calls.call_count == 0


async def test_other_methods_name_the_allowed_ones_too(
    gateway: tuple[httpx.AsyncClient, respx.Router],
) -> None:
    client, _ = gateway

    response = await client.put("/graphql", json={"query": QUERY})

    assert_request_error(response, 405, "METHOD_NOT_ALLOWED", "PUT is not allowed")
    assert response.headers["allow"] == "GET, POST"


async def test_an_unexpected_exception_in_the_view_is_a_graphql_shaped_500(
    gateway: tuple[httpx.AsyncClient, respx.Router],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, tmdb = gateway
    secret = settings.read_access_token or settings.api_key
    assert secret

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"internal detail /srv/view.py {secret}")

    monkeypatch.setattr("gateway.app.RequestContext", broken)
    response = await client.post("/graphql", json={"query": QUERY})

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "errors": [
            {
                "message": "Internal server error",
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            }
        ]
    }
    assert "view.py" not in response.text
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.levelno == logging.ERROR
    # The client can quote the id its error is logged under.
    assert f"(request {request_id})" in record.getMessage()
    assert record.__dict__["request_id"] == request_id
    assert "internal detail /srv/view.py [redacted]" in caplog.text  # the trace, redacted
    assert secret not in caplog.text
    assert secret not in json.dumps(response.json())
    assert tmdb.calls.call_count == 0


def _slow_post() -> tuple[dict[str, Any], Any, Any, list[dict[str, Any]]]:
    """An ASGI POST that declares 60,000 body bytes, sends 10 and then nothing."""
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"60000")],
    }
    messages = [{"type": "http.request", "body": b'{"query": ', "more_body": True}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the rest of the body never comes
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    return scope, receive, send, sent


async def test_a_body_slower_than_the_body_timeout_gets_a_408_and_a_closed_connection(
    settings: Settings,
) -> None:
    app = create_app(replace(settings, body_timeout=0.05))
    scope, receive, send, sent = _slow_post()

    await asyncio.wait_for(app(scope, receive, send), timeout=5)

    start, body = sent
    assert start["status"] == 408
    assert (b"connection", b"close") in start["headers"]
    assert json.loads(body["body"])["errors"][0]["extensions"] == {"code": "REQUEST_TIMEOUT"}


async def test_a_cancelled_body_read_stays_cancelled(settings: Settings) -> None:
    """Cancelling the request (the client left) is not mistaken for the body timeout."""
    app = create_app(replace(settings, body_timeout=60))
    scope, receive, send, sent = _slow_post()

    task = asyncio.create_task(app(scope, receive, send))
    await asyncio.sleep(0.01)
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task
    assert sent == []


async def test_an_empty_selection_set_is_a_parse_error_not_a_bug(
    gateway: tuple[httpx.AsyncClient, respx.Router], caplog: pytest.LogCaptureFixture
) -> None:
    client, tmdb = gateway

    response = await client.post("/graphql", json={"query": "{ movie(id: 550) { credits { } } }"})

    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert [r.getMessage() for r in caplog.records if r.levelno > logging.INFO] == []
    assert tmdb.calls.call_count == 0
