"""``TMDBFUSION_CACHE_MB`` bounds the memory the process cache holds, as tracemalloc counts it:
each entry's estimated footprint against tracemalloc on real bodies (bench/footprint.py lists
them), and a cache filled with them under a 5 MB bound."""

from __future__ import annotations

import msgspec
import pytest

from bench.footprint import (
    BODIES,
    MB,
    decoded,
    fetch_real_bodies,
    held_parts,
    traced,
    traced_per_copy,
)
from gateway.cache import SharedUpstream
from gateway.footprint import ENTRY_OVERHEAD, EVERY, FIRST, Footprint, pieces, resident
from tmdbfusion.resources import TABLE


@pytest.mark.parametrize(("row", "name"), BODIES)
def test_an_entitys_walked_size_is_tracemallocs(row: str, name: str) -> None:
    value = decoded(row, name)
    msgspec.json.encode(value)

    assert resident(value) == pytest.approx(traced_per_copy(row, name), rel=0.2)


@pytest.mark.parametrize(("row", "name"), BODIES)
def test_an_entrys_estimate_is_tracemallocs_once_learned(row: str, name: str) -> None:
    # Past the walked samples, each estimate is the learned ratio times the JSON size.
    footprint = Footprint()
    resource = TABLE[row]
    for _ in range(FIRST):
        footprint(resource, decoded(row, name))
    estimate = footprint(resource, decoded(row, name)) - ENTRY_OVERHEAD

    assert estimate == pytest.approx(traced_per_copy(row, name), rel=0.2)


def test_one_piece_in_every_is_walked_after_the_first() -> None:
    walked: list[int] = []
    footprint = Footprint()
    resource = TABLE["movies.details"]
    value = decoded("movies.details", "movie_details_append__76.json")
    pieces = 1 + len(held_parts(resource, value))  # the details, and each part held

    with pytest.MonkeyPatch.context() as patch:

        def counting(piece: object) -> int:
            walked.append(id(piece))
            return resident(piece)

        patch.setattr("gateway.footprint.resident", counting)
        for _ in range(FIRST + 2 * EVERY):
            footprint(resource, value)

    # FIRST walks of each piece, then one at the EVERY-th and the 2*EVERY-th.
    assert len(walked) == pieces * (FIRST + 2)


async def test_the_cache_holds_no_more_memory_than_its_bound() -> None:
    fetch, asks = fetch_real_bodies()
    bound = 5 * MB
    # Every body decoded and stored once first, so msgspec's and the vocabulary's own caches
    # are not counted as the cache's.
    warm = SharedUpstream(fetch, ttl=3600, max_entries=100_000, max_bytes=bound)
    for resource, keys, language, parts in asks[: len(BODIES)]:
        await warm.entity(resource, keys, language, parts)
    del warm

    upstream = SharedUpstream(fetch, ttl=3600, max_entries=100_000, max_bytes=bound)
    with traced() as held:
        for resource, keys, language, parts in asks:
            await upstream.entity(resource, keys, language, parts)
    [memory] = held

    assert len(upstream) < len(asks)  # entries were evicted to stay within the bound
    assert upstream.size <= bound
    # What tracemalloc finds the cache holding: the bound, give or take 10%.
    assert 0.8 * bound < memory < 1.1 * bound, f"{memory / MB:.2f} MB held"


def test_a_piece_far_smaller_than_those_learned_is_walked_not_scaled() -> None:
    # An empty images part costs 4.5 times its JSON, a full one 1.8: sizes learn apart.
    resource = TABLE["movies.details"]
    images = decoded("movies.images", "movie_images__550.json")  # the part's own row's body
    full = msgspec.structs.replace(
        decoded("movies.details", "movie_details__550.json"), images=images
    )
    empty = msgspec.structs.replace(
        full, images=msgspec.structs.replace(images, posters=[], backdrops=[], logos=[])
    )
    footprint = Footprint(first=0)
    footprint.learn(resource, full)

    assert footprint.learned(resource, full)
    assert not footprint.learned(resource, empty)
    assert footprint(resource, empty) == ENTRY_OVERHEAD + sum(
        resident(piece) for _, piece in pieces(resource, empty)
    )
