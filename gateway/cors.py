"""Cross-origin access to /graphql, answered by the endpoint itself.

The hot path skips Starlette's middleware (gateway/app.py), so its ``CORSMiddleware`` would never
see /graphql. The rules are the same: a request from an allowed ``Origin`` gets
``Access-Control-Allow-Origin``; a preflight (``OPTIONS`` with ``Access-Control-Request-Method``)
is answered 204 when its method and headers are allowed, 400 otherwise. An allowed origin's
scripts may read the ``ETag``, ``X-Request-Id`` and ``TMDBFusion-Cache`` headers too. No
credentials are ever allowed: the gateway serves no user data, and ``*`` could not be used with
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from gateway.responses import Answer, Header, RequestError

_VARY_ORIGIN: Final = (b"vary", b"origin")
# The response headers a browser's script may read besides the CORS-safelisted ones: the request
# id (to quote in a bug report), the ETag (to revalidate), and where the answer came from.
_EXPOSE: Final = (b"access-control-expose-headers", b"ETag, X-Request-Id, TMDBFusion-Cache")


class CorsPolicy:
    """Origins, methods and headers as configured; ``*`` in a list allows any."""

    def __init__(
        self,
        origins: Iterable[str],
        methods: Iterable[str] = ("GET", "POST"),
        headers: Iterable[str] = (),
        max_age: int = 600,
    ) -> None:
        origins = tuple(origins)
        methods = tuple(m.upper() for m in methods)
        headers = tuple(h.lower() for h in headers)
        self._any_origin = "*" in origins
        self._origins = frozenset(o.encode() for o in origins)
        self._any_method = "*" in methods
        self._methods = frozenset(m.encode() for m in methods)
        self._any_header = "*" in headers
        self._headers = frozenset(h.encode() for h in headers)
        self._preflight_head: list[Header] = [
            (b"access-control-allow-methods", ", ".join(methods).encode()),
            (b"access-control-max-age", str(max_age).encode()),
        ]
        self._allow_headers = ", ".join(headers).encode()

    def headers(self, origin: bytes) -> list[Header]:
        """What an answer to a request from ``origin`` (empty: no Origin header) carries."""
        if self._any_origin:
            return [(b"access-control-allow-origin", b"*"), _EXPOSE] if origin else []
        # The answer depends on Origin, so a cache in between must key on it, even without one.
        if origin in self._origins:
            return [(b"access-control-allow-origin", origin), _EXPOSE, _VARY_ORIGIN]
        return [_VARY_ORIGIN]

    @staticmethod
    def is_preflight(method: str, headers: Mapping[bytes, bytes]) -> bool:
        return method == "OPTIONS" and b"access-control-request-method" in headers

    def preflight(self, headers: Mapping[bytes, bytes]) -> Answer:
        """The answer to a preflight; a ``RequestError`` (400) naming what is not allowed."""
        origin = headers.get(b"origin", b"")
        method = headers.get(b"access-control-request-method", b"").strip().upper()
        asked = [
            h.strip().lower()
            for h in headers.get(b"access-control-request-headers", b"").split(b",")
            if h.strip()
        ]
        refused = []
        if not (self._any_origin or origin in self._origins):
            refused.append("origin")
        if not (self._any_method or method in self._methods):
            refused.append("method")
        if not (self._any_header or self._headers.issuperset(asked)):
            refused.append("headers")
        if refused:
            raise RequestError(400, f"Disallowed CORS {', '.join(refused)}")
        allow_headers = b", ".join(asked) if self._any_header else self._allow_headers
        head = list(self._preflight_head)  # the endpoint adds ``headers(origin)`` to every answer
        if allow_headers:
            head.append((b"access-control-allow-headers", allow_headers))
        return Answer(204, b"", None, head)
