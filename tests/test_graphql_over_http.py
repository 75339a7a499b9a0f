"""GraphQL over HTTP's media types: what each kind of client gets, status, headers and body.

``application/graphql-response+json`` clients get a 400 without ``data`` for an operation that
never ran; ``application/json`` clients keep the 200 and ``"data": null`` they always had.
"""

from __future__ import annotations

from typing import Any, Final

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import PREFLIGHT, not_found, ok, upstream_calls

GRAPHQL_RESPONSE: Final = "application/graphql-response+json; charset=utf-8"
STRICT: Final = {"Accept": "application/graphql-response+json"}
LEGACY: Final = {"Accept": "application/json"}

# Documents that never run, each refused for a different reason, and the code it gets.
NEVER_RUN: Final = [
    pytest.param("{ movie(id: 550 { title } }", None, "GRAPHQL_PARSE_FAILED", id="parse"),
    pytest.param("{ movie(id: 550) { titel } }", None, "GRAPHQL_VALIDATION_FAILED", id="validate"),
    pytest.param(
        "query ($i: Int!) { movie(id: $i) { title } }",
        {"i": "550"},
        "BAD_USER_INPUT",
        id="variable-coercion",
    ),
    pytest.param(
        "{ movie(id: 550) { credits { cast(first: 1000) { person { name } } } } }",
        None,
        "COST_ESTIMATED_TOO_EXPENSIVE",
        id="over-budget",
    ),
]


async def test_a_strict_client_gets_its_media_type(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    response = await client.post(
        "/graphql", json={"query": "{ movie(id: 550) { title } }"}, headers=STRICT
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    assert response.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


@pytest.mark.parametrize(("query", "variables", "code"), NEVER_RUN)
async def test_an_operation_that_never_ran_is_a_400_without_data_when_strict(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    query: str,
    variables: dict[str, Any] | None,
    code: str,
) -> None:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=STRICT
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE
    body = response.json()
    assert "data" not in body
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize("accept", [LEGACY, {}, {"Accept": "*/*"}], ids=["json", "none", "any"])
@pytest.mark.parametrize(("query", "variables", "code"), NEVER_RUN)
async def test_a_legacy_client_keeps_200_and_null_data(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    accept: dict[str, str],
    query: str,
    variables: dict[str, Any] | None,
    code: str,
) -> None:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=accept
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert tmdb.calls.call_count == 0


async def test_a_field_error_keeps_its_data_and_a_200_when_strict(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/1").mock(return_value=not_found())
    tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    response = await client.post(
        "/graphql",
        json={"query": "{ movie(id: 1) { title } person(id: 287) { name } }"},
        headers=STRICT,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"movie": None, "person": {"name": "Brad Pitt"}}
    [error] = body["errors"]
    assert (error["path"], error["extensions"]["code"]) == (["movie"], "NOT_FOUND")
    assert sorted(upstream_calls(tmdb, settings)) == [
        ("/3/movie/1", set()),
        ("/3/person/287", set()),
    ]


@pytest.mark.parametrize(
    ("media", "has_data"), [(STRICT, False), (LEGACY, True)], ids=["strict", "legacy"]
)
async def test_unparseable_json_is_a_400_in_either_media_type(
    client: httpx.AsyncClient, media: dict[str, str], has_data: bool
) -> None:
    response = await client.post(
        "/graphql",
        content=b'{ "not a JSON',
        headers={**media, "Content-Type": "application/json"},
    )

    assert response.status_code == 400
    body = response.json()
    assert ("data" in body) is has_data
    assert body["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_client_accepting_neither_media_type_gets_406(
    client: httpx.AsyncClient, tmdb: respx.Router, method: str
) -> None:
    response = await client.request(
        method,
        "/graphql",
        params={"query": "{ movie(id: 550) { title } }"} if method == "GET" else None,
        json={"query": "{ movie(id: 550) { title } }"} if method == "POST" else None,
        headers={"Accept": "text/plain", **PREFLIGHT},
    )

    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"] == {"code": "NOT_ACCEPTABLE"}
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json; charset=latin-1",
        "multipart/form-data; boundary=x",
        "application/graphql",
        "text/plain",
    ],
)
async def test_a_body_that_is_not_utf8_json_is_a_415(
    client: httpx.AsyncClient, tmdb: respx.Router, content_type: str
) -> None:
    response = await client.post(
        "/graphql",
        content=b'{"query": "{ movie(id: 550) { title } }"}',
        headers={"Content-Type": content_type},
    )

    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"] == {"code": "UNSUPPORTED_MEDIA_TYPE"}
    assert tmdb.calls.call_count == 0


async def test_utf8_json_with_its_charset_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        content='{"query": "{ __type(name: \\"Run🏃Swim🏊\\") { name } }"}'.encode(),
        headers={"Content-Type": "application/json; charset=UTF-8"},
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"__type": None}}


@pytest.mark.parametrize("extensions", ["string", 0, False, ["array"]])
@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_extensions_must_be_a_map(
    client: httpx.AsyncClient, tmdb: respx.Router, method: str, extensions: object
) -> None:
    query = "{ movie(id: 550) { title } }"
    if method == "POST":
        response = await client.post("/graphql", json={"query": query, "extensions": extensions})
    else:
        encoded = httpx.Request("GET", "/", json=extensions).content.decode()
        response = await client.get(
            "/graphql", params={"query": query, "extensions": encoded}, headers=PREFLIGHT
        )

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert tmdb.calls.call_count == 0


async def test_a_batch_is_refused(client: httpx.AsyncClient, tmdb: respx.Router) -> None:
    response = await client.post("/graphql", json=[{"query": "{ movie(id: 550) { title } }"}])

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param(
            "subscription { movie(id: 550) { title } }",
            "The subscription operation is not supported by the schema.",
            id="subscription",
        ),
        pytest.param(
            "{ movie(id: 550) { ... @defer { title } } }", "Unknown directive '@defer'.", id="defer"
        ),
    ],
)
async def test_subscriptions_and_defer_fail_validation(
    client: httpx.AsyncClient, tmdb: respx.Router, query: str, message: str
) -> None:
    response = await client.post("/graphql", json={"query": query}, headers=STRICT)

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["message"] == message
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert tmdb.calls.call_count == 0
