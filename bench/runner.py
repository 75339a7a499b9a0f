"""``python -m bench``: every scenario against every server, then ``bench/RESULTS.md``.

Two fake TMDBs run for the whole benchmark (0 ms and 20 ms). Each row of the table gets a fresh
server process, so its peak RSS and its caches are its own: start it, wait for ``/healthz``,
pre-warm (warm rows), probe the exact upstream cost, let wrk warm it up, reset the fake's
counter, measure, read the counter and ``VmHWM``, stop it. The gateway not starting (it may not
exist yet) turns its rows into "not available" instead of stopping the run.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

import httpx

from bench import (
    client,
    client_report,
    footprint,
    load,
    memory,
    procs,
    report,
    response_cache,
    synthetic,
    targets,
)
from bench.results import SERVERS, THREADS, MissPair, RunResult, RunSpec, Server
from bench.scenarios import SCENARIOS, Scenario, probe_ids, warm_ids

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
SPAN = 100_000  # cold ids per wrk thread per run: far more than a thread can send in one
BIG_SPAN = 20_000
BUDGET_S = 14 * 60
LATENCY_SCENARIOS = (
    1,
    2,
    3,
)  # the latency targets  # rows not started by then are skipped, so the run always ends


class IdBlocks:
    """Hands each cold wrk run its own ids, so no run ever repeats another's."""

    def __init__(self) -> None:
        self._next = {False: 1_000_000, True: synthetic.BIG_FIRST + 1_000}

    def take(self, big: bool, span: int) -> int:
        base = self._next[big]
        self._next[big] += THREADS * span
        limit = synthetic.BIG_END if big else synthetic.BIG_FIRST
        if self._next[big] > limit:
            raise RuntimeError("out of never-seen ids; shorten the run")
        return base


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.client = httpx.Client(timeout=30.0)
        self.ids = IdBlocks()
        self.fakes: dict[int, procs.Process] = {}
        self.gateway_missing: str | None = None
        self.started = time.monotonic()
        self.wrk_example = ""
        self.redis: procs.Process | None = None

    def start_fakes(self, plan: list[RunSpec] | None = None) -> None:
        plan = self.plan() if plan is None else plan
        for latency in sorted({spec.latency_ms for spec in plan}):
            port = procs.free_port()
            argv = [
                sys.executable,
                "-m",
                "bench.fake_tmdb",
                "--port",
                str(port),
                "--latency-ms",
                str(latency),
            ]
            fake = procs.start(f"fake-tmdb-{latency}ms", argv, port, dict(os.environ), OUT / "logs")
            self.fakes[latency] = fake
            if not procs.wait_ready(fake, "/_fake/requests", 15):
                raise RuntimeError(f"fake TMDB did not start: {fake.log_tail()}")
        if any(spec.server.redis for spec in plan):
            self.redis = procs.start_redis(OUT / "logs")

    def plan(self) -> list[RunSpec]:
        wanted = [s for s in SCENARIOS if s.number in self.args.scenarios]
        specs = []
        modes = [
            (m, ms) for m, ms in (("cold", 20), ("cold", 0), ("warm", 0)) if m in self.args.modes
        ]
        for mode, latency in modes:
            for scenario in wanted:
                specs += [
                    RunSpec(mode, latency, scenario, SERVERS[key])
                    for key in self.args.servers
                    if SERVERS[key].runs(mode, latency, scenario.number)
                ]
        # The latency targets, on an idle server: one connection, 20 ms upstream.
        for scenario in wanted:
            if scenario.number in LATENCY_SCENARIOS and "cold" in self.args.modes:
                specs += [
                    RunSpec("cold", 20, scenario, SERVERS[key], connections=1)
                    for key in self.args.servers
                    if key in ("gateway", "cold_floor", "cold_floor_aiohttp")
                    and SERVERS[key].runs("cold", 20, scenario.number)
                ]
        return specs

    def env(self, fake: procs.Process) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("TMDB_API_KEY", None)
        # The fake TMDB limits neither rate nor connections: the bench measures the gateway.
        env.update(
            TMDB_BASE_URL=f"{fake.url}/3",
            TMDB_READ_ACCESS_TOKEN="bench",
            TMDBFUSION_RATE_LIMIT="0",
            TMDBFUSION_MAX_IN_FLIGHT="0",
        )
        return env

    def server_env(self, server: Server, fake: procs.Process) -> dict[str, str]:
        """What ``server`` runs with: the runner's environment, the fake TMDB, then the
        server's own settings (the response cache on or off), which override the caller's."""
        env = self.env(fake) | dict(server.env)
        if server.redis and self.redis is not None:
            env["TMDBFUSION_REDIS_URL"] = f"redis://127.0.0.1:{self.redis.port}/0"
        return env

    def wrk(self, spec: RunSpec, url: str, duration_s: int) -> load.WrkResult:
        s = spec.scenario
        prefix = load.body_prefix(s.query)
        if spec.mode == "cold":
            span = BIG_SPAN if s.big else SPAN
            script, args = "cold.lua", [prefix, str(self.ids.take(s.big, span)), str(span)]
        else:
            script, args = "warm.lua", [prefix, ",".join(map(str, warm_ids(s)))]
        argv = load.wrk_argv(
            url + "/graphql",
            script,
            args,
            threads=min(THREADS, spec.connections),
            connections=spec.connections,
            duration_s=duration_s,
        )
        self.wrk_example = self.wrk_example or load.show(argv)
        return load.run_wrk(argv, duration_s)

    def run(self, spec: RunSpec) -> RunResult:
        result = RunResult(spec)
        if spec.server.is_gateway and self.gateway_missing:
            result.status = f"not available ({self.gateway_missing})"
            return result
        if time.monotonic() - self.started > BUDGET_S:
            result.status = "skipped (time budget spent)"
            return result
        argv = spec.server.argv(port := procs.free_port())
        if not Path(argv[0]).exists():
            self.gateway_missing = f"{Path(argv[0]).name} not installed"
            result.status = f"not available ({self.gateway_missing})"
            return result
        fake = self.fakes[spec.latency_ms]
        s = spec
        name = f"{s.server.key}-{s.mode}-c{s.connections}-{s.latency_ms}ms-s{s.scenario.number}"
        env = self.server_env(spec.server, fake)
        if spec.server.redis and self.redis is not None:
            procs.redis_call(self.redis.port, b"FLUSHALL")  # each row fills Redis itself
        proc = procs.start(name, argv, port, env, OUT / "logs")
        try:
            self._measure(result, proc, fake)
        except Exception as exc:  # one broken row must not lose the others
            result.status = f"failed ({type(exc).__name__}: {str(exc)[:120]})"
        finally:
            procs.stop(proc)
        # Read after the stop: requests abandoned by wrk may fail (and log) only later.
        if tracebacks := proc.log_count("Traceback"):
            result.notes.append(f"{tracebacks} tracebacks in bench/out/logs/{proc.log.name}")
        return result

    def _measure(self, result: RunResult, proc: procs.Process, fake: procs.Process) -> None:
        spec = result.spec
        if not procs.wait_ready(proc, "/healthz", self.args.ready_timeout):
            why = "exited" if not proc.alive() else f"no /healthz in {self.args.ready_timeout} s"
            if spec.server.is_gateway:
                self.gateway_missing = why
            tail = proc.log_tail(2)[:150]
            result.status = f"not available ({why}{': ' + tail if tail else ''})"
            return
        counter = load.FakeCounter(self.client, fake.url)
        scenario: Scenario = spec.scenario
        ids = warm_ids(scenario) if spec.mode == "warm" else probe_ids(scenario)
        # Warm rows count every TMDB request from the first query to the last: with several
        # workers sharing Redis, still one per movie.
        asked = 0
        if spec.mode == "warm":
            counter.settle()
            counter.reset()
            for movie_id in ids:
                load.post(self.client, proc.url, scenario, movie_id)
            asked += counter.settle()
        result.probe = load.probe(self.client, proc.url, counter, scenario, ids)
        asked += sum(result.probe.upstream)
        counter.settle()
        counter.reset()
        if self.args.warmup:
            self.wrk(spec, proc.url, self.args.warmup)
        # The warm-up's last queries must not count against the measured run.
        asked += counter.settle()
        counter.reset()
        cpu = procs.cpu_seconds(proc.pid), procs.cpu_seconds(fake.pid), time.monotonic()
        result.wrk = self.wrk(spec, proc.url, self.args.duration)
        wall = time.monotonic() - cpu[2]
        result.server_cpu = (procs.cpu_seconds(proc.pid) - cpu[0]) / wall
        result.fake_cpu = (procs.cpu_seconds(fake.pid) - cpu[1]) / wall
        result.peak_rss_mib = procs.peak_rss_mib(proc.pid)
        started = result.wrk.requests + spec.connections  # one still in flight per connection
        measured = counter.settle()
        if result.wrk.requests:
            result.upstream_under_load = measured / started
        if spec.mode == "warm":
            result.notes.append(f"TMDB asked {asked + measured} times in all for {len(ids)} movies")
        span = BIG_SPAN if scenario.big else SPAN
        if spec.mode == "cold" and result.wrk.requests > THREADS * span:
            result.notes.append("cold ids wrapped round")
        if not proc.alive():
            result.notes.append("server exited during the run")

    def close(self) -> None:
        for fake in self.fakes.values():
            procs.stop(fake)
        if self.redis is not None:
            procs.stop(self.redis)
        self.client.close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke mode: 1 s per row, no warm-up, results to bench/out/",
    )
    parser.add_argument("--duration", type=int, default=5, help="measured seconds per row")
    parser.add_argument("--warmup", type=int, default=1, help="wrk warm-up seconds per row")
    parser.add_argument(
        "--servers",
        default=",".join(SERVERS),
        help="comma-separated subset of: " + ", ".join(SERVERS),
    )
    parser.add_argument("--scenarios", default="1,2,3,4,5", help="comma-separated numbers")
    parser.add_argument("--modes", default="cold,warm", help="comma-separated: cold, warm")
    parser.add_argument(
        "--rows-only",
        action="store_true",
        help="write only the rows run (no targets, client library or memory sections)",
    )
    parser.add_argument("--ready-timeout", type=float, default=15.0)
    parser.add_argument("--output", type=Path, help="default bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup = 1, 0
    args.servers = [s for s in args.servers.split(",") if s]
    unknown = set(args.servers) - set(SERVERS)
    if unknown:
        parser.error(f"unknown servers: {', '.join(sorted(unknown))}")
    args.scenarios = {int(n) for n in args.scenarios.split(",") if n}
    args.modes = {m for m in args.modes.split(",") if m}
    if args.output is None:
        args.output = OUT / "RESULTS-quick.md" if args.quick else ROOT / "RESULTS.md"
        if args.rows_only:
            args.output = OUT / "ROWS.md"
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: run `bash bench/install.sh`", file=sys.stderr)
        return 2
    python = os.path.relpath(sys.executable, ROOT.parent)
    command = shlex.join([python, "-m", "bench", *argv])
    bench = Bench(args)
    results: list[RunResult] = []
    try:
        bench.start_fakes()
        plan = bench.plan()
        for i, spec in enumerate(plan, 1):
            result = bench.run(spec)
            results.append(result)
            print(f"[{i:2}/{len(plan)}] {report.progress(result)}", file=sys.stderr)
    finally:
        bench.close()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.rows_only:
        report.write_rows(
            args.output,
            command=command,
            wrk_example=bench.wrk_example,
            duration_s=args.duration,
            warmup_s=args.warmup,
            elapsed_s=time.monotonic() - bench.started,
            results=results,
        )
        print(f"wrote {args.output}", file=sys.stderr)
        return 0
    # The client library's rows (with the decode table) start their own fake TMDB.
    client_md = client_report.markdown(
        client.measure(client.QUICK if args.quick else client.FULL, command)
    )
    mem_rows = memory.memory_table(n=50 if args.quick else 200)
    footprint_md = footprint.markdown()
    # A miss's cost with the response cache on is decided in process (bench/response_cache.py):
    # 3% is inside the noise of the cold rows above.
    misses: list[MissPair] = []
    response_cache_md = ""
    wanted = tuple(n for n in targets.RC_SCENARIOS if n in args.scenarios)
    if "gateway_rc" in args.servers and wanted:
        config = response_cache.QUICK if args.quick else response_cache.FULL
        misses, seen = response_cache.measure_misses(dataclasses.replace(config, scenarios=wanted))
        response_cache_md = response_cache.misses_table(misses, seen)
    checked = targets.evaluate(results, mem_rows, misses)
    report.write(
        args.output,
        command=command,
        wrk_example=bench.wrk_example,
        duration_s=args.duration,
        warmup_s=args.warmup,
        elapsed_s=time.monotonic() - bench.started,
        results=results,
        targets=checked,
        client_md=client_md,
        memory_md=memory.markdown(mem_rows),
        footprint_md=footprint_md,
        response_cache_md=response_cache_md,
    )
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
