"""The stack between the per-request loaders and TMDB, built from the settings.

From the top: the process cache with its singleflight (``SharedUpstream``), the memory of 404s
(``NegativeCache``, unless ``TMDBFUSION_NEGATIVE_TTL`` is 0), the Redis shared cache (only with
``TMDBFUSION_REDIS_URL``), and the GET itself.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from gateway.availability import Availability
from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.fetch import Fetch
from gateway.negative import NegativeCache
from gateway.shared_cache import SharedCache
from gateway.tiers import EntityKey, Fill, fetching
from gateway.vocabulary import share_vocabulary
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE

logger = logging.getLogger("gateway")


def row(key: EntityKey) -> Resource[Any]:
    """The resource table's row an entity key names."""
    return TABLE[key[0]]


def redis_address(url: str) -> str:
    """The URL without its credentials, fit for a log line."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


def connect(settings: Settings, url: str) -> Redis:
    # Our own timeout bounds each call, and a failure steps Redis aside rather than retrying:
    # redis-py's default retries would multiply the time a dead Redis costs a query.
    timeout = settings.redis_timeout
    return Redis.from_url(
        url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0)
    )


@asynccontextmanager
async def open_upstream(
    settings: Settings, fetch: Fetch, *, clock: Callable[[], float] = time.monotonic
) -> AsyncIterator[SharedUpstream]:
    fill: Fill[EntityKey] = fetching(fetch, settings.cache_ttl)
    shared: SharedCache[EntityKey] | None = None
    if settings.redis_url:
        address = redis_address(settings.redis_url)
        shared = SharedCache(
            connect(settings, settings.redis_url),
            fill,
            row=row,
            timeout=settings.redis_timeout,
            negative_ttl=settings.negative_ttl,
            availability=Availability(
                f"Redis at {address}", fallback="serving from the process cache alone", clock=clock
            ),
            # What the GET does to each entity it decodes, done to those decoded from Redis too.
            after_decode=share_vocabulary,
        )
        fill = shared.fill
        if await shared.ping():
            logger.info("Sharing cached entities through Redis at %s", address)
    if settings.negative_ttl > 0:
        fill = NegativeCache(
            fill, ttl=settings.negative_ttl, max_entries=settings.cache_size, clock=clock
        ).fill
    try:
        yield SharedUpstream(
            fetch,
            ttl=settings.cache_ttl,
            max_entries=settings.cache_size,
            max_bytes=settings.cache_bytes,
            clock=clock,
            fill=fill,
        )
    finally:
        if shared is not None:
            await shared.aclose()
