"""The response cache's part of the benchmark (issue 12): the stored-bytes baseline answers what
the gateway answers and each repeated body from its store; every gateway row says whether the
response cache is on; the miss target's verdict is the in-process pair's. No timing is asserted.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from bench import procs, response_cache, runner, targets
from bench.baselines import stored_bytes
from bench.load import WrkResult
from bench.results import RESPONSE_CACHE_ENV, SERVERS, MissPair, RunResult, RunSpec
from bench.scenarios import SCENARIOS, Scenario
from gateway.config import Settings
from tests.bench.test_scenarios import BASE, Recorder
from tests.helpers import gateway_client

RC_SCENARIOS = [s for s in SCENARIOS if s.number in (1, 2, 3)]


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> dict[bytes, stored_bytes.Stored]:
    """An empty store for each test, and every answer the baseline makes counted."""
    empty: dict[bytes, stored_bytes.Stored] = {}
    monkeypatch.setattr(stored_bytes, "_stored", empty)
    return empty


@pytest.fixture
async def baseline() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=stored_bytes.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://stored") as client:
        yield client


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway over the benchmark's fake TMDB, in each auth mode."""
    configured = dataclasses.replace(settings, base_url=BASE)
    async with gateway_client(configured, httpx.MockTransport(Recorder())) as client:
        yield client


@pytest.mark.parametrize("scenario", RC_SCENARIOS, ids=lambda s: f"S{s.number}")
async def test_stored_bytes_answers_what_the_gateway_answers(
    store: dict[bytes, stored_bytes.Stored],
    baseline: httpx.AsyncClient,
    gateway: httpx.AsyncClient,
    scenario: Scenario,
) -> None:
    body = response_cache.request_body(scenario, 4_242)
    headers = {"content-type": "application/json"}

    stored = await baseline.post("/graphql", content=body, headers=headers)
    executed = await gateway.post("/graphql", content=body, headers=headers)

    assert stored.status_code == executed.status_code == 200
    assert stored.headers["content-type"] == "application/json"
    assert int(stored.headers["content-length"]) == len(stored.content)
    assert "errors" not in executed.json()
    assert stored.json() == executed.json()


async def test_stored_bytes_answers_a_repeated_body_from_its_store(
    store: dict[bytes, stored_bytes.Stored],
    baseline: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answered: list[bytes] = []
    answer = stored_bytes.answer

    async def counted(body: bytes) -> bytes:
        answered.append(body)
        return await answer(body)

    monkeypatch.setattr(stored_bytes, "answer", counted)
    scenario = SCENARIOS[1]
    first, other = (response_cache.request_body(scenario, i) for i in (550, 551))

    replies = [await baseline.post("/graphql", content=b) for b in (first, first, other, first)]

    assert answered == [first, other]  # each distinct body answered once
    assert set(store) == {first, other}
    assert replies[0].content == replies[1].content == replies[3].content
    assert replies[0].json()["data"]["movie"]["id"] == 550
    assert replies[2].json()["data"]["movie"]["id"] == 551
    # Keyed by the bytes, as a limit must be: another spelling is another entry.
    spaced = first.replace(b":", b": ")
    assert (await baseline.post("/graphql", content=spaced)).content == replies[0].content
    assert len(store) == 3


async def test_stored_bytes_answers_healthz(baseline: httpx.AsyncClient) -> None:
    response = await baseline.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_every_gateway_row_sets_the_response_cache() -> None:
    gateways = {key: dict(s.env) for key, s in SERVERS.items() if s.is_gateway}

    assert {key: env[RESPONSE_CACHE_ENV] for key, env in gateways.items()} == {
        "gateway": "0",
        "gateway_rc": "64",
        "gateway_2w": "0",
        "gateway_2w_redis": "0",
    }
    assert all(RESPONSE_CACHE_ENV not in dict(s.env) for s in SERVERS.values() if not s.is_gateway)


@pytest.mark.parametrize(("key", "expected"), [("gateway", "0"), ("gateway_rc", "64")])
def test_the_runner_overrides_the_callers_response_cache_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, key: str, expected: str
) -> None:
    monkeypatch.setenv(RESPONSE_CACHE_ENV, "7")
    bench = runner.Bench(runner.parse_args([]))
    fake = procs.Process("fake", 8123, None, tmp_path / "log")  # type: ignore[arg-type]
    try:
        env = bench.server_env(SERVERS[key], fake)
    finally:
        bench.close()

    assert env[RESPONSE_CACHE_ENV] == expected
    assert env["TMDB_BASE_URL"] == "http://127.0.0.1:8123/3"


def test_stored_bytes_runs_on_the_baselines_server_stack() -> None:
    stored, floor = SERVERS["stored_bytes"].argv(9000), SERVERS["warm_floor"].argv(9000)

    assert stored[stored.index("uvicorn") + 1] == "bench.baselines.stored_bytes:app"
    without_app = [a for a in stored if not a.endswith(":app")]
    assert without_app == [a for a in floor if not a.endswith(":app")]
    assert {"uvloop", "httptools"} <= set(stored)
    assert "--workers" not in stored  # one process, as every other row


def test_the_plan_runs_warm_rows_and_cold_misses_at_0_ms_for_scenarios_1_to_3() -> None:
    args = runner.parse_args(["--servers", "gateway,gateway_rc,stored_bytes"])
    bench = runner.Bench(args)
    try:
        plan = bench.plan()
    finally:
        bench.close()
    rows = {(s.server.key, s.mode, s.latency_ms, s.scenario.number, s.connections) for s in plan}

    rc = {r[1:] for r in rows if r[0] == "gateway_rc"}
    assert rc == {("warm", 0, n, 32) for n in (1, 2, 3)} | {("cold", 0, n, 32) for n in (1, 2, 3)}
    assert {r[1:] for r in rows if r[0] == "stored_bytes"} == {
        ("warm", 0, n, 32) for n in (1, 2, 3)
    }
    assert ("gateway", "warm", 0, 5, 32) in rows  # the gateway's own rows are unchanged


def test_the_warm_rows_turn_their_order_round_each_round() -> None:
    plan = response_cache.wrk_plan((1,), rounds=0, warm_rounds=2)

    assert [s.server.key for s in plan] == [
        "stored_bytes",
        "gateway_rc",
        "gateway",
        "gateway",
        "gateway_rc",
        "stored_bytes",
    ]


def test_the_wrk_misses_alternate_cache_off_and_on() -> None:
    plan = response_cache.wrk_plan((1, 2), rounds=2)

    warm = [(s.scenario.number, s.server.key) for s in plan if s.mode == "warm"]
    cold = [(s.scenario.number, s.server.key) for s in plan if s.mode == "cold"]
    assert warm == [(n, k) for n in (1, 2) for k in ("stored_bytes", "gateway_rc", "gateway")]
    assert cold == [
        (1, "gateway"),
        (1, "gateway_rc"),
        (2, "gateway"),
        (2, "gateway_rc"),
        (1, "gateway_rc"),
        (1, "gateway"),
        (2, "gateway_rc"),
        (2, "gateway"),
    ]
    assert {s.latency_ms for s in plan} == {0}


def measured(key: str, mode: str, number: int, rps: float, cpu: float) -> RunResult:
    wrk = WrkResult(int(rps * 5), 5.0, rps, 1.0, 2.0, 3.0, 4.0, 0, 0, 0, 2)
    spec = RunSpec(mode, 0, SCENARIOS[number - 1], SERVERS[key])
    return RunResult(spec, wrk=wrk, server_cpu=cpu)


def verdicts(found: list[targets.Target], check: Callable[[str], bool]) -> list[str]:
    return [t.status for t in found if check(t.name)]


def test_the_miss_verdict_is_the_in_process_pairs_not_wrks() -> None:
    # wrk says a miss costs 25% more CPU; the paired rounds say 1%: the pair decides.
    rows = [measured("gateway", "cold", 1, 1000, 1.0), measured("gateway_rc", "cold", 1, 800, 1.0)]
    cheap = MissPair(1, 20, (100.0, 100.0, 100.0), (101.0, 100.5, 101.5))
    dear = MissPair(1, 20, (100.0, 100.0, 100.0), (105.0, 104.0, 106.0))

    passed = targets.rc_targets(rows, [cheap])
    failed = targets.rc_targets(rows, [dear])

    def miss(name: str) -> bool:
        return name.startswith("S1 miss")

    assert verdicts(passed, miss) == ["PASS"]
    assert verdicts(failed, miss) == ["FAIL"]
    text = next(t.measured for t in passed if miss(t.name))
    assert text.startswith("in-process: +1.0%")
    assert "CPU/query on/off +25.0%" in text
    assert verdicts(targets.rc_targets(rows, []), miss) == ["n/a"]


def test_the_warm_target_is_80_percent_of_stored_bytes() -> None:
    rows = [
        measured("stored_bytes", "warm", 1, 10_000, 1.0),
        measured("gateway_rc", "warm", 1, 8_100, 1.0),
        measured("gateway", "warm", 1, 900, 1.0),
        measured("stored_bytes", "warm", 2, 10_000, 1.0),
        measured("gateway_rc", "warm", 2, 7_900, 1.0),
    ]

    found = targets.rc_targets(rows, [])

    warm = [t for t in found if "warm" in t.name]
    assert [t.status for t in warm] == ["PASS", "FAIL", "n/a"]
    assert "cache off: 900 req/s (on: 9.0x)" in warm[0].measured


def test_the_warm_verdict_is_the_median_rounds() -> None:
    # Three rounds on a noisy machine: one round's 60% does not fail a median of 85%.
    rows = []
    for stored, cached in ((10_000, 8_500), (10_000, 6_000), (9_000, 8_000)):
        rows += [
            measured("stored_bytes", "warm", 1, stored, 1.0),
            measured("gateway_rc", "warm", 1, cached, 1.0),
        ]

    found = targets.rc_targets(rows, [])

    s1 = next(t for t in found if t.name.startswith("S1 warm"))
    assert s1.status == "PASS"
    assert s1.measured.startswith("median of 3 rounds 85% (each: 85%, 60%, 89%)")


def test_a_miss_pair_reports_the_median_round_and_quartiles() -> None:
    pair = MissPair(2, 10, (100.0, 100.0, 100.0, 100.0, 100.0), (98.0, 101.0, 102.0, 103.0, 110.0))

    assert pair.overhead == pytest.approx(0.02)
    assert pair.spread == pytest.approx((0.01, 0.03))


def test_splice_replaces_the_section_and_keeps_the_rest(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# top\n\n## Same answers\n\nx\n\n## Resident memory per cached movie\n\ny\n"
    )

    response_cache.splice(f"{response_cache.HEADING}\n\nfirst\n", results)
    response_cache.splice(f"{response_cache.HEADING}\n\nsecond\n", results)

    text = results.read_text()
    assert text.count(response_cache.HEADING) == 1
    assert "second" in text
    assert "first" not in text
    assert text.index("## Same answers") < text.index(response_cache.HEADING)
    assert text.index(response_cache.HEADING) < text.index("## Resident memory")
    assert text.endswith("y\n")


def test_a_request_body_is_the_one_wrk_sends() -> None:
    body = response_cache.request_body(SCENARIOS[0], 550)

    assert json.loads(body) == {"query": SCENARIOS[0].query, "variables": {"id": 550}}


def test_misses_over_cached_data_get_their_own_targets() -> None:
    cold = MissPair(1, 20, (100.0, 100.0, 100.0), (101.0, 101.0, 101.0))
    cached = MissPair(1, 20, (100.0, 100.0, 100.0), (106.0, 105.0, 107.0), data="cached")

    found = {t.name: t.status for t in targets.rc_targets([], [cold, cached])}

    assert found["S1 miss: CPU per query, response cache on vs off"] == "PASS"
    assert found["S1 miss over cached data: CPU per query, response cache on vs off"] == "FAIL"
    assert found["S2 miss over cached data: CPU per query, response cache on vs off"] == "n/a"
    without = {t.name for t in targets.rc_targets([], [cold])}
    assert not any("cached data" in name for name in without)


def test_an_unused_variable_makes_a_new_body_for_the_same_movie() -> None:
    scenario = SCENARIOS[0]

    bodies = {response_cache.request_body(scenario, 550, n) for n in range(3)}

    assert len(bodies) == 3
    for body in bodies:
        variables = json.loads(body)["variables"]
        assert variables["id"] == 550
        assert set(variables) == {"id", "n"}
