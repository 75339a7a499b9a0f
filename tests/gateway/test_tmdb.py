"""The TMDB client: auth, the error tree, decoding and append_to_response."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from gateway.app import create_app
from gateway.config import Settings
from gateway.logs import REDACTED, RedactSecrets
from gateway.tmdb import models
from gateway.tmdb.client import DECODERS, TMDBClient, build_http_client
from gateway.tmdb.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    UpstreamConnectionError,
    UpstreamDecodeError,
    UpstreamError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)
from tests.conftest import TMDB, TOKEN, body, fixture_json, ok

# Shaped like a real v3 key (32 hex digits), so it survives URL encoding unchanged.
API_KEY = "0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f"
MOVIE = DECODERS["movie"].decode


@pytest.fixture
async def api(tmdb: respx.Router, settings: Settings) -> AsyncIterator[TMDBClient]:
    """A TMDB client authenticated with the Bearer token, whose TMDB is the ``tmdb`` router."""
    async with build_http_client(settings, httpx.MockTransport(tmdb.async_handler)) as http:
        yield TMDBClient(http)
    tmdb.assert_all_called()


async def get_movie(settings: Settings, router: respx.Router) -> models.Movie:
    async with build_http_client(settings, httpx.MockTransport(router.async_handler)) as http:
        return await TMDBClient(http).get("/movie/550", {}, MOVIE)


Answer = httpx.Response | type[httpx.TransportError]


def answer_with(route: respx.Route, answer: Answer) -> respx.Route:
    """TMDB's answer to ``route``: a response, or a transport failure raised instead of one."""
    if isinstance(answer, httpx.Response):
        return route.mock(return_value=answer)
    return route.mock(side_effect=answer)


def full_text(exc: BaseException) -> str:
    """Everything a log line with ``exc_info`` would show: messages and the whole cause chain."""
    return "".join(traceback.format_exception(exc))


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "fixture", "headers", "error", "tmdb_code"),
    [
        pytest.param(
            401,
            "error_401_invalid_api_key__jdrouet.json",
            {},
            AuthenticationError,
            7,
            id="unauthorized",
        ),
        pytest.param(
            404, "error_404_not_found__jdrouet.json", {}, NotFoundError, 34, id="not-found"
        ),
        pytest.param(
            422,
            "error_422_validation__search-movie-empty-query.json",
            {},
            UpstreamStatusError,
            None,
            id="unprocessable",
        ),
        pytest.param(
            429,
            "error_429_rate_limit__radarr-issue-2017.json",
            {"Retry-After": "10"},
            RateLimitError,
            25,
            id="rate-limited",
        ),
        # No real TMDB 5xx body is recorded, so these send none rather than an invented one.
        pytest.param(500, None, {}, UpstreamStatusError, None, id="server-error"),
        pytest.param(503, None, {}, UpstreamStatusError, None, id="unavailable"),
    ],
)
async def test_status_maps_to_error(
    api: TMDBClient,
    tmdb: respx.Router,
    status: int,
    fixture: str | None,
    headers: dict[str, str],
    error: type[UpstreamStatusError],
    tmdb_code: int | None,
) -> None:
    content = body(fixture) if fixture else b""
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(status, content=content, headers=headers)
    )

    with pytest.raises(UpstreamStatusError) as caught:
        await api.get("/movie/550", {}, MOVIE)

    exc = caught.value
    assert type(exc) is error
    assert exc.status_code == status
    assert exc.tmdb_code == tmdb_code
    assert f"TMDB answered {status} for /movie/550" in str(exc)
    if fixture and (message := fixture_json(fixture).get("status_message")):
        assert message in str(exc)
    if isinstance(exc, RateLimitError):
        assert exc.retry_after == 10.0


async def test_rate_limit_without_retry_after(api: TMDBClient, tmdb: respx.Router) -> None:
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(
            429, content=body("error_429_rate_limit__radarr-issue-2017.json")
        )
    )

    with pytest.raises(RateLimitError) as caught:
        await api.get("/movie/550", {}, MOVIE)

    assert caught.value.retry_after is None
    assert caught.value.status_code == 429


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        pytest.param(httpx.ConnectError, UpstreamConnectionError, id="connect"),
        pytest.param(httpx.ReadTimeout, UpstreamTimeoutError, id="read-timeout"),
    ],
)
async def test_transport_failure_maps_to_error(
    api: TMDBClient,
    tmdb: respx.Router,
    failure: type[httpx.TransportError],
    error: type[UpstreamConnectionError],
) -> None:
    tmdb.get("/movie/550").mock(side_effect=failure)

    with pytest.raises(UpstreamConnectionError) as caught:
        await api.get("/movie/550", {}, MOVIE)

    assert type(caught.value) is error
    assert type(caught.value.__cause__) is failure
    assert "/movie/550" in str(caught.value)


async def test_connect_error_is_not_a_timeout(api: TMDBClient, tmdb: respx.Router) -> None:
    tmdb.get("/movie/550").mock(side_effect=httpx.ConnectError)

    with pytest.raises(UpstreamError) as caught:
        await api.get("/movie/550", {}, MOVIE)

    assert not isinstance(caught.value, UpstreamTimeoutError)


async def test_truncated_body_is_decode_error(api: TMDBClient, tmdb: respx.Router) -> None:
    real = body("person_details_append__287.json")
    tmdb.get("/person/287").mock(return_value=httpx.Response(200, content=real[: len(real) // 2]))

    with pytest.raises(UpstreamDecodeError) as caught:
        await api.get("/person/287", {}, DECODERS["person"].decode)

    assert "/person/287" in str(caught.value)
    assert "truncated" in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "fixture", "path", "expected"),
    [
        # A person whose id is their IMDb id (a string that is not a number, even in lax mode).
        pytest.param("person", "person_details_append__287.json", "/person/287", "$.id", id="top"),
        # A cast member whose id is their credit id: the error names the nested path.
        pytest.param(
            "movie",
            "movie_details_append__76.json",
            "/movie/76",
            "$.credits.cast[0].id",
            id="nested",
        ),
    ],
)
async def test_wrong_shape_is_decode_error_with_path(
    api: TMDBClient, tmdb: respx.Router, kind: str, fixture: str, path: str, expected: str
) -> None:
    data = fixture_json(fixture)
    if kind == "person":
        data["id"] = data["imdb_id"]
    else:
        cast = data["credits"]["cast"][0]
        cast["id"] = cast["credit_id"]
    tmdb.get(path).mock(return_value=httpx.Response(200, json=data))

    with pytest.raises(UpstreamDecodeError) as caught:
        await api.get(path, {}, DECODERS[kind].decode)

    assert f"`{expected}`" in str(caught.value)
    assert "Expected `int`, got `str`" in str(caught.value)


# --- auth --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "authorization", "api_key"),
    [
        pytest.param(Settings(read_access_token=TOKEN), f"Bearer {TOKEN}", None, id="token"),
        pytest.param(Settings(api_key=API_KEY), None, API_KEY, id="api-key"),
        pytest.param(
            Settings(read_access_token=TOKEN, api_key=API_KEY),
            f"Bearer {TOKEN}",
            None,
            id="both-prefers-token",
        ),
    ],
)
async def test_credentials_are_sent_as_configured(
    tmdb: respx.Router, configured: Settings, authorization: str | None, api_key: str | None
) -> None:
    route = tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    movie = await get_movie(configured, tmdb)

    assert movie.id == 550
    request = route.calls.last.request
    assert request.headers.get("Authorization") == authorization
    assert request.url.params.get("api_key") == api_key
    assert request.url.params.get_list("api_key") == ([api_key] if api_key else [])
    if api_key is None:
        assert API_KEY not in str(request.url)


# --- the v3 key never leaks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(
            httpx.Response(401, content=body("error_401_invalid_api_key__jdrouet.json")),
            id="unauthorized",
        ),
        pytest.param(
            httpx.Response(404, content=body("error_404_not_found__jdrouet.json")), id="not-found"
        ),
        pytest.param(httpx.ConnectError, id="connect"),
        pytest.param(httpx.ReadTimeout, id="read-timeout"),
    ],
)
async def test_api_key_not_in_error(tmdb: respx.Router, answer: Answer) -> None:
    route = answer_with(tmdb.get("/movie/550"), answer)

    with pytest.raises(UpstreamError) as caught:
        await get_movie(Settings(api_key=API_KEY), tmdb)

    # The key was in play: it rode in the request's query string.
    assert route.calls.last.request.url.params["api_key"] == API_KEY
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)
    assert API_KEY not in full_text(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(
            httpx.Response(401, content=body("error_401_invalid_api_key__jdrouet.json")),
            id="unauthorized",
        ),
        pytest.param(httpx.ConnectError, id="connect"),
    ],
)
async def test_api_key_not_in_response_or_logs(
    tmdb: respx.Router, caplog: pytest.LogCaptureFixture, answer: Answer
) -> None:
    caplog.set_level(logging.DEBUG)
    route = answer_with(tmdb.get("/movie/550"), answer)
    settings = Settings(api_key=API_KEY, base_url=TMDB, rate_limit=0)
    app = create_app(settings, transport=httpx.MockTransport(tmdb.async_handler))
    # create_app quiets httpx, which logs every request URL; make every logger as loud as it gets.
    for name in ["httpx", *logging.root.manager.loggerDict]:
        caplog.set_level(logging.DEBUG, logger=name)

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            response = await http.post("/graphql", json={"query": "{ movie(id: 550) { title } }"})

    assert route.calls.last.request.url.params["api_key"] == API_KEY
    assert response.status_code == 200
    result = response.json()
    assert result["data"] == {"movie": None}
    assert len(result["errors"]) == 1
    assert API_KEY not in response.text
    assert caplog.records, "nothing was logged, so nothing was checked"
    leaked = [r.name for r in caplog.records if API_KEY in r.getMessage()]
    assert leaked == []
    assert API_KEY not in caplog.text
    if isinstance(answer, httpx.Response):
        # TMDB answered, so httpx logged the request URL: with the key redacted.
        assert any(r.name == "httpx" and REDACTED in r.getMessage() for r in caplog.records)


def test_redact_secrets_rewrites_a_record_with_a_secret() -> None:
    url = f"{TMDB}/movie/550?api_key={API_KEY}"
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "GET %s %d", (url, 401), None)

    assert RedactSecrets([API_KEY, "", TOKEN]).filter(record) is True

    assert record.getMessage() == f"GET {TMDB}/movie/550?api_key={REDACTED} 401"
    assert record.args is None


def test_redact_secrets_leaves_other_records_alone() -> None:
    record = logging.LogRecord(
        "gateway", logging.INFO, __file__, 1, "GET %s", ("/movie/550",), None
    )

    assert RedactSecrets([API_KEY]).filter(record) is True

    assert record.msg == "GET %s"
    assert record.args == ("/movie/550",)


# --- entity() ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "language", "params"),
    [
        pytest.param((), None, [], id="details"),
        pytest.param(
            ("credits", "images", "videos"),
            None,
            [("append_to_response", "credits,images,videos")],
            id="parts",
        ),
        pytest.param(
            ["credits"],
            "de",
            [("append_to_response", "credits"), ("language", "de")],
            id="language",
        ),
        pytest.param((), "pt-BR", [("language", "pt-BR")], id="language-only"),
    ],
)
async def test_entity_request(
    api: TMDBClient,
    tmdb: respx.Router,
    parts: tuple[str, ...],
    language: str | None,
    params: list[tuple[str, str]],
) -> None:
    route = tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    movie = await api.entity("movie", 550, language, parts)

    assert isinstance(movie, models.Movie)
    assert movie.id == 550
    assert movie.title == "Fight Club"
    request = route.calls.last.request
    assert request.url.path == "/3/movie/550"
    assert sorted(request.url.params.multi_items()) == params


async def test_entity_decodes_appended_parts(api: TMDBClient, tmdb: respx.Router) -> None:
    tmdb.get("/person/287", params={"append_to_response": "images"}).mock(
        return_value=ok("person_details_append__287.json")
    )

    person = await api.entity("person", 287, None, ["images"])

    assert isinstance(person, models.Person)
    assert person.images is not None
    profiles = fixture_json("person_details_append__287.json")["images"]["profiles"]
    assert [p.file_path for p in person.images.profiles] == [p["file_path"] for p in profiles]


def test_redaction_covers_tracebacks() -> None:
    secret = "s3cr3t-v3-key"
    try:
        raise RuntimeError(f"GET /movie/550?api_key={secret}")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    RedactSecrets([secret]).filter(record)
    rendered = logging.Formatter().format(record)
    assert secret not in rendered
    assert "api_key=[redacted]" in rendered
