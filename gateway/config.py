"""Settings read once from the environment at start-up."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final, TypeVar
from urllib.parse import unquote, urlsplit

from schema.cost import Budget
from schema.limits import MAX_ALIASES, MAX_DEPTH, MAX_DIRECTIVES, MAX_TOKENS, Limits

DEFAULT_BASE_URL = "https://api.themoviedb.org/3"
# A day: TMDB's data changes slowly, and a day-old title beats an error page.
DEFAULT_STALE_WINDOW: Final = 86_400.0
# Set by `tmdbfusion serve --workers N` for its workers, which share one budget toward TMDB.
WORKERS_ENV: Final = "TMDBFUSION_WORKERS"
ENVIRONMENTS: Final = ("development", "production")
LOG_FORMATS: Final = ("text", "json")
# The README's "Limits" table says why each default is what it is.
MAX_BODY_BYTES: Final = 64 * 1024
MAX_VARIABLES_BYTES: Final = 16 * 1024
# The headers a browser must be allowed to send: the CSRF rule asks for one of the last two.
CORS_HEADERS: Final = ("Content-Type", "Apollo-Require-Preflight", "X-Apollo-Operation-Name")

N = TypeVar("N", int, float)


class ConfigError(ValueError):
    """A setting is malformed. The message names the variable and never holds a credential."""


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
    # The whole-response cache's bytes in each process (gateway/response_cache.py); 0: off.
    response_cache_bytes: int = 64 * 1024 * 1024
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
    # Seconds past its freshness an entry may still be served when TMDB fails (gateway/stale.py).
    stale_if_error: float = DEFAULT_STALE_WINDOW
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
    # Plain text for people (make run); json for a log pipeline, one object per line.
    log_format: str = "text"

    def __post_init__(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise ConfigError(
                f"TMDBFUSION_ENV is {self.env!r}; use one of {', '.join(ENVIRONMENTS)}"
            )
        if self.persisted_only and not self.persisted_manifest:
            raise ConfigError("TMDBFUSION_PERSISTED_ONLY=1 needs TMDBFUSION_PERSISTED_MANIFEST")
        if self.log_format not in LOG_FORMATS:
            raise ConfigError(
                f"TMDBFUSION_LOG_FORMAT is {self.log_format[:40]!r}; "
                f"use one of {', '.join(LOG_FORMATS)}"
            )

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

    @property
    def budget(self) -> Budget:
        return Budget(max_upstream_calls=self.max_upstream_calls, max_fields=self.max_fields)

    @property
    def limits(self) -> Limits:
        return Limits(self.max_tokens, self.max_depth, self.max_aliases, self.max_directives)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings in ``env`` (the process environment by default); an empty value is unset.

        Raises ``ConfigError`` for the first malformed one.
        """
        env = os.environ if env is None else env
        return cls(
            read_access_token=_credential(env, "TMDB_READ_ACCESS_TOKEN"),
            api_key=_credential(env, "TMDB_API_KEY"),
            base_url=_base_url(env, "TMDB_BASE_URL"),
            env=env.get("TMDBFUSION_ENV") or "development",
            rate_limit=_number(env, "TMDBFUSION_RATE_LIMIT", 40.0, float, 0, "requests per second"),
            deadline=_number(env, "TMDBFUSION_DEADLINE", 10.0, float, 0, "seconds") or None,
            cache_ttl=_number(env, "TMDBFUSION_CACHE_TTL", 3600.0, float, 0, "seconds"),
            cache_size=_number(env, "TMDBFUSION_CACHE_SIZE", 10_000, int, 0, "entities"),
            cache_bytes=_number(env, "TMDBFUSION_CACHE_MB", 256, int, 0, "megabytes") * 1024 * 1024,
            response_cache_bytes=_number(
                env, "TMDBFUSION_RESPONSE_CACHE_MB", 64, int, 0, "megabytes"
            )
            * 1024
            * 1024,
            body_timeout=_number(env, "TMDBFUSION_BODY_TIMEOUT", 10.0, float, 0.001, "seconds"),
            max_upstream_calls=_number(
                env, "TMDBFUSION_MAX_UPSTREAM_CALLS", 100, int, 1, "TMDB requests"
            ),
            max_fields=_number(env, "TMDBFUSION_MAX_FIELDS", 20_000, int, 1, "fields"),
            retries=_number(env, "TMDBFUSION_RETRIES", 2, int, 0, "retries"),
            retry_base=_number(env, "TMDBFUSION_RETRY_BASE", 0.2, float, 0, "seconds"),
            retry_cap=_number(env, "TMDBFUSION_RETRY_CAP", 2.0, float, 0, "seconds"),
            breaker_failures=_number(env, "TMDBFUSION_BREAKER_FAILURES", 5, int, 0, "failures"),
            breaker_cooldown=_number(env, "TMDBFUSION_BREAKER_COOLDOWN", 10.0, float, 0, "seconds"),
            max_in_flight=_number(env, "TMDBFUSION_MAX_IN_FLIGHT", 20, int, 0, "requests"),
            workers=_number(env, WORKERS_ENV, 1, int, 1, "processes"),
            redis_url=env.get("TMDBFUSION_REDIS_URL") or None,
            redis_timeout=_number(env, "TMDBFUSION_REDIS_TIMEOUT", 0.05, float, 0.001, "seconds"),
            negative_ttl=_number(env, "TMDBFUSION_NEGATIVE_TTL", 60.0, float, 0, "seconds"),
            stale_if_error=_number(
                env, "TMDBFUSION_STALE_IF_ERROR", DEFAULT_STALE_WINDOW, float, 0, "seconds"
            ),
            max_tokens=_number(env, "TMDBFUSION_MAX_TOKENS", MAX_TOKENS, int, 1, "tokens"),
            max_depth=_number(env, "TMDBFUSION_MAX_DEPTH", MAX_DEPTH, int, 1, "levels"),
            max_aliases=_number(env, "TMDBFUSION_MAX_ALIASES", MAX_ALIASES, int, 1, "aliases"),
            max_directives=_number(
                env, "TMDBFUSION_MAX_DIRECTIVES", MAX_DIRECTIVES, int, 1, "directives"
            ),
            max_body_bytes=_number(
                env, "TMDBFUSION_MAX_BODY_BYTES", MAX_BODY_BYTES, int, 1, "bytes"
            ),
            max_variables_bytes=_number(
                env, "TMDBFUSION_MAX_VARIABLES_BYTES", MAX_VARIABLES_BYTES, int, 1, "bytes"
            ),
            cors_origins=_names(env.get("TMDBFUSION_CORS_ORIGINS", "")),
            cors_methods=_names(env.get("TMDBFUSION_CORS_METHODS", "GET,POST"), upper=True),
            cors_headers=_names(env.get("TMDBFUSION_CORS_HEADERS", ",".join(CORS_HEADERS))),
            cors_max_age=_number(env, "TMDBFUSION_CORS_MAX_AGE", 600, int, 0, "seconds"),
            persisted_only=env.get("TMDBFUSION_PERSISTED_ONLY", "0") not in ("", "0", "false"),
            persisted_manifest=env.get("TMDBFUSION_PERSISTED_MANIFEST") or None,
            log_format=(env.get("TMDBFUSION_LOG_FORMAT") or "text").strip().lower(),
        )


def _names(value: str, *, upper: bool = False) -> tuple[str, ...]:
    """A comma-separated list, blanks dropped: ``"a, b,"`` is ``("a", "b")``."""
    names = (name.strip() for name in value.split(","))
    return tuple(name.upper() if upper else name for name in names if name)


def _credential(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name) or None
    # A token pasted with its line break would break every request's headers; the value itself
    # is never repeated, as it is a secret.
    if value is not None and any(c.isspace() or not c.isprintable() for c in value):
        raise ConfigError(f"{name} has a space, a line break or a control character in it")
    return value


def _base_url(env: Mapping[str, str], name: str) -> str:
    value = env.get(name) or DEFAULT_BASE_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        # Not echoed: a URL can carry a user and password.
        raise ConfigError(f"{name} must be an http:// or https:// URL, such as {DEFAULT_BASE_URL}")
    return value.rstrip("/")


def _number(
    env: Mapping[str, str], name: str, default: N, kind: Callable[[str], N], least: float, unit: str
) -> N:
    raw = env.get(name) or ""
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value < least:
        noun = "a whole number" if kind is int else "a number"
        bound = f"at least {least:g}" if least else "0 or more"
        raise ConfigError(f"{name} must be {noun} of {unit}, {bound}; got {raw[:40]!r}")
    return value
