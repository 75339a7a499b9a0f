"""Every string a list root sends TMDB is checked first, and a window is priced before it is
fetched: what fails is refused at its field, with nothing asked of TMDB."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
import respx

from gateway.config import Settings
from schema.pages import cursor
from tests.helpers import gateway_client, graphql, ok, upstream_requests


@pytest.mark.parametrize(
    ("field", "message"),
    [
        pytest.param('searchMulti(query: "")', "query must not be empty", id="empty-query"),
        pytest.param('searchMulti(query: "   ")', "query must not be empty", id="blank-query"),
        pytest.param(
            'searchMovies(query: "bat\\u0000man")', "control characters", id="nul-in-query"
        ),
        pytest.param(
            'searchTv(query: "bat\\nman")', "control characters", id="line-break-in-query"
        ),
        pytest.param(
            f'searchPeople(query: "{"x" * 301}")', "at most 300 characters", id="long-query"
        ),
        pytest.param(
            'searchMovies(query: "x", region: "US&api_key=x")', "region must be", id="region"
        ),
        pytest.param(
            'searchMulti(query: "x", language: "../../account")', "language must be", id="language"
        ),
        pytest.param('popularMovies(region: "usa")', "region must be", id="chart-region"),
        pytest.param(
            'airingTodayTv(timezone: "../../etc/passwd")', "timezone must be", id="timezone"
        ),
        pytest.param(
            'discoverMovies(filter: {originalLanguage: "en&x=1"})',
            "originalLanguage must be",
            id="original-language",
        ),
        pytest.param(
            'discoverTv(filter: {watchProviders: {region: "us"}})',
            "region must be",
            id="watch-region",
        ),
        pytest.param(
            "discoverMovies(filter: {genres: {ids: [-1]}})", "never negative", id="negative-id"
        ),
        pytest.param("discoverMovies(page: 501)", "page must be from 1 to 500", id="page-501"),
        pytest.param("discoverMovies(page: 0)", "page must be from 1 to 500", id="page-0"),
        pytest.param("discoverMovies(page: 2, first: 5)", "not both", id="page-and-first"),
        pytest.param("discoverMovies(first: -1)", "first must be zero or more", id="first"),
        pytest.param('trending(after: "not-a-cursor")', "after must be a cursor", id="cursor"),
        pytest.param(
            f'popularPeople(after: "{cursor(9_999)}")', "first 10000 results", id="past-the-end"
        ),
    ],
)
async def test_bad_input_is_refused_at_its_field_before_any_request(
    client: httpx.AsyncClient, tmdb: respx.Router, field: str, message: str
) -> None:
    result = await graphql(client, f"{{ list: {field} {{ totalResults }} }}")

    assert result["data"] == {"list": None}
    [error] = result["errors"]
    assert error["path"] == ["list"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert message in error["message"]
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        # 5,000 results are 250 pages: far over 100 requests.
        pytest.param("{ discoverMovies(first: 5000) { results { title } } }", 250, id="first-5000"),
        # 100 results are 5 pages, and 100 details requests for the runtime.
        pytest.param(
            "{ popularMovies(first: 100) { results { title runtime } } }", 105, id="details"
        ),
        # The same through the edges, and per item of a mixed list.
        pytest.param(
            """{ searchMulti(query: "x", first: 100) {
                 edges { node { ... on Person { birthday } } } } }""",
            105,
            id="edges-of-a-union",
        ),
    ],
)
async def test_a_window_over_budget_is_refused_before_any_request(
    tmdb: respx.Router, settings: Settings, query: str, cost: int
) -> None:
    async with gateway_client(settings, httpx.MockTransport(tmdb.async_handler)) as client:
        response = await client.post("/graphql", json={"query": query})

    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": f"The operation could cost {cost:,} TMDB requests; the limit is 100.",
                "extensions": {"code": "COST_ESTIMATED_TOO_EXPENSIVE", "cost": cost, "limit": 100},
            }
        ],
    }
    assert tmdb.calls.call_count == 0


async def test_the_same_window_within_budget_is_served(
    tmdb: respx.Router, settings: Settings
) -> None:
    # 100 titles from summaries: 5 page requests, within a budget of 5 that the runtime broke.
    tmdb.get("/movie/popular").mock(return_value=ok("movie_popular__p1.json"))
    tight = dataclasses.replace(settings, max_upstream_calls=5)
    async with gateway_client(tight, httpx.MockTransport(tmdb.async_handler)) as client:
        result = await graphql(client, "{ popularMovies(first: 100) { results { title } } }")

    assert len(result["data"]["popularMovies"]["results"]) == 100
    assert sorted(r.url.params["page"] for r in upstream_requests(tmdb, settings)) == list("12345")
