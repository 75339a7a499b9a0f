"""/healthz says the process is alive; /readyz that TMDB answers its /configuration."""

from __future__ import annotations

import asyncio
import dataclasses

import httpx
import pytest
import respx

from gateway.config import Settings
from gateway.readiness import READY_TTL, Readiness
from tests.helpers import gateway_client, ok, upstream_calls
from tmdbfusion.errors import UpstreamServerError


async def test_ready_when_tmdb_answers_its_configuration(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/configuration").mock(return_value=ok("configuration__2022.json"))

    answers = [await client.get("/readyz") for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[0].json() == {"status": "ready", "demo": False}
    # Within READY_TTL, one question to TMDB answers every probe.
    assert upstream_calls(tmdb, settings) == [("/3/configuration", set())]


async def test_concurrent_probes_share_one_question(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.05)
        return ok("configuration__2022.json")

    tmdb.get("/configuration").mock(side_effect=slow)

    answers = await asyncio.gather(*(client.get("/readyz") for _ in range(5)))

    assert {a.status_code for a in answers} == {200}
    assert upstream_calls(tmdb, settings) == [("/3/configuration", set())]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        pytest.param(httpx.Response(503), "TMDB answered 503 for /configuration", id="tmdb-503"),
        pytest.param(
            httpx.Response(401, content=b'{"status_code":7,"status_message":"Invalid API key"}'),
            "TMDB answered 401 for /configuration: Invalid API key",
            id="unauthorized",
        ),
        pytest.param(
            httpx.Response(200, json={"change_keys": []}),
            "TMDB's /configuration body was not understood",
            id="not-a-configuration",
        ),
    ],
)
async def test_not_ready_when_tmdb_fails(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    settings: Settings,
    answer: httpx.Response,
    reason: str,
) -> None:
    tmdb.get("/configuration").mock(return_value=answer)

    first = await client.get("/readyz")
    again = await client.get("/readyz")
    alive = await client.get("/healthz")

    assert first.status_code == again.status_code == 503
    assert first.json()["status"] == "unavailable"
    assert first.json()["reason"].startswith(reason)
    assert again.json() == first.json()
    assert upstream_calls(tmdb, settings) == [("/3/configuration", set())]  # failures kept too
    assert alive.status_code == 200  # the process itself is fine
    secret = settings.read_access_token or settings.api_key
    assert secret
    assert secret not in first.text


async def test_not_ready_when_tmdb_refuses_connections(
    settings: Settings, closed_port: int
) -> None:
    refused = dataclasses.replace(settings, base_url=f"http://127.0.0.1:{closed_port}/3")

    async with gateway_client(refused) as client:  # the production transport, a real socket
        answer = await client.get("/readyz")

    assert answer.status_code == 503
    assert answer.json() == {
        "status": "unavailable",
        "reason": "TMDB could not be reached for /configuration (ConnectionRefusedError)",
    }


async def test_the_demo_upstream_is_ready() -> None:
    async with gateway_client(Settings()) as client:
        answer = await client.get("/readyz")

    assert answer.status_code == 200
    assert answer.json() == {"status": "ready", "demo": True}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_an_answer_is_kept_for_its_window_then_asked_again() -> None:
    clock = Clock()
    asked: list[float] = []
    failing = True

    async def probe() -> None:
        asked.append(clock.now)
        if failing:
            raise UpstreamServerError("TMDB answered 503 for /configuration", status_code=503)

    readiness = Readiness(probe, clock=clock)

    assert await readiness.check() == (False, "TMDB answered 503 for /configuration")
    failing = False
    clock.now = 100.0 + READY_TTL - 0.5
    assert (await readiness.check())[0] is False  # still the kept answer
    clock.now = 100.0 + READY_TTL
    assert await readiness.check() == (True, None)
    assert asked == [100.0, 100.0 + READY_TTL]
