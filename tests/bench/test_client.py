"""The client library's benchmark rows (``python -m bench.client``) measure what they claim.

Every row must send the same GETs (path, appended parts, credential) so that the rows differ
only in how they send; the crawl must ask for each page once and hold none; the library's
direct-transport path must leave nothing in reference cycles, where httpx's client leaves its
Response and streams. TMDB is the benchmark's own fake, served on a socket from a thread (the
aiohttp rows need a real one), recording each request's target and Authorization header.
"""

from __future__ import annotations

import asyncio
import json
import threading
import tracemalloc
from collections.abc import Iterator
from urllib.parse import parse_qs

import msgspec
import pytest
import uvloop

from bench import client_profile, client_rates, client_report, crawl, decode
from bench.client import QUICK, Report
from bench.client_rows import PARTS, ROWS, Auth, Row
from bench.fake_tmdb import FakeTmdb, _Connection
from tests.helpers import API_KEY, AUTH_IDS, TOKEN, fixture_json
from tmdbfusion import models

AUTHS = (Auth(token=TOKEN), Auth(token=None, api_key=API_KEY))


class RecordingFake(FakeTmdb):
    """The fake TMDB, noting each request: (path, query, Authorization header or None)."""

    def __init__(self) -> None:
        super().__init__(latency_s=0)
        self.seen: list[tuple[str, dict[str, list[str]], str | None]] = []
        self.authorization: str | None = None

    def respond(self, path: str, query: str, authorized: bool) -> tuple[int, bytes]:
        self.seen.append((path, parse_qs(query), self.authorization))
        return super().respond(path, query, authorized)


class RecordingConnection(_Connection):
    def __init__(self, app: RecordingFake, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(app, loop)
        self._recorder = app

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._recorder.authorization = None

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        if name.lower() == b"authorization":
            self._recorder.authorization = value.decode()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, RecordingFake]]:
    """``(base URL, recorder)`` of a fake TMDB listening on 127.0.0.1."""
    for name in ("TMDB_READ_ACCESS_TOKEN", "TMDB_API_KEY", "TMDB_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    app = RecordingFake()
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: RecordingConnection(app, loop), "127.0.0.1", 0)
    )
    port = server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/3", app
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


def assert_credential(auth: Auth, query: dict[str, list[str]], authorization: str | None) -> None:
    if auth.token:
        assert authorization == f"Bearer {TOKEN}"
        assert "api_key" not in query
    else:
        assert authorization is None
        assert query["api_key"] == [API_KEY]


def decoded_kib(body: bytes) -> float:
    """What one page takes once decoded, as tracemalloc counts it."""
    tracemalloc.start()
    try:
        page = msgspec.json.decode(body, type=models.MoviePage)
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert page.results
    return size / 1024


class Span:
    """A meter that notes how many requests the fake had seen at its start and stop."""

    def __init__(self, app: RecordingFake) -> None:
        self._app = app
        self.marks: list[int] = []

    def start(self) -> None:
        self.marks.append(len(self._app.seen))

    def stop(self) -> None:
        self.marks.append(len(self._app.seen))


@pytest.mark.parametrize("auth", AUTHS, ids=AUTH_IDS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.key)
def test_every_row_sends_the_same_gets(
    fake: tuple[str, RecordingFake], row: Row, auth: Auth
) -> None:
    base, app = fake
    span = Span(app)

    client_rates.run(row, base, range(1, 6), span, auth)

    # The untimed first GETs (one per connection), then ids 1 to 5 inside the meter's span.
    warm = list(range(1, 1 + row.in_flight))
    assert span.marks == [len(warm), len(warm) + 5]
    ids = []
    for path, query, authorization in app.seen:
        assert path.startswith("/3/movie/")
        ids.append(int(path.removeprefix("/3/movie/")))
        assert set(query) - {"api_key"} == {"append_to_response"}
        assert set(query["append_to_response"][0].split(",")) == set(PARTS)
        assert_credential(auth, query, authorization)
    assert sorted(ids[: len(warm)]) == warm
    assert sorted(ids[len(warm) :]) == [1, 2, 3, 4, 5]


def test_the_fake_serves_popular_pages_shaped_like_tmdbs() -> None:
    fake = FakeTmdb(latency_s=0)
    real = fixture_json("movie_popular__p1.json")

    status, body = fake.respond("/3/movie/popular", "page=7&language=en-US", True)

    assert status == 200
    synthetic = json.loads(body)
    assert set(synthetic) == set(real)
    assert [set(r) for r in synthetic["results"]] == [set(real["results"][0])] * 20
    page = msgspec.json.decode(body, type=models.MoviePage)
    assert page.page == 7
    assert [m.id for m in page.results] == list(range(121, 141))
    assert page.total_pages >= 500
    assert fake.respond("/3/movie/popular", "page=501", True)[0] == 404
    assert fake.respond("/3/movie/popular", "page=x", True)[0] == 404
    assert fake.respond("/3/movie/popular", "", True)[0] == 200  # page 1, as TMDB defaults
    assert fake.respond("/3/movie/popular", "page=2", False)[0] == 401


@pytest.mark.parametrize("auth", AUTHS, ids=AUTH_IDS)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_crawl_asks_for_each_page_once_and_holds_none(
    fake: tuple[str, RecordingFake], mode: str, auth: Auth
) -> None:
    base, app = fake

    lazy = uvloop.run(crawl.crawl_here(f"{mode} lazy", base, auth))
    kept = uvloop.run(crawl.crawl_here(f"{mode} kept", base, auth))

    pages = [str(n) for n in range(crawl.FIRST, 501)]
    one_crawl = ["1", *pages, *pages]  # page 1 once, then two passes up to TMDB's 500th
    assert [query.get("page", ["1"])[0] for _, query, _ in app.seen] == one_crawl * 2
    for path, query, authorization in app.seen:
        assert path == "/3/movie/popular"
        assert_credential(auth, query, authorization)
    assert (lazy.pages, lazy.movies) == (kept.pages, kept.movies) == (50, 1_000)
    # Keeping the 50 pages must show as (nearly) 50 decoded pages more than the lazy crawl's
    # peak; the fake's own work, in this process's thread, counts in both.
    page = decoded_kib(FakeTmdb(latency_s=0).respond("/3/movie/popular", "page=451", True)[1])
    assert kept.traced_peak_kib - lazy.traced_peak_kib > 40 * page


@pytest.mark.parametrize(
    ("after", "before"), [("sync", "sync_before"), ("aiohttp", "aiohttp_before")]
)
def test_the_library_leaves_no_reference_cycles_where_httpx_client_leaves_some(
    fake: tuple[str, RecordingFake], after: str, before: str
) -> None:
    base, _ = fake

    cycles_after = client_profile.garbage(after, base, 20)
    cycles_before = client_profile.garbage(before, base, 20)

    assert cycles_after == {"all objects, builtins included": 0.0}
    assert cycles_before["httpx.Response"] == 1.0
    assert cycles_before["httpx.Request"] == 1.0


def test_the_report_has_a_row_per_client_and_its_commands(
    fake: tuple[str, RecordingFake],
) -> None:
    base, _ = fake
    report = Report("python -m bench.client", QUICK, "today", (0.0, 0.0, 0.0), 14_000)
    report.rates = client_rates.measure(base, 3, 1, fake_cpu=lambda: 0.0)
    report.crawls = [uvloop.run(crawl.crawl_here("sync lazy", base))]
    report.micro = client_profile.micro(number=10)
    report.decode = decode.decode_table(budget_s=0.01)

    text = client_report.markdown(report)

    for row in ROWS:
        assert f"| {row.label} | {row.in_flight} |" in text
    assert text.count(" -> ") >= 3 * 4  # three before/after pairs
    assert "| sync lazy | 50 (0) | 1,000 |" in text
    assert "msgspec Decoder(Struct) -> Structs" in text
    for part in ("rates", "profile", "crawl", "decode"):
        assert f"`.venv/bin/python -m bench.client --part {part}`" in text
