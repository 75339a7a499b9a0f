"""CSRF prevention: a GET that brings its own document runs only after a CORS preflight could
have happened, as Apollo Server decides it; refused before any TMDB request otherwise."""

from __future__ import annotations

from typing import Final

import httpx
import pytest
import respx

from gateway import csrf
from gateway.config import Settings
from tests.helpers import ok, upstream_calls

QUERY: Final = {"query": "{ movie(id: 550) { title } }"}


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Apollo-Require-Preflight": "true"}, id="apollo-require-preflight"),
        pytest.param({"X-Apollo-Operation-Name": "Title"}, id="x-apollo-operation-name"),
        pytest.param({"Content-Type": "application/json"}, id="json-content-type"),
        pytest.param({"Content-Type": "text/plain", "Apollo-Require-Preflight": "1"}, id="both"),
    ],
)
async def test_a_get_that_needed_a_preflight_runs(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, headers: dict[str, str]
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    response = await client.get("/graphql", params=QUERY, headers=headers)

    assert response.status_code == 200
    assert response.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="plain"),
        pytest.param({"Apollo-Require-Preflight": ""}, id="empty-header"),
        pytest.param({"Content-Type": "text/plain"}, id="text-plain"),
        pytest.param({"Content-Type": "multipart/form-data; boundary=x"}, id="multipart"),
        pytest.param({"Content-Type": "Application/X-WWW-Form-Urlencoded"}, id="form"),
        pytest.param({"Origin": "https://evil.example", "Accept": "image/*,*/*"}, id="img-tag"),
    ],
)
async def test_a_simple_get_is_refused_before_execution(
    client: httpx.AsyncClient, tmdb: respx.Router, headers: dict[str, str]
) -> None:
    response = await client.get("/graphql", params=QUERY, headers=headers)

    assert response.status_code == 400
    assert response.json() == {
        "data": None,
        "errors": [{"message": csrf.MESSAGE, "extensions": {"code": "BAD_REQUEST"}}],
    }
    assert response.headers["cache-control"] == "no-store"
    assert tmdb.calls.call_count == 0


async def test_a_strict_client_is_refused_without_data(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    response = await client.get(
        "/graphql", params=QUERY, headers={"Accept": "application/graphql-response+json"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": csrf.MESSAGE, "extensions": {"code": "BAD_REQUEST"}}]
    }
    assert tmdb.calls.call_count == 0


def test_the_message_is_apollo_servers() -> None:
    assert csrf.MESSAGE == (
        "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). "
        "Please either specify a 'content-type' header (with a type that is not one of "
        "application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a "
        "non-empty value for one of the following headers: x-apollo-operation-name, "
        "apollo-require-preflight\n"
    )
