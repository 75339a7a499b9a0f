"""The benchmark's request-count targets, kept as tests: each scenario's query costs the gateway
exactly one upstream request per entity cold, and none once cached.

TMDB here is the benchmark's fake (``bench/fake_tmdb.py``), called in-process: its synthetic
bodies follow TMDB's shapes and give every movie its own never-repeated people, which is what
makes the counts exact. Its correctness is the benchmark's premise, so it is checked too.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from bench import synthetic
from bench.fake_tmdb import FakeTmdb
from bench.scenarios import SCENARIOS, Scenario
from gateway.config import Settings
from tests.helpers import appended, authenticated_params, gateway_client, graphql

BASE = "http://fake.tmdb/3"


class Recorder:
    def __init__(self) -> None:
        self.fake = FakeTmdb(latency_s=0)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        # As bench/fake_tmdb.py's server decides: a Bearer header or an api_key parameter.
        authorized = request.headers.get("authorization", "").startswith("Bearer ") or (
            "api_key" in request.url.params
        )
        status, body = self.fake.respond(request.url.path, request.url.query.decode(), authorized)
        return httpx.Response(status, content=body)


@pytest.fixture
async def fake(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Recorder]]:
    """The gateway, in each auth mode, over the benchmark's fake TMDB."""
    recorder = Recorder()
    configured = dataclasses.replace(settings, base_url=BASE)
    async with gateway_client(configured, httpx.MockTransport(recorder)) as client:
        yield client, recorder
    for request in recorder.requests:
        authenticated_params(request, configured)


def movie_id(scenario: Scenario) -> int:
    return synthetic.BIG_FIRST + 7 if scenario.big else 4_242


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"S{s.number}")
async def test_cold_costs_one_request_per_entity_and_warm_costs_none(
    fake: tuple[httpx.AsyncClient, Recorder], scenario: Scenario
) -> None:
    client, recorder = fake
    variables = {"id": movie_id(scenario)}

    cold = await graphql(client, scenario.query, variables)

    assert "errors" not in cold
    assert len(recorder.requests) == scenario.min_upstream
    first = recorder.requests[0]
    assert first.url.path == f"/3/movie/{variables['id']}"
    assert appended(first) == set(scenario.movie_parts)
    people = {r.url.path for r in recorder.requests[1:]}
    assert len(people) == scenario.min_upstream - 1  # each person asked once

    warm = await graphql(client, scenario.query, variables)

    assert len(recorder.requests) == scenario.min_upstream
    assert warm == cold


async def test_the_fake_answers_like_tmdb() -> None:
    fake = FakeTmdb(latency_s=0)
    status, body = fake.respond("/3/movie/4242", "append_to_response=credits%2Cimages", True)
    movie = json.loads(body)
    assert status == 200
    assert {"credits", "images"} <= movie.keys()
    assert "videos" not in movie
    assert len(movie["credits"]["cast"]) == synthetic.CAST_SIZE
    assert fake.respond("/3/movie/4242", "", False)[0] == 401
    assert fake.respond("/3/movie/abc", "", True)[0] == 404
    assert fake.requests == 3  # every /3 request counts, refused or not
