"""Request ids in responses and log lines; JSON log lines, redacted like the plain ones."""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path

import httpx
import pytest
import respx

from gateway.config import ConfigError, Settings
from gateway.logs import JSONFormatter, RedactSecrets, WithRequestId
from gateway.requestid import REQUEST_ID
from tests.helpers import API_KEY, graphql, serve

GENERATED = re.compile(r"[0-9a-f]{12}-[0-9a-f]+")


def json_lines(secrets: list[str]) -> tuple[logging.Logger, io.StringIO]:
    """A logger writing JSON lines to a buffer through the filters the app installs."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(WithRequestId())
    handler.addFilter(RedactSecrets(secrets))
    logger = logging.Logger("test.json")
    logger.addHandler(handler)
    return logger, out


def test_a_json_line_has_its_fields_and_its_trace_redacted() -> None:
    logger, out = json_lines([API_KEY])
    token = REQUEST_ID.set("req-1")
    try:
        try:
            raise ValueError(f"GET /movie/550?api_key={API_KEY} failed\non two lines")
        except ValueError:
            logger.exception("upstream %s failed", f"/movie/550?api_key={API_KEY}")
    finally:
        REQUEST_ID.reset(token)
    logger.warning("outside any request")

    first, second = out.getvalue().splitlines()  # a traceback's newlines stay escaped
    line = json.loads(first)
    assert set(line) == {"time", "level", "logger", "message", "request_id", "exc_info"}
    assert line["level"] == "ERROR"
    assert line["logger"] == "test.json"
    assert line["message"] == "upstream /movie/550?api_key=[redacted] failed"
    assert line["request_id"] == "req-1"
    assert line["exc_info"].startswith("Traceback (most recent call last):")
    assert "ValueError: GET /movie/550?api_key=[redacted] failed\non two lines" in line["exc_info"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert API_KEY not in out.getvalue()
    assert json.loads(second) == {**json.loads(second), "request_id": None, "level": "WARNING"}


def test_a_request_id_holding_a_secret_is_redacted() -> None:
    logger, out = json_lines([API_KEY])
    token = REQUEST_ID.set(f"x{API_KEY}")
    try:
        logger.warning("hello")
    finally:
        REQUEST_ID.reset(token)

    assert json.loads(out.getvalue())["request_id"] == "x[redacted]"


async def test_each_log_line_of_a_request_carries_its_id(
    client: httpx.AsyncClient, tmdb: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    tmdb.get("/movie/550").mock(return_value=httpx.Response(503))
    caplog.set_level(logging.WARNING)

    response = await client.post(
        "/graphql",
        json={"query": "{ movie(id: 550) { title } }"},
        headers={"X-Request-Id": "checkout-42.a_b"},
    )

    assert response.headers["x-request-id"] == "checkout-42.a_b"
    assert response.json()["errors"][0]["extensions"] == {"code": "UPSTREAM_UNAVAILABLE"}
    [record] = [r for r in caplog.records if r.name == "schema"]
    assert record.getMessage() == "upstream: TMDB answered 503 for /movie/550"
    assert record.__dict__["request_id"] == "checkout-42.a_b"


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param(b"a" * 129, id="too-long"),
        pytest.param(b"two words", id="space"),
        pytest.param("ünïcode".encode(), id="non-ascii"),
        pytest.param(b"", id="empty"),
    ],
)
async def test_an_unusable_request_id_is_replaced(
    client: httpx.AsyncClient, tmdb: respx.Router, sent: bytes
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={b"X-Request-Id": sent}
    )

    assert response.status_code == 200
    assert GENERATED.fullmatch(response.headers["x-request-id"])


async def test_ids_are_made_unique_and_sent_on_every_answer(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    longest = "A" * 128
    ok = await graphql(client, "{ __typename }")
    answers = [
        await client.post("/graphql", json={"query": "{ __typename }"}),
        await client.post("/graphql", json={"query": "{ __typename }"}),
        await client.post("/graphql", content=b"{", headers={"Content-Type": "application/json"}),
        await client.put("/graphql"),
        await client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"X-Request-Id": longest}
        ),
    ]

    assert ok == {"data": {"__typename": "Query"}}
    assert [a.status_code for a in answers] == [200, 200, 400, 405, 200]
    ids = [a.headers["x-request-id"] for a in answers]
    assert all(GENERATED.fullmatch(i) for i in ids[:4])
    assert len(set(ids[:4])) == 4
    assert ids[4] == longest


def test_a_json_logging_server_tags_its_lines(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    # The demo dataset has no credits for movie 8681: TMDB's answer lacks a part, logged as a
    # warning while the request is served.
    query = "{ movie(id: 8681) { title credits { cast { name } } } }"

    with serve(log, TMDBFUSION_LOG_FORMAT="json") as url:
        response = httpx.post(
            f"{url}/graphql", json={"query": query}, headers={"X-Request-Id": "e2e-1"}, timeout=10
        )

    assert response.headers["x-request-id"] == "e2e-1"
    assert response.json()["errors"][0]["extensions"]["code"] == "UPSTREAM_BAD_RESPONSE"
    lines = [json.loads(line) for line in log.read_text().splitlines()]  # every line is JSON
    tagged = [line for line in lines if line["request_id"] == "e2e-1"]
    assert [(t["logger"], t["level"]) for t in tagged] == [
        ("schema", "WARNING"),
        ("uvicorn.access", "INFO"),
    ]
    assert "lacks the appended part(s) it was asked for: 'credits'" in tagged[0]["message"]
    assert '"POST /graphql HTTP/1.1" 200' in tagged[1]["message"]
    assert any("serving the embedded demo dataset" in line["message"] for line in lines)


def test_settings_read_the_log_format() -> None:
    assert Settings.from_env({}).log_format == "text"
    assert Settings.from_env({"TMDBFUSION_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"TMDBFUSION_LOG_FORMAT": "xml"})
    assert str(caught.value) == "TMDBFUSION_LOG_FORMAT is 'xml'; use one of text, json"
