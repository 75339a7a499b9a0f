"""Issue 6 re-measured from outside: the audit's hostile documents, a benign query behind a
hostile load, and a client that hangs up.

``python -m bench.hostile [--rate R] [--latency-ms L] [--hostile N] [--benign-after S]
[--hang-up-after S]`` starts the fake TMDB and the gateway (``tmdbfusion serve`` with a token,
``TMDB_BASE_URL`` on the fake, ``TMDBFUSION_RATE_LIMIT=R``, the default budget and deadline),
then:

1. sends each of the audit's hostile documents (tests/documents.py) and prints its answer's
   code and the TMDB requests it caused;
2. sends ``--hostile`` concurrent operations that each fit the budget but fan out to 99 TMDB
   requests (a movie, 49 cast and 49 crew people), and ``--benign-after`` seconds later a cold
   ``movie { title }``, and prints how long that one took;
3. on a fresh gateway, sends one such operation from a client that hangs up after
   ``--hang-up-after`` seconds, and prints the fake's request count at the hang-up and six
   seconds later.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from bench import procs
from tests.documents import CAST_OF_1000, fragment_bomb, language_aliases, movie_aliases

# Within the default budget of 100 requests: 1 movie + 49 + 49 people.
IN_BUDGET = (
    "{{ movie(id: {id}) {{ credits {{ cast(first: 49) {{ person {{ name }} }} "
    "crew(first: 49) {{ person {{ name }} }} }} }} }}"
)
AUDIT = {
    "160 aliases x every cast and crew person (16,160 calls in the audit)": movie_aliases(),
    "cast(first: 1000) { person }": CAST_OF_1000,
    "140 aliases of one movie in 140 languages": language_aliases(),
    "fragment bomb, n=14": fragment_bomb(14),
}


def requests(fake: procs.Process) -> int:
    count: int = httpx.get(f"{fake.url}/_fake/requests").json()["requests"]
    return count


def gateway(fake: procs.Process, rate: str, logs: Path) -> procs.Process:
    port = procs.free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMDB")}
    env |= {
        "TMDB_READ_ACCESS_TOKEN": "bench-token",
        "TMDB_BASE_URL": f"{fake.url}/3",
        "TMDBFUSION_RATE_LIMIT": rate,
    }
    argv = [sys.executable, "-m", "gateway", "serve", "--port", str(port), "--no-access-log"]
    server = procs.start(f"gateway-{port}", argv, port, env, logs)
    if not procs.wait_ready(server, "/healthz", 30):
        raise SystemExit(f"the gateway did not start: {server.log_tail()}")
    return server


def codes(response: httpx.Response) -> Counter[str]:
    return Counter(e["extensions"]["code"] for e in response.json().get("errors", []))


def audit_documents(server: procs.Process, fake: procs.Process) -> None:
    for name, query in AUDIT.items():
        before = requests(fake)
        started = time.monotonic()
        response = httpx.post(f"{server.url}/graphql", json={"query": query}, timeout=600)
        took = time.monotonic() - started
        [error] = response.json()["errors"]
        extensions = error["extensions"]
        print(
            f"{name} ({len(query):,} bytes): {extensions['code']}, cost {extensions.get('cost')} "
            f"over limit {extensions.get('limit')}, {requests(fake) - before} TMDB requests, "
            f"answered in {took * 1000:.0f} ms"
        )


def benign_behind_hostile(server: procs.Process, fake: procs.Process, n: int, after: float) -> None:
    outcomes: list[tuple[float, Counter[str]]] = []

    def run_hostile(id: int) -> None:
        started = time.monotonic()
        response = httpx.post(
            f"{server.url}/graphql", json={"query": IN_BUDGET.format(id=id)}, timeout=600
        )
        outcomes.append((time.monotonic() - started, codes(response)))

    threads = [threading.Thread(target=run_hostile, args=(1_000 + i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    time.sleep(after)
    started = time.monotonic()
    response = httpx.post(
        f"{server.url}/graphql", json={"query": "{ movie(id: 900000) { title } }"}, timeout=600
    )
    waited = time.monotonic() - started
    print(
        f"benign cold movie {{ title }} sent {after:.0f} s after {n} concurrent in-budget "
        f"fan-outs of 99 requests each: {waited:.3f} s, errors {dict(codes(response))}"
    )
    for thread in threads:
        thread.join()
    slowest = max(seconds for seconds, _ in outcomes)
    total: Counter[str] = Counter()
    for _, counted in outcomes:
        total.update(counted)
    print(
        f"the {n} fan-outs: slowest {slowest:.1f} s, TMDB requests {requests(fake)}, "
        f"errors {dict(total)}"
    )


def hang_up(server: procs.Process, fake: procs.Process, after: float) -> None:
    httpx.get(f"{fake.url}/_fake/reset")
    with contextlib.suppress(httpx.TimeoutException):
        httpx.post(
            f"{server.url}/graphql", json={"query": IN_BUDGET.format(id=2_000)}, timeout=after
        )
    at_hang_up = requests(fake)
    time.sleep(6)
    later = requests(fake)
    print(
        f"client hung up after {after} s: TMDB requests {at_hang_up} at the hang-up, "
        f"{later} six seconds later"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--rate", default="40", help="TMDBFUSION_RATE_LIMIT")
    parser.add_argument("--latency-ms", default="20", help="the fake TMDB's latency")
    parser.add_argument("--hostile", type=int, default=20, help="concurrent in-budget fan-outs")
    parser.add_argument("--benign-after", type=float, default=5.0)
    parser.add_argument("--hang-up-after", type=float, default=1.0)
    args = parser.parse_args(argv)

    logs = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    port = procs.free_port()
    fake_argv = [sys.executable, "-m", "bench.fake_tmdb", "--port", str(port)]
    fake = procs.start("fake", [*fake_argv, "--latency-ms", args.latency_ms], port, {}, logs)
    try:
        if not procs.wait_ready(fake, "/_fake/requests", 10):
            raise SystemExit(f"the fake TMDB did not start: {fake.log_tail()}")
        server = gateway(fake, args.rate, logs)
        try:
            audit_documents(server, fake)
            benign_behind_hostile(server, fake, args.hostile, args.benign_after)
        finally:
            procs.stop(server)
        server = gateway(fake, args.rate, logs)
        try:
            hang_up(server, fake, args.hang_up_after)
        finally:
            procs.stop(server)
    finally:
        procs.stop(fake)


if __name__ == "__main__":
    main()
