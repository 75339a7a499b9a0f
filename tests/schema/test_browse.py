"""Discover, trending and the charts: windows spanning TMDB's pages, their filters as TMDB's
parameters, in the list's language."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
import pytest
import respx

from gateway.config import Settings
from schema.pages import cursor
from tests.helpers import authenticated_params, fixture_json, graphql, ok, upstream_requests

POPULAR = fixture_json("movie_popular__p1.json")
TITLES = [movie["title"] for movie in POPULAR["results"]]


def sent(request: httpx.Request, settings: Settings) -> tuple[str, list[tuple[str, str]]]:
    return request.url.path, sorted(authenticated_params(request, settings))


class Pages:
    """TMDB's discover/movie, answering every page with the recorded first page (TMDB's
    answer to a plain discover/movie was its popular movies), numbered as asked: a small edit
    of a real body; or another list's recorded first page, ``body``. With ``together``, it
    answers none before that many requests are in flight at once, or a second has passed:
    requests sent one after the other then show as one in flight at most (and the test fails
    rather than hangs)."""

    def __init__(self, together: int = 1, body: dict[str, Any] = POPULAR) -> None:
        self.body = body
        self.in_flight = 0
        self.most_in_flight = 0
        self.together = together
        self.all_arrived = asyncio.Event()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        if self.in_flight >= self.together:
            self.all_arrived.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.all_arrived.wait(), timeout=1.0)
        self.in_flight -= 1
        page = int(request.url.params["page"])
        return httpx.Response(200, json={**self.body, "page": page})


FIFTY = """query ($language: String) {
  discoverMovies(first: 50, language: $language) {
    page totalPages totalResults
    results { title }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


@pytest.mark.parametrize("language", [None, "fr-FR"])
async def test_fifty_results_are_three_pages_fetched_at_once(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings, language: str | None
) -> None:
    pages = Pages(together=3)
    tmdb.get("/discover/movie").mock(side_effect=pages)

    result = await graphql(client, FIFTY, {"language": language})

    in_language = [("language", language)] if language else []
    assert sorted(sent(r, settings) for r in upstream_requests(tmdb, settings)) == [
        ("/3/discover/movie", sorted([*in_language, ("page", str(page))])) for page in (1, 2, 3)
    ]
    # All three were in flight before any was answered (Pages waits for them).
    assert pages.most_in_flight == 3
    connection = result["data"]["discoverMovies"]
    assert (connection["page"], connection["totalPages"], connection["totalResults"]) == (
        1,
        POPULAR["total_pages"],
        POPULAR["total_results"],
    )
    # Pages 1 and 2 whole, then the first 10 of page 3, in order.
    assert [r["title"] for r in connection["results"]] == TITLES + TITLES + TITLES[:10]
    assert connection["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": cursor(0),
        "endCursor": cursor(49),
    }


async def test_after_a_cursor_the_window_spans_the_pages_it_needs(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/discover/movie").mock(side_effect=Pages())

    result = await graphql(
        client,
        f"""{{ discoverMovies(first: 5, after: "{cursor(17)}") {{
              page edges {{ cursor node {{ title }} }} pageInfo {{ hasPreviousPage }} }} }}""",
    )

    # Results 18 to 22: the last two of page 1, the first three of page 2.
    assert sorted(sent(r, settings) for r in upstream_requests(tmdb, settings)) == [
        ("/3/discover/movie", [("page", "1")]),
        ("/3/discover/movie", [("page", "2")]),
    ]
    connection = result["data"]["discoverMovies"]
    assert connection["page"] == 1
    assert connection["edges"] == [
        {"cursor": cursor(18 + i), "node": {"title": title}}
        for i, title in enumerate(TITLES[18:] + TITLES[:3])
    ]
    assert connection["pageInfo"] == {"hasPreviousPage": True}


async def test_typed_filters_become_tmdbs_parameters(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/discover/movie").mock(return_value=ok("movie_popular__p1.json"))

    await graphql(
        client,
        """{ discoverMovies(
              sortBy: VOTE_AVERAGE_DESC, page: 2,
              filter: {
                genres: {ids: [18, 35], match: ANY}, withoutGenres: [27, 53]
                keywords: {ids: [1721]}, companies: {ids: [1, 2]}, withoutCompanies: [3]
                cast: {ids: [287]}, crew: {ids: [7467]}, people: {ids: [819, 287], match: ANY}
                year: 1999, primaryReleaseYear: 1999
                releaseDate: {min: "1999-01-01", max: "1999-12-31"}
                primaryReleaseDate: {max: "2000-06-30"}
                voteAverage: {min: 7.5, max: 10}, voteCount: {min: 1000}
                runtime: {min: 90, max: 150}
                originalLanguage: "en", originCountry: "US", region: "GB"
                watchProviders: {region: "US", providers: {ids: [8, 9], match: ANY},
                                 withoutProviders: [10], monetizationTypes: [FLATRATE, RENT]}
                includeAdult: false, includeVideo: true
              }) { totalResults } }""",
    )

    [request] = upstream_requests(tmdb, settings)
    assert sent(request, settings) == (
        "/3/discover/movie",
        [
            ("include_adult", "false"),
            ("include_video", "true"),
            ("page", "2"),
            ("primary_release_date.lte", "2000-06-30"),
            ("primary_release_year", "1999"),
            ("region", "GB"),
            ("release_date.gte", "1999-01-01"),
            ("release_date.lte", "1999-12-31"),
            ("sort_by", "vote_average.desc"),
            ("vote_average.gte", "7.5"),
            ("vote_average.lte", "10.0"),
            ("vote_count.gte", "1000"),
            ("watch_region", "US"),
            ("with_cast", "287"),
            ("with_companies", "1,2"),
            ("with_crew", "7467"),
            ("with_genres", "18|35"),
            ("with_keywords", "1721"),
            ("with_origin_country", "US"),
            ("with_original_language", "en"),
            ("with_people", "819|287"),
            ("with_runtime.gte", "90"),
            ("with_runtime.lte", "150"),
            ("with_watch_monetization_types", "flatrate|rent"),
            ("with_watch_providers", "8|9"),
            ("without_companies", "3"),
            ("without_genres", "27|53"),
            ("without_watch_providers", "10"),
            ("year", "1999"),
        ],
    )


async def test_tv_filters_become_tmdbs_parameters(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/discover/tv").mock(return_value=ok("tv_popular__p1.json"))

    result = await graphql(
        client,
        """{ discoverTv(sortBy: FIRST_AIR_DATE_DESC, language: "de", filter: {
              networks: {ids: [49]}, firstAirDateYear: 2011,
              firstAirDate: {min: "2011-01-01"}, airDate: {max: "2019-05-19"},
              timezone: "Europe/Berlin", includeNullFirstAirDates: false,
              screenedTheatrically: true, voteCount: {min: 10}
            }) { results { name } } }""",
    )

    [request] = upstream_requests(tmdb, settings)
    assert sent(request, settings) == (
        "/3/discover/tv",
        [
            ("air_date.lte", "2019-05-19"),
            ("first_air_date.gte", "2011-01-01"),
            ("first_air_date_year", "2011"),
            ("include_null_first_air_dates", "false"),
            ("language", "de"),
            ("page", "1"),
            ("screened_theatrically", "true"),
            ("sort_by", "first_air_date.desc"),
            ("timezone", "Europe/Berlin"),
            ("vote_count.gte", "10"),
            ("with_networks", "49"),
        ],
    )
    recorded = fixture_json("tv_popular__p1.json")["results"]
    assert result["data"]["discoverTv"]["results"] == [{"name": r["name"]} for r in recorded]


@pytest.mark.parametrize(
    ("field", "path", "answer", "params"),
    [
        pytest.param(
            'trending(mediaType: ALL, timeWindow: WEEK, language: "en-US")',
            "/trending/all/week",
            "trending_all__week.json",
            [("language", "en-US"), ("page", "1")],
            id="trending-all",
        ),
        pytest.param(
            "trending(mediaType: PERSON, timeWindow: WEEK, page: 2)",
            "/trending/person/week",
            "trending_person__week.json",
            [("page", "2")],
            id="trending-people",
        ),
        pytest.param(
            "trending", "/trending/all/day", "trending_all__week.json", [("page", "1")], id="day"
        ),
        pytest.param(
            'popularMovies(region: "DE")',
            "/movie/popular",
            "movie_popular__p1.json",
            [("page", "1"), ("region", "DE")],
            id="popular-movies",
        ),
        pytest.param(
            'topRatedMovies(region: "US")',
            "/movie/top_rated",
            "movie_top_rated__p1.json",
            [("page", "1"), ("region", "US")],
            id="top-rated-movies",
        ),
        pytest.param(
            'nowPlayingMovies(region: "FR")',
            "/movie/now_playing",
            "movie_now_playing__p1.json",
            [("page", "1"), ("region", "FR")],
            id="now-playing",
        ),
        pytest.param(
            'upcomingMovies(language: "ja", region: "JP")',
            "/movie/upcoming",
            "movie_upcoming__p1.json",
            [("language", "ja"), ("page", "1"), ("region", "JP")],
            id="upcoming",
        ),
        pytest.param(
            'airingTodayTv(timezone: "America/New_York")',
            "/tv/airing_today",
            "tv_popular__p1.json",
            [("page", "1"), ("timezone", "America/New_York")],
            id="airing-today",
        ),
        pytest.param(
            "onTheAirTv(page: 3)",
            "/tv/on_the_air",
            "tv_popular__p1.json",
            [("page", "3")],
            id="on-the-air",
        ),
        pytest.param(
            "popularTv", "/tv/popular", "tv_popular__p1.json", [("page", "1")], id="popular-tv"
        ),
        pytest.param(
            "topRatedTv", "/tv/top_rated", "tv_popular__p1.json", [("page", "1")], id="top-rated-tv"
        ),
        pytest.param(
            "popularPeople",
            "/person/popular",
            "person_popular__p1.json",
            [("page", "1")],
            id="popular-people",
        ),
    ],
)
async def test_each_list_root_asks_its_row_with_its_parameters(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
    field: str,
    path: str,
    answer: str,
    params: list[tuple[str, str]],
) -> None:
    # Airing today, on the air and top rated shows were not recorded: popular shows stand in.
    tmdb.get(path).mock(return_value=ok(answer))

    result = await graphql(client, f"{{ list: {field} {{ results {{ __typename }} }} }}")

    assert [sent(r, settings) for r in upstream_requests(tmdb, settings)] == [(f"/3{path}", params)]
    # A mixed list's kinds are TMDB's media types; the others are one kind.
    kinds = {"movie": "Movie", "tv": "TVShow", "person": "Person"}
    one_kind = {"movie": "Movie", "tv": "TVShow", "person": "Person"}.get(path.split("/")[1])
    recorded: list[dict[str, Any]] = fixture_json(answer)["results"]
    assert result["data"]["list"]["results"] == [
        {"__typename": one_kind or kinds[r["media_type"]]} for r in recorded
    ]


async def test_cursors_are_positions_even_after_a_short_page(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    # The recorded trending page holds 3 results (curated), for each page asked: a small edit.
    recorded = fixture_json("trending_all__week.json")

    def trending(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={**recorded, "page": int(request.url.params["page"])})

    tmdb.get("/trending/all/week").mock(side_effect=trending)

    result = await graphql(
        client,
        """{ trending(timeWindow: WEEK, first: 25) {
              edges { cursor } pageInfo { hasNextPage endCursor } } }""",
    )

    # Results 0 to 2 of page 1, then 20 to 22 of page 2; TMDB counts 1,000 pages.
    connection = result["data"]["trending"]
    assert [e["cursor"] for e in connection["edges"]] == [cursor(i) for i in (0, 1, 2, 20, 21, 22)]
    assert connection["pageInfo"] == {"hasNextPage": True, "endCursor": cursor(22)}
    assert sorted(r.url.params["page"] for r in upstream_requests(tmdb, settings)) == ["1", "2"]


async def test_the_last_page_has_no_next(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/search/person").mock(return_value=ok("search_person__julian-beck.json"))

    result = await graphql(
        client,
        """{ searchPeople(query: "Julian Beck", first: 1) {
               totalResults pageInfo { hasNextPage } }
             all: searchPeople(query: "Julian Beck") {
               results { name } pageInfo { hasNextPage } } }""",
    )

    # TMDB found 2 people, on 1 page: one of them leaves one after it; both leave none.
    assert result["data"]["searchPeople"] == {"totalResults": 2, "pageInfo": {"hasNextPage": True}}
    assert result["data"]["all"]["pageInfo"] == {"hasNextPage": False}
    assert len(upstream_requests(tmdb, settings)) == 1
