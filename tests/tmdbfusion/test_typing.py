"""Both clients are typed from the one declaration of each operation.

mypy --strict checks this module (``make lint``): each ``assert_type`` is a static assertion,
and each ``type: ignore[...]`` in ``_misuses`` must be needed (``warn_unused_ignores``), so a
client that stopped rejecting a wrong call fails the lint.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, assert_type

import httpx
import respx

from tests.tmdbfusion.helpers import TOKEN, body, json_response
from tmdbfusion import AsyncTMDBClient, TMDBClient, models


def test_sync_calls_return_their_structs(router: respx.Router) -> None:
    router.get("/movie/76").mock(return_value=json_response(body("movie_details_append__76.json")))
    with TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client:
        movie = assert_type(client.movies.details(76, append=["credits"]), models.Movie)
        assert isinstance(movie, models.Movie)
        pages = assert_type(client.movies.popular_pages(region="DE"), Iterator[models.MoviePage])
        assert isinstance(pages, Iterator)


async def test_async_calls_return_coroutines_of_their_structs(router: respx.Router) -> None:
    router.get("/movie/76").mock(return_value=json_response(body("movie_details_append__76.json")))
    transport = httpx.MockTransport(router.async_handler)
    async with AsyncTMDBClient(token=TOKEN, transport=transport) as client:
        call = assert_type(
            client.movies.details(76, append=["credits"]), Coroutine[Any, Any, models.Movie]
        )
        movie = assert_type(await call, models.Movie)
        assert isinstance(movie, models.Movie)
        pages = assert_type(client.tv.popular_pages(), AsyncIterator[models.TVSeriesPage])
        assert isinstance(pages, AsyncIterator)


def _typed_results(client: TMDBClient) -> None:
    assert_type(client.tv.season(1399, 1), models.Season)
    assert_type(client.tv.episode(1399, 1, 1, append=["credits"]), models.Episode)
    assert_type(client.people.details(287, append=["combined_credits"]), models.Person)
    assert_type(client.search.multi(query="Disney"), models.MultiPage)
    assert_type(client.discover.movie(with_genres="18"), models.MoviePage)
    assert_type(client.trending.all("week"), models.MultiPage)
    assert_type(client.configuration.countries(), list[models.Country])


def _misuses(client: TMDBClient) -> None:
    client.movies.details(550, append=["release_date"])  # type: ignore[list-item]
    client.tv.season(1399, 1, append=["release_dates"])  # type: ignore[list-item]
    client.movies.details("550")  # type: ignore[arg-type]
    client.movies.top_rated(pag=2)  # type: ignore[call-arg]
    client.tv.season(1399)  # type: ignore[call-arg]
    client.search.movie()  # type: ignore[call-arg]
    client.trending.all("month")  # type: ignore[arg-type]
    client.discover.movie(sort_by="best")  # type: ignore[arg-type]
    client.movies.details_pages(550)  # type: ignore[attr-defined]
