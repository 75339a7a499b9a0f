"""An in-process fake TMDB v3 (under /3/) that serves the embedded demo dataset."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.demo.dataset import Entity, load_dataset


def _json(body: bytes, status_code: int = 200) -> Response:
    return Response(body, status_code=status_code, media_type="application/json")


def _authorized(request: Request, token: str | None) -> bool:
    """No credential is demo mode; any credential given must be the configured token."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if token is None or scheme.lower() != "bearer" or value != token:
            return False
    return all(
        token is not None and key == token for key in request.query_params.getlist("api_key")
    )


def create_demo_upstream(token: str | None = None) -> Starlette:
    """Build the fake TMDB; `token` is the one bearer token (or api_key) it accepts, if any."""
    dataset = load_dataset()

    def entity(request: Request) -> Entity | None:
        raw_id: str = request.path_params["entity_id"]
        if not (raw_id.isascii() and raw_id.isdigit()):
            return None
        return dataset.entities.get(request.path_params["kind"], {}).get(int(raw_id))

    async def details(request: Request) -> Response:
        if not _authorized(request, token):
            return _json(dataset.unauthorized, 401)
        found = entity(request)
        if found is None:
            return _json(dataset.not_found, 404)
        append = request.query_params.get("append_to_response", "")
        return _json(found.details(name.strip() for name in append.split(",")))

    async def part(request: Request) -> Response:
        if not _authorized(request, token):
            return _json(dataset.unauthorized, 401)
        found = entity(request)
        body = None if found is None else found.parts.get(request.path_params["part"])
        if body is None:
            return _json(dataset.not_found, 404)
        return _json(body)

    async def not_found(request: Request) -> Response:
        if not _authorized(request, token):
            return _json(dataset.unauthorized, 401)
        return _json(dataset.not_found, 404)

    return Starlette(
        routes=[
            Route("/3/{kind}/{entity_id}", details),
            Route("/3/{kind}/{entity_id}/{part:path}", part),
            Route("/{path:path}", not_found),
        ]
    )
