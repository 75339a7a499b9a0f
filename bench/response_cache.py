"""``python -m bench.response_cache``: the whole-response cache (issue 12) against its limit.

Five parts, each a table of the section "The response cache" in ``bench/RESULTS.md``:

- ``wrk``: rows from outside, as ``python -m bench`` measures them. Warm (scenarios 1-3, fixed
  bodies): the gateway with ``TMDBFUSION_RESPONSE_CACHE_MB=64``, with it at 0 (execution), and
  the stored-bytes baseline (``bench/baselines/stored_bytes.py``), side by side, for
  ``--warm-rounds`` rounds (the order turned round each round; the median round decides).
  Cold at 0 ms (never-seen ids, so every query is a miss and the server is CPU-bound): cache on
  and off in alternating order (off, on, then on, off, ...) for ``--wrk-rounds`` rounds.
- ``misses``: the same misses in process, which decides the 3% target: two gateway apps (cache
  on, cache off) called directly through ASGI, no sockets on the client side, over a fake TMDB
  at 0 ms in its own process (so its CPU is not counted). Each round sends ``--queries``
  never-seen ids to each app, alternating sides query by query, and adds up each side's CPU
  (``time.process_time``); the overhead is the median round's on/off ratio, with quartiles.
  3% is below what wrk can resolve on a shared 2-core machine (rows of one server move by
  5-10% between runs, more with neighbours), and the CPU time of paired queries hardly
  depends on what else runs.
- ``cached``: misses over cached data: the warm ids, each body made new to the response cache
  by a variable the query does not use, so a miss is execution alone (the smaller base, where
  the cache's fixed cost per miss shows most).
- ``control``: the same as ``misses`` with both apps' cache off: what the method reads when
  there is no difference to find.
- ``hits``: CPU per warm query in process: executed (cache off), a hit (cache on), and the
  stored-bytes app: where a hit's time goes before any socket is involved.

``--splice`` replaces the section in ``bench/RESULTS.md``; the section always goes to
``bench/out/RESPONSE_CACHE.md`` too. ``python -m bench`` runs the ``misses`` part itself when
``gateway_rc`` is among its servers, for the miss target of its own table.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime
import gc
import json
import logging
import os
import shlex
import statistics
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvloop
from starlette.types import ASGIApp, Message

from bench import procs, report, targets
from bench.load import body_prefix
from bench.results import RESPONSE_CACHE_ENV, SERVERS, MissPair, RunResult, RunSpec
from bench.scenarios import SCENARIOS, Scenario, warm_ids

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
RESULTS = ROOT / "RESULTS.md"
HEADING = "## The response cache (issue 12)"
CACHE_HEADER = b"tmdbfusion-cache"
# Never-seen ids for the in-process misses: above the runner's cold blocks (1,000,000 upward,
# 200,000 per wrk run) and below the 1,000-cast movies.
FIRST_MISS_ID = 20_000_000


@dataclass(frozen=True)
class Config:
    scenarios: tuple[int, ...] = targets.RC_SCENARIOS
    rounds: int = 25  # in-process rounds per scenario (after one unmeasured round)
    queries: int = 20  # per side per round
    hit_queries: int = 400
    # A control run: both apps with the cache off, so the table shows what the method reads
    # when there is no difference to find (its noise floor on this machine).
    control: bool = False
    # Misses over cached data: warm ids, each body made new by an unused variable.
    cached: bool = False
    # Rounds for those: each is cheap (no TMDB), and a few microseconds of difference on a
    # 250 us query needs many of them to read the same from one run to the next. A round's
    # ratio spreads over about -5% .. +10% (quartiles), so the median of 200 rounds moved by
    # 0.6-0.8 points between runs of the same code, and of 1,000 by 0.3-0.45 (bench/ANALYSIS.md).
    cached_rounds: int = 100


FULL = Config(rounds=50, cached_rounds=1200)
QUICK = Config(rounds=6, queries=8, hit_queries=100, cached_rounds=12)


@dataclass
class Answer:
    status: int = 0
    headers: dict[bytes, bytes] = field(default_factory=dict)
    body: bytes = b""

    @property
    def cache(self) -> str:
        """What the ``TMDBFusion-Cache`` header said, or ``absent``."""
        return self.headers.get(CACHE_HEADER, b"absent").decode()


def request_body(scenario: Scenario, movie_id: int, unused: int | None = None) -> bytes:
    """The exact bytes wrk sends (``bench/lua/*.lua``); with ``unused``, a variable the query
    does not declare (GraphQL ignores it), which makes the body, and the response cache's key,
    new while the data asked for stays the same."""
    extra = "" if unused is None else f',"n":{unused}'
    return f"{body_prefix(scenario.query)}{movie_id}{extra}}}}}".encode()


async def call(app: ASGIApp, body: bytes) -> Answer:
    """One POST /graphql through the app's ASGI interface, as uvicorn would make it."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    sent = False
    answer = Answer()

    async def receive() -> Message:
        # The body once, then nothing: a client that stays connected. (A receive that always
        # answered would spin a disconnect watcher.)
        nonlocal sent
        if sent:
            await asyncio.Event().wait()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {bytes(k).lower(): bytes(v) for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    await app(scope, receive, send)
    return answer


def gateway_env(fake_url: str, cache_mb: int) -> dict[str, str]:
    """The gateway's variables as the runner gives them (``Bench.env``), cache on or off."""
    return {
        "TMDB_BASE_URL": f"{fake_url}/3",
        "TMDB_READ_ACCESS_TOKEN": "bench",
        "TMDBFUSION_RATE_LIMIT": "0",
        "TMDBFUSION_MAX_IN_FLIGHT": "0",
        RESPONSE_CACHE_ENV: str(cache_mb),
    }


@contextlib.asynccontextmanager
async def gateway_app(fake_url: str, cache_mb: int) -> AsyncIterator[ASGIApp]:
    # Imported here: the wrk part and the runner need none of the gateway in their process.
    from gateway.app import create_app
    from gateway.config import Settings

    app = create_app(Settings.from_env(gateway_env(fake_url, cache_mb)))
    logging.getLogger("gateway").setLevel(logging.WARNING)  # as `serve --log-level warning`
    async with app.router.lifespan_context(app):
        yield app


@contextlib.contextmanager
def fake_tmdb() -> Iterator[procs.Process]:
    """The fake TMDB at 0 ms in its own process: its CPU is not this process's."""
    port = procs.free_port()
    argv = [sys.executable, "-m", "bench.fake_tmdb", "--port", str(port), "--latency-ms", "0"]
    fake = procs.start("fake-tmdb-rc", argv, port, dict(os.environ), OUT / "logs")
    try:
        if not procs.wait_ready(fake, "/_fake/requests", 15):
            raise RuntimeError(f"fake TMDB did not start: {fake.log_tail()}")
        yield fake
    finally:
        procs.stop(fake)


async def _timed(app: ASGIApp, bodies: list[bytes], seen: dict[str, int] | None = None) -> float:
    """CPU seconds per body, sending them one after another; ``seen`` counts what the
    ``TMDBFusion-Cache`` header said. Only the calls are timed: the checks and the counting
    here, done for one side only, are the bench's work, not the gateway's."""
    spent = 0.0
    for body in bodies:
        started = time.process_time()
        answer = await call(app, body)
        spent += time.process_time() - started
        if answer.status != 200 or b'"errors"' in answer.body:
            raise RuntimeError(f"HTTP {answer.status}: {answer.body[:200]!r}")
        if seen is not None:
            seen[answer.cache] = seen.get(answer.cache, 0) + 1
    return spent / len(bodies)


async def _misses(fake_url: str, config: Config) -> tuple[list[MissPair], dict[str, int]]:
    pairs: list[MissPair] = []
    seen: dict[str, int] = {}
    next_id = FIRST_MISS_ID
    on_mb = 0 if config.control else 64
    async with gateway_app(fake_url, 0) as off, gateway_app(fake_url, on_mb) as on:
        for number in config.scenarios:
            scenario = SCENARIOS[number - 1]
            timings: dict[str, list[float]] = {"off": [], "on": []}
            for round_ in range(config.rounds + 1):
                spent = {"off": 0.0, "on": 0.0}
                # The collector is shared by both apps (one process) and its pauses land on
                # whichever query crosses its threshold, the full ones growing with the data
                # caches: a 10 ms pause on one side swamps a 3% difference. It runs between
                # rounds instead, untimed; the response cache adds one tracked object per entry
                # against the data cache's hundreds per movie, so this hides no cost of its own.
                gc.collect()
                gc.disable()
                for i in range(config.queries):
                    # Query by query, alternating which side goes first: both sides see the
                    # same machine (frequency, neighbours, the collector's rhythm).
                    sides = [("off", off), ("on", on)]
                    for label, app in sides if (round_ + i) % 2 == 0 else sides[::-1]:
                        if config.cached:  # round 0 (unmeasured) fetches every warm id
                            ids = warm_ids(scenario)
                            body = request_body(scenario, ids[next_id % len(ids)], next_id)
                        else:
                            body = request_body(scenario, next_id)
                        next_id += 1
                        spent[label] += await _timed(app, [body], seen if label == "on" else None)
                gc.enable()
                if round_:  # the first round warms parsers, pools and imports
                    for label, total in spent.items():
                        timings[label].append(total / config.queries * 1e6)
            data = "cached" if config.cached else "cold"
            pairs.append(
                MissPair(number, config.queries, tuple(timings["off"]), tuple(timings["on"]), data)
            )
    return pairs, seen


def measure_misses(config: Config = FULL) -> tuple[list[MissPair], dict[str, int]]:
    """In-process paired misses, cache on against off, with its own fake TMDB."""
    with fake_tmdb() as fake:
        return uvloop.run(_misses(fake.url, config))


@dataclass(frozen=True)
class HitRow:
    scenario: int
    executed_us: float  # cache off: the query executed on cached data
    hit_us: float  # cache on, body seen before
    stored_us: float  # the stored-bytes baseline
    cache_header: str
    same_bytes: bool  # the hit's body is the executed one's


async def _hits(fake_url: str, config: Config) -> list[HitRow]:
    from bench.baselines import stored_bytes

    rows = []
    async with gateway_app(fake_url, 0) as off, gateway_app(fake_url, 64) as on:
        for number in config.scenarios:
            scenario = SCENARIOS[number - 1]
            bodies = [request_body(scenario, i) for i in warm_ids(scenario)]
            for body in bodies:  # fill every cache, then one more round for the hits
                for app in (off, on, stored_bytes.app):
                    await call(app, body)
            executed, hit = await call(off, bodies[0]), await call(on, bodies[0])
            sent = (bodies * (config.hit_queries // len(bodies) + 1))[: config.hit_queries]
            timings: dict[str, list[float]] = {"off": [], "on": [], "stored": []}
            for round_ in range(5):
                sides = [("off", off), ("on", on), ("stored", stored_bytes.app)]
                for label, app in sides if round_ % 2 == 0 else sides[::-1]:
                    timings[label].append(await _timed(app, sent) * 1e6)
            best = {label: min(values) for label, values in timings.items()}
            rows.append(
                HitRow(
                    number,
                    best["off"],
                    best["on"],
                    best["stored"],
                    hit.cache,
                    json.loads(hit.body) == json.loads(executed.body),
                )
            )
    return rows


def measure_hits(config: Config = FULL) -> list[HitRow]:
    with fake_tmdb() as fake:
        return uvloop.run(_hits(fake.url, config))


def _pct(value: float) -> str:
    return f"{value:+.1%}"


def misses_table(pairs: list[MissPair], seen: dict[str, int], control: bool = False) -> str:
    lines = [
        "| scenario | data | rounds x queries per side | CPU/query off (median) | on (median) | "
        "overhead, median round | quartiles |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for p in pairs:
        low, high = p.spread
        data = "never seen: TMDB + execution" if p.data == "cold" else "cached: execution only"
        lines.append(
            f"| S{p.scenario} | {data} | {len(p.on_us)} x {p.queries} | "
            f"{statistics.median(p.off_us):,.0f} us | {statistics.median(p.on_us):,.0f} us | "
            f"**{_pct(p.overhead)}** | {_pct(low)} .. {_pct(high)} |"
        )
    said = ", ".join(f"{k} {v}" for k, v in sorted(seen.items()))
    lines += ["", f"`TMDBFusion-Cache` on the cache-on side's misses: {said}."]
    if control:
        lines[-1] = "A control run: both sides with the response cache off (`--control`)."
    return "\n".join(lines)


def hits_table(rows: list[HitRow]) -> str:
    lines = [
        "| scenario | executed (cache off) | hit (cache on) | stored bytes | hit / stored | "
        "`TMDBFusion-Cache` | hit = executed |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    lines += [
        f"| S{r.scenario} | {r.executed_us:,.1f} us | {r.hit_us:,.1f} us | {r.stored_us:,.1f} us | "
        f"{r.hit_us / r.stored_us:.1f}x | {r.cache_header} | {'yes' if r.same_bytes else 'no'} |"
        for r in rows
    ]
    return "\n".join(lines)


def wrk_plan(scenarios: tuple[int, ...], rounds: int, warm_rounds: int = 1) -> list[RunSpec]:
    """Warm rows side by side (stored bytes, cache on, cache off; the order turned round each
    round), then cold misses at 0 ms, cache off and on in alternating order."""
    plan = []
    wanted = [s for s in SCENARIOS if s.number in scenarios]
    warm: tuple[str, ...] = ("stored_bytes", "gateway_rc", "gateway")
    for round_ in range(warm_rounds):
        for scenario in wanted:
            order = warm if round_ % 2 == 0 else warm[::-1]
            plan += [RunSpec("warm", 0, scenario, SERVERS[key]) for key in order]
    for round_ in range(rounds):
        for scenario in wanted:
            keys = ("gateway", "gateway_rc") if round_ % 2 == 0 else ("gateway_rc", "gateway")
            plan += [RunSpec("cold", 0, scenario, SERVERS[key]) for key in keys]
    return plan


def wrk_rows(args: argparse.Namespace) -> tuple[list[RunResult], str]:
    from bench import runner

    bench_args = runner.parse_args(
        [
            "--servers",
            "gateway,gateway_rc,stored_bytes",
            "--duration",
            str(args.duration),
            "--warmup",
            str(args.warmup),
        ]
    )
    bench = runner.Bench(bench_args)
    plan = wrk_plan(args.scenarios, args.wrk_rounds, args.warm_rounds)
    results = []
    try:
        bench.start_fakes(plan)
        for i, spec in enumerate(plan, 1):
            result = bench.run(spec)
            results.append(result)
            print(f"[{i:2}/{len(plan)}] {report.progress(result)}", file=sys.stderr)
    finally:
        bench.close()
    return results, bench.wrk_example


def section(
    *,
    command: str,
    results: list[RunResult],
    wrk_example: str,
    args: argparse.Namespace | None,
    pairs: list[MissPair],
    seen: dict[str, int],
    control: list[MissPair],
    hits: list[HitRow],
) -> str:
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()
    parts = [
        HEADING,
        "",
        f"Run on {today} by `{command}` (load average {load[0]:.1f} at the end, the machine "
        "shared with other work).",
        "",
        f"- **Machine:** {report.machine()}",
        f"- **Versions:** {report.versions()}",
    ]
    if results and args is not None:
        parts += [
            f"- **Load:** wrk, 2 threads, 32 connections, {args.warmup} s warm-up then "
            f"{args.duration} s measured per row, one server process at a time, e.g. "
            f"`{wrk_example}`"
        ]
    parts += [
        "",
        "The gateway's other rows in this file run with the response cache off "
        f"(`{RESPONSE_CACHE_ENV}=0`): they measure execution. *gateway + response cache* sets it "
        "to 64; *stored bytes* (`bench/baselines/stored_bytes.py`) answers each repeated body "
        "with the bytes it stored the first time: the limit of any response cache on this "
        "server stack. The miss targets' verdict is the in-process paired figure: a 3% "
        "difference is inside the run-to-run noise of wrk rows on this machine; the wrk figure "
        "beside it is the median of the cold rounds.",
        "",
        "### Targets",
        "",
        report.targets_table(targets.rc_targets(results, pairs)),
        "",
    ]
    if pairs:
        parts += ["### A miss in process, cache on against off", "", misses_table(pairs, seen), ""]
    if control:
        parts += [
            "### The same with both sides off: what the method reads when there is nothing",
            "",
            misses_table(control, {}, control=True),
            "",
        ]
    if hits:
        parts += ["### A warm query in process: CPU per query", "", hits_table(hits), ""]
    if results:
        tables = report.scenario_tables(results).replace("### Scenario", "#### Scenario")
        parts += ["### Rows", "", tables]
    return "\n".join(parts).rstrip() + "\n"


def splice(text: str, path: Path = RESULTS) -> None:
    """Replace this section of ``path`` (or add it before the memory sections)."""
    old = path.read_text()
    if HEADING in old:
        head, rest = old.split(HEADING, 1)
        tail = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
    else:
        marker = "## Resident memory per cached movie"
        head, tail = (
            (old.split(marker, 1)[0], marker + old.split(marker, 1)[1])
            if marker in old
            else (old, "")
        )
    path.write_text(head + text + ("\n" + tail if tail else ""))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.response_cache", description=__doc__)
    parser.add_argument(
        "--part", default="wrk,misses,cached,control,hits", help="comma-separated subset"
    )
    parser.add_argument("--scenarios", default="1,2,3", help="comma-separated numbers")
    parser.add_argument("--quick", action="store_true", help="fewer rounds, 1 s rows")
    parser.add_argument("--duration", type=int, default=5, help="wrk seconds per row")
    parser.add_argument("--warmup", type=int, default=1, help="wrk warm-up seconds per row")
    parser.add_argument("--warm-rounds", type=int, default=3, help="warm rows per server")
    parser.add_argument("--wrk-rounds", type=int, default=2, help="cold off/on rounds")
    parser.add_argument("--rounds", type=int, help="in-process rounds per scenario")
    parser.add_argument("--queries", type=int, help="in-process queries per side per round")
    parser.add_argument("--splice", action="store_true", help="write the section into RESULTS.md")
    args = parser.parse_args(argv)
    args.parts = {p for p in args.part.split(",") if p}
    args.scenarios = tuple(int(n) for n in args.scenarios.split(",") if n)
    if args.quick:
        args.duration, args.warmup, args.wrk_rounds, args.warm_rounds = 1, 0, 1, 1
    base = QUICK if args.quick else FULL
    args.config = Config(
        args.scenarios,
        args.rounds or base.rounds,
        args.queries or base.queries,
        base.hit_queries,
        cached_rounds=args.rounds or base.cached_rounds,
    )
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    python = os.path.relpath(sys.executable, ROOT.parent)
    command = shlex.join([python, "-m", "bench.response_cache", *argv])
    results: list[RunResult] = []
    wrk_example = ""
    pairs: list[MissPair] = []
    seen: dict[str, int] = {}
    control: list[MissPair] = []
    hits: list[HitRow] = []
    if "wrk" in args.parts:
        results, wrk_example = wrk_rows(args)
    if "misses" in args.parts:
        pairs, seen = measure_misses(args.config)
        print(misses_table(pairs, seen), file=sys.stderr)
    if "cached" in args.parts:
        over_cached = dataclasses.replace(
            args.config, cached=True, rounds=args.config.cached_rounds
        )
        cached, seen_cached = measure_misses(over_cached)
        print(misses_table(cached, seen_cached), file=sys.stderr)
        pairs += cached
        for k, v in seen_cached.items():
            seen[k] = seen.get(k, 0) + v
    if "control" in args.parts:
        control, _ = measure_misses(dataclasses.replace(args.config, control=True))
        print(misses_table(control, {}, control=True), file=sys.stderr)
    if "hits" in args.parts:
        hits = measure_hits(args.config)
        print(hits_table(hits), file=sys.stderr)
    text = section(
        command=command,
        results=results,
        wrk_example=wrk_example,
        args=args,
        pairs=pairs,
        seen=seen,
        control=control,
        hits=hits,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "RESPONSE_CACHE.md").write_text(text)
    print(f"wrote {OUT / 'RESPONSE_CACHE.md'}", file=sys.stderr)
    if args.splice:
        splice(text)
        print(f"spliced into {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
