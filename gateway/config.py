"""Settings read once from the environment at start-up."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://api.themoviedb.org/3"

N = TypeVar("N", int, float)


class ConfigError(ValueError):
    """A setting is malformed. The message names the variable and never holds a credential."""


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
    max_upstream_calls: int = 100
    max_fields: int = 20_000

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
        """The settings in ``env`` (the process environment by default); an empty value is unset.

        Raises ``ConfigError`` for the first malformed one.
        """
        env = os.environ if env is None else env
        return cls(
            read_access_token=_credential(env, "TMDB_READ_ACCESS_TOKEN"),
            api_key=_credential(env, "TMDB_API_KEY"),
            base_url=_base_url(env, "TMDB_BASE_URL"),
            rate_limit=_number(env, "TMDBFUSION_RATE_LIMIT", 40.0, float, 0, "requests per second"),
            cache_ttl=_number(env, "TMDBFUSION_CACHE_TTL", 3600.0, float, 0, "seconds"),
            cache_size=_number(env, "TMDBFUSION_CACHE_SIZE", 10_000, int, 0, "entities"),
            cache_bytes=_number(env, "TMDBFUSION_CACHE_MB", 256, int, 0, "megabytes") * 1024 * 1024,
            body_timeout=_number(env, "TMDBFUSION_BODY_TIMEOUT", 10.0, float, 0.001, "seconds"),
            max_upstream_calls=_number(
                env, "TMDBFUSION_MAX_UPSTREAM_CALLS", 100, int, 1, "TMDB requests"
            ),
            max_fields=_number(env, "TMDBFUSION_MAX_FIELDS", 20_000, int, 1, "fields"),
        )


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
