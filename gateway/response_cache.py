"""The whole-response cache: the encoded answers of successful operations, by what they asked.

A key is everything that can change an answer: the document as its token stream (so two
spellings differing only in whitespace, commas or comments share an entry), the operation name,
the variables (JSON with sorted keys) and the negotiated media type. The schema reads no request
header; the upstream trace (``TMDBFusion-Trace``) changes the body, and a traced request is
answered from the untraced entry with its ``extensions`` added (gateway/response_hits.py).

An entry lives as long as the TMDB data under it: until the first entity it was built from goes
stale (``RequestContext.fresh_for``), on the data cache's own clock, or ``TMDBFUSION_CACHE_TTL``
for an answer built from no TMDB data. Only answers without ``errors`` and without data served
stale are kept.

In this process the entries are bounded by bytes, the oldest not used since eviction last
passed it dropped (CLOCK: a hit marks its entry used, and eviction clears the mark once and moves
the entry to the young end, so that no hit reorders anything); with Redis they are shared too
(gateway/response_cache_redis.py). Concurrent misses for one key run once: the first leads, the
others wait for its entry, and run themselves if it has none to give (it failed, had errors, or
its client left). Beside the entries, an index of raw requests (the exact
POST body or GET query string, with the headers that select the answer) lets a repeated request
find its entry with one dictionary lookup, before any JSON is decoded; a raw request is indexed
when it is answered from an entry (its second sight), so misses never repeated cost it nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Final, Protocol

import msgspec
from graphql import GraphQLError, Lexer, Source, TokenKind
from starlette.types import Message, Receive

from gateway import metrics
from gateway.disconnect import disconnect
from gateway.httpcache import etag

# (document tokens, operation name, variables as sorted JSON, media type)
Key = tuple[str, str | None, bytes, bytes]
# A raw request: (POST body or GET query string, Accept, Content-Type[, preflight header sent]).
Alias = tuple[Hashable, ...]

HIT: Final = b"hit"
MISS: Final = b"miss"
BYPASS: Final = b"bypass"
CACHE_HEADER: Final = b"tmdbfusion-cache"
# Per entry, beyond its body: the key, the objects, and its share of the index.
ENTRY_OVERHEAD: Final = 400
# The raw-request index: at most this many requests, holding at most this many bytes of them.
MAX_ALIASES: Final = 10_000
MAX_ALIAS_BYTES: Final = 16 * 1024 * 1024
# Documents whose tokens are remembered, and the bytes of their text.
MAX_DOCUMENTS: Final = 1_024
MAX_DOCUMENT_BYTES: Final = 8 * 1024 * 1024

_VARIABLES: Final = msgspec.json.Encoder(order="sorted").encode
# Not in the document memo. Tokens are empty only for a document of nothing but ignored tokens
# (it will not run), which just takes the long way to its memo.
_UNSEEN: Final = ""
_HIT_COUNT: Final = metrics.lean_inc(metrics.RESPONSE_CACHE_REQUESTS.labels("hit"))
_MISS_COUNT: Final = metrics.lean_inc(metrics.RESPONSE_CACHE_REQUESTS.labels("miss"))
_BYPASS_COUNT: Final = metrics.lean_inc(metrics.RESPONSE_CACHE_REQUESTS.labels("bypass"))
COUNT: Final = {HIT: _HIT_COUNT, MISS: _MISS_COUNT, BYPASS: _BYPASS_COUNT}
_SET_BYTES: Final = metrics.lean_set(metrics.RESPONSE_CACHE_BYTES)
_SET_ENTRIES: Final = metrics.lean_set(metrics.RESPONSE_CACHE_ENTRIES)
# Hits and misses are counted in plain ints and added to the counters on each scrape of this
# process (``ResponseCache.publish``), and every this many: prometheus' counter takes a lock per
# increment. With several workers, another worker's scrape reads this
# one's files, so there every hit, and every change of size, is published at once.
PUBLISH_EVERY: Final = 1 if metrics.MULTIPROCESS else 64


class Entry(msgspec.Struct, gc=False):
    """One stored answer: its bytes, media type, ``ETag`` and expiry on the cache's clock, and
    the bytes it accounts for (``entry_size``).

    A ``msgspec.Struct``: made in C, with no Python ``__init__`` to run on every miss, and not
    tracked by the collector (it holds no container that could lead back to it), so that a
    full collection does not walk every cached answer. The ``ETag`` is a hash of the body
    (gateway/httpcache.py), computed when first needed: for a 30 KB answer it costs 30 us,
    which a miss that no one repeats should not pay. ``aliases``: the raw requests indexed to
    it (``ResponseCache.remember``), dropped with it. ``hit_head`` and ``messages``: ``head``
    and ``plain`` once built, which the hit path reads without a property call. ``used``: set
    by a hit, cleared by eviction's second chance.
    """

    key: Key
    body: bytes
    content_type: bytes
    expires: float
    size: int
    tag: bytes | None = None
    hit_head: list[tuple[bytes, bytes]] | None = None
    messages: tuple[Message, Message] | None = None
    aliases: list[Alias] = msgspec.field(default_factory=list)
    used: bool = False

    @classmethod
    def of(
        cls, key: Key, body: bytes, content_type: bytes, expires: float, tag: bytes | None = None
    ) -> Entry:
        return cls(key, body, content_type, expires, entry_size(key, body), tag)

    @property
    def head(self) -> list[tuple[bytes, bytes]]:
        """The headers every 200 answered from this entry carries."""
        head = self.hit_head
        if head is None:
            head = self.hit_head = [
                (b"etag", self.etag),
                (CACHE_HEADER, HIT),
                (b"content-length", b"%d" % len(self.body)),
                (b"content-type", self.content_type),
            ]
        return head

    @property
    def plain(self) -> tuple[Message, Message]:
        """The two ASGI messages of the usual hit, a POST that sent no ``If-None-Match`` or
        ``X-Request-Id`` to a gateway without CORS: the same for every such request, so built
        once and sent as they are (the server copies the headers; nothing changes them)."""
        messages = self.messages
        if messages is None:
            start = {"type": "http.response.start", "status": 200, "headers": tuple(self.head)}
            messages = self.messages = (start, {"type": "http.response.body", "body": self.body})
        return messages

    @property
    def etag(self) -> bytes:
        tag = self.tag
        if tag is None:
            tag = self.tag = etag(self.body, self.content_type)
        return tag


class SharedTier(Protocol):
    """A tier below this process's entries (Redis); it never raises, it steps aside. ``lead``,
    ``follow`` and ``release``: one process at a time runs a key's operation (the others
    follow, for its entry), as one request at a time does within a process (``Flight``)."""

    async def get(self, key: Key, now: float) -> Entry | None: ...

    async def lead(self, key: Key) -> bool: ...

    async def follow(
        self, key: Key, clock: Callable[[], float], receive: Receive
    ) -> Entry | Gone | None: ...

    def release(self, key: Key) -> None: ...

    def put(self, entry: Entry, lifetime: float) -> None: ...

    async def aclose(self) -> None: ...


class Flight(msgspec.Struct):
    """A miss being answered by its leader, in ``flights`` under ``key`` until released; the
    others await ``future``. A ``msgspec.Struct``, made in C: one Python frame fewer per miss.
    ``shared``: the shared tier whose lead this flight may hold, given up on release (if the
    entry's write has not released it already). ``_future``: made by the first waiter, and most
    misses have none."""

    key: Key
    _flights: dict[Key, Flight]
    waiters: int = 0
    shared: SharedTier | None = None
    _future: asyncio.Future[Entry | None] | None = None

    @property
    def future(self) -> asyncio.Future[Entry | None]:
        if self._future is None:
            self._future = asyncio.get_running_loop().create_future()
        return self._future

    def waited(self) -> bool:
        """Whether other requests are waiting for this one's entry."""
        return self.waiters > 0

    def release(self, entry: Entry | None = None) -> None:
        """Hand ``entry`` to the waiters (None: they run the operation themselves)."""
        future = self._future
        if future is not None and not future.done():
            future.set_result(entry)
        if self._flights.get(self.key) is self:
            del self._flights[self.key]
        if self.shared is not None:
            self.shared.release(self.key)


class Gone:
    """The waiting client disconnected."""


GONE: Final = Gone()


class ResponseCache:
    """Entries by key bounded by ``max_bytes`` (CLOCK eviction), the raw-request index over them,
    and the misses in flight; ``shared`` below, if any. ``hits``, ``misses``: those not yet
    published."""

    def __init__(
        self,
        max_bytes: int,
        ceiling: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        shared: SharedTier | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.ceiling = ceiling
        self.clock = clock
        self.shared = shared
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0
        # Raw request -> its entry, one lookup for the hit path. An entry leaving ``entries``
        # leaves the index too (``_forget``), so none stays alive through it.
        self.aliases: OrderedDict[Alias, Entry] = OrderedDict()
        self._alias_bytes = 0
        self._flights: dict[Key, Flight] = {}
        self._documents: dict[str, str | None] = {}
        self._document_bytes = 0
        self.hits = 0
        self.misses = 0  # likewise
        self._reported = True

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def size(self) -> int:
        """The bytes the entries account for."""
        return self._bytes

    def key(
        self,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        media: bytes,
    ) -> Key | None:
        """The key of a request; None when its document does not lex (it will not run either)."""
        tokens = self._documents.get(query, _UNSEEN)  # ``tokens``, one call short
        if tokens is _UNSEEN:
            tokens = self.tokens(query)
        if tokens is None:
            return None
        return (tokens, operation_name, _VARIABLES(variables), media)

    def tokens(self, query: str) -> str | None:
        """``query`` as its tokens, ignored ones (whitespace, commas, comments) dropped;
        remembered per text, so a known document costs one lookup."""
        try:
            return self._documents[query]
        except KeyError:
            pass
        tokens = normalize(query)
        if (
            len(self._documents) >= MAX_DOCUMENTS
            or self._document_bytes + len(query) > MAX_DOCUMENT_BYTES
        ):
            self._documents.clear()
            self._document_bytes = 0
        self._documents[query] = tokens
        self._document_bytes += len(query)
        return tokens

    def get(self, key: Key) -> Entry | None:
        """The fresh entry for ``key`` in this process, if any."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry.expires <= self.clock():
            self._drop(entry)
            return None
        entry.used = True
        return entry

    def claim(self, key: Key) -> Entry | Flight | None:
        """``find`` without waiting, where nothing is to be waited for: this process's fresh
        entry for ``key``, or a ``Flight`` this caller leads when no other request runs the
        operation and there is no shared tier to ask. None: ``find`` must be awaited."""
        entry = self.entries.get(key)
        if entry is not None:
            if entry.expires > self.clock():
                entry.used = True
                return entry
            self._drop(entry)
        if self.shared is not None or key in self._flights:
            return None
        flight = self._flights[key] = Flight(key, self._flights)
        return flight

    async def find(self, key: Key, receive: Receive) -> Entry | Flight | Gone | None:
        """The fresh entry for ``key``: this process's, the one a miss in flight stores, or the
        shared tier's. Else a ``Flight`` this caller leads (it runs the operation and releases
        the flight), or None when a leader failed and this caller runs the operation alone.
        ``GONE`` when the client left while waiting."""
        if key in self.entries:
            entry = self.get(key)
            if entry is not None:
                return entry
        flight = self._flights.get(key)
        if flight is not None:
            flight.waiters += 1
            try:
                return await _wait(flight.future, receive)
            finally:
                flight.waiters -= 1
        flight = self._flights[key] = Flight(key, self._flights)
        shared = self.shared
        if shared is not None:
            try:
                entry = await shared.get(key, self.clock())
                if entry is None and not await shared.lead(key):
                    # Another process runs it.
                    followed = await shared.follow(key, self.clock, receive)
                    if isinstance(followed, Gone):
                        flight.release()
                        return GONE
                    entry = followed
            except BaseException:
                flight.release()
                shared.release(key)
                raise
            if entry is not None:
                self._insert(entry)
                flight.release(entry)
                return entry
            flight.shared = shared
        return flight

    def store(self, key: Key, body: bytes, content_type: bytes, lifetime: float) -> Entry:
        """Keep ``body`` for ``lifetime`` seconds (at most the ceiling), here and shared."""
        if lifetime > self.ceiling:
            lifetime = self.ceiling
        size = len(body) + len(key[0]) + len(key[2]) + ENTRY_OVERHEAD  # ``entry_size``, inline
        entry = Entry(key, body, content_type, self.clock() + lifetime, size)
        entries = self.entries
        if key not in entries and self._bytes + size <= self.max_bytes:
            # ``_insert`` for a new key that fits (one Python frame fewer per miss).
            entries[key] = entry
            self._bytes += size
            if PUBLISH_EVERY == 1:
                self._report()
            else:
                self._reported = False
        else:
            self._insert(entry)
        if self.shared is not None:
            self.shared.put(entry, lifetime)
        return entry

    def remember(self, alias: Alias, entry: Entry) -> None:
        """Index ``entry`` under a raw request that asks for it, if it is still held."""
        if self.entries.get(entry.key) is not entry:
            return  # replaced, evicted or too big meanwhile
        aliases = self.aliases
        held = aliases.pop(alias, None)
        if held is None:
            self._alias_bytes += _alias_size(alias)
        if held is not entry:  # (a raw request has one key, but the index need not rely on it)
            if held is not None:
                held.aliases.remove(alias)
            entry.aliases.append(alias)
        aliases[alias] = entry  # at the end, as the most recent
        while len(aliases) > MAX_ALIASES or self._alias_bytes > MAX_ALIAS_BYTES:
            evicted, owner = aliases.popitem(last=False)
            owner.aliases.remove(evicted)
            self._alias_bytes -= _alias_size(evicted)

    def _insert(self, entry: Entry) -> None:
        entries = self.entries
        old = entries.pop(entry.key, None)
        if old is not None:
            self._bytes -= old.size
        if entry.size > self.max_bytes:
            if old is not None:
                self._forget(old)
            self._report()
            return
        entries[entry.key] = entry
        self._bytes += entry.size
        if old is not None:  # the raw requests that asked for the old answer get the new one
            aliases = self.aliases
            for alias in old.aliases:
                aliases[alias] = entry
            entry.aliases, old.aliases = old.aliases, []
        while self._bytes > self.max_bytes:
            key, evicted = entries.popitem(last=False)
            if evicted.used:  # a second chance: young again, until it is passed over unused
                evicted.used = False
                entries[key] = evicted
                continue
            self._bytes -= evicted.size
            self._forget(evicted)
        if PUBLISH_EVERY == 1:  # ``_report``, inline: every miss stores
            self._report()
        else:
            self._reported = False

    def _drop(self, entry: Entry) -> None:
        del self.entries[entry.key]
        self._bytes -= entry.size
        self._forget(entry)
        self._report()

    def _forget(self, entry: Entry) -> None:
        """``entry`` has left ``entries``: its raw requests leave the index."""
        aliases = self.aliases
        for alias in entry.aliases:
            del aliases[alias]
            self._alias_bytes -= _alias_size(alias)
        entry.aliases = []

    def clear(self) -> None:
        """Drop every entry, and so every raw request indexed."""
        for entry in self.entries.values():
            entry.aliases = []
        self.entries.clear()
        self.aliases.clear()
        self._bytes = self._alias_bytes = 0
        self._report()

    def _report(self) -> None:
        if PUBLISH_EVERY == 1:
            _SET_BYTES(float(self._bytes))
            _SET_ENTRIES(float(len(self.entries)))
        else:
            self._reported = False  # published on the next scrape

    def publish(self) -> None:
        """Hand the pending hits, misses and the current size to the metrics; called on the event
        loop (the hit path counts without a lock), before /metrics is rendered."""
        hits, misses = self.hits, self.misses
        if hits:
            self.hits = 0
            _HIT_COUNT(hits)
        if misses:
            self.misses = 0
            _MISS_COUNT(misses)
        if not self._reported:
            self._reported = True
            _SET_BYTES(float(self._bytes))
            _SET_ENTRIES(float(len(self.entries)))

    async def aclose(self) -> None:
        self.publish()  # the hits and misses counted since the last scrape
        if self.shared is not None:
            await self.shared.aclose()


def entry_size(key: Key, body: bytes) -> int:
    """The bytes an entry accounts for: its body, its key's document and variables, and
    ``ENTRY_OVERHEAD``."""
    return len(body) + len(key[0]) + len(key[2]) + ENTRY_OVERHEAD


def no_cache(cache_control: bytes | None) -> bool:
    """Whether the client asked for a fresh answer: ``no-cache`` or ``no-store``."""
    if not cache_control:
        return False
    directives = {d.strip().partition(b"=")[0].lower() for d in cache_control.split(b",")}
    return b"no-cache" in directives or b"no-store" in directives


def _alias_size(alias: Alias) -> int:
    raw = alias[0]
    return len(raw) if isinstance(raw, bytes) else 0


def normalize(query: str) -> str | None:
    """The document's tokens, one space between each (strings JSON-quoted, so no token can run
    into the next); None if it does not lex."""
    lexer = Lexer(Source(query))
    parts: list[str] = []
    try:
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            kind = token.kind
            if kind is TokenKind.STRING:
                parts.append(msgspec.json.encode(token.value).decode())
            elif kind is TokenKind.BLOCK_STRING:
                parts.append("B" + msgspec.json.encode(token.value).decode())
            elif token.value is not None:
                parts.append(token.value)
            else:
                parts.append(kind.value)
            token = lexer.advance()
    except GraphQLError:
        return None
    return " ".join(parts)


async def _wait(future: asyncio.Future[Entry | None], receive: Receive) -> Entry | Gone | None:
    """The leader's entry, unless the client disconnects first."""
    if not future.done():
        watcher = asyncio.ensure_future(disconnect(receive))
        try:
            await asyncio.wait((future, watcher), return_when=asyncio.FIRST_COMPLETED)
        finally:
            watcher.cancel()
        if not future.done():
            return GONE
    return future.result()
