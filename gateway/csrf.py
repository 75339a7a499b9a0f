"""Cross-site request forgery prevention, as Apollo Server 4 does it.

A browser sends some requests cross-site without asking first (no CORS preflight): a GET, or a
POST whose Content-Type is one of three "simple" ones. A page anywhere could make its visitors'
browsers run queries here (an ``<img src=".../graphql?query=...">`` once made 1,010 TMDB
requests). So a GET that would execute a document it brings must carry a header no simple
request can: a Content-Type other than the simple ones, or a non-empty
``Apollo-Require-Preflight`` or ``X-Apollo-Operation-Name``. A GET naming a persisted document
by its hash is allowed, since it can run only what was registered. POSTs need no check here:
this endpoint answers any Content-Type but JSON with a 415 before reading the body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from gateway.responses import RequestError

SIMPLE_CONTENT_TYPES: Final = (
    b"application/x-www-form-urlencoded",
    b"multipart/form-data",
    b"text/plain",
)
PREFLIGHT_HEADERS: Final = (b"x-apollo-operation-name", b"apollo-require-preflight")
# Apollo Server's message, word for word, so clients and searches recognise it.
MESSAGE: Final = (
    "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please "
    "either specify a 'content-type' header (with a type that is not one of "
    f"{', '.join(t.decode() for t in SIMPLE_CONTENT_TYPES)}) or provide a non-empty value for "
    f"one of the following headers: {', '.join(h.decode() for h in PREFLIGHT_HEADERS)}\n"
)


def check(headers: Mapping[bytes, bytes]) -> None:
    """Nothing if the request could only have come after a preflight; a 400 otherwise."""
    content_type = headers.get(b"content-type")
    if content_type is not None:
        essence = content_type.split(b";")[0].strip().lower()
        if essence not in SIMPLE_CONTENT_TYPES:
            return
    if any(headers.get(name) for name in PREFLIGHT_HEADERS):
        return
    raise RequestError(400, MESSAGE)
