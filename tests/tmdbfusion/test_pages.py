"""``..._pages()``: one request per page taken, up to the last page and never past TMDB's 500th,
holding no page the caller has let go of."""

from __future__ import annotations

import json
import sys
from typing import Any

import httpx
import pytest
import respx

from tests.tmdbfusion.helpers import (
    TOKEN,
    Auth,
    Client,
    body,
    json_response,
    sent_auth,
    sent_query,
    take,
)
from tmdbfusion import AsyncTMDBClient, TMDBClient


def page_body(page: int, total_pages: int) -> bytes:
    """The real page 1 of /movie/popular, renumbered as page ``page`` of ``total_pages``."""
    recorded = json.loads(body("movie_popular__p1.json"))
    recorded.update(page=page, total_pages=total_pages)
    return json.dumps(recorded).encode()


def serve_pages(router: respx.Router, path: str, total_pages: int) -> respx.Route:
    def respond(request: httpx.Request) -> httpx.Response:
        return json_response(page_body(int(request.url.params["page"]), total_pages))

    return router.get(path).mock(side_effect=respond)


def pages_sent(route: respx.Route) -> list[int]:
    return [int(call.request.url.params["page"]) for call in route.calls]


async def test_pages_walk_to_the_last_page_one_request_each(
    tmdb_client: Client, router: respx.Router, auth: Auth
) -> None:
    route = serve_pages(router, "/movie/popular", total_pages=3)

    pages = await take(tmdb_client.movies.popular_pages(region="DE", language="de-DE"))

    assert [page.page for page in pages] == [1, 2, 3]
    assert pages_sent(route) == [1, 2, 3]
    for call in route.calls:
        assert sent_auth(call.request) == auth
        assert ("region", "DE") in sent_query(call.request)
        assert ("language", "de-DE") in sent_query(call.request)


async def test_pages_are_fetched_only_when_taken(tmdb_client: Client, router: respx.Router) -> None:
    route = serve_pages(router, "/movie/popular", total_pages=40)

    pages = await take(tmdb_client.movies.popular_pages(), count=2)

    assert len(pages) == 2
    assert pages_sent(route) == [1, 2]


async def test_pages_stop_at_tmdbs_500th_page(tmdb_client: Client, router: respx.Router) -> None:
    # TMDB reports more pages than it serves: past page 500 it answers 422.
    route = serve_pages(router, "/movie/popular", total_pages=36_412)

    pages = await take(tmdb_client.movies.popular_pages(page=498))

    assert pages_sent(route) == [498, 499, 500]
    assert [page.page for page in pages] == [498, 499, 500]


async def test_pages_of_an_empty_result_are_one_request(
    tmdb_client: Client, router: respx.Router
) -> None:
    route = serve_pages(router, "/search/movie", total_pages=0)

    pages = await take(tmdb_client.search.movie_pages(query="no such film"))

    assert len(pages) == 1
    assert pages_sent(route) == [1]


async def test_pages_of_an_entity_part_keep_its_key(
    tmdb_client: Client, router: respx.Router
) -> None:
    route = serve_pages(router, "/movie/550/recommendations", total_pages=2)

    await take(tmdb_client.movies.recommendations_pages(550))

    assert pages_sent(route) == [1, 2]


def test_sync_pages_hold_no_page_while_fetching_the_next(router: respx.Router) -> None:
    held: dict[str, int] = {}
    taken: list[Any] = []

    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        if page == 2:
            held["while fetching page 2"] = sys.getrefcount(taken[0])
        return json_response(page_body(page, 3))

    router.get("/movie/popular").mock(side_effect=respond)
    with TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client:
        pages = client.movies.popular_pages()
        taken.append(next(pages))
        next(pages)
        # Once page 2 is out the iterator holds no page 1; it held none while fetching page 2.
        # (Counted outside the assert, whose rewriting holds values of its own.)
        after = sys.getrefcount(taken[0])
        assert held["while fetching page 2"] == after


async def test_async_pages_hold_no_page_while_fetching_the_next(router: respx.Router) -> None:
    held: dict[str, int] = {}
    taken: list[Any] = []

    def respond(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        if page == 2:
            held["while fetching page 2"] = sys.getrefcount(taken[0])
        return json_response(page_body(page, 3))

    router.get("/movie/popular").mock(side_effect=respond)
    transport = httpx.MockTransport(router.async_handler)
    async with AsyncTMDBClient(token=TOKEN, transport=transport) as client:
        pages = client.movies.popular_pages()
        taken.append(await anext(pages))
        await anext(pages)
        after = sys.getrefcount(taken[0])
        assert held["while fetching page 2"] == after


@pytest.mark.parametrize("name", ["genres.movie_list", "movies.details", "tv.season"])
def test_only_paged_operations_have_pages(name: str) -> None:
    namespace, method = name.split(".")
    client = TMDBClient(token=TOKEN)
    assert not hasattr(getattr(client, namespace), f"{method}_pages")
    client.close()
