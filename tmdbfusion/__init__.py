"""TMDBFusion's TMDB client: the whole v3 read API, sync and async, typed msgspec Structs.

from tmdbfusion import TMDBClient

with TMDBClient() as client:
    movie = client.movies.details(550, append=["credits"])
"""

from __future__ import annotations

from tmdbfusion import models
from tmdbfusion.client import AsyncTMDBClient, TMDBClient
from tmdbfusion.errors import (
    AuthenticationError,
    ClientClosedError,
    MissingCredentialsError,
    NotFoundError,
    RateLimitError,
    UpstreamConnectionError,
    UpstreamDecodeError,
    UpstreamError,
    UpstreamServerError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)

__all__ = [
    "AsyncTMDBClient",
    "AuthenticationError",
    "ClientClosedError",
    "MissingCredentialsError",
    "NotFoundError",
    "RateLimitError",
    "TMDBClient",
    "UpstreamConnectionError",
    "UpstreamDecodeError",
    "UpstreamError",
    "UpstreamServerError",
    "UpstreamStatusError",
    "UpstreamTimeoutError",
    "models",
]
