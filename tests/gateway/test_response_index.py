"""The response cache's index of raw requests: each maps straight to its entry (the hit path's
one lookup), and leaves with it, so no evicted, replaced or expired answer stays reachable or
alive through the index."""

from __future__ import annotations

import pytest

from gateway import response_cache
from gateway.response_cache import Entry, ResponseCache
from tests.helpers import FakeClock

JSON = b"application/json"


def stored(cache: ResponseCache, query: str, body: bytes = b'{"data":{}}') -> Entry:
    key = cache.key(query, None, None, JSON)
    assert key is not None
    return cache.store(key, body, JSON, 60)


def held(cache: ResponseCache) -> dict[object, int]:
    """The index as raw request -> its entry's identity (entries compare equal by their fields,
    and the index must hold these very entries)."""
    return {alias: id(entry) for alias, entry in cache.aliases.items()}


def raw(query: str) -> tuple[bytes, None, bytes]:
    return (b'{"query":"%s"}' % query.encode(), None, JSON)


def test_an_evicted_entry_leaves_the_index() -> None:
    # Room for one entry: the second evicts the first.
    cache = ResponseCache(response_cache.ENTRY_OVERHEAD + 100, 60, clock=FakeClock())
    first = stored(cache, "{ a }")
    cache.remember(raw("{ a }"), first)
    cache.remember(raw("{a}"), first)
    assert held(cache) == {raw("{ a }"): id(first), raw("{a}"): id(first)}

    second = stored(cache, "{ b }")
    cache.remember(raw("{ b }"), second)

    assert [id(entry) for entry in cache.entries.values()] == [id(second)]
    assert held(cache) == {raw("{ b }"): id(second)}
    assert first.aliases == []


def test_a_replaced_entry_hands_its_raw_requests_to_the_new_one() -> None:
    cache = ResponseCache(1_000_000, 60, clock=FakeClock())
    old = stored(cache, "{ a }", b'{"data":{"a":1}}')
    cache.remember(raw("{ a }"), old)

    new = stored(cache, "{ a }", b'{"data":{"a":2}}')

    assert held(cache) == {raw("{ a }"): id(new)}
    assert (new.aliases, old.aliases) == ([raw("{ a }")], [])


def test_an_expired_entry_leaves_the_index_when_it_is_found_stale() -> None:
    clock = FakeClock()
    cache = ResponseCache(1_000_000, 60, clock=clock)
    entry = stored(cache, "{ a }")
    cache.remember(raw("{ a }"), entry)

    clock.now += 61
    assert cache.get(entry.key) is None

    assert (len(cache), cache.aliases) == (0, {})


def test_an_entry_no_longer_held_is_not_indexed() -> None:
    cache = ResponseCache(1_000_000, 60, clock=FakeClock())
    old = stored(cache, "{ a }")
    stored(cache, "{ a }")  # replaces it, as a concurrent miss may

    cache.remember(raw("{ a }"), old)

    assert cache.aliases == {}
    assert old.aliases == []


def test_the_index_is_bounded_oldest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(response_cache, "MAX_ALIASES", 2)
    cache = ResponseCache(1_000_000, 60, clock=FakeClock())
    entry = stored(cache, "{ a }")
    spellings = ["{ a }", "{a}", "{  a }"]
    for spelling in spellings:
        cache.remember(raw(spelling), entry)
    cache.remember(raw("{a}"), entry)  # used again: the most recent

    assert list(cache.aliases) == [raw("{  a }"), raw("{a}")]
    assert sorted(entry.aliases) == sorted(cache.aliases)

    cache.clear()
    assert (len(cache), cache.aliases, entry.aliases) == (0, {}, [])


def test_a_raw_request_indexed_to_another_entry_moves_to_it() -> None:
    # A raw request has one key, so this does not happen in the gateway; the index keeps its
    # books right if it ever does.
    cache = ResponseCache(1_000_000, 60, clock=FakeClock())
    a, b = stored(cache, "{ a }"), stored(cache, "{ b }")
    cache.remember(raw("{ a }"), a)

    cache.remember(raw("{ a }"), b)

    assert held(cache) == {raw("{ a }"): id(b)}
    assert (a.aliases, b.aliases) == ([], [raw("{ a }")])
    cache.get(b.key)
    cache._drop(b)
    assert cache.aliases == {}


def test_an_entry_stored_accounts_for_what_entry_size_says() -> None:
    """``store`` inserts a new key itself, with the size computed inline: it must be the one
    every other entry (the Redis tier's, ``Entry.of``) accounts for."""
    cache = ResponseCache(1 << 20, 3600.0, clock=FakeClock())
    entry = stored(cache, "{ a }", b'{"data":{"a":1}}')
    assert entry.size == response_cache.entry_size(entry.key, entry.body)
    assert cache.size == entry.size
    again = Entry.of(entry.key, entry.body, JSON, 2_000.0)
    assert again.size == entry.size
