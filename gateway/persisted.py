"""Persisted queries: Apollo's automatic persisted queries (APQ), or a safelist from a manifest.

APQ: a client sends ``extensions.persistedQuery = {version: 1, sha256Hash}`` without the query.
If the hash is known its document runs; otherwise the answer is Apollo's
``PersistedQueryNotFound`` and the client sends the hash again with the query, which is checked
against the hash and stored once it has parsed and validated. A query then travels as 64
characters, and fits in a GET URL that a CDN can cache.

Safelist (``TMDBFUSION_PERSISTED_ONLY=1``): only the operations of an Apollo persisted-query
manifest run, asked for by their id or sent as exactly their text; nothing is registered.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, Protocol

import msgspec

from gateway.responses import RequestError

# An in-process store holds at most this many documents and bytes, least recently used dropped.
MAX_ENTRIES: Final = 10_000
MAX_BYTES: Final = 32 * 1024 * 1024
# Apollo Server sends these with PersistedQueryNotFound: no cache may keep the refusal, or the
# follow-up GET that registers the query would be answered from it.
_NOT_CACHED: Final = ((b"cache-control", b"private, no-cache, must-revalidate"),)


class PersistedQueryStore(Protocol):
    """Where registered documents live, by the hex SHA-256 of their text.

    Async so that a shared store (Redis) can implement it; the in-process one never waits.
    """

    async def get(self, sha256: str) -> str | None: ...

    async def set(self, sha256: str, query: str) -> None: ...


class MemoryStore:
    """The in-process store: an LRU bounded by entries and by bytes of query text."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, sha256: str) -> str | None:
        query = self._entries.get(sha256)
        if query is not None:
            self._entries.move_to_end(sha256)
        return query

    async def set(self, sha256: str, query: str) -> None:
        old = self._entries.pop(sha256, None)
        if old is not None:
            self._bytes -= len(old)
        self._entries[sha256] = query
        self._bytes += len(query)
        while len(self._entries) > self._max_entries or (
            self._bytes > self._max_bytes and len(self._entries) > 1
        ):
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= len(evicted)


@dataclass(frozen=True, slots=True)
class Source:
    """The document a request runs, and what to do with it once it validated."""

    query: str | None
    register: str | None = None  # the hash to store the query under
    persisted: bool = False  # it came from the store or the manifest, not from the request


def sha256(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


class PersistedQueries:
    """Resolves a request's document from its ``extensions.persistedQuery``.

    With a ``safelist`` (id -> document) only its documents run; ``store`` is not used then.
    """

    def __init__(self, store: PersistedQueryStore, safelist: dict[str, str] | None = None) -> None:
        self._store = store
        self._safelist = safelist
        self._safe_texts = frozenset(sha256(q) for q in safelist.values()) if safelist else None

    async def source(self, query: str | None, extensions: dict[str, Any] | None) -> Source:
        asked = extensions.get("persistedQuery") if extensions else None
        if asked is None:
            if self._safe_texts is not None and query and sha256(query) not in self._safe_texts:
                raise RequestError(
                    400,
                    "Only the operations of the persisted-query manifest run here, and this "
                    "document is not one of them.",
                    "PERSISTED_QUERY_NOT_IN_LIST",
                )
            return Source(query)
        digest = _digest(asked)
        if query is not None and sha256(query) != digest:
            raise RequestError(
                400, "provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH"
            )
        if self._safelist is not None:
            listed = self._safelist.get(digest)
            if listed is None:
                raise RequestError(
                    400,
                    f"Persisted query '{digest}' not found in the persisted query list",
                    "PERSISTED_QUERY_NOT_IN_LIST",
                )
            return Source(listed, persisted=True)
        if query is not None:
            return Source(query, register=digest)
        stored = await self._store.get(digest)
        if stored is None:
            # 200 for application/json, as Apollo answers; a strict client gets 404, since
            # GraphQL over HTTP wants a 4xx for a response without data.
            raise RequestError(
                404,
                "PersistedQueryNotFound",
                "PERSISTED_QUERY_NOT_FOUND",
                _NOT_CACHED,
                legacy_status=200,
            )
        return Source(stored, persisted=True)

    async def register(self, source: Source) -> None:
        if source.register is not None and source.query is not None:
            await self._store.set(source.register, source.query)


def _digest(asked: object) -> str:
    if not isinstance(asked, dict) or asked.get("version") != 1:
        raise RequestError(400, "Unsupported persisted query version")
    digest = asked.get("sha256Hash")
    if not isinstance(digest, str):
        raise RequestError(400, "persistedQuery.sha256Hash must be a string")
    return digest


class _Operation(msgspec.Struct, frozen=True):
    id: str
    body: str
    name: str | None = None
    type: str | None = None


class _Manifest(msgspec.Struct, frozen=True):
    format: Literal["apollo-persisted-query-manifest"]
    version: Literal[1]
    operations: list[_Operation]


def load_manifest(path: str | Path) -> dict[str, str]:
    """An Apollo persisted-query manifest's operations, id -> document; ValueError if malformed."""
    try:
        manifest = msgspec.json.decode(Path(path).read_bytes(), type=_Manifest)
    except (OSError, msgspec.DecodeError) as exc:
        raise ValueError(f"TMDBFUSION_PERSISTED_MANIFEST {path}: {exc}") from exc
    return {operation.id: operation.body for operation in manifest.operations}
