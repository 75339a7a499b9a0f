"""Errors raised by the TMDB client; the only exceptions that leave ``tmdbfusion``.

The tree::

    UpstreamError
    ├── UpstreamConnectionError        TMDB could not be reached (a refused connection, a reset)
    │   └── UpstreamTimeoutError       ... or did not answer in time
    ├── UpstreamStatusError            TMDB answered with an error status (status_code, tmdb_code)
    │   ├── AuthenticationError        401: the token or key was refused
    │   ├── NotFoundError              404: no such entity
    │   ├── RateLimitError             429: slow down (retry_after, in seconds, if sent)
    │   └── UpstreamServerError        5xx: TMDB failed
    └── UpstreamDecodeError            the body broke the wire contract (keeps msgspec's $.path)

    ClientClosedError (RuntimeError)   a call on a client that was closed
    MissingCredentialsError (ValueError)  no token, no key and no transport to talk to

httpx and msgspec exceptions are translated into these in exactly one place each
(``tmdbfusion.response``). Messages name the request path, never the URL: with a v3 key the URL
carries the credential.
"""

from __future__ import annotations


class UpstreamError(Exception):
    """Base of every failure talking to TMDB."""


class UpstreamConnectionError(UpstreamError):
    """TMDB could not be reached."""


class UpstreamTimeoutError(UpstreamConnectionError):
    """TMDB did not answer in time."""


class UpstreamStatusError(UpstreamError):
    """TMDB answered with an HTTP error status; ``tmdb_code`` is TMDB's own code, if sent."""

    def __init__(self, message: str, *, status_code: int, tmdb_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.tmdb_code = tmdb_code


class AuthenticationError(UpstreamStatusError):
    """401: TMDB refused the configured credential."""


class NotFoundError(UpstreamStatusError):
    """404: TMDB has no such entity."""


class RateLimitError(UpstreamStatusError):
    """429: TMDB asks us to slow down; ``retry_after`` is in seconds when TMDB says."""

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
    """5xx: TMDB failed to answer."""


class UpstreamDecodeError(UpstreamError):
    """The body did not match the wire contract; the message keeps msgspec's ``$.path``."""


class ClientClosedError(RuntimeError):
    """The client was used after ``close()`` (or after its ``with`` block ended)."""


class MissingCredentialsError(ValueError):
    """Neither a token nor a v3 key was given, and no transport or client to send through."""


STATUS_ERRORS: dict[int, type[UpstreamStatusError]] = {
    401: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}
