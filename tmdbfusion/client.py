"""The two shells: ``TMDBClient`` and ``AsyncTMDBClient``, each over one pool of connections.

Both build requests and read answers with the same sans-IO functions (``tmdbfusion.request``,
``tmdbfusion.response``); they only send. Each translates httpx's exceptions in one place, its
``request`` method, through the shared ``transport_error``.

A request goes straight to an httpx transport (the connection pool) through httpx's public
transport API. ``httpx.Client`` on top of it would merge URLs and headers, copy every request
into a ``urllib`` request for its cookie jar (even one that keeps nothing), log each URL (with
the key in it, in key mode) and tie each response into a reference cycle for the collector to
find. A ready client handed in as ``http=`` is still used as such.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator, Mapping
from types import TracebackType
from typing import Any, Final, Self, TypeVar

import httpx
from httpx_aiohttp import AiohttpTransport

from tmdbfusion.errors import ClientClosedError
from tmdbfusion.namespaces import Namespaces
from tmdbfusion.operation import Async, Sync
from tmdbfusion.pages import Paged, first_page, next_page
from tmdbfusion.request import Credentials, build
from tmdbfusion.resource import Resource
from tmdbfusion.response import decode, transport_error

T = TypeVar("T")

DEFAULT_TIMEOUT: Final = httpx.Timeout(10.0, connect=5.0)

# Everything a request sent to the transport carries besides Host and the credential: what
# httpx's client would add but for Accept: */* and Connection: keep-alive (HTTP/1.1's default).
BASE_HEADERS: Final = {
    "Accept-Encoding": "gzip, deflate",
    "User-Agent": f"tmdbfusion python-httpx/{httpx.__version__}",
}


class _Shell:
    """What both clients hold: the credentials, each request's headers and timeout, open or not."""

    def _setup(
        self,
        token: str | None,
        api_key: str | None,
        base_url: str | None,
        timeout: httpx.Timeout | float,
        http: httpx.Client | httpx.AsyncClient | None,
        transport: object | None,
        environ: Mapping[str, str] | None,
    ) -> None:
        self._credentials = Credentials.resolve(
            token,
            api_key,
            base_url,
            required=http is None and transport is None,
            environ=os.environ if environ is None else environ,
        )
        if http is not None and http.params:
            # httpx 0.28 would replace each absolute URL's query string by the client's params.
            raise ValueError("the httpx client must not set params: they drop TMDB's query string")
        self._closed = False
        # A handed-in client adds its own headers to the credential; the transport gets all.
        base = {} if http is not None else BASE_HEADERS
        self._headers = httpx.Headers({**base, **self._credentials.headers})
        self._extensions = {"timeout": httpx.Timeout(timeout).as_dict()}

    def _check_open(self, http: httpx.Client | httpx.AsyncClient | None) -> None:
        if self._closed or (http is not None and http.is_closed):
            raise ClientClosedError(f"this {type(self).__name__} is closed; create a new one")


class TMDBClient(_Shell, Namespaces[Sync]):
    """TMDB's read API over one pool of connections; use it as a context manager.

    Credentials and base URL come from the arguments, else from TMDB_READ_ACCESS_TOKEN,
    TMDB_API_KEY and TMDB_BASE_URL (``environ`` replaces ``os.environ``: a caller that has read
    its own settings passes ``{}``). ``transport`` replaces the default pool (and is closed with
    the client); ``http``, a ready ``httpx.Client``, stays the caller's to close.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        http: httpx.Client | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._setup(token, api_key, base_url, timeout, http, transport, environ)
        self._http = http
        self._transport = None if http is not None else transport or httpx.HTTPTransport()
        Namespaces.__init__(self)

    def request(self, resource: Resource[T], /, *keys: Any, **query: Any) -> T:
        """Call one operation of the table: ``client.request(TABLE["movies.details"], 550)``."""
        self._check_open(self._http)
        request = build(resource, keys, query, self._credentials)
        try:
            response, content = self._get(request.url)
        except httpx.HTTPError as exc:
            raise transport_error(request.path, exc) from exc
        return decode(resource, request, response.status_code, response.headers, content)

    def _get(self, url: str) -> tuple[httpx.Response, bytes]:
        if self._transport is None:
            assert self._http is not None
            response = self._http.get(url, headers=self._headers)
            return response, response.content
        outgoing = httpx.Request("GET", url, headers=self._headers, extensions=self._extensions)
        response = self._transport.handle_request(outgoing)
        try:
            return response, response.read()
        finally:
            response.close()

    def pages(self, resource: Resource[T], /, *keys: Any, **query: Any) -> Iterator[T]:
        """Each page of a paged operation, from ``page=`` (or 1), one request per page."""
        page: int | None = first_page(query)
        while page is not None:
            result = self.request(resource, *keys, **{**query, "page": page})
            page = next_page(page, _paged(result))
            yield result
            # Dropped before the next request, so a page the caller let go of is freed.
            del result

    def close(self) -> None:
        """Close the connection pool (not a handed-in ``http`` client); later calls are refused."""
        self._closed = True
        if self._transport is not None:
            self._transport.close()

    def __enter__(self) -> Self:
        self._check_open(self._http)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncTMDBClient(_Shell, Namespaces[Async]):
    """``TMDBClient``'s asynchronous twin: ``async with``, every call awaited.

    Its default pool is ``httpx_aiohttp.AiohttpTransport`` (DESIGN.md, principle 5); the gateway
    hands in its own, tests ``httpx.MockTransport(router.async_handler)``.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        http: httpx.AsyncClient | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._setup(token, api_key, base_url, timeout, http, transport, environ)
        self._http = http
        # aiohttp's pool by default: at 32 requests in flight httpx's own costs 1,301 us of CPU
        # per GET against 226 us (bench/RESULTS.md, the client library's section).
        self._transport = None if http is not None else transport or AiohttpTransport()
        Namespaces.__init__(self)

    async def request(self, resource: Resource[T], /, *keys: Any, **query: Any) -> T:
        """Call one operation of the table, as ``TMDBClient.request`` does, awaited."""
        self._check_open(self._http)
        request = build(resource, keys, query, self._credentials)
        try:
            response, content = await self._get(request.url)
        except httpx.HTTPError as exc:
            raise transport_error(request.path, exc) from exc
        return decode(resource, request, response.status_code, response.headers, content)

    async def _get(self, url: str) -> tuple[httpx.Response, bytes]:
        if self._transport is None:
            assert self._http is not None
            response = await self._http.get(url, headers=self._headers)
            return response, response.content
        outgoing = httpx.Request("GET", url, headers=self._headers, extensions=self._extensions)
        response = await self._transport.handle_async_request(outgoing)
        try:
            return response, await response.aread()
        finally:
            await response.aclose()

    async def pages(self, resource: Resource[T], /, *keys: Any, **query: Any) -> AsyncIterator[T]:
        """Each page of a paged operation, from ``page=`` (or 1), one request per page."""
        page: int | None = first_page(query)
        while page is not None:
            result = await self.request(resource, *keys, **{**query, "page": page})
            page = next_page(page, _paged(result))
            yield result
            del result

    async def aclose(self) -> None:
        """Close the connection pool (not a handed-in ``http`` client); later calls are refused."""
        self._closed = True
        if self._transport is not None:
            await self._transport.aclose()

    async def __aenter__(self) -> Self:
        self._check_open(self._http)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _paged(result: object) -> Paged:
    if not isinstance(getattr(result, "total_pages", None), int):
        raise TypeError(f"{type(result).__name__} is not a page")
    return result  # type: ignore[return-value]
