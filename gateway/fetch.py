"""The gateway's door to TMDB: the library's async client, paced and bounded per operation.

Every layer above it (the process cache and the tiers below it, the per-request loaders) asks for
an entity the same way, as a ``Fetch``: a row of the resource table, its key, a language and the
parts to append. Here that becomes one ``AsyncTMDBClient.request_with_meta``, sent once the fair
rate limiter lets the asking operation through; what comes back has its credits' vocabulary
shared. The bottom tier (gateway/tiers.py) asks through ``TMDBFetch.answer``, to learn how long
TMDB says the answer stays fresh.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import httpx

from gateway.config import Settings
from gateway.ratelimit import RateLimiter
from gateway.vocabulary import share_vocabulary
from tmdbfusion import Answer, AsyncTMDBClient
from tmdbfusion.resource import Key, Resource

if TYPE_CHECKING:
    from gateway.operation import Operation

T = TypeVar("T")


class Fetch(Protocol):
    """How a layer asks for an entity with its parts: this module's ``TMDBFetch``, the tiers and
    the process cache over it (gateway/upstream.py), and the per-request loaders over those. The
    operation asking, if any, is who the rate limiter serves and whose deadline bounds the wait.
    """

    def __call__(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        operation: Operation | None,
        /,
    ) -> Awaitable[T]: ...


@runtime_checkable
class AnswerFetch(Protocol):
    """A ``Fetch`` that can also tell how long TMDB says each answer stays fresh."""

    def answer(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: tuple[str, ...],
        operation: Operation | None,
        /,
    ) -> Awaitable[Answer[T]]: ...


def build_client(
    settings: Settings, transport: httpx.AsyncBaseTransport, *, base_url: str | None = None
) -> AsyncTMDBClient:
    """The library's client over the app's pooled ``transport``, as ``settings`` configure it.

    The credentials are the settings' own (a Bearer token, preferred, or a v3 key); the
    environment, which ``Settings.from_env`` has already read, is not read again.
    """
    return AsyncTMDBClient(
        token=settings.read_access_token,
        api_key=settings.api_key,
        base_url=base_url or settings.base_url,
        timeout=httpx.Timeout(
            settings.read_timeout, connect=settings.connect_timeout, pool=settings.read_timeout
        ),
        transport=transport,
        environ={},
    )


class TMDBFetch:
    """A ``Fetch`` over ``client``: one GET per call, under the rate limit when there is one."""

    def __init__(self, client: AsyncTMDBClient, *, rate_limit: float = 0) -> None:
        self._client = client
        self._limiter = RateLimiter(rate_limit) if rate_limit > 0 else None

    async def __call__(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: tuple[str, ...] = (),
        operation: Operation | None = None,
    ) -> T:
        answered = await self.answer(resource, key, language, parts, operation)
        return answered.value

    async def answer(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: tuple[str, ...] = (),
        operation: Operation | None = None,
    ) -> Answer[T]:
        """The entity, with how long TMDB says it stays fresh."""
        if self._limiter is not None:
            await self._limiter.acquire(operation)
        query: dict[str, Any] = {}
        if language is not None:
            query["language"] = language
        if parts:
            query["append"] = parts
        answered = await self._client.request_with_meta(resource, *key, **query)
        share_vocabulary(resource, answered.value)
        return answered
