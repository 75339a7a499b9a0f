"""Driving load: wrk runs parsed into numbers, and exact probes of upstream cost.

Throughput and latency come from ``wrk`` in its own process (``bench/lua/*.lua``). Upstream
requests per query are measured twice: exactly, by probes that send a few queries one at a time
and read the fake's counter after each; and under load, the counter (read once the server has
gone quiet) over the queries wrk started: those it completed plus the one each connection
still had in flight when it stopped.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.scenarios import Scenario

LUA_DIR = Path(__file__).resolve().parent / "lua"


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    non_2xx: int
    timeouts: int
    threads: int


@dataclass
class Probe:
    """Queries sent one at a time: what each cost upstream, and whether each answered well."""

    upstream: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    samples: dict[int, str] = field(default_factory=dict)  # movie id -> canonical data JSON

    @property
    def upstream_per_query(self) -> float | None:
        return sum(self.upstream) / len(self.upstream) if self.upstream else None


def body_prefix(query: str) -> str:
    """The JSON request body up to the id's value; the Lua scripts append ``id}}``."""
    full = json.dumps({"query": query, "variables": {"id": 0}}, separators=(",", ":"))
    assert full.endswith('"id":0}}')
    return full[:-3]


def wrk_argv(
    url: str, script: str, args: list[str], *, threads: int, connections: int, duration_s: int
) -> list[str]:
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration_s}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / script),
        url,
        "--",
        *args,
    ]


def show(argv: list[str]) -> str:
    return shlex.join(argv)


def run_wrk(argv: list[str], duration_s: int) -> WrkResult:
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=duration_s + 30, check=False
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return WrkResult(**json.loads(line))
    raise RuntimeError(f"wrk printed no summary (exit {done.returncode}): {done.stderr[-500:]}")


class FakeCounter:
    """The fake TMDB's request counter, read over HTTP."""

    def __init__(self, client: httpx.Client, base_url: str) -> None:
        self._client = client
        self._base_url = base_url

    def read(self) -> int:
        count: int = self._client.get(self._base_url + "/_fake/requests").json()["requests"]
        return count

    def settle(self, quiet_s: float = 0.15, timeout_s: float = 5.0) -> int:
        """Wait until no upstream request arrives for ``quiet_s``; return the count then.

        When wrk stops, each connection leaves one query in flight, and servers finish those
        (upstream requests included) after the client has gone.
        """
        deadline = time.monotonic() + timeout_s
        count = self.read()
        while time.monotonic() < deadline:
            time.sleep(quiet_s)
            latest = self.read()
            if latest == count:
                break
            count = latest
        return count

    def reset(self) -> int:
        count: int = self._client.get(self._base_url + "/_fake/reset").json()["requests"]
        return count


def post(client: httpx.Client, url: str, scenario: Scenario, movie_id: int) -> httpx.Response:
    body = {"query": scenario.query, "variables": {"id": movie_id}}
    return client.post(url + "/graphql", json=body)


def _check(scenario: Scenario, movie_id: int, response: httpx.Response) -> tuple[str, str | None]:
    """The canonical JSON of a response's data, and what is wrong with it, if anything."""
    if response.status_code != 200:
        return "", f"id {movie_id}: HTTP {response.status_code}: {response.text[:200]}"
    payload: dict[str, Any] = response.json()
    canonical = json.dumps(payload.get("data"), sort_keys=True)
    if payload.get("errors"):
        return canonical, f"id {movie_id}: errors {json.dumps(payload['errors'])[:200]}"
    movie = (payload.get("data") or {}).get("movie")
    if not movie:
        return canonical, f"id {movie_id}: no movie in {response.text[:200]}"
    cast = (movie.get("credits") or {}).get("cast")
    if cast is not None and len(cast) != scenario.cast_count():
        return canonical, f"id {movie_id}: {len(cast)} cast, expected {scenario.cast_count()}"
    return canonical, None


def probe(
    client: httpx.Client, url: str, counter: FakeCounter, scenario: Scenario, ids: tuple[int, ...]
) -> Probe:
    """Send one query per id, one at a time, counting the upstream requests of each."""
    result = Probe()
    for movie_id in ids:
        counter.reset()
        response = post(client, url, scenario, movie_id)
        # A gateway may finish upstream work (a cache fill, say) just after answering.
        time.sleep(0.01)
        result.upstream.append(counter.read())
        canonical, problem = _check(scenario, movie_id, response)
        result.samples[movie_id] = canonical
        if problem:
            result.problems.append(problem)
    return result
