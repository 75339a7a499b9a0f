"""The issue's targets, checked against one run's measurements.

Every target compares the gateway with a baseline measured in the same run on the same machine,
or with the physical limit C / (W x L). A target whose inputs are missing (the gateway did not
start, a baseline failed) is "n/a", never a silent pass.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from bench.memory import MemoryRow
from bench.results import CONNECTIONS, MissPair, RunResult, min_upstream, physical_limit
from bench.scenarios import SCENARIOS

COLD_LATENCY_MS = 20
RC_SCENARIOS = (1, 2, 3)  # the response cache's targets (issue 12)
RC_SHARE = 0.80  # of the stored-bytes limit, warm
RC_MISS_OVERHEAD = 0.03  # a miss's extra cost with the cache on


@dataclass(frozen=True)
class Target:
    name: str
    required: str
    measured: str
    status: str  # "PASS", "FAIL" or "n/a"


def _find(
    results: list[RunResult],
    server: str,
    mode: str,
    number: int,
    latency_ms: int | None = None,
    connections: int = CONNECTIONS,
) -> RunResult | None:
    for r in results:
        s = r.spec
        if (s.server.key, s.mode, s.scenario.number, s.connections) == (
            server,
            mode,
            number,
            connections,
        ) and (latency_ms is None or s.latency_ms == latency_ms):
            return r if r.ok else None
    return None


def _verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def _upstream(results: list[RunResult]) -> list[Target]:
    targets = []
    for mode, latency in (("cold", COLD_LATENCY_MS), ("warm", None)):
        for s in SCENARIOS:
            name = f"S{s.number} {mode}: upstream requests per query"
            run = _find(results, "gateway", mode, s.number, latency)
            if run is None or run.probe is None or not run.probe.upstream:
                targets.append(Target(name, "= minimum", "gateway not measured", "n/a"))
                continue
            minimum = min_upstream(run.spec)
            exact = run.probe.upstream
            load = run.upstream_under_load
            measured = f"{sum(exact) / len(exact):.2f} exact ({len(exact)} probes)"
            if load is not None:
                measured += f", {load:.2f} under load"
            targets.append(
                Target(name, f"= {minimum}", measured, _verdict(all(n == minimum for n in exact)))
            )
    return targets


def _compare(
    name: str,
    required: str,
    gateway: RunResult | None,
    base: RunResult | None,
    check: Callable[[RunResult, RunResult], tuple[bool, str]],
) -> Target:
    if gateway is None or base is None:
        missing = "gateway" if gateway is None else "baseline"
        return Target(name, required, f"{missing} not measured", "n/a")
    passed, measured = check(gateway, base)
    return Target(name, required, measured, _verdict(passed))


def _p50(g: RunResult) -> float:
    assert g.wrk is not None
    return g.wrk.p50_ms


def _rps(g: RunResult) -> float:
    assert g.wrk is not None
    # A row that completed nothing counts as a trickle, so ratios stay finite and honest.
    return max(g.wrk.rps, 1e-9)


def _cpu(g: RunResult) -> str:
    # A server at 100% of a core is CPU-bound: its gap is its own work per query, not waiting.
    return "" if g.server_cpu is None else f", server CPU {g.server_cpu:.0%}"


def _share_of(share: float) -> Callable[[RunResult, RunResult], tuple[bool, str]]:
    def check(g: RunResult, f: RunResult) -> tuple[bool, str]:
        return (
            _rps(g) >= share * _rps(f),
            f"{_rps(g):,.0f} vs {_rps(f):,.0f} req/s ({_rps(g) / _rps(f):.0%}){_cpu(g)}",
        )

    return check


def _times(factor: float) -> Callable[[RunResult, RunResult], tuple[bool, str]]:
    def check(g: RunResult, v: RunResult) -> tuple[bool, str]:
        if v.wrk is not None and v.wrk.requests == 0:
            return _rps(g) > 0, f"{_rps(g):,.0f} vs 0 req/s (naive completed no query)"
        return (
            _rps(g) >= factor * _rps(v),
            f"{_rps(g):,.0f} vs {_rps(v):,.0f} req/s ({_rps(g) / _rps(v):.2f}x){_cpu(g)}",
        )

    return check


def _of_limit(
    cap: float, share: float, with_floor: bool, two_workers: RunResult | None
) -> Callable[[RunResult, RunResult], tuple[bool, str]]:
    # The cold floor's own share of the limit is shown beside the gateway's: it tells a gap
    # in the gateway from a limit of the machine (CPU shared by wrk, fake TMDB and server).
    # This is a capacity target, so the gateway's best measured deployment counts, and both
    # are shown: one process (as every other row runs) and --workers 2.
    def check(g: RunResult, f: RunResult) -> tuple[bool, str]:
        floor = f" (cold floor: {_rps(f) / cap:.0%})" if with_floor else ""
        measured = f"1 worker: {_rps(g):,.0f} req/s ({_rps(g) / cap:.0%}){_cpu(g)}"
        best = _rps(g)
        if two_workers is not None:
            w2 = _rps(two_workers)
            measured += f"; --workers 2: {w2:,.0f} req/s ({w2 / cap:.0%})"
            best = max(best, w2)
        return best >= share * cap, measured + floor

    return check


def cpu_per_query_us(run: RunResult) -> float | None:
    """The server's CPU per completed query during the measured run (from /proc, not wrk's
    clock): steadier than req/s when the machine is shared, since waiting costs no CPU."""
    if run.server_cpu is None or run.wrk is None or not run.wrk.requests:
        return None
    return run.server_cpu / run.wrk.rps * 1e6


def _rc_warm(results: list[RunResult]) -> list[Target]:
    """Warm rows come in rounds (one row of each server per round, ``python -m bench`` runs
    one): the verdict is the median round's ratio, each round's shown, since one 5 s row on a
    shared machine moves by tens of percent."""
    targets = []
    for n in RC_SCENARIOS:
        name = f"S{n} warm: response cache req/s vs stored bytes"
        required = f">= {RC_SHARE:.0%} of stored bytes"
        on, base, off = (
            _all(results, k, "warm", n, 0) for k in ("gateway_rc", "stored_bytes", "gateway")
        )
        rounds = list(zip(on, base, strict=False))
        if not rounds:
            missing = "gateway" if not on else "baseline"
            targets.append(Target(name, required, f"{missing} not measured", "n/a"))
            continue
        shares = [_rps(g) / _rps(b) for g, b in rounds]
        share = statistics.median(shares)
        g, b = rounds[0]
        if len(rounds) == 1:
            measured = f"{_rps(g):,.0f} vs {_rps(b):,.0f} req/s ({share:.0%}){_cpu(g)}"
        else:
            each = ", ".join(f"{x:.0%}" for x in shares)
            rps_on = statistics.median(_rps(r) for r in on)
            rps_base = statistics.median(_rps(r) for r in base)
            measured = (
                f"median of {len(rounds)} rounds {share:.0%} (each: {each}); median req/s "
                f"{rps_on:,.0f} vs {rps_base:,.0f}"
            )
        cpu = [(cpu_per_query_us(g), cpu_per_query_us(b)) for g, b in rounds]
        cpu_shares = [b / g for g, b in cpu if g and b]
        if cpu_shares:
            measured += f"; by server CPU per query {statistics.median(cpu_shares):.0%}"
        if off:
            rps_off = statistics.median(_rps(r) for r in off)
            rps_on = statistics.median(_rps(r) for r in on)
            measured += f"; cache off: {rps_off:,.0f} req/s (on: {rps_on / rps_off:.1f}x)"
        targets.append(Target(name, required, measured, _verdict(share >= RC_SHARE)))
    return targets


def _all(
    results: list[RunResult], server: str, mode: str, number: int, latency_ms: int
) -> list[RunResult]:
    return [
        r
        for r in results
        if r.ok
        and (r.spec.server.key, r.spec.mode, r.spec.scenario.number, r.spec.latency_ms)
        == (server, mode, number, latency_ms)
        and r.spec.connections == CONNECTIONS
    ]


def _wrk_miss(results: list[RunResult], n: int) -> str:
    """The wrk rows' view of a miss (cold, 0 ms: every query a miss), round by round: the k-th
    cache-on row against the k-th cache-off row, the median of their ratios."""
    on, off = (_all(results, k, "cold", n, 0) for k in ("gateway_rc", "gateway"))
    rounds = list(zip(on, off, strict=False))
    if not rounds:
        return ""
    rps = statistics.median(_rps(a) / _rps(b) for a, b in rounds)
    text = f"wrk cold @0 ms, {len(rounds)} round(s): req/s on/off {rps:.3f}"
    cpu = [(cpu_per_query_us(a), cpu_per_query_us(b)) for a, b in rounds]
    ratios = [a / b for a, b in cpu if a and b]
    if ratios:
        text += f", CPU/query on/off {statistics.median(ratios) - 1:+.1%}"
    return text


def _rc_miss(results: list[RunResult], misses: list[MissPair]) -> list[Target]:
    """The verdict is the in-process paired figure's: 3% is inside wrk's run-to-run noise on a
    shared 2-core machine, so the wrk rows are shown beside it but do not decide."""
    targets = []
    required = f"<= +{RC_MISS_OVERHEAD:.0%} (in-process paired median decides)"
    for data in ("cold", "cached"):
        by_scenario = {m.scenario: m for m in misses if m.data == data}
        if data == "cached" and not by_scenario:
            continue  # measured by python -m bench.response_cache only
        for n in RC_SCENARIOS:
            what = "miss" if data == "cold" else "miss over cached data"
            name = f"S{n} {what}: CPU per query, response cache on vs off"
            pair = by_scenario.get(n)
            beside = _wrk_miss(results, n) if data == "cold" else ""
            if pair is None:
                measured = "in-process pair not measured" + (f"; {beside}" if beside else "")
                targets.append(Target(name, required, measured, "n/a"))
                continue
            low, high = pair.spread
            measured = (
                f"in-process: {pair.overhead:+.1%} (quartiles {low:+.1%} .. {high:+.1%}, "
                f"{len(pair.on_us)} rounds of {pair.queries})"
            )
            if beside:
                measured += f"; {beside}"
            verdict = _verdict(pair.overhead <= RC_MISS_OVERHEAD)
            targets.append(Target(name, required, measured, verdict))
    return targets


def rc_targets(results: list[RunResult], misses: list[MissPair]) -> list[Target]:
    """The response cache's targets (issue 12): warm against stored bytes, a miss's cost."""
    return _rc_warm(results) + _rc_miss(results, misses)


def evaluate(
    results: list[RunResult], memory: list[MemoryRow], misses: list[MissPair] | None = None
) -> list[Target]:
    L = COLD_LATENCY_MS
    targets = _upstream(results)
    # Latency on an idle server (one connection): under 32 connections a CPU-bound server's
    # p50 is queueing, which the throughput targets below already measure.
    for n in (1, 2):
        gw, floor = (_find(results, k, "cold", n, L, 1) for k in ("gateway", "cold_floor"))
        targets.append(
            _compare(
                f"S{n} cold @{L} ms, 1 connection: p50 vs cold floor",
                "<= floor p50 + 1 ms",
                gw,
                floor,
                lambda g, f: (
                    _p50(g) <= _p50(f) + 1,
                    f"{_p50(g):.2f} ms vs floor {_p50(f):.2f} ms (+{_p50(g) - _p50(f):.2f} ms)",
                ),
            )
        )
    gw = _find(results, "gateway", "cold", 3, L, 1)
    floors = [
        (label, run)
        for label, key in (("cold floor", "cold_floor"), ("plain aiohttp", "cold_floor_aiohttp"))
        if (run := _find(results, key, "cold", 3, L, 1)) is not None
    ]
    # The floors show what no GraphQL at all, and then no httpx either, would take.
    beside = "; ".join(f"{label}: {_p50(run):.2f} ms" for label, run in floors)
    limit = 2 * L + 3
    targets.append(
        _compare(
            f"S3 cold @{L} ms, 1 connection: p50",
            f"<= 2 x {L} + 3 = {limit} ms",
            gw,
            gw,
            lambda g, _: (
                _p50(g) <= limit,
                f"{_p50(g):.2f} ms" + (f" ({beside})" if beside else ""),
            ),
        )
    )
    for n, share in ((1, 0.85), (2, 0.85), (5, 0.80)):
        gw, floor = (_find(results, k, "warm", n) for k in ("gateway", "warm_floor"))
        targets.append(
            _compare(
                f"S{n} warm: req/s vs warm floor",
                f">= {share:.0%} of floor",
                gw,
                floor,
                _share_of(share),
            )
        )
    for s in SCENARIOS:
        gw, naive = (_find(results, k, "cold", s.number, L) for k in ("gateway", "naive"))
        targets.append(
            _compare(
                f"S{s.number} cold @{L} ms: req/s vs naive", ">= 2 x naive", gw, naive, _times(2.0)
            )
        )
    for s in SCENARIOS:
        gw, floor, gw2 = (
            _find(results, k, "cold", s.number, L) for k in ("gateway", "cold_floor", "gateway_2w")
        )
        cap = physical_limit(s, L) or 0.0
        targets.append(
            _compare(
                f"S{s.number} cold @{L} ms: req/s vs C/(W x L)",
                f">= 90% of {CONNECTIONS}/({s.waves} x {L} ms) = {cap:,.0f}",
                gw,
                floor or gw,
                _of_limit(cap, 0.9, floor is not None, gw2),
            )
        )
    if any(r.spec.server.key == "gateway_rc" for r in results) or misses:
        targets += rc_targets(results, misses or [])
    real = next((row for row in memory if row.label.startswith("real movie 550 + credits (")), None)
    if real is None:
        targets.append(
            Target("memory per cached movie with credits", "<= raw JSON", "not measured", "n/a")
        )
    else:
        targets.append(
            Target(
                "memory per cached movie with credits (real 550)",
                "<= raw JSON",
                f"{real.resident_bytes:,.0f} B vs {real.raw_bytes:,.0f} B raw ({real.ratio:.2f}x)",
                _verdict(real.ratio <= 1.0),
            )
        )
    return targets
