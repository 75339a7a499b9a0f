"""The response cache's bound in process: CLOCK (the oldest entry not used since eviction last
passed it goes first), and entries that left some other way (expired, replaced) neither counted
nor evicted in a held entry's place."""

from __future__ import annotations

from gateway.response_cache import Entry, ResponseCache, entry_size
from tests.helpers import FakeClock

JSON = b"application/json"
BODY = b'{"data":{}}'


def stored(cache: ResponseCache, name: str, body: bytes = BODY, lifetime: float = 60) -> Entry:
    key = cache.key(f"{{ {name} }}", None, None, JSON)
    assert key is not None
    return cache.store(key, body, JSON, lifetime)


def held(cache: ResponseCache) -> list[str]:
    """The documents held."""
    return [key[0] for key in cache.entries]


def room_for(count: int) -> int:
    """A bound that holds ``count`` entries like ``stored``'s (one-letter names, ``BODY``)."""
    one = entry_size(("{ a }", None, b"null", JSON), BODY)
    return count * one + one // 2


def test_the_oldest_unused_entry_goes_and_a_used_one_gets_a_second_chance() -> None:
    cache = ResponseCache(room_for(3), 60, clock=FakeClock())
    a, b, c = stored(cache, "a"), stored(cache, "b"), stored(cache, "c")
    assert cache.get(a.key) is a  # used: passed over once

    stored(cache, "d")
    assert sorted(held(cache)) == ["{ a }", "{ c }", "{ d }"]
    assert not a.used  # its chance taken

    stored(cache, "e")  # c is the oldest now
    stored(cache, "f")  # then d, and a only after it
    assert sorted(held(cache)) == ["{ a }", "{ e }", "{ f }"]
    stored(cache, "g")
    assert sorted(held(cache)) == ["{ e }", "{ f }", "{ g }"]
    assert cache.size == 3 * b.size
    assert b.key not in cache.entries
    assert c.key not in cache.entries


def test_replaced_and_expired_entries_are_not_counted_or_evicted_for_a_held_one() -> None:
    clock = FakeClock()
    cache = ResponseCache(room_for(8), 60, clock=clock)
    old = stored(cache, "a")
    new = stored(cache, "a", b'{"data":{"a":1}}')  # replaces it
    short = stored(cache, "s", lifetime=1)
    assert cache.size == new.size + short.size

    clock.now += 2
    assert cache.get(short.key) is None  # expired: dropped
    assert cache.size == new.size

    for name in "bcdefgh":  # seven more fit beside the new a: nothing is evicted
        stored(cache, name)
    assert len(cache) == 8
    stored(cache, "i")  # the oldest held goes: the new a
    assert sorted(held(cache)) == [f"{{ {name} }}" for name in "bcdefghi"]
    assert cache.entries.get(old.key) is None
    assert cache.size == 8 * old.size
