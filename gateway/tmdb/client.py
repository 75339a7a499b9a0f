"""The TMDB client: one pooled ``httpx.AsyncClient``, auth, error translation, msgspec decode."""

from __future__ import annotations

import http.cookiejar
import time
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypeVar
from urllib.parse import quote

import aiohttp
import httpx
import msgspec

from gateway.config import Settings
from gateway.ratelimit import RateLimiter
from gateway.tmdb import errors, models as tmdb

if TYPE_CHECKING:
    from gateway.operation import Operation

T = TypeVar("T")

Kind = Literal["movie", "person", "tv"]
Entity = tmdb.Movie | tmdb.Person | tmdb.TVShow


class Fetch(Protocol):
    """What every layer above the client calls to get an entity with its parts: the client
    itself, the process-wide cache around it, and the per-request loaders around that. The
    operation asking, if any, is who the rate limiter serves and whose deadline bounds the wait.
    """

    def __call__(
        self,
        kind: str,
        id: int,
        language: str | None,
        parts: tuple[str, ...],
        operation: Operation | None,
        /,
    ) -> Awaitable[Entity]: ...


# Told of every request TMDB answered or failed to answer: resource, key, parts, status (the HTTP
# status, or "timeout" / "unreachable"), and the time.perf_counter() it was sent at. The gateway
# passes gateway.observe.upstream_request; the client itself knows nothing of metrics.
UpstreamObserver = Callable[[str, object, tuple[str, ...], int | str, float], None]


def _unobserved(
    resource: str, key: object, parts: tuple[str, ...], status: int | str, started: float
) -> None:
    return None


# TMDB accepts at most 20 sub-requests in one append_to_response.
MAX_APPEND: Final = 20

# Built once: a msgspec Decoder reuses its compiled type information on every call. Lax mode,
# because older TMDB bodies send numbers as strings (person 33's "popularity": "2.26...").
DECODERS: Final[dict[str, msgspec.json.Decoder[Any]]] = {
    "movie": msgspec.json.Decoder(tmdb.Movie, strict=False),
    "person": msgspec.json.Decoder(tmdb.Person, strict=False),
    "tv": msgspec.json.Decoder(tmdb.TVShow, strict=False),
}
_ERROR_BODY: Final = msgspec.json.Decoder(tmdb.ErrorBody, strict=False)


def decode_entity(kind: str, body: bytes) -> Entity:
    """An entity body as the gateway keeps it: decoded, its crew's vocabulary shared."""
    entity: Entity = DECODERS[kind].decode(body)
    if not isinstance(entity, tmdb.Person):
        tmdb.share_vocabulary(entity.credits)
    return entity


def credentials(settings: Settings) -> tuple[str | None, str | None]:
    """``(token, api_key)``, at most one of them set: how the client authenticates.

    The one place that decides it. The Bearer token is preferred; a v3 key is used only without
    one, and goes into the query string ``TMDBClient.get`` builds, never into client-level
    ``params``: httpx 0.28 replaces an absolute URL's whole query string with those, so every
    GET would lose ``append_to_response`` and ``language``.
    """
    if settings.read_access_token:
        return settings.read_access_token, None
    return None, settings.api_key


def build_http_client(
    settings: Settings, transport: httpx.AsyncBaseTransport, *, base_url: str | None = None
) -> httpx.AsyncClient:
    """The app's one ``httpx.AsyncClient``; the transport is chosen by the caller.

    It carries the Bearer token, when that is the credential, as a client header.
    """
    headers = {"Accept": "application/json"}
    token, _ = credentials(settings)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.AsyncClient(
        base_url=base_url or settings.base_url,
        transport=transport,
        headers=headers,
        timeout=httpx.Timeout(
            settings.read_timeout, connect=settings.connect_timeout, pool=settings.read_timeout
        ),
        follow_redirects=False,
        # A gateway must not carry cookies from one user's upstream answer into another's
        # request; ignoring them also skips httpx's per-response cookie parsing.
        cookies=IgnoreCookies(),
    )


class IgnoreCookies(http.cookiejar.CookieJar):
    """A cookie jar that keeps nothing."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        return None


class TMDBClient:
    """Typed GETs against TMDB. Every httpx and msgspec failure leaves as an ``UpstreamError``.

    ``api_key`` is the v3 key, sent in each request's query string, when ``http`` carries no
    Bearer token; ``from_settings`` decides which, and owns the ``httpx.AsyncClient`` it builds.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        api_key: str | None = None,
        rate_limit: float = 0,
        observe: UpstreamObserver = _unobserved,
    ) -> None:
        self._http = http
        self._observe = observe
        self._base = str(http.base_url).rstrip("/")
        self._auth = "api_key=" + quote(api_key, safe="") if api_key else ""
        self._limiter = RateLimiter(rate_limit) if rate_limit > 0 else None

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        transport: httpx.AsyncBaseTransport,
        *,
        base_url: str | None = None,
        observe: UpstreamObserver = _unobserved,
    ) -> TMDBClient:
        """The client the settings describe, authenticated as ``credentials`` decides."""
        _, api_key = credentials(settings)
        http = build_http_client(settings, transport, base_url=base_url)
        return cls(http, api_key=api_key, rate_limit=settings.rate_limit, observe=observe)

    async def __aenter__(self) -> TMDBClient:
        await self._http.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.aclose()

    async def get(
        self,
        path: str,
        params: dict[str, str],
        decode: Callable[[bytes], T],
        operation: Operation | None = None,
        *,
        resource: str = "other",
        key: object = "",
        parts: tuple[str, ...] = (),
    ) -> T:
        """GET ``path`` and decode its body, sent under ``operation``; ``resource``, ``key`` and
        ``parts`` name the request to the observer."""
        if self._limiter is not None:
            await self._limiter.acquire(operation)
        # An absolute URL spares httpx its base-URL and parameter merging, measured at 280 -> 230
        # us of CPU per upstream GET (32 in flight against bench/fake_tmdb.py, client alone).
        query = [f"{k}={quote(v, safe=',')}" for k, v in params.items()]
        if self._auth:
            query.append(self._auth)
        url = self._base + path
        if query:
            url += "?" + "&".join(query)
        # The one place lower-layer errors are translated. Messages name the path, never the
        # URL: with a v3 key the URL's query string holds the credential.
        started = time.perf_counter()
        try:
            response = await self._http.get(url)
        except httpx.HTTPError as exc:
            if isinstance(exc, httpx.TimeoutException) and _timed_out(exc):
                self._observe(resource, key, parts, "timeout", started)
                raise errors.UpstreamTimeoutError(f"TMDB did not answer {path} in time") from exc
            self._observe(resource, key, parts, "unreachable", started)
            raise errors.UpstreamConnectionError(
                f"TMDB could not be reached for {path} ({_root_cause(exc)})"
            ) from exc
        self._observe(resource, key, parts, response.status_code, started)
        if response.status_code >= 400:
            raise _status_error(path, response)
        try:
            return decode(response.content)
        except msgspec.DecodeError as exc:
            raise errors.UpstreamDecodeError(
                f"TMDB's {path} body was not understood: {exc}"
            ) from exc

    async def entity(
        self,
        kind: str,
        id: int,
        language: str | None,
        parts: Iterable[str] = (),
        operation: Operation | None = None,
    ) -> Entity:
        """One entity with its appended parts (at most ``MAX_APPEND``) in a single GET.

        TMDB's answer must carry every part asked: an entity missing one is an
        ``UpstreamDecodeError``, never an entity whose part reads as empty (and gets cached).
        """
        parts = tuple(parts)
        fields = DECODERS[kind].type.__struct_fields__
        for part in parts:
            if part not in fields:
                raise ValueError(f"{kind} has no part {part!r} in the wire contract")
        params: dict[str, str] = {}
        if parts:
            params["append_to_response"] = ",".join(parts)
        if language:
            params["language"] = language
        path = f"/{kind}/{id}"
        entity = await self.get(
            path,
            params,
            partial(decode_entity, kind),
            operation,
            resource=kind,
            key=id,
            parts=parts,
        )
        missing = [part for part in parts if getattr(entity, part) is None]
        if missing:
            raise errors.UpstreamDecodeError(
                f"TMDB's {path} answer lacks the appended part(s) it was asked for: "
                + ", ".join(missing)
            )
        return entity


def _timed_out(exc: httpx.TimeoutException) -> bool:
    """Whether a timeout httpx reports is one.

    httpx-aiohttp 0.2 maps every aiohttp connection error, a refused connection included, to
    ``httpx.ConnectTimeout`` (its map lists ``ClientConnectionError`` before the more specific
    ``ClientConnectorError``), so the cause decides: a connection error that is not itself a
    ``TimeoutError`` (aiohttp's timeouts are) means TMDB could not be reached.
    """
    cause = exc.__cause__
    return not isinstance(cause, aiohttp.ClientConnectionError | OSError) or isinstance(
        cause, TimeoutError
    )


def _root_cause(exc: BaseException) -> str:
    """The name of the innermost OS error behind ``exc`` (``ConnectionRefusedError``), else of
    ``exc`` itself; a name carries no URL.
    """
    name = type(exc).__name__
    cause = exc.__cause__
    while cause is not None:
        if isinstance(cause, OSError):
            name = type(cause).__name__
        cause = cause.__cause__
    return name


def _status_error(path: str, response: httpx.Response) -> errors.UpstreamStatusError:
    status = response.status_code
    try:
        body = _ERROR_BODY.decode(response.content)
    except msgspec.DecodeError:
        body = tmdb.ErrorBody()
    detail = f": {body.status_message}" if body.status_message else ""
    message = f"TMDB answered {status} for {path}{detail}"
    if status == 429:
        return errors.RateLimitError(
            message, tmdb_code=body.status_code, retry_after=_retry_after(response)
        )
    cls = errors.status_error_class(status)
    return cls(message, status_code=status, tmdb_code=body.status_code)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None
