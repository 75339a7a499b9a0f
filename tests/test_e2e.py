"""End to end: a real uvicorn server, started as a user would, answering over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

QUERY = """{ movie(id: 550) { title credits { cast { name } } images { posters { filePath } }
             videos { key } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``python -m gateway serve`` with no credentials, i.e. in demo mode."""
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMDB")}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gateway", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
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
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_demo_server_answers_over_http(server: tuple[str, Path]) -> None:
    url, log = server
    response = httpx.post(f"{url}/graphql", json={"query": QUERY}, timeout=10)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    movie = response.json()["data"]["movie"]
    assert movie["title"] == "Fight Club"
    assert movie["credits"]["cast"][:2] == [{"name": "Edward Norton"}, {"name": "Brad Pitt"}]
    assert movie["images"]["posters"][0] == {"filePath": "/pB8BM7pdSp6B6Ih7QZ4DrQ3PmJK.jpg"}
    assert movie["videos"] == [{"key": "BdJKm16Co6M"}]
    assert "serving the embedded demo dataset" in log.read_text()


def test_unknown_id_over_http(server: tuple[str, Path]) -> None:
    url, _ = server
    response = httpx.post(
        f"{url}/graphql", json={"query": "{ movie(id: 1) { title } }"}, timeout=10
    )

    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"movie": None}
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["errors"][0]["path"] == ["movie"]
