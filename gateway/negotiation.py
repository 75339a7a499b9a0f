"""Which media type a GraphQL answer is sent as, from the request's ``Accept`` header.

GraphQL over HTTP defines two: ``application/graphql-response+json``, whose status codes say
whether the request was valid (a document that does not parse or validate is a 400 without a
``data`` entry), and ``application/json``, the legacy one, where every well-formed request gets a
200. A request without ``Accept``, or accepting anything (``*/*``), gets ``application/json``, so
clients written before the specification keep today's answers; one accepting neither gets a 406.
"""

from __future__ import annotations

import enum
from typing import Final


class Media(enum.Enum):
    JSON = b"application/json"
    GRAPHQL_RESPONSE = b"application/graphql-response+json; charset=utf-8"

    def __init__(self, content_type: bytes) -> None:
        # The value as a plain attribute: ``.value`` is a descriptor and a property, two Python
        # calls on every answer.
        self.content_type = content_type

    @property
    def strict(self) -> bool:
        """Request errors get a 4xx status and no ``data`` entry."""
        return self is Media.GRAPHQL_RESPONSE


_RANGES: Final = (
    (Media.JSON, b"application", b"json"),
    (Media.GRAPHQL_RESPONSE, b"application", b"graphql-response+json"),
)
# Clients send a handful of distinct Accept values; parsing each once keeps negotiation off the
# profile. Bounded, since the header is the client's to choose.
_MEMO_SIZE: Final = 256
_memo: dict[bytes, Media | None] = {}


def negotiate(accept: bytes) -> Media | None:
    """The media type to answer with; None when the client accepts neither (answer 406)."""
    if not accept:
        return Media.JSON
    try:
        return _memo[accept]
    except KeyError:
        pass
    chosen = _choose(accept)
    if len(_memo) >= _MEMO_SIZE:
        _memo.clear()
    _memo[accept] = chosen
    return chosen


def _choose(accept: bytes) -> Media | None:
    """RFC 9110's rules: the highest ``q`` wins, then the more specific range, then the client's
    order; a tie between the two through one wildcard goes to ``application/json``."""
    best: tuple[float, int, int] | None = None
    chosen: Media | None = None
    ranges = [_parse(item) for item in accept.split(b",")]
    for media, main, sub in _RANGES:
        score: tuple[float, int, int] | None = None
        for position, (r_main, r_sub, q) in enumerate(ranges):
            if r_main == main and r_sub == sub:
                specificity = 2
            elif r_main == main and r_sub == b"*":
                specificity = 1
            elif r_main == b"*" and r_sub == b"*":
                specificity = 0
            else:
                continue
            candidate = (q, specificity, -position)
            if score is None or candidate[1:] > score[1:]:
                score = candidate  # the most specific matching range sets the quality
        if score is None or score[0] <= 0:
            continue
        if best is None or score > best:
            best, chosen = score, media
    return chosen


def _parse(item: bytes) -> tuple[bytes, bytes, float]:
    """``type/subtype;q=0.5`` -> (type, subtype, q); anything malformed never matches."""
    media_range, *params = item.split(b";")
    main, _, sub = media_range.strip().lower().partition(b"/")
    q = 1.0
    for param in params:
        name, _, value = param.strip().partition(b"=")
        if name.strip().lower() == b"q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
            if not 0.0 <= q <= 1.0:  # NaN too
                q = 0.0
    return main, sub.strip(), q
