"""The markdown of ``python -m bench.client``: RESULTS.md's section "The client library"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from bench import client_profile, client_rates, crawl, decode
from bench.report import machine, versions

if TYPE_CHECKING:
    from bench.client import Report

RERUN: Final = "`.venv/bin/python -m bench.client --part {part}`"
FAN_OUT: Final = 11  # GETs of a cold scenario-3 query: a movie and 10 people
# The pairs of rows that differ only in going through httpx's client (first) or not.
PAIRS: Final = (
    ("sync_before", "sync", "sync, default transport"),
    ("async_before", "async", "async, default transport, 32 in flight"),
    ("aiohttp_before", "aiohttp", "async, `AiohttpTransport`, 32 in flight (the gateway's)"),
)


def _rates(report: Report) -> list[str]:
    plan, rows = report.plan, {m.row.key: m for m in report.rates}
    floor = rows.get("floor")
    lines = [
        "### Requests per second and CPU per GET",
        "",
        f'`client.movies.details(id, append=["credits", "images", "videos"])` for ids 1 to '
        f"{plan.gets:,}, each answer (about {report.body_bytes:,} bytes) decoded into "
        f"`tmdbfusion.models.Movie`; {plan.gets:,} GETs per row in each of {plan.rounds} "
        "interleaved rounds: req/s of the median round, CPU of the best (noise on a shared "
        "machine only adds to it), GC summed over all. Sync rows send one GET at a time from "
        "one thread; async rows keep 32 in flight on uvloop. CPU is this process's, over its "
        "GETs; the fake TMDB's is its own process's. GC: the collector's automatic runs at "
        "CPython's default "
        "thresholds (the gateway raises gen 0's to 20,000) and the objects it freed from "
        "reference cycles (a last `gc.collect()` included). Rerun: " + RERUN.format(part="rates"),
        "",
        "| client | in flight | req/s | x floor | CPU µs/GET | x floor | fake CPU µs/GET | "
        "GC runs /1k GETs | GC ms /1k GETs | cycle objects freed /1k GETs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in report.rates:
        rps_x = f"{m.rps / floor.rps:.2f}" if floor else "-"
        cpu_x = f"{m.cpu_us / floor.cpu_us:.2f}" if floor else "-"
        lines.append(
            f"| {m.row.label} | {m.row.in_flight} | {m.rps:,.0f} | {rps_x} | {m.cpu_us:,.0f} | "
            f"{cpu_x} | {m.fake_cpu_us:,.0f} | {m.per_1000(lambda s: s.gc_collections):.1f} | "
            f"{m.per_1000(lambda s: s.gc_s) * 1000:.1f} | "
            f"{m.per_1000(lambda s: s.cycle_objects):,.0f} |"
        )
    return [*lines, "", *_pairs(rows)]


def _pairs(rows: dict[str, client_rates.Measured]) -> list[str]:
    lines = [
        "### What httpx's client costs: before and after",
        "",
        "The rows above in pairs: the same calls sent through an `httpx.Client`/`AsyncClient` "
        "and its `.get()` with the gateway's options (a cookie jar that keeps nothing, no "
        "redirects; the 'before'), and straight to the transport, as the library sends now "
        f"(the 'after'). A cold fan-out query (scenario 3) sends {FAN_OUT} GETs.",
        "",
        "| transport | CPU µs/GET before -> after | saved µs/GET | saved per "
        f"{FAN_OUT}-GET query | GC runs /1k GETs before -> after | GC ms /1k GETs before -> "
        "after | cycle objects /1k GETs before -> after |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for before_key, after_key, label in PAIRS:
        if before_key not in rows or after_key not in rows:
            continue
        b, a = rows[before_key], rows[after_key]
        saved = b.cpu_us - a.cpu_us
        lines.append(
            f"| {label} | {b.cpu_us:,.0f} -> {a.cpu_us:,.0f} | {saved:,.0f} | "
            f"{saved * FAN_OUT:,.0f} | {b.per_1000(lambda s: s.gc_collections):.1f} -> "
            f"{a.per_1000(lambda s: s.gc_collections):.1f} | "
            f"{b.per_1000(lambda s: s.gc_s) * 1000:.1f} -> "
            f"{a.per_1000(lambda s: s.gc_s) * 1000:.1f} | "
            f"{b.per_1000(lambda s: s.cycle_objects):,.0f} -> "
            f"{a.per_1000(lambda s: s.cycle_objects):,.0f} |"
        )
    return [*lines, ""]


def _garbage(report: Report) -> list[str]:
    before, after = (report.garbage.get(key, {}) for key in client_profile.PAIR)
    if not before:
        return []
    every = "all objects, builtins included"
    lines = [
        f"Objects each GET leaves in reference cycles over the `AiohttpTransport` "
        f"({report.plan.profile_gets:,} GETs with the collector off and `gc.DEBUG_SAVEALL` on, "
        "so tuples it would have untracked count too). Rerun: " + RERUN.format(part="profile"),
        "",
        "| type | per GET before | per GET after |",
        "|---|---:|---:|",
    ]
    named = [name for name in before if name != every][:12]
    lines += [f"| `{n}` | {before[n]:.2f} | {after.get(n, 0.0):.2f} |" for n in named]
    lines.append(f"| {every} | {before[every]:.1f} | {after.get(every, 0.0):.1f} |")
    return [*lines, ""]


MICRO: Final = (
    (
        "cookies",
        "httpx's cookie jar looking at a response (`Cookies.extract_cookies`: a `urllib` copy "
        "of the request, even for a jar that keeps nothing)",
        "before",
    ),
    (
        "build_request",
        '`Client.build_request("GET", url)`: the client\'s URL, headers, cookies and timeout '
        "merged into a new request",
        "before",
    ),
    (
        "request",
        '`httpx.Request("GET", url, headers=..., extensions=...)`, as the library builds it',
        "after",
    ),
    ("url", "of which `httpx.URL(url)`: parsing and checking the URL", "both"),
)


def _micro(micro: dict[str, float]) -> list[str]:
    if not micro:
        return []
    lines = [
        "The pieces httpx's client adds, timed alone (timeit on the CPU clock, best of 5 x "
        "2,000, no I/O). Rerun: " + RERUN.format(part="profile"),
        "",
        "| piece | µs | paid by |",
        "|---|---:|---|",
    ]
    lines += [f"| {text} | {micro[key]:.1f} | {who} |" for key, text, who in MICRO]
    return [*lines, ""]


def _entries(
    before: dict[str, client_profile.Entry], after: dict[str, client_profile.Entry], top: int
) -> list[str]:
    names = list(dict.fromkeys([*list(before)[:top], *list(after)[:top]]))
    lines = []
    for name in names:
        b, a = before.get(name), after.get(name)
        cells = [f"{e.calls:.0f} | {e.cumulative_us:,.1f}" if e else "- | -" for e in (b, a)]
        lines.append(f"| `{name}` | {cells[0]} | {cells[1]} |")
    return lines


def _profile(report: Report) -> list[str]:
    keys = client_profile.PAIR
    if keys[0] not in report.profiles:
        return []
    before, after = (report.profiles[key] for key in keys)
    rows = {m.row.key: m for m in report.rates}
    unprofiled = (
        f", against {rows[keys[0]].cpu_us:,.0f} and {rows[keys[1]].cpu_us:,.0f} without it"
        if keys[0] in rows and keys[1] in rows
        else ""
    )
    return [
        "cProfile over the same pair (CPU-time clock, "
        f"{report.plan.profile_gets:,} GETs, 32 in flight): cumulative µs per GET of httpx's "
        "cookie and header handling. The profiler inflates every call (a whole GET takes "
        f"{before.total_us:,.0f} µs before and {after.total_us:,.0f} after under it"
        f"{unprofiled}): compare before with after, not with the tables above. Rerun: "
        + RERUN.format(part="profile"),
        "",
        "| function | calls/GET before | µs/GET before | calls/GET after | µs/GET after |",
        "|---|---:|---:|---:|---:|",
        *_entries(before.cookies, after.cookies, 6),
        *_entries(before.headers, after.headers, 8),
        "",
    ]


def _crawls(results: list[crawl.CrawlResult]) -> list[str]:
    lines = [
        "### A 50-page crawl and its memory",
        "",
        f"`client.movies.popular_pages(page={crawl.FIRST})`: pages {crawl.FIRST} to 500 of the "
        "fake's popular list (20 summaries per page, shaped like TMDB's "
        "`movie_popular__p1.json`); the iterator stops by itself at TMDB's 500th page. Each "
        "variant in a fresh process: the resident high-water mark over the crawl (VmHWM reset "
        "before it) and, on a second pass, tracemalloc's peak. *Lazy* looks at each page and "
        "lets it go; *kept* lists every page, the contrast. Rerun: " + RERUN.format(part="crawl"),
        "",
        "| client | pages (GETs the fake saw) | movies | s | pages/s | tracemalloc peak KiB | "
        "RSS high-water delta KiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rss = "-" if r.rss_delta_kib is None else f"{r.rss_delta_kib:,}"
        lines.append(
            f"| {r.variant} | {r.pages} ({r.requests}) | {r.movies:,} | {r.seconds:.3f} | "
            f"{r.pages / r.seconds:,.0f} | {r.traced_peak_kib:,.0f} | {rss} |"
        )
    return [*lines, ""]


def _decode(table: tuple[int, list[decode.DecodeRow]]) -> list[str]:
    return [
        "### Decoding a large real TMDB body",
        "",
        "The largest real body in `gateway/demo/data/` (the issue asks for about 1 MB; no real "
        "recording that large exists in the project's). Rerun: " + RERUN.format(part="decode"),
        "",
        decode.markdown(*table),
        "",
    ]


def markdown(report: Report) -> str:
    """The section, its own run's date, command and machine first."""
    la = ", ".join(f"{x:.2f}" for x in report.load_average)
    lines = [
        f"Measured on {report.started} by `{report.command}`, on {machine()} (load average "
        f"{la} at the start: the machine is shared, so read the ratios between rows measured "
        f"side by side). {versions(wrk=False)}. The fake TMDB (`bench/fake_tmdb.py`, 0 ms latency) "
        "runs in its own process on the same cores.",
        "",
    ]
    if report.rates:
        lines += _rates(report)
    lines += _micro(report.micro) + _garbage(report) + _profile(report)
    if report.crawls:
        lines += _crawls(report.crawls)
    if report.decode is not None:
        lines += _decode(report.decode)
    return "\n".join(lines).rstrip() + "\n"
