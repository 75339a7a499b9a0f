"""Real servers the tests start: a redis-server on a free port, and a counting fake TMDB.

The fake TMDB is a plain threaded HTTP server on 127.0.0.1 that answers each path with a real
TMDB body from gateway/demo/data and records every request, so tests with gateway processes
(which cannot take a respx transport) still count and check their upstream requests.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from bench.procs import free_port
from tests.helpers import body


class RedisServer:
    """A throwaway ``redis-server``: no persistence, bound to 127.0.0.1 on a port of its own."""

    def __init__(self, executable: str, directory: Path, *args: str) -> None:
        self.executable = executable
        self.directory = directory
        self.args = args
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.directory / f"redis-{self.port}.log"

    def start(self) -> None:
        """Start it (again, on the same port) and wait until it answers PING."""
        with self.log.open("ab") as out:
            self._process = subprocess.Popen(
                [
                    *(self.executable, "--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
                    *self.args,
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 10
        while not self.answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"redis-server did not start:\n{self.log.read_text()}")
            time.sleep(0.02)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                # A server that wants a password answers too, with NOAUTH.
                return sock.recv(64).startswith((b"+PONG", b"-NOAUTH"))
        except OSError:
            return False

    def stop(self) -> None:
        """Kill it at once, as a crash would; nothing is saved."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None

    @contextmanager
    def running(self) -> Iterator[RedisServer]:
        self.start()
        try:
            yield self
        finally:
            self.stop()


class FakeTMDB:
    """Serves ``routes`` (path -> (status, fixture file)) and records each request it gets.

    Every answer waits ``delay`` seconds first, so requests from several gateways overlap.
    """

    def __init__(self, routes: dict[str, tuple[int, str]], *, delay: float = 0) -> None:
        self.routes = routes
        self.delay = delay
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = f"{fake.base_url.removesuffix('/3')}{self.path}"
                with fake._lock:
                    fake.requests.append(httpx.Request("GET", url, headers=dict(self.headers)))
                time.sleep(fake.delay)
                status, name = fake.routes.get(self.path.partition("?")[0], (404, ""))
                content = body(name or "error_404_not_found__jdrouet.json")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/3"

    @contextmanager
    def running(self) -> Iterator[FakeTMDB]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=10)
