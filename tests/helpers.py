"""Test helpers: real TMDB bodies, settings for each auth mode, and checks on upstream requests;
the programs tests need (``require``), and gateway processes. redis-server and the fake TMDB
live in ``tests/servers.py``.

Imported by tests and by ``conftest.py``; fixtures live in ``conftest.py``, helpers here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, Final, Literal

import httpx
import pytest
import respx
from prometheus_client.parser import text_string_to_metric_families

from bench.procs import free_port
from gateway.app import create_app
from gateway.config import Settings
from gateway.demo.dataset import DATA
from gateway.fetch import build_client
from tmdbfusion import AsyncTMDBClient
from tmdbfusion.resources import TABLE

# The real TMDB bodies, kept once in the repository: the demo dataset's own folder.
FIXTURES: Final = Path(str(DATA))
TMDB: Final = "https://api.themoviedb.org/3"
TOKEN: Final = "test-read-access-token"
# Shaped like a real v3 key (32 hex digits), so it survives URL encoding unchanged.
API_KEY: Final = "0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f"

AuthMode = Literal["token", "api_key"]
AUTH_MODES: Final[tuple[AuthMode, ...]] = ("token", "api_key")
AUTH_IDS: Final = ("bearer", "api-key")

# What lets a GET run a document it brings: the header a browser cannot send cross-site without
# a CORS preflight (gateway/csrf.py). GraphiQL and Apollo Client send it, or a JSON Content-Type.
PREFLIGHT: Final = {"Apollo-Require-Preflight": "true"}

# The only query parameters the gateway sends TMDB besides the v3 key: the rows' own, in TMDB's
# names (``language``, ``query``, ``page``, ``vote_average.gte``, ...), and the appended parts.
QUERY_PARAMS: Final = frozenset(
    {"append_to_response"} | {p.wire for row in TABLE.values() for p in row.query.values()}
)


def settings_for(mode: AuthMode, *, base_url: str = TMDB, rate_limit: float = 0) -> Settings:
    """Settings that authenticate with the Bearer token or with the v3 key, never both."""
    if mode == "token":
        return Settings(read_access_token=TOKEN, base_url=base_url, rate_limit=rate_limit)
    return Settings(api_key=API_KEY, base_url=base_url, rate_limit=rate_limit)


def auth_modes(**overrides: Any) -> list[Any]:
    """``settings`` parameters: the Bearer token and the v3 key, each with ``overrides``.

    ``@pytest.mark.parametrize("settings", auth_modes(deadline=0.3))`` replaces the ``settings``
    fixture of tests/conftest.py for one test, keeping both auth modes.
    """
    return [
        pytest.param(dataclasses.replace(settings_for(mode), **overrides), id=id)
        for mode, id in zip(AUTH_MODES, AUTH_IDS, strict=True)
    ]


def credential_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a gateway process the credential ``settings`` hold."""
    if settings.read_access_token:
        return {"TMDB_READ_ACCESS_TOKEN": settings.read_access_token}
    return {"TMDB_API_KEY": settings.api_key or ""}


@asynccontextmanager
async def gateway_client(
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for the gateway app, started through its lifespan.

    ``transport`` carries its TMDB requests; without one the app picks its own, as in production.
    ``clock`` is the time its caches see.
    """
    app = create_app(settings, transport=transport, clock=clock)
    async with app.router.lifespan_context(app):
        asgi = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=asgi, base_url="http://gateway") as http:
            yield http


@asynccontextmanager
async def tmdb_client(
    settings: Settings, upstream: respx.Router | httpx.AsyncBaseTransport
) -> AsyncIterator[AsyncTMDBClient]:
    """The TMDB client as the app builds it from ``settings``, whose TMDB is ``upstream``."""
    if isinstance(upstream, respx.Router):
        upstream = httpx.MockTransport(upstream.async_handler)
    async with build_client(settings, upstream) as client:
        yield client


def body(name: str) -> bytes:
    """A real TMDB response body from the demo dataset's folder (provenance in PROVENANCE.tsv)."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(body(name))


def ok(name: str) -> httpx.Response:
    return httpx.Response(200, content=body(name), headers={"Content-Type": "application/json"})


def movie_550_with_credits() -> httpx.Response:
    """TMDB's answer to /movie/550?append_to_response=credits, from its two real bodies."""
    movie = fixture_json("movie_details__550.json")
    movie["credits"] = fixture_json("movie_credits__550.json")
    return httpx.Response(200, json=movie)


def not_found() -> httpx.Response:
    return httpx.Response(404, content=body("error_404_not_found__jdrouet.json"))


def authenticated_params(request: httpx.Request, settings: Settings) -> list[tuple[str, str]]:
    """Assert ``request`` carries exactly the credential ``settings`` configure.

    Token mode: ``Authorization: Bearer <token>`` and no ``api_key``. Key mode: one ``api_key``
    parameter and no ``Authorization`` header. Neither credential (demo): neither. Returns the
    other query parameters, each of which must be one the gateway sends and appear once.
    """
    params = request.url.params
    authorization = request.headers.get_list("Authorization")
    keys = params.get_list("api_key")
    if settings.read_access_token:
        assert authorization == [f"Bearer {settings.read_access_token}"], request.url.path
        assert keys == [], request.url.path
    elif settings.api_key:
        assert authorization == [], request.url.path
        assert keys == [settings.api_key], request.url.path
    else:
        assert authorization == [], request.url.path
        assert keys == [], request.url.path
    if settings.read_access_token:
        assert settings.read_access_token not in str(request.url)
    rest = [(name, value) for name, value in params.multi_items() if name != "api_key"]
    names = [name for name, _ in rest]
    assert set(names) <= QUERY_PARAMS, names
    assert len(names) == len(set(names)), names
    return rest


def appended(request: httpx.Request) -> set[str]:
    """The set of parts a request appended (empty when it sent no append_to_response)."""
    value = request.url.params.get("append_to_response")
    return set(value.split(",")) if value else set()


def upstream_requests(router: respx.Router, settings: Settings) -> list[httpx.Request]:
    """Every request TMDB received, each checked to carry exactly the configured credential."""
    requests = [call.request for call in router.calls]
    for request in requests:
        authenticated_params(request, settings)
    return requests


def upstream_calls(router: respx.Router, settings: Settings) -> list[tuple[str, set[str]]]:
    """(path, appended parts) of every request TMDB received, each checked for its credential."""
    return [(r.url.path, appended(r)) for r in upstream_requests(router, settings)]


def all_loggers_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    """Make every logger, httpx's too (the app quiets it), record everything."""
    for name in ["", "httpx", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)


async def graphql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


class FakeClock:
    """A ``time.monotonic`` stand-in whose ``sleep`` moves time on instead of waiting."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def parse_metrics(text: str) -> Samples:
    """Every sample of a Prometheus text exposition, by name and label set."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return parse_metrics(response.text)


def value(samples: Samples, name: str, **labels: str) -> float:
    """A sample's value, 0 when the series does not exist (yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def moved(before: Samples, after: Samples) -> Samples:
    """The gateway's counters (histograms' counts included) that moved, by how much."""
    return {
        key: after[key] - before.get(key, 0.0)
        for key in after
        if key[0].startswith("tmdbfusion_")
        and key[0].endswith(("_total", "_count"))
        and after[key] != before.get(key, 0.0)
    }


NO_SKIP: Final = "TMDBFUSION_NO_SKIP"


def require(condition: object, reason: str) -> None:
    """Skip the calling test with a visible ``reason`` unless ``condition`` holds.

    With ``TMDBFUSION_NO_SKIP=1`` (``.ci/run`` sets it) the same condition fails the test: in CI a
    missing program is a broken machine, not a reason to run less.
    """
    if condition:
        return
    if os.environ.get(NO_SKIP) == "1":
        pytest.fail(f"{reason} ({NO_SKIP}=1: not skipping)")
    pytest.skip(reason)


def program(name: str, install: str) -> str:
    """The path of the program ``name``; else skip (or fail, see ``require``), saying how to
    install it.
    """
    path = shutil.which(name)
    require(path, f"{name} not installed: {install}")
    assert path is not None
    return path


def environment(**overrides: str) -> dict[str, str]:
    """This process's environment without any TMDB* setting (so: demo mode) or PROMETHEUS* one
    (so: metrics of its own), plus ``overrides``."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("TMDB", "PROMETHEUS"))}
    return kept | overrides


@contextmanager
def serve(log: Path, *args: str, **env_overrides: str) -> Iterator[str]:
    """``python -m gateway serve [args]`` on a free port; yields its URL once ``/healthz``
    answers. No ``TMDB*`` or ``PROMETHEUS*`` variable of this environment reaches it, so without
    overrides it serves the demo.
    """
    port = free_port()
    command = ["serve", "--host", "127.0.0.1", "--port", str(port), *args]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gateway", *command],
            env=environment(**env_overrides),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
