"""The ``tmdbfusion`` command, run as a user runs it: a subprocess, its output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from tests.helpers import API_KEY, AUTH_IDS, AUTH_MODES, TOKEN, AuthMode, body, environment, serve

SCHEMA = Path(__file__).parents[1] / "schema" / "schema.graphql"


def tmdbfusion(
    *args: str, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``python -m gateway ARGS`` with no TMDB settings but ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "gateway", *args],
        env=environment(**env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@dataclass
class FakeTMDB:
    """A TMDB on loopback answering each path with a real recorded body; it records requests."""

    answers: dict[str, tuple[int, bytes]]
    requests: list[tuple[str, list[tuple[str, str]], str | None]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def fake_tmdb() -> Iterator[FakeTMDB]:
    fake = FakeTMDB(answers={})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            fake.requests.append(
                (url.path, parse_qsl(url.query), self.headers.get("Authorization"))
            )
            status, content = fake.answers.get(
                url.path, (404, body("error_404_not_found__jdrouet.json"))
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/3"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def credential_env(mode: AuthMode) -> dict[str, str]:
    return {"TMDB_READ_ACCESS_TOKEN": TOKEN} if mode == "token" else {"TMDB_API_KEY": API_KEY}


def assert_one_line_error(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for secret in (TOKEN, API_KEY):
        assert secret not in result.stderr + result.stdout
    return lines[0]


def test_schema_prints_the_committed_sdl() -> None:
    result = tmdbfusion("schema", TMDBFUSION_RATE_LIMIT="abc")  # it reads no setting

    assert result.returncode == 0
    assert result.stdout == SCHEMA.read_text()


def test_query_prints_the_demo_answer() -> None:
    result = tmdbfusion("query", "{ movie(id: 550) { title releaseDate runtime } }")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "data": {"movie": {"title": "Fight Club", "releaseDate": "1999-10-15", "runtime": 139}}
    }
    assert "serving the embedded demo dataset" in result.stderr


def test_query_from_stdin_with_variables() -> None:
    result = tmdbfusion(
        "query",
        "-",
        "--variables",
        '{"id": 287}',
        stdin="query P($id: Int!) { person(id: $id) { name birthday } }",
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "data": {"person": {"name": "Brad Pitt", "birthday": "1963-12-18"}}
    }


@pytest.mark.parametrize(
    ("document", "code", "path"),
    [
        ("{ movie(id: 1) { title } }", "NOT_FOUND", ["movie"]),
        ("{ movie(id: 550) { title ", "GRAPHQL_PARSE_FAILED", None),
        ("{ movie(id: 550) { nope } }", "GRAPHQL_VALIDATION_FAILED", None),
    ],
    ids=["not-found", "parse", "validation"],
)
def test_query_with_errors_exits_1(document: str, code: str, path: list[str] | None) -> None:
    result = tmdbfusion("query", document)

    assert result.returncode == 1, result.stderr
    [error] = json.loads(result.stdout)["errors"]
    assert error["extensions"]["code"] == code
    assert error.get("path") == path


@pytest.mark.parametrize(
    ("variables", "message"),
    [("{", "--variables is not JSON"), ("[287]", "--variables must be a JSON object")],
)
def test_query_with_malformed_variables_exits_2(variables: str, message: str) -> None:
    result = tmdbfusion("query", "{ movie(id: 550) { title } }", "--variables", variables)

    assert assert_one_line_error(result, 2).startswith(f"tmdbfusion: {message}")
    assert result.stdout == ""


@pytest.mark.parametrize(
    "command",
    [["serve"], ["query", "{ movie(id: 550) { title } }"], ["check"]],
    ids=["serve", "query", "check"],
)
def test_a_malformed_setting_is_one_line_and_status_2(command: list[str]) -> None:
    result = tmdbfusion(*command, TMDBFUSION_RATE_LIMIT="abc")

    assert assert_one_line_error(result, 2) == (
        "tmdbfusion: TMDBFUSION_RATE_LIMIT must be a number of requests per second, 0 or more; "
        "got 'abc'"
    )
    assert result.stdout == ""


def test_a_malformed_credential_is_named_never_shown() -> None:
    result = tmdbfusion("check", TMDB_API_KEY=API_KEY + "\n")

    assert assert_one_line_error(result, 2) == (
        "tmdbfusion: TMDB_API_KEY has a space, a line break or a control character in it"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers must be 1 or more"),
        (["--reload", "--workers", "2"], "--reload runs one process; leave out --workers"),
    ],
)
def test_serve_refuses_contradictory_options(args: list[str], message: str) -> None:
    result = tmdbfusion("serve", *args)

    assert assert_one_line_error(result, 2) == f"tmdbfusion: {message}"


def test_serve_with_two_workers_answers(tmp_path: Path) -> None:
    with serve(tmp_path / "server.log", "--workers", "2", "--log-level", "warning") as url:
        answers = [
            httpx.post(f"{url}/graphql", json={"query": "{ movie(id: 76) { title } }"}, timeout=10)
            for _ in range(4)
        ]
    assert {a.json()["data"]["movie"]["title"] for a in answers} == {"Before Sunrise"}
    log = (tmp_path / "server.log").read_text()
    # Each worker process runs the app's start-up, so each says it serves the demo.
    assert log.count("serving the embedded demo dataset") == 2


def test_check_in_demo_mode_says_so() -> None:
    result = tmdbfusion("check")

    assert result.returncode == 0
    assert result.stdout.startswith("demo mode: no TMDB_READ_ACCESS_TOKEN or TMDB_API_KEY is set")


@pytest.mark.parametrize("mode", AUTH_MODES, ids=AUTH_IDS)
def test_check_reaches_tmdbs_configuration(fake_tmdb: FakeTMDB, mode: AuthMode) -> None:
    fake_tmdb.answers["/3/configuration"] = (200, body("configuration__2022.json"))

    result = tmdbfusion("check", TMDB_BASE_URL=fake_tmdb.url, **credential_env(mode))

    assert result.returncode == 0, result.stderr
    name = "TMDB_READ_ACCESS_TOKEN" if mode == "token" else "TMDB_API_KEY"
    assert result.stdout == (
        f"TMDB at {fake_tmdb.url} accepted {name}; images are served from "
        "https://image.tmdb.org/t/p/\n"
    )
    if mode == "token":
        assert fake_tmdb.requests == [("/3/configuration", [], f"Bearer {TOKEN}")]
    else:
        assert fake_tmdb.requests == [("/3/configuration", [("api_key", API_KEY)], None)]
    assert TOKEN not in result.stdout + result.stderr
    assert API_KEY not in result.stdout + result.stderr


@pytest.mark.parametrize("mode", AUTH_MODES, ids=AUTH_IDS)
def test_check_names_the_refused_credential(fake_tmdb: FakeTMDB, mode: AuthMode) -> None:
    fake_tmdb.answers["/3/configuration"] = (401, body("error_401_invalid_api_key__jdrouet.json"))

    result = tmdbfusion("check", TMDB_BASE_URL=fake_tmdb.url, **credential_env(mode))

    name = "TMDB_READ_ACCESS_TOKEN" if mode == "token" else "TMDB_API_KEY"
    assert assert_one_line_error(result, 1) == (
        f"TMDB at {fake_tmdb.url} refused {name} (TMDB answered 401 for /configuration: "
        "Invalid API key: You must be granted a valid key.)"
    )
    assert len(fake_tmdb.requests) == 1


def test_check_a_base_url_that_is_not_tmdb(fake_tmdb: FakeTMDB) -> None:
    fake_tmdb.answers["/3/configuration"] = (200, body("movie_details__550.json"))

    result = tmdbfusion("check", TMDB_BASE_URL=fake_tmdb.url, TMDB_API_KEY=API_KEY)

    assert assert_one_line_error(result, 1) == (
        f"{fake_tmdb.url}/configuration did not answer with TMDB's configuration; is "
        "TMDB_BASE_URL TMDB's API root?"
    )


def test_check_a_tmdb_that_cannot_be_reached(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/3"

    result = tmdbfusion("check", TMDB_BASE_URL=url, TMDB_READ_ACCESS_TOKEN=TOKEN)

    assert assert_one_line_error(result, 1) == (
        "TMDB could not be reached for /configuration (ConnectionRefusedError); "
        f"TMDB_BASE_URL is {url}"
    )
