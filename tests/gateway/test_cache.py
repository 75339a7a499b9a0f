"""The shared upstream layer: singleflight of identical GETs, and a bounded TTL cache."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import msgspec
import pytest
import respx

from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.operation import Operation, OperationCancelledError
from tests.helpers import appended, body, fixture_json, graphql, ok, upstream_calls
from tmdbfusion import errors, models as tmdb
from tmdbfusion.resource import Key, QueryParams, Resource, query_params
from tmdbfusion.resources import TABLE

MOVIE = TABLE["movies.details"]
SEASON = TABLE["tv.season"]
MOVIE_76 = MOVIE.decoder.decode(body("movie_details_append__76.json"))
SEASON_1396_2 = SEASON.decoder.decode(body("tv_season_append__1396-s2.json"))
# What the fake fetch answers, by row: real bodies, each recorded with every part appended.
RECORDED = {
    "movies.details": MOVIE_76,
    "tv.season": SEASON_1396_2,
    "tv.details": TABLE["tv.details"].decoder.decode(body("tv_details_append__1396.json")),
    "search.multi": TABLE["search.multi"].decoder.decode(body("search_multi__batman-curated.json")),
}


class Recorder:
    """A fetch that records its calls and answers with a real body after a short pause."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: list[tuple[str, Key, str | None, tuple[str, ...]]] = []
        self.params: list[QueryParams] = []
        self.fail = fail

    async def __call__(
        self,
        resource: Resource[Any],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        operation: object = None,
        params: QueryParams = (),
    ) -> Any:
        self.calls.append((resource.name, key, language, parts))
        self.params.append(params)
        await asyncio.sleep(0.01)
        if self.fail is not None:
            raise self.fail
        recorded = RECORDED[resource.name]
        # Like TMDB, answer only the parts asked for.
        absent = {p.field: None for p in resource.parts.values() if p.name not in parts}
        return msgspec.structs.replace(recorded, **absent)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def shared(fetch: Recorder, clock: Clock | None = None, max_entries: int = 100) -> SharedUpstream:
    return SharedUpstream(fetch, ttl=60, max_entries=max_entries, clock=clock or Clock())


async def test_identical_concurrent_fetches_share_one_get() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    a, b = await asyncio.gather(
        upstream.entity(MOVIE, (76,), None, ("credits",)),
        upstream.entity(MOVIE, (76,), None, ("credits",)),
    )

    assert fetch.calls == [("movies.details", (76,), None, ("credits",))]
    assert a is b


async def test_a_subset_joins_the_get_in_flight_but_a_superset_does_not() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    await asyncio.gather(
        upstream.entity(MOVIE, (76,), None, ("credits", "images")),
        upstream.entity(MOVIE, (76,), None, ("images",)),
        upstream.entity(MOVIE, (76,), None, ("credits", "images", "videos")),
    )

    assert fetch.calls == [
        ("movies.details", (76,), None, ("credits", "images")),
        ("movies.details", (76,), None, ("credits", "images", "videos")),
    ]


async def test_cached_parts_answer_without_a_get_until_they_expire() -> None:
    fetch = Recorder()
    clock = Clock()
    upstream = shared(fetch, clock)

    await upstream.entity(MOVIE, (76,), None, ("credits", "images"))
    cached = await upstream.entity(MOVIE, (76,), None, ("credits",))
    assert isinstance(cached, tmdb.Movie)
    assert cached.credits is not None
    assert len(fetch.calls) == 1

    clock.now += 61
    await upstream.entity(MOVIE, (76,), None, ("credits",))
    assert len(fetch.calls) == 2


async def test_a_new_part_is_fetched_and_merged_with_the_cached_ones() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    await upstream.entity(MOVIE, (76,), None, ("credits",))
    await upstream.entity(MOVIE, (76,), None, ("videos",))
    both = await upstream.entity(MOVIE, (76,), None, ("credits", "videos"))

    assert [call[3] for call in fetch.calls] == [("credits",), ("videos",)]
    assert isinstance(both, tmdb.Movie)
    assert both.credits is not None
    assert both.videos is not None


async def test_language_is_part_of_the_key() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    await upstream.entity(MOVIE, (76,), "de", ())
    await upstream.entity(MOVIE, (76,), None, ())
    await upstream.entity(MOVIE, (76,), "de", ())

    assert [call[2] for call in fetch.calls] == ["de", None]


async def test_the_cache_is_bounded_least_recently_used_first() -> None:
    fetch = Recorder()
    upstream = shared(fetch, max_entries=2)

    for id in (1, 2, 1, 3):  # touching 1 again makes 2 the least recently used
        await upstream.entity(MOVIE, (id,), None, ())
    assert len(upstream) == 2
    await upstream.entity(MOVIE, (1,), None, ())
    assert len(fetch.calls) == 3
    await upstream.entity(MOVIE, (2,), None, ())
    assert len(fetch.calls) == 4


async def test_errors_are_shared_in_flight_but_not_cached() -> None:
    fetch = Recorder(fail=errors.NotFoundError("TMDB answered 404", status_code=404))
    upstream = shared(fetch)

    results = await asyncio.gather(
        upstream.entity(MOVIE, (9,), None, ()),
        upstream.entity(MOVIE, (9,), None, ()),
        return_exceptions=True,
    )
    assert [type(r) for r in results] == [errors.NotFoundError] * 2
    assert len(fetch.calls) == 1

    with pytest.raises(errors.NotFoundError):
        await upstream.entity(MOVIE, (9,), None, ())
    assert len(fetch.calls) == 2


async def test_one_caller_giving_up_does_not_cancel_the_get_for_the_other() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    impatient = asyncio.ensure_future(upstream.entity(MOVIE, (76,), None, ()))
    patient = asyncio.ensure_future(upstream.entity(MOVIE, (76,), None, ()))
    await asyncio.sleep(0)
    impatient.cancel()

    assert (await patient).id == 76
    assert len(fetch.calls) == 1


class Held:
    """A fetch that answers only when released, and notes whether it was cancelled instead."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = asyncio.Event()
        self.cancelled = False

    async def __call__(
        self,
        resource: Resource[Any],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        operation: object = None,
        params: QueryParams = (),
    ) -> Any:
        self.calls += 1
        try:
            await self.release.wait()
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        return MOVIE_76


async def test_the_last_caller_giving_up_cancels_the_get() -> None:
    fetch = Held()
    upstream = SharedUpstream(fetch, ttl=60, max_entries=100)

    callers = [asyncio.ensure_future(upstream.entity(MOVIE, (76,), None, ())) for _ in range(2)]
    await asyncio.sleep(0)
    callers[0].cancel()
    await asyncio.sleep(0)
    assert not fetch.cancelled
    callers[1].cancel()
    await asyncio.gather(*callers, return_exceptions=True)
    await asyncio.sleep(0)

    assert fetch.calls == 1
    assert fetch.cancelled
    # Nothing was cached, and the next caller sends a new GET.
    fetch.release.set()
    assert (await upstream.entity(MOVIE, (76,), None, ())).id == 76
    assert fetch.calls == 2


async def test_an_operation_stops_waiting_at_its_deadline() -> None:
    fetch = Held()
    upstream = SharedUpstream(fetch, ttl=60, max_entries=100)

    with pytest.raises(errors.UpstreamTimeoutError, match="deadline"):
        await upstream.entity(MOVIE, (76,), None, (), Operation(0.02))
    await asyncio.sleep(0)

    assert fetch.cancelled  # nobody else was waiting for it


async def test_an_operation_past_its_deadline_sends_nothing() -> None:
    clock = Clock()
    operation = Operation(5, clock=clock)
    clock.now += 5
    fetch = Held()
    upstream = SharedUpstream(fetch, ttl=60, max_entries=100)

    with pytest.raises(errors.UpstreamTimeoutError, match="deadline"):
        await upstream.entity(MOVIE, (76,), None, (), operation)

    assert fetch.calls == 0


async def test_a_cancelled_operation_leaves_a_joined_get_to_the_other() -> None:
    fetch = Held()
    upstream = SharedUpstream(fetch, ttl=60, max_entries=100)
    leaving, staying = Operation(5), Operation(5)

    first = asyncio.ensure_future(upstream.entity(MOVIE, (76,), None, ("credits",), leaving))
    second = asyncio.ensure_future(upstream.entity(MOVIE, (76,), None, (), staying))
    await asyncio.sleep(0)
    leaving.cancel()
    with pytest.raises(OperationCancelledError):
        await first
    fetch.release.set()

    assert (await second).id == 76
    assert fetch.calls == 1
    assert not fetch.cancelled
    # A cancelled operation starts nothing more.
    with pytest.raises(OperationCancelledError):
        await upstream.entity(MOVIE, (550,), None, (), leaving)
    assert fetch.calls == 1


async def test_concurrent_graphql_requests_share_one_tmdb_request(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return ok("movie_details__550.json")

    tmdb.get("/movie/550").mock(side_effect=slow)
    query = "{ movie(id: 550) { title } }"

    results = await asyncio.gather(*(graphql(client, query) for _ in range(5)))
    again = await graphql(client, query)

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
    assert {r["data"]["movie"]["title"] for r in [*results, again]} == {"Fight Club"}


async def test_the_cache_is_bounded_by_bytes_too() -> None:
    fetch = Recorder()
    size = len(msgspec.json.encode(await Recorder()(MOVIE, (76,), None, ())))
    upstream = SharedUpstream(fetch, ttl=60, max_entries=100, max_bytes=2 * size + size // 2)

    for id in (1, 2, 3):
        await upstream.entity(MOVIE, (id,), None, ())

    assert len(upstream) == 2  # the third entity pushed the least recently used one out
    assert upstream.size == 2 * size
    await upstream.entity(MOVIE, (1,), None, ())
    assert len(fetch.calls) == 4


async def test_merging_parts_into_an_entry_recounts_its_bytes() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    await upstream.entity(MOVIE, (76,), None, ())
    bare = upstream.size
    await upstream.entity(MOVIE, (76,), None, ("credits",))

    merged = upstream.cached(MOVIE, (76,), None, ("credits",))
    assert merged is not None
    assert upstream.size == len(msgspec.json.encode(merged)) > bare


async def test_a_season_is_keyed_and_merged_like_a_movie() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    await upstream.entity(SEASON, (1396, 2), None, ("credits",))
    await upstream.entity(SEASON, (1396, 2), None, ("images",))
    both = await upstream.entity(SEASON, (1396, 2), None, ("credits", "images"))
    other = await upstream.entity(SEASON, (1396, 3), None, ("credits",))

    assert fetch.calls == [
        ("tv.season", (1396, 2), None, ("credits",)),
        ("tv.season", (1396, 2), None, ("images",)),
        ("tv.season", (1396, 3), None, ("credits",)),
    ]
    assert isinstance(both, tmdb.Season)
    assert both.credits == SEASON_1396_2.credits
    assert both.images == SEASON_1396_2.images
    assert both.external_ids is None
    assert other is not both


async def test_a_part_is_merged_into_the_field_its_row_names() -> None:
    # "watch/providers" decodes into the field watch_providers.
    fetch = Recorder()
    upstream = shared(fetch)

    await upstream.entity(MOVIE, (76,), None, ("watch/providers",))
    await upstream.entity(MOVIE, (76,), None, ("credits",))
    merged = upstream.cached(MOVIE, (76,), None, ("credits", "watch/providers"))

    assert merged is not None
    assert merged.watch_providers == MOVIE_76.watch_providers is not None
    assert merged.credits == MOVIE_76.credits
    assert len(fetch.calls) == 2


async def test_the_same_key_of_two_rows_is_two_entries() -> None:
    fetch = Recorder()
    upstream = shared(fetch)

    await upstream.entity(MOVIE, (76,), None, ())
    await upstream.entity(TABLE["tv.details"], (76,), None, ())

    assert [call[:2] for call in fetch.calls] == [("movies.details", (76,)), ("tv.details", (76,))]
    assert len(upstream) == 2


@pytest.mark.parametrize(
    ("setting", "row", "cached_for"),
    [
        pytest.param(60, "movies.details", 60, id="setting-shorter"),  # the row's: 28,800 s
        pytest.param(3600, "search.multi", 600, id="row-shorter"),  # TMDB's max-age for searches
        pytest.param(60, "movies.lists", 0, id="row-uncached"),  # TMDB says max-age=0
    ],
)
async def test_an_entry_lives_the_shorter_of_the_setting_and_its_rows_lifetime(
    setting: float, row: str, cached_for: float
) -> None:
    clock = Clock()
    upstream = SharedUpstream(Recorder(), ttl=setting, max_entries=100, clock=clock)
    resource = TABLE[row]

    upstream.put(resource, (), None, MOVIE_76, frozenset())
    hit = upstream.cached(resource, (), None)
    clock.now += cached_for - 1
    before_expiry = upstream.cached(resource, (), None)
    clock.now += 1

    assert (hit is MOVIE_76) is (cached_for > 0)
    assert (before_expiry is MOVIE_76) is (cached_for > 1)
    assert upstream.cached(resource, (), None) is None
    assert len(upstream) == (1 if cached_for else 0)


async def test_only_the_parts_missing_from_a_fresh_entry_are_fetched() -> None:
    fetch = Recorder()
    clock = Clock()
    upstream = shared(fetch, clock)

    await upstream.entity(MOVIE, (76,), None, ("credits",))
    clock.now += 30
    both = await upstream.entity(MOVIE, (76,), None, ("credits", "images"))

    assert [call[3] for call in fetch.calls] == [("credits",), ("images",)]
    assert isinstance(both, tmdb.Movie)
    assert both.credits == MOVIE_76.credits
    assert both.images == MOVIE_76.images
    # The merged entry is as old as its oldest part: the credits expire 60 s after their GET.
    clock.now += 29
    assert upstream.cached(MOVIE, (76,), None, ("credits", "images")) is both
    clock.now += 2
    await upstream.entity(MOVIE, (76,), None, ("images",))
    assert [call[3] for call in fetch.calls] == [("credits",), ("images",), ("images",)]


async def test_a_part_missing_from_a_fresh_entry_merges_into_its_field() -> None:
    # "watch/providers" is the field watch_providers, and the cached credits stay.
    fetch = Recorder()
    upstream = shared(fetch)

    await upstream.entity(MOVIE, (76,), None, ("credits",))
    both = await upstream.entity(MOVIE, (76,), None, ("credits", "watch/providers"))

    assert [call[3] for call in fetch.calls] == [("credits",), ("watch/providers",)]
    assert both.credits == MOVIE_76.credits
    assert both.watch_providers == MOVIE_76.watch_providers is not None


async def test_a_query_for_cached_credits_and_images_appends_only_images(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    details = fixture_json("movie_details__550.json")
    credits = fixture_json("movie_credits__550.json")
    images = fixture_json("movie_images__550.json")

    def answer(request: httpx.Request) -> httpx.Response:
        # Like TMDB, carry exactly the parts asked for.
        parts = {"credits": credits, "images": images}
        return httpx.Response(200, json={**details, **{p: parts[p] for p in appended(request)}})

    tmdb.get("/movie/550").mock(side_effect=answer)

    await graphql(client, "{ movie(id: 550) { credits { cast { name } } } }")
    result = await graphql(
        client,
        "{ movie(id: 550) { title credits { cast { name } } images { posters { filePath } } } }",
    )

    assert upstream_calls(tmdb, settings) == [
        ("/3/movie/550", {"credits"}),
        ("/3/movie/550", {"images"}),
    ]
    movie = result["data"]["movie"]
    assert movie["title"] == details["title"]
    assert [c["name"] for c in movie["credits"]["cast"]] == [c["name"] for c in credits["cast"]]
    assert [p["filePath"] for p in movie["images"]["posters"]] == [
        p["file_path"] for p in images["posters"]
    ]


async def test_a_fetched_entry_lives_at_most_its_rows_lifetime() -> None:
    fetch = Recorder()
    clock = Clock()
    upstream = SharedUpstream(fetch, ttl=3600, max_entries=100, clock=clock)
    search = TABLE["search.multi"]  # TMDB's max-age for a search: 600 s

    first = await upstream.entity(search, (), None)
    clock.now += 599
    assert await upstream.entity(search, (), None) is first
    assert upstream.expiry(search, (), None) == clock.now + 1
    clock.now += 1
    await upstream.entity(search, (), None)

    assert [call[:2] for call in fetch.calls] == [("search.multi", ())] * 2


async def test_query_parameters_are_part_of_every_key() -> None:
    fetch = Recorder()
    clock = Clock()
    upstream = SharedUpstream(fetch, ttl=3600, max_entries=100, clock=clock)
    multi = TABLE["search.multi"]
    batman = query_params(query="batman", page=1)
    page_two = query_params(query="batman", page=2)

    # Two identical searches in flight are one GET; another page of it is another.
    first, joined, second = await asyncio.gather(
        upstream.entity(multi, (), None, (), None, batman),
        upstream.entity(multi, (), None, (), None, batman),
        upstream.entity(multi, (), None, (), None, page_two),
    )
    again = await upstream.entity(multi, (), None, (), None, batman)
    in_french = await upstream.entity(multi, (), "fr-FR", (), None, batman)

    assert fetch.params == [batman, page_two, batman]
    assert [call[2] for call in fetch.calls] == [None, None, "fr-FR"]
    assert first is joined is again
    assert second is not first
    assert in_french is not first
    assert upstream.cached(multi, (), None, (), batman) is first
    assert upstream.cached(multi, (), None, (), query_params(query="batman")) is None
    assert upstream.cached(multi, (), None) is None
    # A search lives TMDB's max-age for searches (600 s), and its expiry is its own: one not
    # held would be fetched now, for a whole lifetime.
    fetched_at = clock.now
    clock.now += 100
    assert upstream.expiry(multi, (), None, batman) == fetched_at + 600
    assert upstream.expiry(multi, (), None, query_params(query="robin")) == clock.now + 600
