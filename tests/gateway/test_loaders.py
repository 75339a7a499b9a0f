"""The entity loader turns one tick's keys into the fewest upstream fetches."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
import pytest

from gateway.loaders import EntityLoader, LoaderKey
from tests.helpers import body, fixture_json
from tmdbfusion import models
from tmdbfusion.errors import NotFoundError
from tmdbfusion.request import MAX_APPEND
from tmdbfusion.resource import Key, QueryParams, Resource, query_params
from tmdbfusion.resources import TABLE

Call = tuple[str, Key, str | None, tuple[str, ...]]
MOVIE = TABLE["movies.details"]
SEASON = TABLE["tv.season"]

# Which real body answers for which entity.
BODIES: dict[tuple[str, Key], str] = {
    ("movies.details", (550,)): "movie_details__550.json",
    ("movies.details", (76,)): "movie_details_append__76.json",
    ("people.details", (287,)): "person_details_append__287.json",
    ("tv.season", (1399, 1)): "tv_season__1399-s1.json",
}
# Real part bodies, by entity, to fill in the parts a fetch asked for.
PART_BODIES: dict[tuple[str, Key], dict[str, msgspec.Struct]] = {
    ("movies.details", (550,)): {
        "credits": TABLE["movies.credits"].decoder.decode(body("movie_credits__550.json")),
        "images": TABLE["movies.images"].decoder.decode(body("movie_images__550.json")),
        "videos": TABLE["movies.videos"].decoder.decode(body("movie_videos__550.json")),
        "keywords": TABLE["movies.keywords"].decoder.decode(body("movie_keywords__550.json")),
        "watch/providers": TABLE["movies.watch_providers"].decoder.decode(
            body("movie_watch_providers__550.json")
        ),
    },
    ("tv.season", (1399, 1)): {
        # The one season body recorded with parts: season 2 of another show.
        part: getattr(
            TABLE["tv.season"].decoder.decode(body("tv_season_append__1396-s2.json")), part
        )
        for part in ("credits", "external_ids", "images")
    },
}
MOVIE_550_PARTS = PART_BODIES["movies.details", (550,)]
MISSING = 99999999


class FakeUpstream:
    """A recording ``fetch``: answers from real bodies, 404s for an id it does not know.

    Movie 550's and season 1399/1's answers carry exactly the parts that were asked for, as
    TMDB's would.
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []

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
        await asyncio.sleep(0)
        if (resource.name, key) not in BODIES:
            raise NotFoundError(f"TMDB answered 404 for {resource.name} {key}", status_code=404)
        entity = resource.decoder.decode(body(BODIES[resource.name, key]))
        known = PART_BODIES.get((resource.name, key))
        if known is not None:
            fields = {resource.parts[p].field: known[p] for p in parts if p in known}
            entity = msgspec.structs.replace(entity, **fields)
        return entity


@pytest.fixture
def upstream() -> FakeUpstream:
    return FakeUpstream()


@pytest.fixture
async def loader(upstream: FakeUpstream) -> EntityLoader:
    # Async: aiodataloader binds the event loop running when the loader is built.
    return EntityLoader(upstream)


async def load_all(loader: EntityLoader, keys: list[LoaderKey]) -> list[Any]:
    """Load every key in the same tick, as sibling resolvers do."""
    return list(await asyncio.gather(*(loader.load(key) for key in keys)))


async def test_parts_of_one_entity_are_one_fetch(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    keys: list[LoaderKey] = [
        ("movies.details", (550,), None, (), "videos"),
        ("movies.details", (550,), None, (), "credits"),
        ("movies.details", (550,), None, (), "images"),
        ("movies.details", (550,), None, (), "credits"),
    ]

    results = await load_all(loader, keys)

    assert upstream.calls == [("movies.details", (550,), None, ("credits", "images", "videos"))]
    assert all(result is results[0] for result in results)
    assert isinstance(results[0], models.Movie)
    assert results[0].credits == MOVIE_550_PARTS["credits"]


async def test_details_ride_along_with_parts(loader: EntityLoader, upstream: FakeUpstream) -> None:
    results = await load_all(
        loader,
        [
            ("movies.details", (550,), None, (), None),
            ("movies.details", (550,), None, (), "credits"),
        ],
    )

    assert upstream.calls == [("movies.details", (550,), None, ("credits",))]
    assert results[0] is results[1]
    assert results[0].id == 550


async def test_details_alone_append_nothing(loader: EntityLoader, upstream: FakeUpstream) -> None:
    movie = await loader.entity(MOVIE, (550,), None)

    assert upstream.calls == [("movies.details", (550,), None, ())]
    assert isinstance(movie, models.Movie)
    assert movie.title == fixture_json("movie_details__550.json")["title"]


async def test_distinct_entities_are_fetched_concurrently() -> None:
    started: list[Call] = []
    both_started = asyncio.Event()

    async def fetch(
        resource: Resource[Any],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        operation: object = None,
        params: QueryParams = (),
    ) -> Any:
        started.append((resource.name, key, language, parts))
        if len(started) == 2:
            both_started.set()
        # Sequential fetches would time out here: the second would never start.
        await asyncio.wait_for(both_started.wait(), timeout=1)
        return resource.decoder.decode(body(BODIES[resource.name, key]))

    loader = EntityLoader(fetch)
    movie, person = await load_all(
        loader,
        [
            ("movies.details", (550,), None, (), "credits"),
            ("people.details", (287,), None, (), None),
        ],
    )

    assert sorted(started) == [
        ("movies.details", (550,), None, ("credits",)),
        ("people.details", (287,), None, ()),
    ]
    assert isinstance(movie, models.Movie)
    assert movie.id == 550
    assert isinstance(person, models.Person)
    assert person.name == "Brad Pitt"


async def test_languages_are_separate_fetches(loader: EntityLoader, upstream: FakeUpstream) -> None:
    english, german = await load_all(
        loader,
        [
            ("movies.details", (550,), None, (), "credits"),
            ("movies.details", (550,), "de", (), "credits"),
        ],
    )

    assert sorted(upstream.calls, key=str) == [
        ("movies.details", (550,), "de", ("credits",)),
        ("movies.details", (550,), None, ("credits",)),
    ]
    assert english is not german


async def test_more_parts_than_tmdb_allows_are_split(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    # The loader does not know part names; 25 distinct ones stand in for TMDB's.
    parts = [f"part{i:02d}" for i in range(25)]

    await load_all(loader, [("movies.details", (550,), None, (), part) for part in reversed(parts)])

    assert MAX_APPEND == 20
    assert upstream.calls == [
        ("movies.details", (550,), None, tuple(parts[:20])),
        ("movies.details", (550,), None, tuple(parts[20:])),
    ]


async def test_a_failed_entity_fails_only_its_keys(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    keys: list[LoaderKey] = [
        ("movies.details", (550,), None, (), "credits"),
        ("movies.details", (MISSING,), None, (), None),
        ("movies.details", (MISSING,), None, (), "credits"),
        ("people.details", (287,), None, (), None),
    ]

    movie, *missing, person = await asyncio.gather(
        *(loader.load(key) for key in keys), return_exceptions=True
    )

    assert len(upstream.calls) == 3
    assert isinstance(movie, models.Movie)
    assert isinstance(person, models.Person)
    assert [type(error) for error in missing] == [NotFoundError, NotFoundError]
    assert all(str(MISSING) in str(error) for error in missing)


async def test_entity_merges_parts_carried_by_different_results(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    # Two parts already answered by different fetches (as a split call leaves them).
    credits_only = await loader.entity(MOVIE, (550,), None, ["credits"])
    await loader.entity(MOVIE, (550,), None, ["videos", "images"])
    assert isinstance(credits_only, models.Movie)
    assert credits_only.videos is None

    movie = await loader.entity(MOVIE, (550,), None, ["credits", "images", "videos"])

    # Both came from the loader's cache: no new fetch, one Struct holding all three.
    assert upstream.calls == [
        ("movies.details", (550,), None, ("credits",)),
        ("movies.details", (550,), None, ("images", "videos")),
    ]
    assert isinstance(movie, models.Movie)
    assert movie.id == 550
    assert movie.credits == MOVIE_550_PARTS["credits"]
    assert movie.images == MOVIE_550_PARTS["images"]
    assert movie.videos == MOVIE_550_PARTS["videos"]
    assert movie.keywords is None


async def test_entity_with_one_fetch_is_that_result(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    movie = await loader.entity(MOVIE, (76,), None, ["credits", "videos"])

    assert upstream.calls == [("movies.details", (76,), None, ("credits", "videos"))]
    assert isinstance(movie, models.Movie)
    assert movie.credits is not None
    assert movie.credits.cast


async def test_max_append_splits_and_entity_merges(upstream: FakeUpstream) -> None:
    loader = EntityLoader(upstream, max_append=2)

    movie = await loader.entity(MOVIE, (550,), None, ["videos", "keywords", "credits", "images"])

    assert upstream.calls == [
        ("movies.details", (550,), None, ("credits", "images")),
        ("movies.details", (550,), None, ("keywords", "videos")),
    ]
    assert isinstance(movie, models.Movie)
    assert movie.credits == MOVIE_550_PARTS["credits"]
    assert movie.images == MOVIE_550_PARTS["images"]
    assert movie.keywords == MOVIE_550_PARTS["keywords"]
    assert movie.videos == MOVIE_550_PARTS["videos"]


async def test_a_season_batches_its_parts_like_a_movie(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    keys: list[LoaderKey] = [
        ("tv.season", (1399, 1), "de", (), "images"),
        ("tv.season", (1399, 1), "de", (), "credits"),
        ("tv.season", (1399, 1), "de", (), None),
        ("movies.details", (550,), "de", (), "credits"),
    ]

    season, *rest, movie = await load_all(loader, keys)

    assert sorted(upstream.calls, key=str) == [
        ("movies.details", (550,), "de", ("credits",)),
        ("tv.season", (1399, 1), "de", ("credits", "images")),
    ]
    assert all(other is season for other in rest)
    assert isinstance(season, models.Season)
    assert season.season_number == fixture_json("tv_season__1399-s1.json")["season_number"]
    assert season.credits == PART_BODIES["tv.season", (1399, 1)]["credits"]
    assert isinstance(movie, models.Movie)


async def test_split_parts_merge_into_the_fields_their_row_names(upstream: FakeUpstream) -> None:
    loader = EntityLoader(upstream, max_append=1)

    movie = await loader.entity(MOVIE, (550,), None, ["watch/providers", "credits"])

    assert upstream.calls == [
        ("movies.details", (550,), None, ("credits",)),
        ("movies.details", (550,), None, ("watch/providers",)),
    ]
    assert isinstance(movie, models.Movie)
    assert movie.watch_providers == MOVIE_550_PARTS["watch/providers"]
    assert movie.credits == MOVIE_550_PARTS["credits"]


async def test_query_parameters_keep_lists_apart_and_ride_to_the_fetch() -> None:
    asked: list[tuple[str, QueryParams]] = []

    async def fetch(
        resource: Resource[Any],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        operation: object = None,
        params: QueryParams = (),
    ) -> Any:
        asked.append((resource.name, params))
        return resource.decoder.decode(body("search_multi__batman-curated.json"))

    loader = EntityLoader(fetch)
    batman = query_params(page=1, query="batman")
    page_two = query_params(page=2, query="batman")
    one, same, two = await load_all(
        loader,
        [
            ("search.multi", (), None, batman, None),
            ("search.multi", (), None, batman, None),
            ("search.multi", (), None, page_two, None),
        ],
    )

    assert sorted(asked) == [("search.multi", batman), ("search.multi", page_two)]
    assert one is same
    assert one is not two
    assert batman == (("page", 1), ("query", "batman"))
