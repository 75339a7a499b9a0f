"""CORS on /graphql, answered by the endpoint itself (the hot path skips Starlette's middleware)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

import httpx
import pytest
import respx

from gateway.config import Settings
from tests.helpers import gateway_client, ok, upstream_calls

APP: Final = "https://app.example"
QUERY: Final = {"query": "{ movie(id: 550) { title } }"}


@asynccontextmanager
async def gateway(
    tmdb: respx.Router, settings: Settings, **cors: object
) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(settings, **cors)  # type: ignore[arg-type]
    async with gateway_client(configured, httpx.MockTransport(tmdb.async_handler)) as http:
        yield http


def preflight(origin: str, method: str = "POST", headers: str = "content-type") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


async def test_an_allowed_preflight_is_answered(tmdb: respx.Router, settings: Settings) -> None:
    async with gateway(tmdb, settings, cors_origins=(APP,), cors_max_age=300) as http:
        response = await http.options(
            "/graphql", headers=preflight(APP, headers="Content-Type,Apollo-Require-Preflight")
        )

    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["access-control-allow-origin"] == APP
    assert response.headers["access-control-allow-methods"] == "GET, POST"
    assert response.headers["access-control-allow-headers"] == (
        "content-type, apollo-require-preflight, x-apollo-operation-name"
    )
    assert response.headers["access-control-max-age"] == "300"
    assert response.headers["vary"] == "origin"
    assert "content-length" not in response.headers
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize(
    ("asked", "refused"),
    [
        pytest.param(preflight("https://evil.example"), "origin", id="origin"),
        pytest.param(preflight(APP, method="PUT"), "method", id="method"),
        pytest.param(preflight(APP, headers="content-type, x-custom"), "headers", id="headers"),
        pytest.param(
            preflight("https://evil.example", "DELETE", "x-custom"),
            "origin, method, headers",
            id="all",
        ),
    ],
)
async def test_a_disallowed_preflight_is_refused_with_the_reason(
    tmdb: respx.Router, settings: Settings, asked: dict[str, str], refused: str
) -> None:
    async with gateway(tmdb, settings, cors_origins=(APP,)) as http:
        response = await http.options("/graphql", headers=asked)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"message": f"Disallowed CORS {refused}", "extensions": {"code": "BAD_REQUEST"}}
    ]
    assert "access-control-allow-methods" not in response.headers
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [(APP, True), ("https://evil.example", False), (None, False)],
    ids=["allowed", "other", "none"],
)
async def test_an_answer_names_an_allowed_origin_and_varies_on_it(
    tmdb: respx.Router, settings: Settings, origin: str | None, allowed: bool
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    headers = {"Origin": origin} if origin else {}

    async with gateway(tmdb, settings, cors_origins=(APP, "https://other.example")) as http:
        response = await http.post("/graphql", json=QUERY, headers=headers)

    assert response.status_code == 200
    assert response.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert response.headers.get("access-control-allow-origin") == (APP if allowed else None)
    assert response.headers["vary"] == "origin"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_an_error_answer_carries_cors_headers_so_the_page_can_read_it(
    tmdb: respx.Router, settings: Settings
) -> None:
    async with gateway(tmdb, settings, cors_origins=(APP,)) as http:
        response = await http.post(
            "/graphql",
            content=b"{",
            headers={"Origin": APP, "Content-Type": "application/json"},
        )

    assert response.status_code == 400
    assert response.headers["access-control-allow-origin"] == APP
    assert tmdb.calls.call_count == 0


async def test_any_origin_and_any_header(tmdb: respx.Router, settings: Settings) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    async with gateway(tmdb, settings, cors_origins=("*",), cors_headers=("*",)) as http:
        pre = await http.options(
            "/graphql", headers=preflight("https://any.example", headers="X-Custom, Content-Type")
        )
        response = await http.post("/graphql", json=QUERY, headers={"Origin": "https://x.example"})

    assert pre.status_code == 204
    assert pre.headers["access-control-allow-origin"] == "*"
    assert pre.headers["access-control-allow-headers"] == "x-custom, content-type"
    assert "vary" not in pre.headers  # the answer is the same for every origin
    assert response.headers["access-control-allow-origin"] == "*"
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_without_cors_settings_nothing_is_allowed_cross_origin(
    tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    async with gateway(tmdb, settings) as http:
        pre = await http.options("/graphql", headers=preflight(APP))
        response = await http.post("/graphql", json=QUERY, headers={"Origin": APP})

    assert pre.status_code == 405
    assert pre.headers["allow"] == "GET, POST"
    assert "access-control-allow-origin" not in pre.headers
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


def test_cors_settings_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "TMDBFUSION_CORS_ORIGINS": "https://a.example, https://b.example",
            "TMDBFUSION_CORS_METHODS": "get,post,options",
            "TMDBFUSION_CORS_HEADERS": "Content-Type,X-Request-Id",
            "TMDBFUSION_CORS_MAX_AGE": "86400",
        }
    )

    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.cors_methods == ("GET", "POST", "OPTIONS")
    assert settings.cors_headers == ("Content-Type", "X-Request-Id")
    assert settings.cors_max_age == 86_400
    defaults = Settings.from_env({})
    assert defaults.cors_origins == ()
    assert defaults.cors_headers == (
        "Content-Type",
        "Apollo-Require-Preflight",
        "X-Apollo-Operation-Name",
    )
