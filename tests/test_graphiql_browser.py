"""GraphiQL in a real browser: Debian's headless Chromium, driven by Playwright, on a demo server.

Playwright never downloads a browser here: it launches /usr/bin/chromium (``.ci/run`` installs
it). Without Chromium or the built assets these tests skip, and fail under TMDBFUSION_NO_SKIP=1.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from graphql import OperationDefinitionNode, build_schema, parse
from playwright.sync_api import Browser, Page, Request, sync_playwright

from gateway.graphiql.page import CACHE_FOREVER, STATIC, load_manifest
from gateway.graphiql.tabs import TABS
from tests.helpers import require, serve

# The flags that keep Chromium from reaching for Google's services on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCHEMA = Path(__file__).parents[1] / "schema" / "schema.graphql"
SCREENSHOT_FOR_REVIEW = Path("/tmp/graphiql.png")
TIMEOUT_MS = 20_000


@dataclass
class Recorded:
    """What one page did: every request it made and every script error it raised."""

    requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign(self, url: str) -> list[str]:
        """The URLs of requests that went anywhere but the gateway at ``url``."""
        origin = urlsplit(url)[:2]
        return [r.url for r in self.requests if urlsplit(r.url)[:2] != origin]


@pytest.fixture(scope="module")
def gateway_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium = shutil.which("chromium")
    require(chromium, "Debian's chromium is not installed (.ci/run installs it)")
    require(load_manifest(STATIC), "GraphiQL assets are not built (make assets)")
    with serve(tmp_path_factory.mktemp("graphiql") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser(gateway_url: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, gateway_url: str) -> Iterator[tuple[Page, Recorded]]:
    """A fresh browser context (no stored tabs) on GraphiQL, every request recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    recorded = Recorded()
    context.on("request", lambda request: recorded.requests.append(request))
    page = context.new_page()
    page.on("pageerror", lambda error: recorded.errors.append(str(error)))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{gateway_url}/graphql")
    page.wait_for_selector(".graphiql-execute-button")
    yield page, recorded
    context.close()


def operation_name(query: str) -> str:
    [operation] = parse(query).definitions
    assert isinstance(operation, OperationDefinitionNode)
    assert operation.name is not None
    return operation.name.value


def result_text(page: Page) -> str:
    # CodeMirror renders only the lines in view; its own value holds the whole result.
    text: str = page.evaluate(
        "document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()"
    )
    return text


def run_and_read(page: Page, expect: str) -> dict[str, Any]:
    page.click(".graphiql-execute-button")
    page.wait_for_function(
        "(expect) => document.querySelector('.result-window .CodeMirror')"
        ".CodeMirror.getValue().includes(expect)",
        arg=expect,
    )
    result: dict[str, Any] = json.loads(result_text(page))
    return result


def test_the_first_example_runs_from_the_gateways_own_assets(
    page: tuple[Page, Recorded], gateway_url: str, tmp_path: Path
) -> None:
    browser_page, recorded = page
    tabs = browser_page.locator(".graphiql-tab").all_inner_texts()
    assert [t.strip() for t in tabs] == [operation_name(tab.query) for tab in TABS]

    result = run_and_read(browser_page, "Tyler Durden")

    screenshot = tmp_path / "graphiql.png"
    browser_page.screenshot(path=str(screenshot))
    shutil.copyfile(screenshot, SCREENSHOT_FOR_REVIEW)
    # What the page shows is what the gateway answers to the same query.
    direct = httpx.post(f"{gateway_url}/graphql", json={"query": TABS[0].query}, timeout=10)
    assert result == direct.json()
    movie = result["data"]["movie"]
    assert (movie["title"], movie["releaseDate"]) == ("Fight Club", "1999-10-15")
    pitt = movie["credits"]["cast"][1]
    assert (pitt["name"], pitt["character"]) == ("Brad Pitt", "Tyler Durden")
    assert pitt["person"] == {"birthday": "1963-12-18", "placeOfBirth": "Shawnee, Oklahoma, USA"}
    errors = {(tuple(e["path"]), e["extensions"]["code"]) for e in result["errors"]}
    assert errors == set(TABS[0].expected_errors)

    assert recorded.foreign(gateway_url) == []
    paths = {urlsplit(r.url).path for r in recorded.requests}
    manifest = load_manifest(STATIC)
    assert manifest is not None
    assert {f"/graphiql/assets/{asset.file}" for asset in manifest.values()} <= paths
    # Chromium got GraphiQL's code gzipped, to be kept for a year.
    [script] = [r for r in recorded.requests if r.url.endswith(manifest["graphiql.js"].file)]
    response = script.response()
    assert response is not None
    assert response.headers.get("content-encoding") == "gzip"
    assert response.headers["cache-control"] == CACHE_FOREVER
    assert recorded.errors == []


def test_the_headers_and_variables_editors_reach_the_gateway(
    page: tuple[Page, Recorded], gateway_url: str
) -> None:
    browser_page, recorded = page
    browser_page.get_by_role("tab", name="Person").click()
    browser_page.get_by_role("button", name="Headers").click()
    browser_page.click(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror")
    # The editor closes brackets and quotes itself, as it would for a person typing.
    browser_page.keyboard.type('{"X-Demo-Header": "from-the-headers-editor"')

    result = run_and_read(browser_page, "Brad Pitt")

    assert result["data"]["person"]["name"] == "Brad Pitt"  # the tab's variables: {"id": 287}
    assert result["data"]["person"]["birthday"] == "1963-12-18"
    posts = [r for r in recorded.requests if r.method == "POST"]
    last = posts[-1]
    assert json.loads(last.post_data or "")["variables"] == {"id": 287}
    assert last.headers.get("x-demo-header") == "from-the-headers-editor"
    assert recorded.foreign(gateway_url) == []
    assert recorded.errors == []


def test_the_docs_explorer_shows_the_schema(page: tuple[Page, Recorded], gateway_url: str) -> None:
    browser_page, recorded = page
    browser_page.get_by_role("button", name="Show Documentation Explorer").click()
    explorer = browser_page.locator(".graphiql-doc-explorer")
    explorer.locator("a", has_text="Query").first.click()
    explorer.get_by_text("Fields").wait_for()

    query_type = build_schema(SCHEMA.read_text()).query_type
    assert query_type is not None
    shown = explorer.locator(".graphiql-doc-explorer-field-name").all_inner_texts()
    assert shown == list(query_type.fields)
    assert recorded.foreign(gateway_url) == []
    assert recorded.errors == []
