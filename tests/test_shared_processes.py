"""Two real gateway processes sharing one redis-server ask TMDB once per movie.

Each is ``python -m gateway serve`` with a credential, its TMDB a counting fake on 127.0.0.1
serving real bodies; a movie asked of one and then of the other, or of both at the same moment,
reaches TMDB once.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from gateway.config import Settings
from tests.helpers import appended, authenticated_params, credential_env, fixture_json, serve
from tests.servers import FakeTMDB

WITH_CAST = "{ movie(id: 76) { title credits { cast { name character } } } }"
TITLE = "{ movie(id: 550) { title releaseDate } }"
ROUTES = {
    "/3/movie/76": (200, "movie_details_append__76.json"),
    "/3/movie/550": (200, "movie_details__550.json"),
}


def ask(url: str, query: str) -> dict[str, Any]:
    response = httpx.post(f"{url}/graphql", json={"query": query}, timeout=10)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def with_cast() -> dict[str, Any]:
    data = fixture_json("movie_details_append__76.json")
    cast = [{"name": c["name"], "character": c["character"]} for c in data["credits"]["cast"]]
    return {"data": {"movie": {"title": data["title"], "credits": {"cast": cast}}}}


def title() -> dict[str, Any]:
    data = fixture_json("movie_details__550.json")
    return {"data": {"movie": {"title": data["title"], "releaseDate": data["release_date"]}}}


def test_two_gateway_processes_ask_tmdb_once_per_movie(
    settings: Settings, redis_url: str, tmp_path: Path
) -> None:
    # Slow enough that both processes are waiting on TMDB at once in the concurrent half.
    with FakeTMDB(ROUTES, delay=0.5).running() as tmdb:
        env = credential_env(settings) | {
            "TMDB_BASE_URL": tmdb.base_url,
            "TMDBFUSION_REDIS_URL": redis_url,
            "TMDBFUSION_RATE_LIMIT": "0",
        }
        with serve(tmp_path / "a.log", **env) as a, serve(tmp_path / "b.log", **env) as b:
            sequential = [ask(a, WITH_CAST), ask(b, WITH_CAST)]
            after_sequential = len(tmdb.requests)
            with ThreadPoolExecutor(2) as pool:
                concurrent = list(pool.map(ask, [a, b], [TITLE, TITLE]))

    assert after_sequential == 1
    requests = [(r.url.path, appended(r)) for r in tmdb.requests]
    assert requests == [("/3/movie/76", {"credits"}), ("/3/movie/550", set())]
    for request in tmdb.requests:
        authenticated_params(request, settings)
    assert sequential == [with_cast()] * 2
    assert concurrent == [title()] * 2
    for log in ("a.log", "b.log"):
        assert (
            "Sharing cached entities through Redis at redis://127.0.0.1:"
            in (tmp_path / log).read_text()
        )
