"""The rows of ``bench.client_rates``: one way each of sending the same GET and decoding it.

Every row asks for ``movies.details(id, append=["credits", "images", "videos"])`` and decodes
the answer into ``tmdbfusion.models.Movie``. They differ only in how the GET travels:

- the library as it is: ``TMDBClient``/``AsyncTMDBClient`` sending straight to an httpx
  transport (the default one, or ``AiohttpTransport`` built as the gateway builds it);
- the "before": the library's own request building and decoding (``tmdbfusion.request.build``,
  ``tmdbfusion.response.decode``), sent the way the gateway's older client sends, through an
  ``httpx.Client``/``AsyncClient`` and its ``.get()`` with the gateway's options (credential and
  ``Accept`` on the client, a cookie jar that keeps nothing, no redirects);
- the floor: plain aiohttp and the same msgspec decoder, no httpx at all.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from tmdbfusion import AsyncTMDBClient, TMDBClient, models
from tmdbfusion.request import Credentials, build
from tmdbfusion.resource import Resource
from tmdbfusion.resources import TABLE
from tmdbfusion.response import decode

PARTS: Final = ("credits", "images", "videos")
IN_FLIGHT: Final = 32
# As the gateway builds its pool toward TMDB (gateway/app.py, TMDBFUSION_MAX_CONNECTIONS).
MAX_CONNECTIONS: Final = 100
# As the gateway sets its client's timeouts (gateway/fetch.py, from the default settings).
TIMEOUT: Final = httpx.Timeout(10.0, connect=3.0, pool=10.0)
DETAILS: Final[Resource[models.Movie]] = TABLE["movies.details"]

Fetch = Callable[[int], models.Movie]
AsyncFetch = Callable[[int], Awaitable[models.Movie]]


@dataclass(frozen=True)
class Auth:
    """The credential every row sends: a Bearer token, or else a v3 key."""

    token: str | None = "bench"
    api_key: str | None = None

    @property
    def key(self) -> str | None:
        """The v3 key, when it is the credential (the token wins, as in the library)."""
        return None if self.token else self.api_key

    @property
    def header(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


BEARER: Final = Auth()


class IgnoreCookies(http.cookiejar.CookieJar):
    """The gateway's cookie jar that keeps nothing (copied: the 'before' must not move)."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        return None


def gateway_transport() -> AiohttpTransport:
    limits = httpx.Limits(
        max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
    )
    return AiohttpTransport(limits=limits)


def before_options(auth: Auth) -> dict[str, Any]:
    """The gateway's older client's options for its ``httpx.Client``/``AsyncClient``."""
    return {
        "headers": {"Accept": "application/json", **auth.header},
        "timeout": TIMEOUT,
        "follow_redirects": False,
        "cookies": IgnoreCookies(),
    }


def _credentials(auth: Auth, base: str) -> Credentials:
    # The key goes in the URL; the token rides on the httpx client, as in the gateway.
    return Credentials(api_key=auth.key, base_url=base)


@contextlib.contextmanager
def sync_direct(base: str, auth: Auth) -> Iterator[Fetch]:
    with TMDBClient(token=auth.token, api_key=auth.key, base_url=base) as client:
        yield lambda movie_id: client.movies.details(movie_id, append=PARTS)


@contextlib.contextmanager
def sync_httpx_client(base: str, auth: Auth) -> Iterator[Fetch]:
    credentials = _credentials(auth, base)
    with httpx.Client(**before_options(auth)) as http:

        def fetch(movie_id: int) -> models.Movie:
            request = build(DETAILS, (movie_id,), {"append": PARTS}, credentials)
            response = http.get(request.url)
            return decode(
                DETAILS, request, response.status_code, response.headers, response.content
            )

        yield fetch


@contextlib.asynccontextmanager
async def async_direct(base: str, auth: Auth) -> AsyncIterator[AsyncFetch]:
    # httpx's own pool, named: since this row was first measured the client's default is
    # aiohttp's (the "+ AiohttpTransport" row).
    async with AsyncTMDBClient(
        token=auth.token, api_key=auth.key, base_url=base, transport=httpx.AsyncHTTPTransport()
    ) as client:
        yield lambda movie_id: client.movies.details(movie_id, append=PARTS)


@contextlib.asynccontextmanager
async def _async_httpx_client(
    base: str, auth: Auth, transport: httpx.AsyncBaseTransport | None
) -> AsyncIterator[AsyncFetch]:
    credentials = _credentials(auth, base)
    async with httpx.AsyncClient(transport=transport, **before_options(auth)) as http:

        async def fetch(movie_id: int) -> models.Movie:
            request = build(DETAILS, (movie_id,), {"append": PARTS}, credentials)
            response = await http.get(request.url)
            return decode(
                DETAILS, request, response.status_code, response.headers, response.content
            )

        yield fetch


def async_httpx_client(base: str, auth: Auth) -> contextlib.AbstractAsyncContextManager[AsyncFetch]:
    return _async_httpx_client(base, auth, None)


@contextlib.asynccontextmanager
async def aiohttp_direct(base: str, auth: Auth) -> AsyncIterator[AsyncFetch]:
    transport = gateway_transport()
    async with AsyncTMDBClient(
        token=auth.token, api_key=auth.key, base_url=base, transport=transport
    ) as client:
        yield lambda movie_id: client.movies.details(movie_id, append=PARTS)


def aiohttp_httpx_client(
    base: str, auth: Auth
) -> contextlib.AbstractAsyncContextManager[AsyncFetch]:
    """The gateway today: one ``httpx.AsyncClient`` over the aiohttp transport, ``.get()``."""
    return _async_httpx_client(base, auth, gateway_transport())


@contextlib.asynccontextmanager
async def plain_aiohttp(base: str, auth: Auth) -> AsyncIterator[AsyncFetch]:
    """The floor: aiohttp's session and msgspec, the same URL, credential and decoder."""
    credentials = _credentials(auth, base)
    connector = aiohttp.TCPConnector(limit=MAX_CONNECTIONS)
    async with aiohttp.ClientSession(connector=connector, headers=auth.header) as session:

        async def fetch(movie_id: int) -> models.Movie:
            url = build(DETAILS, (movie_id,), {"append": PARTS}, credentials).url
            async with session.get(url) as response:
                body = await response.read()
                if response.status != 200:
                    raise RuntimeError(f"fake TMDB answered {response.status}")
                return DETAILS.decoder.decode(body)

        yield fetch


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    in_flight: int
    sync: Callable[[str, Auth], contextlib.AbstractContextManager[Fetch]] | None = None
    async_: Callable[[str, Auth], contextlib.AbstractAsyncContextManager[AsyncFetch]] | None = None


ROWS: Final = (
    Row("sync", "`TMDBClient`, default transport", 1, sync=sync_direct),
    Row(
        "sync_before", "`httpx.Client.get()`, default transport (before)", 1, sync=sync_httpx_client
    ),
    Row("async", "`AsyncTMDBClient`, httpx's pool", IN_FLIGHT, async_=async_direct),
    Row(
        "async_before",
        "`httpx.AsyncClient.get()`, default transport (before)",
        IN_FLIGHT,
        async_=async_httpx_client,
    ),
    Row(
        "aiohttp",
        "`AsyncTMDBClient`, `AiohttpTransport` (the gateway's)",
        IN_FLIGHT,
        async_=aiohttp_direct,
    ),
    Row(
        "aiohttp_before",
        "`httpx.AsyncClient(transport=AiohttpTransport).get()` (before: the gateway today)",
        IN_FLIGHT,
        async_=aiohttp_httpx_client,
    ),
    Row("floor", "plain aiohttp + msgspec (the floor)", IN_FLIGHT, async_=plain_aiohttp),
)
BY_KEY: Final = {row.key: row for row in ROWS}
