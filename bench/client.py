"""``python -m bench.client``: the client library against the fake TMDB, side by side in one run.

Requests per second, CPU and garbage per GET for ``TMDBClient``, ``AsyncTMDBClient`` (default
and aiohttp transports), the same calls sent through httpx's ``Client.get()`` (the "before"),
and plain aiohttp (``bench/client_rates.py``); where httpx's client spends its time and what it
leaves in reference cycles (``bench/client_profile.py``); a 50-page crawl and its memory
(``bench/crawl.py``); and the decode table (``bench/decode.py``). ``make bench`` runs it too,
into RESULTS.md's section "The client library".
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import httpx

from bench import (
    client_profile,
    client_rates,
    client_report,
    client_rows,
    crawl,
    decode,
    procs,
    synthetic,
)
from bench.load import FakeCounter

ROOT: Final = Path(__file__).resolve().parent
OUT: Final = ROOT / "out"
PARTS: Final = ("rates", "profile", "crawl", "decode")


@dataclass(frozen=True)
class Plan:
    gets: int  # per row and round
    rounds: int
    profile_gets: int
    decode_budget_s: float


FULL: Final = Plan(gets=1_200, rounds=5, profile_gets=1_000, decode_budget_s=1.0)
QUICK: Final = Plan(gets=300, rounds=1, profile_gets=200, decode_budget_s=0.3)


@dataclass
class Report:
    """Everything one run measured, with what is needed to say how."""

    command: str
    plan: Plan
    started: str
    load_average: tuple[float, float, float]
    body_bytes: int
    rates: list[client_rates.Measured] = field(default_factory=list)
    profiles: dict[str, client_profile.Profile] = field(default_factory=dict)
    garbage: dict[str, dict[str, float]] = field(default_factory=dict)
    micro: dict[str, float] = field(default_factory=dict)
    crawls: list[crawl.CrawlResult] = field(default_factory=list)
    decode: tuple[int, list[decode.DecodeRow]] | None = None


def _crawls(fake: procs.Process, base: str) -> list[crawl.CrawlResult]:
    results = []
    with httpx.Client(timeout=5.0) as http:
        counter = FakeCounter(http, fake.url)
        for variant in crawl.VARIANTS:
            counter.reset()
            result = crawl.crawl(variant, base)
            # Page 1 once, then two passes over the same pages.
            per_pass, odd = divmod(counter.read() - 1, 2)
            if odd or per_pass != result.pages:
                raise AssertionError(f"{variant}: the fake saw {2 * per_pass + odd + 1} requests")
            results.append(crawl.CrawlResult(**{**vars(result), "requests": per_pass}))
    return results


def measure(plan: Plan, command: str, parts: tuple[str, ...] = PARTS) -> Report:
    """Start a fake TMDB (0 ms latency) as ``python -m bench`` does, measure, stop it."""
    report = Report(
        command=command,
        plan=plan,
        started=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        load_average=os.getloadavg(),
        body_bytes=len(synthetic.movie_body(1, client_rows.PARTS)),
    )
    if {"rates", "profile", "crawl"} & set(parts):
        port = procs.free_port()
        argv = [sys.executable, "-m", "bench.fake_tmdb", "--port", str(port), "--latency-ms", "0"]
        fake = procs.start("fake-tmdb-client", argv, port, dict(os.environ), OUT / "logs")
        try:
            if not procs.wait_ready(fake, "/_fake/requests", 15):
                raise RuntimeError(f"fake TMDB did not start: {fake.log_tail()}")
            base = f"{fake.url}/3"
            if "rates" in parts:
                report.rates = client_rates.measure(
                    base, plan.gets, plan.rounds, lambda: procs.cpu_seconds(fake.pid)
                )
            if "profile" in parts:
                report.micro = client_profile.micro()
                for key in client_profile.PAIR:
                    report.profiles[key] = client_profile.profile(key, base, plan.profile_gets)
                    report.garbage[key] = client_profile.garbage(key, base, plan.profile_gets)
            if "crawl" in parts:
                report.crawls = _crawls(fake, base)
        finally:
            procs.stop(fake)
    if "decode" in parts:
        report.decode = decode.decode_table(budget_s=plan.decode_budget_s)
    return report


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bench.client", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 GETs per row, one round")
    parser.add_argument(
        "--part", default=",".join(PARTS), help="comma-separated subset of: " + ", ".join(PARTS)
    )
    parser.add_argument("--output", type=Path, help="default bench/out/client[-quick].md")
    args = parser.parse_args(argv)
    parts = tuple(p for p in args.part.split(",") if p)
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    python = os.path.relpath(sys.executable, ROOT.parent)
    command = shlex.join([python, "-m", "bench.client", *argv])
    report = measure(QUICK if args.quick else FULL, command, parts)
    text = client_report.markdown(report)
    output = args.output or OUT / ("client-quick.md" if args.quick else "client.md")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    print(text)
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
