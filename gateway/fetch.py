"""The gateway's door to TMDB: the library's async client, paced and bounded per operation.

Every layer above it (the process cache and the tiers below it, the per-request loaders) asks for
an entity the same way, as a ``Fetch``: a row of the resource table, its key, a language, the
parts to append and the row's other query parameters (a search's ``query`` and ``page``). Here
that becomes one ``AsyncTMDBClient.request_with_meta``, sent through the layers of
``gateway/guard.py`` (the breaker, the 429 back-off, the fair rate limiter, the shared budget, the
in-flight cap, retries); what comes back has its credits' vocabulary shared. The bottom tier
(gateway/tiers.py) asks through ``TMDBFetch.answer``, to learn how long TMDB says the answer
stays fresh.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import httpx

from gateway.config import Settings
from gateway.guard import UpstreamGuard
from gateway.observe import status_of
from gateway.ratelimit import RateLimiter
from gateway.vocabulary import share_vocabulary
from tmdbfusion import Answer, AsyncTMDBClient
from tmdbfusion.errors import UpstreamError
from tmdbfusion.resource import Key, QueryParams, Resource

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
        params: QueryParams,
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
        params: QueryParams,
        /,
    ) -> Awaitable[Answer[T]]: ...


# Told of every request sent to TMDB: the row's name, the key, the parts, the status (the HTTP
# status, or "timeout" / "unreachable") and the time.perf_counter() it was sent at. The app
# passes gateway.observe.upstream_request.
UpstreamObserver = Callable[[str, object, tuple[str, ...], int | str, float], None]


def _unobserved(
    resource: str, key: object, parts: tuple[str, ...], status: int | str, started: float
) -> None:
    return None


async def observed(
    attempt: Callable[[], Awaitable[T]],
    observe: UpstreamObserver,
    resource: str,
    key: object,
    parts: tuple[str, ...],
) -> T:
    """The result of one ``attempt`` (one GET), told to ``observe`` whatever its outcome."""
    started = time.perf_counter()
    try:
        result = await attempt()
    except UpstreamError as exc:
        observe(resource, key, parts, status_of(exc), started)
        raise
    observe(resource, key, parts, 200, started)
    return result


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
    """A ``Fetch`` over ``client``: one GET per call, through ``guard``; without one, under a
    plain ``rate_limit`` (requests per second, 0 for none) and nothing else. Each attempt sent
    (a retry is another) is told to ``observe``.
    """

    def __init__(
        self,
        client: AsyncTMDBClient,
        *,
        rate_limit: float = 0,
        guard: UpstreamGuard | None = None,
        observe: UpstreamObserver = _unobserved,
    ) -> None:
        self._client = client
        self._observe = observe
        if guard is None:
            guard = UpstreamGuard(limiter=RateLimiter(rate_limit) if rate_limit > 0 else None)
        self._guard = guard

    async def __call__(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: tuple[str, ...] = (),
        operation: Operation | None = None,
        params: QueryParams = (),
    ) -> T:
        answered = await self.answer(resource, key, language, parts, operation, params)
        return answered.value

    async def answer(
        self,
        resource: Resource[T],
        key: Key,
        language: str | None,
        parts: tuple[str, ...] = (),
        operation: Operation | None = None,
        params: QueryParams = (),
    ) -> Answer[T]:
        """The entity, with how long TMDB says it stays fresh."""
        # The row's own keywords (``vote_average_gte``): the library sends them in TMDB's names.
        query: dict[str, Any] = dict(params)
        if language is not None:
            query["language"] = language
            if "images" in parts and "include_image_language" in resource.query:
                # Images in the language asked for, and those in none (most posters and
                # backdrops carry no text): TMDB sends only the former otherwise.
                query["include_image_language"] = f"{language[:2]},null"
        if parts:
            query["append"] = parts
        request = partial(self._client.request_with_meta, resource, *key, **query)
        send = partial(observed, request, self._observe, resource.name, key, parts)
        answered = await self._guard.call(send, operation, resource.name)
        share_vocabulary(resource, answered.value)
        return answered
