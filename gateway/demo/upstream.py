"""An in-process fake TMDB v3 (under /3/) that serves the embedded demo dataset.

A request is routed by the resource table (``tmdbfusion.resources.match``): any row whose key has
a body in the dataset is served, whatever its query parameters (a search for anything answers
with the recorded search); anything else is TMDB's own 404. The one parameter heeded is a paged
list's ``page``: only the recorded page has results, and any other is served as TMDB serves a
page past a list's end, with the list's totals and no results, so a window spanning pages never
shows the recorded results twice.
"""

from __future__ import annotations

from typing import Any, Final

import msgspec
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.demo.dataset import Entity, load_dataset
from tmdbfusion.resources import match

PREFIX: Final = "/3"


_fields: Final = msgspec.json.Decoder(dict[str, Any])


def _page(body: bytes, asked: str | None) -> bytes:
    """A paged list's ``body`` as page ``asked``: itself if it is that page, else empty."""
    if asked is None:
        return body
    fields = _fields.decode(body)
    if str(fields.get("page")) == asked:
        return body
    page = int(asked) if asked.isdigit() else asked
    return msgspec.json.encode({**fields, "page": page, "results": []})


def _json(body: bytes, status_code: int = 200) -> Response:
    return Response(body, status_code=status_code, media_type="application/json")


def _authorized(request: Request, token: str | None, api_key: str | None) -> bool:
    """As TMDB decides, with exactly one credential: the configured Bearer token, or the v3 key
    as the ``api_key`` parameter. With neither configured (demo mode), only a request that sends
    no credential is served.
    """
    headers = request.headers.getlist("authorization")
    keys = request.query_params.getlist("api_key")
    if token is None and api_key is None:
        return not headers and not keys
    if keys:
        return keys == [api_key] and not headers
    return token is not None and headers == [f"Bearer {token}"]


def create_demo_upstream(*, token: str | None = None, api_key: str | None = None) -> Starlette:
    """Build the fake TMDB; ``token`` and ``api_key`` are the credentials it accepts, if any."""
    dataset = load_dataset()

    async def answer(request: Request) -> Response:
        if not _authorized(request, token, api_key):
            return _json(dataset.unauthorized, 401)
        path = request.url.path
        found = match(path.removeprefix(PREFIX)) if path.startswith(PREFIX + "/") else None
        body = None if found is None else dataset.bodies.get((found[0].name, found[1]))
        if body is None:
            return _json(dataset.not_found, 404)
        if isinstance(body, Entity):
            append = request.query_params.get("append_to_response", "")
            return _json(body.details(name.strip() for name in append.split(",")))
        if found is not None and found[0].paged:
            return _json(_page(body, request.query_params.get("page")))
        return _json(body)

    return Starlette(routes=[Route("/{path:path}", answer)])
