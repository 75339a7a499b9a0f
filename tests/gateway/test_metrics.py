"""/metrics: each counter moves by exactly what known queries cause (TMDB mocked with respx)."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx
import pytest
import respx
import strawberry
from graphql import GraphQLError
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from gateway import metrics
from gateway.breaker import CircuitOpenError
from gateway.cache import SharedUpstream
from gateway.config import Settings
from gateway.graphql_view import GraphQLApp
from gateway.guard import UpstreamGuard
from gateway.operation import Operation
from gateway.ratelimit import RateLimiter
from tests.helpers import (
    Samples,
    body,
    fixture_json,
    graphql,
    moved,
    not_found,
    ok,
    parse_metrics,
    scrape,
    upstream_calls,
    value,
)
from tmdbfusion.errors import UpstreamServerError
from tmdbfusion.resource import Key, QueryParams, Resource
from tmdbfusion.resources import TABLE


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Both auth modes, with the whole-response cache off: these tests are about how operations
    run, and that cache would answer their repeats without running them."""
    return dataclasses.replace(settings, response_cache_bytes=0)


QUERY = "query FightClub { movie(id: 550) { title credits { cast(first: 1) { name } } } }"
HITS = "tmdbfusion_cache_hits_total"
MISSES = "tmdbfusion_cache_misses_total"
JOINS = "tmdbfusion_singleflight_joins_total"
GRAPHQL = "tmdbfusion_graphql_request_duration_seconds_count"
UPSTREAM = "tmdbfusion_upstream_request_duration_seconds_count"
RETRIES = "tmdbfusion_upstream_retries_total"


def key(name: str, **labels: str) -> tuple[str, frozenset[tuple[str, str]]]:
    return name, frozenset(labels.items())


def movie_with_credits() -> httpx.Response:
    details = fixture_json("movie_details__550.json")
    return httpx.Response(200, json={**details, "credits": fixture_json("movie_credits__550.json")})


def local() -> Samples:
    """This process's metrics, without going through an app."""
    return parse_metrics(metrics.exposition().decode())


async def test_a_cold_then_a_warm_query(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=movie_with_credits())

    before = await scrape(client)
    await graphql(client, QUERY)
    cold = await scrape(client)
    await graphql(client, QUERY)
    warm = await scrape(client)

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", {"credits"})]
    assert moved(before, cold) == {
        key(GRAPHQL, operation="FightClub", outcome="ok"): 1,
        key(UPSTREAM, resource="movies.details", status="200"): 1,
        key(MISSES, layer="process"): 1,
        key(MISSES, layer="negative"): 1,  # not a known 404 either
    }
    assert moved(cold, warm) == {
        key(GRAPHQL, operation="FightClub", outcome="ok"): 1,
        key(HITS, layer="process"): 1,
    }
    # The latency histograms saw those requests too, in buckets that add up.
    name = "tmdbfusion_graphql_request_duration_seconds_bucket"
    labels = {"operation": "FightClub", "outcome": "ok", "le": "+Inf"}
    assert value(warm, name, **labels) - value(before, name, **labels) == 2


async def test_outcomes_and_statuses(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/1").mock(return_value=not_found())
    tmdb.get("/movie/2").mock(return_value=httpx.Response(503))

    before = await scrape(client)
    await graphql(client, "{ movie(id: 1) { title } }")
    await graphql(client, "query Broken { movie(id: 2) { title } }")
    await graphql(client, "{ movie(id: 3) { title ")  # not GraphQL
    await graphql(client, "query A { movie(id: 3) { nope } }")  # not valid
    unreadable = await client.post(
        "/graphql", content=b"{", headers={"Content-Type": "application/json"}
    )
    after = await scrape(client)

    assert unreadable.status_code == 400
    # A 503 is retried (settings.retries): each attempt is a request to TMDB, each retry counted.
    retried: list[tuple[str, set[str]]] = [("/3/movie/2", set())] * (1 + settings.retries)
    assert upstream_calls(tmdb, settings) == [("/3/movie/1", set()), *retried]
    assert moved(before, after) == {
        key(GRAPHQL, operation="anonymous", outcome="errors"): 1,
        key(GRAPHQL, operation="Broken", outcome="errors"): 1,
        key(GRAPHQL, operation="anonymous", outcome="refused"): 1,
        key(GRAPHQL, operation="A", outcome="refused"): 1,
        key(GRAPHQL, operation="unknown", outcome="refused"): 1,
        key(UPSTREAM, resource="movies.details", status="404"): 1,
        key(UPSTREAM, resource="movies.details", status="503"): 1 + settings.retries,
        key(RETRIES, resource="movies.details", reason="503"): settings.retries,
        key(MISSES, layer="process"): 2,
        key(MISSES, layer="negative"): 2,
    }


@pytest.mark.parametrize(
    ("failure", "status"),
    [
        pytest.param(httpx.ConnectError("refused"), "unreachable", id="unreachable"),
        pytest.param(httpx.ReadTimeout("slow"), "timeout", id="timeout"),
    ],
)
async def test_requests_without_an_answer(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
    failure: Exception,
    status: str,
) -> None:
    tmdb.get("/movie/550").mock(side_effect=failure)

    before = await scrape(client)
    await graphql(client, "{ movie(id: 550) { title } }")
    after = await scrape(client)

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())] * (1 + settings.retries)
    counted = moved(before, after)
    assert counted[key(UPSTREAM, resource="movies.details", status=status)] == 1 + settings.retries
    assert counted[key(RETRIES, resource="movies.details", reason=status)] == settings.retries


async def test_the_operation_name_sent_wins(client: httpx.AsyncClient, tmdb: respx.Router) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    document = "query A { movie(id: 550) { title } } query B { movie(id: 550) { id } }"

    before = await scrape(client)
    response = await client.post("/graphql", json={"query": document, "operationName": "B"})
    after = await scrape(client)

    assert response.json() == {"data": {"movie": {"id": 550}}}
    assert moved(before, after) == {
        key(GRAPHQL, operation="B", outcome="ok"): 1,
        key(UPSTREAM, resource="movies.details", status="200"): 1,
        key(MISSES, layer="process"): 1,
        key(MISSES, layer="negative"): 1,
    }


async def test_concurrent_identical_requests_join_one_fetch(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return ok("movie_details__550.json")

    tmdb.get("/movie/550").mock(side_effect=slow)

    before = await scrape(client)
    await asyncio.gather(*(graphql(client, "{ movie(id: 550) { title } }") for _ in range(3)))
    after = await scrape(client)

    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]
    assert moved(before, after) == {
        key(GRAPHQL, operation="anonymous", outcome="ok"): 3,
        key(UPSTREAM, resource="movies.details", status="200"): 1,
        key(MISSES, layer="process"): 3,
        key(MISSES, layer="negative"): 1,  # the two that joined asked no further
        key(JOINS): 2,
    }


MOVIES = {
    550: "movie_details__550.json",
    76: "movie_details_append__76.json",
    8681: "movie_details_append__8681.json",
}


async def fetch_movie(
    resource: Resource[Any],
    key: Key,
    language: str | None,
    parts: tuple[str, ...],
    operation: Operation | None,
    params: QueryParams,
) -> Any:
    [id] = key
    return resource.decoder.decode(body(MOVIES[int(id)]))


async def test_cache_size_gauges_follow_the_cache() -> None:
    upstream = SharedUpstream(fetch_movie, ttl=60, max_entries=2)

    for id in (76, 550, 8681):
        await upstream.entity(TABLE["movies.details"], (id,), None, ())
        samples = local()
        assert value(samples, "tmdbfusion_cache_entries", layer="process") == len(upstream)
        assert value(samples, "tmdbfusion_cache_bytes", layer="process") == upstream.size
    assert len(upstream) == 2  # the gauges followed an eviction too


async def test_rate_limiter_waits_are_observed() -> None:
    limiter = RateLimiter(10)
    name = "tmdbfusion_ratelimit_wait_seconds"

    before = local()
    for _ in range(11):  # a burst of 10 goes at once; the 11th waits for a token
        await limiter.acquire()
    after = local()

    assert value(after, f"{name}_count") - value(before, f"{name}_count") == 1
    waited = value(after, f"{name}_sum") - value(before, f"{name}_sum")
    # One token's worth at 10 per second, as measured on a busy event loop.
    assert 0.05 <= waited <= 0.5


@strawberry.type
class Expensive:
    @strawberry.field
    def movies(self) -> int | None:
        raise GraphQLError("over budget", extensions={"code": "COST_ACTUAL_TOO_EXPENSIVE"})


class NoData:
    def fresh_for(self) -> float | None:
        return None

    def stale(self) -> list[dict[str, Any]]:
        return []


async def test_cost_refusals_are_counted_by_their_code() -> None:
    app = GraphQLApp(
        strawberry.Schema(query=Expensive),
        context=lambda operation, request_id: NoData(),
        present=lambda error, request_id: error,
    )
    transport = httpx.ASGITransport(app=app)

    before = local()
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        response = await http.post("/graphql", json={"query": "{ movies }"})
    after = local()

    assert response.json()["errors"][0]["extensions"] == {"code": "COST_ACTUAL_TOO_EXPENSIVE"}
    assert moved(before, after) == {
        key("tmdbfusion_cost_refusals_total", kind="actual"): 1,
        key(GRAPHQL, operation="anonymous", outcome="errors"): 1,
    }


def test_operation_labels_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(metrics, "_by_name", {})
    monkeypatch.setattr(metrics, "_by_query", {})
    monkeypatch.setattr(metrics, "MAX_OPERATIONS", 2)

    def label(query: str, operation_name: str | None) -> str:
        return metrics.operation_series(query, operation_name).label

    assert label("query One { a }", None) == "One"
    assert label("query One { a }", None) == "One"  # the text's series, remembered
    assert label("{ a }", None) == "anonymous"
    assert label("query A { a } query B { b }", None) == "anonymous"
    assert label("{ a", None) == "anonymous"
    assert label("", "not a name!") == "other"
    assert label("", "Two") == "Two"
    assert label("", "Three") == "other"  # past the bound
    assert label("", "One") == "One"  # those already seen keep their label
    assert metrics.operation_series("", "One") is metrics.operation_series("query One { a }", None)


def test_the_lean_observations_expose_what_prometheus_client_would() -> None:
    registry = CollectorRegistry()
    histogram = Histogram("h", "h", ["way"], buckets=(0.001, 0.01, 1.0), registry=registry)
    counter = Counter("c", "c", ["way"], registry=registry)
    lean = metrics.LeanHistogram(histogram.labels("lean"))
    inc = metrics.lean_inc(counter.labels("lean"))

    for seconds in (0.0005, 0.001, 0.0011, 0.5, 1.0, 7.0):
        lean.observe(seconds)
        histogram.labels("plain").observe(seconds)
        inc(1)
        counter.labels("plain").inc()
    samples = parse_metrics(generate_latest(registry).decode())

    def by(way: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
        return {
            (name, labels - {("way", way)}): sample
            for (name, labels), sample in samples.items()
            if ("way", way) in labels and not name.endswith("_created")
        }

    assert by("lean") == by("plain")
    assert value(samples, "h_bucket", way="lean", le="0.001") == 2  # a bound is inclusive
    assert value(samples, "c_total", way="lean") == 6


async def test_the_breaker_state_gauge_follows_the_breaker() -> None:
    guard = UpstreamGuard.from_settings(
        Settings(breaker_failures=1, breaker_cooldown=60, retries=0)
    )
    name = "tmdbfusion_breaker_state"

    async def failing() -> None:
        raise UpstreamServerError("TMDB answered 503", status_code=503)

    async def answering() -> str:
        return "ok"

    assert await guard.call(answering, None) == "ok"
    with pytest.raises(UpstreamServerError):
        await guard.call(failing, None)
    assert value(local(), name) == 2  # open
    with pytest.raises(CircuitOpenError):
        await guard.call(answering, None)
    assert value(local(), name) == 2
