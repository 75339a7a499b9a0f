"""Requests per second, CPU and garbage per GET for the rows of ``bench.client_rows``.

Every row sends the same GETs, for ids 1, 2, 3, ... (14 KB bodies), in passes: one GET at a
time (sync rows) or 32 in flight on uvloop (async rows), after a first GET per connection that
is not timed and whose answer is checked.

CPU per GET is this process's CPU time over the GETs it sent; the fake TMDB runs in its own
process, whose CPU is reported beside it. The garbage collector is watched through
``gc.callbacks``: automatic collections and their time, and the objects it found in reference
cycles (a last ``gc.collect()`` sweeps what the automatic ones left).
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import uvloop

from bench.client_rows import BEARER, BY_KEY, ROWS, Auth, Row
from tmdbfusion import models


class GcWatch:
    """Counts the collector's work while installed in ``gc.callbacks``."""

    def __init__(self) -> None:
        self.collections = 0
        self.collected = 0
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.seconds += time.perf_counter() - self._started
        self.collections += 1
        self.collected += info["collected"]


@dataclass
class Sample:
    """One timed pass of a row over ``gets`` GETs."""

    gets: int
    wall_s: float
    cpu_s: float
    fake_cpu_s: float
    gc_collections: int  # automatic ones only
    gc_s: float
    cycle_objects: int  # found by the automatic collections and the last sweep


@dataclass
class Measured:
    row: Row
    samples: list[Sample] = field(default_factory=list)

    # Throughput depends on the machine's other work while the pass ran: the median pass.
    @property
    def rps(self) -> float:
        return statistics.median(s.gets / s.wall_s for s in self.samples)

    # CPU per GET: the best pass, as timeit reports. Other work on a shared machine (taking
    # the core's caches, or its other hyperthread) only ever adds to it.
    @property
    def cpu_us(self) -> float:
        return min(s.cpu_s / s.gets * 1e6 for s in self.samples)

    @property
    def fake_cpu_us(self) -> float:
        return min(s.fake_cpu_s / s.gets * 1e6 for s in self.samples)

    def per_1000(self, value: Callable[[Sample], float]) -> float:
        """A sum over every pass, per 1,000 GETs."""
        return sum(value(s) for s in self.samples) * 1000 / sum(s.gets for s in self.samples)


def _check(movie: models.Movie, movie_id: int) -> None:
    # Every row must have received and decoded the whole body, parts included.
    if movie.id != movie_id or movie.credits is None or len(movie.credits.cast) != 20:
        raise AssertionError(f"movie {movie_id} came back incomplete: {movie!r:.200}")
    if movie.images is None or movie.videos is None:
        raise AssertionError(f"movie {movie_id} lacks its images or videos")


class Meter(Protocol):
    """What runs around the GETs of a pass (and only them): a timer, a profiler."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class Timer:
    """Wall and CPU time, the fake TMDB's CPU time and the collector's work over one pass."""

    def __init__(self, gets: int, fake_cpu: Callable[[], float]) -> None:
        self._gets = gets
        self._fake_cpu = fake_cpu
        self._watch = GcWatch()
        self._t0 = (0.0, 0.0, 0.0)
        self.sample: Sample | None = None

    def start(self) -> None:
        gc.collect()
        self._t0 = time.perf_counter(), time.process_time(), self._fake_cpu()
        gc.callbacks.append(self._watch)

    def stop(self) -> None:
        wall = time.perf_counter() - self._t0[0]
        cpu = time.process_time() - self._t0[1]
        fake = self._fake_cpu() - self._t0[2]
        watch = self._watch
        automatic = watch.collections, watch.seconds
        gc.collect()
        gc.callbacks.remove(watch)
        self.sample = Sample(self._gets, wall, cpu, fake, *automatic, watch.collected)


def run_sync(row: Row, base: str, ids: range, meter: Meter, auth: Auth) -> None:
    assert row.sync is not None
    with row.sync(base, auth) as fetch:
        _check(fetch(ids.start), ids.start)  # connects, and checks the answer
        meter.start()
        for movie_id in ids:
            fetch(movie_id)
        meter.stop()


async def _run_async(row: Row, base: str, ids: range, meter: Meter, auth: Auth) -> None:
    assert row.async_ is not None
    async with row.async_(base, auth) as fetch:
        # Opens the pool's connections before the pass, and checks the answers.
        warm = range(ids.start, ids.start + row.in_flight)
        for movie_id, movie in zip(warm, await asyncio.gather(*map(fetch, warm)), strict=True):
            _check(movie, movie_id)
        pending = iter(ids)

        async def worker() -> None:
            for movie_id in pending:
                await fetch(movie_id)

        meter.start()
        await asyncio.gather(*(worker() for _ in range(row.in_flight)))
        meter.stop()


def run(row: Row, base: str, ids: range, meter: Meter, auth: Auth = BEARER) -> None:
    """One pass of ``row`` over ``ids``, ``meter`` running around the GETs alone."""
    if row.sync is not None:
        run_sync(row, base, ids, meter, auth)
    else:
        # uvloop, as uvicorn picks when it is installed: the gateway's own loop.
        uvloop.run(_run_async(row, base, ids, meter, auth))


def measure(
    base: str, gets: int, rounds: int, fake_cpu: Callable[[], float], keys: list[str] | None = None
) -> list[Measured]:
    """Each row ``rounds`` times, interleaved so that a busy moment on the machine is shared."""
    rows = [BY_KEY[key] for key in keys] if keys else list(ROWS)
    results = [Measured(row) for row in rows]
    for _ in range(rounds):
        for measured in results:
            timer = Timer(gets, fake_cpu)
            run(measured.row, base, range(1, gets + 1), timer)
            assert timer.sample is not None
            measured.samples.append(timer.sample)
    return results
