"""In-process cost of one cached query through the whole ASGI app (no sockets, no HTTP parsing).

``python -m bench.hot_path [--header NAME:VALUE]``: warms the demo gateway's cache with
``movie(id: 550) { title }``, then calls the app directly, one request at a time, and prints the
best run (15 runs of 1,000 requests by default) in microseconds per request: the least noisy
figure on a shared machine. The numbers the commits quote come from here.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import uvloop
from starlette.types import Message

from gateway.app import create_app
from gateway.config import Settings

QUERY = b'{"query": "{ movie(id: 550) { title } }"}'


async def measure(requests: int, runs: int, headers: list[tuple[bytes, bytes]]) -> list[float]:
    app = create_app(Settings(rate_limit=0))
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "query_string": b"",
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(QUERY)).encode()),
            *headers,
        ],
    }
    statuses: list[int] = []
    request: Message = {"type": "http.request", "body": QUERY, "more_body": False}
    read = [False]

    async def receive() -> Message:
        # As from a server: the body once, then nothing, as a client that stays connected. (A
        # receive that always answers would spin the endpoint's disconnect watcher forever.)
        if read[0]:
            await asyncio.Event().wait()
        read[0] = True
        return request

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    timings = []
    async with app.router.lifespan_context(app):
        await app(scope, receive, send)  # fills the cache
        for _ in range(runs):
            started = time.process_time()
            for _ in range(requests):
                read[0] = False
                await app(scope, receive, send)
            timings.append((time.process_time() - started) / requests * 1e6)
    assert set(statuses) == {200}, statuses
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="per run")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--header", action="append", default=[], help="NAME:VALUE")
    args = parser.parse_args()
    headers = [
        (name.strip().lower().encode(), value.strip().encode())
        for name, value in (h.split(":", 1) for h in args.header)
    ]
    timings = uvloop.run(measure(args.requests, args.runs, headers))
    best = min(timings)
    print(
        f"cached movie(id: 550) {{ title }}: {best:.1f} us of CPU per request (best of {args.runs})"
    )


if __name__ == "__main__":
    main()
