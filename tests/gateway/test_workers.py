"""``serve --workers 2``: one /metrics view over both workers, whichever answers the scrape."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.multiprocess import MultiProcessCollector

from gateway.workers import MULTIPROC_DIR_ENV, forget_dead_workers, shared_metrics
from tests.helpers import parse_metrics, serve, value

QUERY = {"query": "query Workers { movie(id: 550) { title } }"}
GRAPHQL = "tmdbfusion_graphql_request_duration_seconds_count"
UPSTREAM = "tmdbfusion_upstream_request_duration_seconds_count"
HITS = "tmdbfusion_response_cache_requests_total"


def answered(samples: dict[tuple[str, frozenset[tuple[str, str]]], float]) -> float:
    """Workers queries run, and answered from the response cache without running."""
    ran = value(samples, GRAPHQL, operation="Workers", outcome="ok")
    return ran + value(samples, HITS, result="hit")


def served_by_each(directory: Path) -> dict[int, float]:
    """How many Workers queries each worker process has counted in its own file."""
    counts = {}
    for path in directory.glob("histogram_*.db"):
        pid = int(path.stem.removeprefix("histogram_"))
        merged = MultiProcessCollector.merge([str(path)])  # type: ignore[no-untyped-call]
        samples = [
            sample
            for metric in merged
            for sample in metric.samples
            if sample.name == GRAPHQL and sample.labels.get("operation") == "Workers"
        ]
        counts[pid] = sum(s.value for s in samples)
    return counts


def post_many(url: str, n: int) -> None:
    def one(_: int) -> int:
        # A new connection each time, so the kernel hands each to whichever worker accepts.
        return httpx.post(f"{url}/graphql", json=QUERY, timeout=10).status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(one, range(n))) == {200}


def scrape(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = httpx.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200
    return parse_metrics(response.text)


def test_two_workers_count_as_one(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()

    with serve(tmp_path / "server.log", "--workers", "2", TMPDIR=str(temp)) as url:
        [directory] = temp.iterdir()  # the directory the command made for both workers
        sent = 0
        while len([n for n in served_by_each(directory).values() if n]) < 2:
            assert sent < 400, f"one worker served everything: {served_by_each(directory)}"
            post_many(url, 20)
            sent += 20
        counts = served_by_each(directory)

        # Each scrape lands on either worker, and each shows what both served.
        for _ in range(6):
            samples = scrape(url)
            assert answered(samples) == sent
            assert (
                value(samples, UPSTREAM, resource="movies.details", status="200") == 2
            )  # one per cache
            assert value(samples, "tmdbfusion_cache_entries", layer="process") == 2
            assert value(samples, "tmdbfusion_response_cache_entries") == 2

        # A worker that dies keeps its counts, and its cache stops counting once it is gone.
        victim = next(iter(counts))
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while (directory / f"gauge_livesum_{victim}.db").exists():
            assert time.monotonic() < deadline, "the dead worker's live gauges were kept"
            time.sleep(0.2)
        samples = scrape(url)
        assert answered(samples) == sent
        assert value(samples, "tmdbfusion_cache_entries", layer="process") == 1
        assert value(samples, "tmdbfusion_response_cache_entries") == 1

    assert not directory.exists()  # the command removed what it made


def test_one_worker_needs_no_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MULTIPROC_DIR_ENV, raising=False)

    with shared_metrics(1) as directory:
        assert directory is None
        assert MULTIPROC_DIR_ENV not in os.environ


def test_an_operators_directory_is_kept_and_only_the_dead_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MULTIPROC_DIR_ENV, str(tmp_path))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], check=True, capture_output=True
    )
    dead = int(gone.stdout)
    alive = os.getpid()
    for pid in (dead, alive):
        (tmp_path / f"gauge_livesum_{pid}.db").touch()
        (tmp_path / f"counter_{pid}.db").touch()

    with shared_metrics(2) as directory:
        assert directory == str(tmp_path)
        assert forget_dead_workers(str(tmp_path)) == [dead]

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"counter_{dead}.db", f"counter_{alive}.db", f"gauge_livesum_{alive}.db"]
    )
