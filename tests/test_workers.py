"""``tmdbfusion serve --workers N``: the workers divide one TMDB budget, and say so at start-up."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from gateway.cli import share_budget
from gateway.config import Settings
from gateway.guard import UpstreamGuard, describe_budget
from tests.helpers import serve

TWO_WORKERS = (
    "TMDB budget of this worker: 20 requests/s and 10 in flight, TMDBFUSION_RATE_LIMIT=40 and "
    "TMDBFUSION_MAX_IN_FLIGHT=20 divided among 2 workers"
)


def test_the_cli_tells_the_workers_their_share() -> None:
    env: dict[str, str] = {"TMDB_API_KEY": "k", "TMDBFUSION_RATE_LIMIT": "40"}
    share_budget(2, env)

    settings = Settings.from_env(env)
    assert (settings.process_rate_limit, settings.process_max_in_flight) == (20, 10)
    assert describe_budget(settings) == TWO_WORKERS
    guard = UpstreamGuard.from_settings(settings)
    assert guard.cap is not None
    assert guard.cap.limit == 10

    one = {"TMDB_API_KEY": "k"}
    share_budget(1, one)
    assert describe_budget(Settings.from_env(one)) == "TMDB budget: 40 requests/s, 20 in flight"

    with_redis = env | {"TMDBFUSION_REDIS_URL": "redis://127.0.0.1:6379/0"}
    assert describe_budget(Settings.from_env(with_redis)) == (
        "TMDB budget: 40 requests/s shared through Redis by every process using this "
        "credential; 10 in flight from this process"
    )
    with pytest.raises(ValueError, match="--workers"):
        share_budget(0, {})


def test_a_two_worker_server_says_each_workers_share_at_start_up(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with serve(log, "--workers", "2", TMDBFUSION_RATE_LIMIT="40") as url:
        deadline = time.monotonic() + 20
        while log.read_text().count(TWO_WORKERS) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        response = httpx.post(
            f"{url}/graphql", json={"query": "{ movie(id: 550) { title } }"}, timeout=10
        )

    assert response.json() == {"data": {"movie": {"title": "Fight Club"}}}
    assert log.read_text().count(TWO_WORKERS) == 2, log.read_text()
