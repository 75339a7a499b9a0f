"""Persisted queries over HTTP: Apollo's APQ round trip, over POST and GET, and the safelist."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

import httpx
import pytest
import redis
import respx

from gateway import csrf
from gateway.config import Settings
from gateway.persisted import MemoryStore, load_manifest
from gateway.persisted_redis import PREFIX
from tests.helpers import PREFLIGHT, gateway_client, ok, upstream_calls

QUERY: Final = "{ movie(id: 550) { title } }"
HASH: Final = hashlib.sha256(QUERY.encode()).hexdigest()
FIGHT_CLUB: Final = {"data": {"movie": {"title": "Fight Club"}}}
NOT_FOUND: Final = {
    "data": None,
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ],
}


def persisted(digest: str = HASH, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


def as_params(query: str | None, extensions: dict[str, Any]) -> dict[str, str]:
    params = {"extensions": json.dumps(extensions)}
    if query is not None:
        params["query"] = query
    return params


async def test_apq_round_trip_over_post(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    unknown = await client.post("/graphql", json={"extensions": persisted()})
    registered = await client.post("/graphql", json={"query": QUERY, "extensions": persisted()})
    by_hash = await client.post("/graphql", json={"extensions": persisted()})

    # Apollo's answer, status and all, which Apollo Client's persisted-query link retries on.
    assert unknown.status_code == 200
    assert unknown.json() == NOT_FOUND
    assert unknown.headers["cache-control"] == "private, no-cache, must-revalidate"
    assert registered.status_code == 200
    assert registered.json() == FIGHT_CLUB
    assert by_hash.status_code == 200
    assert by_hash.json() == FIGHT_CLUB
    # One TMDB request: the hash-only request ran the stored document from the process cache.
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_apq_round_trip_over_get_needs_no_preflight_by_hash(
    client: httpx.AsyncClient, tmdb: respx.Router, settings: Settings
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))

    unknown = await client.get("/graphql", params=as_params(None, persisted()))
    # Registering brings a document, so it needs what any GET bringing one needs.
    cross_site = await client.get("/graphql", params=as_params(QUERY, persisted()))
    still_unknown = await client.get("/graphql", params=as_params(None, persisted()))
    registered = await client.get(
        "/graphql", params=as_params(QUERY, persisted()), headers=PREFLIGHT
    )
    by_hash = await client.get("/graphql", params=as_params(None, persisted()))

    assert (unknown.status_code, unknown.json()) == (200, NOT_FOUND)
    assert unknown.headers["cache-control"] == "private, no-cache, must-revalidate"
    assert unknown.headers["vary"] == "accept"  # a strict client gets a 404 instead
    assert cross_site.status_code == 400
    assert cross_site.json()["errors"][0]["message"] == csrf.MESSAGE
    assert (still_unknown.status_code, still_unknown.json()) == (200, NOT_FOUND)
    assert (registered.status_code, registered.json()) == (200, FIGHT_CLUB)
    assert (by_hash.status_code, by_hash.json()) == (200, FIGHT_CLUB)
    assert by_hash.headers["cache-control"].startswith("public, max-age=")
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


async def test_a_strict_client_gets_404_for_an_unknown_hash(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    response = await client.post(
        "/graphql",
        json={"extensions": persisted()},
        headers={"Accept": "application/graphql-response+json"},
    )

    assert response.status_code == 404
    assert response.json() == {"errors": NOT_FOUND["errors"]}
    assert tmdb.calls.call_count == 0


@pytest.mark.parametrize(
    ("request_body", "message", "code"),
    [
        pytest.param(
            {"query": QUERY, "extensions": persisted("0" * 64)},
            "provided sha does not match query",
            "PERSISTED_QUERY_HASH_MISMATCH",
            id="mismatch",
        ),
        pytest.param(
            {"query": QUERY, "extensions": persisted(HASH.upper())},
            "provided sha does not match query",
            "PERSISTED_QUERY_HASH_MISMATCH",
            id="upper-case-hash",
        ),
        pytest.param(
            {"extensions": persisted(version=2)},
            "Unsupported persisted query version",
            "BAD_REQUEST",
            id="version-2",
        ),
        pytest.param(
            {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": 42}}},
            "persistedQuery.sha256Hash must be a string",
            "BAD_REQUEST",
            id="hash-not-a-string",
        ),
    ],
)
async def test_a_bad_persisted_query_is_a_400_and_registers_nothing(
    client: httpx.AsyncClient,
    tmdb: respx.Router,
    request_body: dict[str, Any],
    message: str,
    code: str,
) -> None:
    response = await client.post("/graphql", json=request_body)
    afterwards = await client.post("/graphql", json={"extensions": persisted()})

    assert response.status_code == 400
    assert response.json()["errors"] == [{"message": message, "extensions": {"code": code}}]
    assert afterwards.json() == NOT_FOUND
    assert tmdb.calls.call_count == 0


async def test_a_document_that_fails_validation_is_not_registered(
    client: httpx.AsyncClient, tmdb: respx.Router
) -> None:
    invalid = "{ movie(id: 550) { titel } }"
    digest = hashlib.sha256(invalid.encode()).hexdigest()

    response = await client.post(
        "/graphql", json={"query": invalid, "extensions": persisted(digest)}
    )
    afterwards = await client.post("/graphql", json={"extensions": persisted(digest)})

    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert afterwards.json() == NOT_FOUND
    assert tmdb.calls.call_count == 0


async def test_the_memory_store_is_bounded_by_entries_and_bytes() -> None:
    by_count = MemoryStore(max_entries=2, max_bytes=1_000)
    for key in "abc":
        await by_count.set(key, key * 10)
    await by_count.get("b")  # "a" was dropped for "c"; now "c" is the least recently used
    await by_count.set("d", "d" * 10)

    assert len(by_count) == 2
    assert [await by_count.get(k) for k in "abcd"] == [None, "b" * 10, None, "d" * 10]

    by_bytes = MemoryStore(max_entries=100, max_bytes=25)
    for key in "abc":
        await by_bytes.set(key, key * 10)

    assert [await by_bytes.get(k) for k in "abc"] == [None, "b" * 10, "c" * 10]


# The safelist: an Apollo persisted-query manifest, as generate-persisted-query-manifest writes.
LISTED: Final = "query Title { movie(id: 550) { title } }"
OTHER_LISTED: Final = "query Person($id: Int!) { person(id: $id) { name } }"


def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "persisted-query-manifest.json"
    operations = [
        {
            "id": hashlib.sha256(body.encode()).hexdigest(),
            "name": name,
            "type": "query",
            "body": body,
        }
        for name, body in (("Title", LISTED), ("Person", OTHER_LISTED))
    ]
    path.write_text(
        json.dumps(
            {"format": "apollo-persisted-query-manifest", "version": 1, "operations": operations}
        )
    )
    return path


@asynccontextmanager
async def safelisted(
    tmdb: respx.Router, settings: Settings, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    configured = dataclasses.replace(
        settings, persisted_only=True, persisted_manifest=str(manifest(tmp_path))
    )
    async with gateway_client(configured, httpx.MockTransport(tmdb.async_handler)) as http:
        yield http


async def test_the_safelist_runs_listed_documents_only(
    tmdb: respx.Router, settings: Settings, tmp_path: Path
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    listed = hashlib.sha256(LISTED.encode()).hexdigest()

    async with safelisted(tmdb, settings, tmp_path) as http:
        by_id = await http.get("/graphql", params=as_params(None, persisted(listed)))
        by_text = await http.post("/graphql", json={"query": LISTED})
        unlisted_id = await http.post("/graphql", json={"extensions": persisted()})
        unlisted_text = await http.post("/graphql", json={"query": QUERY})
        registering = await http.post("/graphql", json={"query": QUERY, "extensions": persisted()})
        after = await http.post("/graphql", json={"extensions": persisted()})

    assert (by_id.status_code, by_id.json()) == (200, FIGHT_CLUB)
    assert (by_text.status_code, by_text.json()) == (200, FIGHT_CLUB)
    for refused in (unlisted_id, registering, after):
        assert refused.status_code == 400
        assert refused.json()["errors"] == [
            {
                "message": f"Persisted query '{HASH}' not found in the persisted query list",
                "extensions": {"code": "PERSISTED_QUERY_NOT_IN_LIST"},
            }
        ]
    assert unlisted_text.status_code == 400
    [error] = unlisted_text.json()["errors"]
    assert error["extensions"] == {"code": "PERSISTED_QUERY_NOT_IN_LIST"}
    assert "not one of them" in error["message"]
    assert upstream_calls(tmdb, settings) == [("/3/movie/550", set())]


def test_safelist_settings_and_a_malformed_manifest(tmp_path: Path) -> None:
    path = manifest(tmp_path)
    settings = Settings.from_env(
        {"TMDBFUSION_PERSISTED_ONLY": "1", "TMDBFUSION_PERSISTED_MANIFEST": str(path)}
    )
    assert settings.persisted_only
    assert settings.persisted_manifest == str(path)
    assert set(load_manifest(path).values()) == {LISTED, OTHER_LISTED}

    with pytest.raises(ValueError, match="TMDBFUSION_PERSISTED_MANIFEST"):
        Settings.from_env({"TMDBFUSION_PERSISTED_ONLY": "1"})
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "something-else", "version": 1, "operations": []}))
    with pytest.raises(ValueError, match=r"wrong\.json"):
        load_manifest(wrong)
    with pytest.raises(ValueError, match=r"missing\.json"):
        load_manifest(tmp_path / "missing.json")


async def test_a_query_registered_with_one_replica_runs_by_hash_on_another(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    shared = dataclasses.replace(settings, redis_url=redis_url)
    transport = httpx.MockTransport(tmdb.async_handler)

    async with (
        gateway_client(shared, transport) as first,
        gateway_client(shared, transport) as second,
    ):
        unknown = await second.post("/graphql", json={"extensions": persisted()})
        registered = await first.post("/graphql", json={"query": QUERY, "extensions": persisted()})
        by_hash = await second.post("/graphql", json={"extensions": persisted()})

    assert unknown.json() == NOT_FOUND
    assert registered.json() == FIGHT_CLUB
    assert by_hash.json() == FIGHT_CLUB
    # Each replica has its own entity cache here (no shared TMDB answer is asked of Redis yet
    # when the second one runs it, so either one or two requests; the document is what counts).
    assert {path for path, _ in upstream_calls(tmdb, settings)} == {"/3/movie/550"}


async def test_a_hash_whose_stored_document_does_not_match_is_not_run(
    tmdb: respx.Router, settings: Settings, redis_url: str
) -> None:
    shared = dataclasses.replace(settings, redis_url=redis_url)
    other = "{ movie(id: 76) { title } }"
    with redis.Redis.from_url(redis_url) as client:
        client.set(PREFIX + HASH, other)  # written by anything but a gateway

    async with gateway_client(shared, httpx.MockTransport(tmdb.async_handler)) as http:
        answer = await http.post("/graphql", json={"extensions": persisted()})

    assert answer.json() == NOT_FOUND
    assert tmdb.calls.call_count == 0


async def test_persisted_queries_work_with_redis_down(
    tmdb: respx.Router, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    tmdb.get("/movie/550").mock(return_value=ok("movie_details__550.json"))
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = dataclasses.replace(settings, redis_url=f"redis://127.0.0.1:{port}/0")

    async with gateway_client(down, httpx.MockTransport(tmdb.async_handler)) as http:
        registered = await http.post("/graphql", json={"query": QUERY, "extensions": persisted()})
        by_hash = await http.post("/graphql", json={"extensions": persisted()})

    assert registered.json() == FIGHT_CLUB
    assert by_hash.json() == FIGHT_CLUB  # from this process's store
    warnings = [r for r in caplog.records if "persisted queries" in r.getMessage()]
    assert [r.levelname for r in warnings] == ["WARNING"]
