"""An in-process fake TMDB v3 (under /3/) that serves the embedded demo dataset."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.demo.dataset import Entity, load_dataset


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

    def entity(request: Request) -> Entity | None:
        raw_id: str = request.path_params["entity_id"]
        if not (raw_id.isascii() and raw_id.isdigit()):
            return None
        return dataset.entities.get(request.path_params["kind"], {}).get(int(raw_id))

    async def details(request: Request) -> Response:
        if not _authorized(request, token, api_key):
            return _json(dataset.unauthorized, 401)
        found = entity(request)
        if found is None:
            return _json(dataset.not_found, 404)
        append = request.query_params.get("append_to_response", "")
        return _json(found.details(name.strip() for name in append.split(",")))

    async def part(request: Request) -> Response:
        if not _authorized(request, token, api_key):
            return _json(dataset.unauthorized, 401)
        found = entity(request)
        body = None if found is None else found.parts.get(request.path_params["part"])
        if body is None:
            return _json(dataset.not_found, 404)
        return _json(body)

    async def configuration(request: Request) -> Response:
        if not _authorized(request, token, api_key):
            return _json(dataset.unauthorized, 401)
        return _json(dataset.configuration)

    async def not_found(request: Request) -> Response:
        if not _authorized(request, token, api_key):
            return _json(dataset.unauthorized, 401)
        return _json(dataset.not_found, 404)

    return Starlette(
        routes=[
            Route("/3/configuration", configuration),
            Route("/3/{kind}/{entity_id}", details),
            Route("/3/{kind}/{entity_id}/{part:path}", part),
            Route("/{path:path}", not_found),
        ]
    )
