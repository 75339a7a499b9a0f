"""A fast fake TMDB: synthetic bodies for any id, a fixed latency, a request counter.

Run it as ``python -m bench.fake_tmdb --port P --latency-ms L``. It is a bare asyncio
``Protocol`` on uvloop with httptools' parser rather than an ASGI app: at a 40-person fan-out the
fake must answer tens of thousands of requests per second on a core it shares with the server
under test, and every microsecond it spends is taken from the measurement.

Routes (all GET): ``/3/movie/{id}`` (``append_to_response`` honoured), ``/3/movie/{id}/{part}``
(what a naive gateway calls), ``/3/person/{id}``, ``/3/movie/popular?page=N`` (pages 1 to 500;
any other page is a 404 here). Outside ``/3``, ``/_fake/requests`` reads the
counter of ``/3`` requests and ``/_fake/reset`` reads and zeroes it; neither is delayed.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
from typing import cast
from urllib.parse import parse_qs

import httptools
import uvloop

from bench import synthetic

# TMDB serves no page past the 500th, whatever total_pages says.
MAX_PAGE = 500
_STATUS = {200: b"200 OK", 401: b"401 Unauthorized", 404: b"404 Not Found"}
_NOT_FOUND = (
    404,
    b'{"success":false,"status_code":34,'
    b'"status_message":"The resource you requested could not be found."}',
)
_NO_AUTH = (
    401,
    b'{"status_code":7,"status_message":"Invalid API key: You must be granted a '
    b'valid key.","success":false}',
)


class FakeTmdb:
    """Routing and the counter, independent of the transport."""

    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s
        self.requests = 0

    def control(self, path: str) -> tuple[int, bytes]:
        count = self.requests
        if path == "/_fake/reset":
            self.requests = 0
        elif path != "/_fake/requests":
            return _NOT_FOUND
        return 200, b'{"requests":%d}' % count

    def respond(self, path: str, query: str, authorized: bool) -> tuple[int, bytes]:
        self.requests += 1
        if not authorized:
            return _NO_AUTH
        if path == "/3/movie/popular":
            return self._popular(query)
        segments = path.split("/")  # "", "3", kind, id[, part]
        if len(segments) < 4 or not segments[3].isdigit() or len(segments) > 5:
            return _NOT_FOUND
        kind, entity_id = segments[2], int(segments[3])
        parts: list[str] = []
        if query:
            for value in parse_qs(query).get("append_to_response", ()):
                parts.extend(value.split(","))
        body: bytes | None = None
        if kind == "movie" and len(segments) == 4:
            body = synthetic.movie_body(entity_id, parts)
        elif kind == "movie":
            body = synthetic.movie_part_body(entity_id, segments[4])
        elif kind == "person" and len(segments) == 4:
            body = synthetic.person_body(entity_id, parts)
        return _NOT_FOUND if body is None else (200, body)

    @staticmethod
    def _popular(query: str) -> tuple[int, bytes]:
        pages = parse_qs(query).get("page", ["1"])
        page = int(pages[0]) if pages[0].isdigit() else 0
        if not 1 <= page <= MAX_PAGE:
            return _NOT_FOUND
        return 200, synthetic.popular_page_body(page)


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection; responses leave in request order."""

    def __init__(self, app: FakeTmdb, loop: asyncio.AbstractEventLoop) -> None:
        self._app = app
        self._loop = loop
        self._parser = httptools.HttpRequestParser(self)
        self._transport: asyncio.Transport | None = None
        self._url = b""
        self._authorized = False
        # Each slot is [payload or None, close-after]; pipelined requests would otherwise be
        # answered in timer order, which is not guaranteed to be arrival order.
        self._pending: collections.deque[list[object]] = collections.deque()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports implement asyncio.Transport without subclassing it.
        self._transport = cast(asyncio.Transport, transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError:
            if self._transport is not None:
                self._transport.close()

    # httptools parser callbacks.
    def on_message_begin(self) -> None:
        self._url = b""
        self._authorized = False

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        if name.lower() == b"authorization" and value.startswith(b"Bearer "):
            self._authorized = True

    def on_message_complete(self) -> None:
        parsed = httptools.parse_url(self._url)
        path = parsed.path.decode()
        query = parsed.query.decode() if parsed.query else ""
        if "api_key=" in query:
            self._authorized = True
        slot: list[object] = [None, not self._parser.should_keep_alive()]
        self._pending.append(slot)
        if not path.startswith("/3/"):
            self._finish(slot, self._app.control(path))
            return
        status, body = self._app.respond(path, query, self._authorized)
        if self._app.latency_s > 0:
            # call_later is what asyncio.sleep uses underneath, minus a task per request.
            self._loop.call_later(self._app.latency_s, self._finish, slot, (status, body))
        else:
            self._finish(slot, (status, body))

    def _finish(self, slot: list[object], response: tuple[int, bytes]) -> None:
        status, body = response
        slot[0] = (
            b"HTTP/1.1 %s\r\ncontent-type: application/json;charset=utf-8\r\n"
            b"content-length: %d\r\n\r\n%s" % (_STATUS[status], len(body), body)
        )
        while self._pending and self._pending[0][0] is not None:
            payload, close = self._pending.popleft()
            if self._transport is None:
                return
            assert isinstance(payload, bytes)
            self._transport.write(payload)
            if close:
                self._transport.close()


async def serve(host: str, port: int, latency_ms: float) -> None:
    loop = asyncio.get_running_loop()
    app = FakeTmdb(latency_ms / 1000)
    server = await loop.create_server(lambda: _Connection(app, loop), host, port, backlog=1024)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fake_tmdb", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args(argv)
    uvloop.run(serve(args.host, args.port, args.latency_ms))


if __name__ == "__main__":
    main()
