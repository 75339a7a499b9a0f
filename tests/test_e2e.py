"""End to end: a real uvicorn server, started as a user would, answering over real HTTP."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import serve

QUERY = """{ movie(id: 550) { title credits { cast { name } } images { posters { filePath } }
             videos { key } } }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serve(log) as url:
        yield url, log


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


BODY_TIMEOUT = 0.5


def _read_until_closed(sock: socket.socket, until: float) -> tuple[bytes, float | None]:
    """What the server sent, and when it closed the connection (None if it had not by then)."""
    received = b""
    while (left := until - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            break
        except ConnectionResetError:
            return received, time.monotonic()
        if not chunk:
            return received, time.monotonic()
        received += chunk
    return received, None


def test_slow_bodies_are_cut_off_after_the_body_timeout(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """50 connections each send 10 of 60,000 declared body bytes, then nothing."""
    log = tmp_path_factory.mktemp("slow") / "server.log"
    with serve(log, TMDBFUSION_BODY_TIMEOUT=str(BODY_TIMEOUT)) as url:
        host, port = url.removeprefix("http://").split(":")
        head = (
            b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
            b"Content-Length: 60000\r\n\r\n"
        )
        sockets = [socket.create_connection((host, int(port)), timeout=5) for _ in range(50)]
        try:
            for sock in sockets:
                sock.sendall(head + b'{"query": ')  # 10 body bytes
            sent = time.monotonic()
            results = [_read_until_closed(sock, sent + BODY_TIMEOUT + 5) for sock in sockets]
        finally:
            for sock in sockets:
                sock.close()

        closed_after = [closed - sent for _, closed in results if closed is not None]
        assert len(closed_after) == 50, "some connections were still open 5 s after the timeout"
        # Soon after the timeout, with room for two shared cores serving 50 sockets at once.
        assert max(closed_after) < BODY_TIMEOUT + 2.5
        for received, _ in results:
            status, _, rest = received.partition(b"\r\n")
            assert status == b"HTTP/1.1 408 Request Timeout"
            body = json.loads(rest.partition(b"\r\n\r\n")[2])
            assert body["errors"][0]["extensions"] == {"code": "REQUEST_TIMEOUT"}
        # The server still serves everyone else.
        assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
