"""Settings read once from the environment at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

DEFAULT_BASE_URL = "https://api.themoviedb.org/3"
# Set by `tmdbfusion serve --workers N` for its workers, which share one budget toward TMDB.
WORKERS_ENV = "TMDBFUSION_WORKERS"


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
    # Seconds one GraphQL operation may wait on TMDB in all; fields still waiting then fail.
    deadline: float | None = 10.0
    cache_ttl: float = 3600.0
    cache_size: int = 10_000
    cache_bytes: int = 256 * 1024 * 1024
    body_timeout: float = 10.0
    max_upstream_calls: int = 100
    max_fields: int = 20_000
    # Faults (gateway/guard.py): retries with full-jitter backoff, the breaker, the in-flight cap.
    retries: int = 2
    retry_base: float = 0.2
    retry_cap: float = 2.0
    breaker_failures: int = 5
    breaker_cooldown: float = 10.0
    max_in_flight: int = 20
    # Processes of one `serve --workers N` sharing the rate limit and the in-flight cap.
    workers: int = 1
    # The URL may carry a password, so it stays out of repr too.
    redis_url: str | None = field(default=None, repr=False)
    redis_timeout: float = 0.05
    negative_ttl: float = 60.0

    @property
    def demo(self) -> bool:
        """With neither credential the gateway serves the embedded demo dataset."""
        return not (self.read_access_token or self.api_key)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line, an error message or a response."""
        password = urlsplit(self.redis_url).password if self.redis_url else None
        secrets = (self.read_access_token, self.api_key, password, password and unquote(password))
        return tuple(dict.fromkeys(s for s in secrets if s))

    @property
    def process_rate_limit(self) -> float:
        """This process's requests per second toward TMDB.

        With Redis (and a credential to key it by) the whole limit is shared through it, and each
        process may use all of it; without, the workers of one server divide it.
        """
        return self.rate_limit if self.shared_budget else self.rate_limit / self.workers

    @property
    def shared_budget(self) -> bool:
        """Whether the rate limit and the 429 back-off are shared through Redis."""
        return bool(self.redis_url and not self.demo and self.rate_limit > 0)

    @property
    def process_max_in_flight(self) -> int:
        """This process's share of the requests in flight (0: no cap); a host has one IP."""
        if not self.max_in_flight:
            return 0
        return max(1, self.max_in_flight // self.workers)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        deadline = float(env.get("TMDBFUSION_DEADLINE", "10"))
        if deadline < 0:
            raise ValueError("TMDBFUSION_DEADLINE must be zero (no deadline) or more seconds")
        workers = int(env.get(WORKERS_ENV) or "1")
        if workers < 1:
            raise ValueError(f"{WORKERS_ENV} must be at least 1")
        return cls(
            read_access_token=env.get("TMDB_READ_ACCESS_TOKEN") or None,
            api_key=env.get("TMDB_API_KEY") or None,
            base_url=(env.get("TMDB_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
            rate_limit=float(env.get("TMDBFUSION_RATE_LIMIT", "40")),
            deadline=deadline or None,
            cache_ttl=float(env.get("TMDBFUSION_CACHE_TTL", "3600")),
            cache_size=int(env.get("TMDBFUSION_CACHE_SIZE", "10000")),
            cache_bytes=int(env.get("TMDBFUSION_CACHE_MB", "256")) * 1024 * 1024,
            body_timeout=float(env.get("TMDBFUSION_BODY_TIMEOUT", "10")),
            max_upstream_calls=int(env.get("TMDBFUSION_MAX_UPSTREAM_CALLS", "100")),
            max_fields=int(env.get("TMDBFUSION_MAX_FIELDS", "20000")),
            retries=int(env.get("TMDBFUSION_RETRIES", "2")),
            retry_base=float(env.get("TMDBFUSION_RETRY_BASE", "0.2")),
            retry_cap=float(env.get("TMDBFUSION_RETRY_CAP", "2")),
            breaker_failures=int(env.get("TMDBFUSION_BREAKER_FAILURES", "5")),
            breaker_cooldown=float(env.get("TMDBFUSION_BREAKER_COOLDOWN", "10")),
            max_in_flight=int(env.get("TMDBFUSION_MAX_IN_FLIGHT", "20")),
            workers=workers,
            redis_url=env.get("TMDBFUSION_REDIS_URL") or None,
            redis_timeout=float(env.get("TMDBFUSION_REDIS_TIMEOUT", "0.05")),
            negative_ttl=float(env.get("TMDBFUSION_NEGATIVE_TTL", "60")),
        )
