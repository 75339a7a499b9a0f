"""What one benchmark run measured, and the servers and plans that produce it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import Probe, WrkResult
from bench.scenarios import Scenario

CONNECTIONS = 32
THREADS = 2


@dataclass(frozen=True)
class Server:
    key: str
    label: str
    modes: tuple[str, ...]  # "cold", "warm"
    workers: int = 1
    # Rows only for these scenarios, cold ones at 20 ms (None: every scenario and latency).
    only: tuple[int, ...] | None = None
    # Cold rows at these upstream latencies instead (None: as ``only`` says).
    cold_latencies: tuple[int, ...] | None = None
    env: tuple[tuple[str, str], ...] = ()
    module: str = ""  # the baseline's module under bench.baselines (default: the key)
    redis: bool = False  # given TMDBFUSION_REDIS_URL: the runner's redis-server, emptied per row

    @property
    def is_gateway(self) -> bool:
        return self.key.startswith("gateway")

    def runs(self, mode: str, latency_ms: int, number: int) -> bool:
        if mode not in self.modes:
            return False
        if self.only is not None and number not in self.only:
            return False
        # Warm rows are all at 0 ms: no upstream is asked.
        if mode == "warm":
            return True
        if self.cold_latencies is not None:
            return latency_ms in self.cold_latencies
        return self.only is None or latency_ms == 20

    def argv(self, port: int) -> list[str]:
        if self.is_gateway:
            script = Path(sys.executable).with_name("tmdbfusion")
            # Logged like the baselines below: no access log, warnings only.
            return [
                str(script),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(self.workers),
                "--no-access-log",
                "--log-level",
                "warning",
            ]
        # The baselines run under the same uvicorn, loop and HTTP parser as the gateway.
        return [
            sys.executable,
            "-m",
            "uvicorn",
            f"bench.baselines.{self.module or self.key}:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ]


RESPONSE_CACHE_ENV = "TMDBFUSION_RESPONSE_CACHE_MB"
# The gateway rows measure execution: the whole-response cache (issue 12) would answer every
# warm row's repeated body from stored bytes, so it is off for them and on only in gateway_rc.
_RC_OFF = ((RESPONSE_CACHE_ENV, "0"),)
_RC_ON = ((RESPONSE_CACHE_ENV, "64"),)

SERVERS: dict[str, Server] = {
    s.key: s
    for s in (
        Server("gateway", "gateway", ("cold", "warm"), env=_RC_OFF),
        # The whole-response cache on: warm rows against the stored-bytes limit below; cold
        # rows at 0 ms (every query a miss, CPU-bound) against the gateway's, for a miss's cost.
        Server(
            "gateway_rc",
            "gateway + response cache (64 MB)",
            ("cold", "warm"),
            only=(1, 2, 3),
            cold_latencies=(0,),
            env=_RC_ON,
        ),
        # Capacity only: the issue names --workers as a lever. Each worker has its own cache,
        # so warm rows (which need every id cached in every worker) are not run with it.
        Server(
            "gateway_2w", "gateway, --workers 2", ("cold",), workers=2, only=(1, 2), env=_RC_OFF
        ),
        # Warm with two workers works once they share their cache: each movie fetched by one
        # is read from Redis by the other.
        Server(
            "gateway_2w_redis",
            "gateway, --workers 2, sharing Redis",
            ("warm",),
            workers=2,
            only=(1, 2),
            redis=True,
            env=_RC_OFF,
        ),
        Server("cold_floor", "cold floor (httpx+msgspec, no GraphQL)", ("cold",)),
        # For the latency targets: the fan-out cost of httpx's models, measured, not guessed.
        Server(
            "cold_floor_aiohttp",
            "cold floor, plain aiohttp instead of httpx",
            ("cold",),
            only=(1, 3),
            env=(("COLD_FLOOR_CLIENT", "aiohttp"),),
            module="cold_floor",
        ),
        Server("warm_floor", "warm floor (bare Strawberry, in-memory)", ("warm",)),
        # The limit of any response cache: each repeated body answered with stored bytes.
        Server("stored_bytes", "stored bytes (body -> response, dict)", ("warm",), only=(1, 2, 3)),
        Server("naive", "naive gateway (resolver per call, dicts)", ("cold", "warm")),
    )
}


@dataclass(frozen=True)
class RunSpec:
    mode: str  # "cold": ids never seen; "warm": fixed, pre-fetched ids
    latency_ms: int  # the fake TMDB's per-request latency
    scenario: Scenario
    server: Server
    # 32 measures throughput; 1 measures latency on an idle server, where a p50 is the time a
    # query takes rather than the time it queues behind 31 others on a saturated core.
    connections: int = CONNECTIONS

    @property
    def load(self) -> str:
        return (
            self.mode
            if self.connections == CONNECTIONS
            else f"{self.mode}, {self.connections} conn"
        )


@dataclass
class RunResult:
    spec: RunSpec
    status: str = "ok"  # or "not available: ..." / "failed: ..."
    wrk: WrkResult | None = None
    probe: Probe | None = None
    upstream_under_load: float | None = None
    peak_rss_mib: float | None = None
    server_cpu: float | None = None  # share of one core during the measured run
    fake_cpu: float | None = None
    command: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.wrk is not None


def physical_limit(scenario: Scenario, latency_ms: int) -> float | None:
    """C / (W x L): the most queries/s C connections can complete when each waits W x L."""
    if latency_ms == 0:
        return None
    return CONNECTIONS / (scenario.waves * latency_ms / 1000)


def min_upstream(spec: RunSpec) -> int:
    return spec.scenario.min_upstream if spec.mode == "cold" else 0


def naive_upstream(scenario: Scenario) -> int:
    return scenario.min_upstream + scenario.naive_extra


@dataclass(frozen=True)
class MissPair:
    """A miss's CPU with the response cache on against off, for one scenario, measured in
    process (``bench/response_cache.py``): each round sends the same queries to each app,
    alternating query by query, and adds up each side's CPU."""

    scenario: int
    queries: int  # per side per round
    off_us: tuple[float, ...]  # CPU per query, one per round
    on_us: tuple[float, ...]
    # "cold": never-seen ids (TMDB asked, then executed); "cached": ids whose data is cached,
    # each body new to the response cache (an unused variable), so only execution is left.
    data: str = "cold"

    @property
    def ratios(self) -> list[float]:
        return sorted(on / off for on, off in zip(self.on_us, self.off_us, strict=True))

    def quantile(self, q: float) -> float:
        ratios = self.ratios
        position = q * (len(ratios) - 1)
        low = int(position)
        high = min(low + 1, len(ratios) - 1)
        return ratios[low] + (ratios[high] - ratios[low]) * (position - low)

    @property
    def overhead(self) -> float:
        """The median round's extra CPU with the cache on: 0.02 is 2% more."""
        return self.quantile(0.5) - 1

    @property
    def spread(self) -> tuple[float, float]:
        """The middle half of the rounds' overheads (quartiles)."""
        return self.quantile(0.25) - 1, self.quantile(0.75) - 1
