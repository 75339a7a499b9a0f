"""GraphiQL's page, assets and example tabs, over the ASGI app (the browser test is separate)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import re
from pathlib import Path

import pytest
from strawberry.http.ides import get_graphql_ide_html

from gateway.config import Settings
from gateway.graphiql import page as graphiql_page
from gateway.graphiql.page import CACHE_FOREVER, SCRIPTS, STATIC, STYLES, GraphiQLAssets
from gateway.graphiql.tabs import COMBINED_CREDITS, SEARCH, TABS, TV_SEASON_EPISODES, Tab
from tests.helpers import fixture_json, gateway_client, graphql, require

UI = Path(__file__).parents[2] / "ui"
HTML = {"Accept": "text/html"}


def sri(body: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(body).digest()).decode()


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    """A folder laid out as ui/build.mjs lays it out, with small stand-in files."""
    manifest = {}
    for name in (*STYLES, *SCRIPTS):
        stem, ext = name.rsplit(".", 1)
        body = f"/* {name} */".encode()
        file = f"{stem}.{hashlib.sha256(body).hexdigest()[:12]}.{ext}"
        (tmp_path / file).write_bytes(body)
        manifest[name] = {
            "file": file,
            "integrity": sri(body),
            "package": stem,
            "version": "1.0.0",
            "bytes": len(body),
        }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


@pytest.mark.parametrize("tab", TABS, ids=[tab.query.split("query ")[1].split()[0] for tab in TABS])
async def test_every_example_tab_runs_against_the_demo(tab: Tab) -> None:
    async with gateway_client(Settings()) as http:
        result = await graphql(http, tab.query, tab.variables)

    errors = {(tuple(e["path"]), e["extensions"]["code"]) for e in result.get("errors", [])}
    assert errors == set(tab.expected_errors)
    assert result["data"]
    assert all(value is not None for value in result["data"].values())


def test_the_page_loads_every_asset_from_the_gateway_in_order(assets: Path) -> None:
    page = GraphiQLAssets.load(assets).page.decode()
    manifest = json.loads((assets / "manifest.json").read_text())

    scripts = re.findall(r'<script src="([^"]+)" integrity="([^"]+)"', page)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)" integrity="([^"]+)"', page)
    assert scripts == [
        (f"graphiql/assets/{manifest[n]['file']}", manifest[n]["integrity"]) for n in SCRIPTS
    ]
    assert styles == [
        (f"graphiql/assets/{manifest[n]['file']}", manifest[n]["integrity"]) for n in STYLES
    ]
    for _, integrity in [*scripts, *styles]:
        assert integrity in {sri(p.read_bytes()) for p in assets.iterdir()}
    # Nothing the page names is on another host.
    assert not re.search(r"(?:src|href)=\"(?!graphiql/assets/|data:)", page)
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page))


async def test_assets_are_served_immutable_and_nothing_else_is(
    assets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graphiql_page, "STATIC", assets)
    manifest = json.loads((assets / "manifest.json").read_text())
    react = manifest["react.js"]["file"]
    css = manifest["graphiql.css"]["file"]

    async with gateway_client(Settings()) as http:
        page = await http.get("/graphql", headers=HTML)
        script = await http.get(f"/graphiql/assets/{react}")
        style = await http.get(f"/graphiql/assets/{css}")
        missing = [
            await http.get(f"/graphiql/assets/{name}")
            for name in ("manifest.json", "react.js", "..%2Fpage.py", "%2E%2E%2Fpage.py")
        ]

    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert f'src="graphiql/assets/{react}"' in page.text
    assert script.status_code == 200
    assert script.content == (assets / react).read_bytes()
    assert script.headers["cache-control"] == CACHE_FOREVER
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    assert style.headers["cache-control"] == CACHE_FOREVER
    assert [r.status_code for r in missing] == [404] * 4
    assert all("cache-control" not in r.headers for r in missing)


@pytest.mark.parametrize("accept", ["gzip, deflate, br", "identity"])
async def test_a_gzipped_copy_goes_to_browsers_that_accept_it(
    assets: Path, monkeypatch: pytest.MonkeyPatch, accept: str
) -> None:
    manifest = json.loads((assets / "manifest.json").read_text())
    react, css = manifest["react.js"]["file"], manifest["graphiql.css"]["file"]
    (assets / f"{react}.gz").write_bytes(gzip.compress((assets / react).read_bytes()))
    # A stale copy (of other content) is never served.
    (assets / f"{css}.gz").write_bytes(gzip.compress(b"/* an older graphiql.css */"))
    monkeypatch.setattr(graphiql_page, "STATIC", assets)

    async with gateway_client(Settings()) as http:
        script = await http.get(f"/graphiql/assets/{react}", headers={"Accept-Encoding": accept})
        style = await http.get(f"/graphiql/assets/{css}", headers={"Accept-Encoding": accept})

    assert script.content == (assets / react).read_bytes()  # httpx undoes the gzip
    assert style.content == (assets / css).read_bytes()
    assert script.headers.get("content-encoding") == ("gzip" if "gzip" in accept else None)
    assert "content-encoding" not in style.headers
    assert script.headers["vary"] == style.headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize("broken", ["no-manifest", "missing-file", "bad-json"])
def test_without_built_assets_the_cdn_page_and_one_log_line(
    assets: Path, broken: str, caplog: pytest.LogCaptureFixture
) -> None:
    manifest = assets / "manifest.json"
    if broken == "no-manifest":
        manifest.unlink()
    elif broken == "missing-file":
        (assets / json.loads(manifest.read_text())["graphiql.js"]["file"]).unlink()
    else:
        manifest.write_text("{")

    with caplog.at_level(logging.INFO, logger="gateway"):
        loaded = GraphiQLAssets.load(assets)

    assert loaded.page == get_graphql_ide_html(graphql_ide="graphiql").encode()
    assert loaded.files == {}
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "GraphiQL assets not built" in record.getMessage()


def test_a_tab_cannot_close_the_script_element_it_sits_in(assets: Path) -> None:
    hostile = Tab(query="# </script><script>alert(1)</script>\n{ movie(id: 550) { title } }")
    page = GraphiQLAssets.load(assets, tabs=(hostile, *TABS)).page.decode()

    [data] = re.findall(r'<script id="graphiql-tabs" type="application/json">(.*?)</script>', page)
    assert json.loads(data) == [tab.as_graphiql() for tab in (hostile, *TABS)]
    assert "<script>alert" not in page


def test_the_built_assets_are_the_locked_npm_versions() -> None:
    """The files in gateway/graphiql/static are byte for byte what the lockfile pins."""
    manifest = graphiql_page.load_manifest(STATIC)
    require(manifest, "GraphiQL assets are not built (make assets)")
    assert manifest is not None
    wanted = json.loads((UI / "package.json").read_text())["dependencies"]
    locked = json.loads((UI / "package-lock.json").read_text())["packages"]
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in wanted.values())
    for name, asset in manifest.items():
        body = (STATIC / asset.file).read_bytes()
        assert asset.integrity == sri(body), name
        assert gzip.decompress((STATIC / f"{asset.file}.gz").read_bytes()) == body
        assert asset.bytes == len(body)
        assert (
            asset.version
            == wanted[asset.package]
            == locked[f"node_modules/{asset.package}"]["version"]
        )
    # Every locked package carries its integrity hash, so npm ci refuses a changed tarball.
    assert all(entry.get("integrity") for path, entry in locked.items() if path)


async def test_the_app_serves_the_built_assets_by_default() -> None:
    manifest = graphiql_page.load_manifest(STATIC)
    require(manifest, "GraphiQL assets are not built (make assets)")
    assert manifest is not None
    graphiql_js = manifest["graphiql.js"].file

    async with gateway_client(Settings()) as http:
        page = await http.get("/graphql", headers=HTML)
        script = await http.get(f"/graphiql/assets/{graphiql_js}")

    assert f'src="graphiql/assets/{graphiql_js}"' in page.text
    assert script.content == (STATIC / graphiql_js).read_bytes()


async def test_the_demo_explores_a_search_a_season_and_a_persons_credits_offline() -> None:
    # Issue 8: GraphiQL's tabs show a search, a TV season and a person's credits, and the demo
    # (no credential: the embedded dataset, no network) answers each with the recorded data.
    assert all(tab in TABS for tab in (SEARCH, TV_SEASON_EPISODES, COMBINED_CREDITS))
    async with gateway_client(Settings()) as http:
        search, season, person = [
            await graphql(http, tab.query, tab.variables)
            for tab in (SEARCH, TV_SEASON_EPISODES, COMBINED_CREDITS)
        ]

    assert [r.get("errors") for r in (search, season, person)] == [None, None, None]
    multi = fixture_json("search_multi__batman-curated.json")["results"]
    assert [r.get("title") or r.get("name") for r in search["data"]["searchMulti"]["results"]] == [
        r.get("title") or r.get("name") for r in multi
    ]
    recorded = fixture_json("tv_season_append__1396-s2.json")
    served = season["data"]["tv"]["season"]
    assert [e["name"] for e in served["episodes"]] == [e["name"] for e in recorded["episodes"]]
    assert [c["name"] for c in served["credits"]["cast"]] == [
        c["name"] for c in recorded["credits"]["cast"][:3]
    ]
    credits = fixture_json("person_combined_credits__1.json")
    served = person["data"]["person"]["combinedCredits"]
    assert [c["character"] for c in served["cast"]] == [c["character"] for c in credits["cast"][:5]]
    assert [c["job"] for c in served["crew"]] == [c["job"] for c in credits["crew"][:5]]
    assert all(c["movie"] or c["tv"] for c in served["cast"] + served["crew"])
