"""A 50-page crawl of ``movies.popular`` through the client library, and the memory it takes.

Each variant runs in a process of its own (``python -m bench.crawl --variant V --base-url U``)
so that its resident memory is its own. It fetches page 1 once (the connection, the decoder),
then crawls pages 451 to 500 twice with ``popular_pages(page=451)``, which stops by itself at
TMDB's 500th page: once for the resident-memory high-water mark (``VmHWM``, reset through
``/proc/self/clear_refs`` just before), once under tracemalloc for the peak of Python's own
allocations. A *lazy* variant looks at each page and lets it go; a *kept* one lists them all,
the contrast that shows what holding pages would cost.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

import uvloop

from bench.client_rows import BEARER, Auth
from tmdbfusion import AsyncTMDBClient, TMDBClient

FIRST: Final = 451
PAGES: Final = 500 - FIRST + 1
VARIANTS: Final = ("sync lazy", "sync kept", "async lazy", "async kept")

# Pages and movies seen in one pass, and what the pass still holds (the kept pages, or None).
Pass = tuple[int, int, object]


@dataclass(frozen=True)
class CrawlResult:
    variant: str
    pages: int  # per pass
    movies: int  # per pass
    seconds: float  # the first pass, wall clock
    rss_delta_kib: int | None  # VmHWM during the first pass over VmRSS before it
    traced_peak_kib: float  # tracemalloc's peak during the second pass
    requests: int = 0  # as the fake TMDB counted them, filled in by the caller


def _status(key: str) -> int | None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return None


def _reset_high_water() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _sync_pass(client: TMDBClient, kept: bool) -> Pass:
    iterator = client.movies.popular_pages(page=FIRST)
    if kept:
        pages = list(iterator)
        return len(pages), sum(len(p.results) for p in pages), pages
    count = movies = 0
    for page in iterator:
        count += 1
        movies += len(page.results)
    return count, movies, None


async def _async_pass(client: AsyncTMDBClient, kept: bool) -> Pass:
    iterator = client.movies.popular_pages(page=FIRST)
    if kept:
        pages = [page async for page in iterator]
        return len(pages), sum(len(p.results) for p in pages), pages
    count = movies = 0
    async for page in iterator:
        count += 1
        movies += len(page.results)
    return count, movies, None


async def _measure(variant: str, crawl: Callable[[], Awaitable[Pass]]) -> CrawlResult:
    gc.collect()
    reset = _reset_high_water()
    before = _status("VmRSS")
    started = time.perf_counter()
    pages, movies, held = await crawl()
    seconds = time.perf_counter() - started
    high = _status("VmHWM")
    del held
    rss = high - before if reset and high is not None and before is not None else None
    gc.collect()
    tracemalloc.start()
    again, _, held = await crawl()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del held
    if pages != PAGES or again != PAGES:
        raise AssertionError(f"{variant}: {pages} and {again} pages, not {PAGES}")
    return CrawlResult(variant, pages, movies, seconds, rss, peak / 1024)


async def crawl_here(variant: str, base: str, auth: Auth = BEARER) -> CrawlResult:
    """The variant, in this process (the sync client simply blocks the loop it runs in)."""
    kept = variant.endswith("kept")
    if variant.startswith("sync"):
        with TMDBClient(token=auth.token, api_key=auth.key, base_url=base) as client:
            client.movies.popular(page=1)

            async def sync_pass() -> Pass:
                return _sync_pass(client, kept)

            return await _measure(variant, sync_pass)
    async with AsyncTMDBClient(token=auth.token, api_key=auth.key, base_url=base) as async_client:
        await async_client.movies.popular(page=1)
        return await _measure(variant, lambda: _async_pass(async_client, kept))


def crawl(variant: str, base: str) -> CrawlResult:
    """The variant in a fresh process (``python -m bench.crawl``)."""
    argv = [sys.executable, "-m", "bench.crawl", "--variant", variant, "--base-url", base]
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=True, timeout=120)
    return CrawlResult(**json.loads(out.stdout))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__)
    parser.add_argument("--variant", choices=VARIANTS, required=True)
    parser.add_argument("--base-url", required=True, help="the fake TMDB's /3 URL")
    args = parser.parse_args(argv)
    print(json.dumps(asdict(uvloop.run(crawl_here(args.variant, args.base_url)))))


if __name__ == "__main__":
    main()
