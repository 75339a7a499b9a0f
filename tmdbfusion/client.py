"""The two shells: ``TMDBClient`` (one pooled ``httpx.Client``) and ``AsyncTMDBClient``.

Both build requests and read answers with the same sans-IO functions (``tmdbfusion.request``,
``tmdbfusion.response``); they only send. Each translates httpx's exceptions in one place, its
``request`` method, through the shared ``transport_error``.
"""

from __future__ import annotations

import http.cookiejar
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import Any, Final, Generic, Self, TypeVar

import httpx

from tmdbfusion.errors import ClientClosedError
from tmdbfusion.namespaces import Namespaces
from tmdbfusion.operation import Async, Sync
from tmdbfusion.pages import Paged, first_page, next_page
from tmdbfusion.request import Credentials, build
from tmdbfusion.resource import Resource
from tmdbfusion.response import decode, transport_error

T = TypeVar("T")
HTTP = TypeVar("HTTP", httpx.Client, httpx.AsyncClient)

DEFAULT_TIMEOUT: Final = httpx.Timeout(10.0, connect=5.0)


class IgnoreCookies(http.cookiejar.CookieJar):
    """A cookie jar that keeps nothing: no upstream cookie may ride along on a later request."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        return None


class _Shell(Generic[HTTP]):
    """What both clients hold: the credentials, the HTTP client, and whether it is theirs."""

    _http: HTTP

    def _setup(
        self,
        token: str | None,
        api_key: str | None,
        base_url: str | None,
        http: HTTP | None,
        has_transport: bool,
    ) -> Credentials:
        credentials = Credentials.resolve(
            token, api_key, base_url, required=http is None and not has_transport
        )
        self._credentials = credentials
        self._closed = False
        if http is not None and http.params:
            # httpx 0.28 would replace each absolute URL's query string by the client's params.
            raise ValueError("the httpx client must not set params: they drop TMDB's query string")
        # A client made here carries the token itself; one handed in gets it with each request.
        self._owns_http = http is None
        self._headers = None if http is None else credentials.headers or None
        return credentials

    def _check_open(self) -> None:
        if self._closed or self._http.is_closed:
            raise ClientClosedError(f"this {type(self).__name__} is closed; create a new one")


class TMDBClient(_Shell[httpx.Client], Namespaces[Sync]):
    """TMDB's read API over one pooled ``httpx.Client``; use it as a context manager.

    Credentials and base URL come from the arguments, else from TMDB_READ_ACCESS_TOKEN,
    TMDB_API_KEY and TMDB_BASE_URL. ``http`` (a ready client, which stays the caller's to close)
    or ``transport`` replace the default connection pool.
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
    ) -> None:
        credentials = self._setup(token, api_key, base_url, http, transport is not None)
        self._http = http or httpx.Client(
            headers=credentials.headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            cookies=IgnoreCookies(),
        )
        Namespaces.__init__(self)

    def request(self, resource: Resource[T], /, *keys: Any, **query: Any) -> T:
        """Call one operation of the table: ``client.request(TABLE["movies.details"], 550)``."""
        self._check_open()
        request = build(resource, keys, query, self._credentials)
        try:
            response = self._http.get(request.url, headers=self._headers)
        except httpx.HTTPError as exc:
            raise transport_error(request.path, exc) from exc
        return decode(resource, request, response.status_code, response.headers, response.content)

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
        """Close the connection pool (unless it was handed in); later calls are refused."""
        self._closed = True
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        self._check_open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncTMDBClient(_Shell[httpx.AsyncClient], Namespaces[Async]):
    """``TMDBClient``'s asynchronous twin over one pooled ``httpx.AsyncClient``: ``async with``.

    The gateway hands in its own pooled client (with an aiohttp transport); tests hand in
    ``httpx.MockTransport(router.async_handler)``.
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
    ) -> None:
        credentials = self._setup(token, api_key, base_url, http, transport is not None)
        self._http = http or httpx.AsyncClient(
            headers=credentials.headers,
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            cookies=IgnoreCookies(),
        )
        Namespaces.__init__(self)

    async def request(self, resource: Resource[T], /, *keys: Any, **query: Any) -> T:
        """Call one operation of the table, as ``TMDBClient.request`` does, awaited."""
        self._check_open()
        request = build(resource, keys, query, self._credentials)
        try:
            response = await self._http.get(request.url, headers=self._headers)
        except httpx.HTTPError as exc:
            raise transport_error(request.path, exc) from exc
        return decode(resource, request, response.status_code, response.headers, response.content)

    async def pages(self, resource: Resource[T], /, *keys: Any, **query: Any) -> AsyncIterator[T]:
        """Each page of a paged operation, from ``page=`` (or 1), one request per page."""
        page: int | None = first_page(query)
        while page is not None:
            result = await self.request(resource, *keys, **{**query, "page": page})
            page = next_page(page, _paged(result))
            yield result
            del result

    async def aclose(self) -> None:
        """Close the connection pool (unless it was handed in); later calls are refused."""
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        self._check_open()
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
