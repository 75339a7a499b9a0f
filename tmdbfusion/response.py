"""Reading TMDB's answer, without I/O: a Struct, or the ``UpstreamError`` it stands for.

Also the one translation of httpx's exceptions, shared by both clients. Every message names the
request path, never the URL, which holds the v3 key in key mode.
"""

from __future__ import annotations

import email.utils
import sys
import time
from collections.abc import Mapping
from typing import Final, TypeVar

import httpx
import msgspec

from tmdbfusion import errors
from tmdbfusion.request import Request
from tmdbfusion.resource import Resource

T = TypeVar("T")


class ErrorBody(msgspec.Struct, frozen=True, gc=False):
    """TMDB's error envelope: ``{"status_code": 34, "status_message": "...", "success": false}``."""

    status_code: int | None = None
    status_message: str | None = None


_ERROR_BODY: Final = msgspec.json.Decoder(ErrorBody, strict=False)


def decode(
    resource: Resource[T],
    request: Request,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
) -> T:
    """The result of ``request``, or the error its answer means.

    ``headers`` must look keys up case-insensitively (``httpx.Headers`` does). Each part the
    request appended must be in the body: a missing one is a decode error, never an empty part.
    """
    if not 200 <= status < 300:
        raise status_error(request.path, status, headers, body)
    try:
        result = resource.decoder.decode(body)
    except msgspec.DecodeError as exc:
        raise errors.UpstreamDecodeError(
            f"TMDB's {request.path} body was not understood: {exc}"
        ) from exc
    missing = [
        name for name in request.parts if getattr(result, resource.parts[name].field) is None
    ]
    if missing:
        raise errors.UpstreamDecodeError(
            f"TMDB's {request.path} body lacks the appended part(s) it was asked for: "
            + ", ".join(map(repr, missing))
        )
    return result


def status_error(
    path: str, status: int, headers: Mapping[str, str], body: bytes
) -> errors.UpstreamStatusError:
    """The exception for an error status, with TMDB's own code and message when it sent them."""
    try:
        envelope = _ERROR_BODY.decode(body)
    except msgspec.DecodeError:
        envelope = ErrorBody()
    detail = f": {envelope.status_message}" if envelope.status_message else ""
    message = f"TMDB answered {status} for {path}{detail}"
    if status == 429:
        return errors.RateLimitError(
            message, tmdb_code=envelope.status_code, retry_after=retry_after(headers)
        )
    cls = errors.STATUS_ERRORS.get(status)
    if cls is None:
        cls = errors.UpstreamServerError if status >= 500 else errors.UpstreamStatusError
    return cls(message, status_code=status, tmdb_code=envelope.status_code)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait, from ``Retry-After`` in seconds or as an HTTP date."""
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def transport_error(path: str, exc: httpx.HTTPError) -> errors.UpstreamError:
    """The ``UpstreamError`` for an httpx failure; raise it ``from exc``."""
    if isinstance(exc, httpx.TimeoutException) and _timed_out(exc):
        return errors.UpstreamTimeoutError(f"TMDB did not answer {path} in time")
    if isinstance(exc, httpx.DecodingError):
        return errors.UpstreamDecodeError(f"TMDB's {path} body could not be decompressed")
    # The exception's own text may hold the URL, so only a class is named.
    return errors.UpstreamConnectionError(
        f"TMDB could not be reached for {path} ({_root_cause(exc)})"
    )


def _timed_out(exc: httpx.TimeoutException) -> bool:
    """Whether a timeout httpx reports is one.

    httpx-aiohttp 0.2 maps every aiohttp connection error, a refused connection included, to
    ``httpx.ConnectTimeout`` (its map lists ``ClientConnectionError`` before the more specific
    ``ClientConnectorError``), so the cause decides: a connection error that is not itself a
    ``TimeoutError`` (aiohttp's timeouts are) means TMDB could not be reached.
    """
    cause = exc.__cause__
    if cause is None or isinstance(cause, TimeoutError):
        return True
    # aiohttp is looked up, not imported: if it was never imported, it raised nothing.
    aiohttp = sys.modules.get("aiohttp")
    connection_errors: tuple[type[BaseException], ...] = (OSError,)
    if aiohttp is not None:
        connection_errors += (aiohttp.ClientConnectionError,)
    return not isinstance(cause, connection_errors)


def _root_cause(exc: BaseException) -> str:
    """The name of the innermost OS error behind ``exc`` (``ConnectionRefusedError``), else of
    ``exc`` itself; a name carries no URL."""
    name = type(exc).__name__
    cause = exc.__cause__
    while cause is not None:
        if isinstance(cause, OSError):
            name = type(cause).__name__
        cause = cause.__cause__
    return name
