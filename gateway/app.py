"""The ASGI application: lifespan-owned TMDB client, /healthz, /readyz, /metrics, GraphQL and
GraphiQL at /graphql."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from types import MethodType
from typing import Any

import httpx
import strawberry
from httpx_aiohttp import AiohttpTransport
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway import metrics, observe
from gateway.availability import Availability
from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.context import RequestContext
from gateway.cors import CorsPolicy
from gateway.demo.upstream import create_demo_upstream
from gateway.fetch import TMDBFetch, build_client
from gateway.graphiql.page import GraphiQLAssets
from gateway.graphql_view import GraphQLApp
from gateway.guard import UpstreamGuard, describe_budget
from gateway.logs import configure_logging
from gateway.operation import Operation
from gateway.persisted import MemoryStore, PersistedQueries, PersistedQueryStore, load_manifest
from gateway.persisted_redis import RedisStore
from gateway.readiness import Readiness, configuration_probe
from gateway.response_cache import ResponseCache
from gateway.response_cache_redis import SharedResponses, fingerprint
from gateway.response_hits import HitPath
from gateway.shared_budget import open_budget
from gateway.upstream import connect, open_upstream, redis_address
from schema.errors import coded
from schema.schema import build_schema

logger = logging.getLogger("gateway")

DEMO_BASE_URL = "http://tmdb.demo/3"
GC_THRESHOLD = 20_000


@dataclass(slots=True)
class Gateway:
    """What lives as long as the app: settings and, once started, the shared upstream layer."""

    settings: Settings
    transport: httpx.AsyncBaseTransport
    upstream: SharedUpstream | None = field(default=None)
    readiness: Readiness | None = field(default=None)


def default_transport(settings: Settings) -> httpx.AsyncBaseTransport:
    """The aiohttp transport toward TMDB (DESIGN.md, principle 5); the demo upstream otherwise."""
    if settings.demo:
        return httpx.ASGITransport(app=create_demo_upstream())
    return AiohttpTransport(
        limits=httpx.Limits(
            max_connections=settings.max_connections,
            max_keepalive_connections=settings.max_connections,
        )
    )


def create_app(
    settings: Settings | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Starlette:
    """Build the app. Tests pass a ``transport`` (an ``httpx.MockTransport`` over respx), and
    a ``clock`` to move the caches' time.
    """
    settings = settings or Settings.from_env()
    configure_logging(settings.secrets, log_format=settings.log_format)
    gateway = Gateway(settings=settings, transport=transport or default_transport(settings))
    store = persisted_store(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Every query allocates thousands of short-lived objects, and CPython's default trigger
        # (700 allocations) ran the collector about once per query: 135 us of a 560 us cold
        # movie query. At 20,000 it costs 52 us (bench/, in-process, 32 queries in flight).
        # Set here because each uvicorn worker process runs the lifespan.
        gc.set_threshold(GC_THRESHOLD, 10, 10)
        base = DEMO_BASE_URL if settings.demo and transport is None else settings.base_url
        if settings.demo:
            logger.warning(
                "No TMDB credentials (TMDB_READ_ACCESS_TOKEN or TMDB_API_KEY): serving the "
                "embedded demo dataset, not live TMDB data."
            )
        logger.info(describe_budget(settings))
        async with (
            open_budget(settings) as budget,
            build_client(settings, gateway.transport, base_url=base) as client,
            open_upstream(
                settings,
                TMDBFetch(
                    client,
                    guard=UpstreamGuard.from_settings(settings, budget=budget),
                    observe=observe.upstream_request,
                ),
                clock=clock,
            ) as upstream,
        ):
            gateway.upstream = upstream
            gateway.readiness = Readiness(configuration_probe(client, observe.upstream_request))
            try:
                yield
            finally:
                gateway.upstream = gateway.readiness = None
                if isinstance(store, RedisStore):
                    await store.aclose()
                if responses is not None:
                    await responses.aclose()

    async def healthz(request: Request) -> Response:
        if gateway.upstream is None:
            return JSONResponse({"status": "starting"}, status_code=503)
        return JSONResponse({"status": "ok", "demo": settings.demo})

    async def readyz(request: Request) -> Response:
        if gateway.readiness is None:
            return JSONResponse({"status": "starting", "reason": "starting up"}, status_code=503)
        ready, reason = await gateway.readiness.check()
        if not ready:
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ready", "demo": settings.demo})

    async def metrics_text(request: Request) -> Response:
        if responses is not None:
            responses.publish()  # here, on the loop its hit path counts on without a lock
        # Off the event loop: with several workers this reads every worker's files.
        text = await run_in_threadpool(metrics.exposition)
        return Response(text, media_type=metrics.CONTENT_TYPE)

    def context(operation: Operation, request_id: str) -> RequestContext:
        if gateway.upstream is None:  # pragma: no cover - the lifespan opens it before serving
            raise RuntimeError("the TMDB client is not open")
        return RequestContext(
            gateway.upstream,
            operation,
            max_upstream_calls=settings.max_upstream_calls,
            request_id=request_id,
        )

    schema = build_schema(settings.budget, settings.limits, public=not settings.production)
    responses = response_cache(settings, clock, schema)
    graphiql = GraphiQLAssets.load()
    graphql = GraphQLApp(
        schema,
        context=context,
        present=partial(coded, suggestions=not settings.production),
        body_timeout=settings.body_timeout,
        max_body_bytes=settings.max_body_bytes,
        max_variables_bytes=settings.max_variables_bytes,
        max_age=settings.cache_ttl,
        persisted=persisted_queries(settings, store),
        cors=cors_policy(settings),
        graphiql=not settings.production,
        deadline=settings.deadline,
        ide=graphiql.page,
        responses=responses,
    )
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_text, methods=["GET"]),
        Route("/graphql", graphql),  # it answers other methods itself, GraphQL-shaped
    ]
    if not settings.production:  # no GraphiQL in production, so none of its assets either
        routes.append(Route("/graphiql/assets/{name}", graphiql.endpoint, methods=["GET"]))
    return GatewayApp(graphql, routes=routes, lifespan=lifespan)


def response_cache(
    settings: Settings, clock: Callable[[], float], schema: strawberry.Schema
) -> ResponseCache | None:
    """The whole-response cache, unless ``TMDBFUSION_RESPONSE_CACHE_MB`` is 0; shared through
    Redis when one is configured, by the gateways serving the same schema the same way."""
    if settings.response_cache_bytes <= 0:
        return None
    shared = None
    if settings.redis_url:
        shared = SharedResponses(
            connect(settings, settings.redis_url),
            fingerprint=fingerprint(
                schema.as_str(),
                settings.budget,
                settings.limits,
                settings.production,
                settings.cache_ttl,
            ),
            timeout=settings.redis_timeout,
            # How long another process's lead is waited for: the operation deadline, which is
            # how long the leader may take; 30 s when there is none.
            hold=min(settings.deadline or 30.0, 30.0),
            availability=Availability(
                f"Redis at {redis_address(settings.redis_url)} (whole responses)",
                fallback="keeping whole responses in this process alone",
                clock=clock,
            ),
        )
    return ResponseCache(
        settings.response_cache_bytes, settings.cache_ttl, clock=clock, shared=shared
    )


def persisted_store(settings: Settings) -> PersistedQueryStore:
    """Where APQ registrations live: this process, and Redis too when one is configured."""
    if not settings.redis_url:
        return MemoryStore()
    address = redis_address(settings.redis_url)
    return RedisStore(
        connect(settings, settings.redis_url),
        MemoryStore(),
        timeout=settings.redis_timeout,
        availability=Availability(
            f"Redis at {address} (persisted queries)",
            fallback="keeping persisted queries in this process alone",
        ),
    )


def persisted_queries(settings: Settings, store: PersistedQueryStore) -> PersistedQueries:
    """Registered as clients send them (APQ), or only a manifest's in safelist mode."""
    safelist = None
    if settings.persisted_only and settings.persisted_manifest:
        safelist = load_manifest(settings.persisted_manifest)
        logger.info("Safelist mode: %d persisted operations", len(safelist))
    return PersistedQueries(store, safelist)


def cors_policy(settings: Settings) -> CorsPolicy | None:
    if not settings.cors_origins:
        return None
    return CorsPolicy(
        settings.cors_origins, settings.cors_methods, settings.cors_headers, settings.cors_max_age
    )


class GatewayApp(HitPath, Starlette):
    """Starlette, with the one hot path sent straight to the GraphQL endpoint.

    Starlette's middleware stack and router cost about 10 us per request, 6% of a cached
    movie query; the endpoint catches its own errors, so nothing is lost by skipping them.
    ``HitPath`` (gateway/response_hits.py) is the entry: it answers from the whole-response
    cache, or hands ``/graphql`` to the endpoint and any other path to Starlette.
    """

    def __init__(self, graphql: GraphQLApp, **kwargs: Any) -> None:
        Starlette.__init__(self, **kwargs)
        self._graphql = graphql
        HitPath.__init__(
            self,
            graphql.responses,
            graphql.cors,
            graphql.deadlines,
            graphql.endpoint,
            MethodType(Starlette.__call__, self),
        )


def sdl() -> str:
    """The schema in SDL, as the committed schema/schema.graphql holds it (without its newline)."""
    return build_schema().as_str()
