"""Writing ``bench/RESULTS.md``: the machine, the versions, the command, then the tables."""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

from bench.results import CONNECTIONS, THREADS, RunResult, naive_upstream
from bench.scenarios import SCENARIOS, WARM_BIG_IDS, WARM_IDS
from bench.targets import Target

_PACKAGES = (
    "strawberry-graphql",
    "graphql-core",
    "httpx",
    "httpx-aiohttp",
    "aiohttp",
    "msgspec",
    "uvicorn",
    "uvloop",
    "httptools",
    "starlette",
    "pydantic",
    "tmdbfusion",
)


def machine() -> str:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kib / 1024**2:.1f} GiB memory, "
        f"Linux {platform.release()}"
    )


def versions(*, wrk: bool = True) -> str:
    found = [f"Python {platform.python_version()}"]
    for name in _PACKAGES:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    if not wrk:
        return ", ".join(found)
    try:
        ran = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
        found.append(" ".join((ran.stdout + ran.stderr).split()[:2]))
    except OSError:
        found.append("wrk (not installed)")
    return ", ".join(found)


def _num(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def _row(r: RunResult) -> str:
    s = r.spec
    head = f"| {s.load} | {s.latency_ms} ms | {s.server.label} |"
    if not r.ok or r.wrk is None:
        return head + f" {r.status} | | | | | | |"
    w = r.wrk
    exact = r.probe.upstream_per_query if r.probe else None
    upstream = f"{_num(exact, '.2f')} / {_num(r.upstream_under_load, '.2f')}"
    cpu = f"{_num(r.server_cpu, '.0%')} / {_num(r.fake_cpu, '.0%')}"
    errors = w.errors + w.non_2xx
    flags = [f"{errors} errors"] if errors else []
    if r.probe and r.probe.problems:
        flags.append(f"{len(r.probe.problems)} bad answers")
    flags += r.notes
    return (
        head + f" {w.rps:,.0f} | {w.p50_ms:.2f} | {w.p99_ms:.2f} | {upstream} | "
        f"{_num(r.peak_rss_mib, '.0f')} | {cpu} | {'; '.join(flags)} |"
    )


def progress(r: RunResult) -> str:
    """One line per finished row, for the terminal."""
    s, w = r.spec, r.wrk
    done = f"{w.rps:9,.0f} req/s  p50 {w.p50_ms:7.2f} ms  p99 {w.p99_ms:7.2f} ms" if w else ""
    head = f"S{s.scenario.number} {s.load:12} {s.latency_ms:2} ms {s.server.key:10}"
    return f"{head} {done if r.ok else r.status} {'; '.join(r.notes)}"


def scenario_tables(results: list[RunResult]) -> str:
    out: list[str] = []
    for s in SCENARIOS:
        rows = [_row(r) for r in results if r.spec.scenario is s]
        if not rows:
            continue
        out += [
            f"### Scenario {s.number}: {s.name}",
            "",
            f"Minimum upstream requests per query: {s.min_upstream} cold, 0 warm "
            f"(a resolver-per-call gateway needs {naive_upstream(s)}); "
            f"{s.waves} dependent wave(s).",
            "",
            "| mode | upstream latency | server | req/s | p50 ms | p99 ms | "
            "upstream/query (exact / under load) | peak RSS MiB | CPU server / fake | notes |",
            "|---|---:|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        out += rows
        out += ["", "```graphql", s.query, "```", ""]
    return "\n".join(out)


def targets_table(targets: list[Target]) -> str:
    lines = ["| target | required | measured | verdict |", "|---|---|---|---|"]
    lines += [f"| {t.name} | {t.required} | {t.measured} | **{t.status}** |" for t in targets]
    counts = {v: sum(t.status == v for t in targets) for v in ("PASS", "FAIL", "n/a")}
    lines += ["", f"{counts['PASS']} pass, {counts['FAIL']} fail, {counts['n/a']} not measured."]
    return "\n".join(lines)


def consistency(results: list[RunResult]) -> str:
    """Whether every server answered each probe query with the same data."""
    answers: dict[tuple[int, int], dict[str, str]] = {}
    problems: list[str] = []
    for r in results:
        if r.probe is None:
            continue
        for movie_id, canonical in r.probe.samples.items():
            answers.setdefault((r.spec.scenario.number, movie_id), {})[r.spec.server.label] = (
                canonical
            )
        problems += [
            f"S{r.spec.scenario.number} {r.spec.load} {r.spec.server.label}: {p}"
            for p in r.probe.problems
        ]
    differing = [
        f"S{n} id {movie_id}: " + ", ".join(sorted(by_server))
        for (n, movie_id), by_server in sorted(answers.items())
        if len(set(by_server.values())) > 1
    ]
    lines = [
        f"{len(answers)} (scenario, id) probes compared across servers; "
        f"{len(differing)} differ, {len(problems)} answers had problems."
    ]
    lines += [f"- differs: {d}" for d in differing[:10]]
    lines += [f"- problem: {p}" for p in problems[:10]]
    return "\n".join(lines)


ANALYSIS = Path(__file__).resolve().parent / "ANALYSIS.md"


def _analysis() -> str:
    """The hand-written reading of the targets (why a gap is there, what was tried)."""
    return ANALYSIS.read_text() if ANALYSIS.exists() else ""


def _response_cache(misses_md: str) -> str:
    if not misses_md:
        return ""
    return f"""
## The response cache: a miss in process, cache on against off

The miss targets' verdicts come from this table (`bench/response_cache.py`: two gateway apps
called through ASGI in alternating rounds, never-seen ids, CPU per query): a 3% difference is
inside the run-to-run noise of the cold rows above.

{misses_md}
"""


def write_rows(
    path: Path,
    *,
    command: str,
    wrk_example: str,
    duration_s: int,
    warmup_s: int,
    elapsed_s: float,
    results: list[RunResult],
) -> None:
    """Only the rows run (``--rows-only``), with the run's date, machine and command: a section
    to paste into RESULTS.md beside the rows of the full run."""
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()
    text = f"""Run on {today} in {elapsed_s:.0f} s, these rows only.

- **Machine:** {machine()}, load average {load[0]:.1f} at the end (shared with other work)
- **Versions:** {versions()}
- **Command:** `{command}`
- **Load:** wrk, {THREADS} threads, {CONNECTIONS} connections, {warmup_s} s warm-up then \
{duration_s} s measured per row, e.g. `{wrk_example}`

{scenario_tables(results)}
{consistency(results)}
"""
    path.write_text(text)


def write(
    path: Path,
    *,
    command: str,
    wrk_example: str,
    duration_s: int,
    warmup_s: int,
    elapsed_s: float,
    results: list[RunResult],
    targets: list[Target],
    client_md: str,
    memory_md: str,
    footprint_md: str = "",
    response_cache_md: str = "",
) -> None:
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"""# TMDBFusion benchmark results

Generated by `bench/` on {today} in {elapsed_s:.0f} s. Every number below comes from this one run
on this one machine; targets are ratios between servers measured side by side.

- **Machine:** {machine()}
- **Versions:** {versions()}
- **Command:** `{command}`
- **Load:** wrk, {THREADS} threads, {CONNECTIONS} connections, {warmup_s} s warm-up then \
{duration_s} s measured per row, e.g. `{wrk_example}`
- **Upstream:** the fake TMDB (`bench/fake_tmdb.py`), one process per latency, on 127.0.0.1.

Columns: *upstream/query* is exact (a few queries sent one at a time, the fake's counter read
after each) / under load (the counter, once the server has gone quiet, over the queries wrk
started: those completed plus one left in flight per connection). *CPU* is the share of one
core the server and the fake TMDB used during the measured run. Cold rows ask for ids never
seen before (each request a new movie, each movie new people); warm rows cycle through
{len(WARM_IDS)} fixed ids ({len(WARM_BIG_IDS)} for scenario 5) fetched before measuring.

## Targets

{targets_table(targets)}

{_analysis()}
## Scenarios

{scenario_tables(results)}
## Same answers

{consistency(results)}
{_response_cache(response_cache_md)}
## The client library

{client_md}

## Resident memory per cached movie

{memory_md}

## The cache's memory: estimate against tracemalloc

{footprint_md}
"""
    path.write_text(text)
