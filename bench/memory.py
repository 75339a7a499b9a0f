"""The resident cost of a cached movie with credits, against the raw JSON it came from.

``resident_cost`` decodes N bodies and hands each decoded value to ``store``; tracemalloc counts
what stays allocated afterwards, divided by N. The gateway's rows go through its own path: the
resource table's decoder for ``movies.details`` (the library's Structs), then
``gateway.vocabulary.share_vocabulary`` (the credits' repeated strings shared), into the
process-wide ``SharedUpstream`` cache. The bodies are built before tracing starts, so only decoded
values and the store's own overhead count. Run alone with ``python -m bench.memory``.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from bench import synthetic
from gateway.cache import SharedUpstream
from gateway.demo.dataset import DATA as BODIES
from gateway.vocabulary import share_vocabulary
from tmdbfusion import models as tmdb
from tmdbfusion.resource import Key, QueryParams, Resource
from tmdbfusion.resources import TABLE

# The real TMDB bodies, kept once in the repository (the demo dataset's folder).
DATA = Path(str(BODIES))
MOVIE = TABLE["movies.details"]
Store = Callable[[int, object], None]


@dataclass(frozen=True)
class MemoryRow:
    label: str
    entries: int
    raw_bytes: float  # mean raw JSON body size
    resident_bytes: float  # traced bytes kept per stored entry

    @property
    def ratio(self) -> float:
        return self.resident_bytes / self.raw_bytes


def resident_cost(
    label: str,
    body: Callable[[int], bytes],
    decode: Callable[[bytes], object],
    store: Store,
    n: int = 200,
) -> MemoryRow:
    bodies = [body(i) for i in range(n)]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i, raw in enumerate(bodies):
            store(i, decode(raw))
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return MemoryRow(label, n, sum(map(len, bodies)) / n, (after - before) / n)


def real_movie_with_credits() -> bytes:
    """Fight Club's details with its real credits appended (75 cast, 175 crew), as one body."""
    details = (DATA / "movie_details__550.json").read_bytes().rstrip()
    credits = json.loads((DATA / "movie_credits__550.json").read_bytes())
    appended = msgspec.json.encode({"cast": credits["cast"], "crew": credits["crew"]})
    return details[:-1] + b',"credits":' + appended + b"}"


def decode_movie(body: bytes) -> tmdb.Movie:
    """A movie body as the gateway keeps it: decoded by its row, its credits' strings shared."""
    movie: tmdb.Movie = MOVIE.decoder.decode(body)
    share_vocabulary(MOVIE, movie)
    return movie


def dict_store() -> tuple[Store, object]:
    kept: dict[int, object] = {}
    return kept.__setitem__, kept


def gateway_store() -> tuple[Store, object]:
    """The gateway's own cache, holding each movie with its ``credits`` part."""

    async def never(
        resource: Resource[Any],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        op: Any,
        params: QueryParams,
    ) -> Any:
        raise AssertionError("the benchmark only stores")

    cache = SharedUpstream(never, ttl=3600, max_entries=100_000)

    def store(movie_id: int, value: object) -> None:
        assert isinstance(value, tmdb.Movie)
        cache.put(MOVIE, (movie_id,), None, value, frozenset({"credits"}))

    return store, cache


def memory_table(
    store_factory: Callable[[], tuple[Store, object]] = gateway_store, n: int = 200
) -> list[MemoryRow]:
    """Rows for the real body and the fake's bodies; each row starts from an empty store."""
    movie = decode_movie
    real = real_movie_with_credits()
    cases: list[tuple[str, Callable[[int], bytes], Callable[[bytes], object]]] = [
        ("real movie 550 + credits (75 cast, 175 crew) -> Structs", lambda i: real, movie),
        (
            "synthetic movie + credits (20 cast, 20 crew) -> Structs",
            lambda i: synthetic.movie_body(100_000 + i, ("credits",)),
            movie,
        ),
        (
            "synthetic movie + credits + images + videos -> Structs",
            lambda i: synthetic.movie_body(100_000 + i, ("credits", "images", "videos")),
            movie,
        ),
    ]
    rows = []
    for label, body, decode in cases:
        store, keep = store_factory()
        rows.append(resident_cost(label, body, decode, store, n))
        del keep
    # For contrast, what the naive gateway keeps: json.loads dicts, in a dict.
    store, _keep = dict_store()
    label = "real movie 550 + credits -> json.loads dicts in a dict (for contrast)"
    rows.append(resident_cost(label, lambda i: real, json.loads, store, n))
    return rows


def markdown(rows: list[MemoryRow], store_label: str = "the gateway's SharedUpstream cache") -> str:
    lines = [
        f"Decoded values kept in {store_label}; tracemalloc over {rows[0].entries} "
        "entries per row.",
        "",
        "| cached value | raw JSON bytes | resident bytes | resident / raw |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r.label} | {r.raw_bytes:,.0f} | {r.resident_bytes:,.0f} | {r.ratio:.2f} |"
        for r in rows
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(memory_table()))
