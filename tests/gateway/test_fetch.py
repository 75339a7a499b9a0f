"""The gateway's door to TMDB (``gateway.fetch``): the library's client built from the
settings, in both auth modes, through the app's transports: the error tree, decoding and
append_to_response, as every layer above it fetches."""

from __future__ import annotations

import dataclasses
import logging
import socket
import sys
import traceback
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from gateway.app import default_transport
from gateway.config import Settings
from gateway.fetch import TMDBFetch
from gateway.logs import REDACTED, RedactSecrets
from tests.helpers import (
    API_KEY,
    TMDB,
    TOKEN,
    all_loggers_at_debug,
    authenticated_params,
    body,
    fixture_json,
    gateway_client,
    ok,
    tmdb_client,
)
from tmdbfusion import models
from tmdbfusion.errors import (
    AuthenticationError,
    NotFoundError,
    RateLimitError,
    UpstreamConnectionError,
    UpstreamDecodeError,
    UpstreamError,
    UpstreamServerError,
    UpstreamStatusError,
    UpstreamTimeoutError,
)
from tmdbfusion.resource import query_params
from tmdbfusion.resources import TABLE

MOVIE = TABLE["movies.details"]
PERSON = TABLE["people.details"]


@pytest.fixture
async def api(tmdb: respx.Router, settings: Settings) -> AsyncIterator[TMDBFetch]:
    """The gateway's fetch in each auth mode, whose TMDB is the ``tmdb`` router."""
    async with tmdb_client(settings, tmdb) as client:
        yield TMDBFetch(client)
    tmdb.assert_all_called()
    for call in tmdb.calls:
        authenticated_params(call.request, settings)


async def get_movie(settings: Settings, router: respx.Router) -> models.Movie:
    async with tmdb_client(settings, router) as client:
        return await TMDBFetch(client)(MOVIE, (550,), None)


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
        pytest.param(500, None, {}, UpstreamServerError, None, id="server-error"),
        pytest.param(502, None, {}, UpstreamServerError, None, id="bad-gateway"),
        pytest.param(503, None, {}, UpstreamServerError, None, id="unavailable"),
        pytest.param(504, None, {}, UpstreamServerError, None, id="gateway-timeout"),
    ],
)
async def test_status_maps_to_error(
    api: TMDBFetch,
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
        await api(MOVIE, (550,), None)

    exc = caught.value
    assert type(exc) is error
    assert exc.status_code == status
    assert exc.tmdb_code == tmdb_code
    assert f"TMDB answered {status} for /movie/550" in str(exc)
    if fixture and (message := fixture_json(fixture).get("status_message")):
        assert message in str(exc)
    if isinstance(exc, RateLimitError):
        assert exc.retry_after == 10.0


async def test_rate_limit_without_retry_after(api: TMDBFetch, tmdb: respx.Router) -> None:
    tmdb.get("/movie/550").mock(
        return_value=httpx.Response(
            429, content=body("error_429_rate_limit__radarr-issue-2017.json")
        )
    )

    with pytest.raises(RateLimitError) as caught:
        await api(MOVIE, (550,), None)

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
    api: TMDBFetch,
    tmdb: respx.Router,
    failure: type[httpx.TransportError],
    error: type[UpstreamConnectionError],
) -> None:
    tmdb.get("/movie/550").mock(side_effect=failure)

    with pytest.raises(UpstreamConnectionError) as caught:
        await api(MOVIE, (550,), None)

    assert type(caught.value) is error
    assert type(caught.value.__cause__) is failure
    assert "/movie/550" in str(caught.value)


async def test_connect_error_is_not_a_timeout(api: TMDBFetch, tmdb: respx.Router) -> None:
    tmdb.get("/movie/550").mock(side_effect=httpx.ConnectError)

    with pytest.raises(UpstreamError) as caught:
        await api(MOVIE, (550,), None)

    assert not isinstance(caught.value, UpstreamTimeoutError)


async def test_real_transport_tells_a_refused_connection_from_a_timeout(
    settings: Settings, closed_port: int
) -> None:
    # Through the aiohttp transport the app sends TMDB requests with (gateway.app), which
    # raises httpx.ConnectTimeout for a refused connection.
    refused = dataclasses.replace(settings, base_url=f"http://127.0.0.1:{closed_port}/3")
    async with tmdb_client(refused, default_transport(refused)) as client:
        with pytest.raises(UpstreamError) as caught:
            await TMDBFetch(client)(MOVIE, (550,), "de", ("credits",))

    assert type(caught.value) is UpstreamConnectionError
    assert str(caught.value) == "TMDB could not be reached for /movie/550 (ConnectionRefusedError)"
    for secret in (TOKEN, API_KEY):
        assert secret not in full_text(caught.value)

    # A server that takes the connection and never answers is still a timeout.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        base_url = f"http://127.0.0.1:{silent.getsockname()[1]}/3"
        slow = dataclasses.replace(settings, base_url=base_url, read_timeout=0.2)
        async with tmdb_client(slow, default_transport(slow)) as client:
            with pytest.raises(UpstreamError) as caught:
                await TMDBFetch(client)(MOVIE, (550,), None)

    assert type(caught.value) is UpstreamTimeoutError
    assert str(caught.value) == "TMDB did not answer /movie/550 in time"


async def test_truncated_body_is_decode_error(api: TMDBFetch, tmdb: respx.Router) -> None:
    real = body("person_details_append__287.json")
    tmdb.get("/person/287").mock(return_value=httpx.Response(200, content=real[: len(real) // 2]))

    with pytest.raises(UpstreamDecodeError) as caught:
        await api(PERSON, (287,), None)

    assert "/person/287" in str(caught.value)
    assert "truncated" in str(caught.value)


@pytest.mark.parametrize(
    ("row", "id", "fixture", "path", "expected"),
    [
        # A person whose id is their IMDb id (a string that is not a number, even in lax mode).
        pytest.param(
            "people.details",
            287,
            "person_details_append__287.json",
            "/person/287",
            "$.id",
            id="top",
        ),
        # A cast member whose id is their credit id: the error names the nested path.
        pytest.param(
            "movies.details",
            76,
            "movie_details_append__76.json",
            "/movie/76",
            "$.credits.cast[0].id",
            id="nested",
        ),
    ],
)
async def test_wrong_shape_is_decode_error_with_path(
    api: TMDBFetch,
    tmdb: respx.Router,
    row: str,
    id: int,
    fixture: str,
    path: str,
    expected: str,
) -> None:
    data = fixture_json(fixture)
    if row == "people.details":
        data["id"] = data["imdb_id"]
    else:
        cast = data["credits"]["cast"][0]
        cast["id"] = cast["credit_id"]
    tmdb.get(path).mock(return_value=httpx.Response(200, json=data))

    with pytest.raises(UpstreamDecodeError) as caught:
        await api(TABLE[row], (id,), None)

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
async def test_credentials_are_sent_as_configured_beside_every_parameter(
    tmdb: respx.Router, configured: Settings, authorization: str | None, api_key: str | None
) -> None:
    data = fixture_json("movie_details__550.json")
    data["credits"] = fixture_json("movie_credits__550.json")
    route = tmdb.get("/movie/550").mock(return_value=httpx.Response(200, json=data))

    async with tmdb_client(configured, tmdb) as client:
        movie = await TMDBFetch(client)(MOVIE, (550,), "de", ("credits",))

    assert isinstance(movie, models.Movie)
    assert movie.credits is not None
    assert len(movie.credits.cast) == len(data["credits"]["cast"])
    request = route.calls.last.request
    assert request.headers.get_list("Authorization") == ([authorization] if authorization else [])
    assert request.url.params.get_list("api_key") == ([api_key] if api_key else [])
    # The credential rides beside the parameters, never instead of them (issue 6, item 1).
    assert sorted(request.url.params.multi_items()) == sorted(
        [("append_to_response", "credits"), ("language", "de")]
        + ([("api_key", api_key)] if api_key else [])
    )
    if api_key is None:
        assert API_KEY not in str(request.url)


# --- no credential leaks -----------------------------------------------------------------------


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
        pytest.param(httpx.Response(503), id="unavailable"),
        pytest.param(httpx.ConnectError, id="connect"),
        pytest.param(httpx.ReadTimeout, id="read-timeout"),
    ],
)
async def test_credential_not_in_error(
    tmdb: respx.Router, settings: Settings, answer: Answer
) -> None:
    route = answer_with(tmdb.get("/movie/550"), answer)

    with pytest.raises(UpstreamError) as caught:
        await get_movie(settings, tmdb)

    # The credential was in play: in the header, or in the request's query string.
    authenticated_params(route.calls.last.request, settings)
    [secret] = settings.secrets
    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)
    assert secret not in full_text(caught.value)
    assert TMDB not in str(caught.value)


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
async def test_credential_not_in_response_or_logs(
    tmdb: respx.Router, settings: Settings, caplog: pytest.LogCaptureFixture, answer: Answer
) -> None:
    caplog.set_level(logging.DEBUG)
    route = answer_with(tmdb.get("/movie/550"), answer)
    async with gateway_client(settings, httpx.MockTransport(tmdb.async_handler)) as http:
        # create_app quiets httpx, which logs every request URL; make every logger as loud as
        # it gets.
        all_loggers_at_debug(caplog)
        response = await http.post("/graphql", json={"query": "{ movie(id: 550) { title } }"})

    authenticated_params(route.calls.last.request, settings)
    [secret] = settings.secrets
    assert response.status_code == 200
    result = response.json()
    assert result["data"] == {"movie": None}
    assert len(result["errors"]) == 1
    assert secret not in response.text
    assert caplog.records, "nothing was logged, so nothing was checked"
    leaked = [r.name for r in caplog.records if secret in r.getMessage()]
    assert leaked == []
    assert secret not in caplog.text
    # The library sends straight to the transport: no httpx client logs its request line, so the
    # URL (which carries the key in key mode) is in no log record at all.
    assert not any(TMDB in r.getMessage() for r in caplog.records)


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


# --- one entity with its parts --------------------------------------------------------------


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
    api: TMDBFetch,
    tmdb: respx.Router,
    settings: Settings,
    parts: tuple[str, ...],
    language: str | None,
    params: list[tuple[str, str]],
) -> None:
    # TMDB's answer carries what was appended: the recorded append body of movie 76 has them all.
    route = tmdb.get("/movie/76").mock(return_value=ok("movie_details_append__76.json"))

    movie = await api(MOVIE, (76,), language, tuple(parts))

    assert isinstance(movie, models.Movie)
    assert movie.id == 76
    assert movie.title == "Before Sunrise"
    request = route.calls.last.request
    assert request.url.path == "/3/movie/76"
    assert sorted(authenticated_params(request, settings)) == params


async def test_entity_decodes_appended_parts(api: TMDBFetch, tmdb: respx.Router) -> None:
    tmdb.get("/person/287", params={"append_to_response": "images"}).mock(
        return_value=ok("person_details_append__287.json")
    )

    person = await api(PERSON, (287,), None, ("images",))

    assert isinstance(person, models.Person)
    assert person.images is not None
    profiles = fixture_json("person_details_append__287.json")["images"]["profiles"]
    assert [p.file_path for p in person.images.profiles] == [p["file_path"] for p in profiles]


@pytest.mark.parametrize(
    ("deleted", "nulled", "missing"),
    [
        pytest.param(["credits"], [], "'credits'", id="omitted"),
        pytest.param(["credits", "videos"], [], "'credits', 'videos'", id="two-omitted"),
        pytest.param([], ["videos"], "'videos'", id="null"),
    ],
)
async def test_entity_without_an_appended_part_is_decode_error(
    api: TMDBFetch, tmdb: respx.Router, deleted: list[str], nulled: list[str], missing: str
) -> None:
    # A real append body, with parts TMDB was asked for taken out or sent as null.
    data = fixture_json("movie_details_append__76.json")
    for part in deleted:
        del data[part]
    data.update(dict.fromkeys(nulled))
    tmdb.get("/movie/76").mock(return_value=httpx.Response(200, json=data))

    with pytest.raises(UpstreamDecodeError) as caught:
        await api(MOVIE, (76,), None, ("credits", "images", "videos"))

    assert str(caught.value) == (
        f"TMDB's /movie/76 body lacks the appended part(s) it was asked for: {missing}"
    )


async def test_entity_refuses_a_part_its_row_lacks(api: TMDBFetch, tmdb: respx.Router) -> None:
    # Asked anyway, TMDB's answer could never be checked, so nothing is sent.
    with pytest.raises(ValueError, match="TMDB does not append 'combined_credits' here"):
        await api(MOVIE, (76,), None, ("credits", "combined_credits"))
    assert tmdb.calls.call_count == 0


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


async def test_query_parameters_are_sent_in_tmdbs_names(api: TMDBFetch, tmdb: respx.Router) -> None:
    route = tmdb.get("/discover/movie").mock(return_value=ok("movie_popular__p1.json"))
    params = query_params(page=3, vote_average_gte=7.5, with_genres="18|35", include_adult=False)

    page = await api(TABLE["discover.movie"], (), "fr-FR", (), None, params)

    assert isinstance(page, models.Page)
    assert page.results[0].id == fixture_json("movie_popular__p1.json")["results"][0]["id"]
    # The fixture checks the credential; these are the other parameters, each once.
    sent = route.calls.last.request.url.params.multi_items()
    assert sorted((name, value) for name, value in sent if name != "api_key") == [
        ("include_adult", "false"),
        ("language", "fr-FR"),
        ("page", "3"),
        ("vote_average.gte", "7.5"),
        ("with_genres", "18|35"),
    ]
