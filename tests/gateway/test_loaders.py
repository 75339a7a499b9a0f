"""The entity loader turns one tick's keys into the fewest upstream fetches."""

from __future__ import annotations

import asyncio

import msgspec
import pytest

from gateway.loaders import EntityLoader, Key
from gateway.tmdb import models
from gateway.tmdb.client import DECODERS, MAX_APPEND, Entity
from gateway.tmdb.errors import NotFoundError
from tests.helpers import body, fixture_json

Call = tuple[str, int, str | None, tuple[str, ...]]

# Which real body answers for which entity.
BODIES = {
    ("movie", 550): "movie_details__550.json",
    ("movie", 76): "movie_details_append__76.json",
    ("person", 287): "person_details_append__287.json",
}
# Real part bodies of movie 550, to fill in the parts a fetch asked for.
MOVIE_550_PARTS: dict[str, msgspec.Struct] = {
    "credits": msgspec.json.decode(body("movie_credits__550.json"), type=models.Credits),
    "images": msgspec.json.decode(body("movie_images__550.json"), type=models.Images),
    "videos": msgspec.json.decode(body("movie_videos__550.json"), type=models.Videos),
    "keywords": msgspec.json.decode(body("movie_keywords__550.json"), type=models.Keywords),
}
MISSING = 99999999


class FakeUpstream:
    """A recording ``fetch``: answers from real bodies, 404s for an id it does not know.

    Movie 550's answer carries exactly the parts that were asked for, as TMDB's would.
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []

    async def __call__(
        self,
        kind: str,
        id: int,
        language: str | None,
        parts: tuple[str, ...],
        operation: object = None,
    ) -> Entity:
        self.calls.append((kind, id, language, parts))
        await asyncio.sleep(0)
        if (kind, id) not in BODIES:
            raise NotFoundError(f"TMDB answered 404 for /{kind}/{id}", status_code=404)
        entity: Entity = DECODERS[kind].decode(body(BODIES[kind, id]))
        if (kind, id) == ("movie", 550):
            known = {p: MOVIE_550_PARTS[p] for p in parts if p in MOVIE_550_PARTS}
            entity = msgspec.structs.replace(entity, **known)
        return entity


@pytest.fixture
def upstream() -> FakeUpstream:
    return FakeUpstream()


@pytest.fixture
async def loader(upstream: FakeUpstream) -> EntityLoader:
    # Async: aiodataloader binds the event loop running when the loader is built.
    return EntityLoader(upstream)


async def load_all(loader: EntityLoader, keys: list[Key]) -> list[Entity]:
    """Load every key in the same tick, as sibling resolvers do."""
    return list(await asyncio.gather(*(loader.load(key) for key in keys)))


async def test_parts_of_one_entity_are_one_fetch(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    keys: list[Key] = [
        ("movie", 550, None, "videos"),
        ("movie", 550, None, "credits"),
        ("movie", 550, None, "images"),
        ("movie", 550, None, "credits"),
    ]

    results = await load_all(loader, keys)

    assert upstream.calls == [("movie", 550, None, ("credits", "images", "videos"))]
    assert all(result is results[0] for result in results)
    assert isinstance(results[0], models.Movie)
    assert results[0].credits == MOVIE_550_PARTS["credits"]


async def test_details_ride_along_with_parts(loader: EntityLoader, upstream: FakeUpstream) -> None:
    results = await load_all(loader, [("movie", 550, None, None), ("movie", 550, None, "credits")])

    assert upstream.calls == [("movie", 550, None, ("credits",))]
    assert results[0] is results[1]
    assert results[0].id == 550


async def test_details_alone_append_nothing(loader: EntityLoader, upstream: FakeUpstream) -> None:
    movie = await loader.entity("movie", 550, None)

    assert upstream.calls == [("movie", 550, None, ())]
    assert isinstance(movie, models.Movie)
    assert movie.title == fixture_json("movie_details__550.json")["title"]


async def test_distinct_entities_are_fetched_concurrently() -> None:
    started: list[Call] = []
    both_started = asyncio.Event()

    async def fetch(
        kind: str, id: int, language: str | None, parts: tuple[str, ...], operation: object = None
    ) -> Entity:
        started.append((kind, id, language, parts))
        if len(started) == 2:
            both_started.set()
        # Sequential fetches would time out here: the second would never start.
        await asyncio.wait_for(both_started.wait(), timeout=1)
        entity: Entity = DECODERS[kind].decode(body(BODIES[kind, id]))
        return entity

    loader = EntityLoader(fetch)
    movie, person = await load_all(
        loader, [("movie", 550, None, "credits"), ("person", 287, None, None)]
    )

    assert sorted(started) == [("movie", 550, None, ("credits",)), ("person", 287, None, ())]
    assert isinstance(movie, models.Movie)
    assert movie.id == 550
    assert isinstance(person, models.Person)
    assert person.name == "Brad Pitt"


async def test_languages_are_separate_fetches(loader: EntityLoader, upstream: FakeUpstream) -> None:
    english, german = await load_all(
        loader, [("movie", 550, None, "credits"), ("movie", 550, "de", "credits")]
    )

    assert sorted(upstream.calls, key=str) == [
        ("movie", 550, "de", ("credits",)),
        ("movie", 550, None, ("credits",)),
    ]
    assert english is not german


async def test_more_parts_than_tmdb_allows_are_split(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    # The loader does not know part names; 25 distinct ones stand in for TMDB's.
    parts = [f"part{i:02d}" for i in range(25)]

    await load_all(loader, [("movie", 550, None, part) for part in reversed(parts)])

    assert MAX_APPEND == 20
    assert upstream.calls == [
        ("movie", 550, None, tuple(parts[:20])),
        ("movie", 550, None, tuple(parts[20:])),
    ]


async def test_a_failed_entity_fails_only_its_keys(
    loader: EntityLoader, upstream: FakeUpstream
) -> None:
    keys: list[Key] = [
        ("movie", 550, None, "credits"),
        ("movie", MISSING, None, None),
        ("movie", MISSING, None, "credits"),
        ("person", 287, None, None),
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
    credits_only = await loader.entity("movie", 550, None, ["credits"])
    await loader.entity("movie", 550, None, ["videos", "images"])
    assert isinstance(credits_only, models.Movie)
    assert credits_only.videos is None

    movie = await loader.entity("movie", 550, None, ["credits", "images", "videos"])

    # Both came from the loader's cache: no new fetch, one Struct holding all three.
    assert upstream.calls == [
        ("movie", 550, None, ("credits",)),
        ("movie", 550, None, ("images", "videos")),
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
    movie = await loader.entity("movie", 76, None, ["credits", "videos"])

    assert upstream.calls == [("movie", 76, None, ("credits", "videos"))]
    assert isinstance(movie, models.Movie)
    assert movie.credits is not None
    assert movie.credits.cast


async def test_max_append_splits_and_entity_merges(upstream: FakeUpstream) -> None:
    loader = EntityLoader(upstream, max_append=2)

    movie = await loader.entity("movie", 550, None, ["videos", "keywords", "credits", "images"])

    assert upstream.calls == [
        ("movie", 550, None, ("credits", "images")),
        ("movie", 550, None, ("keywords", "videos")),
    ]
    assert isinstance(movie, models.Movie)
    assert movie.credits == MOVIE_550_PARTS["credits"]
    assert movie.images == MOVIE_550_PARTS["images"]
    assert movie.keywords == MOVIE_550_PARTS["keywords"]
    assert movie.videos == MOVIE_550_PARTS["videos"]
