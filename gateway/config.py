"""Settings read once from the environment at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import unquote, urlsplit

from schema.cost import Budget
from schema.limits import MAX_ALIASES, MAX_DEPTH, MAX_DIRECTIVES, MAX_TOKENS, Limits

DEFAULT_BASE_URL = "https://api.themoviedb.org/3"
ENVIRONMENTS: Final = ("development", "production")
# The README's "Limits" table says why each default is what it is.
MAX_BODY_BYTES: Final = 64 * 1024
MAX_VARIABLES_BYTES: Final = 16 * 1024
# The headers a browser must be allowed to send: the CSRF rule asks for one of the last two.
CORS_HEADERS: Final = ("Content-Type", "Apollo-Require-Preflight", "X-Apollo-Operation-Name")


@dataclass(frozen=True, slots=True)
class Settings:
    # Credentials stay out of repr so that logging a Settings can never leak them.
    read_access_token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    base_url: str = DEFAULT_BASE_URL
    env: str = "development"
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
    # The URL may carry a password, so it stays out of repr too.
    redis_url: str | None = field(default=None, repr=False)
    redis_timeout: float = 0.05
    negative_ttl: float = 60.0
    max_tokens: int = MAX_TOKENS
    max_depth: int = MAX_DEPTH
    max_aliases: int = MAX_ALIASES
    max_directives: int = MAX_DIRECTIVES
    max_body_bytes: int = MAX_BODY_BYTES
    max_variables_bytes: int = MAX_VARIABLES_BYTES
    cors_origins: tuple[str, ...] = ()
    cors_methods: tuple[str, ...] = ("GET", "POST")
    cors_headers: tuple[str, ...] = CORS_HEADERS
    cors_max_age: int = 600
    persisted_only: bool = False
    persisted_manifest: str | None = None

    def __post_init__(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise ValueError(
                f"TMDBFUSION_ENV is {self.env!r}; use one of {', '.join(ENVIRONMENTS)}"
            )
        if self.persisted_only and not self.persisted_manifest:
            raise ValueError("TMDBFUSION_PERSISTED_ONLY=1 needs TMDBFUSION_PERSISTED_MANIFEST")

    @property
    def demo(self) -> bool:
        """With neither credential the gateway serves the embedded demo dataset."""
        return not (self.read_access_token or self.api_key)

    @property
    def production(self) -> bool:
        """No introspection, no field suggestions, no GraphiQL."""
        return self.env == "production"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line, an error message or a response."""
        password = urlsplit(self.redis_url).password if self.redis_url else None
        secrets = (self.read_access_token, self.api_key, password, password and unquote(password))
        return tuple(dict.fromkeys(s for s in secrets if s))

    @property
    def budget(self) -> Budget:
        return Budget(max_upstream_calls=self.max_upstream_calls, max_fields=self.max_fields)

    @property
    def limits(self) -> Limits:
        return Limits(self.max_tokens, self.max_depth, self.max_aliases, self.max_directives)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        deadline = float(env.get("TMDBFUSION_DEADLINE", "10"))
        if deadline < 0:
            raise ValueError("TMDBFUSION_DEADLINE must be zero (no deadline) or more seconds")
        return cls(
            read_access_token=env.get("TMDB_READ_ACCESS_TOKEN") or None,
            api_key=env.get("TMDB_API_KEY") or None,
            base_url=(env.get("TMDB_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
            env=env.get("TMDBFUSION_ENV") or "development",
            rate_limit=float(env.get("TMDBFUSION_RATE_LIMIT", "40")),
            deadline=deadline or None,
            cache_ttl=float(env.get("TMDBFUSION_CACHE_TTL", "3600")),
            cache_size=int(env.get("TMDBFUSION_CACHE_SIZE", "10000")),
            cache_bytes=int(env.get("TMDBFUSION_CACHE_MB", "256")) * 1024 * 1024,
            body_timeout=float(env.get("TMDBFUSION_BODY_TIMEOUT", "10")),
            max_upstream_calls=int(env.get("TMDBFUSION_MAX_UPSTREAM_CALLS", "100")),
            max_fields=int(env.get("TMDBFUSION_MAX_FIELDS", "20000")),
            redis_url=env.get("TMDBFUSION_REDIS_URL") or None,
            redis_timeout=float(env.get("TMDBFUSION_REDIS_TIMEOUT", "0.05")),
            negative_ttl=float(env.get("TMDBFUSION_NEGATIVE_TTL", "60")),
            max_tokens=int(env.get("TMDBFUSION_MAX_TOKENS", MAX_TOKENS)),
            max_depth=int(env.get("TMDBFUSION_MAX_DEPTH", MAX_DEPTH)),
            max_aliases=int(env.get("TMDBFUSION_MAX_ALIASES", MAX_ALIASES)),
            max_directives=int(env.get("TMDBFUSION_MAX_DIRECTIVES", MAX_DIRECTIVES)),
            max_body_bytes=int(env.get("TMDBFUSION_MAX_BODY_BYTES", MAX_BODY_BYTES)),
            max_variables_bytes=int(env.get("TMDBFUSION_MAX_VARIABLES_BYTES", MAX_VARIABLES_BYTES)),
            cors_origins=_names(env.get("TMDBFUSION_CORS_ORIGINS", "")),
            cors_methods=_names(env.get("TMDBFUSION_CORS_METHODS", "GET,POST"), upper=True),
            cors_headers=_names(env.get("TMDBFUSION_CORS_HEADERS", ",".join(CORS_HEADERS))),
            cors_max_age=int(env.get("TMDBFUSION_CORS_MAX_AGE", "600")),
            persisted_only=env.get("TMDBFUSION_PERSISTED_ONLY", "0") not in ("", "0", "false"),
            persisted_manifest=env.get("TMDBFUSION_PERSISTED_MANIFEST") or None,
        )


def _names(value: str, *, upper: bool = False) -> tuple[str, ...]:
    """A comma-separated list, blanks dropped: ``"a, b,"`` is ``("a", "b")``."""
    names = (name.strip() for name in value.split(","))
    return tuple(name.upper() if upper else name for name in names if name)
