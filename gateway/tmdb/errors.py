"""Errors raised by the TMDB client; the only exceptions that leave ``gateway/tmdb/``.

The tree::

    UpstreamError
    ├── UpstreamConnectionError        TMDB could not be reached (connection refused, reset...)
    │   └── UpstreamTimeoutError       ... or did not answer in time
    ├── UpstreamStatusError            TMDB answered with an error status (status_code)
    │   ├── AuthenticationError        401: the token or key was refused
    │   ├── NotFoundError              404: no such entity
    │   ├── RateLimitError             429: slow down (retry_after, in seconds, if sent)
    │   └── UpstreamServerError        5xx: TMDB itself failed; worth retrying later
    └── UpstreamDecodeError            the body broke the wire contract (keeps msgspec's $.path),
                                       or lacks an appended part it was asked for

httpx and msgspec exceptions are translated into these in exactly one place, the client's request
method. Messages never contain the request URL: with a v3 key the URL carries the credential.
"""

from __future__ import annotations


class UpstreamError(Exception):
    """Base of every failure talking to TMDB."""


class UpstreamConnectionError(UpstreamError):
    """TMDB could not be reached."""


class UpstreamTimeoutError(UpstreamConnectionError):
    """TMDB did not answer in time."""


class UpstreamStatusError(UpstreamError):
    """TMDB answered with an HTTP error status."""

    def __init__(self, message: str, *, status_code: int, tmdb_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.tmdb_code = tmdb_code


class AuthenticationError(UpstreamStatusError):
    """401: TMDB refused the configured credential."""


class NotFoundError(UpstreamStatusError):
    """404: TMDB has no such entity."""


class RateLimitError(UpstreamStatusError):
    """429: TMDB asks us to slow down."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 429,
        tmdb_code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, tmdb_code=tmdb_code)
        self.retry_after = retry_after


class UpstreamServerError(UpstreamStatusError):
    """5xx: TMDB failed on its side (500, 502, 503, 504, ...)."""


class UpstreamDecodeError(UpstreamError):
    """The body did not match the wire contract; the message keeps msgspec's ``$.path``.

    Also raised for an entity whose answer lacks an appended part that was asked for.
    """


STATUS_ERRORS: dict[int, type[UpstreamStatusError]] = {
    401: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[UpstreamStatusError]:
    """The exception for an HTTP error status: the table's, else by class of status."""
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    return UpstreamServerError if status >= 500 else UpstreamStatusError
