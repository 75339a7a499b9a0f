"""Building a TMDB request from the table, without I/O: credentials, the URL, the parts asked.

The URL is absolute and carries its whole query string, so the HTTP client has nothing to merge.
Never hand the key to httpx as client-level ``params``: httpx 0.28 then replaces an absolute
URL's own query string by the client's, and every appended part was lost in key mode.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote

from tmdbfusion.errors import MissingCredentialsError
from tmdbfusion.resource import Resource

DEFAULT_BASE_URL: Final = "https://api.themoviedb.org/3"

# TMDB answers at most 20 sub-requests in one append_to_response.
MAX_APPEND: Final = 20


@dataclass(frozen=True, slots=True)
class Credentials:
    """How to reach TMDB: a Bearer token (preferred) or a v3 key, and the base URL."""

    token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    base_url: str = DEFAULT_BASE_URL

    @classmethod
    def resolve(
        cls,
        token: str | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        required: bool = True,
        environ: Mapping[str, str] = os.environ,
    ) -> Credentials:
        """Arguments first, then TMDB_READ_ACCESS_TOKEN / TMDB_API_KEY / TMDB_BASE_URL."""
        token = token or environ.get("TMDB_READ_ACCESS_TOKEN") or None
        api_key = api_key or environ.get("TMDB_API_KEY") or None
        base_url = base_url or environ.get("TMDB_BASE_URL") or DEFAULT_BASE_URL
        if required and not token and not api_key:
            raise MissingCredentialsError(
                "No TMDB credential: pass token= (a read access token) or api_key= (a v3 key), "
                "or set TMDB_READ_ACCESS_TOKEN or TMDB_API_KEY"
            )
        return cls(token, None if token else api_key, base_url.rstrip("/"))

    @property
    def headers(self) -> dict[str, str]:
        """The headers every request carries: the Bearer token, if there is one."""
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    @property
    def query(self) -> str:
        """What key mode appends to every query string (nothing when a token is used)."""
        return f"api_key={quote(self.api_key, safe='')}" if self.api_key else ""


@dataclass(frozen=True, slots=True)
class Request:
    """One GET to send: ``path`` names it in messages (it never holds the key), ``url`` is sent."""

    path: str
    url: str
    parts: tuple[str, ...]


def build(
    resource: Resource[Any],
    keys: tuple[object, ...],
    query: Mapping[str, object],
    credentials: Credentials,
) -> Request:
    """The request for ``resource`` called with ``keys`` and keyword arguments ``query``.

    Query parameters go in TMDB's names, sorted, so one call always gives one URL; ``append``
    becomes ``append_to_response`` with the parts de-duplicated and sorted.
    """
    if len(keys) != len(resource.keys):
        raise TypeError(f"{resource.name}() takes {len(resource.keys)} key arguments")
    path = resource.path.format_map(
        {
            param.name: quote(str(key), safe="")
            for param, key in zip(resource.keys, keys, strict=True)
        }
    )
    pairs: list[tuple[str, str]] = []
    parts: tuple[str, ...] = ()
    for name, value in query.items():
        param = resource.query.get(name)
        if param is not None:
            if value is not None:
                pairs.append((param.wire, _encode(value)))
        elif name == "append" and resource.parts:
            parts = _parts(resource, value)
            if parts:
                pairs.append(("append_to_response", ",".join(parts)))
        else:
            raise TypeError(f"{resource.name}() got an unexpected keyword argument {name!r}")
    for param in resource.query.values():
        if param.required and query.get(param.name) is None:
            raise TypeError(f"{resource.name}() missing required keyword argument {param.name!r}")
    pairs.sort()
    query_string = "&".join(f"{name}={value}" for name, value in pairs)
    if credentials.api_key:
        # Last, so that everything before it is the same in both auth modes.
        query_string = f"{query_string}&{credentials.query}" if query_string else credentials.query
    url = (
        f"{credentials.base_url}{path}?{query_string}"
        if query_string
        else credentials.base_url + path
    )
    return Request(path, url, parts)


def _encode(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    # Commas (TMDB's "and" in with_genres=18,27) and slashes (watch/providers) stay readable.
    return quote(str(value), safe=",/")


def _parts(resource: Resource[Any], value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise TypeError(f"{resource.name}(): append takes a list of part names")
    parts = tuple(sorted(set(value)))
    for part in parts:
        if part not in resource.parts:
            accepted = ", ".join(resource.parts)
            raise ValueError(f"{resource.name}(): TMDB does not append {part!r} here ({accepted})")
    if len(parts) > MAX_APPEND:
        raise ValueError(f"{resource.name}(): TMDB appends at most {MAX_APPEND} parts")
    return parts
