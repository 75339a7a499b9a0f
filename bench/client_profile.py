"""Where httpx's client spends a GET, before and after the library went straight to the transport.

Two passes per row of ``bench.client_rows``: one under cProfile with a CPU-time clock (a
wall clock would charge whatever runs when the shared machine preempts us), from which the
cookie and header handling functions are picked out; and one with the collector off and
``gc.DEBUG_SAVEALL`` on, which names the objects each GET leaves in reference cycles. And the
pieces httpx's client adds, timed alone with timeit: its cookie jar's look at each response,
``build_request`` against the bare ``httpx.Request`` the library builds.
"""

from __future__ import annotations

import collections
import cProfile
import gc
import linecache
import pstats
import re
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import httpx

from bench.client_rates import run
from bench.client_rows import BEARER, BY_KEY, DETAILS, PARTS, before_options
from tmdbfusion.client import BASE_HEADERS, DEFAULT_TIMEOUT
from tmdbfusion.request import Credentials, build

# The cookie jar's work: httpx's Cookies wrapper and the standard library's cookiejar, which
# copies each request into a urllib Request to look at it.
_COOKIE_MODULES: Final = ("httpx/", "http/cookiejar.py", "urllib/request.py", "bench/")
_HEADER_MODULES: Final = ("httpx/",)
# The gateway's transport, through httpx's client and straight to it: before and after.
PAIR: Final = ("aiohttp_before", "aiohttp")
_REPO: Final = str(Path(__file__).resolve().parents[1]) + "/"


@dataclass(frozen=True)
class Entry:
    """One function under cProfile, per GET."""

    name: str
    calls: float
    cumulative_us: float


@dataclass(frozen=True)
class Profile:
    row: str
    gets: int
    total_us: float  # per GET, under the profiler
    cookies: dict[str, Entry]  # by label, costliest first
    headers: dict[str, Entry]


def _module(filename: str) -> str:
    """The path below site-packages, the standard library or the repository."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if filename.startswith(_REPO):
        return filename.removeprefix(_REPO)
    if "/lib/python3." in filename:
        return filename.split("/lib/python3.", 1)[1].split("/", 1)[1]
    return filename


def _label(filename: str, lineno: int, funcname: str) -> str:
    """``httpx/_models.py Cookies.extract_cookies``: the function and the class it is in."""
    if filename == "~":
        return funcname
    lines = linecache.getlines(filename)
    owner = ""
    if 0 < lineno <= len(lines):
        line = lines[lineno - 1]
        indent = len(line) - len(line.lstrip())
        for above in reversed(lines[: lineno - 1]):
            stripped = above.lstrip()
            level = len(above) - len(stripped)
            if level >= indent or not stripped.startswith(("class ", "def ", "async def ")):
                continue
            found = re.match(r"(?:async )?(class|def) (\w+)", stripped)
            if found:
                kind, name = found.groups()
                owner = f"{name}." if kind == "class" else f"{name}.<locals>."
            break
    return f"{_module(filename)} {owner}{funcname}"


def _pick(stats: pstats.Stats, gets: int, modules: tuple[str, ...], word: str) -> dict[str, Entry]:
    entries = []
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, lineno, funcname), (_, calls, _, cumulative, _) in raw.items():
        label = _label(filename, lineno, funcname)
        module = label.split(" ", 1)[0]
        in_module = module.startswith(modules)
        cookie_module = word == "cookie" and module in ("http/cookiejar.py", "urllib/request.py")
        # Under 2 µs per GET (property getters and the like) tells nothing under a profiler.
        if in_module and (word in label.lower() or cookie_module) and cumulative / gets > 2e-6:
            entries.append(Entry(label, calls / gets, cumulative / gets * 1e6))
    entries.sort(key=lambda e: -e.cumulative_us)
    return {e.name: e for e in entries}


class _Profiler:
    def __init__(self) -> None:
        self.profile = cProfile.Profile(time.process_time)

    def start(self) -> None:
        self.profile.enable()

    def stop(self) -> None:
        self.profile.disable()


class _Garbage:
    """Keeps every object the pass leaves in reference cycles, then counts them by type."""

    def __init__(self) -> None:
        self.types: collections.Counter[str] = collections.Counter()

    def start(self) -> None:
        gc.collect()
        gc.disable()
        gc.set_debug(gc.DEBUG_SAVEALL)

    def stop(self) -> None:
        gc.collect()
        gc.set_debug(0)
        gc.enable()
        self.types.update(f"{type(o).__module__}.{type(o).__qualname__}" for o in gc.garbage)
        gc.garbage.clear()


def _best_us(call: Callable[[], object], number: int) -> float:
    # CPU time: on a shared machine, time spent preempted would count on a wall clock.
    timer = timeit.Timer(call, timer=time.process_time)
    return min(timer.repeat(number=number, repeat=5)) / number * 1e6


def micro(number: int = 2_000) -> dict[str, float]:
    """The pieces timed alone (no I/O), µs each: what httpx's client adds around the transport."""
    url = build(
        DETAILS, (550,), {"append": PARTS}, Credentials(base_url="http://127.0.0.1:8001/3")
    ).url
    client = httpx.Client(**before_options(BEARER))
    request = client.build_request("GET", url)
    # The two headers the fake TMDB answers with.
    raw = [(b"content-type", b"application/json;charset=utf-8"), (b"content-length", b"14014")]
    response = httpx.Response(200, headers=raw, request=request, content=b"{}")
    jar = client.cookies
    headers = httpx.Headers({**BASE_HEADERS, **BEARER.header})
    extensions = {"timeout": DEFAULT_TIMEOUT.as_dict()}
    try:
        return {
            "cookies": _best_us(lambda: jar.extract_cookies(response), number),
            "build_request": _best_us(lambda: client.build_request("GET", url), number),
            "request": _best_us(
                lambda: httpx.Request("GET", url, headers=headers, extensions=extensions), number
            ),
            "url": _best_us(lambda: httpx.URL(url), number),
        }
    finally:
        client.close()


def profile(key: str, base: str, gets: int) -> Profile:
    profiler = _Profiler()
    run(BY_KEY[key], base, range(1, gets + 1), profiler)
    stats = pstats.Stats(profiler.profile)
    total = stats.total_tt / gets * 1e6  # type: ignore[attr-defined]
    cookies = _pick(stats, gets, _COOKIE_MODULES, "cookie")
    headers = _pick(stats, gets, _HEADER_MODULES, "header")
    return Profile(key, gets, total, cookies, headers)


def garbage(key: str, base: str, gets: int) -> dict[str, float]:
    """Objects left in reference cycles per GET, by type (builtin containers left out)."""
    counter = _Garbage()
    run(BY_KEY[key], base, range(1, gets + 1), counter)
    return {
        name: count / gets
        for name, count in counter.types.most_common()
        if not name.startswith("builtins.")
    } | {"all objects, builtins included": counter.types.total() / gets}
