"""Settings read once from the environment at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_BASE_URL = "https://api.themoviedb.org/3"
LOG_FORMATS = ("text", "json")


@dataclass(frozen=True, slots=True)
class Settings:
    # Credentials stay out of repr so that logging a Settings can never leak them.
    read_access_token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    base_url: str = DEFAULT_BASE_URL
    rate_limit: float = 40.0
    max_connections: int = 100
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    cache_ttl: float = 3600.0
    cache_size: int = 10_000
    cache_bytes: int = 256 * 1024 * 1024
    body_timeout: float = 10.0
    log_format: str = "text"

    @property
    def demo(self) -> bool:
        """With neither credential the gateway serves the embedded demo dataset."""
        return not (self.read_access_token or self.api_key)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line, an error message or a response."""
        return tuple(s for s in (self.read_access_token, self.api_key) if s)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        log_format = env.get("TMDBFUSION_LOG_FORMAT", "").strip().lower() or "text"
        if log_format not in LOG_FORMATS:
            raise ValueError(f"TMDBFUSION_LOG_FORMAT must be text or json, not {log_format!r}")
        return cls(
            read_access_token=env.get("TMDB_READ_ACCESS_TOKEN") or None,
            api_key=env.get("TMDB_API_KEY") or None,
            base_url=(env.get("TMDB_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
            rate_limit=float(env.get("TMDBFUSION_RATE_LIMIT", "40")),
            cache_ttl=float(env.get("TMDBFUSION_CACHE_TTL", "3600")),
            cache_size=int(env.get("TMDBFUSION_CACHE_SIZE", "10000")),
            cache_bytes=int(env.get("TMDBFUSION_CACHE_MB", "256")) * 1024 * 1024,
            body_timeout=float(env.get("TMDBFUSION_BODY_TIMEOUT", "10")),
            log_format=log_format,
        )
