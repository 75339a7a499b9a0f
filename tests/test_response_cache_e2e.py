"""End to end over a real uvicorn server (demo mode): the whole-response cache's hits as a browser
and a keep-alive client see them."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.helpers import PREFLIGHT, parse_metrics, serve

APP = "https://app.example"
QUERY = "query Tagline { movie(id: 550) { title tagline } }"
REQUESTS = "tmdbfusion_response_cache_requests_total"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serve(log, TMDBFUSION_CORS_ORIGINS=APP) as url:
        yield url


def test_a_repeated_post_is_a_hit_with_its_headers(server: str) -> None:
    headers = {"Origin": APP, "X-Request-Id": "client-chosen.1"}
    with httpx.Client(base_url=server, timeout=10) as client:  # one kept-alive connection
        first = client.post("/graphql", json={"query": QUERY}, headers=headers)
        hits = [client.post("/graphql", json={"query": QUERY}) for _ in range(3)]
        tagged = client.post(
            "/graphql",
            json={"query": QUERY},
            headers={"Origin": APP, "If-None-Match": hits[0].headers["etag"]},
        )

    assert first.headers["tmdbfusion-cache"] == "miss"
    assert first.json()["data"]["movie"]["title"] == "Fight Club"
    assert first.headers["x-request-id"] == "client-chosen.1"
    assert first.headers["access-control-allow-origin"] == APP
    exposed = {h.strip().lower() for h in first.headers["access-control-expose-headers"].split(",")}
    assert exposed == {"etag", "x-request-id", "tmdbfusion-cache"}
    for hit in hits:
        assert hit.status_code == 200
        assert hit.headers["tmdbfusion-cache"] == "hit"
        assert hit.content == first.content
        assert hit.headers["content-type"] == "application/json"
        assert hit.headers["content-length"] == str(len(first.content))
    # The request's second sight is answered by the endpoint, which indexes it for the hit path;
    # from then on a hit runs and logs nothing: no id of its own (the client's sent back, first).
    assert "x-request-id" in hits[0].headers
    assert all("x-request-id" not in h.headers for h in hits[1:])
    assert tagged.status_code == 304
    assert tagged.headers["access-control-allow-origin"] == APP
    assert tagged.headers["tmdbfusion-cache"] == "hit"


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Without CORS: the usual hit is two messages built once per entry."""
    log = tmp_path_factory.mktemp("plain") / "server.log"
    with serve(log) as url:
        yield url


def test_the_usual_hit_sends_the_entrys_prebuilt_answer(plain_server: str) -> None:
    query = "query Year { movie(id: 550) { releaseDate } }"
    with httpx.Client(base_url=plain_server, timeout=10) as client:
        first = client.post("/graphql", json={"query": query})
        indexing, *hits = [client.post("/graphql", json={"query": query}) for _ in range(3)]
        echoed = client.post("/graphql", json={"query": query}, headers={"X-Request-Id": "r.2"})
        insane = client.post("/graphql", json={"query": query}, headers={"X-Request-Id": "a b"})
        tag = hits[0].headers["etag"]
        tagged = client.post("/graphql", json={"query": query}, headers={"If-None-Match": tag})

    assert first.headers["tmdbfusion-cache"] == "miss"
    assert first.json() == {"data": {"movie": {"releaseDate": "1999-10-15"}}}
    assert indexing.headers["tmdbfusion-cache"] == "hit"  # by the endpoint: it has a request id
    assert "x-request-id" in indexing.headers
    for hit in hits:
        assert hit.content == first.content
        assert {k: v for k, v in hit.headers.items() if k not in ("date", "server")} == {
            "etag": tag,
            "tmdbfusion-cache": "hit",
            "content-length": str(len(first.content)),
            "content-type": "application/json",
        }
    assert echoed.content == first.content
    assert (echoed.headers["tmdbfusion-cache"], echoed.headers["x-request-id"]) == ("hit", "r.2")
    assert insane.headers["tmdbfusion-cache"] == "hit"
    assert "x-request-id" not in insane.headers
    assert (tagged.status_code, tagged.content) == (304, b"")
    assert tagged.headers["etag"] == tag


def test_every_hit_is_counted_on_the_next_scrape(server: str) -> None:
    # The hit path counts in a plain int, published on a scrape and every 64 hits: 70 crosses
    # one publication and leaves 6 for the scrape.
    query = "{ movie(id: 550) { budget } }"

    def counts(client: httpx.Client) -> dict[str, float]:
        samples = parse_metrics(client.get("/metrics").text)
        return {
            dict(labels)["result"]: value
            for (name, labels), value in samples.items()
            if name == REQUESTS
        }

    with httpx.Client(base_url=server, timeout=10) as client:
        before = counts(client)
        answers = [client.post("/graphql", json={"query": query}) for _ in range(71)]
        after = counts(client)

    assert [a.headers["tmdbfusion-cache"] for a in answers] == ["miss"] + ["hit"] * 70
    moved = {result: after[result] - before.get(result, 0.0) for result in after}
    assert moved == {"hit": 70.0, "miss": 1.0, "bypass": 0.0}


def test_a_get_hit_and_a_chunked_post_over_http(server: str) -> None:
    query = "{ movie(id: 550) { runtime } }"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body arrives in pieces
        yield b'{"query": '
        yield b'"' + query.encode() + b'"}'

    with httpx.Client(base_url=server, timeout=10) as client:
        posted = client.post(
            "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
        )
        got = client.get("/graphql", params={"query": query}, headers=PREFLIGHT)
        again = client.get("/graphql", params={"query": query}, headers=PREFLIGHT)

    assert posted.json() == {"data": {"movie": {"runtime": 139}}}
    assert posted.headers["tmdbfusion-cache"] == "miss"
    assert (got.headers["tmdbfusion-cache"], again.headers["tmdbfusion-cache"]) == ("hit", "hit")
    assert again.content == got.content == posted.content
    assert again.headers["cache-control"].startswith("public, max-age=")
    assert again.headers["vary"] == "accept, origin"  # origin: CORS is configured


def test_the_graphiql_page_and_a_preflight_are_untouched(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as client:
        page = client.get("/graphql", headers={"Accept": "text/html"})
        preflight = client.options(
            "/graphql",
            headers={"Origin": APP, "Access-Control-Request-Method": "POST"},
        )

    assert page.headers["content-type"].startswith("text/html")
    assert "tmdbfusion-cache" not in page.headers
    assert preflight.status_code == 204
    assert "tmdbfusion-cache" not in preflight.headers
