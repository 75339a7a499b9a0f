"""The plain ASGI endpoint against strawberry's own ``strawberry.asgi.GraphQL``.

Both serve the same schema with the same kind of context and the same error presenter; each
request goes to both, each view with a fresh upstream layer over the same mocked TMDB, so both
answers and TMDB requests can be compared. Where both serve a request the answers must be
equal; where strawberry answers in plain text, ours must be GraphQL-shaped with the same status
(two exceptions follow GraphQL over HTTP: a 415 for a body that is not JSON, where strawberry
answers 400, and a 405 for a mutation over GET, where strawberry answers 400).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Final

import httpx
import pytest
import respx
from graphql import GraphQLError
from starlette.requests import Request
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.context import RequestContext
from gateway.fetch import TMDBFetch
from gateway.graphql_view import GraphQLApp
from gateway.operation import Operation
from schema.errors import coded
from schema.schema import build_schema
from tests.helpers import PREFLIGHT, not_found, ok, tmdb_client, upstream_calls

MOVIE_WITH_CAST: Final = (
    "query Movie($id: Int!) { movie(id: $id) { title credits { cast(first: 2) { name } } } }"
)


class StrawberryView(GraphQL):
    """Strawberry's view with our context and our error presenter."""

    def __init__(self, context: Callable[[], RequestContext], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._context = context

    async def get_context(self, request: Any, response: Any) -> RequestContext:  # type: ignore[override]
        return self._context()

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        payload: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            payload["errors"] = [coded(error).formatted for error in result.errors]
        return payload


@dataclass
class Views:
    ours: httpx.AsyncClient
    strawberry: httpx.AsyncClient
    tmdb: respx.Router


@pytest.fixture
async def views(tmdb: respx.Router, settings: Settings) -> AsyncIterator[Views]:
    schema = build_schema()
    async with tmdb_client(settings, tmdb) as client:

        def context(
            operation: Operation | None = None, request_id: str | None = None
        ) -> RequestContext:
            # A fresh upstream layer per request: neither view answers from the other's cache.
            upstream = SharedUpstream(TMDBFetch(client), ttl=60, max_entries=100)
            return RequestContext(upstream, operation, request_id=request_id)

        def present(error: GraphQLError, request_id: str) -> GraphQLError:
            return coded(error, request_id)

        ours = GraphQLApp(schema, context=context, present=present)
        theirs = StrawberryView(context, schema=schema, graphql_ide=None)
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=ours), base_url="http://a") as a,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=theirs), base_url="http://b") as b,
        ):
            yield Views(a, b, tmdb)


async def both(views: Views, **request: Any) -> tuple[httpx.Response, httpx.Response]:
    method = request.pop("method")
    before = len(views.tmdb.calls)
    ours = await views.ours.request(method, "/graphql", **request)
    between = len(views.tmdb.calls)
    theirs = await views.strawberry.request(method, "/graphql", **request)
    asked = [(c.request.method, str(c.request.url)) for c in views.tmdb.calls]
    # The same TMDB requests, in the same order, from each view.
    assert asked[before:between] == asked[between:]
    return ours, theirs


SHARED: Final = [
    pytest.param(
        {"method": "POST", "json": {"query": MOVIE_WITH_CAST, "variables": {"id": 550}}},
        id="post-variables",
    ),
    pytest.param(
        {
            "method": "POST",
            "json": {
                "query": f"query Title {{ movie(id: 550) {{ title }} }} {MOVIE_WITH_CAST}",
                "variables": {"id": 550},
                "operationName": "Movie",
            },
        },
        id="post-operation-name",
    ),
    pytest.param(
        {
            "method": "POST",
            "json": {"query": "{ movie(id: 550) { title } }", "extensions": {"a": 1}},
        },
        id="post-extensions",
    ),
    pytest.param(
        {
            "method": "POST",
            "json": {
                "query": "{ movie(id: 550) { title } }",
                "variables": None,
                "operationName": None,
                "extensions": None,
            },
        },
        id="post-nulls",
    ),
    pytest.param(
        {
            "method": "POST",
            "json": {"query": "{ movie(id: 1) { title } person(id: 287) { name } }"},
        },
        id="post-field-error",
    ),
    pytest.param({"method": "POST", "json": {"query": "{ movie(id: 550"}}, id="parse-error"),
    pytest.param(
        {"method": "POST", "json": {"query": "{ movie(id: 550) { titel } }"}},
        id="validation-error",
    ),
    pytest.param(
        {
            "method": "POST",
            "json": {
                "query": "query ($i: Int!) { movie(id: $i) { title } }",
                "variables": {"i": "x"},
            },
        },
        id="variable-coercion",
    ),
    pytest.param(
        {
            "method": "GET",
            "params": {"query": MOVIE_WITH_CAST, "variables": '{"id": 550}'},
            "headers": PREFLIGHT,
        },
        id="get-variables",
    ),
]


@pytest.mark.parametrize("request_kwargs", SHARED)
async def test_requests_both_serve_get_the_same_answer(
    views: Views, settings: Settings, request_kwargs: dict[str, Any]
) -> None:
    views.tmdb.get("/movie/550", params={"append_to_response": "credits"}).mock(
        return_value=httpx.Response(
            200,
            json={
                **ok("movie_details__550.json").json(),
                "credits": ok("movie_credits__550.json").json(),
            },
        )
    )
    views.tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    views.tmdb.get("/movie/1").mock(return_value=not_found())
    views.tmdb.get("/person/287").mock(return_value=ok("person_details_append__287.json"))

    ours, theirs = await both(views, **dict(request_kwargs))

    assert ours.status_code == theirs.status_code == 200
    assert ours.headers["content-type"] == theirs.headers["content-type"] == "application/json"
    assert ours.json() == theirs.json()
    upstream_calls(views.tmdb, settings)  # each carried exactly the configured credential


@pytest.mark.parametrize(
    ("request_kwargs", "status", "message"),
    [
        pytest.param(
            {"method": "POST", "content": b"{", "headers": {"Content-Type": "application/json"}},
            400,
            "Unable to parse",
            id="bad-json",
        ),
        pytest.param(
            {"method": "POST", "json": [{"query": "{ __typename }"}]}, 400, "", id="batch"
        ),
        pytest.param(
            {"method": "POST", "json": {"query": "query A { __typename } query B { __typename }"}},
            400,
            "Must provide operationName",
            id="ambiguous-operation",
        ),
        pytest.param({"method": "PUT", "json": {"query": "{ __typename }"}}, 405, "", id="put"),
    ],
)
async def test_where_strawberry_answers_in_plain_text_ours_is_graphql_shaped(
    views: Views, request_kwargs: dict[str, Any], status: int, message: str
) -> None:
    ours, theirs = await both(views, **dict(request_kwargs))

    assert theirs.headers["content-type"] == "text/plain; charset=utf-8"
    assert ours.headers["content-type"] == "application/json"
    assert ours.status_code == theirs.status_code == status
    [error] = ours.json()["errors"]
    assert error["extensions"]["code"] in {"BAD_REQUEST", "METHOD_NOT_ALLOWED"}
    assert message in error["message"]
    assert message in theirs.text
    assert views.tmdb.calls.call_count == 0


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
            {"method": "GET", "params": {"query": "mutation { x }"}, "headers": PREFLIGHT},
            405,
            "METHOD_NOT_ALLOWED",
            id="mutation-over-get",
        ),
    ],
)
async def test_where_the_specification_asks_another_status_than_strawberrys_400(
    views: Views, request_kwargs: dict[str, Any], status: int, code: str
) -> None:
    ours, theirs = await both(views, **dict(request_kwargs))

    assert (ours.status_code, theirs.status_code) == (status, 400)
    assert ours.json()["errors"][0]["extensions"] == {"code": code}
    assert views.tmdb.calls.call_count == 0
