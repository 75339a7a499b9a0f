"""Every failure leaves either client as one ``UpstreamError`` of the tree, naming the path and
never the credential."""

from __future__ import annotations

import json
import socket
import time
from email.utils import formatdate

import aiohttp
import httpx
import pytest
import respx

from tests.tmdbfusion.helpers import KEY, TOKEN, Auth, Client, body, json_response, settle
from tmdbfusion import (
    AsyncTMDBClient,
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    TMDBClient,
    UpstreamConnectionError,
    UpstreamDecodeError,
    UpstreamError,
    UpstreamServerError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)


def assert_secret_free(exc: BaseException) -> None:
    for secret in (KEY, TOKEN):
        assert secret not in str(exc)
        assert secret not in repr(exc)


@pytest.mark.parametrize(
    ("status", "content", "error", "tmdb_code"),
    [
        pytest.param(
            401,
            body("error_401_invalid_api_key__jdrouet.json"),
            AuthenticationError,
            7,
            id="unauthorized",
        ),
        pytest.param(
            404, body("error_404_not_found__jdrouet.json"), NotFoundError, 34, id="not-found"
        ),
        pytest.param(
            422,
            body("error_422_validation__search-movie-empty-query.json"),
            UpstreamStatusError,
            None,
            id="unprocessable",
        ),
        pytest.param(
            429,
            body("error_429_rate_limit__radarr-issue-2017.json"),
            RateLimitError,
            25,
            id="rate-limited",
        ),
        pytest.param(500, b"", UpstreamServerError, None, id="server-error"),
        pytest.param(503, b"<html>busy</html>", UpstreamServerError, None, id="unavailable"),
    ],
)
async def test_status_maps_to_its_error(
    tmdb_client: Client,
    router: respx.Router,
    status: int,
    content: bytes,
    error: type[UpstreamStatusError],
    tmdb_code: int | None,
) -> None:
    router.get("/movie/550").mock(
        return_value=json_response(content, status, **{"Retry-After": "10"})
    )

    with pytest.raises(UpstreamStatusError) as caught:
        await settle(tmdb_client.movies.details(550, append=["credits"]))

    exc = caught.value
    assert type(exc) is error
    assert exc.status_code == status
    assert exc.tmdb_code == tmdb_code
    assert f"TMDB answered {status} for /movie/550" in str(exc)
    if isinstance(exc, RateLimitError):
        assert exc.retry_after == 10.0
    assert_secret_free(exc)


def test_the_status_message_is_kept(router: respx.Router) -> None:
    router.get("/movie/550").mock(
        return_value=json_response(body("error_404_not_found__jdrouet.json"), 404)
    )
    with (
        TMDBClient(api_key=KEY, transport=httpx.MockTransport(router.handler)) as client,
        pytest.raises(NotFoundError, match="could not be found"),
    ):
        client.movies.details(550)


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        pytest.param(None, None, id="absent"),
        pytest.param("2.5", 2.5, id="seconds"),
        pytest.param("soon", None, id="garbage"),
    ],
)
def test_retry_after(router: respx.Router, retry_after: str | None, expected: float | None) -> None:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    content = body("error_429_rate_limit__radarr-issue-2017.json")
    router.get("/movie/550").mock(return_value=json_response(content, 429, **headers))
    with (
        TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        client.movies.details(550)
    assert caught.value.retry_after == expected


def test_retry_after_as_an_http_date(router: respx.Router) -> None:
    when = formatdate(time.time() + 30, usegmt=True)
    content = body("error_429_rate_limit__radarr-issue-2017.json")
    router.get("/movie/550").mock(return_value=json_response(content, 429, **{"Retry-After": when}))
    with (
        TMDBClient(token=TOKEN, transport=httpx.MockTransport(router.handler)) as client,
        pytest.raises(RateLimitError) as caught,
    ):
        client.movies.details(550)
    assert caught.value.retry_after is not None
    assert 25 <= caught.value.retry_after <= 31


@pytest.mark.parametrize(
    ("raised", "error"),
    [
        pytest.param(httpx.ConnectError, UpstreamConnectionError, id="refused"),
        pytest.param(httpx.RemoteProtocolError, UpstreamConnectionError, id="protocol"),
        pytest.param(httpx.ConnectTimeout, UpstreamTimeoutError, id="connect-timeout"),
        pytest.param(httpx.ReadTimeout, UpstreamTimeoutError, id="read-timeout"),
        pytest.param(httpx.PoolTimeout, UpstreamTimeoutError, id="pool-timeout"),
        pytest.param(httpx.DecodingError, UpstreamDecodeError, id="bad-gzip"),
    ],
)
async def test_transport_failures_map_to_their_error(
    auth: Auth, raised: type[httpx.HTTPError], error: type[UpstreamError]
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        # httpx's own messages may carry the URL, and with it the key.
        raise raised(f"failed: {request.url}")

    with (
        TMDBClient(**auth, transport=httpx.MockTransport(fail)) as client,
        pytest.raises(UpstreamError) as sync_caught,
    ):
        client.movies.details(550)
    async with AsyncTMDBClient(**auth, transport=httpx.MockTransport(fail)) as aclient:
        with pytest.raises(UpstreamError) as async_caught:
            await aclient.movies.details(550)

    for caught in (sync_caught, async_caught):
        assert type(caught.value) is error
        assert "/movie/550" in str(caught.value)
        assert isinstance(caught.value.__cause__, raised)
        assert_secret_free(caught.value)


@pytest.mark.parametrize(
    ("cause", "error", "named"),
    [
        # httpx-aiohttp 0.2 raises ConnectTimeout for every aiohttp connection error.
        pytest.param(
            aiohttp.ClientConnectorError(
                aiohttp.client_reqrep.ConnectionKey("tmdb", 443, True, True, None, None, None),
                ConnectionRefusedError(111, "refused"),
            ),
            UpstreamConnectionError,
            "ClientConnectorError",
            id="refused",
        ),
        pytest.param(
            aiohttp.ServerDisconnectedError(),
            UpstreamConnectionError,
            "ConnectTimeout",
            id="disconnected",
        ),
        pytest.param(
            aiohttp.ConnectionTimeoutError(), UpstreamTimeoutError, None, id="aiohttp-timeout"
        ),
        pytest.param(
            ConnectionResetError(104, "reset"),
            UpstreamConnectionError,
            "ConnectionResetError",
            id="reset",
        ),
    ],
)
async def test_a_connect_timeout_caused_by_a_connection_error_is_not_a_timeout(
    auth: Auth, cause: BaseException, error: type[UpstreamError], named: str | None
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("mapped by httpx-aiohttp") from cause

    async with AsyncTMDBClient(**auth, transport=httpx.MockTransport(fail)) as client:
        with pytest.raises(UpstreamError) as caught:
            await client.movies.details(550)

    assert type(caught.value) is error
    if error is UpstreamConnectionError:
        # The innermost OS error names the failure (aiohttp's connector error is one), else the
        # exception httpx raised.
        assert str(caught.value) == f"TMDB could not be reached for /movie/550 ({named})"
    else:
        assert str(caught.value) == "TMDB did not answer /movie/550 in time"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_a_refused_connection_is_a_connection_error_not_a_timeout(
    auth: Auth,
) -> None:
    base_url = f"http://127.0.0.1:{closed_port()}/3"
    with (
        TMDBClient(**auth, base_url=base_url) as client,
        pytest.raises(UpstreamConnectionError) as sync_caught,
    ):
        client.movies.details(550)
    async with AsyncTMDBClient(**auth, base_url=base_url) as aclient:
        with pytest.raises(UpstreamConnectionError) as async_caught:
            await aclient.movies.details(550)

    for caught in (sync_caught, async_caught):
        assert not isinstance(caught.value, UpstreamTimeoutError)
        assert_secret_free(caught.value)
        assert caught.value.__cause__ is not None
        assert_secret_free(caught.value.__cause__)


async def test_a_body_off_the_contract_is_a_decode_error_at_its_path(
    tmdb_client: Client, router: respx.Router
) -> None:
    recorded = json.loads(body("movie_details__550.json"))
    recorded["genres"][1]["id"] = "eighteen"
    router.get("/movie/550").mock(return_value=json_response(json.dumps(recorded).encode()))

    with pytest.raises(UpstreamDecodeError) as caught:
        await settle(tmdb_client.movies.details(550))

    assert "$.genres[1].id" in str(caught.value)
    assert "/movie/550" in str(caught.value)
    assert_secret_free(caught.value)


async def test_a_truncated_body_is_a_decode_error(
    tmdb_client: Client, router: respx.Router
) -> None:
    router.get("/movie/550").mock(return_value=json_response(body("movie_details__550.json")[:300]))
    with pytest.raises(UpstreamDecodeError, match="/movie/550"):
        await settle(tmdb_client.movies.details(550))


def test_credentials_stay_out_of_reprs() -> None:
    client = TMDBClient(api_key=KEY)
    assert KEY not in repr(client._credentials)
    assert KEY not in repr(client)
    client.close()
