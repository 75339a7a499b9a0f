"""Issue 6, item 4, re-measured: a benign query behind a hostile one, and a client that hangs up.

``python -m bench.hostile [--rate R] [--latency-ms L] [--benign-after S] [--hang-up-after S]``
starts the fake TMDB and the gateway (``tmdbfusion serve`` with a token, ``TMDB_BASE_URL`` on
the fake, ``TMDBFUSION_RATE_LIMIT=R``, the default deadline), then:

1. sends the hostile query (160 aliases of a movie with every cast and crew member's person:
   6,560 TMDB requests on this fake), and ``--benign-after`` seconds later a cold
   ``movie { title }``, and prints how long that one took;
2. on a fresh gateway, sends the hostile query from a client that hangs up after
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

HOSTILE_MOVIES = 160
FRAGMENT = "fragment F on Movie { credits { cast { person { name } } crew { person { name } } } }"


def hostile(first_id: int) -> str:
    aliases = " ".join(f"m{i}: movie(id: {first_id + i}) {{ ...F }}" for i in range(HOSTILE_MOVIES))
    return f"{{ {aliases} }} {FRAGMENT}"


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


def benign_behind_hostile(server: procs.Process, fake: procs.Process, after: float) -> None:
    outcome: dict[str, object] = {}

    def run_hostile() -> None:
        started = time.monotonic()
        response = httpx.post(f"{server.url}/graphql", json={"query": hostile(1_000)}, timeout=600)
        outcome["seconds"] = time.monotonic() - started
        outcome["codes"] = codes(response)

    thread = threading.Thread(target=run_hostile)
    thread.start()
    time.sleep(after)
    started = time.monotonic()
    response = httpx.post(
        f"{server.url}/graphql", json={"query": "{ movie(id: 900000) { title } }"}, timeout=600
    )
    waited = time.monotonic() - started
    print(
        f"benign cold movie {{ title }} sent {after:.0f} s after the hostile query: {waited:.3f} s"
    )
    print(f"  its response: {response.json()}")
    thread.join()
    print(
        f"hostile query: {outcome['seconds']:.1f} s, TMDB requests {requests(fake)}, "
        f"errors {dict(outcome['codes'])}"  # type: ignore[call-overload]
    )


def hang_up(server: procs.Process, fake: procs.Process, after: float) -> None:
    httpx.get(f"{fake.url}/_fake/reset")
    with contextlib.suppress(httpx.TimeoutException):
        httpx.post(f"{server.url}/graphql", json={"query": hostile(2_000)}, timeout=after)
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
            benign_behind_hostile(server, fake, args.benign_after)
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
