"""HTTP caching of GET answers, so that a CDN or a browser answers before the gateway does.

A successful GET answer says how long it may be kept: ``public, max-age=N``, N being the time
until the first TMDB data it used goes stale in the gateway's own cache (DESIGN.md, principle 7),
which follows TMDB's own ``max-age`` for that data. An answer with any error, or with data served
stale because TMDB failed (gateway/stale.py), is ``no-store``. A strong ``ETag`` (a hash of the
body and its media type) lets a client revalidate: ``If-None-Match`` with it gets a 304 and no
body.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any, Final, Protocol

from gateway.responses import NO_STORE, Answer, Header

# The body differs by media type only in its Content-Type (and, for errors, its status), and
# errors are never stored; a cache still must not hand one client's type to another.
VARY_ACCEPT: Final = (b"vary", b"accept")


class Freshness(Protocol):
    """What the request's context knows of the TMDB data it served (schema/context.py)."""

    def fresh_for(self) -> float | None: ...

    def stale(self) -> list[dict[str, Any]]: ...


def max_age(context: Freshness, ceiling: float) -> int:
    """Whole seconds the answer stays fresh; ``ceiling`` when it used no TMDB data at all."""
    fresh = context.fresh_for()
    return math.floor(ceiling if fresh is None else min(fresh, ceiling))


def etag(body: bytes, content_type: bytes) -> bytes:
    digest = hashlib.blake2b(body, digest_size=16)
    digest.update(content_type)
    return b'"' + digest.hexdigest().encode() + b'"'


def matches(if_none_match: bytes, tag: bytes) -> bool:
    """RFC 9110's weak comparison, as ``If-None-Match`` uses: ``W/"x"`` matches ``"x"``."""
    if if_none_match.strip() == b"*":
        return True
    return any(t.strip().removeprefix(b"W/") == tag for t in if_none_match.split(b","))


def cached_get(
    answer: Answer,
    no_store: bool,
    seconds: int,
    request: Mapping[bytes, bytes],
    tag: bytes | None = None,
) -> Answer:
    """``answer`` to a GET, with its caching headers; a 304 if the client holds it already.

    ``no_store``: the answer has errors, or stale data. ``tag``: the body's ``etag``, when the
    caller has it already.
    """
    if no_store:
        answer.headers += (NO_STORE, VARY_ACCEPT)
        return answer
    assert answer.content_type is not None
    if tag is None:
        tag = etag(answer.body, answer.content_type)
    head: list[Header] = [
        (b"cache-control", b"public, max-age=%d" % seconds),
        (b"etag", tag),
        VARY_ACCEPT,
    ]
    if matches(request.get(b"if-none-match", b""), tag):
        return Answer(304, b"", None, head)
    answer.headers += head
    return answer
