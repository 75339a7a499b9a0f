"""End to end: a real uvicorn server, started as a user would, answering over real HTTP."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.documents import README_CURL
from tests.helpers import PREFLIGHT, body, serve

QUERY = """{ movie(id: 550) { title credits { cast { name } } images { posters { filePath } }
             videos { key } } }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``python -m gateway serve`` with no credentials, i.e. in demo mode."""
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


def test_a_get_answer_is_cacheable_and_revalidates_with_a_304(server: tuple[str, Path]) -> None:
    url, _ = server
    params = {"query": "{ movie(id: 550) { title releaseDate } }"}

    first = httpx.get(f"{url}/graphql", params=params, headers=PREFLIGHT, timeout=10)
    again = httpx.get(
        f"{url}/graphql",
        params=params,
        headers={**PREFLIGHT, "If-None-Match": first.headers["etag"]},
        timeout=10,
    )

    assert first.status_code == 200
    assert first.json() == {"data": {"movie": {"title": "Fight Club", "releaseDate": "1999-10-15"}}}
    max_age = int(first.headers["cache-control"].removeprefix("public, max-age="))
    assert 3500 < max_age <= 3600  # the demo's TMDB cache keeps an entity for an hour
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert "content-length" not in again.headers


def test_the_readme_query_over_get_is_not_stored_in_demo_mode(server: tuple[str, Path]) -> None:
    """Edward Norton is not in the demo dataset: a NOT_FOUND error, so no cache may keep it."""
    url, _ = server

    response = httpx.get(
        f"{url}/graphql", params={"query": README_CURL}, headers=PREFLIGHT, timeout=10
    )

    assert response.status_code == 200
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["NOT_FOUND"]
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


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


# --- a client that disconnects, against a real server and a counting fake TMDB -------------------


class FakeTmdb(ThreadingHTTPServer):
    """TMDB on 127.0.0.1, answering from real bodies after a delay, counting every request."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FakeTmdbHandler)
        movie_550 = json.loads(body("movie_details__550.json"))
        movie_550["credits"] = json.loads(body("movie_credits__550.json"))
        self.bodies = {
            "movie/550": json.dumps(movie_550).encode(),
            "movie/76": body("movie_details_append__76.json"),
            "person": body("person_details__1.json"),
        }
        self.delays = {"movie": 0.0, "person": 0.0}
        self.requests = 0
        self.stop = threading.Event()  # wakes every delayed answer at teardown

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the gateway hanging up on a cancelled GET is expected here


class _FakeTmdbHandler(BaseHTTPRequestHandler):
    server: FakeTmdb

    def do_GET(self) -> None:
        fake = self.server
        fake.requests += 1
        match = re.fullmatch(r"/3/(movie/\d+|person)(?:/\d+)?(?:\?.*)?", self.path)
        key = match.group(1) if match else ""
        content = fake.bodies.get(key)
        fake.stop.wait(fake.delays[key.split("/")[0]] if content else 0)
        self.send_response(200 if content else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content or b"{}")))
        self.end_headers()
        self.wfile.write(content or b"{}")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FakeTmdb]]:
    """The gateway with a token, its TMDB the fake, at 10 requests a second."""
    fake = FakeTmdb()
    thread = threading.Thread(target=fake.serve_forever, daemon=True)
    thread.start()
    env = {
        "TMDB_READ_ACCESS_TOKEN": "e2e-token",
        "TMDB_BASE_URL": f"http://127.0.0.1:{fake.server_address[1]}/3",
        "TMDBFUSION_RATE_LIMIT": "10",
    }
    try:
        with serve(tmp_path_factory.mktemp("live") / "server.log", **env) as url:
            yield url, fake
    finally:
        fake.stop.set()
        fake.shutdown()
        fake.server_close()


async def test_a_client_that_hangs_up_stops_its_upstream_calls(
    live: tuple[str, FakeTmdb],
) -> None:
    url, fake = live
    fake.requests = 0
    fake.delays = {"movie": 0.0, "person": 5.0}
    query = "{ movie(id: 550) { credits { cast(first: 75) { person { name } } } } }"  # 75 people

    async with httpx.AsyncClient(timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.post(f"{url}/graphql", json={"query": query})
    # Leaving the client closed its connection. At 10 requests a second the movie and 9 people
    # go at once, then one person every 100 ms: up to 13 requests in 0.3 s, fewer on a busy
    # machine. What was sent before the hang-up may still be arriving for a moment.
    await asyncio.sleep(0.1)
    at_disconnect = fake.requests
    await asyncio.sleep(0.3)  # three more slots of the limiter

    assert 2 <= at_disconnect < 16
    assert fake.requests == at_disconnect


async def test_a_get_joined_by_a_connected_client_completes_for_it(
    live: tuple[str, FakeTmdb],
) -> None:
    url, fake = live
    fake.requests = 0
    fake.delays = {"movie": 0.3, "person": 0.0}
    # Both need movie 76 with its credits; only the one that hangs up goes on to its people.
    leaving = "{ movie(id: 76) { credits { cast(first: 50) { person { name } } } } }"
    staying = "{ movie(id: 76) { title credits { cast { name } } } }"

    async def hang_up() -> None:
        async with httpx.AsyncClient(timeout=0.15) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.post(f"{url}/graphql", json={"query": leaving})

    async def stay() -> httpx.Response:
        # Joins the GET the first request started: sent once that GET has reached TMDB (the
        # fake holds it 0.3 s), however slowly a loaded machine got it there.
        while fake.requests == 0:  # noqa: ASYNC110 (a server thread counts them)
            await asyncio.sleep(0.005)
        async with httpx.AsyncClient(timeout=5) as client:
            return await client.post(f"{url}/graphql", json={"query": staying})

    _, response = await asyncio.gather(hang_up(), stay())
    await asyncio.sleep(0.2)

    assert response.json() == {
        "data": {
            "movie": {
                "title": "Before Sunrise",
                "credits": {"cast": [{"name": "Ethan Hawke"}, {"name": "Julie Delpy"}]},
            }
        }
    }
    assert fake.requests == 1  # the movie, sent once; none of the people
