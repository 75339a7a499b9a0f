"""The ``tmdbfusion`` command: serve, schema, query and check.

Exit status: 0 done, 1 the query answered with errors or TMDB could not be used, 2 a setting or
an argument is malformed (said in one line on stderr, never with a traceback).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import MutableMapping, Sequence
from typing import Any, NoReturn

import httpx
import uvicorn

from gateway.app import create_app, default_transport, sdl
from gateway.check import check as reach_tmdb
from gateway.config import WORKERS_ENV, ConfigError, Settings
from gateway.workers import shared_metrics

LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="tmdbfusion", description="A GraphQL gateway over TMDB.")
    commands = top.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the GraphQL gateway")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes (each has its own cache; they divide the TMDB rate limit, unless Redis "
        "shares it; /metrics sums them all)",
    )
    serve.add_argument(
        "--reload", action="store_true", help="restart on code changes (one process)"
    )
    serve.add_argument("--log-level", default="info", choices=LOG_LEVELS)
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="log a line per HTTP request (costs CPU on every request)",
    )

    commands.add_parser("schema", help="print the GraphQL schema (SDL)")

    query = commands.add_parser("query", help="run one GraphQL query and print the JSON result")
    query.add_argument("document", help="the GraphQL document, or - to read it from stdin")
    query.add_argument("--variables", default=None, help="variables as a JSON object")
    query.add_argument("--operation-name", default=None)

    commands.add_parser("check", help="check the settings and that TMDB accepts the credential")
    return top


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.command == "schema":  # the one command that needs no settings
        print(sdl())
        sys.exit(0)
    try:
        settings = Settings.from_env()
        status = COMMANDS[args.command](args, settings)
    except ConfigError as exc:
        print(f"tmdbfusion: {exc}", file=sys.stderr)
        status = 2
    sys.exit(status)


def serve(args: argparse.Namespace, settings: Settings) -> int:
    if args.workers < 1:
        raise_usage("--workers must be 1 or more")
    if args.reload and args.workers > 1:
        raise_usage("--reload runs one process; leave out --workers")
    share_budget(args.workers)
    # Workers are spawned, each a new interpreter that picks its metrics storage at import:
    # the directory is set before they start.
    with shared_metrics(args.workers):
        uvicorn.run(
            "gateway.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=None if args.reload else args.workers,
            reload=args.reload,
            log_level=args.log_level,
            access_log=args.access_log,
            # The app configures logging itself (with credential redaction) in every worker.
            log_config=None,
            loop="uvloop",
            http="httptools",
            lifespan="on",
        )
    return 0


def share_budget(workers: int, environ: MutableMapping[str, str] = os.environ) -> None:
    """Tell the ``workers`` processes about to start that they share one budget toward TMDB.

    Without Redis each then paces itself at its share of ``TMDBFUSION_RATE_LIMIT`` and of
    ``TMDBFUSION_MAX_IN_FLIGHT`` (``Settings.process_rate_limit``), and says so at start-up.
    uvicorn's workers inherit this environment.
    """
    if workers < 1:
        raise ValueError("--workers must be at least 1")
    environ[WORKERS_ENV] = str(workers)


def query(args: argparse.Namespace, settings: Settings) -> int:
    document = sys.stdin.read() if args.document == "-" else args.document
    try:
        variables = json.loads(args.variables) if args.variables else None
    except json.JSONDecodeError as exc:
        raise_usage(f"--variables is not JSON: {exc}")
    if variables is not None and not isinstance(variables, dict):
        raise_usage("--variables must be a JSON object")
    payload = {"query": document, "variables": variables, "operationName": args.operation_name}
    result = asyncio.run(run_query(settings, payload))
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 1 if result.get("errors") else 0


async def run_query(settings: Settings, payload: dict[str, Any]) -> dict[str, Any]:
    """One request through the whole app, in this process, exactly as over HTTP."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://tmdbfusion") as http:
            response = await http.post("/graphql", json=payload)
    result: dict[str, Any] = response.json()
    return result


def check(args: argparse.Namespace, settings: Settings) -> int:
    outcome = asyncio.run(reach_tmdb(settings, default_transport(settings)))
    print(outcome.message, file=sys.stdout if outcome.ok else sys.stderr)
    return 0 if outcome.ok else 1


def raise_usage(message: str) -> NoReturn:
    """Bad arguments: one line and exit status 2, as argparse does."""
    print(f"tmdbfusion: {message}", file=sys.stderr)
    sys.exit(2)


COMMANDS = {"serve": serve, "query": query, "check": check}
