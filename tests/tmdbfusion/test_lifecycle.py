"""A client's life: where its credentials come from, one pooled connection for many calls, and
a clear refusal once it is closed."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import respx
from httpx_aiohttp import AiohttpTransport

from tests.tmdbfusion.helpers import KEY, TMDB, TOKEN, Auth, body, json_response, sent_auth
from tmdbfusion import AsyncTMDBClient, ClientClosedError, MissingCredentialsError, TMDBClient

MOVIE = body("movie_details__550.json")


class FakeTMDB(ThreadingHTTPServer):
    """A tiny real TMDB on 127.0.0.1 that answers every GET with movie 550, counting the TCP
    connections it accepts."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.paths: list[str] = []

    def get_request(self) -> tuple[object, object]:  # type: ignore[override]
        self.connections += 1
        return super().get_request()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/3"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as TMDB's servers do

    def do_GET(self) -> None:
        assert isinstance(self.server, FakeTMDB)
        self.server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(MOVIE)))
        self.end_headers()
        self.wfile.write(MOVIE)

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def fake_tmdb() -> Iterator[FakeTMDB]:
    server = FakeTMDB()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_sync_calls_share_one_connection(fake_tmdb: FakeTMDB) -> None:
    with TMDBClient(token=TOKEN, base_url=fake_tmdb.base_url) as client:
        for _ in range(3):
            assert client.movies.details(550).id == 550
    assert fake_tmdb.paths == ["/3/movie/550"] * 3
    assert fake_tmdb.connections == 1


async def test_async_calls_share_one_connection(fake_tmdb: FakeTMDB) -> None:
    async with AsyncTMDBClient(api_key=KEY, base_url=fake_tmdb.base_url) as client:
        for _ in range(3):
            assert (await client.movies.details(550)).id == 550
    assert fake_tmdb.paths == [f"/3/movie/550?api_key={KEY}"] * 3
    assert fake_tmdb.connections == 1


def test_a_closed_client_refuses_calls(router: respx.Router) -> None:
    with TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client:
        pass
    with pytest.raises(ClientClosedError, match="TMDBClient is closed"):
        client.movies.details(550)
    with pytest.raises(ClientClosedError):
        next(client.movies.popular_pages())
    with pytest.raises(ClientClosedError), client:
        pass
    assert not router.calls


async def test_a_closed_async_client_refuses_calls(router: respx.Router) -> None:
    transport = httpx.MockTransport(router.async_handler)
    async with AsyncTMDBClient(token=TOKEN, transport=transport) as client:
        pass
    with pytest.raises(ClientClosedError, match="AsyncTMDBClient is closed"):
        await client.movies.details(550)
    with pytest.raises(ClientClosedError):
        await anext(client.movies.popular_pages())
    assert not router.calls


async def test_a_handed_in_client_stays_open_and_gets_the_credential(router: respx.Router) -> None:
    route = router.get("/movie/550").mock(return_value=json_response(MOVIE))
    http = httpx.AsyncClient(transport=httpx.MockTransport(router.async_handler))
    async with AsyncTMDBClient(token=TOKEN, http=http) as client:
        await client.movies.details(550)
    assert sent_auth(route.calls.last.request) == {"token": TOKEN}
    # Ours to stop using, the caller's to close.
    assert not http.is_closed
    with pytest.raises(ClientClosedError):
        await client.movies.details(550)
    await http.aclose()


def test_a_closed_handed_in_client_is_refused_clearly(router: respx.Router) -> None:
    http = httpx.Client(transport=httpx.MockTransport(router.handler))
    client = TMDBClient(token=TOKEN, http=http)
    http.close()
    with pytest.raises(ClientClosedError):
        client.movies.details(550)


def test_a_handed_in_client_with_params_is_refused() -> None:
    # httpx 0.28 replaces an absolute URL's query string by client-level params: every
    # appended part and the key would be lost.
    with httpx.Client(params={"language": "de"}) as http, pytest.raises(ValueError, match="params"):
        TMDBClient(token=TOKEN, http=http)


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("TMDB_READ_ACCESS_TOKEN", "TMDB_API_KEY", "TMDB_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.usefixtures("no_env")
def test_no_credential_is_a_clear_error_at_construction() -> None:
    with pytest.raises(MissingCredentialsError, match="TMDB_READ_ACCESS_TOKEN"):
        TMDBClient()
    with pytest.raises(MissingCredentialsError, match="TMDB_API_KEY"):
        AsyncTMDBClient()


def test_no_credential_is_fine_with_a_transport(no_env: pytest.MonkeyPatch) -> None:
    # The gateway's demo mode: its embedded upstream needs no credential.
    router = respx.Router(base_url=TMDB)
    route = router.get("/movie/550").mock(return_value=json_response(MOVIE))
    with TMDBClient(transport=httpx.MockTransport(router.handler)) as client:
        client.movies.details(550)
    request = route.calls.last.request
    assert "authorization" not in request.headers
    assert request.url.query == b""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param({"TMDB_API_KEY": KEY}, {"api_key": KEY}, id="key"),
        pytest.param({"TMDB_READ_ACCESS_TOKEN": TOKEN}, {"token": TOKEN}, id="token"),
        pytest.param(
            {"TMDB_READ_ACCESS_TOKEN": TOKEN, "TMDB_API_KEY": KEY},
            {"token": TOKEN},
            id="token-preferred",
        ),
    ],
)
def test_credentials_come_from_the_environment(
    no_env: pytest.MonkeyPatch, env: dict[str, str], expected: Auth
) -> None:
    for name, value in env.items():
        no_env.setenv(name, value)
    no_env.setenv("TMDB_BASE_URL", "https://tmdb.example/3/")
    router = respx.Router(base_url="https://tmdb.example/3")
    route = router.get("/movie/550").mock(return_value=json_response(MOVIE))
    with TMDBClient(transport=httpx.MockTransport(router.handler)) as client:
        client.movies.details(550)
    assert sent_auth(route.calls.last.request) == expected


def test_arguments_win_over_the_environment(no_env: pytest.MonkeyPatch) -> None:
    no_env.setenv("TMDB_READ_ACCESS_TOKEN", "token-from-env")
    no_env.setenv("TMDB_BASE_URL", "https://elsewhere.example/3")
    router = respx.Router(base_url=TMDB)
    route = router.get("/movie/550").mock(return_value=json_response(MOVIE))
    transport = httpx.MockTransport(router.handler)
    with TMDBClient(token=TOKEN, base_url=TMDB, transport=transport) as client:
        client.movies.details(550)
    assert sent_auth(route.calls.last.request) == {"token": TOKEN}


@pytest.mark.parametrize("client_class", [TMDBClient, AsyncTMDBClient])
async def test_an_environ_of_its_own_replaces_the_environment(
    no_env: pytest.MonkeyPatch, client_class: type[TMDBClient] | type[AsyncTMDBClient]
) -> None:
    # The gateway passes its own settings' credential and environ={}: a token left in the
    # environment must not replace the key it was configured with.
    no_env.setenv("TMDB_READ_ACCESS_TOKEN", "token-from-env")
    no_env.setenv("TMDB_BASE_URL", "https://elsewhere.example/3")
    router = respx.Router(base_url=TMDB)
    route = router.get("/movie/550").mock(return_value=json_response(MOVIE))
    if client_class is TMDBClient:
        with TMDBClient(
            api_key=KEY, transport=httpx.MockTransport(router.handler), environ={}
        ) as client:
            client.movies.details(550)
    else:
        transport = httpx.MockTransport(router.async_handler)
        async with AsyncTMDBClient(api_key=KEY, transport=transport, environ={}) as aclient:
            await aclient.movies.details(550)
    request = route.calls.last.request
    assert sent_auth(request) == {"api_key": KEY}
    assert str(request.url).startswith(f"{TMDB}/movie/550?")


def test_a_sync_call_leaves_nothing_for_the_garbage_collector(fake_tmdb: FakeTMDB) -> None:
    # httpx.Client ties each response into a reference cycle (44 objects a GET, measured);
    # the transport alone does not.
    with TMDBClient(token=TOKEN, base_url=fake_tmdb.base_url) as client:
        client.movies.details(550)
        gc.collect()
        gc.disable()
        try:
            for _ in range(10):
                client.movies.details(550)
            assert gc.collect() == 0
        finally:
            gc.enable()


async def test_an_async_call_leaves_nothing_for_the_garbage_collector(fake_tmdb: FakeTMDB) -> None:
    async with AsyncTMDBClient(token=TOKEN, base_url=fake_tmdb.base_url) as client:
        await client.movies.details(550)
        gc.collect()
        gc.disable()
        try:
            for _ in range(10):
                await client.movies.details(550)
            assert gc.collect() == 0
        finally:
            gc.enable()


async def test_the_key_is_never_logged(
    fake_tmdb: FakeTMDB, caplog: pytest.LogCaptureFixture
) -> None:
    # httpx.Client logs each URL at INFO; in key mode the URL holds the key.
    caplog.set_level(logging.DEBUG)
    with TMDBClient(api_key=KEY, base_url=fake_tmdb.base_url) as client:
        client.movies.details(550)
    async with AsyncTMDBClient(api_key=KEY, base_url=fake_tmdb.base_url) as aclient:
        await aclient.movies.details(550)
    assert fake_tmdb.paths == [f"/3/movie/550?api_key={KEY}"] * 2
    assert caplog.records
    assert all(KEY not in record.getMessage() for record in caplog.records)


def test_a_handed_in_transport_is_closed_with_the_client(router: respx.Router) -> None:
    class Transport(httpx.MockTransport):
        closed = False

        def close(self) -> None:
            self.closed = True

    transport = Transport(router.handler)
    with TMDBClient(token=TOKEN, transport=transport):
        pass
    assert transport.closed


def test_each_request_carries_the_clients_timeout(router: respx.Router) -> None:
    route = router.get("/movie/550").mock(return_value=json_response(MOVIE))
    transport = httpx.MockTransport(router.handler)
    with TMDBClient(token=TOKEN, timeout=1.5, transport=transport) as client:
        client.movies.details(550)
    timeout = route.calls.last.request.extensions["timeout"]
    assert timeout == {"connect": 1.5, "read": 1.5, "write": 1.5, "pool": 1.5}


def test_the_async_client_pools_through_aiohttp_by_default() -> None:
    # The fast pool (bench/RESULTS.md: 226 against 1,301 us of CPU per GET at 32 in flight).
    client = AsyncTMDBClient(token="t")
    assert isinstance(client._transport, AiohttpTransport)
