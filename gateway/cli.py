"""The ``tmdbfusion`` command."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import uvicorn

from gateway.workers import shared_metrics


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="tmdbfusion", description="A GraphQL gateway over TMDB.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the GraphQL gateway")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes (each has its own cache; /metrics sums them all)",
    )
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="log a line per HTTP request (costs CPU on every request)",
    )
    args = parser.parse_args(argv)

    with shared_metrics(args.workers):
        uvicorn.run(
            "gateway.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            access_log=args.access_log,
            # The app configures logging itself (with credential redaction) in every worker.
            log_config=None,
            loop="uvloop",
            http="httptools",
            lifespan="on",
        )
