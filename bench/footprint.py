"""How close the process cache's memory estimate comes to tracemalloc, and what it costs.

For each real body in ``BODIES`` (tests/gateway/test_footprint.py checks the same): tracemalloc's
bytes per decoded copy, kept as the gateway keeps it (decoded by its row, credits' vocabulary
shared, JSON-encoded once), against the old measure (the JSON re-encoding's length), the exact
walk (``footprint.resident``) and ``Footprint``'s estimate once its ratio is learned; then each
one's CPU time per entry, and a 5 MB cache filled with 1,000 of these bodies, measured with
tracemalloc under each measure. Run alone with ``python -m bench.footprint``.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final

import msgspec

from gateway.cache import SharedUpstream
from gateway.demo.dataset import DATA, MANIFEST
from gateway.footprint import ENTRY_OVERHEAD, EVERY, FIRST, Footprint, resident
from gateway.vocabulary import share_vocabulary
from tmdbfusion.resource import Key, QueryParams, Resource
from tmdbfusion.resources import TABLE

_encode = msgspec.json.Encoder().encode


def body(name: str) -> bytes:
    """A real TMDB body of the demo dataset (provenance in its PROVENANCE.tsv)."""
    return (DATA / name).read_bytes()


# Real bodies of the rows the gateway caches most, each with its row; entities with parts
# appended, lists of summaries, and the long tail (a 200 KB season, a 240 KB credits list).
BODIES: Final = [
    ("movies.details", "movie_details__550.json"),
    ("movies.details", "movie_details_append__76.json"),
    ("movies.details", "movie_details_append__8681.json"),
    ("movies.credits", "movie_credits__550.json"),
    ("movies.images", "movie_images__550.json"),
    ("tv.details", "tv_details_append__1396.json"),
    ("tv.season", "tv_season__1399-s1.json"),
    ("tv.episode", "tv_episode_append__1396-s2e1.json"),
    ("people.details", "person_details_append__287.json"),
    ("people.details", "person_details_append__12312.json"),
    ("people.combined_credits", "person_combined_credits__1.json"),
    ("search.multi", "search_multi__batman-curated.json"),
    ("movies.popular", "movie_popular__p1.json"),
    ("configuration.details", "configuration__2022.json"),
]
MB: Final = 1024 * 1024
COPIES: Final = 20


def decoded(row: str, name: str) -> Any:
    """A body as the gateway's fetch hands it up: decoded by its row, vocabulary shared."""
    resource = TABLE[row]
    value = resource.decoder.decode(body(name))
    share_vocabulary(resource, value)
    return value


def held_parts(resource: Resource[Any], value: Any) -> tuple[str, ...]:
    return tuple(p.name for p in resource.parts.values() if getattr(value, p.field) is not None)


@contextmanager
def traced() -> Iterator[list[int]]:
    """The bytes allocated in the block and still held after it (after a collection)."""
    result: list[int] = []
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        yield result
        gc.collect()
        result.append(tracemalloc.get_traced_memory()[0] - before)
    finally:
        tracemalloc.stop()


def traced_per_copy(row: str, name: str) -> float:
    """tracemalloc's bytes for one decoded copy of a body, JSON-encoded once as the cache does
    (encoding caches a UTF-8 copy in each non-ASCII str)."""
    raw = body(name)
    resource = TABLE[row]
    kept: list[Any] = [None] * COPIES
    with traced() as held:
        for i in range(COPIES):
            kept[i] = value = resource.decoder.decode(raw)
            share_vocabulary(resource, value)
            msgspec.json.encode(value)
    return held[0] / COPIES


Ask = tuple[Resource[Any], Key, str, tuple[str, ...]]


def fetch_real_bodies() -> tuple[Any, list[Ask]]:
    """A fetch that decodes a fresh copy of a real body for every key, and 1,000 keys to ask:
    the bodies in turn, each ask its own entity (the language tells them apart, as rows such as
    searches have no key of their own)."""
    raws = [body(name) for _, name in BODIES]
    asks: list[Ask] = []
    for n, (row, name) in zip(range(1000), itertools.cycle(BODIES), strict=False):
        resource = TABLE[row]
        parts = held_parts(resource, decoded(row, name))
        asks.append((resource, tuple(n for _ in resource.keys), f"x{n}", parts))

    async def fetch(
        resource: Resource[Any],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        op: Any,
        params: QueryParams = (),
    ) -> Any:
        assert language is not None
        value = resource.decoder.decode(raws[int(language[1:]) % len(raws)])
        share_vocabulary(resource, value)
        return value

    return fetch, asks


def cpu_us(call: Callable[[], object], number: int = 20) -> float:
    """CPU microseconds per call, best of 5 rounds."""
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(number):
            call()
        rounds.append((time.process_time() - start) / number)
    return min(rounds) * 1e6


def every_body() -> list[tuple[str, str]]:
    """Each (row, file) of the demo dataset whose file is the row's whole answer."""
    found = []
    for (row, _), files in MANIFEST.items():
        for name in (files,) if isinstance(files, str) else files:
            try:
                decoded(row, name)
            except msgspec.DecodeError:
                continue  # a part's body filed under its entity
            found.append((row, name))
    return found


def learned_elsewhere(row: str, name: str, others: list[tuple[str, str]]) -> int | None:
    """The estimate for a body from ratios learned on every other body of the dataset; None if
    one of its pieces is of a kind no other body has."""
    footprint = Footprint(first=0, every=2**62)
    for other_row, other in others:
        if (other_row, other) != (row, name):
            footprint.learn(TABLE[other_row], decoded(other_row, other))
    resource, value = TABLE[row], decoded(row, name)
    if not footprint.learned(resource, value):
        return None
    return footprint(resource, value) - ENTRY_OVERHEAD


def accuracy_rows() -> list[str]:
    lines = [
        "| body (row) | tracemalloc B | JSON B (old) | walk B | estimate B | error "
        "| learned elsewhere B | error | decode us | JSON us | walk us | estimate us |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    others = every_body()
    for row, name in BODIES:
        resource = TABLE[row]
        truth = traced_per_copy(row, name)
        value = decoded(row, name)
        json_bytes = len(_encode(value))
        walked = resident(value)
        footprint = Footprint()
        for _ in range(FIRST):
            footprint(resource, decoded(row, name))
        # Like for like: the entity alone, without the entry's own bookkeeping.
        estimate = footprint(resource, value) - ENTRY_OVERHEAD
        elsewhere = learned_elsewhere(row, name, others)
        cross = "-" if elsewhere is None else f"{elsewhere:,} | {elsewhere / truth - 1:+.0%}"
        raw = msgspec.json.encode(value)
        decode_us = cpu_us(lambda: resource.decoder.decode(raw))  # noqa: B023
        json_us = cpu_us(lambda: _encode(value))  # noqa: B023
        walk_us = cpu_us(lambda: resident(value))  # noqa: B023
        # Steady state: one walk per EVERY stores of each piece, the rest JSON times the ratio.
        per_entry_us = cpu_us(lambda: footprint(resource, value), number=EVERY)  # noqa: B023
        lines.append(
            f"| {name} ({row}) | {truth:,.0f} | {json_bytes:,} | {walked:,} | {estimate:,} "
            f"| {estimate / truth - 1:+.0%} | {cross if elsewhere else '- | -'} "
            f"| {decode_us:,.0f} | {json_us:,.0f} | {walk_us:,.0f} | {per_entry_us:,.0f} |"
        )
    return lines


async def fill(bound: int, footprint: Callable[[Any, Any], int] | None) -> tuple[int, int, int]:
    """tracemalloc's bytes held by a cache of ``bound`` bytes filled with 1,000 real bodies;
    its entries and its own count."""
    fetch, asks = fetch_real_bodies()
    warm = SharedUpstream(fetch, ttl=3600, max_entries=100_000, max_bytes=bound)
    for resource, keys, language, parts in asks[: len(BODIES)]:
        await warm.entity(resource, keys, language, parts)
    del warm
    upstream = SharedUpstream(
        fetch, ttl=3600, max_entries=100_000, max_bytes=bound, footprint=footprint
    )
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for resource, keys, language, parts in asks:
        await upstream.entity(resource, keys, language, parts)
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return held, len(upstream), upstream.size


def json_length(resource: Any, value: Any) -> int:
    """The old measure: the entry's JSON re-encoding."""
    return len(_encode(value))


def fill_rows() -> list[str]:
    lines = [
        "| measure | bound | tracemalloc holds | entries kept of 1,000 |",
        "|---|---:|---:|---:|",
    ]
    for label, footprint in (("JSON bytes (before)", json_length), ("Footprint (now)", None)):
        held, entries, _ = asyncio.run(fill(5 * MB, footprint))
        lines.append(f"| {label} | 5.00 MB | {held / MB:.2f} MB | {entries} |")
    return lines


def markdown() -> str:
    """Both tables, for RESULTS.md's "The cache's memory"."""
    return "\n".join(
        [
            "Each entry's bytes, as tracemalloc counts them and as each measure charges them "
            f"(the estimate once learned: each kind of piece walked {FIRST} times, then one in "
            f"{EVERY}); CPU microseconds per entry, best of 5 rounds.",
            "",
            *accuracy_rows(),
            "",
            "A cache bounded at 5 MB filled with 1,000 of these bodies (tracemalloc):",
            "",
            *fill_rows(),
        ]
    )


if __name__ == "__main__":
    print(markdown())
