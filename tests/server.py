"""A real gateway process, started as a user would (``python -m gateway serve``), for e2e tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def environment(**overrides: str) -> dict[str, str]:
    """This process's environment without any TMDB* setting (so: demo mode), plus ``overrides``."""
    return {k: v for k, v in os.environ.items() if not k.startswith("TMDB")} | overrides


@contextmanager
def serve(log: Path, *args: str, **env_overrides: str) -> Iterator[str]:
    """``python -m gateway serve [args]`` with no credentials (demo mode); yields its URL."""
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
