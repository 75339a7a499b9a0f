"""Both clients send the exact TMDB request of an operation of every namespace, in both auth
modes, and hand back the real body decoded into its typed Struct."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, get_origin

import httpx
import pytest
import respx

from tests.tmdbfusion.helpers import (
    KEY,
    TOKEN,
    Auth,
    Client,
    body,
    dig,
    json_response,
    openapi_example,
    sent_auth,
    sent_query,
    settle,
)
from tmdbfusion import AsyncTMDBClient, TMDBClient
from tmdbfusion.resources import TABLE

Call = Callable[[Client], Any]


def case(
    name: str, call: Call, path: str, query: list[tuple[str, str]], content: bytes, probe: str
) -> Any:
    """``name`` is the operation's row in the table; ``probe`` a value the Struct must carry."""
    return pytest.param(name, call, path, query, content, probe, id=name)


CASES = [
    case(
        "movies.top_rated",
        lambda c: c.movies.top_rated(page=2, region="DE"),
        "/movie/top_rated",
        [("page", "2"), ("region", "DE")],
        body("movie_top_rated__p1.json"),
        "results.0.id",
    ),
    case(
        "tv.details",
        lambda c: c.tv.details(1399, language="en-US"),
        "/tv/1399",
        [("language", "en-US")],
        body("tv_details__1399.json"),
        "name",
    ),
    case(
        "tv.season",
        lambda c: c.tv.season(1399, 1),
        "/tv/1399/season/1",
        [],
        body("tv_season__1399-s1.json"),
        "episodes.0.name",
    ),
    case(
        "tv.episode",
        lambda c: c.tv.episode(1399, 1, 1),
        "/tv/1399/season/1/episode/1",
        [],
        body("tv_episode__1399-s1e1.json"),
        "guest_stars.0.id",
    ),
    case(
        "people.popular",
        lambda c: c.people.popular(page=1, language="en-US"),
        "/person/popular",
        [("language", "en-US"), ("page", "1")],
        body("person_popular__p1.json"),
        "results.0.known_for.0.id",
    ),
    case(
        "search.multi",
        lambda c: c.search.multi(query="Batman & Robin", include_adult=False),
        "/search/multi",
        [("include_adult", "false"), ("query", "Batman & Robin")],
        body("search_multi__batman-curated.json"),
        "results.2.id",
    ),
    case(
        "discover.movie",
        lambda c: c.discover.movie(
            with_genres="18,35",
            sort_by="vote_average.desc",
            primary_release_year=1999,
            vote_count_gte=100,
        ),
        "/discover/movie",
        [
            ("primary_release_year", "1999"),
            ("sort_by", "vote_average.desc"),
            ("vote_count.gte", "100"),
            ("with_genres", "18,35"),
        ],
        body("movie_popular__p1.json"),
        "results.0.title",
    ),
    case(
        "trending.all",
        lambda c: c.trending.all("week"),
        "/trending/all/week",
        [],
        body("trending_all__week.json"),
        "results.1.id",
    ),
    case(
        "collections.details",
        lambda c: c.collections.details(10, language="de"),
        "/collection/10",
        [("language", "de")],
        body("collection__10.json"),
        "parts.0.id",
    ),
    case(
        "companies.details",
        lambda c: c.companies.details(1),
        "/company/1",
        [],
        body("company__1.json"),
        "name",
    ),
    case(
        "networks.details",
        lambda c: c.networks.details(1),
        "/network/1",
        [],
        body("network__1.json"),
        "name",
    ),
    case(
        "keywords.movies",
        lambda c: c.keywords.movies(1721, page=1),
        "/keyword/1721/movies",
        [("page", "1")],
        body("keyword_movies__1721.json"),
        "results.0.id",
    ),
    case(
        "reviews.details",
        lambda c: c.reviews.details("5013bc76760ee372cb00253e"),
        "/review/5013bc76760ee372cb00253e",
        [],
        body("review__5013bc76760ee372cb00253e.json"),
        "author_details.username",
    ),
    case(
        "credits.details",
        lambda c: c.credits.details("5256c8b219c2956ff6047cd8"),
        "/credit/5256c8b219c2956ff6047cd8",
        [],
        body("credit__5256c8b219c2956ff6047cd8.json"),
        "person.name",
    ),
    case(
        "find.by_id",
        lambda c: c.find.by_id("tt0266543", external_source="imdb_id"),
        "/find/tt0266543",
        [("external_source", "imdb_id")],
        body("find__tt0266543.json"),
        "movie_results.0.id",
    ),
    case(
        "genres.movie_list",
        lambda c: c.genres.movie_list(language="en"),
        "/genre/movie/list",
        [("language", "en")],
        body("genre_movie_list__en.json"),
        "genres.3.name",
    ),
    case(
        "certifications.movie_list",
        lambda c: c.certifications.movie_list(),
        "/certification/movie/list",
        [],
        openapi_example("certification-movie-list"),
        "certifications.AU.0.certification",
    ),
    case(
        "watch_providers.movie_list",
        lambda c: c.watch_providers.movie_list(watch_region="US"),
        "/watch/providers/movie",
        [("watch_region", "US")],
        body("watch_providers_movie__US.json"),
        "results.0.provider_name",
    ),
    case(
        "configuration.details",
        lambda c: c.configuration.details(),
        "/configuration",
        [],
        body("configuration__2022.json"),
        "images.secure_base_url",
    ),
    case(
        "changes.movie_list",
        lambda c: c.changes.movie_list(start_date="2024-01-01", end_date="2024-01-14"),
        "/movie/changes",
        [("end_date", "2024-01-14"), ("start_date", "2024-01-01")],
        openapi_example("changes-movie-list"),
        "results.0.id",
    ),
    case(
        "lists.details",
        lambda c: c.lists.details(1, page=1),
        "/list/1",
        [("page", "1")],
        openapi_example("list-details"),
        "items.0.id",
    ),
]


@pytest.mark.parametrize(("name", "call", "path", "query", "content", "probe"), CASES)
async def test_sends_the_exact_request_and_decodes_the_body(
    tmdb_client: Client,
    router: respx.Router,
    auth: Auth,
    name: str,
    call: Call,
    path: str,
    query: list[tuple[str, str]],
    content: bytes,
    probe: str,
) -> None:
    router.get(path).mock(return_value=json_response(content))

    result = await settle(call(tmdb_client))

    (sent,) = router.calls
    assert sent.request.url.path == "/3" + path
    assert sent_query(sent.request) == query
    assert sent_auth(sent.request) == auth
    # The result is the Struct the table promises, holding the body's values.
    resource = TABLE[name]
    assert isinstance(result, get_origin(resource.result) or resource.result)
    assert dig(result, probe) == dig(json.loads(content), probe)


def test_every_namespace_has_a_case() -> None:
    """The cases above cover each namespace of the client."""
    covered = {param.id.split(".")[0] for param in CASES if param.id}
    assert covered == {name.split(".")[0] for name in TABLE}


async def test_key_mode_sends_the_key_last_and_no_authorization(router: respx.Router) -> None:
    route = router.get("/movie/top_rated").mock(
        return_value=json_response(body("movie_top_rated__p1.json"))
    )
    transport = httpx.MockTransport(router.async_handler)
    async with AsyncTMDBClient(api_key=KEY, transport=transport) as client:
        await client.movies.top_rated(page=2, region="DE")
    request = route.calls.last.request
    assert request.url.query == f"page=2&region=DE&api_key={KEY}".encode()
    assert "authorization" not in request.headers


def test_token_mode_sends_the_bearer_header_and_no_key(router: respx.Router) -> None:
    route = router.get("/movie/top_rated").mock(
        return_value=json_response(body("movie_top_rated__p1.json"))
    )
    with TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client:
        client.movies.top_rated()
    request = route.calls.last.request
    assert request.url.query == b""
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


async def test_sends_only_the_headers_tmdb_needs(
    tmdb_client: Client, router: respx.Router, auth: Auth
) -> None:
    route = router.get("/movie/550").mock(
        return_value=json_response(body("movie_details__550.json"))
    )
    await settle(tmdb_client.movies.details(550))
    headers = route.calls.last.request.headers
    expected = {"host", "accept-encoding", "user-agent"} | (
        {"authorization"} if "token" in auth else set()
    )
    assert set(headers.keys()) == expected
    assert headers["accept-encoding"] == "gzip, deflate"
